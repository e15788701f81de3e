package query

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
)

// baselineRow compares one dimension value's current window with its baseline.
type baselineRow struct {
	label  string
	values [5]float64 // in baselineColumns order
}

const (
	colCurrent = iota
	colMean
	colStdDev
	colRatio
	colZScore
)

// baseline compares the current window [to−window, to) with the baselineWindows
// windows of the same length before it, per value of the groupBy dimension (or for
// the whole tenant). Windows without rows count as zero, so a quiet hour lowers the
// mean as it should. The frame is numeric-long: a string column per dimension and
// number columns, which alert rules read as one instance per value; "output"
// narrows it to the one number column a rule needs.
func baseline(ctx context.Context, req *request) (data.Frames, error) {
	gr := columns.Single(req.sel.Rows.Len(), "")
	if len(req.q.GroupBy) > 0 {
		gr = req.sel.GroupBy(req.q.GroupBy)
	}
	nk, nw := gr.N(), req.q.BaselineWindows+1
	width := req.q.Window.Milliseconds()
	groups := make([]int32, req.sel.Rows.Len())
	for i, t := range columns.Gather(req.sel.Rows, columns.ColTime) {
		groups[i] = int32((req.to-1-t)/width)*int32(nk) + gr.Groups[i]
	}
	v := req.sel.Aggregate(req.sel.Rows, groups, nw*nk, req.q.Metric, req.q.MetricDimension)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]baselineRow, 0, nk)
	for k := range nk {
		if len(req.q.GroupBy) > 0 && v.Rows[k] == 0 {
			continue // not seen in the current window: no spike to report
		}
		series := make([]float64, nw)
		for w := range nw {
			series[w] = v.Val[w*nk+k]
		}
		out = append(out, baselineRow{label: gr.Label(k, 0), values: compare(series[0], series[1:])})
	}
	req.sortBaseline(out)
	return data.Frames{req.baselineFrame(out[:min(len(out), req.q.Limit)])}, nil
}

// compare returns current, mean, population standard deviation, ratio and z-score.
// The floors of 1 keep a value that appears from nothing from dividing by zero.
func compare(current float64, past []float64) [5]float64 {
	var sum, sq float64
	for _, p := range past {
		sum += p
	}
	mean := sum / float64(len(past))
	for _, p := range past {
		sq += (p - mean) * (p - mean)
	}
	std := math.Sqrt(sq / float64(len(past)))
	return [5]float64{current, mean, std, current / max(mean, 1), (current - mean) / max(std, 1)}
}

// sortBaseline orders by the output column (ratio by default), largest first.
func (req *request) sortBaseline(out []baselineRow) {
	col := colRatio
	if i := slices.Index(baselineColumns, req.q.Output); i >= 0 {
		col = i
	}
	slices.SortFunc(out, func(a, b baselineRow) int {
		return cmp.Or(cmp.Compare(b.values[col], a.values[col]),
			cmp.Compare(b.values[colCurrent], a.values[colCurrent]), cmp.Compare(a.label, b.label))
	})
}

func (req *request) baselineFrame(out []baselineRow) *data.Frame {
	frame := data.NewFrame(string(TypeBaseline))
	frame.Meta = typedMeta(data.FrameTypeNumericLong)
	if len(req.q.GroupBy) > 0 {
		labels := make([]string, len(out))
		for i, r := range out {
			labels[i] = r.label
		}
		frame.Fields = append(frame.Fields, data.NewField(string(req.q.GroupBy[0]), nil, labels))
	}
	for c, name := range baselineColumns {
		if req.q.Output != "" && req.q.Output != name {
			continue
		}
		vals := make([]float64, len(out))
		for i, r := range out {
			vals[i] = r.values[c]
		}
		frame.Fields = append(frame.Fields, data.NewField(name, nil, vals))
	}
	return frame
}
