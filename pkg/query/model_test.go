package query

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
)

func TestParseDefaults(t *testing.T) {
	tests := []struct {
		name  string
		model map[string]any
		check func(Query) bool
	}{
		{"empty query is traces with limit 1000", map[string]any{}, func(q Query) bool {
			return q.Type == TypeTraces && q.Limit == 1000 && q.Metric == columns.MetricCount
		}},
		{"stats default to all", map[string]any{"queryType": "stats"}, func(q Query) bool {
			return reflect.DeepEqual(q.Stats, allStats)
		}},
		{"timeseries: panel interval, 10 series", map[string]any{"queryType": "timeseries", "splitBy": "status"}, func(q Query) bool {
			return q.Interval == 0 && q.SeriesLimit == 10 && q.SplitBy == columns.DimStatus
		}},
		{"timeseries: day interval", map[string]any{"queryType": "timeseries", "interval": "1d"}, func(q Query) bool {
			return q.Interval == 24*time.Hour
		}},
		{"top limit 10", map[string]any{"queryType": "top", "groupBy": []string{"sender"}}, func(q Query) bool {
			return q.Limit == 10 && reflect.DeepEqual(q.GroupBy, []columns.Dimension{columns.DimSender})
		}},
		{"campaigns minMessages 20", map[string]any{"queryType": "campaigns"}, func(q Query) bool {
			return q.MinMessages == 20 && q.Limit == 20
		}},
		{"baseline 1h × 24", map[string]any{"queryType": "baseline"}, func(q Query) bool {
			return q.Window == time.Hour && q.BaselineWindows == 24 && len(q.GroupBy) == 0
		}},
		{"All removes a filter", map[string]any{"filters": []map[string]any{{"dimension": "sender", "op": "in", "values": []string{"$__all"}}}}, func(q Query) bool {
			return len(q.Filters) == 0
		}},
		{"enum and domain values are normalised", map[string]any{"filters": []map[string]any{
			{"dimension": "status", "op": "eq", "values": []string{"FILTEREDASSPAM"}},
			{"dimension": "senderDomain", "op": "eq", "values": []string{"*@Example.com"}},
		}}, func(q Query) bool {
			return q.Filters[0].Values[0] == "filteredAsSpam" && q.Filters[1].Values[0] == "Example.com"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := parseTest(dq(t, tt.model))
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(q) {
				t.Errorf("unexpected query %+v", q)
			}
		})
	}
}

func TestParseTakesQueryTypeFromRequestFirst(t *testing.T) {
	q := dq(t, map[string]any{"queryType": "top"})
	q.QueryType = "stats"
	if got, err := parseTest(q); err != nil || got.Type != TypeStats {
		t.Errorf("Parse = %v, %v; want the request's stats", got.Type, err)
	}
}

