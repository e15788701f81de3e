package query

import (
	"context"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
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
func timeseries(ctx context.Context, x *run) (data.Frames, error) {
	step := x.step()
	start := x.from - x.from%step.Milliseconds()
	nb := int((x.to - start + step.Milliseconds() - 1) / step.Milliseconds())
	series := x.series()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ns := series.n()
	times := gather(x.rows, colTime)
	groups := make([]int32, len(times))
	for i, t := range times {
		groups[i] = -1
		if s := series.groups[i]; s >= 0 {
			groups[i] = int32((t-start)/step.Milliseconds())*int32(ns) + s
		}
	}
	v := x.aggregate(x.rows, groups, nb*ns, x.q.Metric, x.q.MetricDimension)

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
		frame.Fields = append(frame.Fields, x.seriesField(series.label(s, 0), v, s, ns, nb))
	}
	return data.Frames{frame}, nil
}

// series maps rows to series: one series without splitBy, else the seriesLimit
// largest values of splitBy (and "other").
func (x *run) series() grouping {
	if x.q.SplitBy == "" {
		return single(x.rows.n, string(x.q.Metric))
	}
	return x.topGroups(x.groupBy([]Dimension{x.q.SplitBy}), x.q.SeriesLimit, x.q.IncludeOther)
}

func (x *run) seriesField(label string, v metricValues, s, ns, nb int) *data.Field {
	idx := make([]int, nb)
	for b := range idx {
		idx[b] = b*ns + s
	}
	f := metricField(label, x.q.Metric, v, idx)
	if x.q.SplitBy != "" {
		f.Labels = data.Labels{string(x.q.SplitBy): label}
		f.Config = &data.FieldConfig{DisplayNameFromDS: label}
	}
	return f
}

// step is the bucket width: the query's interval, else the panel's (at least a
// minute), widened to a nice step when the range would need too many buckets.
func (x *run) step() time.Duration {
	step, explicit := x.q.Interval, x.q.Interval > 0
	if !explicit {
		step = max(x.q.PanelInterval, minInterval)
	}
	points := int64(maxBuckets)
	if !explicit && x.q.MaxDataPoints > 0 {
		points = min(points, x.q.MaxDataPoints)
	}
	span := time.Duration(x.to-x.from) * time.Millisecond
	wanted := step
	for int64(span/step) > points {
		step = nextStep(step)
	}
	if explicit && step != wanted {
		x.notice(data.NoticeSeverityInfo, fmt.Sprintf("Interval widened from %s to %s to stay under %d points per series.",
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
