package archive

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Advisory lock keys are (lockSpace, n): lockSpace keeps them apart from other
// applications sharing the database; n is derived from the tenant's schema.
const lockSpace int32 = 0x45584F54 // "EXOT"

// Which lock of a tenant (added to its base key).
const (
	lockDDL       = 0
	lockCollector = 1
	lockBudget    = 2
)

// Postgres is the shared archive: every replica reads it, one collects.
// Each tenant gets its own schema, so one database can serve several data
// sources and tenants, and the table layout stays the SQLite one.
type Postgres struct {
	*sqlArchive
	schema string
	key    int32
	cfg    *pgx.ConnConfig

	mu     sync.Mutex
	months map[int64]bool // partitions known to exist, by first millisecond
}

// SchemaFor is the schema holding a tenant's archive.
func SchemaFor(tenant string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(tenant))))
	return "exotrace_" + hex.EncodeToString(sum[:8])
}

// OpenPostgres connects to dsn (a libpq connection string or URL; the password
// belongs in secureJsonData) and creates the tenant's schema and tables.
func OpenPostgres(ctx context.Context, dsn, tenant string) (*Postgres, error) {
	if strings.TrimSpace(dsn) == "" {
		return nil, configError("the PostgreSQL connection string is empty")
	}
	if strings.TrimSpace(tenant) == "" {
		return nil, configError("the tenant is empty")
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		// pgx's message quotes the DSN, password included: never pass it on.
		return nil, configError("the PostgreSQL connection string cannot be parsed; use key=value pairs or a postgres:// URL")
	}
	schema := SchemaFor(tenant)
	sum := sha256.Sum256([]byte(schema))
	p := &Postgres{schema: schema, key: int32(binary.BigEndian.Uint32(sum[:4]) &^ 3), cfg: cfg, months: map[int64]bool{}}
	if err := p.createSchema(ctx); err != nil {
		return nil, err
	}
	db := p.openDB(nil)
	db.SetMaxOpenConns(8)
	p.sqlArchive = newSQLArchive(db, dialect{
		kind:        KindPostgres,
		param:       func(n int) string { return fmt.Sprintf("$%d", n) },
		beforeWrite: p.ensurePartitions,
		insert:      copyInsert,
		prune:       p.prune,
		size:        p.size,
	})
	return p, nil
}

// openDB is a pool whose sessions use the tenant's schema.
func (p *Postgres) openDB(params map[string]string) *sql.DB {
	c := p.cfg.Copy()
	if c.RuntimeParams == nil {
		c.RuntimeParams = map[string]string{}
	}
	for k, v := range params {
		c.RuntimeParams[k] = v
	}
	c.RuntimeParams["search_path"] = p.schema
	c.RuntimeParams["application_name"] = "exotrace-messagetrace"
	return stdlib.OpenDB(*c)
}

func (p *Postgres) createSchema(ctx context.Context) error {
	conn, err := pgx.ConnectConfig(ctx, p.cfg)
	if err != nil {
		return fmt.Errorf("connect to PostgreSQL %s:%d: %w", p.cfg.Host, p.cfg.Port, redact(err, p.cfg.Password))
	}
	defer conn.Close(ctx)
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("create archive schema: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	// Replicas starting together would race on CREATE ... IF NOT EXISTS.
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, $2)", lockSpace, p.key+lockDDL); err != nil {
		return fmt.Errorf("create archive schema: %w", err)
	}
	s := pgx.Identifier{p.schema}.Sanitize()
	ddl := `
CREATE SCHEMA IF NOT EXISTS ` + s + `;
CREATE TABLE IF NOT EXISTS ` + s + `.traces (
	received   BIGINT   NOT NULL,
	id         BYTEA    NOT NULL,
	recipient  TEXT     NOT NULL,
	message_id TEXT     NOT NULL,
	sender     TEXT     NOT NULL,
	subject    TEXT     NOT NULL,
	size       INTEGER  NOT NULL,
	from_ip    TEXT     NOT NULL,
	to_ip      TEXT     NOT NULL,
	status     SMALLINT NOT NULL,
	PRIMARY KEY (received, id, recipient)
) PARTITION BY RANGE (received);
CREATE TABLE IF NOT EXISTS ` + s + `.hours (
	start   BIGINT  PRIMARY KEY,
	fetched BIGINT  NOT NULL,
	rows    INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS ` + s + `.collector (
	one       BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
	replica   TEXT    NOT NULL,
	since     BIGINT  NOT NULL,
	heartbeat BIGINT  NOT NULL
);
CREATE TABLE IF NOT EXISTS ` + s + `.budget_slots (at BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS budget_slots_at ON ` + s + `.budget_slots (at);
CREATE TABLE IF NOT EXISTS ` + s + `.budget_pause (
	one   BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
	until BIGINT  NOT NULL
);`
	if _, err := tx.Exec(ctx, ddl); err != nil {
		return fmt.Errorf("create archive schema %s: %w", p.schema, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("create archive schema: %w", err)
	}
	return nil
}

// redact removes the password from an error text (pgx may quote parts of the DSN).
func redact(err error, password string) error {
	if password == "" || !strings.Contains(err.Error(), password) {
		return err
	}
	return fmt.Errorf("%s", strings.ReplaceAll(err.Error(), password, "********"))
}

