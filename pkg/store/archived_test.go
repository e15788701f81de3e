package store

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/archive"
	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// keeping90 is a source that, like Graph, serves only the last 90 days.
type keeping90 struct{ *fakeSource }

func (keeping90) Retention(now time.Time) (time.Time, string) {
	return now.UTC().Truncate(24*time.Hour).AddDate(0, 0, -89), retainedWhy
}

func openArchive(t *testing.T, path string) archive.Archive {
	t.Helper()
	a, err := archive.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })
	return a
}

// requestedHours lists the hours the calls asked for (From inclusive, To exclusive).
func requestedHours(calls []trace.Request) []time.Time {
	var out []time.Time
	for _, c := range calls {
		for h := c.From.Truncate(time.Hour); h.Before(c.To); h = h.Add(time.Hour) {
			out = append(out, h)
		}
	}
	slices.SortFunc(out, time.Time.Compare)
	return slices.CompactFunc(out, time.Time.Equal)
}

func mustLoad(t *testing.T, s *Store, r trace.Request) table.Snapshot {
	t.Helper()
	snap, err := s.Load(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// TestArchiveRestart: a second store on the same archive (a restarted plugin)
// answers the 8-day range exactly, and asks the source for exactly the hours
// ArchiveMissing names: the still-settling and the unfinished one.
func TestArchiveRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.sqlite")
	now := t0.Add(8*24*time.Hour + 30*time.Minute)
	src := &fakeSource{}
	src.set(every(t0, now, 90*time.Second))
	r := req(t0, now)

	a1 := openArchive(t, path)
	s1, _ := newTestStore(t, src, now, Options{Archive: a1})
	first := rowsOf(mustLoad(t, s1, r))
	if len(first) != 7700 {
		t.Fatalf("first load: %d rows, want 7700", len(first))
	}
	if st := s1.Stats(); st.ArchiveWrites != int64(src.callCount()) || st.ArchiveErrors != 0 {
		t.Fatalf("writes %d for %d calls, %d errors", st.ArchiveWrites, src.callCount(), st.ArchiveErrors)
	}
	s1.Close()
	_ = a1.Close()

	later := now.Add(10 * time.Minute)
	a2 := openArchive(t, path)
	want, err := ArchiveMissing(context.Background(), a2, DefaultRefresh(), t0, later, later)
	if err != nil {
		t.Fatal(err)
	}
	// The last full hour (ended 40 min ago, read 10 min ago) and the current one.
	if len(want) != 2 {
		t.Fatalf("ArchiveMissing = %v, want the last two hours", want)
	}
	before := src.callCount()
	s2, _ := newTestStore(t, src, later, Options{Archive: a2})
	second := rowsOf(mustLoad(t, s2, r))
	if !slices.EqualFunc(first, second, func(a, b trace.Trace) bool { return a == b }) {
		t.Fatalf("after the restart %d rows differ from the %d before", len(second), len(first))
	}
	got := requestedHours(src.callList()[before:])
	if !slices.EqualFunc(got, want, time.Time.Equal) {
		t.Errorf("restart asked the source for %v, want %v", got, want)
	}
}

// TestArchiveHistory: aged past the source's 90 days, the range still answers
// from the archive without a source call; after pruning it is gone, with a
// notice saying why.
func TestArchiveHistory(t *testing.T) {
	a := openArchive(t, filepath.Join(t.TempDir(), "a.sqlite"))
	now := t0.Add(3 * 24 * time.Hour)
	src := keeping90{&fakeSource{}}
	src.set(every(t0, now, 10*time.Minute))
	s, clk := newTestStore(t, src, now, Options{Archive: a})
	r := req(t0, t0.Add(48*time.Hour))
	first := rowsOf(mustLoad(t, s, r))
	if len(first) != 294 {
		t.Fatalf("%d rows, want 294 (whole buckets)", len(first))
	}

	clk.set(now.Add(120 * 24 * time.Hour))
	s2, _ := newTestStore(t, src, clk.Now(), Options{Archive: a}) // nothing in memory
	before := src.callCount()
	snap := mustLoad(t, s2, r)
	if got := rowsOf(snap); !slices.Equal(got, first) {
		t.Fatalf("aged range: %d rows, want the %d archived", len(got), len(first))
	}
	if n := src.callCount() - before; n != 0 {
		t.Errorf("%d source calls for a range older than 90 days", n)
	}
	if len(snap.Notices) != 0 {
		t.Errorf("notices %v for a fully archived old range", snap.Notices)
	}
	// A filtered query of the old range is served by the unfiltered archive.
	fr := r
	fr.Filter = trace.Filter{Sender: "a@example.com"}
	if got := rowsOf(mustLoad(t, s2, fr)); len(got) != 294 || src.callCount() != before {
		t.Errorf("filtered old range: %d rows, %d calls", len(got), src.callCount()-before)
	}

	cutoff := t0.Add(24 * time.Hour)
	n, err := a.Prune(context.Background(), cutoff)
	if err != nil || n != 144 {
		t.Fatalf("pruned %d rows (%v), want 144", n, err)
	}
	s3, _ := newTestStore(t, src, clk.Now(), Options{Archive: a})
	snap = mustLoad(t, s3, r)
	if got := rowsOf(snap); len(got) != 150 || !got[0].Received.Equal(cutoff) {
		t.Fatalf("after pruning: %d rows, want the 150 from %s", len(got), cutoff)
	}
	if len(snap.Notices) != 1 || !strings.Contains(snap.Notices[0].Text, "archive holds no complete copy") {
		t.Errorf("notices %v", snap.Notices)
	}
	if src.callCount() != before {
		t.Errorf("pruned hours were asked of the source")
	}
}

// failingArchive wraps an archive and fails every write.
type failingArchive struct{ Archive }

func (failingArchive) Write(context.Context, archive.Window) error {
	return errors.New("disk full")
}

// TestArchiveWriteFailure: a failing archive is a warning on the panel, never a
// failed query, and health sees it.
func TestArchiveWriteFailure(t *testing.T) {
	a := openArchive(t, filepath.Join(t.TempDir(), "a.sqlite"))
	now := t0.Add(2 * time.Hour)
	src := &fakeSource{}
	src.set(every(t0, now, time.Minute))
	s, _ := newTestStore(t, src, now, Options{Archive: failingArchive{a}})
	snap := mustLoad(t, s, req(t0, now))
	if len(rowsOf(snap)) != 120 {
		t.Fatalf("%d rows, want 120", len(rowsOf(snap)))
	}
	if len(snap.Notices) != 1 || !strings.Contains(snap.Notices[0].Text, "could not store the latest read (disk full)") {
		t.Errorf("notices %v", snap.Notices)
	}
	if st := s.Stats(); st.ArchiveErrors != 1 || st.ArchiveError != "disk full" {
		t.Errorf("stats: %d errors, %q", st.ArchiveErrors, st.ArchiveError)
	}
}

// TestArchivePartialRead: rows of a read that failed part-way are archived but
// their hours are not marked, so a restart fetches them again.
func TestArchivePartialRead(t *testing.T) {
	a := openArchive(t, filepath.Join(t.TempDir(), "a.sqlite"))
	now := t0.Add(4 * time.Hour)
	src := &fakeSource{}
	src.set(every(t0, now, time.Minute))
	src.respond = func(n int, req trace.Request, res trace.Result) (trace.Result, error) {
		if n == 0 { // Graph returns the newest page, then fails
			res.Traces = res.Traces[len(res.Traces)-30:]
			res.CoveredFrom = res.Traces[0].Received
			return res, errBoom
		}
		return res, nil
	}
	s, _ := newTestStore(t, src, now, Options{Archive: a})
	snap := mustLoad(t, s, req(t0, now))
	if len(rowsOf(snap)) != 30 {
		t.Fatalf("%d rows, want 30", len(rowsOf(snap)))
	}
	var archived int
	if err := a.Read(context.Background(), t0, now, func(trace.Trace) error { archived++; return nil }); err != nil {
		t.Fatal(err)
	}
	hours, err := a.Hours(context.Background(), t0, now)
	if err != nil {
		t.Fatal(err)
	}
	if archived != 30 || len(hours) != 0 {
		t.Errorf("archive holds %d rows and %d hours, want 30 and none", archived, len(hours))
	}
}

// TestArchiveEvictsLeastRecentlyUsed: over the cap, buckets older than the
// in-memory window go first, least recently used first, before the hot ones;
// an evicted range comes back from the archive, not from the source.
func TestArchiveEvictsLeastRecentlyUsed(t *testing.T) {
	a := openArchive(t, filepath.Join(t.TempDir(), "a.sqlite"))
	now := t0.Add(10 * 24 * time.Hour)
	src := &fakeSource{}
	src.set(every(t0, now, time.Minute))
	day := func(d int) trace.Request {
		return req(t0.Add(time.Duration(d)*24*time.Hour), t0.Add(time.Duration(d+1)*24*time.Hour-time.Millisecond))
	}
	// Archive everything, and measure what one day costs in memory.
	fill, _ := newTestStore(t, src, now, Options{Archive: a, MaxBytes: -1})
	mustLoad(t, fill, req(t0, now))
	perDay := fill.Stats().Bytes / 10
	fill.Close()

	s, _ := newTestStore(t, src, now, Options{Archive: a, Window: 24 * time.Hour, MaxBytes: perDay * 5 / 2})
	calls := src.callCount()
	mustLoad(t, s, day(2))
	mustLoad(t, s, day(5))
	mustLoad(t, s, day(2)) // day 2 is now used more recently than day 5
	mustLoad(t, s, day(9)) // hot: inside the window
	cached := map[int]int{}
	for _, idx := range cachedBuckets(s) {
		cached[int(idx/24)]++
	}
	if cached[2] != 24 || cached[9] != 24 || cached[5] == 24 || cached[5] == 0 {
		t.Errorf("cached buckets per day %v: want days 2 and 9 whole and day 5 partly evicted", cached)
	}
	if got := rowsOf(mustLoad(t, s, day(5))); len(got) != 1440 {
		t.Errorf("day 5 again: %d rows, want 1440", len(got))
	}
	if n := src.callCount() - calls; n != 0 { // everything was archived at now
		t.Errorf("%d source calls, want none", n)
	}
}

// TestHeapCap: with HeapLive set, the cap also holds against the live heap:
// a reading over the cap lowers the limit by the excess once per reading, and a
// zero reading (no collection yet) evicts nothing.
func TestHeapCap(t *testing.T) {
	now := t0.Add(10 * 24 * time.Hour)
	src := &fakeSource{}
	src.set(every(t0, now, time.Minute))
	var heap int64
	s, _ := newTestStore(t, src, now, Options{MaxBytes: 1 << 30, HeapLive: func() int64 { return heap }})
	mustLoad(t, s, req(t0, now))
	full := s.Stats()
	if full.Evictions != 0 || full.Buckets != 241 { // 240 hours and the one at now
		t.Fatalf("heap 0: %d evictions, %d buckets", full.Evictions, full.Buckets)
	}
	heap = 1<<30 + full.Bytes/2 // the process is half the store's size over the cap
	mustLoad(t, s, req(now.Add(-time.Hour), now))
	st := s.Stats()
	// Rows are spread evenly, so half the accounted bytes is half the buckets.
	if st.Buckets < 115 || st.Buckets > 121 || int(st.Evictions) != full.Buckets-st.Buckets {
		t.Errorf("after a heap over the cap by half the store: %d of %d buckets kept, %d evictions", st.Buckets, full.Buckets, st.Evictions)
	}
	// The same reading again (no collection since) evicts nothing more.
	mustLoad(t, s, req(now.Add(-time.Hour), now))
	if again := s.Stats(); again.Evictions != st.Evictions {
		t.Errorf("the same heap reading evicted %d more buckets", again.Evictions-st.Evictions)
	}
}
