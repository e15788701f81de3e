package grpchost_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/internal/testing/alerteval"
	"github.com/exotrace/messagetrace-datasource/pkg/demo"
)

// The shipped rules are evaluated against the plugin binary as Grafana evaluates
// them (internal/testing/alerteval), on one demo data source instance whose uid is the one the
// rules name, so every evaluation shares the instance's trace cache.
const (
	rulesFile         = "../../../provisioning/alerting/rules.yaml"
	contactPointsFile = "../../../provisioning/alerting/contact-points.yaml"
	mib               = 1 << 20
)

func alertContext() backend.PluginContext {
	raw, _ := json.Marshal(map[string]any{"mode": "demo", "demoAnchor": anchor.Format(time.RFC3339), "demoReplay": false})
	return backend.PluginContext{
		OrgID: 1, PluginID: pluginID,
		DataSourceInstanceSettings: &backend.DataSourceInstanceSettings{
			ID: 20, UID: "exotrace-demo", Name: "Exchange Message Trace (demo)", JSONData: raw, Updated: time.Unix(1700000000, 0),
		},
	}
}

func alertEnv() alerteval.Env {
	return alerteval.Env{Querier: host, PluginContext: alertContext()}
}

// expectation is what a shipped rule must do on the demo tenant.
type expectation struct {
	incident int   // the demo incident it detects
	overlaps []int // other incidents it deliberately fires on too
	// fires is a label set the rule must fire with on its incident; others may fire too.
	fires data.Labels
	// ref is the refId whose value is checked and reported.
	ref string
	// min and max bound ref's value whenever that label set is Alerting.
	min, max float64
	// threshold is the rule's threshold on ref, for the quiet-baseline report.
	threshold float64
}

var expectations = map[string]expectation{
	// Relative rules (docs/alerting.md): robust z-scores against the tenant's own
	// same 10 minutes of the last 7 days, campaign scores, novelty.
	"exotrace-spam-wave": {incident: 1, fires: data.Labels{}, ref: "A", min: 6, max: 200, threshold: 6},
	// The spam wave's phishing lures (voicemail, password expiry: never-seen
	// templates from many senders) and incident 6's senders from new countries
	// are campaigns too.
	"exotrace-campaign": {incident: 2, overlaps: []int{1, 6}, fires: data.Labels{"template": "invoice <num> from <*> payment overdue"},
		ref: "A", min: 3, max: 200, threshold: 3},
	"exotrace-compromised-account": {incident: 3, fires: data.Labels{"sender": "k.inoue@example.co.jp"},
		ref: "A", min: 20, max: 2000, threshold: 20},
	"exotrace-large-outbound": {incident: 4,
		fires: data.Labels{"sender": "e.yamashita@example.co.jp", "recipient": "yamashita.emi88@freemail.example.net"},
		ref:   "A", min: 32 * mib, max: 130 * mib, threshold: 32 * mib},
	// Two inbound IPs and the KP destination of incident 6 are on the intel feed.
	"exotrace-threat-intel": {incident: 5, overlaps: []int{6},
		fires: data.Labels{"indicator": "urch@elchino-millions.site", "kind": "email", "matchedOn": "sender",
			"actor": "MILLION SPIDER", "labels": "KillChain/C2, Malware/AgentTesla, ThreatType/CredentialHarvesting"},
		ref: "A", min: 1, max: 10, threshold: 0},
	// Novelty: RU sent nothing in the 7 days before incident 6.
	"exotrace-geo-inbound": {incident: 6, fires: data.Labels{"fromCountry": "RU"}, ref: "A", min: 1, max: 10, threshold: 0},
	"exotrace-geo-embargo": {incident: 6, fires: data.Labels{"country": "KP"}, ref: "A", min: 1, max: 10, threshold: 0},
	// The demo watchlist (pkg/demo/watchlist.go) names the incident-3 mailbox and two ordinary users.
	"exotrace-watched-user": {incident: 3, fires: data.Labels{"user": "k.inoue@example.co.jp", "list": "Endpoint risky users",
		"reason": "Credential-stealing malware detected on the user's laptop"}, ref: "A", min: 21, max: 1000, threshold: 20},
}

