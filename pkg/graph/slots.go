package graph

import (
	"context"
	"fmt"
	"time"
)

// SharedBudget is a request budget kept outside the process (pkg/archive's
// PostgreSQL budget), so that every Grafana replica of a tenant draws from one
// rolling window. TryTake takes a slot or says how long until one frees (and
// whether a 429 pause is why); PauseFor extends the tenant's pause; Used counts
// the slots taken in the window.
type SharedBudget interface {
	TryTake(ctx context.Context, limit int) (wait time.Duration, paused bool, err error)
	PauseFor(ctx context.Context, d time.Duration) error
	Used(ctx context.Context) (int, error)
}

// slots is where a request takes its budget slot: the process's budget, or a
// shared one through an adapter. Every Graph call goes through it, drill-down
// details included.
type slots interface {
	tryTake(ctx context.Context, now func() time.Time) (wait time.Duration, limit int, paused bool, err error)
	pauseUntil(ctx context.Context, now, t time.Time)
	used(ctx context.Context, now time.Time) (used, limit int, err error)
}

// local adapts the in-process budget.
type local struct{ b *budget }

func (l local) tryTake(_ context.Context, now func() time.Time) (time.Duration, int, bool, error) {
	wait, limit, paused := l.b.tryTake(now)
	return wait, limit, paused, nil
}

func (l local) pauseUntil(_ context.Context, _, t time.Time) { l.b.pauseUntil(t) }

func (l local) used(_ context.Context, now time.Time) (int, int, error) {
	l.b.mu.Lock()
	defer l.b.mu.Unlock()
	l.b.prune(now)
	return len(l.b.stamps), l.b.limit(), nil
}

// shared adapts a SharedBudget; the limit is still the smallest one the
// process's clients registered.
type shared struct {
	s SharedBudget
	b *budget // for the limit
}

func (s shared) limit() int {
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	return s.b.limit()
}

func (s shared) tryTake(ctx context.Context, _ func() time.Time) (time.Duration, int, bool, error) {
	limit := s.limit()
	wait, paused, err := s.s.TryTake(ctx, limit)
	if err != nil {
		return 0, limit, false, fmt.Errorf("shared request budget: %w", err)
	}
	return wait, limit, paused, nil
}

func (s shared) pauseUntil(ctx context.Context, now, t time.Time) {
	_ = s.s.PauseFor(ctx, t.Sub(now)) // best effort: the local wait still applies
}

func (s shared) used(ctx context.Context, _ time.Time) (int, int, error) {
	n, err := s.s.Used(ctx)
	return n, s.limit(), err
}

// acquire takes a slot from s, waiting while the caller's allowance lasts. It
// returns a *BudgetError with the remaining wait when the allowance would be
// exceeded.
func acquire(ctx context.Context, s slots, clk clock, w *waiter) error {
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("waiting for a request slot: %w", err)
		}
		wait, limit, paused, err := s.tryTake(ctx, clk.now)
		if err != nil {
			return err
		}
		if wait <= 0 {
			return nil
		}
		if !w.spend(wait) {
			if paused {
				return &ThrottledError{Wait: wait}
			}
			return &BudgetError{Limit: limit, Window: budgetWindow, Wait: wait}
		}
		if err := clk.sleep(ctx, wait); err != nil {
			return fmt.Errorf("waiting for a request slot: %w", err)
		}
	}
}

// Headroom reports whether more than frac of the request budget is free now;
// background work (the archive's backfill) runs only then, so that frac stays
// for panels. A budget that cannot be read has no headroom.
func (c *Client) Headroom(ctx context.Context, frac float64) bool {
	used, limit, err := c.slots.used(ctx, c.clk.now())
	if err != nil {
		return false
	}
	return float64(limit-used) > frac*float64(limit)
}
