package archive

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

var t0 = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// genTraces makes n traces spread evenly over [from, from+span), ids unique per
// (seed, i), two recipients per message.
func genTraces(seed int, from time.Time, span time.Duration, n int) []trace.Trace {
	out := make([]trace.Trace, 0, n)
	step := span / time.Duration(n)
	for i := 0; i < n; i++ {
		msg := i / 2
		out = append(out, trace.Trace{
			ID:        fmt.Sprintf("%08x-0000-4000-8000-%012x", seed, msg),
			MessageID: fmt.Sprintf("<%d.%d@mail.example.com>", seed, msg),
			Received:  from.Add(time.Duration(msg*2) * step).Truncate(time.Millisecond),
			Sender:    fmt.Sprintf("s%d@example.org", msg%7),
			Recipient: fmt.Sprintf("r%d@example.co.jp", i%2),
			Subject:   fmt.Sprintf("subject %d", msg%11),
			Size:      int64(1000 + i),
			FromIP:    fmt.Sprintf("192.0.2.%d", msg%200),
			ToIP:      "",
			Status:    trace.StatusDelivered,
		})
	}
	return out
}

func readAll(t *testing.T, a Archive, from, to time.Time) []trace.Trace {
	t.Helper()
	var out []trace.Trace
	if err := a.Read(context.Background(), from, to, func(tr trace.Trace) error { out = append(out, tr); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func sortTraces(ts []trace.Trace) {
	slices.SortFunc(ts, func(a, b trace.Trace) int {
		if c := a.Received.Compare(b.Received); c != 0 {
			return c
		}
		if a.ID != b.ID {
			if string(encodeID(a.ID)) < string(encodeID(b.ID)) {
				return -1
			}
			return 1
		}
		if a.Recipient < b.Recipient {
			return -1
		}
		if a.Recipient > b.Recipient {
			return 1
		}
		return 0
	})
}

// conformance runs the behaviour every implementation must share.
func conformance(t *testing.T, open func(t *testing.T) Archive, kind Kind) {
	ctx := context.Background()
	t.Run("round trip and odd ids", func(t *testing.T) {
		a := open(t)
		in := genTraces(1, t0, 2*time.Hour, 100)
		in = append(in,
			trace.Trace{ID: "NOT-A-GUID", Received: t0.Add(time.Minute), Recipient: "x@example.com", MessageID: "<m>", Size: 5},
			trace.Trace{ID: "exactly16bytes!!", Received: t0.Add(time.Minute), Recipient: "x@example.com", Size: 6},
			trace.Trace{ID: "ends-in-nul\x00", Received: t0.Add(time.Minute), Recipient: "x@example.com", Size: 7},
			trace.Trace{ID: "8E6F4C2A-0000-4000-8000-000000000001", Received: t0.Add(time.Minute), Recipient: "x@example.com", Size: 8},
		)
		if err := a.Write(ctx, Window{From: t0, To: t0.Add(2 * time.Hour), Fetched: t0.Add(3 * time.Hour), Complete: true, Traces: in}); err != nil {
			t.Fatal(err)
		}
		got := readAll(t, a, t0, t0.Add(2*time.Hour))
		want := slices.Clone(in)
		sortTraces(want)
		if len(got) != 104 {
			t.Fatalf("read %d traces, want 104", len(got))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("row %d: got %+v, want %+v", i, got[i], want[i])
			}
		}
	})
	t.Run("upsert by id and recipient", func(t *testing.T) {
		a := open(t)
		in := genTraces(2, t0, time.Hour, 1200) // more than one INSERT chunk
		w := Window{From: t0, To: t0.Add(time.Hour), Fetched: t0.Add(90 * time.Minute), Complete: true, Traces: in}
		if err := a.Write(ctx, w); err != nil {
			t.Fatal(err)
		}
		again := slices.Clone(in)
		for i := range again {
			if i%3 == 0 {
				again[i].Status = trace.StatusFailed
			}
		}
		w.Traces, w.Fetched = again, t0.Add(100*time.Minute)
		if err := a.Write(ctx, w); err != nil {
			t.Fatal(err)
		}
		got := readAll(t, a, t0, t0.Add(time.Hour))
		failed := 0
		for _, tr := range got {
			if tr.Status == trace.StatusFailed {
				failed++
			}
		}
		if len(got) != 1200 || failed != 400 {
			t.Fatalf("after re-write: %d rows (want 1200), %d failed (want 400)", len(got), failed)
		}
		h, err := a.Hours(ctx, t0, t0.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 1 || !h[0].Fetched.Equal(t0.Add(100*time.Minute)) || h[0].Rows != 1200 {
			t.Fatalf("hours = %+v", h)
		}
	})
	t.Run("hours: whole, complete, never back in time", func(t *testing.T) {
		a := open(t)
		// [00:30, 03:00) covers hours 01 and 02 wholly, 00 only in part.
		if err := a.Write(ctx, Window{From: t0.Add(30 * time.Minute), To: t0.Add(3 * time.Hour), Fetched: t0.Add(4 * time.Hour), Complete: true,
			Traces: genTraces(3, t0.Add(30*time.Minute), 150*time.Minute, 50)}); err != nil {
			t.Fatal(err)
		}
		// A filtered (incomplete) read of hour 05 stores rows but no hour.
		if err := a.Write(ctx, Window{From: t0.Add(5 * time.Hour), To: t0.Add(6 * time.Hour), Fetched: t0.Add(7 * time.Hour),
			Traces: genTraces(4, t0.Add(5*time.Hour), time.Hour, 10)}); err != nil {
			t.Fatal(err)
		}
		// An older fetch of hour 01 arriving late does not move it back.
		if err := a.Write(ctx, Window{From: t0.Add(time.Hour), To: t0.Add(2 * time.Hour), Fetched: t0.Add(2 * time.Hour), Complete: true}); err != nil {
			t.Fatal(err)
		}
		h, err := a.Hours(ctx, t0, t0.Add(24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 2 || !h[0].Start.Equal(t0.Add(time.Hour)) || !h[1].Start.Equal(t0.Add(2*time.Hour)) ||
			!h[0].Fetched.Equal(t0.Add(4*time.Hour)) || h[0].Rows+h[1].Rows != 40 {
			t.Fatalf("hours = %+v", h)
		}
		if n := len(readAll(t, a, t0.Add(5*time.Hour), t0.Add(6*time.Hour))); n != 10 {
			t.Fatalf("filtered window rows = %d, want 10", n)
		}
	})
	t.Run("tables per bucket", func(t *testing.T) {
		a := open(t)
		in := genTraces(5, t0, 3*time.Hour, 300)
		if err := a.Write(ctx, Window{From: t0, To: t0.Add(3 * time.Hour), Fetched: t0.Add(4 * time.Hour), Complete: true, Traces: in}); err != nil {
			t.Fatal(err)
		}
		dict := table.NewDict()
		bs, err := a.ReadTables(ctx, t0.Add(time.Hour), t0.Add(3*time.Hour), time.Hour, dict)
		if err != nil {
			t.Fatal(err)
		}
		if len(bs) != 2 || !bs[0].Start.Equal(t0.Add(time.Hour)) || !bs[1].Start.Equal(t0.Add(2*time.Hour)) || bs[0].Table.Len() != 100 || bs[1].Table.Len() != 100 {
			t.Fatalf("buckets: %d", len(bs))
		}
		want := in[100:]
		sortTraces(want)
		i := 0
		for _, b := range bs {
			for r := 0; r < b.Table.Len(); r++ {
				if got := b.Table.Row(r); got != want[i] {
					t.Fatalf("row %d: got %+v, want %+v", i, got, want[i])
				}
				i++
			}
		}
		if _, err := a.ReadTables(ctx, t0, t0.Add(time.Hour), 0, dict); err == nil {
			t.Fatal("bucket size 0 accepted")
		}
	})
	t.Run("prune and health", func(t *testing.T) {
		a := open(t)
		day := 24 * time.Hour
		for d := 0; d < 3; d++ {
			from := t0.Add(time.Duration(d) * day)
			if err := a.Write(ctx, Window{From: from, To: from.Add(day), Fetched: from.Add(2 * day), Complete: true, Traces: genTraces(10+d, from, day, 48)}); err != nil {
				t.Fatal(err)
			}
		}
		h, err := a.Health(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if h.Kind != kind || h.Traces != 144 || h.Hours != 72 || !h.Oldest.Equal(t0) || h.Bytes <= 0 {
			t.Fatalf("health = %+v", h)
		}
		n, err := a.Prune(ctx, t0.Add(day+12*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if n != 72 {
			t.Fatalf("pruned %d rows, want 72", n)
		}
		h, err = a.Health(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if h.Traces != 72 || h.Hours != 36 || !h.Oldest.Equal(t0.Add(day+12*time.Hour)) {
			t.Fatalf("after prune: %+v", h)
		}
		if got := len(readAll(t, a, t0, t0.Add(3*day))); got != 72 {
			t.Fatalf("rows after prune = %d, want 72", got)
		}
	})
	t.Run("duplicates in one window: the last wins", func(t *testing.T) {
		a := open(t)
		in := genTraces(6, t0, time.Hour, 600)
		dup := in[10]
		dup.Status = trace.StatusQuarantined
		in = slices.Insert(in, 11, dup) // in the same INSERT statement as the first copy
		if err := a.Write(ctx, Window{From: t0, To: t0.Add(time.Hour), Fetched: t0.Add(2 * time.Hour), Complete: true, Traces: in}); err != nil {
			t.Fatal(err)
		}
		got := readAll(t, a, t0, t0.Add(time.Hour))
		q := 0
		for _, tr := range got {
			if tr.Status == trace.StatusQuarantined {
				q++
			}
		}
		if len(got) != 600 || q != 1 {
			t.Fatalf("%d rows (want 600), %d quarantined (want 1)", len(got), q)
		}
	})
	t.Run("empty window refused", func(t *testing.T) {
		a := open(t)
		if err := a.Write(ctx, Window{From: t0, To: t0}); err == nil {
			t.Fatal("empty window accepted")
		}
	})
}

func openSQLiteT(t *testing.T) Archive {
	t.Helper()
	a, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "a", "archive.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func TestSQLite(t *testing.T) { conformance(t, openSQLiteT, KindSQLite) }

func TestMissing(t *testing.T) {
	stale := func(end, fetched, now time.Time) bool {
		return fetched.Sub(end) < time.Hour && now.Sub(fetched) >= 15*time.Minute
	}
	now := t0.Add(10 * time.Hour)
	hours := []ArchivedHour{
		{Start: t0, Fetched: t0.Add(5 * time.Hour)},                            // settled
		{Start: t0.Add(time.Hour), Fetched: t0.Add(2*time.Hour + time.Minute)}, // read right after it ended: due
		{Start: t0.Add(9 * time.Hour), Fetched: now.Add(-time.Minute)},         // fresh
	}
	got := Missing(hours, t0.Add(10*time.Minute), t0.Add(10*time.Hour), now, stale)
	want := []time.Time{t0.Add(time.Hour)}
	for h := 2; h < 9; h++ {
		want = append(want, t0.Add(time.Duration(h)*time.Hour))
	}
	if !slices.EqualFunc(got, want, time.Time.Equal) {
		t.Fatalf("Missing = %v, want %v", got, want)
	}
}

func TestConfigErrors(t *testing.T) {
	if _, err := OpenSQLite(context.Background(), ""); err == nil {
		t.Fatal("empty path accepted")
	}
	if got := DefaultSQLitePath("a/b c"); filepath.Base(got) != "a_b_c.sqlite" {
		t.Fatalf("DefaultSQLitePath = %s", got)
	}
}

func TestSQLiteOddPath(t *testing.T) {
	if got := fileURI("/data/a b/x?#%.sqlite"); got != "file:/data/a b/x%3f%23%25.sqlite" {
		t.Fatalf("fileURI = %q", got)
	}
	path := filepath.Join(t.TempDir(), "dir with ? and #", "50% archive.sqlite")
	a, err := OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.Write(context.Background(), Window{From: t0, To: t0.Add(time.Hour), Fetched: t0, Complete: true, Traces: genTraces(1, t0, time.Hour, 4)}); err != nil {
		t.Fatal(err)
	}
	if h, err := a.Health(context.Background()); err != nil || h.Traces != 4 || h.Bytes == 0 {
		t.Fatalf("health %+v, %v", h, err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the archive is not at the configured path: %v", err)
	}
}