// TestAlertProvisioningFiles checks that the files load as Grafana would load
// them (strictly, with the keys Grafana knows) and route as documented.
func TestAlertProvisioningFiles(t *testing.T) {
	cps, err := alerteval.Load(contactPointsFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := cps.Validate(); err != nil {
		t.Fatalf("%s: %v", contactPointsFile, err)
	}
	var names []string
	for _, cp := range cps.ContactPoints {
		names = append(names, cp.Name)
	}
	rules := loadRules(t)
	if err := rules.Validate(names...); err != nil {
		t.Fatalf("%s: %v", rulesFile, err)
	}
	root := cps.Policies[0].Route
	for _, r := range rules.Rules() {
		want := "Exchange Message Trace SOC mailbox"
		if r.Labels["severity"] == "critical" {
			want = "Exchange Message Trace PagerDuty"
		}
		if got := root.Match(r.Labels); !slices.Equal(got, []string{want}) {
			t.Errorf("%s (severity %s) routes to %v, want %s", r.UID, r.Labels["severity"], got, want)
		}
		if _, ok := expectations[r.UID]; !ok {
			t.Errorf("rule %s has no expectation in this test", r.UID)
		}
	}
	if len(rules.Rules()) != len(expectations) {
		t.Errorf("%d rules shipped, %d expected", len(rules.Rules()), len(expectations))
	}
	checkPanelLinks(t, rules.Rules())
}

// checkPanelLinks: every rule links to a panel of a shipped dashboard.
func checkPanelLinks(t *testing.T, rules []alerteval.Rule) {
	t.Helper()
	files, err := filepath.Glob("../../../dashboards/*.json")
	if err != nil {
		t.Fatal(err)
	}
	panels := map[string]bool{}
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var d dashboard
		if err := json.Unmarshal(raw, &d); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, p := range d.Panels {
			panels[fmt.Sprintf("%s/%d", d.UID, p.ID)] = true
		}
	}
	for _, r := range rules {
		if link := fmt.Sprintf("%s/%d", r.DashboardUID, r.PanelID); !panels[link] {
			t.Errorf("%s links to panel %s, which no shipped dashboard has", r.UID, link)
		}
	}
}

func demoRulesEnv(name string) (string, bool) {
	if name == "EXOTRACE_RULES_DATASOURCE_UID" {
		return "exotrace-demo", true
	}
	return "", false
}

