package demo

import "testing"

func TestIntelFeed(t *testing.T) {
	feed := IntelFeed()
	feed[0].Labels[0] = "changed"
	if IntelFeed()[0].Labels[0] == "changed" {
		t.Fatal("IntelFeed shares its slices")
	}
	ips := map[string]bool{}
	for _, inc := range Incidents(Options{Anchor: testAnchor}) {
		if inc.Number == 6 {
			for _, a := range inc.Actors {
				ips[a] = true
			}
		}
	}
	kinds := map[string]int{}
	geoIPs := 0
	for _, e := range IntelFeed() {
		kinds[e.Kind]++
		if e.Confidence < 0 || e.Confidence > 100 || e.Actor == "" || len(e.Labels) == 0 {
			t.Errorf("bad entry %+v", e)
		}
		if e.Kind == "ip" && ips[e.Indicator] {
			geoIPs++
		}
	}
	if kinds["email"] == 0 || kinds["domain"] == 0 || kinds["ip"] == 0 || geoIPs < 2 {
		t.Errorf("feed kinds %v, incident-6 IPs %d", kinds, geoIPs)
	}
}

// Only incident 5 (and a low-confidence spam domain) match the feed in the
// baseline-plus-incidents day; a rule on confidence >= 50 sees incidents 5 and 6.
func TestIntelMatches(t *testing.T) {
	matches := map[string]int{}
	for _, tr := range quietWeek(t) {
		for _, e := range IntelFeed() {
			if e.Confidence >= 50 && (tr.Sender == e.Indicator || domainOf(tr.Sender) == e.Indicator || tr.FromIP == e.Indicator || tr.ToIP == e.Indicator) {
				matches[e.Indicator]++
			}
		}
	}
	if len(matches) != 0 {
		t.Errorf("baseline matches the feed at confidence >= 50: %v", matches)
	}
}
