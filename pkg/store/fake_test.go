package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// t0 is the start of the fixed test timeline.
var t0 = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)

func at(d time.Duration) time.Time { return t0.Add(d) }

// fakeSource is an in-memory trace.Source that records its calls. gate, when
// set, holds every List call until it is closed (or the call's context ends);
// respond, when set, rewrites the result of a call.
type fakeSource struct {
	mu      sync.Mutex
	traces  []trace.Trace
	calls   []trace.Request
	ctxErrs []error // the call's ctx.Err() when it returned
	gate    chan struct{}
	respond func(n int, req trace.Request, res trace.Result) (trace.Result, error)
	details int
}

func (f *fakeSource) List(ctx context.Context, req trace.Request) (trace.Result, error) {
	f.mu.Lock()
	n := len(f.calls)
	f.calls = append(f.calls, req)
	gate := f.gate
	f.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ctxErrs = append(f.ctxErrs, ctx.Err())
	if err := ctx.Err(); err != nil {
		return trace.Result{}, fmt.Errorf("fake: %w", err)
	}
	res := trace.Result{CoveredFrom: req.From, CoveredTo: req.To}
	for _, tr := range f.traces {
		if !tr.Received.Before(req.From) && !tr.Received.After(req.To) && matches(req.Filter, tr) {
			res.Traces = append(res.Traces, tr)
		}
	}
	if f.respond != nil {
		return f.respond(n, req, res)
	}
	return res, nil
}

func (f *fakeSource) Details(_ context.Context, id, recipient string) ([]trace.Detail, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.details++
	return []trace.Detail{{ID: id, Event: "Receive", Description: recipient}}, nil
}

// matches implements the pushed-down filter fields the tests use.
func matches(f trace.Filter, tr trace.Trace) bool {
	return (f.Sender == "" || f.Sender == tr.Sender) &&
		(f.Recipient == "" || f.Recipient == tr.Recipient) &&
		(f.Status == trace.StatusUnknown || f.Status == tr.Status)
}

func (f *fakeSource) set(traces []trace.Trace) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.traces = traces
}

func (f *fakeSource) callList() []trace.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func (f *fakeSource) callCount() int { return len(f.callList()) }

// clock is a settable fake time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// throttled is a source error carrying a retry time, like Graph's 429.
type throttled struct{ after time.Duration }

func (e throttled) Error() string             { return "Microsoft Graph throttled" }
func (e throttled) RetryAfter() time.Duration { return e.after }

var errBoom = errors.New("boom")

// every returns one trace per step in [from, to), each its own message.
func every(from, to time.Time, step time.Duration) []trace.Trace {
	var out []trace.Trace
	for i, t := 0, from; t.Before(to); i, t = i+1, t.Add(step) {
		out = append(out, trace.Trace{
			ID: fmt.Sprintf("id-%d", i), MessageID: fmt.Sprintf("<m%d@example.com>", i), Received: t,
			Sender: "a@example.com", Recipient: "b@example.co.jp", Subject: "hello", Size: 1000,
			FromIP: "192.0.2.1", Status: trace.StatusDelivered,
		})
	}
	return out
}

// rowsOf decodes every row of a snapshot.
func rowsOf(s table.Snapshot) []trace.Trace {
	var out []trace.Trace
	for _, t := range s.Tables {
		for i := range t.Len() {
			out = append(out, t.Row(i))
		}
	}
	return out
}

// inRange counts traces received in [from, to].
func inRange(traces []trace.Trace, from, to time.Time) int {
	n := 0
	for _, tr := range traces {
		if !tr.Received.Before(from) && !tr.Received.After(to) {
			n++
		}
	}
	return n
}

// eventually waits until cond holds; the tests use it to let goroutines reach a
// known state (blocked in a fetch), never to let time pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func newTestStore(t *testing.T, src trace.Source, now time.Time, opts Options) (*Store, *clock) {
	t.Helper()
	c := &clock{t: now}
	opts.Now = c.Now
	s := New(src, opts)
	t.Cleanup(s.Close)
	return s, c
}

func req(from, to time.Time) trace.Request { return trace.Request{From: from, To: to} }

// cachedBuckets lists the indexes of unfiltered buckets holding data, relative to t0.
func cachedBuckets(s *Store) []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []int64
	for idx, sl := range s.slots {
		if sl.all != nil && sl.all.tab != nil {
			out = append(out, idx-s.index(t0))
		}
	}
	slices.Sort(out)
	return out
}
