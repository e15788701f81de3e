package archive

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// The columns of traces, in insert order. The primary key is (received, id,
// recipient): a trace's received time never changes between reads, so this is the
// (id, recipientAddress) upsert key with the rows clustered by time, which makes
// range reads sequential and lets PostgreSQL partition by month.
const traceColumns = "received, id, recipient, message_id, sender, subject, size, from_ip, to_ip, status"

const nTraceColumns = 10

// rowsPerInsert bounds one multi-row INSERT (10 parameters a row stays far below
// both databases' parameter limits).
const rowsPerInsert = 500

// dialect is what differs between SQLite and PostgreSQL.
type dialect struct {
	kind Kind
	// param is the n-th (1-based) placeholder.
	param func(n int) string
	// beforeWrite runs before each write transaction (PostgreSQL creates the
	// month partitions the window touches).
	beforeWrite func(ctx context.Context, db *sql.DB, w Window) error
	// insert upserts rows inside tx, which runs on conn; nil uses multi-row
	// INSERT statements.
	insert func(ctx context.Context, conn *sql.Conn, tx *sql.Tx, traces []trace.Trace) error
	// prune deletes what is older than cutoff; nil uses plain DELETEs.
	prune func(ctx context.Context, db *sql.DB, cutoffMs int64) (int64, error)
	// size is the bytes on disk.
	size func(ctx context.Context, db *sql.DB) (int64, error)
}

// sqlArchive is the Archive over database/sql shared by both implementations.
type sqlArchive struct {
	db *sql.DB
	d  dialect
	// insert is the statement text for n rows, built once for full chunks.
	insertFull string
}

func newSQLArchive(db *sql.DB, d dialect) *sqlArchive {
	return &sqlArchive{db: db, d: d, insertFull: insertSQL(d, rowsPerInsert)}
}

// onConflict replaces every column but the key.
const onConflict = " ON CONFLICT (received, id, recipient) DO UPDATE SET message_id = excluded.message_id, sender = excluded.sender," +
	" subject = excluded.subject, size = excluded.size, from_ip = excluded.from_ip, to_ip = excluded.to_ip, status = excluded.status"

// insertSQL is the upsert of n rows. On conflict every column but the key is
// replaced: statuses change while a message settles.
func insertSQL(d dialect, n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO traces (" + traceColumns + ") VALUES ")
	p := 1
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c := 0; c < nTraceColumns; c++ {
			if c > 0 {
				b.WriteByte(',')
			}
			b.WriteString(d.param(p))
			p++
		}
		b.WriteByte(')')
	}
	b.WriteString(onConflict)
	return b.String()
}