func loadRules(t *testing.T) alerteval.File {
	t.Helper()
	// The demo stack sets the rules' data-source variable to the demo's uid.
	f, err := alerteval.LoadEnv(rulesFile, demoRulesEnv)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestShippedAlertRules evaluates every shipped rule at Grafana's 1-minute
// interval over the 24 hours that hold the demo incidents, and every 5 minutes
// over the six quiet days before them.
func TestShippedAlertRules(t *testing.T) {
	incidents := demo.Incidents(demo.Options{Anchor: anchor})
	for _, r := range loadRules(t).Rules() {
		exp := expectations[r.UID]
		t.Run(r.UID, func(t *testing.T) {
			t.Parallel()
			skipWithoutCampaignOutput(t, r)
			day := evaluateSpan(t, r, anchor.Add(-24*time.Hour), anchor, time.Minute)
			own := incidents[exp.incident-1]
			t.Run("fires on its incident", func(t *testing.T) { checkFires(t, r, exp, own, day) })
			t.Run("fires on nothing else", func(t *testing.T) { checkOnlyOwn(t, r, exp, incidents, day) })
			t.Run("quiet hours of the incident day stay normal", func(t *testing.T) {
				quiet := slices.DeleteFunc(slices.Clone(day), func(p evalPoint) bool { return nearIncident(p.at, r, incidents) })
				checkQuiet(t, r, exp, quiet, false)
			})
			t.Run("quiet week stays normal", func(t *testing.T) {
				week := evaluateSpan(t, r, anchor.Add(-7*24*time.Hour), anchor.Add(-24*time.Hour), 5*time.Minute)
				checkQuiet(t, r, exp, week, true)
			})
		})
	}
}

// evalPoint is one evaluation and the state changes it caused.
type evalPoint struct {
	at      time.Time
	outcome alerteval.Outcome
	changes []alerteval.Change
	states  map[string]alerteval.State // by labels, after the evaluation
}

// evaluateSpan evaluates r every step over [from, to) with one state tracker.
func evaluateSpan(t *testing.T, r alerteval.Rule, from, to time.Time, step time.Duration) []evalPoint {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	env, tr := alertEnv(), alerteval.NewTracker(r)
	var out []evalPoint
	for at := from; at.Before(to); at = at.Add(step) {
		o := alerteval.Evaluate(c, env, r, at, tr.Loaded)
		p := evalPoint{at: at, outcome: o, changes: tr.Apply(o), states: map[string]alerteval.State{}}
		for _, in := range tr.Instances() {
			p.states[in.Labels.String()] = in.State
		}
		out = append(out, p)
	}
	return out
}

// checkFires: the expected label set reaches Alerting during the incident (or
// within the look-back after it), not before `for` has passed since it started,
// with its value in range whenever it is Alerting; the annotations' template
// references resolve.
func checkFires(t *testing.T, r alerteval.Rule, exp expectation, own demo.Incident, day []evalPoint) {
	key := exp.fires.String()
	var firedAt time.Time
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range day {
		for _, c := range p.changes {
			if c.Fired() && c.Labels.String() == key && firedAt.IsZero() {
				firedAt = c.At
				checkTemplates(t, r, c.Labels, c.Values)
			}
		}
		v, ok := valueOf(p.outcome, key, exp.ref)
		if p.states[key] != alerteval.Alerting || !ok {
			continue // not firing, or missing from this evaluation (stale, about to resolve)
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
		if v < exp.min || v > exp.max {
			t.Errorf("%s: {%s} Alerting with %s = %.0f, want %.0f to %.0f", p.at.Format(time.RFC3339), key, exp.ref, v, exp.min, exp.max)
		}
	}
	if firedAt.IsZero() || math.IsInf(lo, 1) {
		t.Fatalf("{%s} never fired (with a value) during incident %d (%s to %s)", key, own.Number, own.Start.Format(time.RFC3339), own.End.Format(time.RFC3339))
	}
	earliest, latest := own.Start.Add(time.Duration(r.For)), own.End.Add(r.Lookback()+time.Duration(r.For))
	if firedAt.Before(earliest) || firedAt.After(latest) {
		t.Errorf("{%s} fired at %s, want between %s and %s", key, firedAt.Format(time.RFC3339), earliest.Format(time.RFC3339), latest.Format(time.RFC3339))
	}
	t.Logf("incident %d: {%s} fired %s after it started; %s while Alerting: %.0f to %.0f (threshold %.0f)",
		own.Number, key, firedAt.Sub(own.Start), exp.ref, lo, hi, exp.threshold)
}

// checkOnlyOwn: every firing of the incident day belongs to the rule's incident
// or a documented overlap, and the rule resolves after each.
func checkOnlyOwn(t *testing.T, r alerteval.Rule, exp expectation, incidents []demo.Incident, day []evalPoint) {
	allowed := append([]int{exp.incident}, exp.overlaps...)
	fired := map[int]int{}
	perLabels := map[string]int{}
	for _, p := range day {
		for _, c := range p.changes {
			if !c.Fired() {
				continue
			}
			n := incidentAt(c.At, r, incidents)
			fired[n]++
			perLabels[fmt.Sprintf("incident %d {%s}", n, c.Labels)]++
			if !slices.Contains(allowed, n) {
				t.Errorf("{%s} fired at %s, outside incidents %v", c.Labels, c.At.Format(time.RFC3339), allowed)
			}
		}
	}
	for _, n := range allowed {
		if fired[n] == 0 {
			t.Errorf("no firing during incident %d", n)
		}
	}
	last := day[len(day)-1]
	for labels, st := range last.states {
		if st != alerteval.Normal {
			t.Errorf("{%s} is still %s at the end of the incident day", labels, st)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(perLabels)) {
		t.Logf("%s fired %d times", k, perLabels[k])
	}
}

// checkQuiet: every evaluation is clean and Normal, and with noChanges no
// instance ever leaves Normal (no Pending either); logs the largest value of
// each query.
func checkQuiet(t *testing.T, r alerteval.Rule, exp expectation, points []evalPoint, noChanges bool) {
	peaks := map[string]float64{}
	for _, p := range points {
		o := p.outcome
		switch {
		case o.Err != nil:
			t.Fatalf("%s: evaluation failed: %v", p.at.Format(time.RFC3339), o.Err)
		case o.NoData && r.NoDataState != "OK":
			t.Fatalf("%s: no data, and noDataState is %q", p.at.Format(time.RFC3339), r.NoDataState)
		}
		for _, in := range o.Instances {
			if in.State != alerteval.EvalNormal {
				t.Errorf("%s: {%s} evaluates %s (%s = %s)", p.at.Format(time.RFC3339), in.Labels, in.State, exp.ref, fmtValue(in.Values[exp.ref]))
			}
			for ref, v := range in.Values {
				if peak, seen := peaks[ref]; v != nil && isQuery(r, ref) && (!seen || *v > peak) {
					peaks[ref] = *v
				}
			}
		}
		if noChanges {
			for _, c := range p.changes {
				t.Errorf("%s: {%s} went %s → %s", c.At.Format(time.RFC3339), c.Labels, c.From, c.To)
			}
		}
	}
	if len(peaks) == 0 {
		t.Logf("%d evaluations, all without rows (noDataState %s)", len(points), r.NoDataState)
		return
	}
	refs := slices.Sorted(maps.Keys(peaks))
	for _, ref := range refs {
		t.Logf("%d evaluations: largest %s = %.0f (rule threshold on %s: %.0f)", len(points), ref, peaks[ref], exp.ref, exp.threshold)
	}
}

func isQuery(r alerteval.Rule, ref string) bool {
	return slices.ContainsFunc(r.Data, func(q alerteval.Query) bool { return q.RefID == ref && !q.IsExpression() })
}

// nearIncident reports whether an evaluation's look-back can touch an incident:
// t within [start − look-back, end + look-back].
func nearIncident(at time.Time, r alerteval.Rule, incidents []demo.Incident) bool {
	return incidentAt(at, r, incidents) != 0
}

// incidentAt is the number of the incident an evaluation at t can see (including
// `for` after its end), or 0.
func incidentAt(at time.Time, r alerteval.Rule, incidents []demo.Incident) int {
	lb := r.Lookback()
	for _, in := range incidents {
		if !at.Before(in.Start.Add(-lb)) && !at.After(in.End.Add(lb+time.Duration(r.For))) {
			return in.Number
		}
	}
	return 0
}

// valueOf is ref's value for the instance with labels key, if it was evaluated.
func valueOf(o alerteval.Outcome, key, ref string) (float64, bool) {
	for _, in := range o.Instances {
		if v := in.Values[ref]; in.Labels.String() == key && v != nil {
			return *v, true
		}
	}
	return 0, false
}

func fmtValue(v *float64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}

var templateRef = regexp.MustCompile(`\$(labels|values)\.([A-Za-z_][A-Za-z0-9_]*)`)

// checkTemplates: every {{ $labels.x }} of the annotations is a label of the
// firing instance or the rule, and every {{ $values.X }} a refId with a value.
func checkTemplates(t *testing.T, r alerteval.Rule, labels data.Labels, values map[string]*float64) {
	t.Helper()
	for name, text := range r.Annotations {
		for _, m := range templateRef.FindAllStringSubmatch(text, -1) {
			_, isLabel := labels[m[2]]
			_, isRuleLabel := r.Labels[m[2]]
			_, isValue := values[m[2]]
			if m[1] == "labels" && !isLabel && !isRuleLabel || m[1] == "values" && !isValue {
				t.Errorf("annotation %s refers to $%s.%s, which the firing instance {%s} does not have", name, m[1], m[2], labels)
			}
		}
	}
}

// skipWithoutCampaignOutput skips a campaigns rule while the data source cannot
// give campaigns one number column (the change docs/alerting.md asks for): the
// untyped table would only prove that Grafana rejects it.
func skipWithoutCampaignOutput(t *testing.T, r alerteval.Rule) {
	t.Helper()
	if !slices.Contains(r.QueryTypes(), "campaigns") {
		return
	}
	res, err := host.QueryData(context.Background(), &backend.QueryDataRequest{PluginContext: alertContext(), Queries: []backend.DataQuery{{
		RefID: "A", QueryType: "campaigns", TimeRange: backend.TimeRange{From: anchor.Add(-time.Hour), To: anchor},
		JSON: json.RawMessage(`{"queryType":"campaigns","output":"messages"}`),
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if f := res.Responses["A"].Frames; len(f) > 0 && (f[0].Meta == nil || f[0].Meta.Type == "") {
		t.Skip("campaigns ignores output (no numeric-long frame yet): see the change request in docs/alerting.md")
	}
}
