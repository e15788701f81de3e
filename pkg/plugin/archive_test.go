package plugin

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/archive"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

func TestArchiveSettingsDefaults(t *testing.T) {
	tests := []struct {
		name     string
		json     map[string]any
		kind     string
		backfill int
	}{
		{"demo: off", map[string]any{"mode": "demo"}, ArchiveOff, 90},
		{"tenant: sqlite", map[string]any{"mode": "tenant"}, ArchiveSQLite, 90},
		{"explicit", map[string]any{"mode": "tenant", "archive": map[string]any{"kind": "postgres", "backfillDays": 0}}, ArchivePostgres, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := settingsFrom(t, tc.json, nil)
			if st.Archive.Kind != tc.kind || st.Archive.RetentionDays != 400 || st.Backfill() != tc.backfill || st.memoryCap() != 0 {
				t.Errorf("archive settings %+v, backfill %d, cap %d", st.Archive, st.Backfill(), st.memoryCap())
			}
		})
	}
}

func TestArchiveSettingsValidate(t *testing.T) {
	tenant := func(archive map[string]any, extra map[string]any) map[string]any {
		m := map[string]any{"mode": "tenant", "tenantId": tenantGUID, "clientId": clientGUID, "archive": archive}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	secret := map[string]string{"clientSecret": "abc~123"}
	withDSN := map[string]string{"clientSecret": "abc~123", "archiveDsn": "host=db user=u password=pw~secret"}
	tests := []struct {
		name    string
		json    map[string]any
		secure  map[string]string
		wantErr []string
	}{
		{"sqlite default", tenant(nil, nil), secret, nil},
		{"sqlite path", tenant(map[string]any{"path": "/var/lib/exotrace/a.sqlite"}, nil), secret, nil},
		{"relative path", tenant(map[string]any{"path": "a.sqlite"}, nil), secret, []string{`archive path "a.sqlite" is not absolute`}},
		{"postgres", tenant(map[string]any{"kind": "postgres"}, nil), withDSN, nil},
		{"postgres without DSN", tenant(map[string]any{"kind": "postgres"}, nil), secret, []string{"PostgreSQL archive needs a connection string"}},
		{"postgres in demo", map[string]any{"mode": "demo", "archive": map[string]any{"kind": "postgres"}}, withDSN, []string{"use sqlite or off in demo mode"}},
		{"unknown kind", tenant(map[string]any{"kind": "duckdb"}, nil), secret, []string{`archive kind "duckdb" is not known`}},
		{"retention too short", tenant(map[string]any{"retentionDays": 30}, nil), secret, []string{"archive retention 30 days is out of range: use 91–3650"}},
		{"backfill too long", tenant(map[string]any{"backfillDays": 120}, nil), secret, []string{"backfill 120 days is out of range"}},
		{"backfill off", tenant(map[string]any{"backfillDays": 0}, nil), secret, nil},
		{"memory cap too small", tenant(nil, map[string]any{"memoryCapMB": 10}), secret, []string{"memory cap 10 MB is too small"}},
		{"memory cap", tenant(nil, map[string]any{"memoryCapMB": 1536}), secret, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := settingsFrom(t, tc.json, tc.secure).Validate(time.Now(), nil)
			if len(tc.wantErr) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !errors.Is(err, archive.ErrConfig) {
				t.Fatalf("error %v, want archive.ErrConfig with %q", err, tc.wantErr)
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "pw~secret") {
				t.Error("error leaks the DSN")
			}
		})
	}
}

// TestArchiveOpenAndDispose: a tenant instance archives what it fetched under
// Grafana's data directory, health describes the archive, and Dispose closes it
// (the file can be opened again at once, and goleak finds nothing running).
func TestArchiveOpenAndDispose(t *testing.T) {
	f := newFakeMS(t)
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "archive.sqlite")
	settings := f.settings(map[string]any{"archive": map[string]any{"path": path, "backfillDays": 0}}, map[string]string{"clientSecret": "s"})
	ds, err := newDatasource(context.Background(), settings, func() time.Time { return now })
	if err != nil || ds.settingsErr != nil || ds.archiveErr != nil {
		t.Fatal(err, ds.settingsErr, ds.archiveErr)
	}
	res, err := ds.QueryData(context.Background(), queryReq(now.Add(-6*time.Hour), now, `{"queryType":"traces"}`))
	if err != nil || res.Responses["A"].Error != nil {
		t.Fatal(err, res.Responses["A"].Error)
	}
	if st := ds.store.Stats(); st.ArchiveWrites == 0 || st.ArchiveErrors != 0 {
		t.Fatalf("archive writes %d, errors %d", st.ArchiveWrites, st.ArchiveErrors)
	}
	msg := ds.archiveStatus(context.Background())
	if !strings.HasPrefix(msg, "Trace archive: sqlite, ") || !strings.Contains(msg, " traces") {
		t.Errorf("health line %q", msg)
	}
	ds.Dispose()
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	a, err := archive.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	hours, err := a.Hours(context.Background(), now.Add(-6*time.Hour), now)
	_ = a.Close()
	if err != nil || len(hours) != 6 {
		t.Errorf("%d archived hours (%v), want the 6 the query read", len(hours), err)
	}
}

