package grpchost_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	_ "modernc.org/sqlite" // to check the archive file's integrity

	"github.com/exotrace/messagetrace-datasource/internal/testing/grpchost"
	"github.com/exotrace/messagetrace-datasource/pkg/archive"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// recordingGraph is a pagedGraph that also records the range of every first
// page asked for (a new List window, not a nextLink).
type recordingGraph struct {
	pagedGraph
	mu     sync.Mutex
	ranges [][2]time.Time
}

func (g *recordingGraph) handler(srvURL *string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if m := rangeRE.FindStringSubmatch(q.Get("$filter")); m != nil && q.Get("$skiptoken") == "" {
			from, _ := time.Parse(time.RFC3339, m[1])
			to, _ := time.Parse(time.RFC3339, m[2])
			g.mu.Lock()
			g.ranges = append(g.ranges, [2]time.Time{from, to})
			g.mu.Unlock()
		}
		g.serve(*srvURL)(w, r)
	}
}

// windows returns the ranges recorded since the k-th.
func (g *recordingGraph) windows(k int) [][2]time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.ranges[k:])
}

func (g *recordingGraph) count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.ranges)
}

func newRecordingGraph(t *testing.T, from, to time.Time, step time.Duration) (*recordingGraph, *httptest.Server) {
	t.Helper()
	g := &recordingGraph{}
	for ts := from; !ts.After(to); ts = ts.Add(step) {
		g.rows = append(g.rows, ts)
	}
	var srvURL string
	srv, _ := fakeMicrosoft(t, g.handler(&srvURL))
	srvURL = srv.URL
	return g, srv
}

// archiveContext is a tenant instance on srv with the given archive settings.
func archiveContext(id int64, srv *httptest.Server, arch map[string]any) backend.PluginContext {
	ca := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	return pluginContext(id, map[string]any{
		"mode": "tenant", "tenantId": fakeTenant, "clientId": fakeClient, "authType": "clientSecret",
		"acceptedDomains": []string{"contoso.com"}, "loginBaseUrl": srv.URL, "graphBaseUrl": srv.URL, "caCertificate": ca,
		"archive": arch,
	}, map[string]string{"clientSecret": fakeSecret})
}

