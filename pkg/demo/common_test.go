package demo

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// testAnchor is Friday 2026-11-20 12:00 JST, the anchor every pinned number uses.
var testAnchor = time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)

const day = 24 * time.Hour

func testTenant() *Tenant { return New(Options{Anchor: testAnchor}) }

// quietTenant is the test tenant without incidents: the baseline alone.
func quietTenant() *Tenant {
	t := testTenant()
	t.gen.incidents = false
	return t
}

func list(t testing.TB, tn *Tenant, from, to time.Time, f trace.Filter) []trace.Trace {
	t.Helper()
	res, err := tn.List(context.Background(), trace.Request{From: from, To: to, Filter: f})
	if err != nil {
		t.Fatal(err)
	}
	return res.Traces
}

func statusCounts(ts []trace.Trace) map[trace.Status]int {
	m := map[trace.Status]int{}
	for _, tr := range ts {
		m[tr.Status]++
	}
	return m
}

// incidentRows returns the rows incident n produced between from and to,
// using the generator's own labels.
func incidentRows(tn *Tenant, n int, from, to time.Time) []row {
	var out []row
	for h := hourOf(from.UnixMilli()); h <= hourOf(to.UnixMilli()); h++ {
		for _, r := range tn.gen.hour(h) {
			if int(r.incident) == n && !r.Received.Before(from) && !r.Received.After(to) {
				out = append(out, r)
			}
		}
	}
	return out
}

// Shared read-only lists: several tests scan the same ranges.
var (
	quietWeekOnce, testWeekOnce sync.Once
	quietWeekRows, testWeekRows []trace.Trace
)

// quietWeek is the baseline alone over the 7 days before the anchor.
func quietWeek(t testing.TB) []trace.Trace {
	quietWeekOnce.Do(func() { quietWeekRows = list(t, quietTenant(), testAnchor.Add(-7*day), testAnchor, trace.Filter{}) })
	return quietWeekRows
}

// testWeek is the default tenant over the 7 days before the anchor.
func testWeek(t testing.TB) []trace.Trace {
	testWeekOnce.Do(func() { testWeekRows = list(t, testTenant(), testAnchor.Add(-7*day), testAnchor, trace.Filter{}) })
	return testWeekRows
}

// testDay is the default tenant over the 24 h before the anchor.
func testDay(t testing.TB) []trace.Trace {
	return between(testWeek(t), testAnchor.Add(-day), testAnchor)
}

// between returns the rows of a newest-first list received in [from, to].
func between(ts []trace.Trace, from, to time.Time) []trace.Trace {
	lo, _ := slices.BinarySearchFunc(ts, to, func(tr trace.Trace, t time.Time) int { return t.Compare(tr.Received) })
	hi, _ := slices.BinarySearchFunc(ts, from, func(tr trace.Trace, t time.Time) int {
		if tr.Received.Before(t) {
			return 1
		}
		return -1
	})
	return ts[lo:hi]
}
