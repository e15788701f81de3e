package plugin

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func demoDatasource(t *testing.T, jsonData map[string]any) *Datasource {
	t.Helper()
	raw, err := json.Marshal(jsonData)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := newDatasource(context.Background(), backend.DataSourceInstanceSettings{UID: "mt-test", Name: "test", JSONData: raw}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ds.Dispose)
	return ds
}

func TestProfileSettingsValidation(t *testing.T) {
	cases := []struct {
		name string
		json map[string]any
		want string
	}{
		{"unknown demo tenant", map[string]any{"demoTenant": "fr-big"}, `demo tenant "fr-big" does not exist: choose one of jp, ch-small, br-medium, us-large, au-heldout`},
		{"bad home country", map[string]any{"homeCountries": []string{"Germany"}}, `tenant profile: home country "GERMANY" is not an ISO 3166-1 alpha-2 code`},
		{"bad zone", map[string]any{"businessTimeZone": "CET"}, `business time zone "CET" is not an IANA zone name`},
		{"bad language", map[string]any{"mailLanguages": []string{"klingon"}}, "language klingon not supported"},
	}
	for _, c := range cases {
		ds := demoDatasource(t, c.json)
		if ds.settingsErr == nil || !strings.Contains(ds.settingsErr.Error(), c.want) {
			t.Errorf("%s: settings error = %v, want it to say %q", c.name, ds.settingsErr, c.want)
		}
		h, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
		if h.Status != backend.HealthStatusError || !strings.Contains(h.Message, c.want) {
			t.Errorf("%s: health = %v %q", c.name, h.Status, h.Message)
		}
	}
}

func TestDemoTenantProfileAndHealth(t *testing.T) {
	ds := demoDatasource(t, map[string]any{"demoTenant": "ch-small", "demoAnchor": "2026-11-20T11:00:00Z", "demoReplay": false})
	if ds.settingsErr != nil {
		t.Fatal(ds.settingsErr)
	}
	p := ds.Profile()
	if strings.Join(p.HomeCountries, ",") != "CH,DE,FR,IT,US" || p.TimeZone != "Europe/Zurich" || strings.Join(p.EmbargoedCountries, ",") != "CU,IR,KP" || !p.Detect() {
		t.Fatalf("profile = %+v", p)
	}
	h, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	want := "Tenant profile: home countries CH, DE, FR, IT, US; embargoed CU, IR, KP; business time zone Europe/Zurich; mail languages detected: en, fr, de."
	if h.Status != backend.HealthStatusOk || !strings.Contains(h.Message, "Demo tenant ch-small") || !strings.Contains(h.Message, want) {
		t.Fatalf("health = %q", h.Message)
	}
	// An explicit profile wins over the demo tenant's own.
	ds = demoDatasource(t, map[string]any{"demoTenant": "ch-small", "homeCountries": []string{"ch"}, "businessTimeZone": "UTC", "mailLanguages": []string{"de", "fr"}, "embargoedCountries": []string{}})
	p = ds.Profile()
	if strings.Join(p.HomeCountries, ",") != "CH" || p.TimeZone != "UTC" || strings.Join(p.Languages, ",") != "de,fr" || len(p.EmbargoedCountries) != 0 {
		t.Fatalf("explicit profile = %+v", p)
	}
}

func TestProfileSuggestions(t *testing.T) {
	ds := demoDatasource(t, map[string]any{"demoTenant": "ch-small", "demoAnchor": "2026-11-20T11:00:00Z", "demoReplay": false})
	rec := httptest.NewRecorder()
	ds.routes().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/profile/suggestions?days=30", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var got ProfileSuggestions
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, c := range got.Countries {
		lines = append(lines, c.Country+" "+itoa(c.Traces)+" "+itoa(c.Days)+" "+itoa(c.Permille)+" "+flag(c.Suggested, "suggested")+flag(c.Embargoed, "embargoed"))
	}
	// 30 days of ch-small: its usual countries every day; incident 6's four
	// countries and two embargoed destinations on one day only.
	want := []string{"US 8581 31 328 suggested ", "DE 7458 31 285 suggested ", "CH 6656 31 254 suggested ", "IT 2106 31 80 suggested ", "FR 1297 31 49 suggested ",
		"ID 4 1 0 ", "NG 4 1 0 ", "TR 4 1 0 ", "VN 4 1 0 ", "CU 2 1 0 embargoed ", "IR 2 1 0 embargoed "}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Errorf("countries = %q", lines)
	}
	if strings.Join(got.Languages, ",") != "en,de,fr,it" || !got.To.Equal(time.Date(2026, 11, 20, 11, 0, 0, 0, time.UTC)) {
		t.Errorf("languages = %v, to = %v", got.Languages, got.To)
	}
	for _, bad := range []string{"days=0", "days=31", "days=x"} {
		rec := httptest.NewRecorder()
		ds.routes().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/profile/suggestions?"+bad, nil))
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "is not a whole number from 1 to 30") {
			t.Errorf("%s: %d %s", bad, rec.Code, rec.Body)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func flag(b bool, s string) string {
	if b {
		return s + " "
	}
	return ""
}
