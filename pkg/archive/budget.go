package archive

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// BudgetWindow is Microsoft's rolling window for the per-tenant quota.
const BudgetWindow = 5 * time.Minute

// Budget is the slot side of pkg/graph's per-tenant request budget, so that a
// shared implementation can stand in for the in-process one: TryTake is its
// tryTake (take a slot now, or say how long until one frees and whether a 429
// pause is the reason) and PauseFor its pauseUntil (relative, because replicas'
// clocks differ). The limit is the caller's: graph passes its smallest
// registered limit. Every Graph call takes a slot, drill-down details included.
type Budget interface {
	TryTake(ctx context.Context, limit int) (wait time.Duration, paused bool, err error)
	PauseFor(ctx context.Context, d time.Duration) error
}

// SharedBudget is a Budget kept in PostgreSQL, so every replica of every data
// source on the tenant draws from one window. Slots are rows stamped with the
// database's clock; a transaction-level advisory lock serialises takers.
type SharedBudget struct {
	p *Postgres
	// Window is the rolling window (BudgetWindow; tests shorten it).
	Window time.Duration
}

// Budget returns the tenant's shared request budget.
func (p *Postgres) Budget() *SharedBudget { return &SharedBudget{p: p, Window: BudgetWindow} }

// TryTake takes a slot if fewer than limit were taken in the last Window and no
// 429 pause is in force; otherwise it returns how long to wait.
func (b *SharedBudget) TryTake(ctx context.Context, limit int) (time.Duration, bool, error) {
	if limit < 1 {
		return 0, false, fmt.Errorf("request budget: limit must be at least 1, got %d", limit)
	}
	tx, err := b.p.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, false, fmt.Errorf("request budget: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	wait, paused, err := b.take(ctx, tx, limit)
	if err != nil {
		return 0, false, fmt.Errorf("request budget: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, false, fmt.Errorf("request budget: %w", err)
	}
	return wait, paused, nil
}

func (b *SharedBudget) take(ctx context.Context, tx *sql.Tx, limit int) (time.Duration, bool, error) {
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1, $2)", lockSpace, b.p.key+lockBudget); err != nil {
		return 0, false, err
	}
	var now int64
	if err := tx.QueryRowContext(ctx, "SELECT "+dbNowMs).Scan(&now); err != nil {
		return 0, false, err
	}
	var until sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT until FROM budget_pause").Scan(&until); err != nil && err != sql.ErrNoRows {
		return 0, false, err
	}
	if until.Valid && until.Int64 > now {
		return time.Duration(until.Int64-now) * time.Millisecond, true, nil
	}
	win := b.Window.Milliseconds()
	// A slot taken at s counts during [s, s+window).
	if _, err := tx.ExecContext(ctx, "DELETE FROM budget_slots WHERE at + $1 <= $2", win, now); err != nil {
		return 0, false, err
	}
	// The slot that frees first once limit are taken is the limit-th newest.
	var nth sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT at FROM budget_slots ORDER BY at DESC OFFSET $1 LIMIT 1", limit-1).Scan(&nth); err != nil && err != sql.ErrNoRows {
		return 0, false, err
	}
	if nth.Valid {
		return time.Duration(nth.Int64+win-now) * time.Millisecond, false, nil
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO budget_slots (at) VALUES ($1)", now); err != nil {
		return 0, false, err
	}
	return 0, false, nil
}

// PauseFor stops every replica from taking slots for d (after Graph's 429
// Retry-After); a shorter pause never cuts a longer one.
func (b *SharedBudget) PauseFor(ctx context.Context, d time.Duration) error {
	_, err := b.p.db.ExecContext(ctx, `INSERT INTO budget_pause (until) VALUES (`+dbNowMs+` + $1)
		ON CONFLICT (one) DO UPDATE SET until = GREATEST(budget_pause.until, excluded.until)`, d.Milliseconds())
	if err != nil {
		return fmt.Errorf("request budget pause: %w", err)
	}
	return nil
}

// Used is the number of slots taken in the current window, for health.
func (b *SharedBudget) Used(ctx context.Context) (int, error) {
	var n int
	err := b.p.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM budget_slots WHERE at + $1 > "+dbNowMs, b.Window.Milliseconds()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("request budget: %w", err)
	}
	return n, nil
}
