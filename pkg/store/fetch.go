package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// fetchTimeout bounds one List call. It is generous because a large window can
// take many pages under the request budget; a call cut short still returns the
// rows it read, and the rest is fetched on a later Load.
const fetchTimeout = 5 * time.Minute

// retryAfterer is implemented by source errors that know when to try again,
// e.g. Graph's 429 with Retry-After or the client's own request budget.
type retryAfterer interface{ RetryAfter() time.Duration }

// fetch serves what it can of c from the archive, then makes the List calls
// for the rest.
func (s *Store) fetch(ctx context.Context, c *chunk) {
	if s.opts.Archive == nil {
		s.fetchSource(ctx, c)
		return
	}
	for _, run := range s.restore(ctx, c) {
		s.fetchSource(ctx, run)
	}
}

// fetchSource makes the List call of c, builds the new bucket tables, writes
// the window through to the archive and publishes the tables.
func (s *Store) fetchSource(ctx context.Context, c *chunk) {
	dict, olds, now := s.begin(c)
	req := trace.Request{From: s.start(c.first()), To: minTime(s.start(c.last()+1), now), Filter: c.filter, Resume: c.resume}
	res, err := s.list(ctx, req)
	out := s.build(dict, c, olds, req, res, err)
	s.writeThrough(ctx, c, req, res, now, err, out)
	s.publish(c, out, now, err)
}

// list calls the source with a timeout. A panic in the source becomes an error:
// it would otherwise kill the plugin, and the waiters with it.
func (s *Store) list(ctx context.Context, req trace.Request) (res trace.Result, err error) {
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			res, err = trace.Result{}, fmt.Errorf("store: source panicked: %v", p)
		}
	}()
	return s.src.List(ctx, req)
}

// begin counts the call and captures what the build needs: the dictionary, the
// current tables of the chunk (nothing else replaces them while the chunk is in
// flight; a compaction may re-encode them, which publish undoes) and the read time.
func (s *Store) begin(c *chunk) (*table.Dict, []*table.Table, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.count.fetches++
	olds := make([]*table.Table, len(c.buckets))
	for i, b := range c.buckets {
		olds[i] = b.tab
	}
	return s.dict, olds, s.opts.Now()
}

// built is the outcome of a fetch for one bucket.
type built struct {
	tab     *table.Table // nil: nothing read and nothing cached
	covered bool         // the read covered the whole bucket
	notices []trace.Notice
	resume  string // how to continue the read, for buckets it did not cover
}

// publish swaps in the new tables, records success or failure per bucket, wakes
// the waiters and evicts if the store grew past its cap.
func (s *Store) publish(c *chunk, out []built, readAt time.Time, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	retryAt := s.retryAt(err)
	for i, b := range c.buckets {
		r := out[i]
		if r.tab != nil && r.tab.Dict != s.dict {
			r.tab = reencode(r.tab, s.dict) // a compaction ran during the fetch
		}
		s.setTable(b, r.tab)
		b.notices = r.notices
		if r.covered {
			b.readAt, b.complete, b.failure, b.retryAt, b.resume = readAt, true, nil, time.Time{}, ""
		} else {
			b.failure, b.retryAt, b.resume = err, retryAt, r.resume
		}
		f := b.flight
		b.flight = nil
		close(f.done)
		if b.filter.IsZero() && b.tab != nil {
			s.dropFiltered(b.idx)
		}
	}
	s.count.inFlight -= len(c.buckets)
	if !retryAt.IsZero() {
		s.failQueued(err, retryAt)
	}
	s.accountDict()
	s.evict()
}

// failQueued marks every queued bucket failed with err until retryAt: the
// request budget (or Graph's 429) is per tenant, so the other calls would fail
// the same way, after waiting for nothing.
func (s *Store) failQueued(err error, retryAt time.Time) {
	for b := range s.queue {
		s.dequeue(b)
		s.count.inFlight--
		b.failure, b.retryAt = err, retryAt
		f := b.flight
		b.flight = nil
		close(f.done)
	}
}

// retryAt is when a bucket the failed read did not cover may be fetched again.
func (s *Store) retryAt(err error) time.Time {
	var ra retryAfterer
	if err == nil || !errors.As(err, &ra) || ra.RetryAfter() <= 0 {
		return time.Time{}
	}
	return s.opts.Now().Add(ra.RetryAfter())
}

// dropFiltered removes the filtered buckets of idx: the unfiltered one serves them.
func (s *Store) dropFiltered(idx int64) {
	sl := s.slots[idx]
	for f, b := range sl.filtered {
		if b.pins == 0 && b.flight == nil {
			s.forget(b)
			delete(sl.filtered, f)
		}
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
