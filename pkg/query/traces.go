package query

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
)

// rowRef points at one row of one table.
type rowRef struct {
	tab int
	row int32
	t   int64
}

// traces returns the newest rows with every field and the derived ones, for
// Explore and tables; each id links to the details query of its (id, recipient).
func traces(ctx context.Context, x *run) (data.Frames, error) {
	refs := x.newest(x.q.Limit)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if x.rows.n > len(refs) {
		x.notice(data.NoticeSeverityInfo, fmt.Sprintf(
			"Showing the newest %d of %d traces: narrow the time range or add filters to see the rest.", len(refs), x.rows.n))
	}
	frame := data.NewFrame(string(TypeTraces), x.traceFields(refs)...)
	frame.Meta = &data.FrameMeta{PreferredVisualization: data.VisTypeLogs}
	return data.Frames{frame}, nil
}

// newest returns up to limit rows, newest first. It finds the limit-th newest time
// in linear time and sorts only the rows at or after it.
func (x *run) newest(limit int) []rowRef {
	times := gather(x.rows, colTime)
	threshold := int64(-1 << 63)
	if len(times) > limit {
		threshold = selectKth(slices.Clone(times), len(times)-limit)
	}
	refs := make([]rowRef, 0, min(limit, len(times)))
	for ti, sel := range x.rows.idx {
		for _, i := range sel {
			if t := x.rows.tabs[ti].Time[i]; t >= threshold {
				refs = append(refs, rowRef{tab: ti, row: i, t: t})
			}
		}
	}
	slices.SortFunc(refs, func(a, b rowRef) int {
		if c := cmp.Compare(b.t, a.t); c != 0 {
			return c
		}
		return cmp.Or(x.compareIDs(a, b), strings.Compare(x.str(a, colRecipient), x.str(b, colRecipient)))
	})
	return refs[:min(len(refs), limit)]
}

func (x *run) str(r rowRef, col colFunc) string { return x.view[col(x.rows.tabs[r.tab])[r.row]] }

// textColumn is one string column of the traces frame.
type textColumn struct {
	name  string
	value func(t *table.Table, i int32) string
}

// traceFields builds the columns of the traces frame for the given rows.
func (x *run) traceFields(refs []rowRef) []*data.Field {
	times, sizes := make([]time.Time, len(refs)), make([]int64, len(refs))
	for i, r := range refs {
		times[i], sizes[i] = time.UnixMilli(r.t).UTC(), int64(x.rows.tabs[r.tab].Size[r.row])
	}
	fields := []*data.Field{data.NewField("time", nil, times)}
	before, after := x.textColumns()
	fields = append(fields, x.textFields(refs, before)...)
	fields = append(fields, data.NewField("size", nil, sizes))
	fields = append(fields, x.textFields(refs, after)...)
	fields[1].Config = x.detailsLink()
	// Explore's logs view shows the first string field as the log line: make it a
	// readable summary rather than a GUID.
	line := data.NewField("line", nil, summaryLines(fields))
	return append(fields[:1], append([]*data.Field{line}, fields[1:]...)...)
}

// summaryLines renders "[status] sender → recipient: subject (size bytes)" per row.
func summaryLines(fields []*data.Field) []string {
	col := func(name string) *data.Field {
		for _, f := range fields {
			if f.Name == name {
				return f
			}
		}
		return nil
	}
	status, sender, recipient, subject, size := col("status"), col("sender"), col("recipient"), col("subject"), col("size")
	lines := make([]string, fields[0].Len())
	for i := range lines {
		lines[i] = fmt.Sprintf("[%s] %s → %s: %s (%d bytes)", status.At(i), sender.At(i), recipient.At(i), subject.At(i), size.At(i))
	}
	return lines
}

// textColumns are the string columns before and after size, in frame order.
func (x *run) textColumns() (before, after []textColumn) {
	addrs := x.cache.addresses(x.view)
	text := func(col colFunc) func(*table.Table, int32) string {
		return func(t *table.Table, i int32) string { return x.view[col(t)[i]] }
	}
	domain := func(col colFunc) func(*table.Table, int32) string {
		return func(t *table.Table, i int32) string {
			d, _ := addrs.info(col(t)[i])
			return x.cache.derived.String(d)
		}
	}
	status := func(t *table.Table, i int32) string { return statusNames[statusKeys(t.Status[i : i+1])[0]] }
	dir := func(t *table.Table, i int32) string {
		_, sa := addrs.info(t.Sender[i])
		_, ra := addrs.info(t.Recipient[i])
		return directionNames[direction(sa, ra)]
	}
	id := func(t *table.Table, i int32) string { return t.TraceID(int(i)).String(x.view) }
	before = []textColumn{{"id", id}, {"messageId", text(colMessageID)}, {"sender", text(colSender)},
		{"senderDomain", domain(colSender)}, {"recipient", text(colRecipient)},
		{"recipientDomain", domain(colRecipient)}, {"subject", text(colSubject)}}
	after = []textColumn{{"fromIP", text(colFromIP)}, {"toIP", text(colToIP)}, {"status", status}, {"direction", dir}}
	return before, after
}

func (x *run) textFields(refs []rowRef, cols []textColumn) []*data.Field {
	fields := make([]*data.Field, len(cols))
	for c, col := range cols {
		vals := make([]string, len(refs))
		for i, r := range refs {
			vals[i] = col.value(x.rows.tabs[r.tab], r.row)
		}
		fields[c] = data.NewField(col.name, nil, vals)
	}
	return fields
}

// detailsLink links a trace's id to the details query of the same data source.
func (x *run) detailsLink() *data.FieldConfig {
	if x.e.opts.DatasourceUID == "" {
		return nil
	}
	return &data.FieldConfig{Links: []data.DataLink{{
		Title: "Message events",
		Internal: &data.InternalDataLink{
			DatasourceUID:  x.e.opts.DatasourceUID,
			DatasourceName: x.e.opts.DatasourceName,
			Query: map[string]any{
				"refId":     "details",
				"queryType": string(TypeDetails),
				"traceId":   "${__data.fields.id}",
				"recipient": "${__data.fields.recipient}",
			},
		},
	}}}
}
