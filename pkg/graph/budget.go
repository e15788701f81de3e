package graph

import (
	"context"
	"strings"
	"sync"
	"time"
)

// budgetWindow is Microsoft's rolling window for the per-tenant quota.
const budgetWindow = 5 * time.Minute

// budgets holds one budget per (tenant, Graph host), because Microsoft counts
// every call of the tenant against one quota, whichever data source makes it.
var budgets = struct {
	sync.Mutex
	m map[budgetKey]*budget
}{m: map[budgetKey]*budget{}}

type budgetKey struct{ tenant, graph string }

// sharedBudget returns the process-wide budget of a tenant.
func sharedBudget(tenant, graphBase string) *budget {
	k := budgetKey{strings.ToLower(tenant), strings.ToLower(graphBase)}
	budgets.Lock()
	defer budgets.Unlock()
	b, ok := budgets.m[k]
	if !ok {
		b = &budget{limits: map[uint64]int{}}
		budgets.m[k] = b
	}
	return b
}

// budget is a rolling-window limiter. Each live Client registers its configured
// limit and the smallest one applies: when two data sources point at the same
// tenant, the stricter setting protects the quota both depend on. A Client's limit
// is dropped on Close (or when it is garbage collected), so raising the setting
// takes effect once the old instance is gone.
type budget struct {
	mu     sync.Mutex
	limits map[uint64]int
	nextID uint64
	stamps []time.Time // acquisition times inside the window, ascending
	paused time.Time   // no slot before this (set from a 429's Retry-After)
}

func (b *budget) register(limit int) uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.nextID++
	b.limits[b.nextID] = limit
	return b.nextID
}

func (b *budget) unregister(id uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.limits, id)
}

// limit is the smallest registered limit; callers hold mu.
func (b *budget) limit() int {
	l := DefaultRequestBudget
	first := true
	for _, v := range b.limits {
		if first || v < l {
			l, first = v, false
		}
	}
	return l
}

// pauseUntil makes every caller wait until t, so one 429 stops the whole process
// from hammering the tenant.
func (b *budget) pauseUntil(t time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if t.After(b.paused) {
		b.paused = t
	}
}

// acquire takes a slot from the in-process budget (see the package function).
func (b *budget) acquire(ctx context.Context, clk clock, w *waiter) error {
	return acquire(ctx, local{b}, clk, w)
}

// tryTake records a slot if one is free, else returns how long until one frees
// up and whether that is because of a 429 pause. The clock is read under the
// lock so stamps stay in ascending order.
func (b *budget) tryTake(clock func() time.Time) (wait time.Duration, limit int, paused bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := clock()
	limit = b.limit()
	if wait := b.paused.Sub(now); wait > 0 {
		return wait, limit, true
	}
	b.prune(now)
	if len(b.stamps) >= limit {
		return b.stamps[len(b.stamps)-limit].Add(budgetWindow).Sub(now), limit, false
	}
	b.stamps = append(b.stamps, now)
	return 0, limit, false
}

// prune drops slots that left the window: a slot taken at s counts during
// [s, s+window).
func (b *budget) prune(now time.Time) {
	i := 0
	for i < len(b.stamps) && !b.stamps[i].Add(budgetWindow).After(now) {
		i++
	}
	b.stamps = b.stamps[i:]
}

// waiter is the MaxWait allowance of one call, spent on budget and 429 waits.
type waiter struct{ left time.Duration }

// spend reports whether d fits in the allowance, and deducts it if so.
func (w *waiter) spend(d time.Duration) bool {
	if d > w.left {
		return false
	}
	w.left -= d
	return true
}
