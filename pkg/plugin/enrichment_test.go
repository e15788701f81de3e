package plugin

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func tenantSettings(t *testing.T, extra map[string]any, secure map[string]string) backend.DataSourceInstanceSettings {
	t.Helper()
	m := map[string]any{"mode": "tenant", "tenantId": tenantGUID, "clientId": clientGUID, "authType": "clientSecret", "intelDataDir": t.TempDir()}
	for k, v := range extra {
		m[k] = v
	}
	raw, _ := json.Marshal(m)
	sec := map[string]string{"clientSecret": "s"}
	for k, v := range secure {
		sec[k] = v
	}
	return backend.DataSourceInstanceSettings{UID: "t", JSONData: raw, DecryptedSecureJSONData: sec}
}

// fakeMicrosoft is the token endpoint and Graph (documented shapes) in one TLS
// server; every message-trace request gets two traces from public addresses.
func fakeMicrosoft(t *testing.T) map[string]any {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/v2.0/.well-known/openid-configuration"):
			base := srv.URL + "/" + tenantGUID
			_ = json.NewEncoder(w).Encode(map[string]string{"token_endpoint": base + "/oauth2/v2.0/token",
				"authorization_endpoint": base + "/oauth2/v2.0/authorize", "issuer": base + "/v2.0"})
		case strings.HasSuffix(r.URL.Path, "/oauth2/v2.0/token"):
			_ = json.NewEncoder(w).Encode(map[string]any{"token_type": "Bearer", "expires_in": 3599, "access_token": "fake-token"})
		case strings.HasPrefix(r.URL.Path, "/v1.0/admin/exchange/tracing/messageTraces"):
			at := time.Now().UTC().Add(-30 * time.Minute).Format(time.RFC3339)
			_ = json.NewEncoder(w).Encode(map[string]any{"value": []map[string]any{
				{"id": "c1d2e3f4-5678-49ab-9cde-0123456789ab", "senderAddress": "urch@elchino-millions.site", "recipientAddress": "adele@contoso.com",
					"messageId": "<a@x>", "receivedDateTime": at, "subject": "Invoice", "size": 100, "fromIP": "133.1.1.1", "status": "delivered"},
				{"id": "d1d2e3f4-5678-49ab-9cde-0123456789ab", "senderAddress": "news@fabrikam.com", "recipientAddress": "adele@contoso.com",
					"messageId": "<b@x>", "receivedDateTime": at, "subject": "News", "size": 200, "fromIP": "8.8.8.8", "status": "delivered"},
			}})
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	ca := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	return map[string]any{"loginBaseUrl": srv.URL, "graphBaseUrl": srv.URL, "caCertificate": ca, "acceptedDomains": []string{"contoso.com"}}
}

func runQuery(t *testing.T, ds *Datasource, typ, extra string) backend.DataResponse {
	t.Helper()
	now := time.Now().UTC()
	res, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
		RefID: "A", QueryType: typ, JSON: json.RawMessage(`{"queryType":"` + typ + `"` + extra + `}`),
		TimeRange: backend.TimeRange{From: now.Add(-time.Hour), To: now},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	return res.Responses["A"]
}

// Nothing configured but credentials: geo answers from the shipped database
// and health says which one and its date.
func TestTenantShippedGeo(t *testing.T) {
	ds, err := newDatasource(context.Background(), tenantSettings(t, fakeMicrosoft(t), nil), time.Now)
	if err != nil || ds.settingsErr != nil {
		t.Fatal(err, ds.settingsErr)
	}
	defer ds.Dispose()
	res, _ := ds.CheckHealth(context.Background(), nil)
	want := "Geo: shipped ip-location-db geo-whois-asn-country (MMDB country ipvAll, built 2026-06-17). Networks: shipped ip-location-db asn (built 2026-06-17)."
	if res.Status != backend.HealthStatusOk || !strings.Contains(res.Message, want) || strings.Contains(res.Message, "Warning") {
		t.Errorf("health = %v %q", res.Status, res.Message)
	}
	dr := runQuery(t, ds, "geo", `,"geoSide":"from"`)
	if dr.Error != nil || len(dr.Frames) != 1 {
		t.Fatalf("geo query: %v", dr.Error)
	}
	countries, _ := dr.Frames[0].FieldByName("country")
	var got []string
	for i := range countries.Len() {
		got = append(got, countries.At(i).(string))
	}
	if strings.Join(got, ",") != "JP,US" && strings.Join(got, ",") != "US,JP" {
		t.Errorf("countries = %v", got)
	}
	if n, ok := ds.enrich.asn.Network(mustAddr("8.8.8.8")); !ok || n.ASN != 15169 {
		t.Errorf("ASN of 8.8.8.8 = %+v", n)
	}
	dr = runQuery(t, ds, "top", `,"groupBy":["fromAsn"],"filters":[{"dimension":"fromOrg","op":"contains","values":["google"]}]`)
	if dr.Error != nil || len(dr.Frames) != 1 {
		t.Fatalf("top fromAsn: %v", dr.Error)
	}
	asns, _ := dr.Frames[0].FieldByName("fromAsn")
	if asns == nil || asns.Len() != 1 || asns.At(0) != "15169" {
		t.Errorf("top fromAsn of Google's rows = %v", asns)
	}
}

