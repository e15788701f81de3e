package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/archive"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// benchArchive is the benchmark corpus written through a store into a SQLite
// archive, built once per run in a temporary directory.
func benchArchive(b *testing.B) (string, time.Time) {
	return benchArchiveOf(b, benchCorpus(), benchRange())
}

// benchArchiveOf writes corpus (sorted, covering r) through a store into a new
// SQLite archive and returns its path and a restart time a minute later.
func benchArchiveOf(b *testing.B, corpus []trace.Trace, r trace.Request) (string, time.Time) {
	b.Helper()
	dir, err := os.MkdirTemp("", "store-archive-bench")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = os.RemoveAll(dir) })
	path := filepath.Join(dir, "a.sqlite")
	now := r.To.Add(30 * time.Minute) // no hour settles in the minute before the restart
	a, err := archive.OpenSQLite(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	s := New(sliceSource{corpus}, Options{MaxBytes: -1, MaxWait: time.Hour, Archive: a, Now: func() time.Time { return now }})
	if _, err := s.Load(context.Background(), r); err != nil {
		b.Fatal(err)
	}
	st := s.Stats()
	s.Close()
	hl, err := a.Health(context.Background())
	if err != nil || st.ArchiveErrors != 0 || hl.Traces != int64(len(corpus)) {
		b.Fatalf("archive holds %d traces (%v), %d write errors", hl.Traces, err, st.ArchiveErrors)
	}
	b.Logf("wrote %d traces through the store in %v (%.1f B/trace on disk)", hl.Traces, time.Since(start).Round(time.Millisecond), float64(hl.Bytes)/float64(hl.Traces))
	_ = a.Close()
	return path, now.Add(30 * time.Second) // a restart 30 s later: nothing due in range
}

// BenchmarkStartupFromArchive is a restart: a new store on the archive loads
// the 20-day range (1 M traces, 480 buckets) with no source call.
func BenchmarkStartupFromArchive(b *testing.B) {
	path, now := benchArchive(b)
	a, err := archive.OpenSQLite(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close() //nolint:errcheck // benchmark
	src := &countingSource{sliceSource: sliceSource{benchCorpus()}}
	var st Stats
	for b.Loop() {
		s := New(src, Options{MaxBytes: -1, MaxWait: time.Hour, Archive: a, Now: func() time.Time { return now }})
		if _, err := s.Load(context.Background(), benchRange()); err != nil {
			b.Fatal(err)
		}
		st = s.Stats()
		s.Close()
	}
	if st.Rows != benchTraces || src.calls != 0 {
		b.Fatalf("%d rows, %d source calls", st.Rows, src.calls)
	}
	b.ReportMetric(float64(benchTraces)*float64(b.N)/b.Elapsed().Seconds(), "traces/s")
	b.ReportMetric(float64(st.Bytes)/float64(st.Rows), "accounted-B/trace")
}

// BenchmarkArchiveBackedRange: a day and a week older than the source's 90
// days, read on demand from the archive into an empty store (every op cold).
func BenchmarkArchiveBackedRange(b *testing.B) {
	path, _ := benchArchive(b)
	a, err := archive.OpenSQLite(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close() //nolint:errcheck // benchmark
	now := t0.Add(200 * 24 * h)
	for _, tc := range []struct {
		name string
		days int
	}{{"day", 1}, {"week", 7}} {
		b.Run(tc.name, func(b *testing.B) {
			src := keeping90{&fakeSource{}}
			r := req(t0.Add(5*24*h), t0.Add(time.Duration(5+tc.days)*24*h-time.Millisecond))
			var rows int64
			for b.Loop() {
				s := New(src, Options{MaxBytes: -1, MaxWait: time.Hour, Archive: a, Now: func() time.Time { return now }})
				snap, err := s.Load(context.Background(), r)
				if err != nil {
					b.Fatal(err)
				}
				rows = int64(snap.Rows())
				s.Close()
			}
			if src.callCount() != 0 || rows == 0 {
				b.Fatalf("%d rows, %d source calls", rows, src.callCount())
			}
			b.ReportMetric(float64(rows), "traces")
		})
	}
}

// countingSource counts List calls.
type countingSource struct {
	sliceSource
	calls int
	last  trace.Request
}

func (c *countingSource) List(ctx context.Context, r trace.Request) (trace.Result, error) {
	c.calls++
	c.last = r
	return c.sliceSource.List(ctx, r)
}

// BenchmarkStartupFromArchive5M is the restart with 5,000,000 traces (100
// days) in the archive: one Load of the whole range into a new store.
func BenchmarkStartupFromArchive5M(b *testing.B) {
	const n, days = 5_000_000, 100
	corpus := synth(n, t0, days)
	r := req(t0, t0.Add(days*24*h-time.Millisecond))
	path, now := benchArchiveOf(b, corpus, r)
	a, err := archive.OpenSQLite(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close() //nolint:errcheck // benchmark
	src := &countingSource{sliceSource: sliceSource{corpus}}
	var st Stats
	for b.Loop() {
		s := New(src, Options{MaxBytes: -1, MaxWait: time.Hour, Archive: a, Now: func() time.Time { return now }})
		if _, err := s.Load(context.Background(), r); err != nil {
			b.Fatal(err)
		}
		st = s.Stats()
		s.Close()
	}
	if st.Rows != int64(n) || src.calls != 0 {
		b.Fatalf("%d rows, %d source calls (the last for %s – %s)", st.Rows, src.calls, src.last.From, src.last.To)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "traces/s")
	b.ReportMetric(float64(st.Bytes)/float64(st.Rows), "accounted-B/trace")
}
