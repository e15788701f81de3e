package plugin

import (
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// fakeMS plays the Entra token endpoint and Microsoft Graph's message-trace API
// (documented shapes) on one TLS server, for driving a tenant-mode instance.
// fail, when set, answers instead of the normal handler (tests inject errors,
// including ones that echo what they were sent).
type fakeMS struct {
	srv  *httptest.Server
	mu   sync.Mutex
	fail func(w http.ResponseWriter, r *http.Request, body string) bool
}

func newFakeMS(t *testing.T) *fakeMS {
	t.Helper()
	f := &fakeMS{}
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	f.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	f.srv.StartTLS()
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeMS) setFail(fn func(w http.ResponseWriter, r *http.Request, body string) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = fn
}

func (f *fakeMS) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	f.mu.Lock()
	fail := f.fail
	f.mu.Unlock()
	if fail != nil && fail(w, r, string(raw)) {
		return
	}
	base := f.srv.URL + "/" + tenantGUID
	switch {
	case strings.HasSuffix(r.URL.Path, "/.well-known/openid-configuration"):
		msJSON(w, 200, map[string]any{"token_endpoint": base + "/oauth2/v2.0/token", "authorization_endpoint": base + "/oauth2/v2.0/authorize", "issuer": base + "/v2.0"})
	case strings.HasSuffix(r.URL.Path, "/oauth2/v2.0/token"):
		msJSON(w, 200, map[string]any{"token_type": "Bearer", "expires_in": 3599, "access_token": "fake-token"})
	case strings.Contains(r.URL.Path, "getDetailsByRecipient"):
		msJSON(w, 200, map[string]any{"value": []map[string]any{{"id": "e1", "messageId": "<m0@contoso.com>", "dateTime": "2026-11-20T10:00:00Z",
			"event": "Receive", "action": "", "description": "Received", "data": ""}}})
	case strings.HasPrefix(r.URL.Path, "/v1.0/admin/exchange/tracing/messageTraces"):
		var rows []map[string]any
		for i := range 20 {
			rows = append(rows, map[string]any{"id": fmt.Sprintf("c1d2e3f4-5678-49ab-9cde-%012d", i), "senderAddress": "sender@contoso.com",
				"recipientAddress": "user@contoso.com", "messageId": fmt.Sprintf("<m%d@contoso.com>", i),
				"receivedDateTime": time.Date(2026, 11, 20, 10, i, 0, 0, time.UTC).Format(time.RFC3339),
				"subject":          "Weekly digest", "size": 28765, "fromIP": "203.0.113.25", "toIP": "", "status": "delivered"})
		}
		msJSON(w, 200, map[string]any{"value": rows})
	default:
		http.Error(w, "unexpected "+r.URL.Path, 404)
	}
}

func msJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// settings is a tenant-mode instance pointed at the fake.
func (f *fakeMS) settings(extra map[string]any, secure map[string]string) backend.DataSourceInstanceSettings {
	m := map[string]any{"mode": "tenant", "tenantId": tenantGUID, "clientId": clientGUID, "authType": "clientSecret",
		"loginBaseUrl": f.srv.URL, "graphBaseUrl": f.srv.URL,
		"caCertificate": string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: f.srv.Certificate().Raw}))}
	for k, v := range extra {
		m[k] = v
	}
	raw, _ := json.Marshal(m)
	return backend.DataSourceInstanceSettings{UID: "fake", Name: "fake", JSONData: raw, DecryptedSecureJSONData: secure}
}

// queryReq is a QueryData request of one query per JSON model, over [from, to].
func queryReq(from, to time.Time, models ...string) *backend.QueryDataRequest {
	req := &backend.QueryDataRequest{}
	for i, m := range models {
		req.Queries = append(req.Queries, backend.DataQuery{RefID: fmt.Sprintf("Q%d", i), JSON: json.RawMessage(m),
			QueryType: queryTypeOf(json.RawMessage(m)), TimeRange: backend.TimeRange{From: from, To: to}})
	}
	return req
}