// A watchlist pasted inline: the watchlist query shows the watched user's mail.
func TestTenantWatchlist(t *testing.T) {
	extra := fakeMicrosoft(t)
	extra["watchlists"] = []map[string]any{{"id": "edr", "name": "EDR risky users", "inline": "Adele@contoso.com\n", "risk": 70}}
	ds, err := newDatasource(context.Background(), tenantSettings(t, extra, nil), time.Now)
	if err != nil || ds.settingsErr != nil {
		t.Fatal(err, ds.settingsErr)
	}
	defer ds.Dispose()
	waitUntil(t, func() bool { return len(ds.enrich.watch.Match("adele@contoso.com")) == 1 })
	dr := runQuery(t, ds, "watchlist", `,"output":"received"`)
	if dr.Error != nil || len(dr.Frames) != 1 {
		t.Fatalf("watchlist query: %v", dr.Error)
	}
	f := dr.Frames[0]
	user, _ := f.FieldByName("user")
	list, _ := f.FieldByName("list")
	received, _ := f.FieldByName("received")
	if f.Rows() != 1 || user.At(0) != "adele@contoso.com" || list.At(0) != "EDR risky users" || received.At(0) != int64(2) {
		t.Errorf("watchlist frame: %d rows, %v %v %v", f.Rows(), user, list, received)
	}
}

