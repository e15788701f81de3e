package plugin

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func tenantSettings(t *testing.T, extra map[string]any) backend.DataSourceInstanceSettings {
	t.Helper()
	m := map[string]any{"mode": "tenant", "tenantId": tenantGUID, "clientId": clientGUID, "authType": "clientSecret"}
	for k, v := range extra {
		m[k] = v
	}
	raw, _ := json.Marshal(m)
	return backend.DataSourceInstanceSettings{UID: "t", JSONData: raw, DecryptedSecureJSONData: map[string]string{"clientSecret": "s"}}
}

func TestTenantEnrichmentFiles(t *testing.T) {
	dir := t.TempDir()
	geoPath := filepath.Join(dir, "geo.csv")
	intelPath := filepath.Join(dir, "intel.csv")
	if err := os.WriteFile(geoPath, []byte("start_ip,end_ip,country\n203.0.113.0,203.0.113.255,AU\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(intelPath, []byte("evil.example,domain,90,Actor,Malware/X\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		extra   map[string]any
		wantErr string
		geo     bool
		intel   bool
	}{
		{"none", nil, "", false, false},
		{"both", map[string]any{"geoDatabasePath": geoPath, "threatIntelPath": intelPath}, "", true, true},
		{"missing geo file", map[string]any{"geoDatabasePath": filepath.Join(dir, "nope.csv")}, "IP-to-country database", false, false},
		{"bad intel file", map[string]any{"threatIntelPath": geoPath}, "threat-intel feed", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ds, err := newDatasource(context.Background(), tenantSettings(t, tc.extra), time.Now)
			if err != nil {
				t.Fatal(err)
			}
			defer ds.Dispose()
			if tc.wantErr != "" {
				if ds.settingsErr == nil || !strings.Contains(ds.settingsErr.Error(), tc.wantErr) || !backend.IsDownstreamError(ds.settingsErr) {
					t.Fatalf("settings error = %v, want downstream error naming %q", ds.settingsErr, tc.wantErr)
				}
				return
			}
			if ds.settingsErr != nil {
				t.Fatal(ds.settingsErr)
			}
			st, _ := LoadSettings(tenantSettings(t, tc.extra))
			g, f, err := tenantEnrichment(context.Background(), st)
			if err != nil || (g != nil) != tc.geo || (f != nil) != tc.intel {
				t.Errorf("geo %v intel %v err %v", g, f, err)
			}
		})
	}
}
