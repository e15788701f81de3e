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
			return q.Window == time.Hour && q.BaselineWindows == 24 && len(q.GroupBy) == 0 &&
				q.BaselineMode == ModeTrailing && q.MinCount == 0 && q.MinHistory == 0
		}},
		{"baseline hourOfWeek: 4 weeks, 2 with data", map[string]any{"queryType": "baseline", "baselineMode": "hourOfWeek"}, func(q Query) bool {
			return q.BaselineWindows == 4 && q.MinHistory == 2
		}},
		{"baseline days: 7 days, 4 with data; minHistory 0 is kept", map[string]any{"queryType": "baseline", "baselineMode": "days", "minCount": 5}, func(q Query) bool {
			return q.BaselineWindows == 7 && q.MinHistory == 4 && q.MinCount == 5
		}},
		{"baseline explicit minHistory 0", map[string]any{"queryType": "baseline", "baselineMode": "days", "minHistory": 0}, func(q Query) bool {
			return q.MinHistory == 0
		}},
		{"novelty defaults", map[string]any{"queryType": "novelty", "dimension": "senderDomain"}, func(q Query) bool {
			return q.LookbackDays == 30 && q.MinCount == 1 && q.MinHistory == 7 && q.Limit == 100 && q.historySpan() == 30*24*time.Hour
		}},
		{"campaigns history 7 days", map[string]any{"queryType": "campaigns"}, func(q Query) bool {
			return q.HistoryDays == 7 && q.historySpan() == 7*24*time.Hour
		}},
		{"keywords count reads no history", map[string]any{"queryType": "keywords", "historyDays": 3}, func(q Query) bool {
			return q.KeywordMode == KeywordsCount && q.historySpan() == 0
		}},
		{"keywords bursting", map[string]any{"queryType": "keywords", "mode": "bursting", "historyDays": 3}, func(q Query) bool {
			return q.KeywordMode == KeywordsBursting && q.historySpan() == 3*24*time.Hour
		}},
		{"profile filter without values", map[string]any{"filters": []map[string]any{{"dimension": "fromCountry", "op": "notHome"}}}, func(q Query) bool {
			return len(q.Filters) == 1 && q.Filters[0].Op == columns.OpNotHome
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
		{"unknown type", map[string]any{"queryType": "map"}, `queryType: "map" is not known: use one of "traces", "timeseries"`},
		{"unknown dimension", map[string]any{"filters": f("colour", "eq", "red")}, `filters[0].dimension: "colour" is not known: use one of "status"`},
		{"bad country", map[string]any{"filters": f("fromCountry", "eq", "Japan")}, `filter 1 (fromCountry eq): bad country "Japan": use ISO 3166-1 alpha-2 codes`},
		{"op not valid", map[string]any{"filters": f("sender", "cidr", "10.0.0.0/8")}, `op "cidr" is not valid for sender: use one of eq, neq, in, notIn, contains, startsWith, endsWith, regex`},
		{"gt on text", map[string]any{"filters": f("subject", "gt", "a")}, `op "gt" is not valid for subject`},
		{"no values", map[string]any{"filters": f("sender", "eq")}, "give at least one value"},
		{"bad regex", map[string]any{"filters": f("subject", "regex", "(")}, `bad regex "(": error parsing regexp`},
		{"bad CIDR", map[string]any{"filters": f("fromIP", "cidr", "10.0.0.0/33")}, `bad CIDR "10.0.0.0/33"`},
		{"bad size", map[string]any{"filters": f("size", "gt", "big")}, `bad size "big": use bytes, or KB, MB, GB`},
		{"gt takes one", map[string]any{"filters": f("size", "gt", "1", "2")}, "gt takes exactly one value"},
		{"unknown status", map[string]any{"filters": f("status", "eq", "lost")}, `unknown status "lost": use one of unknown, gettingStatus`},
		{"bad interval", map[string]any{"queryType": "timeseries", "interval": "5x"}, `interval: "5x" is not accepted (timeseries bucket: empty = the panel's interval; else a duration of at least 1m such as 5m, 1h, 1d)`},
		{"short interval", map[string]any{"queryType": "timeseries", "interval": "10s"}, "use at least 1m"},
		{"limit too big", map[string]any{"queryType": "top", "groupBy": []string{"sender"}, "limit": 5000}, `limit: 5000 is too large: use at most 1000 for queryType "top"`},
		{"negative limit", map[string]any{"limit": -1}, "limit: -1 is too small: use at least 0"},
		{"unknown metric", map[string]any{"queryType": "top", "groupBy": []string{"sender"}, "metric": "avg"}, `metric: "avg" is not known: use one of "count", "sizeSum"`},
		{"distinct needs dimension", map[string]any{"queryType": "top", "groupBy": []string{"sender"}, "metric": "distinct"}, `metricDimension is missing for metric "distinct": set it`},
		{"unknown split", map[string]any{"queryType": "timeseries", "splitBy": "country"}, `splitBy: "country" is not known: use one of "status"`},
		{"series limit", map[string]any{"queryType": "timeseries", "seriesLimit": 500}, "seriesLimit: 500 is too large: use at most 100"},
		{"top without groupBy", map[string]any{"queryType": "top"}, `groupBy is missing for queryType "top": set it`},
		{"duplicate groupBy", map[string]any{"queryType": "top", "groupBy": []string{"sender", "sender"}}, "groupBy needs distinct"},
		{"pivot needs two", map[string]any{"queryType": "top", "groupBy": []string{"sender"}, "pivot": true}, "groupBy: has 1 entries: give at least 2 for pivot true"},
		{"unknown stat", map[string]any{"queryType": "stats", "stats": []string{"median"}}, `stats[0]: "median" is not known: use one of "count"`},
		{"baseline too long", map[string]any{"queryType": "baseline", "window": "7d", "baselineWindows": 20}, "more than the 90 days Microsoft keeps"},
		{"baseline output", map[string]any{"queryType": "baseline", "output": "mean"}, `output: "mean" is not known: use one of "", "current", "baselineMean"`},
		{"bad window", map[string]any{"queryType": "baseline", "window": "soon"}, `window: "soon" is not accepted`},
		{"details without id", map[string]any{"queryType": "details", "recipient": "a@b"}, `traceId is missing for queryType "details": set it`},
		{"details without both", map[string]any{"queryType": "details"}, `traceId is missing for queryType "details": set it (details: the trace's id (a traces row's id field)); recipient is missing for queryType "details": set it`},
		{"minMessages", map[string]any{"queryType": "campaigns", "minMessages": -3}, "minMessages: -3 is too small: use at least 0"},
		{"values without dimension", map[string]any{"queryType": "values"}, `dimension is missing for queryType "values": set it`},
		{"country ops", map[string]any{"filters": f("toCountry", "contains", "J")}, `op "contains" is not valid for toCountry: use one of eq, neq, in, notIn`},
		{"baselineMode", map[string]any{"queryType": "baseline", "baselineMode": "weekly"}, `baselineMode: "weekly" is not known: use one of "trailing", "days", "hourOfWeek"`},
		{"days window", map[string]any{"queryType": "baseline", "baselineMode": "days", "window": "2d"}, "window 2d is longer than the 1d step of baselineMode days"},
		{"hourOfWeek too long", map[string]any{"queryType": "baseline", "baselineMode": "hourOfWeek", "baselineWindows": 13}, "more than the 90 days"},
		{"minCount", map[string]any{"queryType": "baseline", "minCount": -1}, "minCount: -1 is too small: use at least 0"},
		{"minHistory above N", map[string]any{"queryType": "baseline", "baselineWindows": 5, "minHistory": 6}, "minHistory 6 is out of range: use 0 to 5"},
		{"baseline robust output", map[string]any{"queryType": "baseline", "output": "status"}, `"expected", "robustZ", "history" for queryType "baseline"`},
		{"novelty dimension", map[string]any{"queryType": "novelty", "dimension": "recipient"}, `dimension: "recipient" is not known: use one of "fromCountry", "senderDomain", "subjectTemplate", "fromAsn" for queryType "novelty"`},
		{"novelty lookback", map[string]any{"queryType": "novelty", "dimension": "senderDomain", "lookbackDays": 100}, "lookbackDays: 100 is too large: use at most 90"},
		{"novelty output", map[string]any{"queryType": "novelty", "dimension": "senderDomain", "output": "count"}, `output: "count" is not known: use one of "", "messages", "senders" for queryType "novelty"`},
		{"novelty minHistory", map[string]any{"queryType": "novelty", "dimension": "senderDomain", "lookbackDays": 5, "minHistory": 6}, "minHistory 6 is out of range: use 0 to 5"},
		{"keywords mode", map[string]any{"queryType": "keywords", "mode": "trending"}, `mode: "trending" is not known: use one of "count", "bursting"`},
		{"historyDays", map[string]any{"queryType": "campaigns", "historyDays": 31}, "historyDays: 31 is too large: use at most 30"},
		{"campaign output", map[string]any{"queryType": "campaigns", "output": "variety"}, `output: "variety" is not known: use one of "", "messages", "senders", "recipients", "score", "variants" for queryType "campaigns"`},
		{"profile op with values", map[string]any{"filters": f("fromCountry", "notHome", "JP")}, `filters[0].values: has 1 entries: leave it empty for op "home", "notHome", "embargoed" or "notEmbargoed"`},
		{"profile op on sender", map[string]any{"filters": []map[string]any{{"dimension": "sender", "op": "home"}}}, `filters[0].dimension: "sender" is not known: use one of "fromCountry", "toCountry" for op "home"`},
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
