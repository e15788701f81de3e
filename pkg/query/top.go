package query

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// maxPivotColumns bounds the value columns of a pivot; the rest go to "other".
const maxPivotColumns = 20

// top returns the metric per group of one or two dimensions, largest first: a
// numeric-long table (string columns + one number column) that alert rules read as
// one instance per group. With pivot it returns the Sumo-style matrix instead.
func top(ctx context.Context, x *run) (data.Frames, error) {
	if x.q.Pivot {
		return pivot(ctx, x)
	}
	gr := x.topGroups(x.groupBy(x.q.GroupBy), x.q.Limit, x.q.IncludeOther)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	v := x.aggregate(x.rows, gr.groups, gr.n(), x.q.Metric, x.q.MetricDimension)
	frame := data.NewFrame(string(TypeTop), labelColumns(x.q.GroupBy, gr)...)
	frame.Fields = append(frame.Fields, metricField(string(x.q.Metric), x.q.Metric, v, seq(gr.n())))
	frame.Meta = typedMeta(data.FrameTypeNumericLong)
	return data.Frames{frame}, nil
}

// pivot returns Rank, <dim1>, one column per value of dim2 (by total, largest
// first) and Total, for the top limit values of dim1: "Top 10 Message Status Count
// by Sender". The other row and column hold the rest when there is a rest.
func pivot(ctx context.Context, x *run) (data.Frames, error) {
	rowsG := x.topGroups(x.groupBy(x.q.GroupBy[:1]), x.q.Limit, x.q.IncludeOther)
	colsG := x.topGroups(x.groupBy(x.q.GroupBy[1:]), maxPivotColumns, true)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	nr, nc := rowsG.n(), colsG.n()
	cells := make([]int32, x.rows.n)
	for i, r := range rowsG.groups {
		cells[i] = -1
		if r >= 0 && colsG.groups[i] >= 0 {
			cells[i] = r*int32(nc) + colsG.groups[i]
		}
	}
	m := x.q.Metric
	cellV := x.aggregate(x.rows, cells, nr*nc, m, x.q.MetricDimension)
	totalV := x.aggregate(x.rows, rowsG.groups, nr, m, x.q.MetricDimension)

	frame := data.NewFrame(string(TypeTop), rankField(rowsG), labelColumns(x.q.GroupBy[:1], rowsG)[0])
	for c := range nc {
		idx := make([]int, nr)
		for r := range idx {
			idx[r] = r*nc + c
		}
		frame.Fields = append(frame.Fields, metricField(columnName(colsG.label(c, 0)), m, cellV, idx))
	}
	frame.Fields = append(frame.Fields, metricField("Total", m, totalV, seq(nr)))
	return data.Frames{frame}, nil
}

// rankField numbers the rows from 1; the "other" row has no rank.
func rankField(gr grouping) *data.Field {
	ranks := make([]*int64, gr.n())
	for i := range ranks {
		if gr.hasOther && i == gr.n()-1 {
			continue
		}
		r := int64(i + 1)
		ranks[i] = &r
	}
	return data.NewField("Rank", nil, ranks)
}

// columnName names a pivot column; an empty value (no toIP, say) needs a name.
func columnName(v string) string {
	if v == "" {
		return "(empty)"
	}
	return v
}
