package alerteval

import (
	"cmp"
	"maps"
	"slices"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// State is an alert instance's state.
type State int

// Instance states.
const (
	Normal State = iota
	Pending
	Alerting
	Recovering
	NoData
	Error
)

func (s State) String() string {
	return [...]string{"Normal", "Pending", "Alerting", "Recovering", "NoData", "Error"}[s]
}

// Firing reports whether the Alertmanager sees the instance as firing.
func (s State) Firing() bool { return s == Alerting || s == Recovering }

// defaultMissingSeriesEvals is how many evaluations a label set may be missing
// before its instance resolves as stale (MissingSeries).
const defaultMissingSeriesEvals = 2

// Instance is one alert instance: a label set and where it stands.
type Instance struct {
	Labels data.Labels
	State  State
	// Since is when the current state was entered (Pending: the first breach).
	Since  time.Time
	Values map[string]*float64
	// missing counts evaluations in a row without this label set.
	missing int
}

// Change is one transition of one instance.
type Change struct {
	At       time.Time
	Labels   data.Labels
	From, To State
	Values   map[string]*float64
	// Reason is "MissingSeries" when a stale instance is resolved.
	Reason string
}

// Fired reports an instance starting to fire.
func (c Change) Fired() bool { return c.To == Alerting && !c.From.Firing() }

// Resolved reports a firing instance going back to Normal.
func (c Change) Resolved() bool { return c.From.Firing() && c.To == Normal }

// Tracker keeps the instances of one rule across evaluations, as Grafana's
// state manager does.
type Tracker struct {
	rule      Rule
	instances map[string]*Instance
}

// NewTracker starts a rule with no instances.
func NewTracker(r Rule) *Tracker {
	return &Tracker{rule: r, instances: map[string]*Instance{}}
}

// Loaded reports whether a label set was Pending or Alerting: the recovery
// threshold's "loaded dimensions".
func (t *Tracker) Loaded(l data.Labels) bool {
	in, ok := t.instances[l.String()]
	return ok && (in.State == Pending || in.State == Alerting)
}

// Instances returns the current instances, ordered by labels.
func (t *Tracker) Instances() []Instance {
	keys := slices.Sorted(maps.Keys(t.instances))
	out := make([]Instance, len(keys))
	for i, k := range keys {
		out[i] = *t.instances[k]
	}
	return out
}

// Apply moves every instance by one evaluation's outcome and returns the changes.
func (t *Tracker) Apply(o Outcome) []Change {
	var changes []Change
	seen := map[string]bool{}
	switch {
	case o.Err != nil:
		// An empty execErrState in a provisioning file means Alerting.
		changes = t.ruleLevel(o.At, cmp.Or(t.rule.ExecErrState, "Alerting"), "Error", errorLabels, seen)
	case o.NoData:
		changes = t.ruleLevel(o.At, cmp.Or(t.rule.NoDataState, "NoData"), "NoData", noDataLabels, seen)
	default:
		for _, r := range o.Instances {
			key := r.Labels.String()
			seen[key] = true
			changes = append(changes, t.result(o.At, key, r)...)
		}
	}
	return append(changes, t.sweep(o.At, seen)...)
}

// Pseudo label sets of the separate DatasourceError and DatasourceNoData alerts.
var (
	errorLabels  = data.Labels{"alertname": "DatasourceError"}
	noDataLabels = data.Labels{"alertname": "DatasourceNoData"}
)

// ruleLevel applies execErrState or noDataState to a failed or empty
// evaluation: Error or NoData raise a separate alert and leave the other
// instances without a result (they go stale); Alerting and OK apply to every
// instance; KeepLast changes nothing.
func (t *Tracker) ruleLevel(at time.Time, setting, own string, labels data.Labels, seen map[string]bool) []Change {
	var changes []Change
	switch setting {
	case own:
		key := labels.String()
		seen[key] = true
		st := Error
		if own == "NoData" {
			st = NoData
		}
		changes = t.set(at, key, labels, st, nil)
	case "Alerting", "OK":
		want := EvalNormal
		if setting == "Alerting" {
			want = EvalAlerting
		}
		for _, key := range slices.Sorted(maps.Keys(t.instances)) {
			in := t.instances[key]
			seen[key] = true
			changes = append(changes, t.result(at, key, InstanceResult{Labels: in.Labels, State: want, Values: in.Values})...)
		}
	default: // KeepLast
		for key := range t.instances {
			seen[key] = true
		}
	}
	return changes
}

// result applies one instance's evaluation. A null value follows noDataState.
func (t *Tracker) result(at time.Time, key string, r InstanceResult) []Change {
	st := r.State
	if st == EvalNoData {
		switch t.rule.NoDataState {
		case "Alerting":
			st = EvalAlerting
		case "OK":
			st = EvalNormal
		case "KeepLast":
			if in, ok := t.instances[key]; ok {
				in.missing = 0
				return nil
			}
			st = EvalNormal
		default:
			return t.set(at, key, r.Labels, NoData, r.Values)
		}
	}
	cur := Normal
	var since time.Time
	if in, ok := t.instances[key]; ok {
		cur, since = in.State, in.Since
	}
	return t.set(at, key, r.Labels, t.next(cur, since, at, st), r.Values)
}

// next is the state after an Alerting or Normal result: a breach waits `for`
// in Pending, a recovery waits keepFiringFor in Recovering.
func (t *Tracker) next(cur State, since, at time.Time, r EvalState) State {
	pendingFor, keepFor := time.Duration(t.rule.For), time.Duration(t.rule.KeepFiringFor)
	if r == EvalAlerting {
		switch {
		case cur == Alerting || cur == Recovering:
			return Alerting
		case cur == Pending && at.Sub(since) >= pendingFor:
			return Alerting
		case cur == Pending:
			return Pending
		case pendingFor == 0:
			return Alerting
		}
		return Pending
	}
	switch {
	case cur == Alerting && keepFor > 0:
		return Recovering
	case cur == Recovering && at.Sub(since) < keepFor:
		return Recovering
	}
	return Normal
}

func (t *Tracker) set(at time.Time, key string, labels data.Labels, st State, values map[string]*float64) []Change {
	in, ok := t.instances[key]
	if !ok {
		in = &Instance{Labels: labels, State: Normal, Since: at}
		t.instances[key] = in
	}
	in.missing, in.Values = 0, values
	if in.State == st {
		return nil
	}
	c := Change{At: at, Labels: labels, From: in.State, To: st, Values: values}
	in.State, in.Since = st, at
	return []Change{c}
}

// sweep resolves and forgets instances whose label set has been missing for
// missing_series_evals_to_resolve evaluations.
func (t *Tracker) sweep(at time.Time, seen map[string]bool) []Change {
	limit := defaultMissingSeriesEvals
	if t.rule.MissingSeriesEvalsToResolve != nil && *t.rule.MissingSeriesEvalsToResolve > 0 {
		limit = *t.rule.MissingSeriesEvalsToResolve
	}
	var changes []Change
	for _, key := range slices.Sorted(maps.Keys(t.instances)) {
		in := t.instances[key]
		if seen[key] {
			continue
		}
		if in.missing++; in.missing < limit {
			continue
		}
		if in.State != Normal {
			changes = append(changes, Change{At: at, Labels: in.Labels, From: in.State, To: Normal, Values: in.Values, Reason: "MissingSeries"})
		}
		delete(t.instances, key)
	}
	return changes
}
