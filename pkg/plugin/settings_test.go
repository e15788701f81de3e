package plugin

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

const (
	tenantGUID = "72f988bf-86f1-41af-91ab-2d7cd011db47"
	clientGUID = "0b3b4e8e-3c2f-4c1e-9f0a-6d2b1a7c5e11"
)

func settingsFrom(t *testing.T, jsonData map[string]any, secure map[string]string) Settings {
	t.Helper()
	raw, err := json.Marshal(jsonData)
	if err != nil {
		t.Fatal(err)
	}
	st, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: raw, DecryptedSecureJSONData: secure})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestLoadSettingsDefaults(t *testing.T) {
	st := settingsFrom(t, map[string]any{}, nil)
	if st.Mode != ModeDemo || st.RequestBudget != 90 || st.AuthType != AuthClientSecret ||
		st.LoginBaseURL != DefaultLoginBaseURL || st.GraphBaseURL != DefaultGraphBaseURL || !st.Replay() {
		t.Fatalf("defaults = %+v", st)
	}
}

func TestLoadSettingsBadJSON(t *testing.T) {
	_, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: []byte("{")})
	if err == nil || !strings.Contains(err.Error(), "not valid JSON") {
		t.Fatalf("err = %v", err)
	}
}

func TestValidate(t *testing.T) {
	// Grafana has managed identity on here; TestAzureIdentityModes covers it off.
	t.Setenv("GFAZPL_MANAGED_IDENTITY_ENABLED", "true")
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	certErr := errors.New("expired on 2025-01-01")
	certCheck := func(cert, key string, _ time.Time) error {
		if cert == "expired" {
			return certErr
		}
		return nil
	}
	tenant := func(extra map[string]any) map[string]any {
		m := map[string]any{"mode": "tenant", "tenantId": tenantGUID, "clientId": clientGUID, "authType": "clientSecret"}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	secret := map[string]string{"clientSecret": "abc~123"}
	tests := []struct {
		name    string
		json    map[string]any
		secure  map[string]string
		wantErr []string // substrings; empty = valid
	}{
		{"demo", map[string]any{"mode": "demo"}, nil, nil},
		{"demo bad anchor", map[string]any{"mode": "demo", "demoAnchor": "yesterday"}, nil, []string{`demo anchor "yesterday"`}},
		{"unknown mode", map[string]any{"mode": "splunk"}, nil, []string{`mode "splunk" is not known`}},
		{"tenant ok", tenant(nil), secret, nil},
		{"tenant by domain", tenant(map[string]any{"tenantId": "contoso.onmicrosoft.com"}), secret, nil},
		{"bad tenant", tenant(map[string]any{"tenantId": "abc"}), secret, []string{`tenant ID "abc" is not valid`}},
		{"bad client", tenant(map[string]any{"clientId": "1234"}), secret, []string{`client ID "1234" is not valid`}},
		{"missing secret", tenant(nil), nil, []string{"client secret is missing"}},
		{"cert missing", tenant(map[string]any{"authType": "clientCertificate"}), map[string]string{"privateKey": "k"}, []string{"needs the PEM certificate and its PEM private key"}},
		{"cert expired", tenant(map[string]any{"authType": "clientCertificate"}), map[string]string{"clientCertificate": "expired", "privateKey": "k"}, []string{"client certificate: expired on 2025-01-01"}},
		{"managed identity needs no client", tenant(map[string]any{"authType": "managedIdentity", "clientId": ""}), nil, nil},
		{"bad managed identity id", tenant(map[string]any{"authType": "managedIdentity", "managedIdentityClientId": "me"}), nil, []string{`managed identity client ID "me"`}},
		{"unknown auth", tenant(map[string]any{"authType": "password"}), nil, []string{`authentication type "password"`}},
		{"http refused", tenant(map[string]any{"graphBaseUrl": "http://proxy.local"}), secret, []string{`uses http: use https, or turn on "Allow insecure endpoints"`}},
		{"http allowed", tenant(map[string]any{"graphBaseUrl": "http://proxy.local", "allowInsecureEndpoints": true}), secret, nil},
		{"relative url", tenant(map[string]any{"loginBaseUrl": "login"}), secret, []string{`login URL "login" is not an absolute URL`}},
		{"ca not pem", tenant(map[string]any{"caCertificate": "MIIB..."}), secret, []string{"CA certificate is not PEM"}},
		{"relative geo path", tenant(map[string]any{"geoDatabasePath": "geo.csv"}), secret, []string{`IP-to-country database path "geo.csv" is not absolute`}},
		{"absolute intel path", tenant(map[string]any{"threatIntelPath": "/etc/grafana/intel.csv"}), secret, nil},
		{"bad domain", map[string]any{"acceptedDomains": []string{"@contoso.com", "example.co.jp"}}, nil, []string{`accepted domain "@contoso.com"`}},
		{"budget too high", map[string]any{"requestBudget": 150}, nil, []string{"request budget 150 is out of range"}},
		{"two problems at once", tenant(map[string]any{"tenantId": "x", "clientId": "y"}), secret, []string{`tenant ID "x"`, `client ID "y"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := settingsFrom(t, tc.json, tc.secure).Validate(now, certCheck)
			if len(tc.wantErr) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tc.wantErr)
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "abc~123") {
				t.Error("error leaks the secret")
			}
		})
	}
}
