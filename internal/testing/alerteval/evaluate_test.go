package alerteval

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// fakeQuerier answers every query with fixed frames (or an error) and keeps
// the requests.
type fakeQuerier struct {
	frames data.Frames
	err    error
	reqs   []*backend.QueryDataRequest
}

func (f *fakeQuerier) QueryData(_ context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	f.reqs = append(f.reqs, req)
	res := backend.NewQueryDataResponse()
	for _, q := range req.Queries {
		res.Responses[q.RefID] = backend.DataResponse{Frames: f.frames, Error: f.err}
	}
	return res, nil
}

// topRule is the compromised-account chain: a top query, then a threshold.
func topRule() Rule {
	return Rule{UID: "r1", Title: "burst", Condition: "B", Data: []Query{
		{RefID: "A", QueryType: "top", DatasourceUID: "ds", RelativeTimeRange: RelativeTimeRange{From: 600},
			Model: map[string]any{"refId": "A", "queryType": "top", "groupBy": []any{"sender"}}},
		{RefID: "B", DatasourceUID: ExprUID, Model: map[string]any{"type": "threshold", "expression": "A",
			"conditions": []any{map[string]any{"evaluator": map[string]any{"type": "gt", "params": []any{100}}}}}},
	}}
}

func topFrame(rows map[string]float64) data.Frames {
	var senders []string
	var counts []float64
	for s, c := range rows {
		senders, counts = append(senders, s), append(counts, c)
	}
	f := data.NewFrame("top", data.NewField("sender", nil, senders), data.NewField("count", nil, counts))
	return data.Frames{typed(f, data.FrameTypeNumericLong, v01)}
}

// TestEvaluateRequest: the request is the one Grafana builds.
func TestEvaluateRequest(t *testing.T) {
	q := &fakeQuerier{frames: topFrame(map[string]float64{"k@x": 558})}
	pc := backend.PluginContext{OrgID: 1, PluginID: "p"}
	o := Evaluate(context.Background(), Env{Querier: q, PluginContext: pc}, topRule(), t0, nil)
	if got := outcomeText(o); got != "{sender=k@x}=Alerting" {
		t.Fatalf("outcome %q", got)
	}
	if v := o.Instances[0].Values; *v["A"] != 558 || *v["B"] != 1 {
		t.Errorf("values A=%v B=%v, want 558 and 1", *v["A"], *v["B"])
	}
	if len(q.reqs) != 1 || len(q.reqs[0].Queries) != 1 {
		t.Fatalf("requests %+v, want one with one query", q.reqs)
	}
	req, dq := q.reqs[0], q.reqs[0].Queries[0]
	wantHeaders := map[string]string{"FromAlert": "true", "X-Cache-Skip": "true", "X-Rule-Uid": "r1", "X-Grafana-Org-Id": "1"}
	for k, v := range wantHeaders {
		if req.Headers[k] != v {
			t.Errorf("header %s = %q, want %q", k, req.Headers[k], v)
		}
	}
	if !dq.TimeRange.From.Equal(t0.Add(-10*time.Minute)) || !dq.TimeRange.To.Equal(t0) {
		t.Errorf("range %v, want the 10 minutes before %v", dq.TimeRange, t0)
	}
	if dq.RefID != "A" || dq.QueryType != "top" || dq.Interval != time.Second || dq.MaxDataPoints != 43200 {
		t.Errorf("query %+v, want refId A, queryType top, interval 1s, maxDataPoints 43200", dq)
	}
	var model map[string]any
	if err := json.Unmarshal(dq.JSON, &model); err != nil {
		t.Fatal(err)
	}
	if model["intervalMs"] != 1000.0 || model["maxDataPoints"] != 43200.0 || model["queryType"] != "top" {
		t.Errorf("model %v, want intervalMs 1000 and maxDataPoints 43200 filled in", model)
	}
}