// TestArchiveUnavailable: an archive file that cannot be created leaves the
// instance serving from memory, and health says why.
func TestArchiveUnavailable(t *testing.T) {
	f := newFakeMS(t)
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	settings := f.settings(map[string]any{"archive": map[string]any{"path": filepath.Join(blocker, "a.sqlite")}}, map[string]string{"clientSecret": "s"})
	ds, err := newDatasource(context.Background(), settings, func() time.Time { return now })
	if err != nil || ds.settingsErr != nil {
		t.Fatal(err, ds.settingsErr)
	}
	defer ds.Dispose()
	if ds.archiveErr == nil || ds.keeper != nil {
		t.Fatal("archive opened under a regular file")
	}
	res, err := ds.QueryData(context.Background(), queryReq(now.Add(-time.Hour), now, `{"queryType":"traces"}`))
	if err != nil || res.Responses["A"].Error != nil {
		t.Fatal(err, res.Responses["A"].Error)
	}
	if msg := ds.archiveStatus(context.Background()); !strings.Contains(msg, "Trace archive unavailable, traces are kept in memory only: the trace archive directory cannot be created") {
		t.Errorf("health line %q", msg)
	}
}

// TestRetentionPrune: the collector deletes what is older than the retention
// at start and then once a day, on the instance's clock.
func TestRetentionPrune(t *testing.T) {
	defer func(d time.Duration) { keeperInterval = d }(keeperInterval)
	keeperInterval = 10 * time.Millisecond
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "a.sqlite")
	a, err := archive.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	// One trace a day from 420 days ago.
	for d := 420; d >= 380; d-- {
		from := now.AddDate(0, 0, -d).Truncate(time.Hour)
		tr := trace.Trace{ID: fmt.Sprintf("c1d2e3f4-5678-49ab-9cde-%012d", d), Recipient: "u@contoso.com", Received: from.Add(time.Minute)}
		if err := a.Write(context.Background(), archive.Window{From: from, To: from.Add(time.Hour), Fetched: from.Add(2 * time.Hour), Complete: true, Traces: []trace.Trace{tr}}); err != nil {
			t.Fatal(err)
		}
	}
	_ = a.Close()
	var mu sync.Mutex
	clock := now
	nowFn := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	f := newFakeMS(t)
	settings := f.settings(map[string]any{"archive": map[string]any{"path": path, "backfillDays": 0, "retentionDays": 400}}, map[string]string{"clientSecret": "s"})
	ds, err := newDatasource(context.Background(), settings, nowFn)
	if err != nil || ds.settingsErr != nil {
		t.Fatal(err, ds.settingsErr)
	}
	defer ds.Dispose()
	count := func() int {
		h, err := ds.keeper.a.Health(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return int(h.Traces)
	}
	waitFor := func(want int) {
		deadline := time.Now().Add(10 * time.Second)
		for count() != want {
			if time.Now().After(deadline) {
				t.Fatalf("%d traces archived, want %d", count(), want)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	waitFor(21) // days 400 … 380 stay
	mu.Lock()
	clock = now.Add(12 * time.Hour) // not a day later: no prune yet
	mu.Unlock()
	time.Sleep(20 * keeperInterval)
	if n := count(); n != 21 {
		t.Fatalf("pruned again within a day: %d traces", n)
	}
	mu.Lock()
	clock = now.Add(5 * 24 * time.Hour) // the next daily prune takes days 400 … 396
	mu.Unlock()
	waitFor(16)
}

// TestMemoryLimit: the Go memory limit goes a quarter above the cap and never
// below a larger instance's.
func TestMemoryLimit(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(old)
	debug.SetMemoryLimit(math.MaxInt64)
	applyMemoryLimit(1 << 30)
	if got := debug.SetMemoryLimit(-1); got != 5<<28 {
		t.Fatalf("limit %d, want 1.25 GiB", got)
	}
	applyMemoryLimit(512 << 20) // a smaller instance does not lower it
	if got := debug.SetMemoryLimit(-1); got != 5<<28 {
		t.Fatalf("limit %d after a smaller cap, want 1.25 GiB", got)
	}
}
