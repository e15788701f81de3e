package graph

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// testSecret has characters that change under URL and JSON encoding, so the
// redaction test covers every form a server could echo.
const testSecret = `s3cr3t~Va1ue+/=&"q`

const testClientID = "11111111-2222-3333-4444-555555555555"

// fakeMS is one TLS server playing both the Entra token endpoint and Graph,
// built from the documented request and response shapes.
type fakeMS struct {
	t      *testing.T
	srv    *httptest.Server
	tenant string
	clock  *fakeClock

	mu         sync.Mutex
	tokenForms []url.Values
	graphReqs  []graphReq
	tokenFail  func(w http.ResponseWriter) bool // write an error instead of a token
	discoFail  func(w http.ResponseWriter) bool // write an error instead of the OpenID configuration
	graph      func(w http.ResponseWriter, r *http.Request, n int)
	// numbered: issue "tok-1", "tok-2", ... instead of one fixed token, so tests
	// can tell a renewed token from the cached one.
	numbered bool
}

// graphReq is what the fake saw of one Graph request.
type graphReq struct {
	Path, EscapedPath, RawQuery string
	Filter, Top                 string
	Prefer, Auth                string
	At                          time.Time // fake clock
}

func newFakeMS(t *testing.T, graph func(w http.ResponseWriter, r *http.Request, n int)) *fakeMS {
	t.Helper()
	f := &fakeMS{t: t, tenant: tenantFor(t), graph: graph,
		clock: newFakeClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))}
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	f.srv.Config.ErrorLog = log.New(io.Discard, "", 0) // TLS failures are expected in some tests
	f.srv.StartTLS()
	t.Cleanup(f.srv.Close)
	return f
}

// tenantFor gives each test its own tenant, hence its own request budget.
func tenantFor(t *testing.T) string {
	clean := strings.Map(func(r rune) rune {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			return r
		}
		return '-'
	}, strings.ToLower(t.Name()))
	return "contoso-" + clean
}

func (f *fakeMS) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/"+f.tenant+"/v2.0/.well-known/openid-configuration":
		if f.discoFail == nil || !f.discoFail(w) {
			f.discovery(w)
		}
	case r.URL.Path == "/"+f.tenant+"/oauth2/v2.0/token" && r.Method == http.MethodPost:
		f.token(w, r)
	case strings.HasPrefix(r.URL.Path, "/v1.0/"):
		f.mu.Lock()
		n := len(f.graphReqs)
		q := r.URL.Query()
		f.graphReqs = append(f.graphReqs, graphReq{Path: r.URL.Path, EscapedPath: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery,
			Filter: q.Get("$filter"), Top: q.Get("$top"), Prefer: r.Header.Get("Prefer"), Auth: r.Header.Get("Authorization"), At: f.clock.Now()})
		f.mu.Unlock()
		f.graph(w, r, n)
	default:
		http.Error(w, "unexpected "+r.Method+" "+r.URL.Path, http.StatusNotFound)
	}
}

func (f *fakeMS) discovery(w http.ResponseWriter) {
	base := f.srv.URL + "/" + f.tenant
	writeJSON(w, http.StatusOK, map[string]any{
		"token_endpoint":         base + "/oauth2/v2.0/token",
		"authorization_endpoint": base + "/oauth2/v2.0/authorize",
		"issuer":                 base + "/v2.0",
	})
}

func (f *fakeMS) token(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	f.mu.Lock()
	f.tokenForms = append(f.tokenForms, r.PostForm)
	fail := f.tokenFail
	f.mu.Unlock()
	if fail != nil && fail(w) {
		return
	}
	tok := "test-access-token"
	if f.numbered {
		f.mu.Lock()
		tok = fmt.Sprintf("tok-%d", len(f.tokenForms))
		f.mu.Unlock()
	}
	writeJSON(w, http.StatusOK, map[string]any{"token_type": "Bearer", "expires_in": 3599, "access_token": tok})
}

// config is a client-secret Config for this fake with a fake clock and jitter
// fixed at the midpoint (backoff factor exactly 1).
func (f *fakeMS) config() Config {
	return Config{
		TenantID: f.tenant, ClientID: testClientID, Auth: AuthClientSecret, ClientSecret: testSecret,
		LoginBaseURL: f.srv.URL, GraphBaseURL: f.srv.URL, CACertPEM: f.caPEM(),
		Now: f.clock.Now, Sleep: f.clock.Sleep, Jitter: func() float64 { return 0.5 },
	}
}

func (f *fakeMS) caPEM() string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: f.srv.Certificate().Raw}))
}

func (f *fakeMS) client(cfg Config) *Client {
	f.t.Helper()
	c, err := New(cfg)
	if err != nil {
		f.t.Fatalf("New: %v", err)
	}
	f.t.Cleanup(c.Close)
	return c
}

func (f *fakeMS) requests() []graphReq {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]graphReq(nil), f.graphReqs...)
}

func (f *fakeMS) forms() []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]url.Values(nil), f.tokenForms...)
}

// tracesURL is the list endpoint on this fake, for building nextLinks.
func (f *fakeMS) tracesURL() string { return f.srv.URL + tracesPath }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// page writes a messageTraces page in the documented v1.0 shape.
func page(w http.ResponseWriter, rows []map[string]any, next string) {
	body := map[string]any{"@odata.context": "https://graph.example/v1.0/$metadata#admin/exchange/tracing/messageTraces", "value": rows}
	if next != "" {
		body["@odata.nextLink"] = next
	}
	writeJSON(w, http.StatusOK, body)
}

func graphError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"code": code, "message": msg,
		"innerError": map[string]any{"date": "2026-03-01T12:00:00", "request-id": "req-1", "client-request-id": "creq-1"}}})
}

// rows makes n traces with ids prefix-0..n-1, one recipient each.
func rows(prefix string, n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = row(fmt.Sprintf("%s-%d", prefix, i), "user@example.com", "delivered")
	}
	return out
}

func row(id, recipient, status string) map[string]any {
	return map[string]any{
		"id": id, "senderAddress": "sender@contoso.com", "recipientAddress": recipient,
		"messageId": "<" + id + "@contoso.com>", "receivedDateTime": "2026-02-28T09:15:00Z",
		"subject": "Weekly digest", "size": 28765, "fromIP": "203.0.113.25", "toIP": "", "status": status,
	}
}

// fakeClock advances only when the code under test sleeps, and records each
// sleep so tests can assert the waits requested.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func newFakeClock(t time.Time) *fakeClock { return &fakeClock{now: t} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *fakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}
