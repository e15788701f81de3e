package plugin

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/exotrace/messagetrace-datasource/pkg/graph"
)

// FuzzSettings: any jsonData either fails to load with a clear error or loads
// and validates without panicking, and no error ever contains the secret.
func FuzzSettings(f *testing.F) {
	f.Add(`{"mode":"tenant","tenantId":"72f988bf-86f1-41af-91ab-2d7cd011db47","clientId":"0b3b4e8e-3c2f-4c1e-9f0a-6d2b1a7c5e11"}`, "clientSecret")
	f.Add(`{"mode":"demo","demoAnchor":"yesterday","requestBudget":-4}`, "")
	f.Add(`{"mode":"tenant","authType":"clientCertificate","graphBaseUrl":"http://[::1]:x","acceptedDomains":["@x"]}`, "clientCertificate")
	f.Add(`[`, "privateKey")
	f.Fuzz(func(t *testing.T, jsonData, secretKey string) {
		const secret = "FUZZ-SENTINEL-s3cr3t"
		st, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: json.RawMessage(jsonData),
			DecryptedSecureJSONData: map[string]string{secretKey: secret}})
		if err == nil {
			err = st.Validate(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), graph.ValidateCertificate)
		}
		if err != nil && strings.Contains(err.Error(), secret) {
			t.Fatalf("error shows the secret: %v", err)
		}
	})
}
