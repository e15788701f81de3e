package query

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
)

// stats returns one row with one number per requested stat. Each field carries the
// label stat=<name>, so an alert rule on several stats still gets one instance per
// stat instead of a duplicate-label error.
func stats(ctx context.Context, req *request) (data.Frames, error) {
	frame := data.NewFrame(string(TypeStats))
	frame.Meta = typedMeta(data.FrameTypeNumericWide)
	sum := sizeSummary{count: -1} // computed on first use
	for _, s := range req.q.Stats {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		f := req.statField(s, &sum)
		f.Labels = data.Labels{"stat": string(s)}
		f.Config = &data.FieldConfig{DisplayNameFromDS: statTitles[s]}
		frame.Fields = append(frame.Fields, f)
	}
	return data.Frames{frame}, nil
}

// statTitles are the words a stat panel shows under each number; the field name
// and the stat label keep the option's name, which alert rules use.
var statTitles = map[Stat]string{
	StatCount: "Messages", StatSizeSum: "Total size", StatSizeAvg: "Average size", StatSizeMax: "Largest message",
	StatDistinctSenders: "Distinct senders", StatDistinctRecipients: "Distinct recipients",
	StatDistinctSenderDomains: "Sender domains", StatDistinctRecipientDomains: "Recipient domains",
}

var statDistincts = map[Stat]columns.Dimension{
	StatDistinctSenders: columns.DimSender, StatDistinctRecipients: columns.DimRecipient,
	StatDistinctSenderDomains: columns.DimSenderDomain, StatDistinctRecipientDomains: columns.DimRecipientDomain,
}

// sizeSummary is count, sum and max of the selected rows' sizes, in one pass.
type sizeSummary struct{ count, sum, max int64 }

func summarize(sizes []int32) sizeSummary {
	s := sizeSummary{count: int64(len(sizes))}
	for _, v := range sizes {
		s.sum += int64(v)
		s.max = max(s.max, int64(v))
	}
	return s
}

func (req *request) statField(s Stat, sum *sizeSummary) *data.Field {
	if d, ok := statDistincts[s]; ok {
		keys, names := req.sel.Keys(req.sel.Rows, d)
		return data.NewField(string(s), nil, []float64{float64(columns.CountDistinct(keys, len(names)))})
	}
	if sum.count < 0 {
		*sum = summarize(columns.Gather(req.sel.Rows, columns.ColSize))
	}
	switch s {
	case StatCount:
		return data.NewField(string(s), nil, []float64{float64(sum.count)})
	case StatSizeSum:
		return data.NewField(string(s), nil, []float64{float64(sum.sum)})
	case StatSizeMax:
		return data.NewField(string(s), nil, []float64{float64(sum.max)})
	}
	var avg *float64 // no rows, no average
	if sum.count > 0 {
		a := float64(sum.sum) / float64(sum.count)
		avg = &a
	}
	return data.NewField(string(s), nil, []*float64{avg})
}
