package plugin

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/exotrace/messagetrace-datasource/internal/testing/alerteval"
	"github.com/exotrace/messagetrace-datasource/pkg/demo"
)

// replayAnchor stands for the moment the live demo stack started.
var replayAnchor = time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)

// replayMinutes is how long Grafana is simulated: the demo promises every rule
// fires and resolves within the first hour.
const replayMinutes = 65

// clock is the data source's injected "now", advanced by the test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// ruleRun is what one rule did during the simulated hour.
type ruleRun struct {
	rule     alerteval.Rule
	tracker  *alerteval.Tracker
	fired    []alerteval.Change
	resolved []alerteval.Change
}

// TestReplayFiresAndResolvesEveryRule simulates Grafana evaluating every shipped
// rule every minute for the first 65 minutes of the live demo (replay on, clock
// starting at the anchor): each rule fires on its incident's first replay and
// resolves before the hour is out, and fires on nothing else; the rules scored
// against history (replaySeen) stay silent on a replay.
func TestReplayFiresAndResolvesEveryRule(t *testing.T) {
	file, err := alerteval.LoadEnv("../../provisioning/alerting/rules.yaml", func(name string) (string, bool) {
		return "exotrace-demo", name == "EXOTRACE_RULES_DATASOURCE_UID" // as the demo stack sets it
	})
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: replayAnchor}
	settings := replaySettings(t)
	ds, err := newDatasource(context.Background(), settings, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	defer ds.Dispose()
	env := alerteval.Env{Querier: ds, PluginContext: backend.PluginContext{OrgID: 1, PluginID: PluginID, DataSourceInstanceSettings: &settings}}
	runs := make([]*ruleRun, 0, len(file.Rules()))
	for _, r := range file.Rules() {
		runs = append(runs, &ruleRun{rule: r, tracker: alerteval.NewTracker(r)})
	}
	for m := 1; m <= replayMinutes; m++ {
		at := replayAnchor.Add(time.Duration(m) * time.Minute)
		clk.set(at)
		for _, run := range runs {
			run.evaluate(t, env, at)
		}
	}
	slots := demo.Occurrences(demo.Options{Anchor: replayAnchor, Replay: true}, replayAnchor, replayAnchor.Add(time.Hour))
	for _, run := range runs {
		t.Run(run.rule.UID, func(t *testing.T) { run.check(t, ds, slots) })
	}
}

func replaySettings(t *testing.T) backend.DataSourceInstanceSettings {
	t.Helper()
	raw, err := json.Marshal(map[string]any{"mode": "demo", "demoAnchor": replayAnchor.Format(time.RFC3339), "demoReplay": true})
	if err != nil {
		t.Fatal(err)
	}
	return backend.DataSourceInstanceSettings{ID: 1, UID: "exotrace-demo", Name: "Exchange Message Trace (demo)", JSONData: raw}
}

func (run *ruleRun) evaluate(t *testing.T, env alerteval.Env, at time.Time) {
	o := alerteval.Evaluate(context.Background(), env, run.rule, at, run.tracker.Loaded)
	if o.Err != nil && !campaignsUntyped(o.Err, run.rule) {
		t.Errorf("%s at %s: %v", run.rule.UID, at.Format(time.RFC3339), o.Err)
	}
	for _, c := range run.tracker.Apply(o) {
		switch {
		case c.Fired():
			run.fired = append(run.fired, c)
		case c.Resolved():
			run.resolved = append(run.resolved, c)
		}
	}
}

