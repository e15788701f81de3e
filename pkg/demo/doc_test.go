package demo

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

var update = flag.Bool("update", false, "rewrite the generated part of docs/demo-tenant.md")

const (
	docPath  = "../../docs/demo-tenant.md"
	docBegin = "<!-- BEGIN GENERATED: go test ./pkg/demo -run TestDocNumbers -update -->\n"
	docEnd   = "<!-- END GENERATED -->\n"
)

// The numbers in docs/demo-tenant.md are measured, not written: this test
// renders them and fails when the document is stale.
func TestDocNumbers(t *testing.T) {
	doc, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	i, j := bytes.Index(doc, []byte(docBegin)), bytes.Index(doc, []byte(docEnd))
	if i < 0 || j < i {
		t.Fatalf("%s lacks the generated-section markers", docPath)
	}
	want := renderNumbers(t)
	got := string(doc[i+len(docBegin) : j])
	if got == want {
		return
	}
	if !*update {
		t.Fatalf("%s is stale; run go test ./pkg/demo -run TestDocNumbers -update", docPath)
	}
	out := append(append(slices.Clip(doc[:i+len(docBegin)]), want...), doc[j:]...)
	if err := os.WriteFile(docPath, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

func renderNumbers(t testing.TB) string {
	var b strings.Builder
	renderVolumes(t, &b)
	renderIncidents(t, &b)
	renderReplays(t, &b)
	renderSignals(t, &b)
	renderIntel(&b)
	renderGeo(&b)
	return b.String()
}

func renderVolumes(t testing.TB, b *strings.Builder) {
	tn, quiet := testTenant(), quietTenant()
	fmt.Fprintf(b, "\n### Volumes\n\nSeed 1, anchor %s (%s).\n\n", testAnchor.Format(time.RFC3339), testAnchor.In(jst).Format("Monday 15:04 JST"))
	b.WriteString("| range | traces |\n|---|---:|\n")
	for _, r := range []struct {
		name     string
		from, to time.Time
	}{
		{"24 h before the anchor", testAnchor.Add(-day), testAnchor},
		{"7 days before the anchor", testAnchor.Add(-7 * day), testAnchor},
		{"24 h one week earlier (no incidents)", testAnchor.Add(-8 * day), testAnchor.Add(-7 * day)},
	} {
		fmt.Fprintf(b, "| %s | %d |\n", r.name, len(rangeOf(t, tn, r.from, r.to)))
	}
	b.WriteString("\nPer JST calendar day (the incidents fall on Thursday 19 and Friday 20):\n\n| day (JST) | traces |\n|---|---:|\n")
	for d := 7; d >= 1; d-- {
		from := time.Date(2026, 11, 20-d, 0, 0, 0, 0, jst)
		fmt.Fprintf(b, "| %s | %d |\n", from.Format("Mon 2006-01-02"), len(rangeOf(t, tn, from, from.Add(day-time.Millisecond))))
	}
	base := statusCounts(list(t, quiet, testAnchor.Add(-day), testAnchor, trace.Filter{}))
	all := statusCounts(testDay(t))
	b.WriteString("\nStatus mix in the 24 h before the anchor:\n\n| status | baseline alone | with incidents |\n|---|---:|---:|\n")
	for _, s := range trace.Statuses() {
		if base[s]+all[s] > 0 {
			fmt.Fprintf(b, "| %s | %d | %d |\n", s, base[s], all[s])
		}
	}
}

func renderIncidents(t testing.TB, b *strings.Builder) {
	tn := testTenant()
	b.WriteString("\n### Incidents at the default seed\n\n")
	b.WriteString("| # | incident | window (anchor-relative) | at the test anchor (UTC) | messages | traces | statuses |\n|---|---|---|---|---:|---:|---|\n")
	for _, inc := range Incidents(Options{Anchor: testAnchor}) {
		rows := incidentRows(tn, inc.Number, inc.Start, inc.End)
		ids := map[string]bool{}
		var ts []trace.Trace
		for _, r := range rows {
			ids[r.ID] = true
			ts = append(ts, r.Trace)
		}
		fmt.Fprintf(b, "| %d | %s | A%s to A%s | %s–%s | %d | %d | %s |\n", inc.Number, inc.Name,
			signedDur(inc.Start.Sub(testAnchor)), signedDur(inc.End.Sub(testAnchor)),
			inc.Start.Format("01-02 15:04"), inc.End.Format("15:04"), len(ids), len(ts), statusList(statusCounts(ts)))
	}
	b.WriteString("\nActors (`Incident.Actors`):\n\n")
	for _, inc := range Incidents(Options{Anchor: testAnchor}) {
		fmt.Fprintf(b, "- %d: `%s`\n", inc.Number, strings.Join(inc.Actors, "`, `"))
	}
}

func renderReplays(t testing.TB, b *strings.Builder) {
	o := Options{Anchor: testAnchor, Replay: true, Now: func() time.Time { return testAnchor.Add(time.Hour) }}
	tn := New(o)
	b.WriteString("\n### Replays (Replay = true)\n\n| # | runs each hour after the anchor | messages | traces (first replay) |\n|---|---|---:|---:|\n")
	for _, inc := range Occurrences(o, testAnchor, testAnchor.Add(time.Hour)) {
		fmt.Fprintf(b, "| %d | +%s to +%s | %d | %d |\n", inc.Number, minutes(inc.Start.Sub(testAnchor)), minutes(inc.End.Sub(testAnchor)),
			specs[inc.Number-1].replayCount, len(incidentRows(tn, inc.Number, inc.Start, inc.End)))
	}
}

func renderSignals(t testing.TB, b *strings.Builder) {
	b.WriteString("\n### Signals for alert thresholds\n\nBusiest sliding window of each signal: baseline = 7 days before the anchor without incidents; original = 24 h before the anchor; replay = the first replay hour.\n\n")
	b.WriteString("| incident | signal | baseline max | original | replay |\n|---|---|---:|---:|---:|\n")
	for _, r := range measureSignals(t) {
		fmt.Fprintf(b, "| %d | %s | %d | %d | %d |\n", r.incident, r.name, r.baseline, r.original, r.replay)
	}
}

func renderIntel(b *strings.Builder) {
	b.WriteString("\n### Threat-intel feed (`IntelFeed`)\n\n| indicator | kind | confidence | actor | labels |\n|---|---|---:|---|---|\n")
	for _, e := range IntelFeed() {
		fmt.Fprintf(b, "| `%s` | %s | %d | %s | %s |\n", e.Indicator, e.Kind, e.Confidence, e.Actor, strings.Join(e.Labels, ", "))
	}
}

func renderGeo(b *strings.Builder) {
	b.WriteString("\n### Address blocks (`GeoIP`)\n\n| block | country | used for |\n|---|---|---|\n")
	for _, r := range geoRanges {
		fmt.Fprintf(b, "| %s | %s | %s |\n", r.prefix, r.country, r.note)
	}
	b.WriteString("\n")
}

// rangeOf answers from the cached week when it can.
func rangeOf(t testing.TB, tn *Tenant, from, to time.Time) []trace.Trace {
	if !from.Before(testAnchor.Add(-7*day)) && !to.After(testAnchor) {
		return between(testWeek(t), from, to)
	}
	return list(t, tn, from, to, trace.Filter{})
}

func statusList(m map[trace.Status]int) string {
	var parts []string
	for _, s := range trace.Statuses() {
		if m[s] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", s, m[s]))
		}
	}
	return strings.Join(parts, ", ")
}

func signedDur(d time.Duration) string {
	if d < 0 {
		return "−" + hm(-d)
	}
	return "+" + hm(d)
}

func hm(d time.Duration) string {
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%dm", d/time.Minute)
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	default:
		return fmt.Sprintf("%dh%02dm", d/time.Hour, d%time.Hour/time.Minute)
	}
}

func minutes(d time.Duration) string { return fmt.Sprintf("%dm", d/time.Minute) }
