package demo

import (
	"context"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

func liveTenant(now time.Time) (*Tenant, Options) {
	o := Options{Anchor: testAnchor, Replay: true, Now: func() time.Time { return now }}
	return New(o), o
}

// In the first hour after the anchor each incident replays for 7 minutes,
// one after the other, and the cycle repeats every hour.
func TestReplaySchedule(t *testing.T) {
	_, o := liveTenant(testAnchor)
	occ := Occurrences(o, testAnchor, testAnchor.Add(2*time.Hour))
	if len(occ) != 12 {
		t.Fatalf("%d replays in two hours, want 12", len(occ))
	}
	for i, inc := range occ {
		wantStart := testAnchor.Add(time.Duration(i/6)*time.Hour + 2*time.Minute + time.Duration(inc.Number-1)*7*time.Minute)
		if inc.Number != i%6+1 || !inc.Start.Equal(wantStart) || inc.End.Sub(inc.Start) != 7*time.Minute {
			t.Errorf("replay %d = incident %d [%v, %v), want incident %d from %v", i, inc.Number, inc.Start, inc.End, i%6+1, wantStart)
		}
	}
	if last := occ[5]; last.End.After(testAnchor.Add(45 * time.Minute)) {
		t.Errorf("first cycle ends at %v, leaving too little time to resolve within the hour", last.End)
	}
	all := Occurrences(o, testAnchor.Add(-day), testAnchor)
	if len(all) != 6 {
		t.Errorf("%d occurrences in the day before the anchor, want the 6 originals", len(all))
	}
	if n := len(Occurrences(Options{Anchor: testAnchor}, testAnchor, testAnchor.Add(time.Hour))); n != 0 {
		t.Errorf("%d replays without Replay", n)
	}
}

// The rows each replay produces, counted once it has settled.
func TestReplayRows(t *testing.T) {
	tn, o := liveTenant(testAnchor.Add(time.Hour))
	want := map[int]int{1: 90, 2: 47, 3: 558, 4: 6, 5: 4, 6: 10}
	for _, inc := range Occurrences(o, testAnchor, testAnchor.Add(time.Hour)) {
		rows := incidentRows(tn, inc.Number, inc.Start, inc.End)
		if len(rows) != want[inc.Number] {
			t.Errorf("replay of incident %d: %d rows, want %d", inc.Number, len(rows), want[inc.Number])
		}
		viaList := 0
		for _, tr := range list(t, tn, inc.Start, inc.End, trace.Filter{}) {
			if mentionsAny(tr, inc.Actors) {
				viaList++
			}
		}
		if viaList < len(rows) {
			t.Errorf("replay of incident %d: List shows %d actor rows, fewer than its %d", inc.Number, viaList, len(rows))
		}
	}
	// Without Replay the hour after the anchor is baseline only.
	quiet := New(Options{Anchor: testAnchor, Now: o.Now})
	for n := 1; n <= 6; n++ {
		if rows := incidentRows(quiet, n, testAnchor, testAnchor.Add(time.Hour)); len(rows) != 0 {
			t.Errorf("incident %d has %d rows after the anchor without Replay", n, len(rows))
		}
	}
}

// Nothing exists after Now, and rows settle as Now advances.
func TestNowMovesForward(t *testing.T) {
	now := testAnchor.Add(30 * time.Minute)
	tn, _ := liveTenant(now)
	ts := list(t, tn, testAnchor, testAnchor.Add(3*time.Hour), trace.Filter{})
	if len(ts) == 0 || ts[0].Received.After(now) {
		t.Fatalf("newest row %v, now %v", ts[0].Received, now)
	}
	later, _ := liveTenant(now.Add(11 * time.Minute))
	after := list(t, later, testAnchor, now, trace.Filter{})
	if len(after) != len(ts) {
		t.Fatalf("the same range has %d rows later, %d before", len(after), len(ts))
	}
	changed := 0
	for i := range ts {
		if ts[i].Status != after[i].Status {
			changed++
			if ts[i].Status != trace.StatusGettingStatus && ts[i].Status != trace.StatusPending {
				t.Fatalf("a settled %v row changed to %v", ts[i].Status, after[i].Status)
			}
		}
		if s := after[i].Status; s == trace.StatusGettingStatus || s == trace.StatusPending {
			t.Fatalf("row %v still %v 11 minutes later", after[i].Received, s)
		}
	}
	if changed == 0 {
		t.Error("no row settled as time went by")
	}
}

// The tenant keeps 90 days before Now; asking for more says so.
func TestRetention(t *testing.T) {
	now := testAnchor
	tn := testTenant()
	res, err := tn.List(context.Background(), trace.Request{From: now.Add(-91 * day), To: now.Add(-89 * day)})
	if err != nil {
		t.Fatal(err)
	}
	oldest := now.Add(-Retention)
	if !res.CoveredFrom.Equal(oldest) || len(res.Notices) != 1 || len(res.Traces) == 0 {
		t.Fatalf("covered from %v, notices %v, %d rows", res.CoveredFrom, res.Notices, len(res.Traces))
	}
	if res.Traces[len(res.Traces)-1].Received.Before(oldest) {
		t.Error("a row older than the retention")
	}
	res, _ = tn.List(context.Background(), trace.Request{From: now.Add(-100 * day), To: now.Add(-95 * day)})
	if len(res.Traces) != 0 || !res.CoveredFrom.IsZero() {
		t.Errorf("range before the retention returned %d rows", len(res.Traces))
	}
	res, _ = tn.List(context.Background(), trace.Request{From: now.Add(time.Minute), To: now.Add(time.Hour)})
	if len(res.Traces) != 0 {
		t.Errorf("range after now returned %d rows", len(res.Traces))
	}
}

func TestOptionDefaults(t *testing.T) {
	o := Options{}.normalized()
	if o.Seed != 1 || o.Anchor.IsZero() || !o.Now().Equal(o.Anchor) {
		t.Errorf("defaults = seed %d, anchor %v, now %v", o.Seed, o.Anchor, o.Now())
	}
	live := Options{Replay: true}.normalized()
	if time.Since(live.Now()) > time.Minute || time.Since(live.Anchor) > time.Minute {
		t.Errorf("live defaults: anchor %v, now %v", live.Anchor, live.Now())
	}
}
