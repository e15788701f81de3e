package alerteval

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

func series(vals ...*float64) Item {
	s := Item{Kind: KindSeries, Labels: data.Labels{"host": "a"}}
	for i, v := range vals {
		s.Points = append(s.Points, Point{Time: t0.Add(time.Duration(i) * time.Minute), Value: v})
	}
	return s
}

var nan = ptr(math.NaN())

// valueText spells a reduced value: a number, NaN or null.
func valueText(v *float64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}

func TestReduce(t *testing.T) {
	withNull := series(ptr(1), nil, ptr(3))
	withNaN := series(ptr(1), nan, ptr(3))
	trailingNull := series(ptr(1), ptr(2), nil)
	withInf := series(ptr(2), ptr(math.Inf(1)))
	empty := series()
	allNull := series(nil, nil)
	strict, drop, replace := ReduceMode{}, ReduceMode{Mode: "dropNN"}, ReduceMode{Mode: "replaceNN", ReplaceWith: -1}
	cases := []struct {
		name    string
		in      Item
		reducer string
		mode    ReduceMode
		want    string
	}{
		{"strict sum with a null is NaN", withNull, "sum", strict, "NaN"},
		{"strict mean with a NaN is NaN", withNaN, "mean", strict, "NaN"},
		{"strict min with a null is NaN", withNull, "min", strict, "NaN"},
		{"strict max with a NaN is NaN", withNaN, "max", strict, "NaN"},
		{"strict count counts every point", withNull, "count", strict, "3"},
		{"strict last takes the last row as it is", trailingNull, "last", strict, "null"},
		{"strict sum with +Inf", withInf, "sum", strict, "+Inf"},
		{"strict sum of nothing is 0", empty, "sum", strict, "0"},
		{"strict count of nothing is 0", empty, "count", strict, "0"},
		{"strict mean of nothing is NaN", empty, "mean", strict, "NaN"},
		{"strict max of nothing is NaN", empty, "max", strict, "NaN"},
		{"strict last of nothing is NaN", empty, "last", strict, "NaN"},
		{"dropNN sum skips the null", withNull, "sum", drop, "4"},
		{"dropNN mean skips the NaN", withNaN, "mean", drop, "2"},
		{"dropNN min", withNull, "min", drop, "1"},
		{"dropNN max skips +Inf", withInf, "max", drop, "2"},
		{"dropNN count counts what is left", withNull, "count", drop, "2"},
		{"dropNN last skips the trailing null", trailingNull, "last", drop, "2"},
		{"dropNN of nothing left is null", allNull, "mean", drop, "null"},
		{"dropNN sum of nothing left is 0", allNull, "sum", drop, "0"},
		{"replaceNN sum counts the null as -1", withNull, "sum", replace, "3"},
		{"replaceNN last", trailingNull, "last", replace, "-1"},
		{"replaceNN max replaces +Inf", withInf, "max", replace, "2"},
		{"replaceNN NaN result becomes the value", empty, "mean", replace, "-1"},
		{"number passes through strict", number("n", nil, nan), "max", strict, "NaN"},
		{"number NaN dropped becomes null", number("n", nil, nan), "max", drop, "null"},
		{"number null replaced", number("n", nil, nil), "last", replace, "-1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := Reduce(Results{Items: []Item{c.in}}, c.reducer, c.mode)
			if err != nil {
				t.Fatal(err)
			}
			if len(out.Items) != 1 || out.Items[0].Kind != KindNumber {
				t.Fatalf("got %+v, want one number", out)
			}
			if got := valueText(out.Items[0].Value); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
			if !out.Items[0].Labels.Equals(c.in.Labels) {
				t.Errorf("labels %v, want %v", out.Items[0].Labels, c.in.Labels)
			}
		})
	}
}

func TestReduceNoDataAndErrors(t *testing.T) {
	out, err := Reduce(noData(), "last", ReduceMode{})
	if err != nil || !out.NoData {
		t.Errorf("no data in: got %+v, %v; want no data", out, err)
	}
	for _, c := range []struct {
		reducer string
		mode    ReduceMode
		want    string
	}{
		{"median", ReduceMode{}, `reducer "median" is not supported`},
		{"last", ReduceMode{Mode: "strict"}, `reduce mode "strict" is not supported`},
	} {
		if _, err := Reduce(Results{}, c.reducer, c.mode); err == nil || err.Error() != c.want {
			t.Errorf("Reduce(%s, %q) err = %v, want %q", c.reducer, c.mode.Mode, err, c.want)
		}
	}
}
