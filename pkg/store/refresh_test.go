package store

import (
	"context"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

const m = time.Minute

// Loads of one bucket [t0, t0+1h) at fixed times re-read it exactly per policy.
func TestRefreshSchedule(t *testing.T) {
	steps := []struct {
		at    time.Duration // clock, from t0
		fetch bool
		why   string
	}{
		{30 * m, true, "missing"},
		{30*m + 59*time.Second, false, "read 59 s ago, bucket not over: once a minute"},
		{31 * m, true, "read a minute ago"},
		{45 * m, true, "14 min since"},
		{h + 59*m, true, "ended 59 min ago: still the 1-minute rule"},
		{2 * h, false, "ended 1 h ago: every 15 min, read 1 min ago"},
		{2*h + 13*m, false, "14 min since"},
		{2*h + 14*m, true, "15 min since"},
		{24*h + 50*m, true, "ended 23 h 50 min ago"},
		{24*h + 59*m, false, "9 min since"},
		{25 * h, true, "settled, last read before it settled: one final read"},
		{25*h + m, false, "settled and read after settling"},
		{100 * h, false, "settled"},
	}
	src := &fakeSource{traces: every(at(0), at(h), 10*m)}
	s, clk := newTestStore(t, src, at(0), Options{})
	fetches := 0
	for _, st := range steps {
		clk.set(at(st.at))
		before := src.callCount()
		snap, err := s.Load(context.Background(), req(at(0), at(h-time.Millisecond)))
		if err != nil {
			t.Fatalf("at %v: %v", st.at, err)
		}
		if got := src.callCount() > before; got != st.fetch {
			t.Errorf("at %v (%s): fetched = %v, want %v", st.at, st.why, got, st.fetch)
		}
		if st.fetch {
			fetches++
		}
		if want := min(6, int(st.at/(10*m))+1); snap.Rows() != want {
			t.Errorf("at %v: %d rows, want %d", st.at, snap.Rows(), want)
		}
	}
	if got := src.callCount(); got != fetches || got != 7 {
		t.Errorf("%d List calls, want 1 read + 6 re-reads", got)
	}
}

func TestRefreshPolicyStale(t *testing.T) {
	end := at(h)
	custom := RefreshPolicy{Rules: []RefreshRule{{Age: 2 * h, Every: 5 * m}}}
	none := RefreshPolicy{Rules: []RefreshRule{}}
	cases := []struct {
		name        string
		p           RefreshPolicy
		readAt, now time.Duration
		want        bool
	}{
		{"custom young, within interval", custom, 50 * m, 54 * m, false},
		{"custom young, interval passed", custom, 50 * m, 55 * m, true},
		{"custom settled after 2h, read before", custom, 2 * h, 3 * h, true},
		{"custom settled, read after", custom, 3 * h, 4 * h, false},
		{"no rules, bucket not over", none, 30 * m, 59 * m, false},
		{"no rules, bucket over, read while open", none, 30 * m, h, true},
		{"no rules, read after it ended", none, h, 10 * h, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.p.stale(end, at(c.readAt), at(c.now)); got != c.want {
				t.Errorf("stale = %v, want %v", got, c.want)
			}
		})
	}
}

// A bucket whose refresh is still running after MaxWait is served from the
// previous read with a notice; the refresh completes for the next Load.
func TestRefreshServedStaleAfterMaxWait(t *testing.T) {
	src := &fakeSource{traces: every(at(0), at(h), 10*m)}
	s, clk := newTestStore(t, src, at(30*m), Options{MaxWait: 10 * time.Millisecond})
	r := req(at(0), at(h-time.Millisecond))
	if _, err := s.Load(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	src.mu.Lock()
	src.gate = make(chan struct{})
	src.mu.Unlock()
	clk.set(at(40 * m))
	snap, err := s.Load(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	want := trace.Notice{Severity: trace.SeverityInfo, Text: "1 of 1 hour (2026-10-01 00:00 – 01:00 UTC) being refreshed; showing the previous read"}
	if snap.Rows() != 4 || len(snap.Notices) != 1 || snap.Notices[0] != want {
		t.Errorf("rows %d, notices %v", snap.Rows(), snap.Notices)
	}
	close(src.gate)
	eventually(t, "the refresh", func() bool { return s.Stats().InFlight == 0 })
	snap, err = s.Load(context.Background(), r)
	if err != nil || snap.Rows() != 5 || len(snap.Notices) != 0 || src.callCount() != 2 {
		t.Errorf("after refresh: rows %d, notices %v, calls %d, err %v", snap.Rows(), snap.Notices, src.callCount(), err)
	}
}