// check: the rule fired during (or within its look-back and `for` after) the
// replay of an incident it detects, only then, and resolved after each firing.
func (run *ruleRun) check(t *testing.T, ds *Datasource, slots []demo.Incident) {
	r := run.rule
	if slices.Contains(r.QueryTypes(), "campaigns") && !campaignsHaveOutput(t, ds) {
		t.Skip("campaigns ignores output (no numeric-long frame yet): see the change request in docs/alerting.md")
	}
	if replaySeen[r.UID] {
		for _, c := range run.fired {
			t.Errorf("{%s} fired at +%s on a replay of what the tenant already had in the last 24 hours", c.Labels, c.At.Sub(replayAnchor))
		}
		return
	}
	if len(run.fired) == 0 {
		t.Fatal("never fired in the first hour of the replay")
	}
	for _, c := range run.fired {
		seen := slotsAt(c.At, r, slots)
		if !slices.ContainsFunc(seen, func(n int) bool { return slices.Contains(replayIncidents[r.UID], n) }) {
			t.Errorf("{%s} fired at +%s, seeing the replays of incidents %v, want one of %v", c.Labels, c.At.Sub(replayAnchor), seen, replayIncidents[r.UID])
		}
		if !resolvedAfter(c, run.resolved) {
			t.Errorf("{%s} fired at +%s and never resolved", c.Labels, c.At.Sub(replayAnchor))
		}
	}
	if len(run.resolved) > 0 {
		t.Logf("fired %d times, first at +%s; last resolved at +%s", len(run.fired), run.fired[0].At.Sub(replayAnchor), run.resolved[len(run.resolved)-1].At.Sub(replayAnchor))
	}
}

// replayIncidents are the incidents each rule detects (the threat-intel rule
// also sees incident 6's IPs, which are on the feed).
var replayIncidents = map[string][]int{
	"exotrace-spam-wave":           {1},
	"exotrace-campaign":            {2},
	"exotrace-compromised-account": {3},
	"exotrace-large-outbound":      {4},
	"exotrace-threat-intel":        {5, 6},
	"exotrace-geo-inbound":         {6},
	"exotrace-geo-embargo":         {6},
	"exotrace-watched-user":        {3},
}

// replaySeen are the rules that judge against the tenant's own history in a
// way a replay cannot pass: the replay repeats the lure's templates and
// incident 6's countries, which the originals brought 2–17 hours before, so
// the campaign score (template seen in the last 7 days) and novelty (country
// seen in the last 7 days) rightly call them known. They must stay silent; the
// tenant evaluation (ruleeval_test.go) shows them firing on the originals.
var replaySeen = map[string]bool{"exotrace-campaign": true, "exotrace-geo-inbound": true}

// slotsAt are the incidents whose replay an evaluation at t can see (allowing
// for the rule's pending period).
func slotsAt(at time.Time, r alerteval.Rule, slots []demo.Incident) []int {
	var out []int
	for _, s := range slots {
		if at.After(s.Start) && !at.After(s.End.Add(r.Lookback()+time.Duration(r.For))) {
			out = append(out, s.Number)
		}
	}
	return out
}

func resolvedAfter(fired alerteval.Change, resolved []alerteval.Change) bool {
	return slices.ContainsFunc(resolved, func(c alerteval.Change) bool {
		return c.At.After(fired.At) && c.Labels.String() == fired.Labels.String()
	})
}

// campaignsHaveOutput reports whether campaigns honours output (a numeric-long
// frame), which the campaign rule needs (change requested in docs/alerting.md).
func campaignsHaveOutput(t *testing.T, ds *Datasource) bool {
	t.Helper()
	res, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
		RefID: "A", QueryType: "campaigns", TimeRange: backend.TimeRange{From: replayAnchor, To: replayAnchor.Add(time.Hour)},
		JSON: json.RawMessage(`{"queryType":"campaigns","output":"messages"}`),
	}}})
	if err != nil {
		t.Fatal(err)
	}
	f := res.Responses["A"].Frames
	return len(f) == 0 || f[0].Meta != nil && f[0].Meta.Type != ""
}

// campaignsUntyped recognises the error Grafana gives the campaign rule while
// campaigns returns its table (reported by check as a skip, not an error).
func campaignsUntyped(err error, r alerteval.Rule) bool {
	return slices.Contains(r.QueryTypes(), "campaigns") && alerteval.IsNotWide(err)
}
