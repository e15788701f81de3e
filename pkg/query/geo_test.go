package query

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
)

// Expected numbers are counted by hand from enrichTraces.

func TestGeoQuery(t *testing.T) {
	tests := []struct {
		name  string
		model map[string]any
		want  map[string][]any
	}{
		{"senders' countries, unknown left out", map[string]any{"queryType": "geo"},
			map[string][]any{"country": {"JP", "RU", "BR", "US"}, "count": {2.0, 2.0, 1.0, 1.0}}},
		{"receiving servers' countries", map[string]any{"queryType": "geo", "side": "to"},
			map[string][]any{"country": {"IR", "KP", "US"}, "count": {1.0, 1.0, 1.0}}},
		{"usual countries excluded", map[string]any{"queryType": "geo", "excludeCountries": []string{"jp", "US"}},
			map[string][]any{"country": {"RU", "BR"}, "count": {2.0, 1.0}}},
		{"size metric", map[string]any{"queryType": "geo", "metric": "sizeSum"},
			map[string][]any{"country": {"JP", "RU", "BR", "US"}, "sizeSum": {6000.0, 6000.0, 4000.0, 2000.0}}},
		{"distinct recipients per country", map[string]any{"queryType": "geo", "metric": "distinct", "metricDimension": "recipient"},
			map[string][]any{"country": {"JP", "RU", "BR", "US"}, "distinct": {2.0, 2.0, 1.0, 1.0}}},
		{"filters apply first", map[string]any{"queryType": "geo", "side": "to", "filters": []map[string]any{
			{"dimension": "status", "op": "eq", "values": []string{"delivered"}}}},
			map[string][]any{"country": {"IR", "US"}, "count": {1.0, 1.0}}},
		{"top by country pair", map[string]any{"queryType": "top", "groupBy": []string{"fromCountry", "toCountry"},
			"filters": []map[string]any{{"dimension": "direction", "op": "eq", "values": []string{"outbound"}}}},
			map[string][]any{"fromCountry": {"", "", "JP"}, "toCountry": {"IR", "US", "KP"}, "count": {1.0, 1.0, 1.0}}},
		{"values of a country dimension", map[string]any{"queryType": "values", "dimension": "fromCountry"},
			map[string][]any{"value": {"JP", "RU", "BR", "US"}, "count": {int64(2), int64(2), int64(1), int64(1)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			frame := runOK(t, newEnrichEngine(enrichTable(t), nil), dq(t, tt.model))
			if len(frame.Fields) != len(tt.want) {
				t.Errorf("fields = %v, want %d fields", fieldNames(frame), len(tt.want))
			}
			for name, want := range tt.want {
				if got := column(t, frame, name); !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %v, want %v", name, got, want)
				}
			}
		})
	}
}

func TestGeoFrameIsAlertable(t *testing.T) {
	frame := runOK(t, newEnrichEngine(enrichTable(t), nil), dq(t, map[string]any{"queryType": "geo"}))
	if frame.Meta.Type != data.FrameTypeNumericLong || frame.Meta.TypeVersion != (data.FrameTypeVersion{0, 1}) {
		t.Errorf("meta = %+v, want numeric-long 0.1", frame.Meta)
	}
	want := "Local filters: fromCountry is known"
	if !strings.HasSuffix(frame.Meta.ExecutedQueryString, want) {
		t.Errorf("executed query %q, want it to end in %q", frame.Meta.ExecutedQueryString, want)
	}
}

