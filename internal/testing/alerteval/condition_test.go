package alerteval

import (
	"fmt"
	"strings"
	"testing"
)

func TestConditionOutcome(t *testing.T) {
	cases := []struct {
		name string
		in   Results
		want string // instances as {labels}=State, or the rule-level outcome
	}{
		{"0 is Normal, non-zero Alerting, NaN Alerting, null NoData",
			nums(num(ptr(0), "h", "a"), num(ptr(2), "h", "b"), num(nan, "h", "c"), num(nil, "h", "d")),
			"{h=a}=Normal {h=b}=Alerting {h=c}=Alerting {h=d}=NoData"},
		{"an unlabelled number is one instance", nums(num(ptr(1))), "{}=Alerting"},
		{"no data", noData(), "rule NoData"},
		{"no items", Results{}, "rule NoData"},
		{"only unlabelled nulls", nums(num(nil)), "rule NoData"},
		{"series reach the condition", nums(series(ptr(1))),
			"rule Error: looks like time series data, only reduced data can be alerted on"},
		{"duplicate label sets (two numeric columns of one numeric-long frame)",
			nums(num(ptr(1), "host", "a"), num(ptr(2), "host", "a")),
			"rule Error: frame cannot uniquely be identified by its labels: has duplicate results with labels {host=a}"},
		{"two unlabelled numbers", nums(num(ptr(1)), num(ptr(2))),
			"rule Error: frame cannot uniquely be identified by its labels: has duplicate results with labels {}"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := outcomeText(conditionOutcome(c.in)); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func outcomeText(o Outcome) string {
	switch {
	case o.Err != nil:
		return "rule Error: " + o.Err.Error()
	case o.NoData:
		return "rule NoData"
	}
	parts := make([]string, len(o.Instances))
	for i, in := range o.Instances {
		parts[i] = fmt.Sprintf("{%s}=%s", in.Labels, in.State)
	}
	return strings.Join(parts, " ")
}
