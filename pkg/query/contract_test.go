package query

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
	"github.com/exotrace/messagetrace-datasource/pkg/kinds"
)

// schemaNode is the part of the JSON Schema the agreement tests read.
type schemaNode struct {
	Properties map[string]json.RawMessage `json:"properties"`
	Enum       []string                   `json:"enum"`
	Maximum    *int                       `json:"maximum"`
	MaxItems   *int                       `json:"maxItems"`
	Ref        string                     `json:"$ref"`
	Required   []string                   `json:"required"`
	AllOf      []struct {
		If   schemaNode `json:"if"`
		Then schemaNode `json:"then"`
	} `json:"allOf"`
	Defs map[string]schemaNode `json:"$defs"`
}

func (n schemaNode) prop(t *testing.T, name string) schemaNode {
	t.Helper()
	var p schemaNode
	if err := json.Unmarshal(n.Properties[name], &p); err != nil {
		t.Fatalf("property %s: %v", name, err)
	}
	return p
}

func querySchema(t *testing.T) schemaNode {
	t.Helper()
	var s schemaNode
	if err := json.Unmarshal(kinds.QuerySchema(), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func jsonTags(v any) []string {
	var out []string
	rt := reflect.TypeOf(v)
	for i := range rt.NumField() {
		out = append(out, strings.Split(rt.Field(i).Tag.Get("json"), ",")[0])
	}
	return out
}

func sameSet[T ~string](t *testing.T, what string, schema []string, goSide []T) {
	t.Helper()
	g := make([]string, len(goSide))
	for i, v := range goSide {
		g[i] = string(v)
	}
	s := slices.Clone(schema)
	slices.Sort(s)
	slices.Sort(g)
	if !slices.Equal(s, g) {
		t.Errorf("%s: schema %v, pkg/query %v", what, s, g)
	}
}

// browserOnly are schema properties the backend ignores by design.
var browserOnly = []string{"alias"}

// TestContractAgrees: the JSON Parse reads is the JSON the schema describes,
// field for field and value for value.
func TestContractAgrees(t *testing.T) {
	s := querySchema(t)
	var props []string
	for p := range s.Properties {
		if !slices.Contains(browserOnly, p) {
			props = append(props, p)
		}
	}
	sameSet(t, "query fields", props, jsonTags(wireQuery{}))
	var filterProps []string
	for p := range s.Defs["Filter"].Properties {
		filterProps = append(filterProps, p)
	}
	sameSet(t, "filter fields", filterProps, jsonTags(columns.Filter{}))

	var allOps []columns.Op
	var profileDims []string
	for d, ops := range columns.Operators() {
		for _, op := range ops {
			if !slices.Contains(allOps, columns.Op(op)) {
				allOps = append(allOps, columns.Op(op))
			}
		}
		if slices.Contains(ops, string(columns.OpHome)) {
			profileDims = append(profileDims, d)
		}
	}
	withEmpty := func(xs []string) []string { return append([]string{""}, xs...) }
	enums := []struct {
		def  string
		goes []string
	}{
		{"QueryType", names(queryTypes)},
		{"Metric", names(columns.Metrics)},
		{"Stat", names(allStats)},
		{"Dimension", columns.Dimensions()},
		{"FilterDimension", append(columns.Dimensions(), string(columns.DimSize))},
		{"Operator", names(allOps)},
		{"GeoSide", names([]Side{SideFrom, SideTo})},
		{"BaselineMode", names(baselineModes)},
		{"KeywordMode", names(keywordModes)},
		{"NoveltyDimension", names(noveltyDimensions)},
		{"ThreatOutput", withEmpty(threatOutputs)},
		{"CampaignOutput", withEmpty(campaignOutputs)},
		{"BaselineOutput", withEmpty(baselineColumns)},
		{"NoveltyOutput", withEmpty(noveltyOutputs)},
		{"WatchlistOutput", withEmpty(watchOutputs)},
		{"QueryOutput", withEmpty(slices.Compact(slices.Sorted(slices.Values(slices.Concat(threatOutputs, campaignOutputs, baselineColumns, noveltyOutputs, watchOutputs)))))},
	}
	for _, e := range enums {
		def, ok := s.Defs[e.def]
		if !ok {
			t.Errorf("schema has no $defs/%s", e.def)
			continue
		}
		sameSet(t, e.def, def.Enum, e.goes)
	}

	// The filter branch for operators without values names exactly the profile ops,
	// on exactly the dimensions that take them.
	branch := s.Defs["Filter"].AllOf
	if len(branch) != 1 {
		t.Fatalf("Filter has %d allOf branches, want 1 (profile operators)", len(branch))
	}
	sameSet(t, "profile operators", branch[0].If.prop(t, "op").Enum, columns.ProfileOps)
	sameSet(t, "profile operator dimensions", branch[0].Then.prop(t, "dimension").Enum, profileDims)
	if m := branch[0].Then.prop(t, "values").MaxItems; m == nil || *m != 0 {
		t.Errorf("profile operators: values maxItems = %v, want 0", m)
	}
}

// TestContractLimits: the schema's per-type limit maximum is Parse's.
func TestContractLimits(t *testing.T) {
	s := querySchema(t)
	got := map[QueryType]int{}
	for _, b := range s.AllOf {
		var c struct {
			Const string `json:"const"`
		}
		if raw, ok := b.If.Properties["queryType"]; ok {
			_ = json.Unmarshal(raw, &c)
		}
		if _, ok := b.Then.Properties["limit"]; ok {
			lim := b.Then.prop(t, "limit")
			typ := cmpOr(c.Const, string(TypeTraces)) // the branch without a const is "missing or traces"
			got[QueryType(typ)] = *lim.Maximum
		}
	}
	for typ, bounds := range limits {
		if got[typ] != bounds[1] {
			t.Errorf("%s: schema limit maximum %d, Parse %d", typ, got[typ], bounds[1])
		}
	}
	if len(got) != len(limits) {
		t.Errorf("schema bounds limit for %v, Parse for %v", got, limits)
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func names[T ~string](vals []T) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = string(v)
	}
	return out
}

// TestContractKeepsWhatParseAccepted: saved queries that Parse has always read
// loosely still parse with the contract checked first.
func TestContractKeepsWhatParseAccepted(t *testing.T) {
	tests := []struct {
		name  string
		raw   string
		check func(Query) bool
	}{
		{"empty body", ``, func(q Query) bool { return q.Type == TypeTraces }},
		{"null body", `null`, func(q Query) bool { return q.Type == TypeTraces }},
		{"empty enum fields", `{"queryType":"","metric":"","splitBy":"","metricDimension":"","dimension":"","side":"","baselineMode":"","mode":""}`,
			func(q Query) bool { return q.Type == TypeTraces && q.Metric == columns.MetricCount }},
		{"nulls", `{"queryType":"top","groupBy":["sender"],"filters":null,"limit":null,"minCount":null,"output":null}`,
			func(q Query) bool { return q.Type == TypeTop && q.Limit == 10 && q.Filters == nil }},
		{"upper-case padded side", `{"queryType":"geo","side":" TO "}`, func(q Query) bool { return q.Side == SideTo }},
		{"padded lower-case countries", `{"queryType":"geo","excludeCountries":[" jp","Us "]}`,
			func(q Query) bool { return slices.Equal(q.ExcludeCountries, []string{"JP", "US"}) }},
		{"fractional hours", `{"queryType":"timeseries","interval":".5h"}`, func(q Query) bool { return q.Interval == 30*60e9 }},
		{"padded window", `{"queryType":"baseline","window":" 2h "}`, func(q Query) bool { return q.Window == 2*3600e9 }},
		{"request type wins", `{"queryType":"top"}`, func(q Query) bool { return q.Type == TypeStats }},
		{"profile op, empty values", `{"filters":[{"dimension":"fromCountry","op":"notHome","values":[]}]}`,
			func(q Query) bool { return len(q.Filters) == 1 && q.Filters[0].Op == columns.OpNotHome }},
		{"filter values null", `{"filters":[{"dimension":"toCountry","op":"embargoed","values":null}]}`,
			func(q Query) bool { return len(q.Filters) == 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := Envelope{RefID: "A"}
			if tt.name == "request type wins" {
				env.QueryType = string(TypeStats)
			}
			q, err := Parse([]byte(tt.raw), TimeRange{From: t0, To: t0.Add(3 * 3600e9)}, env)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(q) {
				t.Errorf("parsed %+v", q)
			}
		})
	}
}

// TestContractUsesRequestType: the request's query type picks the schema's
// branch, so a top query sent as such needs its groupBy.
func TestContractUsesRequestType(t *testing.T) {
	_, err := Parse([]byte(`{"queryType":"traces"}`), TimeRange{From: t0, To: t0}, Envelope{QueryType: string(TypeTop)})
	if want := `groupBy is missing for queryType "top": set it`; err == nil || !IsInvalidQuery(err) || !strings.Contains(err.Error(), want) {
		t.Fatalf("error = %v, want an invalid query containing %q", err, want)
	}
}
