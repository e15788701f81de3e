package plugin

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/demo"
	"github.com/exotrace/messagetrace-datasource/pkg/lang"
)

// tenantDS is a pinned demo data source for tenant at its test anchor, the
// profile left to the tenant's own (languages detected).
func tenantDS(t *testing.T, tenant string, extra map[string]any) *Datasource {
	t.Helper()
	info, ok := demo.LookupTenant(tenant)
	if !ok {
		t.Fatalf("no tenant %q", tenant)
	}
	js := map[string]any{"mode": "demo", "demoTenant": tenant, "demoAnchor": info.TestAnchor.Format(time.RFC3339)}
	for k, v := range extra {
		js[k] = v
	}
	raw, err := json.Marshal(js)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := newDatasource(context.Background(), backend.DataSourceInstanceSettings{UID: "exotrace-" + tenant, JSONData: raw}, time.Now)
	if err != nil || ds.settingsErr != nil {
		t.Fatalf("%s: %v %v", tenant, err, ds.settingsErr)
	}
	t.Cleanup(ds.Dispose)
	return ds
}

// runKeywords runs one keywords query and returns its keywords in order.
func runKeywords(t *testing.T, ds *Datasource, from, to time.Time, model string) []string {
	t.Helper()
	// As alerting asks: the whole range or an error, never a partial answer.
	res, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Headers: map[string]string{backend.FromAlertHeaderName: "true"}, Queries: []backend.DataQuery{{
		RefID: "A", QueryType: "keywords", TimeRange: backend.TimeRange{From: from, To: to}, JSON: json.RawMessage(model),
	}}})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Responses["A"]
	if r.Error != nil || len(r.Frames) == 0 {
		t.Fatalf("keywords: %v", r.Error)
	}
	f := r.Frames[0]
	fi := slices.IndexFunc(f.Fields, func(x *data.Field) bool { return x.Name == "keyword" })
	if fi < 0 {
		t.Fatalf("no keyword field in %v", f)
	}
	out := make([]string, f.Rows())
	for i := range out {
		out[i] = f.Fields[fi].At(i).(string)
	}
	return out
}

// TestKeywordsTopTenHoldTheLureWithoutStopWords: on every tenant, the keywords
// of the lure's window (languages detected from the stored subjects) hold the
// lure's content words in the top 10 and no stop word of the tenant's languages.
func TestKeywordsTopTenHoldTheLureWithoutStopWords(t *testing.T) {
	for _, info := range demo.Tenants() {
		t.Run(info.Name, func(t *testing.T) {
			ds := tenantDS(t, info.Name, nil)
			lure := demo.Labels(demo.Options{Tenant: info.Name, Anchor: info.TestAnchor})[1]
			top := runKeywords(t, ds, lure.Start, lure.End, `{"queryType":"keywords","mode":"bursting","historyDays":1,"limit":10}`)
			if got := ds.stopWords.Languages(); !sameSet(got, info.Languages) {
				t.Errorf("detected languages %v, want the tenant's %v", got, info.Languages)
			}
			for _, w := range lure.LureWords {
				if !slices.Contains(top, w) {
					t.Errorf("lure word %q not in the top 10 %q", w, top)
				}
			}
			for _, w := range top {
				if lang.IsStopWord(w, info.Languages...) {
					t.Errorf("stop word %q in the top 10 %q", w, top)
				}
			}
			t.Logf("top 10: %q", top)
		})
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestStopWordsFollowTheProfile: set languages are used as they are; detection
// starts from the union of all languages.
func TestStopWordsFollowTheProfile(t *testing.T) {
	tests := []struct {
		langs      []string
		word       string
		stop       bool
		detectedAs []string
	}{
		{nil, "und", true, nil}, // de, in the union
		{nil, "les", true, nil}, // fr
		{[]string{"de"}, "und", true, []string{"de"}},
		{[]string{"de"}, "les", false, []string{"de"}},
		{[]string{"fr"}, "aujourd’hui", true, []string{"fr"}}, // typographic apostrophe
		{[]string{"en"}, "invoice", false, []string{"en"}},
	}
	for _, tc := range tests {
		sw := newTenantStopWords(tc.langs)
		if got := sw.Word(tc.word); got != tc.stop {
			t.Errorf("%v: Word(%q) = %v, want %v", tc.langs, tc.word, got, tc.stop)
		}
		if got := sw.Languages(); !slices.Equal(got, tc.detectedAs) {
			t.Errorf("%v: Languages() = %v", tc.langs, got)
		}
	}
}
