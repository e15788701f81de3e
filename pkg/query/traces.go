package query

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
	"github.com/exotrace/messagetrace-datasource/pkg/table"
)

// traces returns the newest rows with every field and the derived ones, for
// Explore and tables; each id links to the details query of its (id, recipient).
func traces(ctx context.Context, req *request) (data.Frames, error) {
	refs := req.newest(req.q.Limit)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if req.sel.Rows.Len() > len(refs) {
		req.notice(data.NoticeSeverityInfo, fmt.Sprintf(
			"Showing the newest %d of %d traces: narrow the time range or add filters to see the rest.", len(refs), req.sel.Rows.Len()))
	}
	frame := data.NewFrame(string(TypeTraces), req.traceFields(refs)...)
	frame.Meta = &data.FrameMeta{PreferredVisualization: data.VisTypeLogs}
	return data.Frames{frame}, nil
}

// newest returns up to limit rows, newest first. It finds the limit-th newest time
// in linear time and sorts only the rows at or after it.
func (req *request) newest(limit int) []columns.RowRef {
	times := columns.Gather(req.sel.Rows, columns.ColTime)
	threshold := int64(-1 << 63)
	if len(times) > limit {
		threshold = columns.SelectKth(slices.Clone(times), len(times)-limit)
	}
	refs := make([]columns.RowRef, 0, min(limit, len(times)))
	for ti, sel := range req.sel.Rows.Idx {
		for _, i := range sel {
			if t := req.sel.Rows.Tabs[ti].Time[i]; t >= threshold {
				refs = append(refs, columns.RowRef{Tab: ti, Row: i, Time: t})
			}
		}
	}
	slices.SortFunc(refs, func(a, b columns.RowRef) int {
		if c := cmp.Compare(b.Time, a.Time); c != 0 {
			return c
		}
		return cmp.Or(req.sel.CompareIDs(a, b), strings.Compare(req.str(a, columns.ColRecipient), req.str(b, columns.ColRecipient)))
	})
	return refs[:min(len(refs), limit)]
}

func (req *request) str(r columns.RowRef, col columns.ColFunc) string {
	return req.sel.View[col(req.sel.Rows.Tabs[r.Tab])[r.Row]]
}

// textColumn is one string column of the traces frame.
type textColumn struct {
	name  string
	value func(t *table.Table, i int32) string
}

// traceFields builds the columns of the traces frame for the given rows.
func (req *request) traceFields(refs []columns.RowRef) []*data.Field {
	times, sizes := make([]time.Time, len(refs)), make([]int64, len(refs))
	for i, r := range refs {
		times[i], sizes[i] = time.UnixMilli(r.Time).UTC(), int64(req.sel.Rows.Tabs[r.Tab].Size[r.Row])
	}
	fields := []*data.Field{data.NewField("time", nil, times)}
	before, after := req.textColumns()
	fields = append(fields, req.textFields(refs, before)...)
	fields = append(fields, data.NewField("size", nil, sizes))
	fields = append(fields, req.textFields(refs, after)...)
	fields[1].Config = req.detailsLink()
	// Explore's logs view shows the first string field as the log line: make it a
	// readable summary rather than a GUID.
	line := data.NewField("line", nil, summaryLines(fields))
	level := data.NewField("level", nil, logLevels(fields))
	return append(fields[:1], append([]*data.Field{line, level}, fields[1:]...)...)
}

// logLevels gives each row the log level Explore colours it by: a failed message
// is an error, quarantined or spam-filtered mail a warning, the rest info.
func logLevels(fields []*data.Field) []string {
	var status *data.Field
	for _, f := range fields {
		if f.Name == "status" {
			status = f
		}
	}
	levels := make([]string, fields[0].Len())
	for i := range levels {
		levels[i] = "info"
		if status == nil {
			continue
		}
		switch status.At(i) {
		case "failed":
			levels[i] = "error"
		case "quarantined", "filteredAsSpam":
			levels[i] = "warning"
		}
	}
	return levels
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
func (req *request) textColumns() (before, after []textColumn) {
	addrs := req.sel.Cache.Addresses(req.sel.View)
	text := func(col columns.ColFunc) func(*table.Table, int32) string {
		return func(t *table.Table, i int32) string { return req.sel.View[col(t)[i]] }
	}
	domain := func(col columns.ColFunc) func(*table.Table, int32) string {
		return func(t *table.Table, i int32) string {
			d, _ := addrs.Info(col(t)[i])
			return req.sel.Cache.Derived().String(d)
		}
	}
	status := func(t *table.Table, i int32) string { return columns.StatusName(t.Status[i]) }
	dir := func(t *table.Table, i int32) string {
		_, sa := addrs.Info(t.Sender[i])
		_, ra := addrs.Info(t.Recipient[i])
		return columns.DirectionName(sa, ra)
	}
	id := func(t *table.Table, i int32) string { return t.TraceID(int(i)).String(req.sel.View) }
	before = []textColumn{{"id", id}, {"messageId", text(columns.ColMessageID)}, {"sender", text(columns.ColSender)},
		{"senderDomain", domain(columns.ColSender)}, {"recipient", text(columns.ColRecipient)},
		{"recipientDomain", domain(columns.ColRecipient)}, {"subject", text(columns.ColSubject)}}
	after = []textColumn{{"fromIP", text(columns.ColFromIP)}, {"toIP", text(columns.ColToIP)}, {"status", status}, {"direction", dir}}
	return before, after
}

func (req *request) textFields(refs []columns.RowRef, cols []textColumn) []*data.Field {
	fields := make([]*data.Field, len(cols))
	for c, col := range cols {
		vals := make([]string, len(refs))
		for i, r := range refs {
			vals[i] = col.value(req.sel.Rows.Tabs[r.Tab], r.Row)
		}
		fields[c] = data.NewField(col.name, nil, vals)
	}
	return fields
}

// detailsLink links a trace's id to the details query of the same data source.
func (req *request) detailsLink() *data.FieldConfig {
	if req.e.opts.DatasourceUID == "" {
		return nil
	}
	return &data.FieldConfig{Links: []data.DataLink{{
		Title: "Message events",
		Internal: &data.InternalDataLink{
			DatasourceUID:  req.e.opts.DatasourceUID,
			DatasourceName: req.e.opts.DatasourceName,
			Query: map[string]any{
				"refId":     "details",
				"queryType": string(TypeDetails),
				"traceId":   "${__data.fields.id}",
				"recipient": "${__data.fields.recipient}",
			},
		},
	}}}
}
