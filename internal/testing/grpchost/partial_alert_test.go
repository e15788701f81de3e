package grpchost_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// TestAlertNeverGetsPartialData: Graph returns the first page of a range and
// then throttles for an hour. A dashboard query gets the rows read with a
// notice saying what is missing; the same query from alerting (header
// FromAlert: true) gets an error, so the rule shows Error instead of a short
// number.
func TestAlertNeverGetsPartialData(t *testing.T) {
	srv, calls := fakeMicrosoft(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.RawQuery, "skiptoken") {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"error":{"code":"TooManyRequests","message":"Too many requests"}}`))
			return
		}
		next := "https://" + r.Host + r.URL.Path + "?" + r.URL.RawQuery + "&$skiptoken=page2"
		_ = json.NewEncoder(w).Encode(map[string]any{"@odata.nextLink": next, "value": []map[string]any{
			{"id": "c1d2e3f4-5678-49ab-9cde-0123456789ab", "senderAddress": "sender@fabrikam.com", "recipientAddress": "test@contoso.com",
				"messageId": "<a@fabrikam.com>", "receivedDateTime": time.Now().UTC().Add(-10 * time.Minute).Format(time.RFC3339),
				"subject": "Weekly digest", "size": 28765, "fromIP": "203.0.113.25", "toIP": "", "status": "delivered"},
		}})
	})
	now := time.Now().UTC()
	query := func(pc backend.PluginContext, headers map[string]string) backend.DataResponse {
		t.Helper()
		res, err := host.QueryData(ctx(t), &backend.QueryDataRequest{PluginContext: pc, Headers: headers, Queries: []backend.DataQuery{{
			RefID: "A", QueryType: "stats", JSON: json.RawMessage(`{"queryType":"stats","stats":["count"]}`),
			TimeRange: backend.TimeRange{From: now.Add(-2 * time.Hour), To: now},
		}}})
		if err != nil {
			t.Fatal(err)
		}
		return res.Responses["A"]
	}
	const refusal = "alert rules are not evaluated on partial data: store: the range is not fully loaded"

	// Dashboard first: the partial answer, with its notice.
	pc := tenantContext(21, srv)
	dr := query(pc, nil)
	if dr.Error != nil || len(dr.Frames) != 1 {
		t.Fatalf("dashboard: %+v", dr)
	}
	var notices []string
	for _, n := range dr.Frames[0].Meta.Notices {
		notices = append(notices, n.Text)
	}
	if j := strings.Join(notices, "|"); !strings.Contains(j, "2 of 3 hours (2026-") || !strings.Contains(j, "not loaded yet") ||
		!strings.Contains(j, "1 of 3 hours (") || !strings.Contains(j, "only partly loaded (1 row read so far)") || !strings.Contains(j, "HTTP 429") {
		t.Errorf("dashboard notices %q lack the partial-data warning", notices)
	}
	count, _ := dr.Frames[0].FieldByName("count")
	if count == nil || count.Len() != 1 || fmt.Sprint(count.At(0)) != "1" {
		t.Fatalf("dashboard count = %v, want the 1 row read", count.At(0))
	}
	// The same query from alerting, on the same half-loaded store: an error.
	for _, h := range []map[string]string{{"FromAlert": "true"}, {"Fromalert": "true"}} {
		dr = query(pc, h)
		if dr.Error == nil || !strings.Contains(dr.Error.Error(), refusal) || dr.ErrorSource != backend.ErrorSourceDownstream {
			t.Errorf("alert %v: error %v (source %q), frames %d; want the refusal", h, dr.Error, dr.ErrorSource, len(dr.Frames))
		}
	}
	// Alert first, on a fresh instance of the same tenant: its fetch ends at
	// once (the tenant's shared request budget is paused by the Retry-After),
	// and the refusal comes at once rather than after the whole wait.
	start := time.Now()
	dr = query(tenantContext(22, srv), map[string]string{"FromAlert": "true"})
	if dr.Error == nil || !strings.Contains(dr.Error.Error(), refusal) || len(dr.Frames) != 0 {
		t.Errorf("alert on a fresh instance: %v, %d frames", dr.Error, len(dr.Frames))
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the refusal took %v", d)
	}
	if calls.Load() != 2 {
		t.Errorf("Graph was called %d times, want the first page and the throttled second", calls.Load())
	}
}
