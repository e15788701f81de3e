package alerteval

import (
	"math"
	"strings"
	"testing"
)

func TestEvaluatorTest(t *testing.T) {
	cases := []struct {
		typ    string
		params []float64
		x      float64
		want   bool
	}{
		{"gt", []float64{50}, 50, false},
		{"gt", []float64{50}, 51, true},
		{"lt", []float64{5}, 4, true},
		{"lt", []float64{5}, 5, false},
		{"gte", []float64{5}, 5, true},
		{"lte", []float64{5}, 6, false},
		{"eq", []float64{5}, 5, true},
		{"ne", []float64{5}, 5, false},
		{"within_range", []float64{10, 20}, 10, false},
		{"within_range", []float64{10, 20}, 15, true},
		{"within_range_included", []float64{10, 20}, 20, true},
		{"outside_range", []float64{10, 20}, 20, false},
		{"outside_range", []float64{10, 20}, 21, true},
		{"outside_range_included", []float64{10, 20}, 10, true},
		{"outside_range_included", []float64{10, 20}, 15, false},
		// NaN fails every comparison, so only ne holds.
		{"gt", []float64{0}, math.NaN(), false},
		{"lt", []float64{0}, math.NaN(), false},
		{"outside_range", []float64{10, 20}, math.NaN(), false},
		{"ne", []float64{0}, math.NaN(), true},
	}
	for _, c := range cases {
		e := Evaluator{Type: c.typ, Params: c.params}
		if err := e.Validate(); err != nil {
			t.Fatal(err)
		}
		if got := e.Test(c.x); got != c.want {
			t.Errorf("%s %v on %v = %v, want %v", c.typ, c.params, c.x, got, c.want)
		}
	}
}

func TestThreshold(t *testing.T) {
	in := nums(num(ptr(100), "h", "a"), num(ptr(75), "h", "b"), num(ptr(60), "h", "c"), num(nil, "h", "d"), num(nan, "h", "e"))
	gt80 := ThresholdCondition{Evaluator: Evaluator{Type: "gt", Params: []float64{80}}}
	withRecovery := gt80
	withRecovery.UnloadEvaluator = &Evaluator{Type: "lt", Params: []float64{70}}
	loadedBC := func(it Item) bool { return it.Labels["h"] == "b" || it.Labels["h"] == "c" || it.Labels["h"] == "e" }
	cases := []struct {
		name   string
		cond   ThresholdCondition
		loaded func(Item) bool
		want   string
	}{
		{"1 or 0 per item; null stays null; NaN is 0", gt80, nil, "{h=a}=1 {h=b}=0 {h=c}=0 {h=d}=null {h=e}=0"},
		// Loaded items keep firing until the unload evaluator holds: b (75) stays
		// firing, c (60) recovers; unloaded a fires at 100 as usual.
		{"recovery threshold for loaded items", withRecovery, loadedBC, "{h=a}=1 {h=b}=1 {h=c}=0 {h=d}=null {h=e}=0"},
		{"recovery threshold without loaded items", withRecovery, nil, "{h=a}=1 {h=b}=0 {h=c}=0 {h=d}=null {h=e}=0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Threshold(in, c.cond, c.loaded)
			if err != nil {
				t.Fatal(err)
			}
			if d := describe(got); d != c.want {
				t.Errorf("got %s, want %s", d, c.want)
			}
		})
	}
}

func TestThresholdSeriesAndNoData(t *testing.T) {
	cond := ThresholdCondition{Evaluator: Evaluator{Type: "gt", Params: []float64{2}}}
	got, err := Threshold(nums(series(ptr(1), nil, ptr(3))), cond, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 1 || got.Items[0].Kind != KindSeries {
		t.Fatalf("got %s, want a series (which the condition then rejects)", describe(got))
	}
	var vals []string
	for _, p := range got.Items[0].Points {
		vals = append(vals, valueText(p.Value))
	}
	if strings.Join(vals, " ") != "0 null 1" {
		t.Errorf("points %v, want 0 null 1", vals)
	}
	if nd, err := Threshold(noData(), cond, nil); err != nil || !nd.NoData {
		t.Errorf("no data in: got %+v, %v", nd, err)
	}
}

func TestThresholdErrors(t *testing.T) {
	cases := []struct {
		cond ThresholdCondition
		want string
	}{
		{ThresholdCondition{Evaluator: Evaluator{Type: "above", Params: []float64{1}}}, `unknown threshold evaluator "above"`},
		{ThresholdCondition{Evaluator: Evaluator{Type: "within_range", Params: []float64{1}}}, "threshold evaluator within_range takes 2 params, got 1"},
		{ThresholdCondition{Evaluator: Evaluator{Type: "gt", Params: []float64{1}}, UnloadEvaluator: &Evaluator{Type: "lt"}},
			"unloadEvaluator: threshold evaluator lt takes 1 params, got 0"},
	}
	for _, c := range cases {
		if _, err := Threshold(Results{}, c.cond, nil); err == nil || err.Error() != c.want {
			t.Errorf("err = %v, want %q", err, c.want)
		}
	}
}
