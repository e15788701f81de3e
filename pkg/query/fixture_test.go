package query

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// t0 anchors the hand-made fixture: every trace is minutes after it.
var t0 = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

var fixtureDomains = []string{"example.co.jp", "example.com"}

// fakeLoader serves fixed tables and records what it was asked.
type fakeLoader struct {
	mu      sync.Mutex
	tabs    []*table.Table
	notices []trace.Notice
	err     error
	details map[trace.Key][]trace.Detail
	reqs    []trace.Request
}

func (f *fakeLoader) Load(_ context.Context, req trace.Request) (table.Snapshot, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reqs = append(f.reqs, req)
	return table.Snapshot{Tables: f.tabs, Notices: f.notices}, f.err
}

func (f *fakeLoader) Details(_ context.Context, id, recipient string) ([]trace.Detail, error) {
	d, ok := f.details[trace.Key{ID: id, Recipient: recipient}]
	if !ok {
		return nil, backend.DownstreamError(fmt.Errorf("trace %s: %w", id, trace.ErrNotFound))
	}
	return d, nil
}

// tr builds a trace received min minutes after t0.
func tr(min int, id, msg, sender, recipient, subject string, size int64, st trace.Status) trace.Trace {
	return trace.Trace{ID: id, MessageID: msg, Received: t0.Add(time.Duration(min) * time.Minute),
		Sender: sender, Recipient: recipient, Subject: subject, Size: size, Status: st,
		FromIP: "203.0.113.7", ToIP: ""}
}

// fixtureTraces is a small tenant with exact, hand-countable numbers:
//   - 10 traces from 00:00 to 02:30, split over two tables (two store buckets);
//   - mallory@evil.example sends an invoice lure with two recipient rows (one message);
//   - alice@example.co.jp sends internal and outbound mail;
//   - statuses: 5 delivered, 2 failed, 2 quarantined, 1 filteredAsSpam.
func fixtureTraces() [][]trace.Trace {
	const (
		alice   = "alice@example.co.jp"
		bob     = "bob@example.com"
		carol   = "carol@partner.example"
		mallory = "mallory@evil.example"
		trudy   = "trudy@evil.example"
	)
	first := []trace.Trace{
		tr(0, "id-01", "m1", alice, bob, "Weekly report 2026-11-19", 2_000, trace.StatusDelivered),
		tr(5, "id-02", "m2", alice, carol, "RE: Project Alpha", 50_000, trace.StatusDelivered),
		tr(10, "id-03", "m3", mallory, alice, "Invoice #123 from Acme Corp", 300_000, trace.StatusQuarantined),
		tr(10, "id-03", "m3", mallory, bob, "Invoice #123 from Acme Corp", 300_000, trace.StatusQuarantined),
		tr(20, "id-05", "m5", trudy, alice, "Invoice #456 from Globex Ltd", 20_000, trace.StatusFilteredAsSpam),
		tr(40, "id-06", "m6", carol, alice, "Project Alpha", 5_000_000, trace.StatusDelivered),
	}
	second := []trace.Trace{
		tr(70, "id-07", "m7", bob, alice, "Lunch", 1_000, trace.StatusDelivered),
		tr(90, "id-08", "m8", alice, "dave@gmail.example", "資料の送付", 12_000_000, trace.StatusFailed),
		tr(120, "id-09", "m9", alice, "erin@gmail.example", "資料の送付", 15_000_000, trace.StatusFailed),
		tr(150, "id-10", "m10", bob, carol, "Weekly report 2026-11-20", 3_000, trace.StatusDelivered),
	}
	return [][]trace.Trace{first, second}
}

func newFixtureLoader() *fakeLoader {
	dict := table.NewDict()
	var tabs []*table.Table
	for _, part := range fixtureTraces() {
		tabs = append(tabs, table.FromTraces(dict, part))
	}
	return &fakeLoader{tabs: tabs, details: map[trace.Key][]trace.Detail{
		{ID: "id-03", Recipient: "alice@example.co.jp"}: {
			{ID: "id-03", MessageID: "m3", Time: t0.Add(10 * time.Minute), Event: "Receive", Action: "", Description: "Received from 203.0.113.7", Data: ""},
			{ID: "id-03", MessageID: "m3", Time: t0.Add(11 * time.Minute), Event: "Quarantine", Action: "Quarantined", Description: "Phish", Data: "S:SFA=PHSH"},
		},
	}}
}

func newFixtureEngine() (*Engine, *fakeLoader) {
	l := newFixtureLoader()
	return NewEngine(l, Options{AcceptedDomains: fixtureDomains, Now: func() time.Time { return t0.Add(3 * time.Hour) },
		DatasourceUID: "ds-uid", DatasourceName: "Exchange"}), l
}

// testQuery is one query as Grafana sends it: the fields of the SDK's
// DataQuery that pkg/plugin hands to Parse.
type testQuery struct {
	RefID, QueryType string
	JSON             []byte
	Interval         time.Duration
	MaxDataPoints    int64
	TimeRange        TimeRange
}

// response is a query's answer: its frames or its error.
type response struct {
	Frames data.Frames
	Error  error
}

// answer parses and runs q as pkg/plugin does.
func answer(e *Engine, q testQuery) response {
	parsed, err := parseTest(q)
	if err != nil {
		return response{Error: err}
	}
	frames, err := e.Run(context.Background(), parsed)
	return response{Frames: frames, Error: err}
}

func parseTest(q testQuery) (Query, error) {
	return Parse(q.JSON, q.TimeRange, Envelope{RefID: q.RefID, QueryType: q.QueryType, Interval: q.Interval, MaxDataPoints: q.MaxDataPoints})
}

// dq builds a query over [t0, t0+3h) from a JSON model.
func dq(t testing.TB, model map[string]any) testQuery {
	t.Helper()
	raw, err := json.Marshal(model)
	if err != nil {
		t.Fatal(err)
	}
	qt, _ := model["queryType"].(string)
	return testQuery{RefID: "A", QueryType: qt, JSON: raw, Interval: time.Minute, MaxDataPoints: 1000,
		TimeRange: TimeRange{From: t0, To: t0.Add(3 * time.Hour)}}
}

// runOK runs a query that must succeed and returns its single frame.
func runOK(t testing.TB, e *Engine, q testQuery) *data.Frame {
	t.Helper()
	resp := answer(e, q)
	if resp.Error != nil {
		t.Fatalf("query failed: %v", resp.Error)
	}
	if len(resp.Frames) != 1 {
		t.Fatalf("want 1 frame, got %d", len(resp.Frames))
	}
	return resp.Frames[0]
}

// column returns a field's values as []any for comparison with literal tables.
func column(t testing.TB, f *data.Frame, name string) []any {
	t.Helper()
	field, idx := f.FieldByName(name)
	if idx < 0 {
		t.Fatalf("frame %s has no field %q", f.Name, name)
	}
	out := make([]any, field.Len())
	for i := range out {
		v, ok := field.ConcreteAt(i)
		if !ok {
			v = nil
		}
		out[i] = v
	}
	return out
}

func fieldNames(f *data.Frame) []string {
	names := make([]string, len(f.Fields))
	for i, fl := range f.Fields {
		names[i] = fl.Name
	}
	return names
}