func TestCountryFilters(t *testing.T) {
	tests := []struct {
		dim, op string
		values  []string
		want    float64
	}{
		{"fromCountry", "eq", []string{"ru"}, 2},
		{"fromCountry", "in", []string{"RU", "BR"}, 3},
		{"fromCountry", "neq", []string{"JP"}, 6}, // the two rows without a country are not JP either
		{"fromCountry", "notIn", []string{"JP", "US"}, 5},
		{"toCountry", "eq", []string{"KP"}, 1},
		{"toCountry", "in", []string{"KP", "IR"}, 2},
		{"fromCountry", "in", []string{"$__all"}, 8},
	}
	for _, tt := range tests {
		t.Run(tt.dim+" "+tt.op+" "+strings.Join(tt.values, ","), func(t *testing.T) {
			frame := runOK(t, newEnrichEngine(enrichTable(t), nil), dq(t, map[string]any{"queryType": "stats", "stats": []string{"count"},
				"filters": []map[string]any{{"dimension": tt.dim, "op": tt.op, "values": tt.values}}}))
			if got := column(t, frame, "count")[0]; got != tt.want {
				t.Errorf("count = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCountrySplit(t *testing.T) {
	frame := runOK(t, newEnrichEngine(enrichTable(t), nil), dq(t, map[string]any{"queryType": "timeseries", "interval": "1h",
		"splitBy": "toCountry", "filters": []map[string]any{{"dimension": "toCountry", "op": "neq", "values": []string{"US"}}}}))
	want := map[string][]any{"": {4.0, 1.0, 0.0}, "KP": {1.0, 0.0, 0.0}, "IR": {0.0, 1.0, 0.0}}
	for name, vals := range want {
		if got := column(t, frame, name); !reflect.DeepEqual(got, vals) {
			t.Errorf("series %q = %v, want %v", name, got, vals)
		}
	}
}

// Each distinct address reaches the resolver once per engine: later queries read
// the per-dictionary-id cache.
func TestCountriesResolvedOncePerAddress(t *testing.T) {
	r := &countingResolver{Resolver: enrichTable(t)}
	e := newEnrichEngine(r, nil)
	for _, m := range []map[string]any{{"queryType": "geo"}, {"queryType": "geo"}, {"queryType": "top", "groupBy": []string{"fromCountry"}}} {
		runOK(t, e, dq(t, m))
	}
	if got := r.calls.Load(); got != 7 {
		t.Errorf("%d lookups, want 7 (one per distinct fromIP)", got)
	}
}

func TestGeoNeedsResolver(t *testing.T) {
	f := func(dim string) []map[string]any {
		return []map[string]any{{"dimension": dim, "op": "eq", "values": []string{"JP"}}}
	}
	tests := []struct {
		name  string
		model map[string]any
		want  string
	}{
		{"geo", map[string]any{"queryType": "geo"}, "geo needs an IP-to-country database, and this data source has none: set one in the data source settings"},
		{"filter", map[string]any{"queryType": "stats", "filters": f("toCountry")}, "toCountry needs an IP-to-country database"},
		{"groupBy", map[string]any{"queryType": "top", "groupBy": []string{"sender", "fromCountry"}}, "fromCountry needs an IP-to-country database"},
		{"splitBy", map[string]any{"queryType": "timeseries", "splitBy": "fromCountry"}, "fromCountry needs"},
		{"distinct", map[string]any{"queryType": "stats", "metric": "distinct", "metricDimension": "toCountry"}, "toCountry needs"},
		{"values", map[string]any{"queryType": "values", "dimension": "fromCountry"}, "fromCountry needs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := answer(newEnrichEngine(nil, nil), dq(t, tt.model))
			if resp.Error == nil || !strings.Contains(resp.Error.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", resp.Error, tt.want)
			}
			if !IsInvalidQuery(resp.Error) { // a bad request from downstream: pkg/plugin's TestRunReportsErrorsPerQuery
				t.Errorf("error %v, want an invalid query", resp.Error)
			}
		})
	}
	if _, err := newEnrichEngine(nil, nil).Values(context.Background(), "toCountry", t0, hour(3), "", 0); err == nil || !IsInvalidQuery(err) {
		t.Errorf("Values(toCountry) without a resolver: %v, want a validation error", err)
	}
}

func TestParseGeo(t *testing.T) {
	q, err := parseTest(dq(t, map[string]any{"queryType": "geo", "side": "TO", "excludeCountries": []string{" jp", "us"}}))
	if err != nil || q.Side != SideTo || !reflect.DeepEqual(q.ExcludeCountries, []string{"JP", "US"}) || q.Metric != columns.MetricCount {
		t.Errorf("Parse = %+v, %v", q, err)
	}
	if q, _ := parseTest(dq(t, map[string]any{"queryType": "geo"})); q.Side != SideFrom {
		t.Errorf("default side = %q, want from", q.Side)
	}
	tests := []struct {
		model map[string]any
		want  string
	}{
		{map[string]any{"queryType": "geo", "side": "both"}, `side: "both" is not known: use one of "from", "to"`},
		{map[string]any{"queryType": "geo", "excludeCountries": []string{"JP", "Japan"}}, `excludeCountries[1]: "Japan" is not accepted (a two-letter ISO 3166-1 alpha-2 code such as JP)`},
		{map[string]any{"queryType": "geo", "metric": "sum"}, `metric: "sum" is not known: use one of "count"`},
		{map[string]any{"filters": []map[string]any{{"dimension": "toCountry", "op": "in", "values": []string{"KP", "ZZ"}}}}, `filter 1 (toCountry in): bad country "ZZ"`},
		{map[string]any{"filters": []map[string]any{{"dimension": "fromCountry", "op": "regex", "values": []string{"J."}}}}, `op "regex" is not valid for fromCountry`},
	}
	for _, tt := range tests {
		if _, err := parseTest(dq(t, tt.model)); err == nil || !IsInvalidQuery(err) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%v) error = %v, want %q", tt.model, err, tt.want)
		}
	}
}