// startPlugin launches a process of its own, stopped at the end of the test.
func startPlugin(t *testing.T) *grpchost.Host {
	t.Helper()
	h, err := grpchost.Start(pluginBinary, grpchost.Options{Env: []string{"GF_PATHS_DATA=" + t.TempDir()}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Stop)
	return h
}

// archiveQueries are the panels compared before and after a restart.
var archiveQueries = []string{
	`{"queryType":"stats"}`,
	`{"queryType":"timeseries","interval":"1h"}`,
	`{"queryType":"top","groupBy":["sender"]}`,
}

// answers runs archiveQueries over [from, to] and returns the responses as
// JSON, failing on any error or warning.
func answers(t *testing.T, h *grpchost.Host, pc backend.PluginContext, from, to time.Time) string {
	t.Helper()
	req := &backend.QueryDataRequest{PluginContext: pc}
	for i, m := range archiveQueries {
		req.Queries = append(req.Queries, backend.DataQuery{RefID: string(rune('A' + i)), QueryType: queryTypeOf(json.RawMessage(m)),
			JSON: json.RawMessage(m), TimeRange: backend.TimeRange{From: from, To: to}})
	}
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := h.QueryData(c, req)
	if err != nil {
		t.Fatal(err)
	}
	for ref, r := range res.Responses {
		if msg := incomplete(&backend.QueryDataResponse{Responses: backend.Responses{"A": r}}, nil); msg != "" {
			t.Fatalf("%s: %s", ref, msg)
		}
	}
	raw, err := json.Marshal(res.Responses)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// TestArchiveRestartServesFromArchive: 8 days loaded from the Graph fake, the
// plugin process stopped and started again: the same queries answer exactly,
// and Graph is asked only for the still-settling hours.
func TestArchiveRestartServesFromArchive(t *testing.T) {
	base := time.Now().UTC().Truncate(time.Second)
	from := base.Add(-8 * 24 * time.Hour)
	g, srv := newRecordingGraph(t, from, base, 20*time.Second)
	path := filepath.Join(t.TempDir(), "archive.sqlite")
	pc := archiveContext(50, srv, map[string]any{"path": path, "backfillDays": 0})

	a := startPlugin(t)
	first := answers(t, a, pc, from, base)
	coldRequests := int(g.requests.Load())
	a.Stop()

	b := startPlugin(t)
	start := time.Now()
	second := answers(t, b, pc, from, base)
	took := time.Since(start)
	warm := int(g.requests.Load()) - coldRequests
	if first != second {
		t.Fatalf("answers differ after the restart:\nbefore %.400s\nafter  %.400s", first, second)
	}
	// Settling: the hour in progress (never marked complete) and, when the
	// restart crossed a minute since it was read, the last full hour.
	for _, w := range g.windows(0)[g.count()-warm:] {
		if w[0].Before(base.Truncate(time.Hour).Add(-time.Hour)) {
			t.Errorf("after the restart Graph was asked for %s – %s, an hour that had settled", w[0], w[1])
		}
	}
	if warm > 2 {
		t.Errorf("%d Graph requests after the restart, want at most 2 (the settling hours)", warm)
	}
	t.Logf("RESTART %d rows over 8 days: %d Graph requests cold, %d after the restart (answered in %v)",
		len(g.rows), coldRequests, warm, took.Round(time.Millisecond))

	health, err := b.CheckHealth(ctx(t), pc)
	if err != nil || health.Status != backend.HealthStatusOk {
		t.Fatalf("health %+v %v", health, err)
	}
	for _, want := range []string{"Trace archive: sqlite, ", "traces, oldest day " + from.Format(time.DateOnly)} {
		if !strings.Contains(health.Message, want) {
			t.Errorf("health %q lacks %q", health.Message, want)
		}
	}
}

// TestArchiveCrashDuringWrite: the plugin is killed with SIGKILL while it
// writes a window; after the restart the file is intact, holds no duplicate,
// the hours lost are exactly those Graph is asked for again, and the answers
// equal those of an instance that never crashed.
func TestArchiveCrashDuringWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts several plugin processes")
	}
	base := time.Now().UTC().Truncate(time.Second)
	from := base.Add(-4 * 24 * time.Hour)
	// Round 0 kills the process once the write-ahead log grows (the window's
	// transaction is being written), the others at fixed delays after the last
	// page: before the write, and after it committed.
	for round, delay := range []time.Duration{-1, 0, 2 * time.Second} {
		g, srv := newRecordingGraph(t, from, base, 8*time.Second)
		pages := (len(g.rows) + 4999) / 5000
		path := filepath.Join(t.TempDir(), "archive.sqlite")
		pc := archiveContext(int64(51+round), srv, map[string]any{"path": path, "backfillDays": 0})

		a := startPlugin(t)
		go func() { // the answer never comes: the process dies
			req := &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{{RefID: "A", QueryType: "stats",
				JSON: json.RawMessage(`{"queryType":"stats"}`), TimeRange: backend.TimeRange{From: from, To: base}}}}
			_, _ = a.QueryData(context.Background(), req)
		}()
		deadline := time.Now().Add(time.Minute)
		for int(g.requests.Load()) < pages {
			if time.Now().After(deadline) {
				t.Fatalf("round %d: %d of %d pages served", round, g.requests.Load(), pages)
			}
			time.Sleep(time.Millisecond)
		}
		if delay < 0 {
			waitForWrite(t, path+"-wal")
		} else {
			time.Sleep(delay)
		}
		if err := a.Crash(); err != nil {
			t.Fatal(err)
		}

		missing := checkArchiveFile(t, path, from, base)
		before := g.count()
		b := startPlugin(t)
		got := answers(t, b, pc, from, base)
		afterB := g.count()
		want := answers(t, host, archiveContext(int64(61+round), srv, map[string]any{"kind": "off"}), from, base)
		if got != want {
			t.Errorf("round %d: answers after the crash differ from an instance that never crashed", round)
		}
		// Graph is asked again for the hours the crash lost (all of them in one
		// window) and for nothing settled that the archive had.
		asked := map[int64]bool{}
		for _, w := range g.windows(before)[:afterB-before] {
			for h := w[0].Truncate(time.Hour); h.Before(w[1]); h = h.Add(time.Hour) {
				asked[h.Unix()] = true
			}
		}
		for _, h := range missing {
			if !asked[h.Unix()] && h.Before(base.Truncate(time.Hour)) {
				t.Errorf("round %d: lost hour %s was not fetched again", round, h)
			}
		}
		settled := base.Truncate(time.Hour).Add(-time.Hour)
		lost := map[int64]bool{}
		for _, h := range missing {
			lost[h.Unix()] = true
		}
		for h := range asked {
			if time.Unix(h, 0).Before(settled) && !lost[h] {
				t.Errorf("round %d: hour %s was archived but fetched again", round, time.Unix(h, 0).UTC())
			}
		}
		when := "while the WAL grew"
		if delay >= 0 {
			when = delay.String() + " after the last page"
		}
		t.Logf("CRASH round %d (kill -9 %s): %d of %d hours not archived (the unfinished one included) and fetched again",
			round, when, len(missing), 4*24+1)
		b.Stop()
		checkArchiveFile(t, path, from, base)
	}
}

