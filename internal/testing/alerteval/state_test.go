package alerteval

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// step is one evaluation result fed to a tracker: per label set h=a or h=b,
// 'A' Alerting, 'N' Normal, 'D' a null value (a label set left out is missing);
// or the key "nodata" or "error" alone for the whole rule.
type step map[string]byte

var (
	stepNoData = step{"nodata": 0}
	stepError  = step{"error": 0}
)

func outcomeOf(s step, at time.Time) Outcome {
	o := Outcome{At: at}
	_, o.NoData = s["nodata"]
	if _, failed := s["error"]; failed {
		o.Err = errors.New("boom")
	}
	for _, k := range []string{"a", "b"} {
		st, ok := s[k]
		if !ok {
			continue
		}
		o.Instances = append(o.Instances, InstanceResult{Labels: data.Labels{"h": k}, State: map[byte]EvalState{'A': EvalAlerting, 'N': EvalNormal, 'D': EvalNoData}[st]})
	}
	return o
}

// runSteps feeds one-minute-apart steps and returns the state of each label set
// after each step ("a:Pending b:Normal"), and the firing/resolution changes.
func runSteps(r Rule, steps []step) (states []string, events []string) {
	tr := NewTracker(r)
	for i, s := range steps {
		at := t0.Add(time.Duration(i) * time.Minute)
		for _, c := range tr.Apply(outcomeOf(s, at)) {
			switch {
			case c.Fired():
				events = append(events, fmt.Sprintf("%d:fired{%s}", i, c.Labels))
			case c.Resolved():
				events = append(events, fmt.Sprintf("%d:resolved{%s}%s", i, c.Labels, c.Reason))
			}
		}
		var parts []string
		for _, in := range tr.Instances() {
			parts = append(parts, fmt.Sprintf("%s:%s", in.Labels.String(), in.State))
		}
		states = append(states, strings.Join(parts, " "))
	}
	return states, events
}

