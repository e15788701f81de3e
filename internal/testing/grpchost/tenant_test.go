package grpchost_test

import (
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

const (
	fakeTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
	fakeClient = "0b3b4e8e-3c2f-4c1e-9f0a-6d2b1a7c5e11"
	fakeSecret = "Zx8Q~very-secret-value"
)

// fakeMicrosoft is the token endpoint and Graph in one TLS server, answering with
// the documented shapes. graph decides what the message-trace API answers.
func fakeMicrosoft(t *testing.T, graph http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/v2.0/.well-known/openid-configuration"):
			base := srv.URL + "/" + fakeTenant
			_ = json.NewEncoder(w).Encode(map[string]string{
				"token_endpoint": base + "/oauth2/v2.0/token", "authorization_endpoint": base + "/oauth2/v2.0/authorize", "issuer": base + "/v2.0",
			})
		case strings.HasSuffix(r.URL.Path, "/oauth2/v2.0/token"):
			_ = json.NewEncoder(w).Encode(map[string]any{"token_type": "Bearer", "expires_in": 3599, "access_token": "fake-token"})
		case strings.HasPrefix(r.URL.Path, "/v1.0/admin/exchange/tracing/messageTraces"):
			calls.Add(1)
			graph(w, r)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func tenantContext(id int64, srv *httptest.Server) backend.PluginContext {
	ca := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	return pluginContext(id, map[string]any{
		"mode": "tenant", "tenantId": fakeTenant, "clientId": fakeClient, "authType": "clientSecret",
		"acceptedDomains": []string{"contoso.com"}, "loginBaseUrl": srv.URL, "graphBaseUrl": srv.URL, "caCertificate": ca,
	}, map[string]string{"clientSecret": fakeSecret})
}

// TestTenantMissingServicePrincipal: the 401 naming Microsoft's message-trace app
// becomes "Save & test" advice on how to create the service principal.
func TestTenantMissingServicePrincipal(t *testing.T) {
	srv, _ := fakeMicrosoft(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":{"code":"Unauthorized","message":"Service principal-less Authentication failed: the service principal for App ID 8bd644d1-64a1-4d4b-ae52-2e0cbf64e373 was not found. Please create a service principal for this app in your tenant. Provisioning may take several hours to complete."}}`))
	})
	res, err := host.CheckHealth(ctx(t), tenantContext(10, srv))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != backend.HealthStatusError {
		t.Fatalf("status %v, message %q", res.Status, res.Message)
	}
	for _, want := range []string{"New-MgServicePrincipal -AppId 8bd644d1-64a1-4d4b-ae52-2e0cbf64e373", "hours"} {
		if !strings.Contains(res.Message, want) {
			t.Errorf("message %q lacks %q", res.Message, want)
		}
	}
	if strings.Contains(res.Message, fakeSecret) {
		t.Error("health message leaks the client secret")
	}
}

// TestTenantQuery: health succeeds and a traces query returns Graph's rows, with
// direction derived from the accepted domains.
func TestTenantQuery(t *testing.T) {
	srv, calls := fakeMicrosoft(t, func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"value": []map[string]any{
			{"id": "c1d2e3f4-5678-49ab-9cde-0123456789ab", "senderAddress": "sender@fabrikam.com", "recipientAddress": "test@contoso.com",
				"messageId": "<a@fabrikam.com>", "receivedDateTime": time.Now().UTC().Add(-30 * time.Minute).Format(time.RFC3339),
				"subject": "Weekly digest", "size": 28765, "fromIP": "203.0.113.25", "toIP": "", "status": "delivered"},
		}})
	})
	pc := tenantContext(11, srv)
	health, err := host.CheckHealth(ctx(t), pc)
	if err != nil || health.Status != backend.HealthStatusOk {
		t.Fatalf("health %v %v", health, err)
	}
	now := time.Now().UTC()
	res, err := host.QueryData(ctx(t), &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{{
		RefID: "A", QueryType: "traces", JSON: json.RawMessage(`{"queryType":"traces"}`),
		TimeRange: backend.TimeRange{From: now.Add(-time.Hour), To: now},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	dr := res.Responses["A"]
	if dr.Error != nil || len(dr.Frames) != 1 || dr.Frames[0].Rows() != 1 {
		t.Fatalf("response %+v", dr)
	}
	f := dr.Frames[0]
	field, _ := f.FieldByName("direction")
	if field == nil || field.At(0) != "inbound" {
		t.Errorf("direction = %v, want inbound", field)
	}
	if calls.Load() < 2 {
		t.Errorf("Graph was called %d times, want the health probe and the query", calls.Load())
	}
}
