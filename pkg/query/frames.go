package query

import (
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
)

// decorate sets what every frame of a query carries: its refId, the executed query
// and the notices (partial data, truncation).
func (req *request) decorate(frames data.Frames) {
	exec := req.executed()
	for _, f := range frames {
		f.RefID = req.q.RefID
		if f.Meta == nil {
			f.Meta = &data.FrameMeta{}
		}
		f.Meta.ExecutedQueryString = exec
		f.Meta.Notices = append(f.Meta.Notices, req.notices...)
	}
}

// executed is the query inspector's text: the $filter Graph gets when the range is
// fetched, and the filters applied locally to every row.
func (req *request) executed() string {
	graph := fmt.Sprintf("receivedDateTime ge %s and receivedDateTime le %s",
		formatTime(req.from), formatTime(req.to))
	if p := odataFilter(req.pushed); p != "" {
		graph += " and " + p
	}
	_, local := Describe(req.q)
	local = append(local, req.implicit...)
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
func metricField(name string, m columns.Metric, v columns.MetricValues, groups []int) *data.Field {
	if m != columns.MetricSizeAvg && m != columns.MetricSizeP95 {
		vals := make([]float64, len(groups))
		for i, g := range groups {
			vals[i] = v.Val[g]
		}
		return data.NewField(name, nil, vals)
	}
	vals := make([]*float64, len(groups))
	for i, g := range groups {
		if !v.Empty(m, g) {
			vals[i] = &v.Val[g]
		}
	}
	return data.NewField(name, nil, vals)
}

// labelColumns spells the groups' values as one string column per dimension.
func labelColumns(dims []columns.Dimension, gr columns.Grouping) []*data.Field {
	fields := make([]*data.Field, len(dims))
	for d, dim := range dims {
		vals := make([]string, gr.N())
		for g := range vals {
			vals[g] = gr.Label(g, d)
		}
		fields[d] = data.NewField(string(dim), nil, vals)
	}
	return fields
}