func TestParseErrorsSayWhatToFix(t *testing.T) {
	f := func(dim, op string, values ...string) []map[string]any {
		return []map[string]any{{"dimension": dim, "op": op, "values": values}}
	}
	tests := []struct {
		name  string
		model map[string]any
		want  string
	}{
		{"unknown type", map[string]any{"queryType": "map"}, `unknown queryType "map": use one of traces, timeseries`},
		{"unknown dimension", map[string]any{"filters": f("colour", "eq", "red")}, `filter 1 (colour eq): unknown dimension "colour"`},
		{"bad country", map[string]any{"filters": f("fromCountry", "eq", "Japan")}, `filter 1 (fromCountry eq): bad country "Japan": use ISO 3166-1 alpha-2 codes`},
		{"op not valid", map[string]any{"filters": f("sender", "cidr", "10.0.0.0/8")}, `op "cidr" is not valid for sender: use one of eq, neq, in, notIn, contains, startsWith, endsWith, regex`},
		{"gt on text", map[string]any{"filters": f("subject", "gt", "a")}, `op "gt" is not valid for subject`},
		{"no values", map[string]any{"filters": f("sender", "eq")}, "give at least one value"},
		{"bad regex", map[string]any{"filters": f("subject", "regex", "(")}, `bad regex "(": error parsing regexp`},
		{"bad CIDR", map[string]any{"filters": f("fromIP", "cidr", "10.0.0.0/33")}, `bad CIDR "10.0.0.0/33"`},
		{"bad size", map[string]any{"filters": f("size", "gt", "big")}, `bad size "big": use bytes, or KB, MB, GB`},
		{"gt takes one", map[string]any{"filters": f("size", "gt", "1", "2")}, "gt takes exactly one value"},
		{"unknown status", map[string]any{"filters": f("status", "eq", "lost")}, `unknown status "lost": use one of unknown, gettingStatus`},
		{"bad interval", map[string]any{"queryType": "timeseries", "interval": "5x"}, `bad interval "5x": use a duration such as 5m, 1h or 1d`},
		{"short interval", map[string]any{"queryType": "timeseries", "interval": "10s"}, "use at least 1m"},
		{"limit too big", map[string]any{"queryType": "top", "groupBy": []string{"sender"}, "limit": 5000}, "limit 5000 is out of range: use 1 to 1000"},
		{"negative limit", map[string]any{"limit": -1}, "limit -1 is out of range"},
		{"unknown metric", map[string]any{"queryType": "top", "groupBy": []string{"sender"}, "metric": "avg"}, `unknown metric "avg": use one of count, sizeSum`},
		{"distinct needs dimension", map[string]any{"queryType": "top", "groupBy": []string{"sender"}, "metric": "distinct"}, "metric distinct needs a metricDimension"},
		{"unknown split", map[string]any{"queryType": "timeseries", "splitBy": "country"}, `unknown splitBy dimension "country"`},
		{"series limit", map[string]any{"queryType": "timeseries", "seriesLimit": 500}, "seriesLimit 500 is out of range: use 1 to 100"},
		{"top without groupBy", map[string]any{"queryType": "top"}, "top takes 1 to 2 groupBy dimensions, got 0"},
		{"duplicate groupBy", map[string]any{"queryType": "top", "groupBy": []string{"sender", "sender"}}, "groupBy needs distinct"},
		{"pivot needs two", map[string]any{"queryType": "top", "groupBy": []string{"sender"}, "pivot": true}, "pivot needs two groupBy dimensions"},
		{"unknown stat", map[string]any{"queryType": "stats", "stats": []string{"median"}}, `unknown stat "median"`},
		{"baseline too long", map[string]any{"queryType": "baseline", "window": "7d", "baselineWindows": 20}, "more than the 90 days Microsoft keeps"},
		{"baseline output", map[string]any{"queryType": "baseline", "output": "mean"}, `unknown output "mean": use one of current, baselineMean`},
		{"bad window", map[string]any{"queryType": "baseline", "window": "soon"}, `bad window "soon"`},
		{"details without id", map[string]any{"queryType": "details", "recipient": "a@b"}, "details needs a traceId"},
		{"details without both", map[string]any{"queryType": "details"}, "details needs the traceId and the recipient"},
		{"minMessages", map[string]any{"queryType": "campaigns", "minMessages": -3}, "minMessages must be at least 1"},
		{"values without dimension", map[string]any{"queryType": "values"}, "values needs a dimension"},
		{"country ops", map[string]any{"filters": f("toCountry", "contains", "J")}, `op "contains" is not valid for toCountry: use one of eq, neq, in, notIn`},
		{"not JSON", nil, "the query is not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := dq(t, tt.model)
			if tt.model == nil {
				q.JSON = []byte("{")
			}
			_, err := parseTest(q)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
			if !IsInvalidQuery(err) { // pkg/plugin reports these as downstream bad requests
				t.Errorf("error %v is not an invalid query", err)
			}
		})
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"5m", 5 * time.Minute, true}, {"1h30m", 90 * time.Minute, true}, {"1d", 24 * time.Hour, true},
		{"2w", 14 * 24 * time.Hour, true}, {"0m", 0, false}, {"-1h", 0, false}, {"d", 0, false}, {"1.5d", 0, false},
	}
	for _, tt := range tests {
		got, err := parseDuration(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseDuration(%q) = %v, %v", tt.in, got, err)
		}
	}
}