func (a *sqlArchive) Write(ctx context.Context, w Window) error {
	if !w.From.Before(w.To) {
		return fmt.Errorf("archive write: empty window %s..%s", w.From.Format(time.RFC3339), w.To.Format(time.RFC3339))
	}
	if a.d.beforeWrite != nil {
		if err := a.d.beforeWrite(ctx, a.db, w); err != nil {
			return fmt.Errorf("archive write: %w", err)
		}
	}
	conn, err := a.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("archive write: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("archive write: begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	insert := a.insert
	if a.d.insert != nil {
		insert = func(ctx context.Context, tx *sql.Tx, traces []trace.Trace) error {
			return a.d.insert(ctx, conn, tx, traces)
		}
	}
	if err := insert(ctx, tx, dedupe(w.Traces)); err != nil {
		return fmt.Errorf("archive write: %w", err)
	}
	if w.Complete {
		if err := a.markHours(ctx, tx, w); err != nil {
			return fmt.Errorf("archive write: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("archive write: commit: %w", err)
	}
	return nil
}

// dedupe keeps the last of rows with one key: PostgreSQL refuses an upsert
// that touches a row twice in one statement, and the last read is the newest.
func dedupe(traces []trace.Trace) []trace.Trace {
	type key struct {
		ms            int64
		id, recipient string
	}
	last := make(map[key]int, len(traces))
	for i, t := range traces {
		last[key{t.Received.UnixMilli(), t.ID, t.Recipient}] = i
	}
	if len(last) == len(traces) {
		return traces
	}
	out := make([]trace.Trace, 0, len(last))
	for i, t := range traces {
		if last[key{t.Received.UnixMilli(), t.ID, t.Recipient}] == i {
			out = append(out, t)
		}
	}
	return out
}

func (a *sqlArchive) insert(ctx context.Context, tx *sql.Tx, traces []trace.Trace) error {
	var full *sql.Stmt
	args := make([]any, 0, rowsPerInsert*nTraceColumns)
	for start := 0; start < len(traces); start += rowsPerInsert {
		chunk := traces[start:min(start+rowsPerInsert, len(traces))]
		args = args[:0]
		for _, t := range chunk {
			args = append(args, t.Received.UnixMilli(), encodeID(t.ID), t.Recipient, t.MessageID, t.Sender, t.Subject,
				clampSize(t.Size), t.FromIP, t.ToIP, int64(t.Status))
		}
		var err error
		if len(chunk) == rowsPerInsert {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, a.insertFull); err != nil {
					return fmt.Errorf("prepare insert: %w", err)
				}
				defer full.Close()
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, insertSQL(a.d, len(chunk)), args...)
		}
		if err != nil {
			return fmt.Errorf("insert traces: %w", err)
		}
	}
	return nil
}

// markHours records the hours wholly inside the window as fetched, with the rows
// the window returned for each. A later fetch never goes back in time.
func (a *sqlArchive) markHours(ctx context.Context, tx *sql.Tx, w Window) error {
	hours := hoursInside(w.From, w.To)
	if len(hours) == 0 {
		return nil
	}
	counts := make(map[int64]int, len(hours))
	for _, t := range w.Traces {
		counts[t.Received.UTC().Truncate(Hour).UnixMilli()]++
	}
	q := "INSERT INTO hours (start, fetched, rows) VALUES (" + a.d.param(1) + "," + a.d.param(2) + "," + a.d.param(3) +
		") ON CONFLICT (start) DO UPDATE SET fetched = excluded.fetched, rows = excluded.rows WHERE excluded.fetched >= hours.fetched"
	st, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return fmt.Errorf("prepare hours: %w", err)
	}
	defer st.Close()
	for _, h := range hours {
		ms := h.UnixMilli()
		if _, err := st.ExecContext(ctx, ms, w.Fetched.UnixMilli(), counts[ms]); err != nil {
			return fmt.Errorf("mark hour %s: %w", h.Format(time.RFC3339), err)
		}
	}
	return nil
}

func (a *sqlArchive) rangeQuery(ctx context.Context, from, to time.Time) (*sql.Rows, error) {
	q := "SELECT " + traceColumns + " FROM traces WHERE received >= " + a.d.param(1) + " AND received < " + a.d.param(2) + " ORDER BY received, id, recipient"
	rows, err := a.db.QueryContext(ctx, q, from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("archive read: %w", err)
	}
	return rows, nil
}

func (a *sqlArchive) Read(ctx context.Context, from, to time.Time, fn func(trace.Trace) error) error {
	rows, err := a.rangeQuery(ctx, from, to)
	if err != nil {
		return err
	}
	defer rows.Close()
	var r rawRow
	for rows.Next() {
		if err := r.scan(rows); err != nil {
			return err
		}
		if err := fn(r.trace()); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("archive read: %w", err)
	}
	return nil
}

// readChunk is the span one ReadTables worker reads at a time.
const readChunk = 24 * time.Hour

