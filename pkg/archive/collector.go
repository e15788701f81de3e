package archive

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sync"
	"time"
)

// DefaultCollectorInterval is how often a Collector re-checks its lock: a
// standby takes over at most this long after the holder's session ends.
const DefaultCollectorInterval = 15 * time.Second

// Collector elects the one replica per tenant that fetches from Graph, with a
// session-level advisory lock held on a dedicated connection. The lock goes when
// the holder's session ends: at once when its process dies (the kernel closes the
// socket), and within about 25 s when its host vanishes, through the server-side
// TCP keepalives set on that session. The holder checks its session on every
// Check, so it stops collecting when it loses the connection. Writes are upserts,
// so the few seconds two replicas may both believe they collect cost requests,
// never data.
type Collector struct {
	p       *Postgres
	db      *sql.DB
	replica string

	mu      sync.Mutex
	conn    *sql.Conn
	leading bool
}

// Collector returns the election handle of this replica (named for health, e.g.
// the host name and process id).
func (p *Postgres) Collector(replica string) *Collector {
	db := p.openDB(map[string]string{"tcp_keepalives_idle": "10", "tcp_keepalives_interval": "5", "tcp_keepalives_count": "3"})
	db.SetMaxOpenConns(1)
	return &Collector{p: p, db: db, replica: replica}
}

// Check takes the lock if it is free, or confirms the session still holds it and
// records a heartbeat. It reports whether this replica collects.
func (c *Collector) Check(ctx context.Context) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.leading {
		if err := c.heartbeat(ctx); err != nil {
			c.dropLocked()
			return false, fmt.Errorf("collector lost its session: %w", err)
		}
		return true, nil
	}
	if c.conn == nil {
		conn, err := c.db.Conn(ctx)
		if err != nil {
			return false, fmt.Errorf("collector: %w", err)
		}
		c.conn = conn
	}
	var got bool
	if err := c.conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1, $2)", lockSpace, c.p.key+lockCollector).Scan(&got); err != nil {
		c.dropLocked()
		return false, fmt.Errorf("collector: %w", err)
	}
	if !got {
		return false, nil
	}
	c.leading = true
	if _, err := c.conn.ExecContext(ctx, `INSERT INTO collector (replica, since, heartbeat) VALUES ($1, `+dbNowMs+`, `+dbNowMs+`)
		ON CONFLICT (one) DO UPDATE SET replica = excluded.replica, since = excluded.since, heartbeat = excluded.heartbeat`, c.replica); err != nil {
		c.dropLocked()
		return false, fmt.Errorf("collector: %w", err)
	}
	return true, nil
}

func (c *Collector) heartbeat(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, err := c.conn.ExecContext(ctx, "UPDATE collector SET heartbeat = "+dbNowMs+" WHERE replica = $1", c.replica)
	return err
}

// dropLocked closes the session, which releases the lock if held.
func (c *Collector) dropLocked() {
	if c.conn != nil {
		c.conn.Raw(func(any) error { return driver.ErrBadConn }) //nolint:errcheck // marks the session bad so the pool discards it
		c.conn.Close()
		c.conn = nil
	}
	c.leading = false
}

// Leading reports the result of the last Check.
func (c *Collector) Leading() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.leading
}

// Run checks every interval (DefaultCollectorInterval when 0) until ctx ends,
// calling onChange when this replica starts or stops collecting.
func (c *Collector) Run(ctx context.Context, interval time.Duration, onChange func(leading bool, err error)) {
	if interval <= 0 {
		interval = DefaultCollectorInterval
	}
	was := false
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		now, err := c.Check(ctx)
		if now != was || err != nil {
			onChange(now, err)
			was = now
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Close releases the lock (a standby takes over at its next check).
func (c *Collector) Close() error {
	c.mu.Lock()
	if c.conn != nil {
		if c.leading {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			c.conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1, $2)", lockSpace, c.p.key+lockCollector) //nolint:errcheck // closing the session releases it anyway
			cancel()
		}
		c.conn.Close()
		c.conn = nil
	}
	c.leading = false
	c.mu.Unlock()
	return c.db.Close()
}

// dbNowMs is the database's clock in Unix milliseconds: replicas compare
// heartbeats and budget slots on one clock, not on their own.
const dbNowMs = "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT"
