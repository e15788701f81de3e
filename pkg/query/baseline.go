package query

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
)

// BaselineMode says which past windows the current window is compared with.
type BaselineMode string

// Baseline modes.
const (
	// ModeTrailing: the N windows of the same length right before the current one.
	ModeTrailing BaselineMode = "trailing"
	// ModeHourOfWeek: the same window of the week in each of the N previous weeks.
	ModeHourOfWeek BaselineMode = "hourOfWeek"
	// ModeDays: the same time of day on each of the N previous days.
	ModeDays BaselineMode = "days"
)

var baselineModes = []BaselineMode{ModeTrailing, ModeHourOfWeek, ModeDays}

// Baseline statuses, the status column.
const (
	statusOK        = "ok"
	statusLowCount  = "below minCount"
	statusNoHistory = "not enough history"
)

// baselineColumns are the number columns in frame order; Output selects one of
// them for alert rules.
var baselineColumns = []string{"current", "baselineMean", "baselineStdDev", "ratio", "zScore", "expected", "robustZ", "history"}

const (
	colCurrent = iota
	colMean
	colStdDev
	colRatio
	colZScore
	colExpected
	colRobustZ
	colHistory
	nBaselineCols
)

// baselineRow compares one dimension value's current window with its baseline.
type baselineRow struct {
	label  string
	values [nBaselineCols]float64 // in baselineColumns order
	status string
}

// baseline compares the current window [to−window, to) with N past windows of
// the same length (baselineMode: the ones right before it, the same time on the
// previous days, or the same hour of the week in the previous weeks), per value
// of the groupBy dimension (or for the whole tenant). Windows without rows count
// as zero, so a quiet hour lowers the mean as it should. The frame is
// numeric-long: a string column per dimension and number columns, which alert
// rules read as one instance per value; "output" narrows it to the one number
// column a rule needs.
func baseline(ctx context.Context, req *request) (data.Frames, error) {
	gr := columns.Single(req.sel.Rows.Len(), "")
	if len(req.q.GroupBy) > 0 {
		gr = req.sel.GroupBy(req.q.GroupBy)
	}
	wins := req.e.baselineWindows(req.q, req.to)
	nk, nw := gr.N(), len(wins.start)
	groups := make([]int32, req.sel.Rows.Len())
	cur := wins.cursor()
	for i, t := range columns.Gather(req.sel.Rows, columns.ColTime) {
		groups[i] = -1
		if w := cur.at(t); w >= 0 {
			groups[i] = int32(w)*int32(nk) + gr.Groups[i]
		}
	}
	v := req.sel.Aggregate(req.sel.Rows, groups, nw*nk, req.q.Metric, req.q.MetricDimension)
	history := wins.withData(req.all)
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
		row := baselineRow{label: gr.Label(k, 0), values: compare(series[0], series[1:])}
		row.values[colHistory] = float64(history)
		row.status = req.q.gate(&row.values, history)
		out = append(out, row)
	}
	req.sortBaseline(out)
	out = out[:min(len(out), req.q.Limit)]
	req.historyNotice(out, history)
	return data.Frames{req.baselineFrame(out)}, nil
}

// gate zeroes the scores (ratio, zScore, robustZ) of a row whose current value is
// below minCount or whose history is shorter than minHistory windows, so that a
// rule reading them sees normal, and says why.
func (q Query) gate(v *[nBaselineCols]float64, history int) string {
	status := statusOK
	switch {
	case history < q.MinHistory:
		status = statusNoHistory
	case v[colCurrent] < float64(q.MinCount):
		status = statusLowCount
	default:
		return status
	}
	v[colRatio], v[colZScore], v[colRobustZ] = 0, 0, 0
	return status
}

// compare returns current, mean, population standard deviation, ratio, z-score,
// median (expected) and robust z-score. The floors of 1 keep a value that appears
// from nothing from dividing by zero; the robust scale is floored at the Poisson
// noise of the median, so a flat history does not make any blip infinite.
func compare(current float64, past []float64) [nBaselineCols]float64 {
	var sum, sq float64
	for _, p := range past {
		sum += p
	}
	mean := sum / float64(len(past))
	for _, p := range past {
		sq += (p - mean) * (p - mean)
	}
	std := math.Sqrt(sq / float64(len(past)))
	med, mad := medianMAD(past)
	scale := max(mad*madScale, math.Sqrt(med), 1)
	return [nBaselineCols]float64{current, mean, std, current / max(mean, 1), (current - mean) / max(std, 1),
		med, (current - med) / scale}
}

