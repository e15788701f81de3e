package query

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/demo"
	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// The demo tenant at the default seed and the test anchor of docs/demo-tenant.md.
var (
	demoOpts   = demo.Options{Seed: 1, Anchor: time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)}
	demoAnchor = demoOpts.Anchor
	// demoDays of history are generated once: enough for a week-long baseline.
	demoDays = 8
)

// demoLoader serves the demo tenant from hourly tables on one Dict, as the store
// does, ignoring the pushed-down filter (the engine filters every row anyway).
type demoLoader struct {
	tenant *demo.Tenant
	traces []trace.Trace // every generated trace, newest first
	tabs   []*table.Table
	starts []int64 // start of each table's hour, Unix ms
}

var (
	demoOnce   sync.Once
	demoShared *demoLoader
	demoErr    error
)

func loadDemo(tb testing.TB) *demoLoader {
	tb.Helper()
	demoOnce.Do(func() { demoShared, demoErr = newDemoLoader(demoDays, true) })
	if demoErr != nil {
		tb.Fatal(demoErr)
	}
	return demoShared
}

// newDemoLoader generates days of history. Tests keep the raw traces to count
// expectations independently; benchmarks drop them, as the store holds only tables.
func newDemoLoader(days int, keepTraces bool) (*demoLoader, error) {
	t := demo.New(demoOpts)
	from := demoAnchor.Add(-time.Duration(days) * 24 * time.Hour)
	res, err := t.List(context.Background(), trace.Request{From: from, To: demoAnchor})
	if err != nil {
		return nil, err
	}
	l := &demoLoader{tenant: t, traces: res.Traces}
	byHour := map[int64][]trace.Trace{}
	for _, tr := range res.Traces {
		h := tr.Received.Truncate(time.Hour).UnixMilli()
		byHour[h] = append(byHour[h], tr)
	}
	dict := table.NewDict()
	for h := from.UnixMilli(); h <= demoAnchor.UnixMilli(); h += time.Hour.Milliseconds() {
		l.tabs = append(l.tabs, table.FromTraces(dict, byHour[h]))
		l.starts = append(l.starts, h)
	}
	if !keepTraces {
		l.traces = nil
	}
	return l, nil
}

func (l *demoLoader) Load(_ context.Context, req trace.Request) (table.Snapshot, error) {
	var snap table.Snapshot
	for i, start := range l.starts {
		if start <= req.To.UnixMilli() && start+time.Hour.Milliseconds() > req.From.UnixMilli() {
			snap.Tables = append(snap.Tables, l.tabs[i])
		}
	}
	return snap, nil
}

func (l *demoLoader) Details(ctx context.Context, id, recipient string) ([]trace.Detail, error) {
	return l.tenant.Details(ctx, id, recipient)
}

// count counts the generated traces in [from, to) that match.
func (l *demoLoader) count(from, to time.Time, match func(trace.Trace) bool) int {
	n := 0
	for _, tr := range l.traces {
		if !tr.Received.Before(from) && tr.Received.Before(to) && match(tr) {
			n++
		}
	}
	return n
}

func demoIncident(tb testing.TB, number int) demo.Incident {
	tb.Helper()
	all := demo.Incidents(demoOpts)
	i := slices.IndexFunc(all, func(in demo.Incident) bool { return in.Number == number })
	if i < 0 {
		tb.Fatalf("the demo has no incident %d", number)
	}
	return all[i]
}

func newDemoEngine(tb testing.TB) *Engine {
	return NewEngine(loadDemo(tb), Options{AcceptedDomains: demo.AcceptedDomains,
		Now: func() time.Time { return demoAnchor }, DatasourceUID: "exotrace-demo", DatasourceName: "Exchange Message Trace"})
}
