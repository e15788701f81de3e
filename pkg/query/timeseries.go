package query

import (
	"context"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
)

// maxBuckets bounds the points of one series; longer ranges get a wider interval.
const maxBuckets = 10000

// niceSteps are the intervals a too-fine interval is widened to.
var niceSteps = []time.Duration{
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute,
	30 * time.Minute, time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour,
	12 * time.Hour, 24 * time.Hour, 2 * 24 * time.Hour, 7 * 24 * time.Hour, 30 * 24 * time.Hour,
}

// timeseries returns one wide frame: time plus one number field per series, every
// bucket present, so stacked panels line up and alert rules reduce cleanly.
func timeseries(ctx context.Context, req *request) (data.Frames, error) {
	step := req.step()
	start := req.from - req.from%step.Milliseconds()
	nb := int((req.to - start + step.Milliseconds() - 1) / step.Milliseconds())
	series := req.series()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ns := series.N()
	times := columns.Gather(req.sel.Rows, columns.ColTime)
	groups := make([]int32, len(times))
	for i, t := range times {
		groups[i] = -1
		if s := series.Groups[i]; s >= 0 {
			groups[i] = int32((t-start)/step.Milliseconds())*int32(ns) + s
		}
	}
	v := req.sel.Aggregate(req.sel.Rows, groups, nb*ns, req.q.Metric, req.q.MetricDimension)

	frame := data.NewFrame(string(TypeTimeseries))
	frame.Meta = typedMeta(data.FrameTypeTimeSeriesWide)
	if ns == 0 {
		return data.Frames{frame}, nil // no series: a typed frame without fields is "no data"
	}
	stamps := make([]time.Time, nb)
	for b := range stamps {
		stamps[b] = time.UnixMilli(start + int64(b)*step.Milliseconds()).UTC()
	}
	frame.Fields = append(frame.Fields, data.NewField("time", nil, stamps))
	for s := range ns {
		frame.Fields = append(frame.Fields, req.seriesField(series.Label(s, 0), v, s, ns, nb))
	}
	return data.Frames{frame}, nil
}

// series maps rows to series: one series without splitBy, else the seriesLimit
// largest values of splitBy (and "other").
func (req *request) series() columns.Grouping {
	if req.q.SplitBy == "" {
		return columns.Single(req.sel.Rows.Len(), string(req.q.Metric))
	}
	return req.sel.TopGroups(req.sel.GroupBy([]columns.Dimension{req.q.SplitBy}), req.q.SeriesLimit, req.q.IncludeOther, req.q.Metric, req.q.MetricDimension)
}

func (req *request) seriesField(label string, v columns.MetricValues, s, ns, nb int) *data.Field {
	idx := make([]int, nb)
	for b := range idx {
		idx[b] = b*ns + s
	}
	f := metricField(label, req.q.Metric, v, idx)
	if req.q.SplitBy != "" {
		f.Labels = data.Labels{string(req.q.SplitBy): label}
		f.Config = &data.FieldConfig{DisplayNameFromDS: label}
	}
	return f
}

// step is the bucket width: the query's interval, else the panel's (at least a
// minute), widened to a nice step when the range would need too many buckets.
func (req *request) step() time.Duration {
	step, explicit := req.q.Interval, req.q.Interval > 0
	if !explicit {
		step = max(req.q.PanelInterval, minInterval)
	}
	points := int64(maxBuckets)
	if !explicit && req.q.MaxDataPoints > 0 {
		points = min(points, req.q.MaxDataPoints)
	}
	span := time.Duration(req.to-req.from) * time.Millisecond
	wanted := step
	for int64(span/step) > points {
		step = nextStep(step)
	}
	if explicit && step != wanted {
		req.notice(data.NoticeSeverityInfo, fmt.Sprintf("Interval widened from %s to %s to stay under %d points per series.",
			shortDuration(wanted), shortDuration(step), points))
	}
	return step
}

func nextStep(d time.Duration) time.Duration {
	for _, s := range niceSteps {
		if s > d {
			return s
		}
	}
	return 2 * d
}