// madScale makes the median absolute deviation estimate the standard deviation
// of normally distributed counts.
const madScale = 1.4826

// medianMAD returns the median of vals and their median absolute deviation.
func medianMAD(vals []float64) (med, mad float64) {
	s := slices.Clone(vals)
	med = median(s)
	for i, v := range vals {
		s[i] = math.Abs(v - med)
	}
	return med, median(s)
}

// median sorts s and returns its median (0 for none).
func median(s []float64) float64 {
	if len(s) == 0 {
		return 0
	}
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
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

// historyNotice tells a dashboard that the scores shown are zero for lack of history.
func (req *request) historyNotice(out []baselineRow, history int) {
	if history < req.q.MinHistory && len(out) > 0 {
		req.notice(data.NoticeSeverityInfo, fmt.Sprintf(
			"Not enough history: %d of the %d past windows hold traces, minHistory is %d; ratio, zScore and robustZ are 0 until there are more.",
			history, req.q.BaselineWindows, req.q.MinHistory))
	}
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
	if req.q.Output == "" {
		// A string column would be a label to alerting: only the table gets it.
		status := make([]string, len(out))
		for i, r := range out {
			status[i] = r.status
		}
		frame.Fields = append(frame.Fields, data.NewField("status", nil, status))
	}
	return frame
}

// windows are the baseline's windows, Unix ms: [start[w], start[w]+width), the
// current one first. Past windows never overlap (Parse bounds the width).
type windows struct {
	start []int64
	width int64
	asc   []int // window indexes by ascending start
	end   int64 // trailing only: the windows tile [start[N], end), found by division
}

// baselineWindows lays out the current window ending at to and the N past ones.
// Days and weeks step in the tenant's time zone, so that 09:00 stays 09:00 across
// a daylight-saving change.
func (e *Engine) baselineWindows(q Query, to int64) windows {
	w := windows{width: q.Window.Milliseconds(), start: make([]int64, q.BaselineWindows+1)}
	cur := time.UnixMilli(to - w.width).In(e.opts.Profile.location())
	for k := range w.start {
		switch q.BaselineMode {
		case ModeDays:
			w.start[k] = cur.AddDate(0, 0, -k).UnixMilli()
		case ModeHourOfWeek:
			w.start[k] = cur.AddDate(0, 0, -7*k).UnixMilli()
		default:
			w.start[k], w.end = to-int64(k+1)*w.width, to
		}
	}
	w.asc = make([]int, len(w.start))
	for i := range w.asc {
		w.asc[i] = len(w.start) - 1 - i
	}
	return w
}

// first is the start of the earliest window.
func (w windows) first() int64 { return w.start[len(w.start)-1] }

// index returns the window holding t, or -1.
func (w windows) index(t int64) int {
	if w.end != 0 {
		if t < w.first() || t >= w.end {
			return -1
		}
		return int((w.end - 1 - t) / w.width)
	}
	i := sort.Search(len(w.asc), func(i int) bool { return w.start[w.asc[i]] > t }) - 1
	if i < 0 || t >= w.start[w.asc[i]]+w.width {
		return -1
	}
	return w.asc[i]
}

// cursor looks windows up for times that mostly follow one another, as rows of
// time-bucketed tables do: a time in the window last found costs two comparisons.
func (w *windows) cursor() *windowCursor { return &windowCursor{w: w, k: -1} }

type windowCursor struct {
	w      *windows
	k      int
	lo, hi int64 // window k: [lo, hi)
}

func (c *windowCursor) at(t int64) int {
	if t >= c.lo && t < c.hi {
		return c.k
	}
	k := c.w.index(t)
	if k >= 0 {
		c.k, c.lo, c.hi = k, c.w.start[k], c.w.start[k]+c.w.width
	}
	return k
}

// withData counts the past windows in which the data source holds any trace,
// whatever the query's filters: a window before the tenant's data begins is no
// history, while a window without spam is.
func (w *windows) withData(all columns.Rows) int {
	seen, n := make([]bool, len(w.start)), 0
	cur := w.cursor()
	for ti, t := range all.Tabs {
		for _, i := range all.Idx[ti] {
			if k := cur.at(t.Time[i]); k > 0 && !seen[k] {
				seen[k], n = true, n+1
				if n == len(w.start)-1 {
					return n
				}
			}
		}
	}
	return n
}
