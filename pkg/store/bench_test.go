package store

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Benchmarks load a synthetic tenant of benchTraces traces over benchDays days:
// about 300 internal mailboxes, 40,000 external addresses on 8,000 domains, 5,000
// subjects, 20,000 IPs, 1–5 recipients per message sharing its trace id.
const (
	benchTraces = 1_000_000
	benchDays   = 20
)

var (
	corpusOnce sync.Once
	corpus     []trace.Trace
)

func benchCorpus() []trace.Trace {
	corpusOnce.Do(func() { corpus = synth(benchTraces, t0, benchDays) })
	return corpus
}

// sliceSource serves a sorted slice without copying, so benchmarks measure the store.
type sliceSource struct{ traces []trace.Trace }

func (s sliceSource) List(_ context.Context, req trace.Request) (trace.Result, error) {
	i := sort.Search(len(s.traces), func(i int) bool { return !s.traces[i].Received.Before(req.From) })
	j := sort.Search(len(s.traces), func(i int) bool { return s.traces[i].Received.After(req.To) })
	return trace.Result{Traces: s.traces[i:j], CoveredFrom: req.From, CoveredTo: req.To}, nil
}

func (sliceSource) Details(context.Context, string, string) ([]trace.Detail, error) { return nil, nil }

func benchRange() trace.Request { return req(t0, t0.Add(benchDays*24*h-time.Millisecond)) }

// BenchmarkLoadCold loads the whole corpus into an empty store: one Load, two
// 10-day List calls, 480 buckets. It reports the accounted bytes per stored trace
// for the columns (with per-bucket overhead) and for the dictionary, and the heap
// growth per trace measured around one load, which includes both.
func BenchmarkLoadCold(b *testing.B) {
	src := sliceSource{benchCorpus()}
	now := t0.Add(60 * 24 * h)
	heap := heapPerTrace(b, src, now)
	b.ResetTimer()
	var (
		st   Stats
		snap table.Snapshot
		err  error
	)
	for b.Loop() {
		s := New(src, Options{MaxBytes: -1, Now: func() time.Time { return now }})
		if snap, err = s.Load(context.Background(), benchRange()); err != nil {
			b.Fatal(err)
		}
		st = s.Stats()
		s.Close()
	}
	if st.Rows != benchTraces {
		b.Fatalf("stored %d rows, want %d", st.Rows, benchTraces)
	}
	b.ReportMetric(float64(st.ColumnBytes)/float64(st.Rows), "col-B/trace")
	b.ReportMetric(float64(st.DictBytes)/float64(st.Rows), "dict-B/trace")
	b.ReportMetric(float64(dictShare(snap, textIDs))/float64(st.Rows), "dict-id-B/trace")
	b.ReportMetric(float64(dictShare(snap, func(t *table.Table) []uint32 { return t.MessageID }))/float64(st.Rows), "dict-msgid-B/trace")
	b.ReportMetric(float64(st.DictStrings), "dict-strings")
	b.ReportMetric(heap, "heap-B/trace")
	b.ReportMetric(float64(benchTraces)*float64(b.N)/b.Elapsed().Seconds(), "traces/s")
}

// dictShare is the accounted dictionary bytes of the distinct strings of one column.
func dictShare(snap table.Snapshot, col func(*table.Table) []uint32) int64 {
	seen := map[uint32]bool{}
	var n int64
	for _, t := range snap.Tables {
		v := t.Dict.View()
		for _, id := range col(t) {
			if !seen[id] {
				seen[id] = true
				n += int64(len(v[id])) + dictEntryOverhead
			}
		}
	}
	return n
}

// textIDs are the dictionary ids of the trace ids that are not GUIDs.
func textIDs(t *table.Table) []uint32 {
	var out []uint32
	for i := range t.IDText {
		if id, ok := t.TraceID(i).DictID(); ok {
			out = append(out, id)
		}
	}
	return out
}

// heapPerTrace measures live heap growth per trace for one cold load.
func heapPerTrace(b *testing.B, src trace.Source, now time.Time) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s := New(src, Options{MaxBytes: -1, Now: func() time.Time { return now }})
	if _, err := s.Load(context.Background(), benchRange()); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	rows := s.Stats().Rows
	s.Close()
	runtime.KeepAlive(s)
	return float64(after.HeapAlloc-before.HeapAlloc) / float64(rows)
}

// BenchmarkLoadWarm serves the whole range from cache: planning and collecting
// 480 buckets, no fetch.
func BenchmarkLoadWarm(b *testing.B) {
	src := sliceSource{benchCorpus()}
	now := t0.Add(60 * 24 * h)
	s := New(src, Options{MaxBytes: -1, Now: func() time.Time { return now }})
	defer s.Close()
	if _, err := s.Load(context.Background(), benchRange()); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		snap, err := s.Load(context.Background(), benchRange())
		if err != nil || snap.Rows() != benchTraces {
			b.Fatal(snap.Rows(), err)
		}
	}
}

// BenchmarkRefreshDay re-reads the most recent day (the buckets the default policy
// re-reads every 15 minutes) and upserts it over the cached tables.
func BenchmarkRefreshDay(b *testing.B) {
	src := sliceSource{benchCorpus()}
	clk := &clock{t: t0.Add(benchDays * 24 * h)}
	s := New(src, Options{MaxBytes: -1, Now: clk.Now})
	defer s.Close()
	if _, err := s.Load(context.Background(), benchRange()); err != nil {
		b.Fatal(err)
	}
	day := req(clk.Now().Add(-24*h), clk.Now().Add(-time.Millisecond))
	before := s.Stats().Fetches
	b.ResetTimer()
	for b.Loop() {
		clk.set(clk.Now().Add(15 * time.Minute))
		if _, err := s.Load(context.Background(), day); err != nil {
			b.Fatal(err)
		}
	}
	if s.Stats().Fetches-before != int64(b.N) || s.Stats().Rows != benchTraces {
		b.Fatalf("%d fetches for %d re-reads, %d rows", s.Stats().Fetches-before, b.N, s.Stats().Rows)
	}
	b.ReportMetric(float64(inRange(src.traces, day.From, day.To)), "rows/op")
}

