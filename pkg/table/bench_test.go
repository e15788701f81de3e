package table

import (
	"context"
	"runtime"
	"runtime/debug"
	"slices"
	"testing"
	"time"
	"unsafe"

	"github.com/exotrace/messagetrace-datasource/pkg/demo"
	"github.com/exotrace/messagetrace-datasource/pkg/memstat"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// dictEntry is what the store accounts per dictionary string besides its
// bytes (pkg/store/memory.go, dictEntryOverhead).
const dictEntry = 72

// accounted is the store's formula: columns by capacity plus a table header,
// and the dictionary's strings at their length plus dictEntry.
func accounted(tabs []*Table, d *Dict) (columns, dict int64) {
	for _, t := range tabs {
		columns += int64(unsafe.Sizeof(Table{})) + int64(cap(t.Time))*8 + int64(cap(t.Size))*4 + int64(cap(t.Status)) +
			int64(cap(t.ID))*16 + 4*int64(cap(t.IDText)+cap(t.MessageID)+cap(t.Sender)+cap(t.Recipient)+cap(t.Subject)+cap(t.FromIP)+cap(t.ToIP)) +
			t.Msg.Bytes()
	}
	for _, s := range d.View() {
		dict += int64(len(s)) + dictEntry
	}
	return columns, dict
}

// demoHours is the demo tenant (seed 1) for the 40 days before the test anchor,
// about 1.09 million traces, one slice per hour, oldest first: the data of the
// query benchmarks.
func demoHours(b *testing.B) [][]trace.Trace {
	anchor := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	tn := demo.New(demo.Options{Anchor: anchor})
	res, err := tn.List(context.Background(), trace.Request{From: anchor.Add(-40 * 24 * time.Hour), To: anchor.Add(-time.Millisecond)})
	if err != nil {
		b.Fatal(err)
	}
	ts := res.Traces
	slices.Reverse(ts)
	var out [][]trace.Trace
	for i := 0; i < len(ts); {
		h := ts[i].Received.Truncate(time.Hour)
		j := i
		for j < len(ts) && ts[j].Received.Before(h.Add(time.Hour)) {
			j++
		}
		out = append(out, ts[i:j])
		i = j
	}
	return out
}

// BenchmarkMemory1M builds the hourly tables of about a million demo traces on
// one dictionary and reports, per trace: the bytes the store's formula accounts,
// the live heap the tables and dictionary really take (runtime/metrics), and the
// resident memory they add (RSS after returning free pages to the OS), with
// Message-IDs in the dictionary (as the store holds them today) and compact.
func BenchmarkMemory1M(b *testing.B) {
	hours := demoHours(b)
	n := 0
	for _, h := range hours {
		n += len(h)
	}
	for _, c := range []struct {
		name    string
		compact bool
	}{{"dict", false}, {"compact", true}} {
		b.Run(c.name, func(b *testing.B) {
			var columns, dict int64
			var heap, rss int64
			for b.Loop() {
				runtime.GC()
				debug.FreeOSMemory()
				before := memstat.Read()
				d := NewDict()
				tabs := make([]*Table, len(hours))
				for i, h := range hours {
					t := New(d, len(h))
					if c.compact {
						t = NewCompact(d, len(h))
					}
					for _, tr := range h {
						t.Append(tr)
					}
					t.Seal()
					tabs[i] = t
				}
				runtime.GC()
				debug.FreeOSMemory()
				after := memstat.Read()
				columns, dict = accounted(tabs, d)
				heap = int64(after.HeapLive) - int64(before.HeapLive)
				rss = int64(after.RSS) - int64(before.RSS)
				runtime.KeepAlive(tabs)
			}
			f := float64(n)
			b.ReportMetric(f, "traces")
			b.ReportMetric(float64(columns)/f, "columns-B/trace")
			b.ReportMetric(float64(dict)/f, "dict-B/trace")
			b.ReportMetric(float64(columns+dict)/f, "accounted-B/trace")
			b.ReportMetric(float64(heap)/f, "heap-B/trace")
			b.ReportMetric(float64(rss)/f, "rss-B/trace")
			b.ReportMetric(float64(rss)/float64(columns+dict), "rss/accounted")
		})
	}
}
