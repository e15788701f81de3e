package store

import (
	"context"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// mixed: a row every 10 minutes for two days, senders alternating.
func mixed() []trace.Trace {
	ts := every(at(0), at(48*h), 10*m)
	for i := range ts {
		if i%2 == 1 {
			ts[i].Sender = "x@example.net"
		}
	}
	return ts
}

// Pushed-down filters: an unfiltered bucket serves any filter; a filtered fetch
// is made only where no unfiltered bucket exists and is cached under its filter.
func TestFilteredLoads(t *testing.T) {
	bySender := trace.Filter{Sender: "x@example.net"}
	byStatus := trace.Filter{Status: trace.StatusDelivered}
	day1 := func(f trace.Filter) trace.Request {
		return trace.Request{From: at(0), To: at(24*h - time.Millisecond), Filter: f}
	}
	day2 := func(f trace.Filter) trace.Request {
		return trace.Request{From: at(24 * h), To: at(48*h - time.Millisecond), Filter: f}
	}
	type step struct {
		req     trace.Request
		call    *trace.Request // the List call it must make; nil: none
		rows    int
		buckets int // cached buckets afterwards
	}
	call := func(from, to time.Time, f trace.Filter) *trace.Request {
		return &trace.Request{From: from, To: to, Filter: f}
	}
	steps := []step{
		{day1(trace.Filter{}), call(at(0), at(24*h), trace.Filter{}), 144, 24},
		{day1(bySender), nil, 144, 24}, // served unfiltered; the engine re-filters
		{day2(bySender), call(at(24*h), at(48*h), bySender), 72, 48},
		{day2(bySender), nil, 72, 48},
		{day2(byStatus), call(at(24*h), at(48*h), byStatus), 144, 72},
		{day2(trace.Filter{}), call(at(24*h), at(48*h), trace.Filter{}), 144, 48}, // filtered copies dropped
		{day2(bySender), nil, 144, 48},
	}
	src := &fakeSource{traces: mixed()}
	s, _ := newTestStore(t, src, at(30*24*h), Options{})
	for i, st := range steps {
		before := src.callCount()
		snap, err := s.Load(context.Background(), st.req)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		calls := src.callList()[before:]
		switch {
		case st.call == nil && len(calls) != 0:
			t.Errorf("step %d: unexpected calls %v", i, calls)
		case st.call != nil && (len(calls) != 1 || calls[0] != *st.call):
			t.Errorf("step %d: calls %v, want %v", i, calls, *st.call)
		}
		if snap.Rows() != st.rows || s.Stats().Buckets != st.buckets {
			t.Errorf("step %d: %d rows, %d buckets; want %d, %d", i, snap.Rows(), s.Stats().Buckets, st.rows, st.buckets)
		}
	}
}
