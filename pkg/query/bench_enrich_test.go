package query

import (
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/demo"
	"github.com/exotrace/messagetrace-datasource/pkg/geo"
)

// benchEnrichedEngine is benchEngine with the demo's geo map and intel feed.
func benchEnrichedEngine(b *testing.B) (*Engine, TimeRange) {
	b.Helper()
	_, tr := benchEngine(b)
	return NewEngine(benchLoader, Options{AcceptedDomains: demo.AcceptedDomains, Now: func() time.Time { return demoAnchor },
		Geo: geo.Func(demo.GeoIP), Intel: demoFeed(b)}), tr
}

var enrichQueries = []struct {
	name  string
	model map[string]any
}{
	{"geo_from", map[string]any{"queryType": "geo"}},
	{"geo_to_unusual", map[string]any{"queryType": "geo", "side": "to", "excludeCountries": demo.UsualCountries}},
	{"top_country_pair", map[string]any{"queryType": "top", "groupBy": []string{"fromCountry", "toCountry"}}},
	{"threats", map[string]any{"queryType": "threats"}},
	{"threats_alert", map[string]any{"queryType": "threats", "minConfidence": 50, "output": "messages"}},
}

// BenchmarkEnrich times geo and threats over every trace of the benchmark
// tenant with warm caches, as BenchmarkQuery does.
func BenchmarkEnrich(b *testing.B) {
	e, tr := benchEnrichedEngine(b)
	for _, bq := range enrichQueries {
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
}

// BenchmarkEnrichCold times the first geo and threats query on a new engine,
// which resolves every distinct IP and address once.
func BenchmarkEnrichCold(b *testing.B) {
	for _, bq := range []struct {
		name  string
		model map[string]any
	}{enrichQueries[0], enrichQueries[3]} {
		b.Run(bq.name, func(b *testing.B) {
			for b.Loop() {
				e, tr := benchEnrichedEngine(b)
				q := dq(b, bq.model)
				q.TimeRange = tr
				runOK(b, e, q)
				e.Close()
			}
		})
	}
}