// ReadTables reads spans of about a day in parallel (one connection each): at
// start-up the archive hands the store months of rows, and decoding them, not
// the disk, is the cost.
func (a *sqlArchive) ReadTables(ctx context.Context, from, to time.Time, bucket time.Duration, dict *table.Dict) ([]Bucket, error) {
	if bucket <= 0 {
		return nil, fmt.Errorf("archive read: bucket size must be positive, got %s", bucket)
	}
	bms := bucket.Milliseconds()
	step := max(readChunk.Milliseconds()/bms, 1) * bms
	var spans [][2]int64
	for lo := from.UnixMilli(); lo < to.UnixMilli(); {
		hi := min((floorDiv(lo, step)+1)*step, to.UnixMilli())
		spans = append(spans, [2]int64{lo, hi})
		lo = hi
	}
	parts := make([][]Bucket, len(spans))
	errs := make([]error, len(spans))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(len(spans), runtime.GOMAXPROCS(0), readWorkers) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(spans) && ctx.Err() == nil; i = int(next.Add(1) - 1) {
				parts[i], errs[i] = a.readSpan(ctx, spans[i][0], spans[i][1], bms, dict)
				if errs[i] != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	var out []Bucket
	for i := range parts {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, parts[i]...)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("archive read: %w", err)
	}
	return out, nil
}

// readWorkers bounds the connections one ReadTables uses.
const readWorkers = 4

