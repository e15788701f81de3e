package archive

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// DefaultRetention is how long archived traces are kept (about 13 months, so a
// year-over-year panel works).
const DefaultRetention = 400 * 24 * time.Hour

// Hour is the archive's unit of completeness: an hour is listed once a window
// covering all of it has been written.
const Hour = time.Hour

// Kind names an implementation, as settings and health spell it.
type Kind string

// The implementations.
const (
	KindSQLite   Kind = "sqlite"
	KindPostgres Kind = "postgres"
)

// Window is one fetched range: every trace Graph returned for [From, To), read at
// Fetched. Hours wholly inside [From, To) are marked fetched when Complete (an
// unfiltered read that did not fail part-way); otherwise the rows are upserted
// and no hour is marked, so the hours stay missing.
type Window struct {
	From, To time.Time
	Fetched  time.Time
	Complete bool
	Traces   []trace.Trace
}

// ArchivedHour says when an hour was last fetched and how many rows that read
// returned.
type ArchivedHour struct {
	Start   time.Time
	Fetched time.Time
	Rows    int
}

// Bucket is the rows of one bucket-sized span read back as a table.
type Bucket struct {
	Start time.Time
	Table *table.Table
}

// Health is what settings and health show about the archive.
type Health struct {
	Kind   Kind
	Bytes  int64     // on disk, including indexes (and, for SQLite, the WAL)
	Traces int64     // rows
	Oldest time.Time // start of the oldest archived hour; zero when empty
	Hours  int       // archived hours
	// Collector is the replica collecting for the tenant (PostgreSQL only) and
	// CollectorSeen its last heartbeat.
	Collector     string
	CollectorSeen time.Time
}

// Archive is a durable trace archive. Implementations are safe for concurrent use.
type Archive interface {
	// Write upserts the window's traces by (id, recipientAddress) and, when the
	// window is complete, marks its hours fetched, all in one transaction.
	Write(ctx context.Context, w Window) error
	// Read calls fn for every trace received in [from, to), oldest first.
	Read(ctx context.Context, from, to time.Time, fn func(trace.Trace) error) error
	// ReadTables reads [from, to) into one table per bucket (bucket-aligned spans
	// on dict), oldest first, rows in received order. Empty spans are left out.
	ReadTables(ctx context.Context, from, to time.Time, bucket time.Duration, dict *table.Dict) ([]Bucket, error)
	// Hours lists the archived hours starting in [from, to), oldest first.
	Hours(ctx context.Context, from, to time.Time) ([]ArchivedHour, error)
	// Prune deletes the traces and hours before cutoff and returns the rows deleted.
	Prune(ctx context.Context, cutoff time.Time) (int64, error)
	Health(ctx context.Context) (Health, error)
	Close() error
}

// ErrConfig marks settings the user must fix.
var ErrConfig = errors.New("archive settings")

func configError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(format, args...))
}

// Missing returns the starts of the hours in [from, to) that must be fetched: not
// archived, or archived but due for a re-read according to stale (the store's
// refresh policy: given the hour's end, when it was last fetched and now). from
// is rounded down and to up to whole hours.
func Missing(hours []ArchivedHour, from, to, now time.Time, stale func(end, fetched, now time.Time) bool) []time.Time {
	have := make(map[int64]time.Time, len(hours))
	for _, h := range hours {
		have[h.Start.Unix()] = h.Fetched
	}
	var out []time.Time
	for t := from.UTC().Truncate(Hour); t.Before(to); t = t.Add(Hour) {
		fetched, ok := have[t.Unix()]
		if !ok || stale(t.Add(Hour), fetched, now) {
			out = append(out, t)
		}
	}
	return out
}

// hoursInside lists the whole hours inside [from, to).
func hoursInside(from, to time.Time) []time.Time {
	first := from.UTC().Truncate(Hour)
	if first.Before(from) {
		first = first.Add(Hour)
	}
	var out []time.Time
	for t := first; !t.Add(Hour).After(to); t = t.Add(Hour) {
		out = append(out, t)
	}
	return out
}
