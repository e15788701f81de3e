package kinds

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const pluginType = "exotrace-messagetrace-datasource"

func TestGoldenQueriesValidate(t *testing.T) {
	raw, err := os.ReadFile("testdata/golden-queries.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases map[string]json.RawMessage
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	delete(cases, "_comment")
	// Every golden frame in pkg/query/testdata has its query here, and no other.
	goldens, err := filepath.Glob("../query/testdata/*.jsonc")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range goldens {
		names = append(names, strings.TrimSuffix(filepath.Base(g), ".jsonc"))
	}
	var keys []string
	for k := range cases {
		keys = append(keys, k)
	}
	slices.Sort(names)
	slices.Sort(keys)
	if !slices.Equal(names, keys) {
		t.Fatalf("golden files %v, golden queries %v", names, keys)
	}
	for name, q := range cases {
		if err := ValidateQuery(q); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestDashboardTargetsValidate(t *testing.T) {
	files, _ := filepath.Glob("../../dashboards/*.json")
	if len(files) == 0 {
		t.Fatal("no dashboards found")
	}
	n := 0
	for _, f := range files {
		var dash struct {
			Panels []panel `json:"panels"`
		}
		readJSON(t, f, &dash)
		for _, target := range targets(dash.Panels) {
			n++
			if err := ValidateQuery(target.raw); err != nil {
				t.Errorf("%s panel %q: %v", filepath.Base(f), target.panel, err)
			}
		}
	}
	t.Logf("%d dashboard targets valid", n)
	if n < 20 {
		t.Fatalf("only %d targets of this data source found: the walk misses panels", n)
	}
}

type panel struct {
	Title   string            `json:"title"`
	Targets []json.RawMessage `json:"targets"`
	Panels  []panel           `json:"panels"`
}

type target struct {
	panel string
	raw   []byte
}

// targets lists the queries of this data source, rows' nested panels included.
func targets(panels []panel) []target {
	var out []target
	for _, p := range panels {
		for _, raw := range p.Targets {
			var head struct {
				Datasource struct {
					Type string `json:"type"`
				} `json:"datasource"`
			}
			if json.Unmarshal(raw, &head) == nil && head.Datasource.Type == pluginType {
				out = append(out, target{p.Title, raw})
			}
		}
		out = append(out, targets(p.Panels)...)
	}
	return out
}

func TestAlertRuleQueriesValidate(t *testing.T) {
	files, _ := filepath.Glob("../../provisioning/alerting/*.y*ml")
	n := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Groups []struct {
				Rules []struct {
					Title string `yaml:"title"`
					Data  []struct {
						Model map[string]any `yaml:"model"`
					} `yaml:"data"`
				} `yaml:"rules"`
			} `yaml:"groups"`
		}
		if err := yaml.Unmarshal(raw, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, g := range doc.Groups {
			for _, r := range g.Rules {
				for _, d := range r.Data {
					ds, _ := d.Model["datasource"].(map[string]any)
					if ds["type"] != pluginType {
						continue
					}
					n++
					q, err := json.Marshal(d.Model)
					if err != nil {
						t.Fatal(err)
					}
					if err := ValidateQuery(q); err != nil {
						t.Errorf("%s rule %q: %v", filepath.Base(f), r.Title, err)
					}
				}
			}
		}
	}
	t.Logf("%d alert-rule queries valid", n)
	if n < 5 {
		t.Fatalf("only %d alert-rule queries of this data source found", n)
	}
}

func TestInvalidQueriesRefused(t *testing.T) {
	cases := []struct {
		name, query string
		want        []string // one entry per problem, in the error's (sorted) order
	}{
		{"unknown type", `{"queryType":"tops"}`,
			[]string{`queryType: "tops" is not known: use one of "traces", "timeseries", "stats", "top", "keywords", "campaigns", "baseline", "details", "values", "geo", "threats"`}},
		{"top without groupBy", `{"queryType":"top"}`,
			[]string{`groupBy is missing for queryType "top": set it`}},
		{"top with three dimensions", `{"queryType":"top","groupBy":["sender","status","toIP"]}`,
			[]string{`groupBy: has 3 entries: give at most 2`}},
		{"pivot on one dimension", `{"queryType":"top","groupBy":["sender"],"pivot":true}`,
			[]string{`groupBy: has 1 entries: give at least 2 for pivot true`}},
		{"top limit too large", `{"queryType":"top","groupBy":["sender"],"limit":5000}`,
			[]string{`limit: 5000 is too large: use at most 1000 for queryType "top"`}},
		{"traces limit not whole", `{"limit":1.5}`,
			[]string{`limit: 1.5 is a number: use a whole number`}},
		{"negative limit", `{"queryType":"keywords","limit":-1}`,
			[]string{`limit: -1 is too small: use at least 0`}},
		{"distinct without dimension", `{"queryType":"timeseries","metric":"distinct"}`,
			[]string{`metricDimension is missing for metric "distinct": set it`}},
		{"bad interval", `{"queryType":"timeseries","interval":"5 min"}`,
			[]string{`interval: "5 min" is not accepted`}},
		{"bad filter", `{"filters":[{"dimension":"senderAddress","op":"equals","values":["a@x"]}]}`,
			[]string{`filters[0].dimension: "senderAddress" is not known: use one of "status"`, `filters[0].op: "equals" is not known: use one of "eq"`}},
		{"filter without op", `{"filters":[{"dimension":"sender","values":["a@x"]}]}`,
			[]string{`filters[0].op is missing: set it`}},
		{"filter values not strings", `{"filters":[{"dimension":"size","op":"gt","values":[10]}]}`,
			[]string{`filters[0].values[0]: 10 is a number: use a string`}},
		{"unknown stat", `{"queryType":"stats","stats":["distinctSubjects"]}`,
			[]string{`stats[0]: "distinctSubjects" is not known: use one of "count"`}},
		{"details needs both", `{"queryType":"details","traceId":" "}`,
			[]string{`recipient is missing for queryType "details": set it`, `traceId: " " is not accepted for queryType "details"`}},
		{"values without dimension", `{"queryType":"values"}`,
			[]string{`dimension is missing for queryType "values": set it`}},
		{"threats output of baseline", `{"queryType":"threats","output":"ratio"}`,
			[]string{`output: "ratio" is not known: use one of "", "messages", "confidence" for queryType "threats"`}},
		{"confidence out of range", `{"queryType":"threats","minConfidence":101}`,
			[]string{`minConfidence: 101 is too large: use at most 100`}},
		{"country not a code", `{"queryType":"geo","excludeCountries":["Japan"]}`,
			[]string{`excludeCountries[0]: "Japan" is not accepted (a two-letter ISO 3166-1 alpha-2 code such as JP)`}},
		{"unknown side", `{"queryType":"geo","side":"both"}`,
			[]string{`side: "both" is not known: use one of "from", "to"`}},
		{"profile op with values", `{"filters":[{"dimension":"fromCountry","op":"notHome","values":["JP"]}]}`,
			[]string{`filters[0].values: has 1 entries: leave it empty for op "home", "notHome", "embargoed" or "notEmbargoed"`}},
		{"profile op on sender", `{"filters":[{"dimension":"sender","op":"home"}]}`,
			[]string{`filters[0].dimension: "sender" is not known: use one of "fromCountry", "toCountry" for op "home", "notHome", "embargoed" or "notEmbargoed"`}},
		{"novelty without dimension", `{"queryType":"novelty"}`,
			[]string{`dimension is missing for queryType "novelty": set it`}},
		{"novelty on recipients", `{"queryType":"novelty","dimension":"recipient"}`,
			[]string{`dimension: "recipient" is not known: use one of "fromCountry", "senderDomain", "subjectTemplate", "fromAsn" for queryType "novelty"`}},
		{"novelty output of baseline", `{"queryType":"novelty","dimension":"fromCountry","output":"robustZ"}`,
			[]string{`output: "robustZ" is not known: use one of "", "messages", "senders" for queryType "novelty"`}},
		{"lookback beyond 90 days", `{"queryType":"novelty","dimension":"fromCountry","lookbackDays":91}`,
			[]string{`lookbackDays: 91 is too large: use at most 90`}},
		{"unknown baseline mode", `{"queryType":"baseline","baselineMode":"weekly"}`,
			[]string{`baselineMode: "weekly" is not known: use one of "trailing", "days", "hourOfWeek"`}},
		{"unknown keywords mode", `{"queryType":"keywords","mode":"trending"}`,
			[]string{`mode: "trending" is not known: use one of "count", "bursting"`}},
		{"historyDays too long", `{"queryType":"campaigns","historyDays":31}`,
			[]string{`historyDays: 31 is too large: use at most 30`}},
		{"negative minCount", `{"queryType":"baseline","minCount":-1}`,
			[]string{`minCount: -1 is too small: use at least 0`}},
		{"baseline groups by one", `{"queryType":"baseline","groupBy":["sender","status"]}`,
			[]string{`groupBy: has 2 entries: give at most 1 for queryType "baseline"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := ValidateQuery([]byte(c.query))
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("got %v, want a QueryError", err)
			}
			if len(qe.Problems) != len(c.want) {
				t.Fatalf("got %d problems %q, want %d", len(qe.Problems), qe.Problems, len(c.want))
			}
			for i, w := range c.want {
				if !strings.HasPrefix(qe.Problems[i], w) {
					t.Errorf("problem %d = %q, want it to start with %q", i, qe.Problems[i], w)
				}
			}
		})
	}
}

// TestAcceptedAsParseAccepts: values pkg/query has always accepted stay valid.
func TestAcceptedAsParseAccepts(t *testing.T) {
	for _, q := range []string{
		`{"queryType":"timeseries","interval":".5h"}`,
		`{"queryType":"timeseries","interval":"1.h"}`,
		`{"queryType":"baseline","window":" 90m "}`,
		`{"queryType":"baseline","window":"01d"}`,
		`{"queryType":"baseline","window":"1h30m","baselineMode":"days","minCount":5,"minHistory":3,"output":"robustZ"}`,
		`{"queryType":"novelty","dimension":"subjectTemplate","lookbackDays":30,"minHistory":0,"output":"senders"}`,
		`{"queryType":"keywords","mode":"bursting","historyDays":14}`,
		`{"queryType":"campaigns","historyDays":7,"output":"score"}`,
		`{"filters":[{"dimension":"toCountry","op":"embargoed"},{"dimension":"fromCountry","op":"home","values":[]}]}`,
	} {
		if err := ValidateQuery([]byte(q)); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
}

func TestNotJSON(t *testing.T) {
	err := ValidateQuery([]byte(`{"queryType":`))
	if err == nil || !strings.Contains(err.Error(), "not valid JSON") {
		t.Fatalf("got %v", err)
	}
	var qe *QueryError
	if errors.As(err, &qe) {
		t.Fatal("a syntax error is not a QueryError")
	}
}

func TestUnknownFieldsIgnored(t *testing.T) {
	q := `{"refId":"A","datasource":{"type":"x"},"intervalMs":60000,"hide":false,"queryType":"stats","somethingNew":1}`
	if err := ValidateQuery([]byte(q)); err != nil {
		t.Fatal(err)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