func TestEvaluateOutcomes(t *testing.T) {
	twoColumns := data.NewFrame("", data.NewField("sender", nil, []string{"a"}), data.NewField("current", nil, []float64{1}), data.NewField("ratio", nil, []float64{2}))
	cases := []struct {
		name   string
		q      *fakeQuerier
		want   string
		anyErr error
	}{
		{"one instance per label set", &fakeQuerier{frames: topFrame(map[string]float64{"a": 5})}, "{sender=a}=Normal", nil},
		{"a typed frame without fields is no data", &fakeQuerier{frames: data.Frames{typed(data.NewFrame(""), data.FrameTypeNumericLong, v01)}}, "rule NoData", nil},
		{"no rows is no data", &fakeQuerier{frames: topFrame(nil)}, "rule NoData", nil},
		{"a query error is a rule error", &fakeQuerier{err: errors.New("throttled")}, "rule Error: [A] throttled", nil},
		{"two numeric columns", &fakeQuerier{frames: data.Frames{typed(twoColumns, data.FrameTypeNumericLong, v01)}},
			"rule Error: frame cannot uniquely be identified by its labels: has duplicate results with labels {sender=a}", errDuplicate},
		{"an untyped table with a time column", &fakeQuerier{frames: data.Frames{data.NewFrame("", data.NewField("t", nil, []time.Time{t0}),
			data.NewField("s", nil, []string{"a"}), data.NewField("v", nil, []float64{1}))}},
			"rule Error: [A] converting frames: input data must be a wide series but got type long", errNotWide},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := Evaluate(context.Background(), Env{Querier: c.q}, topRule(), t0, nil)
			if got := outcomeText(o); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
			if c.anyErr != nil && !errors.Is(o.Err, c.anyErr) {
				t.Errorf("error %v does not wrap %v", o.Err, c.anyErr)
			}
		})
	}
}

// TestEvaluateTimeSeriesCondition: a time series reaching the condition without
// a reduce is an error; with a reduce it alerts per series.
func TestEvaluateTimeSeriesCondition(t *testing.T) {
	frames := data.Frames{typed(data.NewFrame("", data.NewField("time", nil, []time.Time{t0, t1}),
		data.NewField("count", data.Labels{"status": "failed"}, []float64{120, 130})), data.FrameTypeTimeSeriesWide, v01)}
	direct := topRule()
	withReduce := topRule()
	withReduce.Condition = "C"
	withReduce.Data = append(withReduce.Data[:1],
		Query{RefID: "R", DatasourceUID: ExprUID, Model: map[string]any{"type": "reduce", "expression": "A", "reducer": "last"}},
		Query{RefID: "C", DatasourceUID: ExprUID, Model: map[string]any{"type": "math", "expression": "$R > 125"}})
	cases := []struct {
		rule Rule
		want string
	}{
		{direct, "rule Error: looks like time series data, only reduced data can be alerted on"},
		{withReduce, "{status=failed}=Alerting"},
	}
	for _, c := range cases {
		o := Evaluate(context.Background(), Env{Querier: &fakeQuerier{frames: frames}}, c.rule, t0, nil)
		if got := outcomeText(o); got != c.want {
			t.Errorf("condition %s: got %q, want %q", c.rule.Condition, got, c.want)
		}
	}
}

func TestEvaluatePipelineErrors(t *testing.T) {
	cyclic := Rule{UID: "c", Condition: "A", Data: []Query{{RefID: "A", DatasourceUID: ExprUID, Model: map[string]any{"type": "math", "expression": "$A + 1"}}}}
	misplaced := topRule()
	misplaced.Data = append(misplaced.Data, Query{RefID: "C", DatasourceUID: ExprUID, Model: map[string]any{"type": "math", "expression": "$B"}})
	misplaced.Data[1].Model["conditions"] = []any{map[string]any{
		"evaluator":       map[string]any{"type": "gt", "params": []any{1}},
		"unloadEvaluator": map[string]any{"type": "lt", "params": []any{1}},
	}}
	misplaced.Condition = "C"
	cases := []struct {
		rule Rule
		want string
	}{
		{cyclic, `refId "A" depends on itself`},
		{misplaced, `recovery threshold "B" is only allowed to be the alert condition`},
	}
	for _, c := range cases {
		o := Evaluate(context.Background(), Env{Querier: &fakeQuerier{frames: topFrame(map[string]float64{"a": 1})}}, c.rule, t0, nil)
		if o.Err == nil || !strings.Contains(o.Err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.rule.UID, o.Err, c.want)
		}
	}
}
