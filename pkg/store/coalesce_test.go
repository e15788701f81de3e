package store

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Twenty panels with overlapping ranges inside the budget all answer completely
// on the first try, and the store reads the union of their ranges in at most 10 %
// more requests than the fewest possible.
func TestOverlappingRangesShareOnePlan(t *testing.T) {
	now := at(30 * 24 * h)
	src := &pagedSource{fakeSource: fakeSource{traces: every(now.Add(-10*24*h), now, time.Minute)}, pageSize: 500, budget: 35, after: time.Minute}
	src.gate = make(chan struct{})
	s, _ := newTestStore(t, src, now, Options{})

	var reqs []trace.Request
	for i := range 20 {
		from := now.Add(-10*24*h + time.Duration(i)*7*h)
		to := now.Add(-time.Duration(19-i)*5*h - time.Millisecond)
		reqs = append(reqs, req(from, to))
	}
	snaps := make([]table.Snapshot, len(reqs))
	errs := make([]error, len(reqs))
	var wg sync.WaitGroup
	// The panels arrive one after another while the first read is still
	// running (Graph takes seconds per page); each asks for 5 more hours.
	var queued int64
	for i, r := range reqs {
		wg.Go(func() { snaps[i], errs[i] = s.Load(context.Background(), r) })
		queued = s.index(r.To) - s.index(reqs[0].From) + 1
		eventually(t, "the panel's buckets queued", func() bool { return s.Stats().InFlight == int(queued) })
		if i == 0 {
			eventually(t, "the first read", func() bool { return src.callCount() == 1 })
		}
	}
	close(src.gate)
	wg.Wait()

	for i, r := range reqs {
		if errs[i] != nil {
			t.Fatalf("panel %d: %v", i, errs[i])
		}
		got := inRange(rowsOf(snaps[i]), r.From, r.To)
		if want := inRange(src.traces, r.From, r.To); got != want || len(snaps[i].Notices) != 0 {
			t.Errorf("panel %d: %d rows of %d, notices %v", i, got, want, snaps[i].Notices)
		}
	}
	minimum := src.minRequests(now.Add(-10*24*h), now)
	requests, _ := src.counts()
	if limit := int(math.Floor(float64(minimum) * 1.1)); requests > limit {
		t.Errorf("%d upstream requests, want at most %d (the union's minimum %d + 10 %%)", requests, limit, minimum)
	}
	t.Logf("%d upstream requests for the union (minimum %d), %d List calls", requests, minimum, src.callCount())
}

// A 30-day load the budget stops midway continues, after the retry time, at the
// page it stopped at: over both attempts it spends no request twice except the
// one that reads the rest of the bucket where the window stopped.
func TestInterruptedLoadResumes(t *testing.T) {
	now := at(100 * 24 * h)
	from := now.Add(-30 * 24 * h)
	src := &pagedSource{fakeSource: fakeSource{traces: every(from, now, 37*time.Second)}, pageSize: 5000, budget: 9, after: time.Minute}
	s, clk := newTestStore(t, src, now, Options{})
	r := req(from, now)
	snap, err := s.Load(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Notices) == 0 || snap.Rows() == 0 {
		t.Fatalf("first load: %d rows, notices %v; want a partial result", snap.Rows(), snap.Notices)
	}
	src.setBudget(100)
	clk.set(now.Add(time.Minute)) // retry time; the newest buckets are also due for a refresh then
	refreshed := src.minRequests(now.Add(-24*h), now.Add(time.Minute))
	if snap, err = s.Load(context.Background(), req(from, now)); err != nil {
		t.Fatal(err)
	}
	if got, want := inRange(rowsOf(snap), from, now), len(src.traces); got != want || len(snap.Notices) != 0 {
		t.Errorf("second load: %d rows of %d, notices %v", got, want, snap.Notices)
	}
	requests, resumed := src.counts()
	minimum := src.minRequests(from, now)
	if resumed != 1 || requests > minimum+refreshed+1 {
		t.Errorf("%d requests (%d resumed calls), want at most %d: the minimum %d, %d for refreshing the last day, 1 for the rest of the stopped bucket",
			requests, resumed, minimum+refreshed+1, minimum, refreshed)
	}
	t.Logf("%d requests over two loads, minimum %d, calls %v", requests, minimum, len(src.callList()))
}
