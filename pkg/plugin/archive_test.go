package plugin

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/archive"
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
