package demo

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// signal is one quantity an alert rule could watch, measured over a range as
// the busiest sliding window.
type signal struct {
	name     string
	incident int
	measure  func([]trace.Trace) int
}

var signals = []signal{
	// Inbound only: the compromised account's outbound spam is quarantined too.
	{"inbound quarantined + filteredAsSpam traces in any 10 minutes", 1, func(ts []trace.Trace) int {
		return slidingMax(times(ts, func(tr trace.Trace) bool {
			return !isInternal(tr.Sender) && (tr.Status == trace.StatusQuarantined || tr.Status == trace.StatusFilteredAsSpam)
		}), 10*time.Minute)
	}},
	{"traces whose subject fits the incident-2 template, in any hour", 2, func(ts []trace.Trace) int {
		return slidingMax(times(ts, func(tr trace.Trace) bool { return campaignTemplate.MatchString(tr.Subject) }), time.Hour)
	}},
	{"traces from one internal sender in any hour", 3, func(ts []trace.Trace) int {
		return perKeyMax(ts, func(tr trace.Trace) string {
			if isInternal(tr.Sender) {
				return tr.Sender
			}
			return ""
		}, time.Hour)
	}},
	{"messages of 10 MB or more from one sender to webmail in any 2 hours", 4, func(ts []trace.Trace) int {
		return perKeyMax(distinctMessages(ts), func(tr trace.Trace) string {
			if tr.Size >= 10*mb && domainOf(tr.Recipient) == freemailDomain {
				return tr.Sender
			}
			return ""
		}, 2*time.Hour)
	}},
	{"traces from senders on the intel feed (confidence >= 50) in any hour", 5, func(ts []trace.Trace) int {
		return slidingMax(times(ts, func(tr trace.Trace) bool { return intelHit(tr.Sender) || intelHit(domainOf(tr.Sender)) }), time.Hour)
	}},
	{"traces from or to countries outside JP/US/CN/DE in any hour", 6, func(ts []trace.Trace) int {
		return slidingMax(times(ts, func(tr trace.Trace) bool { return unusual(tr.FromIP) || unusual(tr.ToIP) }), time.Hour)
	}},
}

func intelHit(indicator string) bool {
	for _, e := range intelFeed {
		if e.Confidence >= 50 && strings.EqualFold(e.Indicator, indicator) {
			return true
		}
	}
	return false
}

func unusual(ip string) bool { return ip != "" && !slices.Contains(UsualCountries, GeoIP(ip)) }

func times(ts []trace.Trace, keep func(trace.Trace) bool) []int64 {
	var out []int64
	for _, tr := range ts {
		if keep(tr) {
			out = append(out, tr.Received.UnixMilli())
		}
	}
	slices.Sort(out)
	return out
}

// slidingMax is the largest number of sorted times inside any window [t, t+w).
func slidingMax(ts []int64, w time.Duration) int {
	best, lo := 0, 0
	for hi := range ts {
		for ts[hi]-ts[lo] >= w.Milliseconds() {
			lo++
		}
		best = max(best, hi-lo+1)
	}
	return best
}

// perKeyMax is slidingMax per key (empty keys are ignored), maximised over keys.
func perKeyMax(ts []trace.Trace, key func(trace.Trace) string, w time.Duration) int {
	groups := map[string][]int64{}
	for _, tr := range ts {
		if k := key(tr); k != "" {
			groups[k] = append(groups[k], tr.Received.UnixMilli())
		}
	}
	best := 0
	for _, g := range groups {
		slices.Sort(g)
		best = max(best, slidingMax(g, w))
	}
	return best
}

func distinctMessages(ts []trace.Trace) []trace.Trace {
	seen := map[string]bool{}
	var out []trace.Trace
	for _, tr := range ts {
		if !seen[tr.ID] {
			seen[tr.ID] = true
			out = append(out, tr)
		}
	}
	return out
}

// signalTable measures every signal on the quiet baseline (7 days), on the
// day before the anchor, and on the first replay cycle of the live demo.
type signalRow struct {
	signal
	baseline, original, replay int
}

func measureSignals(t testing.TB) []signalRow {
	base := quietWeek(t)
	orig := testDay(t)
	live := New(Options{Anchor: testAnchor, Replay: true, Now: func() time.Time { return testAnchor.Add(time.Hour) }})
	replay := list(t, live, testAnchor, testAnchor.Add(time.Hour), trace.Filter{})
	var out []signalRow
	for _, s := range signals {
		out = append(out, signalRow{s, s.measure(base), s.measure(orig), s.measure(replay)})
	}
	return out
}

// The quiet baseline stays far below what every incident produces, both in
// its original occurrence and in a 7-minute replay, so a threshold between
// them fires on the incident and never on the baseline.
func TestSignalsSeparateIncidentsFromBaseline(t *testing.T) {
	for _, r := range measureSignals(t) {
		if r.original < 2*r.baseline+3 || r.replay < 2*r.baseline+3 {
			t.Errorf("incident %d, %s: baseline %d, original %d, replay %d", r.incident, r.name, r.baseline, r.original, r.replay)
		}
	}
}
