package plugin

import (
	"cmp"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/graph"
)

// settingsCase is one row of tests/shared/settings-cases.json, which the
// ConfigEditor's validation runs too (src/validation/settingsCases.test.ts).
type settingsCase struct {
	Name           string              `json:"name"`
	Now            string              `json:"now"`
	JSONData       map[string]any      `json:"jsonData"`
	SecureJSONData map[string]string   `json:"secureJsonData"`
	Configured     map[string]bool     `json:"configured"`
	Errors         map[string][]string `json:"errors"`
}

func TestSharedSettingsCases(t *testing.T) {
	// The browser offers managed and workload identity only when Grafana's [azure]
	// settings enable them; the cases are written for a Grafana that does.
	t.Setenv("GFAZPL_MANAGED_IDENTITY_ENABLED", "true")
	t.Setenv("GFAZPL_WORKLOAD_IDENTITY_ENABLED", "true")
	const root = "../.."
	raw, err := os.ReadFile(filepath.Join(root, "tests/shared/settings-cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Now   string         `json:"now"`
		Cases []settingsCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Cases) < 20 {
		t.Fatalf("only %d cases", len(doc.Cases))
	}
	for _, c := range doc.Cases {
		t.Run(c.Name, func(t *testing.T) {
			now, err := time.Parse(time.RFC3339, cmp.Or(c.Now, doc.Now))
			if err != nil {
				t.Fatal(err)
			}
			secure := map[string]string{}
			for k, v := range c.SecureJSONData {
				secure[k] = v
			}
			for k, stored := range c.Configured {
				if stored { // the backend sees the stored value, the browser only its flag
					secure[k] = "stored-" + k
				}
			}
			jsonData := map[string]any{}
			for k, v := range c.JSONData {
				if s, ok := v.(string); ok && strings.HasPrefix(s, "@file:") {
					b, err := os.ReadFile(filepath.Join(root, strings.TrimPrefix(s, "@file:")))
					if err != nil {
						t.Fatal(err)
					}
					v = string(b)
				}
				jsonData[k] = v
			}
			got := byField(settingsFrom(t, jsonData, secure).Validate(now, graph.ValidateCertificate))
			var gotFields, wantFields []string
			for f := range got {
				gotFields = append(gotFields, f)
			}
			for f := range c.Errors {
				wantFields = append(wantFields, f)
			}
			slices.Sort(gotFields)
			slices.Sort(wantFields)
			if !slices.Equal(gotFields, wantFields) {
				t.Fatalf("refused fields %v, want %v (errors %q)", gotFields, wantFields, got)
			}
			for f, fragments := range c.Errors {
				msg := strings.ToLower(strings.Join(got[f], " | "))
				for _, frag := range fragments {
					if !strings.Contains(msg, strings.ToLower(frag)) {
						t.Errorf("%s: %q lacks %q", f, got[f], frag)
					}
				}
			}
		})
	}
}

// byField groups Validate's FieldErrors by settings key; an untagged error fails the test run.
func byField(err error) map[string][]string {
	out := map[string][]string{}
	if err == nil {
		return out
	}
	var joined interface{ Unwrap() []error }
	list := []error{err}
	if errors.As(err, &joined) {
		list = joined.Unwrap()
	}
	for _, e := range list {
		var fe *FieldError
		if errors.As(e, &fe) {
			out[fe.Field] = append(out[fe.Field], fe.Error())
		} else {
			out["(untagged)"] = append(out["(untagged)"], e.Error())
		}
	}
	return out
}