func TestTracker(t *testing.T) {
	a := func(st byte) step { return step{"a": st} }
	cases := []struct {
		name   string
		rule   Rule
		steps  []step
		states []string
		events []string
	}{
		{"for 2m: Pending until 2 minutes after the first breach",
			Rule{For: Duration(2 * time.Minute)},
			[]step{a('A'), a('A'), a('A'), a('A'), a('N')},
			[]string{"h=a:Pending", "h=a:Pending", "h=a:Alerting", "h=a:Alerting", "h=a:Normal"},
			[]string{"2:fired{h=a}", "4:resolved{h=a}"}},
		{"a Normal result resets Pending",
			Rule{For: Duration(2 * time.Minute)},
			[]step{a('A'), a('N'), a('A'), a('A'), a('A')},
			[]string{"h=a:Pending", "h=a:Normal", "h=a:Pending", "h=a:Pending", "h=a:Alerting"},
			[]string{"4:fired{h=a}"}},
		{"for 0s goes straight to Alerting",
			Rule{},
			[]step{a('A'), a('N')},
			[]string{"h=a:Alerting", "h=a:Normal"},
			[]string{"0:fired{h=a}", "1:resolved{h=a}"}},
		{"keepFiringFor: Recovering, back to Alerting without Pending, then Normal",
			Rule{For: Duration(time.Minute), KeepFiringFor: Duration(2 * time.Minute)},
			[]step{a('A'), a('A'), a('N'), a('A'), a('N'), a('N'), a('N')},
			[]string{"h=a:Pending", "h=a:Alerting", "h=a:Recovering", "h=a:Alerting", "h=a:Recovering", "h=a:Recovering", "h=a:Normal"},
			[]string{"1:fired{h=a}", "6:resolved{h=a}"}},
		{"a label set missing for 2 evaluations resolves as MissingSeries",
			Rule{},
			[]step{{"a": 'A', "b": 'N'}, {"b": 'N'}, {"b": 'N'}, {"b": 'N'}},
			[]string{"h=a:Alerting h=b:Normal", "h=a:Alerting h=b:Normal", "h=b:Normal", "h=b:Normal"},
			[]string{"0:fired{h=a}", "2:resolved{h=a}MissingSeries"}},
		{"missing_series_evals_to_resolve 1",
			Rule{MissingSeriesEvalsToResolve: ptrInt(1)},
			[]step{a('A'), {"b": 'N'}},
			[]string{"h=a:Alerting", "h=b:Normal"},
			[]string{"0:fired{h=a}", "1:resolved{h=a}MissingSeries"}},
		{"null value with noDataState NoData",
			Rule{NoDataState: "NoData"},
			[]step{a('A'), a('D'), a('N')},
			[]string{"h=a:Alerting", "h=a:NoData", "h=a:Normal"},
			[]string{"0:fired{h=a}"}},
		{"null value with noDataState OK",
			Rule{NoDataState: "OK"},
			[]step{a('A'), a('D')},
			[]string{"h=a:Alerting", "h=a:Normal"},
			[]string{"0:fired{h=a}", "1:resolved{h=a}"}},
		{"rule-level no data with OK resolves every instance",
			Rule{NoDataState: "OK", For: Duration(time.Minute)},
			[]step{{"a": 'A', "b": 'A'}, {"a": 'A', "b": 'A'}, stepNoData},
			[]string{"h=a:Pending h=b:Pending", "h=a:Alerting h=b:Alerting", "h=a:Normal h=b:Normal"},
			[]string{"1:fired{h=a}", "1:fired{h=b}", "2:resolved{h=a}", "2:resolved{h=b}"}},
		{"rule-level no data with Alerting honours for",
			Rule{NoDataState: "Alerting", For: Duration(time.Minute)},
			[]step{a('N'), stepNoData, stepNoData},
			[]string{"h=a:Normal", "h=a:Pending", "h=a:Alerting"},
			[]string{"2:fired{h=a}"}},
		{"rule-level no data with KeepLast keeps the states",
			Rule{NoDataState: "KeepLast"},
			[]step{a('A'), stepNoData, stepNoData, stepNoData},
			[]string{"h=a:Alerting", "h=a:Alerting", "h=a:Alerting", "h=a:Alerting"},
			[]string{"0:fired{h=a}"}},
		{"rule-level no data with NoData raises DatasourceNoData; the others go stale",
			Rule{NoDataState: "NoData"},
			[]step{a('A'), stepNoData, stepNoData},
			[]string{"h=a:Alerting", "alertname=DatasourceNoData:NoData h=a:Alerting", "alertname=DatasourceNoData:NoData"},
			[]string{"0:fired{h=a}", "2:resolved{h=a}MissingSeries"}},
		{"an error with execErrState Error raises DatasourceError",
			Rule{ExecErrState: "Error"},
			[]step{a('N'), stepError, a('N')},
			[]string{"h=a:Normal", "alertname=DatasourceError:Error h=a:Normal", "alertname=DatasourceError:Error h=a:Normal"},
			nil},
		{"an error with execErrState empty (provisioning default) alerts every instance",
			Rule{},
			[]step{a('N'), stepError},
			[]string{"h=a:Normal", "h=a:Alerting"},
			[]string{"1:fired{h=a}"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			states, events := runSteps(c.rule, c.steps)
			if strings.Join(states, " | ") != strings.Join(c.states, " | ") {
				t.Errorf("states\n got %q\nwant %q", states, c.states)
			}
			if strings.Join(events, " ") != strings.Join(c.events, " ") {
				t.Errorf("events\n got %q\nwant %q", events, c.events)
			}
		})
	}
}

func ptrInt(n int) *int { return &n }

// TestTrackerLoaded: Pending and Alerting label sets are the recovery
// threshold's loaded dimensions.
func TestTrackerLoaded(t *testing.T) {
	tr := NewTracker(Rule{For: Duration(time.Minute)})
	tr.Apply(outcomeOf(step{"a": 'A', "b": 'N'}, t0))
	for l, want := range map[string]bool{"a": true, "b": false, "c": false} {
		if got := tr.Loaded(data.Labels{"h": l}); got != want {
			t.Errorf("Loaded(h=%s) = %v, want %v", l, got, want)
		}
	}
}
