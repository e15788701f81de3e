package query

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
)

// maxPivotColumns bounds the value columns of a pivot; the rest go to "other".
const maxPivotColumns = 20

// top returns the metric per group of one or two dimensions, largest first: a
// numeric-long table (string columns + one number column) that alert rules read as
// one instance per group. With pivot it returns the Sumo-style matrix instead.
func top(ctx context.Context, req *request) (data.Frames, error) {
	if req.q.Pivot {
		return pivot(ctx, req)
	}
	gr := req.sel.TopGroups(req.sel.GroupBy(req.q.GroupBy), req.q.Limit, req.q.IncludeOther, req.q.Metric, req.q.MetricDimension)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	v := req.sel.Aggregate(req.sel.Rows, gr.Groups, gr.N(), req.q.Metric, req.q.MetricDimension)
	frame := data.NewFrame(string(TypeTop), labelColumns(req.q.GroupBy, gr)...)
	frame.Fields = append(frame.Fields, metricField(string(req.q.Metric), req.q.Metric, v, columns.Seq(gr.N())))
	frame.Meta = typedMeta(data.FrameTypeNumericLong)
	return data.Frames{frame}, nil
}

// pivot returns Rank, <dim1>, one column per value of dim2 (by total, largest
// first) and Total, for the top limit values of dim1: "Top 10 Message Status Count
// by Sender". The other row and column hold the rest when there is a rest.
func pivot(ctx context.Context, req *request) (data.Frames, error) {
	rowsG := req.sel.TopGroups(req.sel.GroupBy(req.q.GroupBy[:1]), req.q.Limit, req.q.IncludeOther, req.q.Metric, req.q.MetricDimension)
	colsG := req.sel.TopGroups(req.sel.GroupBy(req.q.GroupBy[1:]), maxPivotColumns, true, req.q.Metric, req.q.MetricDimension)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	nr, nc := rowsG.N(), colsG.N()
	cells := make([]int32, req.sel.Rows.Len())
	for i, r := range rowsG.Groups {
		cells[i] = -1
		if r >= 0 && colsG.Groups[i] >= 0 {
			cells[i] = r*int32(nc) + colsG.Groups[i]
		}
	}
	m := req.q.Metric
	cellV := req.sel.Aggregate(req.sel.Rows, cells, nr*nc, m, req.q.MetricDimension)
	totalV := req.sel.Aggregate(req.sel.Rows, rowsG.Groups, nr, m, req.q.MetricDimension)

	frame := data.NewFrame(string(TypeTop), rankField(rowsG), labelColumns(req.q.GroupBy[:1], rowsG)[0])
	for c := range nc {
		idx := make([]int, nr)
		for r := range idx {
			idx[r] = r*nc + c
		}
		frame.Fields = append(frame.Fields, metricField(columnName(colsG.Label(c, 0)), m, cellV, idx))
	}
	frame.Fields = append(frame.Fields, metricField("Total", m, totalV, columns.Seq(nr)))
	return data.Frames{frame}, nil
}

// rankField numbers the rows from 1; the "other" row has no rank.
func rankField(gr columns.Grouping) *data.Field {
	ranks := make([]*int64, gr.N())
	for i := range ranks {
		if gr.HasOther && i == gr.N()-1 {
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
