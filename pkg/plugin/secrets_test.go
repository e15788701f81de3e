package plugin

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/hashicorp/go-hclog"
)

// sentinelSecret has characters that change under URL and JSON encoding.
const sentinelSecret = `SENTINEL~cl13nt+s3cr3t/"x"`

// captureSDKLogs sends the SDK's default logger, at debug level, to a file for
// the test's duration and returns a function reading what was written.
func captureSDKLogs(t *testing.T) func() string {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	oldOut, oldLog := hclog.DefaultOutput, log.DefaultLogger
	hclog.DefaultOutput = f // the SDK's logger writes where hclog's default points when built
	log.DefaultLogger = log.NewWithLevel(log.Debug)
	hclog.DefaultOutput = oldOut
	t.Cleanup(func() { log.DefaultLogger = oldLog; _ = f.Close() })
	return func() string {
		b, _ := os.ReadFile(f.Name())
		return string(b)
	}
}

// TestSecretsAppearNowhere sets sentinel secrets, drives every path a secret
// could leak through (health failures, query errors, resources, frames, debug
// logs) against a Microsoft fake that echoes everything it is sent, and looks
// for the sentinels, in every encoding, in everything that comes back.
func TestSecretsAppearNowhere(t *testing.T) {
	logs := captureSDKLogs(t)
	f := newFakeMS(t)
	// Entra echoes the whole token request back in its error, as some proxies do.
	f.setFail(func(w http.ResponseWriter, r *http.Request, body string) bool {
		if !strings.HasSuffix(r.URL.Path, "/oauth2/v2.0/token") {
			return false
		}
		form, _ := url.ParseQuery(body)
		msJSON(w, 401, map[string]any{"error": "invalid_client " + form.Get("client_secret"),
			"error_description": "AADSTS7000215: Invalid client secret provided: " + body + " (" + form.Get("client_secret") + ")", "error_codes": []int{7000215}})
		return true
	})
	certPEM, keyPEM := pemPair(t)
	_, foreignKey := pemPair(t)
	keyBody := strings.Split(keyPEM, "\n")[3] // a line of the key's base64
	needles := []string{sentinelSecret, url.QueryEscape(sentinelSecret), url.PathEscape(sentinelSecret), "cl13nt+s3cr3t", "cl13nt%2Bs3cr3t", keyBody}
	if js, _ := json.Marshal(sentinelSecret); true {
		needles = append(needles, strings.Trim(string(js), `"`))
	}

	instances := []struct {
		name   string
		extra  map[string]any
		secure map[string]string
	}{
		{"client secret rejected", nil, map[string]string{"clientSecret": sentinelSecret}},
		{"certificate with a foreign key", map[string]any{"authType": "clientCertificate"}, map[string]string{"clientCertificate": certPEM, "privateKey": foreignKey}},
		{"certificate key rejected", map[string]any{"authType": "clientCertificate"}, map[string]string{"clientCertificate": certPEM, "privateKey": keyPEM}},
		{"PostgreSQL archive refusing the connection", map[string]any{"archive": map[string]any{"kind": "postgres"}},
			map[string]string{"clientSecret": "s", "archiveDsn": "postgres://grafana:" + url.QueryEscape(sentinelSecret) + "@127.0.0.1:1/exotrace?connect_timeout=2"}},
		{"PostgreSQL archive DSN that does not parse", map[string]any{"archive": map[string]any{"kind": "postgres"}},
			map[string]string{"clientSecret": "s", "archiveDsn": "host='unterminated password=" + sentinelSecret}},
		{"invalid settings around a secret", map[string]any{"tenantId": "not a tenant", "graphBaseUrl": "ftp://x"}, map[string]string{"clientSecret": sentinelSecret, "privateKey": keyPEM}},
	}
	// Threat-intel providers and a watchlist whose servers echo every request
	// (body and headers) back in their error answers.
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, "denied %s %s %v", r.URL.String(), body, r.Header)
	}))
	t.Cleanup(echo.Close)
	providers := []map[string]any{
		{"id": "cs", "type": "crowdstrike", "name": "CrowdStrike", "baseUrl": echo.URL, "clientId": "cs-client"},
		{"id": "mi", "type": "misp", "name": "MISP", "baseUrl": echo.URL},
		{"id": "tx", "type": "taxii", "name": "TAXII", "collectionUrl": echo.URL + "/taxii2/api/collections/c1/", "username": "u"},
		{"id": "li", "type": "list", "name": "List", "url": echo.URL + "/list.txt", "apiKeyHeader": "X-Api-Key"},
	}
	intelSecure := map[string]string{"clientSecret": "plain", "intelSecret.cs": sentinelSecret, "intelSecret.mi": sentinelSecret,
		"intelSecret.tx": sentinelSecret, "intelSecret.li": sentinelSecret, "watchlistSecret.wl": sentinelSecret}
	instances = append(instances, struct {
		name   string
		extra  map[string]any
		secure map[string]string
	}{"intel providers echo their secrets", map[string]any{"tenantId": "5f0c8c1e-2b7d-4e3a-9a61-3c0d7e2b4a10", "intelProviders": providers, "intelDataDir": t.TempDir(),
		"watchlists": []map[string]any{{"id": "wl", "name": "Risky users", "url": echo.URL + "/risky.csv", "apiKeyHeader": "Authorization"}}}, intelSecure})

	var out bytes.Buffer
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	for _, inst := range instances {
		ds, err := newDatasource(context.Background(), f.settings(inst.extra, inst.secure), func() time.Time { return now })
		if err != nil {
			fmt.Fprintf(&out, "%s: %v\n", inst.name, err)
			continue
		}
		fmt.Fprintf(&out, "%s settings error: %v %+v\n", inst.name, ds.settingsErr, ds.settingsErr)
		health := providersTried(t, ds)
		fmt.Fprintf(&out, "health: %+v\n", health)
		res, _ := ds.QueryData(context.Background(), queryReq(now.Add(-time.Hour), now,
			`{"queryType":"traces"}`, `{"queryType":"details","traceId":"c1d2e3f4-5678-49ab-9cde-000000000000","recipient":"user@contoso.com"}`,
			`{"queryType":"stats","filters":[{"dimension":"sender","op":"eq","values":["not an address"]}]}`))
		raw, _ := json.Marshal(res)
		out.Write(raw)
		for ref, r := range res.Responses {
			fmt.Fprintf(&out, "%s: %v %+v\n", ref, r.Error, r.Error)
		}
		for _, path := range []string{"values?dimension=sender", "dimensions"} {
			out.WriteString(callResource(t, ds, http.MethodGet, path, nil))
		}
		out.WriteString(callResource(t, ds, http.MethodPost, "preview", []byte(`{"queryType":"traces"}`)))
		ds.Dispose()
	}
	logged := logs()
	if !strings.Contains(logged, "instance ready") {
		t.Fatalf("the SDK logger output was not captured: %q", logged)
	}
	out.WriteString(logged)
	text := out.String()
	if !strings.Contains(text, "Invalid client secret") || !strings.Contains(text, "does not belong to the certificate") ||
		!strings.Contains(text, "HTTP 401") ||
		!strings.Contains(text, "PostgreSQL trace archive cannot be opened") || !strings.Contains(text, "connection string cannot be parsed") {
		t.Fatalf("the failure paths were not reached:\n%s", text)
	}
	for _, n := range needles {
		if i := strings.Index(text, n); i >= 0 {
			t.Errorf("secret form %q leaked: …%s…", n, text[max(0, i-200):min(len(text), i+len(n)+50)])
		}
	}
}