// readSpan reads [lo, hi) (Unix ms) into bucket tables.
func (a *sqlArchive) readSpan(ctx context.Context, lo, hi, bms int64, dict *table.Dict) ([]Bucket, error) {
	rows, err := a.rangeQuery(ctx, time.UnixMilli(lo), time.UnixMilli(hi))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var (
		out []Bucket
		cur *table.Table
		end int64
		r   rawRow
	)
	for rows.Next() {
		if err := r.scan(rows); err != nil {
			return nil, err
		}
		if cur == nil || r.received >= end {
			if cur != nil {
				cur.Seal()
			}
			start := floorDiv(r.received, bms) * bms
			end = start + bms
			cur = table.New(dict, 0)
			out = append(out, Bucket{Start: time.UnixMilli(start).UTC(), Table: cur})
		}
		r.appendTo(cur)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive read: %w", err)
	}
	if cur != nil {
		cur.Seal()
	}
	return out, nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

func (a *sqlArchive) Hours(ctx context.Context, from, to time.Time) ([]ArchivedHour, error) {
	q := "SELECT start, fetched, rows FROM hours WHERE start >= " + a.d.param(1) + " AND start < " + a.d.param(2) + " ORDER BY start"
	rows, err := a.db.QueryContext(ctx, q, from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("archive hours: %w", err)
	}
	defer rows.Close()
	var out []ArchivedHour
	for rows.Next() {
		var start, fetched int64
		var n int
		if err := rows.Scan(&start, &fetched, &n); err != nil {
			return nil, fmt.Errorf("archive hours: %w", err)
		}
		out = append(out, ArchivedHour{Start: time.UnixMilli(start).UTC(), Fetched: time.UnixMilli(fetched).UTC(), Rows: n})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive hours: %w", err)
	}
	return out, nil
}

func (a *sqlArchive) Prune(ctx context.Context, cutoff time.Time) (int64, error) {
	ms := cutoff.UnixMilli()
	if a.d.prune != nil {
		return a.d.prune(ctx, a.db, ms)
	}
	return pruneDelete(ctx, a.db, a.d, ms)
}

// pruneDelete deletes old rows and hours in one transaction.
func pruneDelete(ctx context.Context, db *sql.DB, d dialect, ms int64) (int64, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("archive prune: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	res, err := tx.ExecContext(ctx, "DELETE FROM traces WHERE received < "+d.param(1), ms)
	if err != nil {
		return 0, fmt.Errorf("archive prune: %w", err)
	}
	n, _ := res.RowsAffected()
	// An hour is dropped only when it lies wholly before the cutoff.
	if _, err := tx.ExecContext(ctx, "DELETE FROM hours WHERE start + "+strconv.FormatInt(Hour.Milliseconds(), 10)+" <= "+d.param(1), ms); err != nil {
		return 0, fmt.Errorf("archive prune: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("archive prune: %w", err)
	}
	return n, nil
}

func (a *sqlArchive) Health(ctx context.Context) (Health, error) {
	h := Health{Kind: a.d.kind}
	var oldest sql.NullInt64
	var traces sql.NullInt64
	if err := a.db.QueryRowContext(ctx, "SELECT MIN(start), COUNT(*), SUM(rows) FROM hours").Scan(&oldest, &h.Hours, &traces); err != nil {
		return h, fmt.Errorf("archive health: %w", err)
	}
	// Rows upserted by filtered reads may predate the oldest complete hour.
	var minRecv sql.NullInt64
	if err := a.db.QueryRowContext(ctx, "SELECT MIN(received) FROM traces").Scan(&minRecv); err != nil {
		return h, fmt.Errorf("archive health: %w", err)
	}
	if minRecv.Valid && (!oldest.Valid || minRecv.Int64 < oldest.Int64) {
		oldest = minRecv
	}
	if oldest.Valid {
		h.Oldest = time.UnixMilli(oldest.Int64).UTC()
	}
	h.Traces = traces.Int64
	size, err := a.d.size(ctx, a.db)
	if err != nil {
		return h, fmt.Errorf("archive health: %w", err)
	}
	h.Bytes = size
	return h, nil
}

func (a *sqlArchive) Close() error { return a.db.Close() }

func clampSize(s int64) int64 {
	return min(max(s, 0), 1<<31-1)
}

// rawRow is one scanned row; the byte slices are valid until the next scan.
type rawRow struct {
	received, size, status                                  int64
	id, recipient, messageID, sender, subject, fromIP, toIP sql.RawBytes
}

func (r *rawRow) scan(rows *sql.Rows) error {
	if err := rows.Scan(&r.received, &r.id, &r.recipient, &r.messageID, &r.sender, &r.subject, &r.size, &r.fromIP, &r.toIP, &r.status); err != nil {
		return fmt.Errorf("archive read: %w", err)
	}
	return nil
}

func (r *rawRow) trace() trace.Trace {
	return trace.Trace{
		ID: decodeID(r.id), MessageID: string(r.messageID), Received: time.UnixMilli(r.received).UTC(),
		Sender: string(r.sender), Recipient: string(r.recipient), Subject: string(r.subject), Size: r.size,
		FromIP: string(r.fromIP), ToIP: string(r.toIP), Status: trace.Status(r.status),
	}
}

// appendTo adds the row to t, interning strings straight from the scan buffers.
func (r *rawRow) appendTo(t *table.Table) {
	d := t.Dict
	t.Time = append(t.Time, r.received)
	t.Size = append(t.Size, int32(r.size))
	t.Status = append(t.Status, trace.Status(r.status))
	if len(r.id) == 16 {
		t.AppendID(table.TraceID{GUID: table.GUID(r.id)})
	} else {
		t.AppendID(table.TextID(d.IDBytes(decodeTextID(r.id))))
	}
	t.MessageID = append(t.MessageID, d.IDBytes(r.messageID))
	t.Sender = append(t.Sender, d.IDBytes(r.sender))
	t.Recipient = append(t.Recipient, d.IDBytes(r.recipient))
	t.Subject = append(t.Subject, d.IDBytes(r.subject))
	t.FromIP = append(t.FromIP, d.IDBytes(r.fromIP))
	t.ToIP = append(t.ToIP, d.IDBytes(r.toIP))
}

// Trace ids are stored as their 16 bytes when they are canonical GUIDs (always,
// for Graph), else as their text; a text that is 16 bytes long or ends in a NUL
// gets one NUL appended, so lengths and endings tell the two apart.
func encodeID(s string) []byte {
	if g, ok := table.ParseGUID(s); ok {
		return g[:]
	}
	b := []byte(s)
	if len(b) == 16 || (len(b) > 0 && b[len(b)-1] == 0) {
		b = append(b, 0)
	}
	return b
}

func decodeID(b []byte) string {
	if len(b) == 16 {
		return table.GUID(b).String()
	}
	return string(decodeTextID(b))
}

func decodeTextID(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] == 0 {
		return b[:len(b)-1]
	}
	return b
}
