package query

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/demo"
	"github.com/exotrace/messagetrace-datasource/pkg/subject"
)

// benchDays of the demo tenant hold a little over 1,000,000 traces.
const benchDays = 40

var (
	benchOnce   sync.Once
	benchLoader *demoLoader
)

// benchEngine returns a fresh engine over the benchmark tenant; the traces are
// generated once per test binary, outside every timer.
func benchEngine(b *testing.B) (*Engine, TimeRange) {
	b.Helper()
	benchOnce.Do(func() {
		var err error
		if benchLoader, err = newDemoLoader(benchDays, false); err != nil {
			b.Fatal(err)
		}
	})
	e := NewEngine(benchLoader, Options{AcceptedDomains: demo.AcceptedDomains, Now: func() time.Time { return demoAnchor }})
	return e, TimeRange{From: demoAnchor.Add(-benchDays * 24 * time.Hour), To: demoAnchor}
}

var benchQueries = []struct {
	name  string
	model map[string]any
}{
	{"traces", map[string]any{"queryType": "traces"}},
	{"traces_filtered", map[string]any{"queryType": "traces", "filters": []map[string]any{
		{"dimension": "subject", "op": "regex", "values": []string{`(?i)invoice|請求`}},
		{"dimension": "fromIP", "op": "cidr", "values": []string{"12.0.0.0/8", "133.0.0.0/8"}},
		{"dimension": "direction", "op": "eq", "values": []string{"inbound"}}}}},
	{"timeseries_status", map[string]any{"queryType": "timeseries", "interval": "1h", "splitBy": "status", "includeOther": true}},
	{"timeseries_p95_by_domain", map[string]any{"queryType": "timeseries", "interval": "1h", "metric": "sizeP95", "splitBy": "senderDomain"}},
	{"timeseries_distinct_senders", map[string]any{"queryType": "timeseries", "interval": "1d", "metric": "distinct", "metricDimension": "sender"}},
	{"stats", map[string]any{"queryType": "stats"}},
	{"top_senders", map[string]any{"queryType": "top", "groupBy": []string{"sender"}, "includeOther": true}},
	{"top_pivot_sender_status", map[string]any{"queryType": "top", "groupBy": []string{"sender", "status"}, "pivot": true}},
	{"top_sender_recipient", map[string]any{"queryType": "top", "groupBy": []string{"sender", "recipient"}}},
	{"keywords", map[string]any{"queryType": "keywords"}},
	{"campaigns", map[string]any{"queryType": "campaigns"}},
	{"baseline_senders", map[string]any{"queryType": "baseline", "groupBy": []string{"sender"}, "window": "1d", "baselineWindows": benchDays - 1}},
	{"baseline_days_senders", map[string]any{"queryType": "baseline", "groupBy": []string{"sender"}, "window": "1h", "baselineMode": "days", "baselineWindows": benchDays - 1}},
	{"baseline_hourOfWeek", map[string]any{"queryType": "baseline", "window": "1h", "baselineMode": "hourOfWeek", "baselineWindows": 5}},
	{"timeseries_distinct_ids", map[string]any{"queryType": "timeseries", "interval": "1d", "metric": "distinct", "metricDimension": "id"}},
}

// benchHistoryQueries score the last day of the benchmark tenant against the days
// before it, which they read too: 30 days for novelty (31 in all, ~850,000
// traces), 7 for campaigns and bursting keywords.
var benchHistoryQueries = []struct {
	name  string
	model map[string]any
}{
	{"novelty_senderDomain", map[string]any{"queryType": "novelty", "dimension": "senderDomain", "lookbackDays": 30}},
	{"novelty_subjectTemplate", map[string]any{"queryType": "novelty", "dimension": "subjectTemplate", "lookbackDays": 30}},
	{"campaigns_day_vs_7d", map[string]any{"queryType": "campaigns"}},
	{"keywords_bursting_day_vs_7d", map[string]any{"queryType": "keywords", "mode": "bursting"}},
}

// benchRows counts the traces the benchmark tenant holds.
func benchRows() int {
	n := 0
	for _, t := range benchLoader.tabs {
		n += t.Len()
	}
	return n
}

// BenchmarkQuery times each query type over every cached trace, with the engine's
// derived-value caches warm (the first iteration fills them), as on a dashboard.
func BenchmarkQuery(b *testing.B) {
	e, tr := benchEngine(b)
	for _, bq := range benchQueries {
		q := dq(b, bq.model)
		q.TimeRange = tr
		runOK(b, e, q) // warm
		e.warming.Wait()
		b.Run(bq.name, func(b *testing.B) {
			for b.Loop() {
				runOK(b, e, q)
			}
			b.ReportMetric(float64(benchRows()), "traces")
		})
	}
	for _, bq := range benchHistoryQueries {
		q := dq(b, bq.model)
		q.TimeRange = TimeRange{From: demoAnchor.Add(-24 * time.Hour), To: demoAnchor}
		if f := runOK(b, e, q); f.Rows() == 0 {
			b.Fatalf("%s: no rows", bq.name)
		}
		e.warming.Wait()
		b.Run(bq.name, func(b *testing.B) {
			for b.Loop() {
				runOK(b, e, q)
			}
		})
	}
	byID := dq(b, map[string]any{"queryType": "traces", "filters": []map[string]any{
		{"dimension": "id", "op": "eq", "values": []string{benchLoader.tabs[len(benchLoader.tabs)/2].Row(0).ID}}}})
	byID.TimeRange = tr
	b.Run("traces_by_id", func(b *testing.B) {
		for b.Loop() {
			if f := runOK(b, e, byID); f.Rows() == 0 {
				b.Fatal("no rows")
			}
		}
	})
	b.Run("values_sender", func(b *testing.B) {
		for b.Loop() {
			if _, err := e.Values(context.Background(), "sender", tr.From, tr.To, "", 100); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkQueryCold times the queries that derive values from subjects on a fresh
// engine: the first dashboard load after the plugin starts. Each run includes
// Close, which stops the background job the query leaves (warm.go).
func BenchmarkQueryCold(b *testing.B) {
	_, tr := benchEngine(b)
	for _, name := range []string{"top_senders", "keywords", "campaigns"} {
		for _, bq := range benchQueries {
			if bq.name != name {
				continue
			}
			q := dq(b, bq.model)
			q.TimeRange = tr
			b.Run(name, func(b *testing.B) {
				for b.Loop() {
					e, _ := benchEngine(b)
					runOK(b, e, q)
					e.Close()
				}
			})
		}
	}
}

// benchSubjects are the distinct subjects of the benchmark tenant.
func benchSubjects(b *testing.B) []string {
	benchEngine(b)
	seen := map[uint32]bool{}
	var out []string
	for _, t := range benchLoader.tabs {
		view := t.Dict.View()
		for _, id := range t.Subject {
			if !seen[id] {
				seen[id] = true
				out = append(out, view[id])
			}
		}
	}
	return out
}

// BenchmarkSubjectTemplates normalises every distinct subject of the benchmark
// tenant once, on one core: the work a cold keywords or campaigns query shares
// out over the cores.
func BenchmarkSubjectTemplates(b *testing.B) {
	subjects := benchSubjects(b)
	distinct := map[string]bool{}
	for _, s := range subjects {
		distinct[subject.Template(s)] = true
	}
	var n subject.Normalizer
	b.ResetTimer()
	for b.Loop() {
		for _, s := range subjects {
			n.Template(s)
		}
	}
	b.ReportMetric(float64(len(subjects)), "subjects")
	b.ReportMetric(float64(len(distinct)), "templates")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(subjects)), "ns/subject")
}