// monthStart is the first millisecond of the UTC month of ms.
func monthStart(ms int64) time.Time {
	t := time.UnixMilli(ms).UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func partitionName(m time.Time) string {
	return fmt.Sprintf("traces_%04d%02d", m.Year(), int(m.Month()))
}

// ensurePartitions creates the month partitions the window's rows fall in, in a
// short transaction of its own: attaching a partition locks the parent table, so
// it must not be held for a whole write.
func (p *Postgres) ensurePartitions(ctx context.Context, db *sql.DB, w Window) error {
	need := map[int64]time.Time{}
	for _, t := range w.Traces {
		m := monthStart(t.Received.UnixMilli())
		need[m.UnixMilli()] = m
	}
	p.mu.Lock()
	for k := range need {
		if p.months[k] {
			delete(need, k)
		}
	}
	p.mu.Unlock()
	if len(need) == 0 {
		return nil
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("create partitions: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1, $2)", lockSpace, p.key+lockDDL); err != nil {
		return fmt.Errorf("create partitions: %w", err)
	}
	for _, m := range need {
		q := fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s PARTITION OF traces FOR VALUES FROM (%d) TO (%d)",
			pgx.Identifier{partitionName(m)}.Sanitize(), m.UnixMilli(), m.AddDate(0, 1, 0).UnixMilli())
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("create partition %s: %w", partitionName(m), err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create partitions: %w", err)
	}
	p.mu.Lock()
	for k := range need {
		p.months[k] = true
	}
	p.mu.Unlock()
	return nil
}

// partitions lists the month partitions with their bounds.
func (p *Postgres) partitions(ctx context.Context, db *sql.DB) (map[string]time.Time, error) {
	rows, err := db.QueryContext(ctx, `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
		JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace n ON n.oid = pc.relnamespace
		WHERE pc.relname = 'traces' AND n.nspname = $1`, p.schema)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		var y, m int
		if _, err := fmt.Sscanf(name, "traces_%04d%02d", &y, &m); err == nil {
			out[name] = time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		}
	}
	return out, rows.Err()
}

// prune drops the months wholly before the cutoff, then deletes the rest of the
// old rows (from one partition at most).
func (p *Postgres) prune(ctx context.Context, db *sql.DB, ms int64) (int64, error) {
	parts, err := p.partitions(ctx, db)
	if err != nil {
		return 0, fmt.Errorf("archive prune: %w", err)
	}
	var n int64
	for name, m := range parts {
		if m.AddDate(0, 1, 0).UnixMilli() > ms {
			continue
		}
		id := pgx.Identifier{name}.Sanitize()
		var rows int64
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+id).Scan(&rows); err != nil {
			return n, fmt.Errorf("archive prune %s: %w", name, err)
		}
		if _, err := db.ExecContext(ctx, "DROP TABLE IF EXISTS "+id); err != nil {
			return n, fmt.Errorf("archive prune %s: %w", name, err)
		}
		p.mu.Lock()
		delete(p.months, m.UnixMilli())
		p.mu.Unlock()
		n += rows
	}
	rest, err := pruneDelete(ctx, db, p.d, ms)
	return n + rest, err
}

func (p *Postgres) size(ctx context.Context, db *sql.DB) (int64, error) {
	var n int64
	err := db.QueryRowContext(ctx, `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::BIGINT FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`, p.schema).Scan(&n)
	return n, err
}

// Health adds the collecting replica to the shared figures.
func (p *Postgres) Health(ctx context.Context) (Health, error) {
	h, err := p.sqlArchive.Health(ctx)
	if err != nil {
		return h, err
	}
	var replica sql.NullString
	var beat sql.NullInt64
	err = p.db.QueryRowContext(ctx, "SELECT replica, heartbeat FROM collector").Scan(&replica, &beat)
	if err != nil && err != sql.ErrNoRows {
		return h, fmt.Errorf("archive health: %w", err)
	}
	h.Collector = replica.String
	if beat.Valid {
		h.CollectorSeen = time.UnixMilli(beat.Int64).UTC()
	}
	return h, nil
}

// copyInsert streams the rows with COPY into a session-local staging table and
// upserts them from there in one statement: several times faster than
// multi-row INSERTs, in the same transaction.
func copyInsert(ctx context.Context, conn *sql.Conn, tx *sql.Tx, traces []trace.Trace) error {
	if len(traces) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "CREATE TEMP TABLE IF NOT EXISTS exotrace_staging (LIKE traces) ON COMMIT DELETE ROWS"); err != nil {
		return fmt.Errorf("staging table: %w", err)
	}
	err := conn.Raw(func(dc any) error {
		pc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("not a pgx connection: %T", dc)
		}
		i := 0
		src := pgx.CopyFromFunc(func() ([]any, error) {
			if i == len(traces) {
				return nil, nil
			}
			t := traces[i]
			i++
			return []any{t.Received.UnixMilli(), encodeID(t.ID), t.Recipient, t.MessageID, t.Sender, t.Subject,
				int32(clampSize(t.Size)), t.FromIP, t.ToIP, int16(t.Status)}, nil
		})
		_, err := pc.Conn().CopyFrom(ctx, pgx.Identifier{"exotrace_staging"}, strings.Split(strings.ReplaceAll(traceColumns, " ", ""), ","), src)
		return err
	})
	if err != nil {
		return fmt.Errorf("copy traces: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO traces ("+traceColumns+") SELECT "+traceColumns+" FROM exotrace_staging"+onConflict); err != nil {
		return fmt.Errorf("upsert traces: %w", err)
	}
	return nil
}
