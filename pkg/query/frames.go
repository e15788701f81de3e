package query

import (
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// decorate sets what every frame of a query carries: its refId, the executed query
// and the notices (partial data, truncation).
func (x *run) decorate(frames data.Frames) {
	exec := x.executed()
	for _, f := range frames {
		f.RefID = x.q.RefID
		if f.Meta == nil {
			f.Meta = &data.FrameMeta{}
		}
		f.Meta.ExecutedQueryString = exec
		f.Meta.Notices = append(f.Meta.Notices, x.notices...)
	}
}

// executed is the query inspector's text: the $filter Graph gets when the range is
// fetched, and the filters applied locally to every row.
func (x *run) executed() string {
	graph := fmt.Sprintf("receivedDateTime ge %s and receivedDateTime le %s",
		formatTime(x.from), formatTime(x.to))
	if p := odataFilter(x.pushed); p != "" {
		graph += " and " + p
	}
	_, local := Describe(x.q)
	local = append(local, x.implicit...)
	localText := "none"
	if len(local) > 0 {
		localText = strings.Join(local, " and ")
	}
	return "Graph $filter: " + graph + "\nLocal filters: " + localText
}

func formatTime(ms int64) string {
	return time.UnixMilli(ms).UTC().Format(time.RFC3339)
}

// typedMeta marks a frame with a dataplane type, which alerting reads.
func typedMeta(t data.FrameType) *data.FrameMeta {
	return &data.FrameMeta{Type: t, TypeVersion: data.FrameTypeVersion{0, 1}}
}

// metricField builds the number field of metric m over the given groups, in order.
// sizeAvg and sizeP95 are nullable: an empty group has no average, not a zero one.
func metricField(name string, m Metric, v metricValues, groups []int) *data.Field {
	if m != MetricSizeAvg && m != MetricSizeP95 {
		vals := make([]float64, len(groups))
		for i, g := range groups {
			vals[i] = v.val[g]
		}
		return data.NewField(name, nil, vals)
	}
	vals := make([]*float64, len(groups))
	for i, g := range groups {
		if !v.empty(m, g) {
			vals[i] = &v.val[g]
		}
	}
	return data.NewField(name, nil, vals)
}

// labelColumns spells the groups' values as one string column per dimension.
func labelColumns(dims []Dimension, gr grouping) []*data.Field {
	fields := make([]*data.Field, len(dims))
	for d, dim := range dims {
		vals := make([]string, gr.n())
		for g := range vals {
			vals[g] = gr.label(g, d)
		}
		fields[d] = data.NewField(string(dim), nil, vals)
	}
	return fields
}
