package plugin

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
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

// FuzzQueryJSON: any query JSON sent to the preview endpoint (which parses it
// as QueryData does) is answered with 200 or a 4xx carrying an error message,
// never a panic or a 5xx.
func FuzzQueryJSON(f *testing.F) {
	f.Add(`{"queryType":"traces","filters":[{"dimension":"sender","op":"eq","values":["a@contoso.com"]}]}`)
	f.Add(`{"queryType":"timeseries","interval":"-1h","splitBy":"status"}`)
	f.Add(`{"queryType":"top","filters":[{"dimension":"subject","op":"regex","values":["(a{1000}){1000}"]}]}`)
	f.Add(`{"queryType":"baseline","window":"1h","baselineWindows":100000}`)
	f.Add(`{"queryType":1}`)
	ds := &Datasource{now: time.Now}
	routes := ds.routes()
	f.Fuzz(func(t *testing.T, body string) {
		rec := httptest.NewRecorder()
		routes.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/preview", strings.NewReader(body)))
		var out map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("status %d, body %q is not JSON", rec.Code, rec.Body.String())
		}
		if rec.Code >= 500 || (rec.Code != 200 && out["error"] == "") {
			t.Fatalf("status %d, body %s", rec.Code, rec.Body.String())
		}
	})
}