// A malformed threat-intel file and an unreachable provider: every other query
// answers, health stays green with warnings naming the line and the failure,
// and threat queries have the notices to carry.
func TestBrokenIntelIsolated(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "intel.csv")
	if err := os.WriteFile(bad, []byte("indicator,kind,confidence\nevil.example,domain,high\nworse.example,domain,extreme\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }))
	defer down.Close()
	extra := fakeMicrosoft(t)
	extra["threatIntelPath"] = bad
	extra["intelProviders"] = []map[string]any{
		{"id": "cs", "type": "crowdstrike", "name": "CrowdStrike", "baseUrl": down.URL, "clientId": "cid"},
		{"id": "soc", "type": "list", "name": "SOC list", "inline": "elchino-millions.site\n", "confidence": 90},
	}
	ds, err := newDatasource(context.Background(), tenantSettings(t, extra, map[string]string{"intelSecret.cs": "cs-secret-value"}), time.Now)
	if err != nil || ds.settingsErr != nil {
		t.Fatal(err, ds.settingsErr)
	}
	defer ds.Dispose()
	waitUntil(t, func() bool {
		for _, s := range ds.enrich.intel.Status() {
			if s.State == "loading" {
				return false
			}
		}
		return true
	})
	for typ, extra := range map[string]string{"stats": "", "timeseries": "", "top": `,"groupBy":["sender"]`, "traces": ""} {
		if dr := runQuery(t, ds, typ, extra); dr.Error != nil {
			t.Errorf("%s query failed: %v", typ, dr.Error)
		}
	}
	dr := runQuery(t, ds, "threats", "")
	if dr.Error != nil || len(dr.Frames) == 0 || dr.Frames[0].Rows() != 1 {
		t.Fatalf("threats query: %v %v", dr.Error, dr.Frames)
	}
	res, _ := ds.CheckHealth(context.Background(), nil)
	for _, want := range []string{"Threat intel: SOC list (1 indicators)", "Warning: ", `line 3: confidence "extreme"`, "CrowdStrike sign-in answered HTTP 503"} {
		if !strings.Contains(res.Message, want) {
			t.Errorf("health message lacks %q: %q", want, res.Message)
		}
	}
	if res.Status != backend.HealthStatusOk || strings.Contains(res.Message, "cs-secret-value") || strings.Contains(string(res.JSONDetails), "cs-secret-value") {
		t.Errorf("health = %v %q", res.Status, res.Message)
	}
	frameNotices := func(dr backend.DataResponse) string {
		var out []string
		for _, f := range dr.Frames {
			if f.Meta != nil {
				for _, n := range f.Meta.Notices {
					out = append(out, n.Text)
				}
			}
		}
		return strings.Join(out, "\n")
	}
	if n := frameNotices(dr); !strings.Contains(n, "Threat-intel provider CrowdStrike is unavailable, its indicators are not matched: CrowdStrike sign-in answered HTTP 503") {
		t.Errorf("threats notices = %q, want CrowdStrike named with its status", n)
	}
	if n := frameNotices(runQuery(t, ds, "stats", "")); n != "" {
		t.Errorf("stats notices = %q, want none", n)
	}
	notices := strings.Join(ds.enrich.IntelNotices(), "\n")
	if !strings.Contains(notices, "threat-intel file is unavailable") || !strings.Contains(notices, "CrowdStrike is unavailable") || strings.Contains(notices, "SOC list") {
		t.Errorf("notices = %q", notices)
	}
}

// A configured geo file that does not load: the shipped database answers, and
// health and the geo notice say why.
func TestBrokenGeoFileFallsBack(t *testing.T) {
	extra := fakeMicrosoft(t)
	extra["geoDatabasePath"] = filepath.Join(t.TempDir(), "missing.mmdb")
	ds, err := newDatasource(context.Background(), tenantSettings(t, extra, nil), time.Now)
	if err != nil || ds.settingsErr != nil {
		t.Fatal(err, ds.settingsErr)
	}
	defer ds.Dispose()
	if c, ok := ds.enrich.geo.Country(mustAddr("133.1.1.1")); c != "JP" || !ok {
		t.Errorf("Country = %q, %v; want the shipped database's JP", c, ok)
	}
	n := ds.enrich.GeoNotices()
	if len(n) != 1 || !strings.Contains(n[0], "countries come from the shipped database: opening the geo database") {
		t.Errorf("GeoNotices = %q", n)
	}
	res, _ := ds.CheckHealth(context.Background(), nil)
	if res.Status != backend.HealthStatusOk || !strings.Contains(res.Message, "until the configured file loads") || !strings.Contains(res.Message, "Warning: Geo: opening the geo database") {
		t.Errorf("health = %v %q", res.Status, res.Message)
	}
}

func TestAzureIdentityModes(t *testing.T) {
	mi := map[string]any{"authType": "managedIdentity"}
	wi := map[string]any{"authType": "workloadIdentity"}
	tests := []struct {
		name  string
		env   map[string]string
		extra map[string]any
		want  string // "" = valid
		miID  string
	}{
		{"managed off", nil, mi, "managed identity is turned off in Grafana", ""},
		{"workload off", map[string]string{"GFAZPL_MANAGED_IDENTITY_ENABLED": "true"}, wi, "workload identity is turned off in Grafana", ""},
		{"managed on, Grafana's client id", map[string]string{"GFAZPL_MANAGED_IDENTITY_ENABLED": "true", "GFAZPL_MANAGED_IDENTITY_CLIENT_ID": clientGUID}, mi, "", clientGUID},
		{"managed on, own client id", map[string]string{"GFAZPL_MANAGED_IDENTITY_ENABLED": "true", "GFAZPL_MANAGED_IDENTITY_CLIENT_ID": clientGUID},
			map[string]any{"authType": "managedIdentity", "managedIdentityClientId": tenantGUID}, "", tenantGUID},
		{"pre-9 variable", map[string]string{"AZURE_MANAGED_IDENTITY_ENABLED": "true"}, mi, "", ""},
		{"workload on", map[string]string{"GFAZPL_WORKLOAD_IDENTITY_ENABLED": "true"}, wi, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range []string{"GFAZPL_MANAGED_IDENTITY_ENABLED", "AZURE_MANAGED_IDENTITY_ENABLED", "GFAZPL_MANAGED_IDENTITY_CLIENT_ID", "GFAZPL_WORKLOAD_IDENTITY_ENABLED"} {
				t.Setenv(k, tc.env[k])
			}
			st, err := LoadSettings(tenantSettings(t, tc.extra, nil))
			if err != nil {
				t.Fatal(err)
			}
			err = st.Validate(time.Now(), nil)
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "forward_settings_to_plugins")) {
				t.Fatalf("Validate = %v, want %q", err, tc.want)
			}
			if got := st.graphConfig().ManagedIdentityClientID; tc.want == "" && got != tc.miID {
				t.Errorf("managed identity client id = %q, want %q", got, tc.miID)
			}
		})
	}
}

func TestEnrichmentSettingsErrors(t *testing.T) {
	st, _ := LoadSettings(tenantSettings(t, map[string]any{"asnDatabasePath": "asn.csv",
		"intelProviders": []map[string]any{{"id": "a", "type": "crowdstrike", "name": "A"}, {"id": "a", "type": "opencti", "name": "B"}}}, nil))
	err := st.Validate(time.Now(), nil)
	for _, want := range []string{`threat-intel provider id "a" is used twice`, `provider "B" has type "opencti"`, `ASN database path "asn.csv" is not absolute`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate = %v, want %q", err, want)
		}
	}
}

func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("timed out waiting for the providers")
}

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }
