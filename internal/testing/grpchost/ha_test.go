package grpchost_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/exotrace/messagetrace-datasource/internal/testing/grpchost"
	"github.com/exotrace/messagetrace-datasource/pkg/archive"
)

// postgresDSN skips outside CI when no cluster is configured (scripts/test.sh
// starts one); in CI a missing cluster fails the test.
func postgresDSN(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("EXOTRACE_TEST_POSTGRES_DSN")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("EXOTRACE_TEST_POSTGRES_DSN is not set in CI")
		}
		t.Skip("EXOTRACE_TEST_POSTGRES_DSN is not set (scripts/test.sh starts a PostgreSQL)")
	}
	return dsn
}

// haContext is a tenant instance on a PostgreSQL archive; tenant is a fresh
// GUID per test, so the schema starts empty.
func haContext(srv *httptest.Server, tenant, dsn string, budget int) backend.PluginContext {
	pc := archiveContext(70, srv, map[string]any{"kind": "postgres", "backfillDays": 0})
	var m map[string]any
	_ = json.Unmarshal(pc.DataSourceInstanceSettings.JSONData, &m)
	m["tenantId"], m["requestBudget"] = tenant, budget
	pc.DataSourceInstanceSettings.JSONData, _ = json.Marshal(m)
	pc.DataSourceInstanceSettings.DecryptedSecureJSONData = map[string]string{"clientSecret": fakeSecret, "archiveDsn": dsn}
	return pc
}

func randomTenant() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// TestArchiveHA: two plugin processes on one PostgreSQL archive and one Graph
// fake. Only the collector calls Graph for traces, the other answers the same
// from the archive; when the collector is killed the other takes over within a
// minute and still answers the same; every Graph request of both went through
// the one shared budget, which was never exceeded.
func TestArchiveHA(t *testing.T) {
	dsn := postgresDSN(t)
	if testing.Short() {
		t.Skip("waits for a collector take-over")
	}
	const budget = 30
	base := time.Now().UTC().Truncate(time.Second)
	from := base.Add(-2 * 24 * time.Hour)
	g, srv := newRecordingGraph(t, from, base, 20*time.Second)
	tenant := randomTenant()
	pc := haContext(srv, tenant, dsn, budget)

	a := startPlugin(t)
	first := answers(t, a, pc, from, base)
	byA := int(g.requests.Load())
	b := startPlugin(t)
	second := answers(t, b, pc, from, base)
	if first != second {
		t.Fatalf("the standby answers differently:\ncollector %.300s\nstandby   %.300s", first, second)
	}
	if byB := int(g.requests.Load()) - byA; byB != 0 {
		t.Errorf("the standby made %d Graph requests, want none (the collector made %d)", byB, byA)
	}
	healthB := health(t, b, pc)
	if !strings.Contains(healthB, "(this replica reads the archive)") {
		t.Errorf("standby health %q", healthB)
	}

	if err := a.Crash(); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	// Each health check probes Graph once (a budget slot), so poll gently.
	for msg := health(t, b, pc); !strings.Contains(msg, "collecting replica") || strings.Contains(msg, "reads the archive"); msg = health(t, b, pc) {
		if time.Since(killed) > 60*time.Second {
			t.Fatalf("no take-over within 60 s: %q", msg)
		}
		time.Sleep(2 * time.Second)
	}
	took := time.Since(killed)
	third := answers(t, b, pc, from, base)
	if third != first {
		t.Errorf("after the take-over the answers differ")
	}

	p, err := archive.OpenPostgres(context.Background(), dsn, tenant)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close() //nolint:errcheck // test
	used, err := p.Budget().Used(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	total := int(g.requests.Load())
	if used != total || total > budget {
		t.Errorf("shared budget counted %d slots for %d Graph requests (limit %d)", used, total, budget)
	}
	t.Logf("HA %d rows: collector %d Graph requests, standby 0 before the take-over; take-over %v after kill -9; %d requests in all (health probes included), shared budget %d of %d",
		len(g.rows), byA, took.Round(time.Second), total, used, budget)
}

func health(t *testing.T, h *grpchost.Host, pc backend.PluginContext) string {
	t.Helper()
	res, err := h.CheckHealth(ctx(t), pc)
	if err != nil {
		t.Fatal(err)
	}
	return res.Message
}
