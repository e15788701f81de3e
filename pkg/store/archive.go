package store

import (
	"context"
	"fmt"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/archive"
	"github.com/exotrace/messagetrace-datasource/pkg/table"
)

// Archive is what the store uses of a durable archive (pkg/archive's SQLite and
// PostgreSQL implementations): write-through after each fetch, tables for
// start-up and for buckets older than the in-memory window, and the list of
// archived hours so that only missing or still-settling hours go to Graph.
//
// Not wired yet: Options has no Archive field and the fetch path does not call
// it; docs/archive.md says where each call goes.
type Archive interface {
	Write(ctx context.Context, w archive.Window) error
	ReadTables(ctx context.Context, from, to time.Time, bucket time.Duration, dict *table.Dict) ([]archive.Bucket, error)
	Hours(ctx context.Context, from, to time.Time) ([]archive.ArchivedHour, error)
}

var _ Archive = archive.Archive(nil)

// ArchiveMissing lists the hours of [from, to) the store must still ask the
// source for, given what a is holding: hours never archived, and archived hours
// the refresh policy p finds due at now (still settling, or read before they
// settled). Everything else is served from the archive.
func ArchiveMissing(ctx context.Context, a Archive, p RefreshPolicy, from, to, now time.Time) ([]time.Time, error) {
	if p.Rules == nil {
		p = DefaultRefresh()
	}
	hours, err := a.Hours(ctx, from.Truncate(time.Hour), to)
	if err != nil {
		return nil, fmt.Errorf("archived hours: %w", err)
	}
	return archive.Missing(hours, from, to, now, p.stale), nil
}