// synth generates n traces over days days from start, sorted by received time.
func synth(n int, start time.Time, days int) []trace.Trace {
	g := newGen()
	out := make([]trace.Trace, 0, n+5)
	for len(out) < n {
		out = g.message(out, start.Add(g.when(days)))
	}
	out = out[:n]
	slices.SortFunc(out, func(a, b trace.Trace) int {
		return cmp.Or(a.Received.Compare(b.Received), cmp.Compare(a.ID, b.ID), cmp.Compare(a.Recipient, b.Recipient))
	})
	return out
}

type gen struct {
	r                  *rand.Rand
	internal, external []string
	subjects, ips      []string
	internalIPs        []string
}

func newGen() *gen {
	g := &gen{r: rand.New(rand.NewPCG(20261001, 7))}
	for i := range 300 {
		dom := "example.co.jp"
		if i%5 == 0 {
			dom = "example.com"
		}
		g.internal = append(g.internal, fmt.Sprintf("user%03d@%s", i, dom))
	}
	words := []string{"invoice", "meeting", "report", "お知らせ", "請求書", "shipping", "update", "会議", "RE:", "FW:", "order", "password", "project", "見積", "weekly"}
	for i := range 5000 {
		g.subjects = append(g.subjects, fmt.Sprintf("%s %s #%d %s", words[i%len(words)], words[(i/15)%len(words)], i, words[(i/7)%len(words)]))
	}
	for i := range 40_000 {
		g.external = append(g.external, fmt.Sprintf("contact%d.%x@mail%d.example-%d.net", i, g.r.Uint32()&0xfff, i%8000, i%97))
	}
	for range 20_000 {
		g.ips = append(g.ips, fmt.Sprintf("%d.%d.%d.%d", 1+g.r.IntN(222), g.r.IntN(256), g.r.IntN(256), 1+g.r.IntN(254)))
	}
	for i := range 40 {
		g.internalIPs = append(g.internalIPs, fmt.Sprintf("10.20.%d.%d", i/8, 10+i))
	}
	return g
}

// when picks a receive offset with a business-hours rhythm.
func (g *gen) when(days int) time.Duration {
	day := g.r.IntN(days)
	hour := g.r.IntN(24)
	if g.r.IntN(3) > 0 {
		hour = 9 + g.r.IntN(9)
	}
	return time.Duration(day)*24*h + time.Duration(hour)*h + time.Duration(g.r.Int64N(int64(h)))
}

// message appends one message's traces: one per recipient, sharing id and
// Message-ID.
func (g *gen) message(out []trace.Trace, received time.Time) []trace.Trace {
	id := fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", g.r.Uint32(), g.r.Uint32()&0xffff, g.r.Uint32()&0xffff, g.r.Uint32()&0xffff, g.r.Uint64()&0xffffffffffff)
	kind := g.r.IntN(100) // <50 inbound, <85 outbound, else internal
	sender, from := g.pick(g.external), g.pick(g.ips)
	if kind >= 50 {
		sender, from = g.pick(g.internal), g.pick(g.internalIPs)
	}
	host := sender[len(sender)-12:]
	msgID := fmt.Sprintf("<%016x.%08x@%s>", g.r.Uint64(), g.r.Uint32(), host)
	subject := g.pick(g.subjects)
	size := int64(math.Min(math.Exp(10+1.5*g.r.NormFloat64()), 25<<20))
	n, seen := g.recipients(), map[string]bool{}
	for len(seen) < n {
		rcpt, to := g.pick(g.internal), ""
		if kind >= 50 && kind < 85 {
			rcpt, to = g.pick(g.external), g.pick(g.ips)
		}
		if seen[rcpt] {
			continue
		}
		seen[rcpt] = true
		out = append(out, trace.Trace{ID: id, MessageID: msgID, Received: received.Add(time.Duration(g.r.IntN(2000)) * time.Millisecond),
			Sender: sender, Recipient: rcpt, Subject: subject, Size: size, FromIP: from, ToIP: to, Status: g.status()})
	}
	return out
}

func (g *gen) recipients() int {
	switch p := g.r.IntN(100); {
	case p < 70:
		return 1
	case p < 85:
		return 2
	default:
		return 3 + g.r.IntN(3)
	}
}

func (g *gen) status() trace.Status {
	switch p := g.r.IntN(100); {
	case p < 85:
		return trace.StatusDelivered
	case p < 89:
		return trace.StatusFailed
	case p < 92:
		return trace.StatusQuarantined
	case p < 97:
		return trace.StatusFilteredAsSpam
	case p < 99:
		return trace.StatusPending
	default:
		return trace.StatusExpanded
	}
}

func (g *gen) pick(from []string) string { return from[g.r.IntN(len(from))] }

// BenchmarkCompact rebuilds the dictionary of a store holding the corpus, as
// happens in the background once a fifth of the rows have been evicted.
func BenchmarkCompact(b *testing.B) {
	now := t0.Add(60 * 24 * h)
	s := New(sliceSource{benchCorpus()}, Options{MaxBytes: -1, Now: func() time.Time { return now }})
	defer s.Close()
	if _, err := s.Load(context.Background(), benchRange()); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		s.mu.Lock()
		job := s.startCompaction()
		s.mu.Unlock()
		s.finishCompaction(job)
	}
}
