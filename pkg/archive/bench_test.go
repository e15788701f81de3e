package archive

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/demo"
	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// The benchmarks use the demo tenant (seed 1) as the store's benchmarks do:
// realistic addresses, subjects, Message-IDs and IPs. The demo holds 90 days
// before its anchor, so older days come from tenants anchored 90 and 180 days
// earlier.
var benchAnchor = time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)

const day = 24 * time.Hour

// demoDay returns the traces of day k before the anchor (k = 0 is the newest
// whole day), oldest first.
func demoDay(tb testing.TB, tenants map[int]*demo.Tenant, k int) (time.Time, []trace.Trace) {
	tb.Helper()
	shift := k / 89
	tn := tenants[shift]
	if tn == nil {
		tn = demo.New(demo.Options{Anchor: benchAnchor.Add(-time.Duration(shift*89) * day)})
		tenants[shift] = tn
	}
	to := benchAnchor.Truncate(day).Add(-time.Duration(k) * day)
	from := to.Add(-day)
	res, err := tn.List(context.Background(), trace.Request{From: from, To: to.Add(-time.Millisecond)})
	if err != nil {
		tb.Fatal(err)
	}
	out := res.Traces
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return from, out
}

// writeDay writes a day as the store would: one complete window per hour.
func writeDay(tb testing.TB, a Archive, from time.Time, traces []trace.Trace) {
	tb.Helper()
	ctx := context.Background()
	i := 0
	for h := 0; h < 24; h++ {
		start := from.Add(time.Duration(h) * time.Hour)
		j := i
		for j < len(traces) && traces[j].Received.Before(start.Add(time.Hour)) {
			j++
		}
		if err := a.Write(ctx, Window{From: start, To: start.Add(time.Hour), Fetched: start.Add(25 * time.Hour), Complete: true, Traces: traces[i:j]}); err != nil {
			tb.Fatal(err)
		}
		i = j
	}
}

func benchWriteDay(b *testing.B, a Archive) {
	tenants := map[int]*demo.Tenant{}
	const days = 8
	type dayData struct {
		from   time.Time
		traces []trace.Trace
	}
	data := make([]dayData, days)
	for k := range data {
		data[k].from, data[k].traces = demoDay(b, tenants, k)
	}
	n := 0
	k := 0
	for b.Loop() {
		d := data[k%days]
		writeDay(b, a, d.from, d.traces) // after the first 8 days: upserts of existing rows
		n += len(d.traces)
		k++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "traces/s")
	h, err := a.Health(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(h.Bytes)/float64(h.Traces), "disk-B/trace")
}

// BenchmarkWriteDay writes one demo day (about 27,000 traces) per op in 24
// hourly windows, cycling over 8 days: first inserts, then upserts, as re-reads
// of settling hours do.
func BenchmarkWriteDay(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		a, err := OpenSQLite(context.Background(), filepath.Join(b.TempDir(), "w.sqlite"))
		if err != nil {
			b.Fatal(err)
		}
		defer a.Close()
		benchWriteDay(b, a)
	})
	b.Run("postgres", func(b *testing.B) {
		dsn := pgDSN(b)
		benchWriteDay(b, openPG(b, dsn, newTenant(b, dsn)))
	})
}

// bench5MPath is the SQLite file of the start-up benchmark, kept between runs
// (building it takes a minute): EXOTRACE_BENCH_DIR or the temp directory.
func bench5MPath() string {
	dir := os.Getenv("EXOTRACE_BENCH_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "exotrace-archive-5m.sqlite")
}

const benchTraces = 5_000_000

// archive5M opens (building it on first use) the file holding the newest
// 5,000,000 demo traces, about 190 days.
func archive5M(b *testing.B) (string, Health) {
	path := bench5MPath()
	ctx := context.Background()
	a, err := OpenSQLite(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	h, err := a.Health(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if h.Traces < benchTraces {
		tenants := map[int]*demo.Tenant{}
		start := time.Now()
		n := 0
		for k := 0; n < benchTraces; k++ {
			from, traces := demoDay(b, tenants, k)
			if n+len(traces) > benchTraces {
				traces = traces[len(traces)-(benchTraces-n):] // the newest part of the oldest day
				from = traces[0].Received.Truncate(time.Hour)
			}
			writeDay(b, a, from, traces)
			n += len(traces)
		}
		b.Logf("built %s: %d traces in %s", path, n, time.Since(start).Round(time.Second))
		if h, err = a.Health(ctx); err != nil {
			b.Fatal(err)
		}
	}
	return path, h
}

// BenchmarkStartup5M is the store's start from the archive: open the file and
// read all 5,000,000 traces into hourly tables on a new dictionary.
func BenchmarkStartup5M(b *testing.B) {
	path, h := archive5M(b)
	oldest := h.Oldest
	ctx := context.Background()
	var rows int
	var heap uint64
	for b.Loop() {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		a, err := OpenSQLite(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		dict := table.NewDict()
		bs, err := a.ReadTables(ctx, oldest, benchAnchor, time.Hour, dict)
		if err != nil {
			b.Fatal(err)
		}
		a.Close()
		rows = 0
		for _, bk := range bs {
			rows += bk.Table.Len()
		}
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		heap = after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(bs)
	}
	if rows != benchTraces {
		b.Fatalf("read %d traces, want %d", rows, benchTraces)
	}
	b.ReportMetric(float64(rows)/(b.Elapsed().Seconds()/float64(b.N)), "traces/s")
	b.ReportMetric(float64(heap)/float64(rows), "heap-B/trace")
	b.ReportMetric(float64(h.Bytes)/float64(h.Traces), "disk-B/trace")
}

// BenchmarkReadRange reads an archive-backed range older than the in-memory
// window into tables, as a query of last year's week would.
func BenchmarkReadRange(b *testing.B) {
	path, _ := archive5M(b)
	ctx := context.Background()
	a, err := OpenSQLite(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	for _, c := range []struct {
		name string
		span time.Duration
	}{{"day", day}, {"week", 7 * day}} {
		b.Run(c.name, func(b *testing.B) {
			to := benchAnchor.Truncate(day).Add(-120 * day)
			var rows int
			for b.Loop() {
				bs, err := a.ReadTables(ctx, to.Add(-c.span), to, time.Hour, table.NewDict())
				if err != nil {
					b.Fatal(err)
				}
				rows = 0
				for _, bk := range bs {
					rows += bk.Table.Len()
				}
			}
			b.ReportMetric(float64(rows), "traces/op")
		})
	}
}

// BenchmarkReadRangePostgres is BenchmarkReadRange on the shared archive,
// holding the 8 newest demo days.
func BenchmarkReadRangePostgres(b *testing.B) {
	dsn := pgDSN(b)
	p := openPG(b, dsn, newTenant(b, dsn))
	tenants := map[int]*demo.Tenant{}
	for k := 0; k < 8; k++ {
		from, traces := demoDay(b, tenants, k)
		writeDay(b, p, from, traces)
	}
	ctx := context.Background()
	to := benchAnchor.Truncate(day)
	for _, c := range []struct {
		name string
		span time.Duration
	}{{"day", day}, {"week", 7 * day}} {
		b.Run(c.name, func(b *testing.B) {
			var rows int
			for b.Loop() {
				bs, err := p.ReadTables(ctx, to.Add(-c.span), to, time.Hour, table.NewDict())
				if err != nil {
					b.Fatal(err)
				}
				rows = 0
				for _, bk := range bs {
					rows += bk.Table.Len()
				}
			}
			b.ReportMetric(float64(rows), "traces/op")
		})
	}
}
