package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// ErrIncomplete is returned by LoadComplete when the range is not fully
// loaded in time: some bucket is still being fetched, failed, or would be
// served from an older read while it is refreshed.
var ErrIncomplete = errors.New("store: the range is not fully loaded")

// LoadComplete is Load for readers that must never see partial data (alert
// rules): it waits up to wait, ignoring MaxWait, for every fetch the range
// needs, and returns the snapshot only when every bucket then holds a full,
// current read. Otherwise it returns ErrIncomplete saying what is missing; a
// failed fetch ends the wait at once, since nothing changes before its retry
// time. Fetches continue in the background either way.
func (s *Store) LoadComplete(ctx context.Context, req trace.Request, wait time.Duration) (table.Snapshot, error) {
	if req.To.Before(req.From) {
		return table.Snapshot{}, fmt.Errorf("store: range ends at %s before it starts at %s", stamp(req.To), stamp(req.From))
	}
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	for round := 1; ; round++ {
		if err := ctx.Err(); err != nil {
			return table.Snapshot{}, fmt.Errorf("store: %w", err)
		}
		p, err := s.plan(ctx, req)
		if err != nil {
			return table.Snapshot{}, err
		}
		timedOut, err := s.waitAll(ctx, p, deadline.C)
		if err != nil {
			s.release(p)
			return table.Snapshot{}, err
		}
		t := s.completeness(p)
		if t.ok() {
			snap, err := s.collect(p, req)
			s.release(p)
			return snap, err
		}
		s.release(p)
		if timedOut || t.failed > 0 || round == maxCompleteRounds {
			return table.Snapshot{}, t.err(s, wait, req)
		}
		// Every fetch ended yet a bucket is not current: another fetch (a
		// re-read) was started meanwhile. Plan again, a bounded number of
		// times so busy re-reads cannot keep this loop asking the source.
	}
}

// waitAll waits for the fetches of p until the deadline fires.
func (s *Store) waitAll(ctx context.Context, p *plan, deadline <-chan time.Time) (timedOut bool, err error) {
	for _, f := range p.flights {
		select {
		case <-f.done:
		case <-ctx.Done():
			return false, fmt.Errorf("store: waiting for traces: %w", ctx.Err())
		case <-deadline:
			return true, nil
		}
	}
	return false, nil
}

// maxCompleteRounds bounds the plans of one LoadComplete.
const maxCompleteRounds = 3

// completeTally counts the buckets of a plan that are not full and current.
type completeTally struct {
	total, loading, failed int
	failure                error
}

func (t completeTally) ok() bool { return t.loading == 0 && t.failed == 0 }

func (s *Store) completeness(p *plan) completeTally {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := completeTally{total: len(p.buckets)}
	for _, b := range p.buckets {
		switch {
		case b.failure != nil:
			t.failed++
			t.failure = b.failure
		case b.flight != nil || b.tab == nil || !b.complete:
			t.loading++
		}
	}
	return t
}

func (t completeTally) err(s *Store, wait time.Duration, req trace.Request) error {
	span := fmt.Sprintf("%s – %s", stamp(req.From), stamp(req.To))
	if t.failed > 0 {
		return fmt.Errorf("%w: %d of %d %s of %s could not be read (%s)", ErrIncomplete, t.failed, t.total, s.unit(t.total), span, reason(t.failure))
	}
	return fmt.Errorf("%w: %d of %d %s of %s still loading", ErrIncomplete, t.loading, t.total, s.unit(t.total), span)
}
