package alerteval

import (
	"errors"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// EvalState is the state one evaluation gives an instance.
type EvalState int

// Evaluation states.
const (
	EvalNormal EvalState = iota
	EvalAlerting
	EvalNoData
)

func (s EvalState) String() string { return [...]string{"Normal", "Alerting", "NoData"}[s] }

// InstanceResult is one alert instance of an evaluation.
type InstanceResult struct {
	Labels data.Labels
	State  EvalState
	// Values holds, per refId, the number whose labels match the instance:
	// what {{ $values.X }} shows.
	Values map[string]*float64
}

// Outcome is one evaluation of a rule.
type Outcome struct {
	At        time.Time
	Instances []InstanceResult
	// NoData is set when the condition produced nothing at all (rule-level).
	NoData bool
	// Err is a rule-level execution error.
	Err error
}

// errTimeSeries and errDuplicate are the condition's refusals.
var (
	errTimeSeries = errors.New("looks like time series data, only reduced data can be alerted on")
	errDuplicate  = errors.New("frame cannot uniquely be identified by its labels")
)

// conditionOutcome turns the condition's numbers into instances: 0 is Normal,
// anything else (NaN too) Alerting, null NoData. Nothing at all, or only
// unlabelled nulls, is rule-level NoData.
func conditionOutcome(r Results) Outcome {
	if r.NoData || len(r.Items) == 0 {
		return Outcome{NoData: true}
	}
	var o Outcome
	seen := map[string]bool{}
	allNoData := true
	for _, it := range r.Items {
		if it.Kind == KindSeries {
			return Outcome{Err: errTimeSeries}
		}
		key := it.Labels.String()
		if seen[key] {
			return Outcome{Err: fmt.Errorf("%w: has duplicate results with labels {%s}", errDuplicate, key)}
		}
		seen[key] = true
		st := EvalAlerting
		switch {
		case it.Value == nil:
			st = EvalNoData
		case *it.Value == 0:
			st = EvalNormal
		}
		allNoData = allNoData && st == EvalNoData && len(it.Labels) == 0
		o.Instances = append(o.Instances, InstanceResult{Labels: it.Labels, State: st})
	}
	if allNoData {
		return Outcome{NoData: true}
	}
	return o
}

// capture finds each refId's number for an instance: the one with equal labels,
// else one whose labels contain or are contained in the instance's.
func capture(results map[string]Results, labels data.Labels) map[string]*float64 {
	out := map[string]*float64{}
	for ref, r := range results {
		var match *Item
		for i, it := range r.Items {
			if it.Kind == KindSeries {
				continue
			}
			if it.Labels.Equals(labels) {
				match = &r.Items[i]
				break
			}
			if match == nil && (labels.Contains(it.Labels) || it.Labels.Contains(labels)) {
				match = &r.Items[i]
			}
		}
		if match != nil {
			out[ref] = match.Value
		}
	}
	return out
}
