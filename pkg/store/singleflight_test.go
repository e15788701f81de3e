package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

const h = time.Hour

// loadAll runs the requests concurrently and returns their snapshots.
func loadAll(t *testing.T, s *Store, reqs []trace.Request) []table.Snapshot {
	t.Helper()
	out := make([]table.Snapshot, len(reqs))
	errs := make([]error, len(reqs))
	var wg sync.WaitGroup
	for i, r := range reqs {
		wg.Go(func() { out[i], errs[i] = s.Load(context.Background(), r) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("load %d: %v", i, err)
		}
	}
	return out
}

// Twenty Loads joining one fetch in flight cost exactly that one List call.
func TestConcurrentLoadsShareOneFetch(t *testing.T) {
	src := &fakeSource{traces: every(at(-48*h), at(0), 10*time.Minute), gate: make(chan struct{})}
	s, _ := newTestStore(t, src, at(30*24*h), Options{})

	first := req(at(-48*h), at(-time.Millisecond)) // 48 buckets
	reqs := []trace.Request{first}
	wantShared := int64(0)
	for i := range 19 { // 25 buckets each, inside the first range, overlapping each other
		reqs = append(reqs, req(at(time.Duration(i-48)*h+7*time.Minute), at(time.Duration(i-24)*h)))
		wantShared += 25
	}
	snaps := make([]table.Snapshot, len(reqs))
	errs := make([]error, len(reqs))
	var wg sync.WaitGroup
	load := func(i int) { wg.Go(func() { snaps[i], errs[i] = s.Load(context.Background(), reqs[i]) }) }
	load(0)
	eventually(t, "the first fetch", func() bool { return src.callCount() == 1 })
	for i := 1; i < len(reqs); i++ {
		load(i)
	}
	eventually(t, "19 waiters", func() bool { return s.Stats().Shared == wantShared })
	close(src.gate)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("load %d: %v", i, err)
		}
	}

	calls := src.callList()
	if want := req(at(-48*h), at(0)); len(calls) != 1 || calls[0] != want {
		t.Fatalf("calls = %v, want exactly [%v]", calls, want)
	}
	for i, snap := range snaps {
		first, last := s.start(s.index(reqs[i].From)), s.start(s.index(reqs[i].To)+1)
		if got, want := snap.Rows(), inRange(src.traces, first, last.Add(-time.Millisecond)); got != want {
			t.Errorf("load %d: %d rows, want %d", i, got, want)
		}
	}
}

// Loads racing for the same missing buckets make one call, whoever comes first.
func TestRacingLoadsFetchMissingBucketsOnce(t *testing.T) {
	src := &fakeSource{traces: every(at(-48*h), at(24*h), 10*time.Minute)}
	s, _ := newTestStore(t, src, at(30*24*h), Options{})
	loadAll(t, s, []trace.Request{req(at(-48*h), at(-time.Millisecond))})

	var reqs []trace.Request
	for i := range 20 { // all reach into [t0, t0+24h), which nobody has read
		reqs = append(reqs, req(at(time.Duration(i-48)*h), at(24*h-time.Millisecond-time.Duration(i)*time.Minute)))
	}
	snaps := loadAll(t, s, reqs)
	calls := src.callList()
	if want := req(at(0), at(24*h)); len(calls) != 2 || calls[1] != want {
		t.Fatalf("calls = %v, want the first load's and then exactly %v", calls, want)
	}
	for i, snap := range snaps {
		if want := inRange(src.traces, s.start(s.index(reqs[i].From)), at(24*h)); snap.Rows() != want {
			t.Errorf("load %d: %d rows, want %d", i, snap.Rows(), want)
		}
	}
}

// However overlapping Loads interleave, every bucket is fetched exactly once and
// contiguous missing buckets go out as one call.
func TestOverlappingLoadsFetchEachBucketOnce(t *testing.T) {
	src := &fakeSource{traces: every(at(0), at(48*h), 10*time.Minute)}
	s, _ := newTestStore(t, src, at(30*24*h), Options{})
	var reqs []trace.Request
	for i := range 20 {
		reqs = append(reqs, req(at(time.Duration(i)*h), at(time.Duration(i+24)*h-time.Millisecond)))
	}
	loadAll(t, s, reqs)

	calls := src.callList()
	if len(calls) > len(reqs) {
		t.Fatalf("%d calls for %d loads", len(calls), len(reqs))
	}
	fetched := map[int64]int{}
	for _, c := range calls {
		for idx := s.index(c.From); idx < s.index(c.To); idx++ {
			fetched[idx-s.index(t0)]++
		}
	}
	for idx := range int64(43) {
		if fetched[idx] != 1 {
			t.Errorf("bucket %d fetched %d times", idx, fetched[idx])
		}
	}
	if len(fetched) != 43 {
		t.Errorf("fetched %d buckets, want 43", len(fetched))
	}
}

// A long missing range goes out in 10-day calls, newest first, and the source's
// notices reach the snapshot once.
func TestLongRangeSplitsNewestFirst(t *testing.T) {
	clamp := trace.Notice{Severity: trace.SeverityInfo, Text: "clamped"}
	src := &fakeSource{
		traces: every(at(0), at(25*24*h), h),
		respond: func(_ int, _ trace.Request, res trace.Result) (trace.Result, error) {
			res.Notices = []trace.Notice{clamp}
			return res, nil
		},
	}
	s, _ := newTestStore(t, src, at(60*24*h), Options{})
	snap, err := s.Load(context.Background(), req(at(0), at(25*24*h-time.Millisecond)))
	if err != nil {
		t.Fatal(err)
	}
	want := []trace.Request{req(at(15*24*h), at(25*24*h)), req(at(5*24*h), at(15*24*h)), req(at(0), at(5*24*h))}
	if got := src.callList(); !equalReqs(got, want) {
		t.Errorf("calls = %v, want %v", got, want)
	}
	if snap.Rows() != 25*24 || len(snap.Notices) != 1 || snap.Notices[0] != clamp {
		t.Errorf("rows %d, notices %v", snap.Rows(), snap.Notices)
	}
}

// Buckets that start after now are not fetched; the current one is read up to now.
func TestFutureBucketsSkipped(t *testing.T) {
	src := &fakeSource{traces: every(at(0), at(90*time.Minute), time.Minute)}
	s, _ := newTestStore(t, src, at(90*time.Minute), Options{})
	snap, err := s.Load(context.Background(), req(at(0), at(5*h)))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := src.callList(), []trace.Request{req(at(0), at(90*time.Minute))}; !equalReqs(got, want) {
		t.Errorf("calls = %v, want %v", got, want)
	}
	if snap.Rows() != 90 || len(snap.Tables) != 2 {
		t.Errorf("%d rows in %d tables, want 90 in 2", snap.Rows(), len(snap.Tables))
	}
}

func equalReqs(a, b []trace.Request) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