// checkArchiveFile checks the SQLite file: integrity, no duplicate trace, and
// every archived hour holding exactly the fake's rows. It returns the hours
// of [from, to) that are not archived.
func checkArchiveFile(t *testing.T, path string, from, to time.Time) []time.Time {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var ok string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check = %q, %v", ok, err)
	}
	var dups int
	if err := db.QueryRow("SELECT COUNT(*) FROM (SELECT id, recipient FROM traces GROUP BY id, recipient HAVING COUNT(*) > 1)").Scan(&dups); err != nil || dups != 0 {
		t.Fatalf("%d duplicate (id, recipient) pairs, %v", dups, err)
	}
	_ = db.Close()
	a, err := archive.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close() //nolint:errcheck // read only
	hours, err := a.Hours(context.Background(), from.Truncate(time.Hour), to)
	if err != nil {
		t.Fatal(err)
	}
	perHour := map[int64]int{}
	if err := a.Read(context.Background(), from.Truncate(time.Hour), to, func(tr trace.Trace) error {
		perHour[tr.Received.Truncate(time.Hour).Unix()]++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	have := map[int64]bool{}
	for _, h := range hours {
		have[h.Start.Unix()] = true
		if perHour[h.Start.Unix()] != h.Rows || h.Rows != 450 && !h.Start.Before(from) {
			t.Errorf("archived hour %s: %d rows stored, %d recorded, want 450", h.Start, perHour[h.Start.Unix()], h.Rows)
		}
	}
	var missing []time.Time
	for h := from.Truncate(time.Hour); h.Before(to); h = h.Add(time.Hour) {
		if !have[h.Unix()] {
			missing = append(missing, h)
		}
	}
	return missing
}

// waitForWrite returns as soon as the file at wal grows: SQLite is writing a
// transaction's pages.
func waitForWrite(t *testing.T, wal string) {
	t.Helper()
	size := func() int64 {
		fi, err := os.Stat(wal)
		if err != nil {
			return 0
		}
		return fi.Size()
	}
	start := size()
	deadline := time.Now().Add(30 * time.Second)
	for size() == start {
		if time.Now().After(deadline) {
			t.Fatal("the archive's write-ahead log never grew")
		}
		time.Sleep(100 * time.Microsecond)
	}
}
