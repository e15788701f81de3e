package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/archive"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// TestArchiveMissing: after a restart, settled hours come from the archive and
// only the settling ones (and the one never written) go to the source.
func TestArchiveMissing(t *testing.T) {
	ctx := context.Background()
	a, err := archive.OpenSQLite(ctx, filepath.Join(t.TempDir(), "a.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	start := now.Add(-48 * time.Hour)
	// Every hour of the last 48 was fetched 5 minutes after it ended (the last
	// one a minute ago), except hour 30, lost in a crash.
	for h := 0; h < 48; h++ {
		if h == 30 {
			continue
		}
		from := start.Add(time.Duration(h) * time.Hour)
		tr := trace.Trace{ID: "8e6f4c2a-0000-4000-8000-000000000001", Recipient: "a@example.com", Received: from.Add(time.Minute)}
		if err := a.Write(ctx, archive.Window{From: from, To: from.Add(time.Hour), Fetched: minTime(from.Add(65*time.Minute), now.Add(-time.Minute)), Complete: true, Traces: []trace.Trace{tr}}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := ArchiveMissing(ctx, a, RefreshPolicy{}, start, now, now)
	if err != nil {
		t.Fatal(err)
	}
	// Default policy: hours that ended over 24 h ago were read before they
	// settled, so they are read once more (0..23); the last 24 are settling and
	// their last read is older than their rule's interval (24..47). A policy
	// without re-reads shows the lost hour alone.
	if len(got) != 48 {
		t.Fatalf("default policy: %d hours due, want 48", len(got))
	}
	got, err = ArchiveMissing(ctx, a, RefreshPolicy{Rules: []RefreshRule{}}, start, now, now)
	if err != nil {
		t.Fatal(err)
	}
	// ... and the last hour, read a minute before it ended.
	if want := []time.Time{start.Add(30 * time.Hour), start.Add(47 * time.Hour)}; !slices.EqualFunc(got, want, time.Time.Equal) {
		t.Fatalf("no re-reads: missing %v, want %v", got, want)
	}
	// Settled reads (fetched a day after the hour) are never due again.
	from := start
	if err := a.Write(ctx, archive.Window{From: from, To: from.Add(24 * time.Hour), Fetched: now, Complete: true}); err != nil {
		t.Fatal(err)
	}
	got, err = ArchiveMissing(ctx, a, RefreshPolicy{}, start, start.Add(24*time.Hour), now)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Fatalf("settled day: %v due", got)
	}
}