// providersTried is the health of ds once each of its threat-intel providers
// has failed or succeeded once (their refreshes run in the background, up to
// 10 s), with the enrichment's own health summary and warnings appended.
func providersTried(t *testing.T, ds *Datasource) *backend.CheckHealthResult {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ds.enrich != nil && ds.enrich.intel != nil && time.Now().Before(deadline); {
		tried := 0
		for _, st := range ds.enrich.intel.Status() {
			if st.Err != nil || !st.LastSuccess.IsZero() {
				tried++
			}
		}
		if tried == len(ds.enrich.intel.Status()) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	health, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if ds.enrich != nil {
		summary, warnings := ds.enrich.health()
		health.Message += " | " + summary + " | " + strings.Join(warnings, "; ")
		health.Message += " | " + strings.Join(ds.enrich.IntelNotices(), "; ") + " | " + strings.Join(ds.enrich.WatchlistNotices(), "; ")
	}
	return health
}

// callResource runs one resource call and returns its status and body.
func callResource(t *testing.T, ds *Datasource, method, path string, body []byte) string {
	t.Helper()
	var got []string
	err := ds.CallResource(context.Background(), &backend.CallResourceRequest{Method: method, Path: path, URL: path, Body: body},
		backend.CallResourceResponseSenderFunc(func(r *backend.CallResourceResponse) error {
			got = append(got, fmt.Sprintf("%d %s", r.Status, r.Body))
			return nil
		}))
	if err != nil {
		got = append(got, err.Error())
	}
	return strings.Join(got, "\n") + "\n"
}
