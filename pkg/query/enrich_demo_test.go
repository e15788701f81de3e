package query

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental"

	"github.com/exotrace/messagetrace-datasource/pkg/demo"
	"github.com/exotrace/messagetrace-datasource/pkg/geo"
	"github.com/exotrace/messagetrace-datasource/pkg/intel"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Golden frames of geo and threats on the demo tenant, with the numbers of
// docs/demo-tenant.md asserted exactly and re-counted from the generated traces.

// demoFeed is the demo tenant's intel feed as the plugin builds it.
func demoFeed(tb testing.TB) *intel.Static {
	tb.Helper()
	var inds []intel.Indicator
	for _, e := range demo.IntelFeed() {
		inds = append(inds, intel.Indicator{Value: e.Indicator, Kind: intel.Kind(e.Kind), Confidence: e.Confidence, Actor: e.Actor, Labels: e.Labels})
	}
	f, err := intel.New(inds)
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

func newEnrichedDemoEngine(tb testing.TB) *Engine {
	return NewEngine(loadDemo(tb), Options{AcceptedDomains: demo.AcceptedDomains, Now: func() time.Time { return demoAnchor },
		Geo: geo.Func(demo.GeoIP), Intel: demoFeed(tb)})
}

// quietDay is the 24 hours a week before the anchor: baseline only.
func quietDay() (from, to time.Time) {
	week := 7 * 24 * time.Hour
	return demoAnchor.Add(-24*time.Hour - week), demoAnchor.Add(-week)
}

func TestGoldenEnrichedDemo(t *testing.T) {
	in5, in6 := demoIncident(t, 5), demoIncident(t, 6)
	day := demoAnchor.Add(-24 * time.Hour)
	quietFrom, quietTo := quietDay()
	usual := make([]any, len(demo.UsualCountries))
	for i, c := range demo.UsualCountries {
		usual[i] = c
	}
	wantModelValue(t, "geo_incident6_unusual_to", usual, "excludeCountries")
	wantModelValue(t, "geo_quiet_week_unusual_from", usual, "excludeCountries")
	cases := []goldenCase{
		{"geo_incident6_from", in6.Start, in6.End,
			checkGeo(in6.Start, in6.End, false, map[string]float64{"BR": 16, "NG": 14, "VN": 12, "RU": 6})},
		{"geo_incident6_unusual_to", in6.Start, in6.End, checkGeoExact([]any{"IR", "KP"}, []any{6.0, 6.0})},
		{"geo_quiet_week_unusual_from", quietFrom, quietTo, checkNoRows},
		{"threats_24h", day, demoAnchor, checkThreats24h(in5)},
		{"threats_alert_24h", day, demoAnchor, checkThreatAlert},
		{"threats_quiet_week", quietFrom, quietTo, checkNoRows},
	}
	e := newEnrichedDemoEngine(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := dq(t, goldenModel(t, c.name))
			q.TimeRange = TimeRange{From: c.from, To: c.to}
			resp := answer(e, q)
			if resp.Error != nil {
				t.Fatal(resp.Error)
			}
			experimental.CheckGoldenJSONResponse(t, "testdata", c.name, &backend.DataResponse{Frames: resp.Frames}, *update)
			c.check(t, loadDemo(t), resp.Frames[0])
		})
	}
}

// checkGeo compares every country with a count straight from the traces, and the
// countries outside the usual ones with docs/demo-tenant.md.
func checkGeo(from, to time.Time, toIP bool, unusual map[string]float64) func(*testing.T, *demoLoader, *data.Frame) {
	return func(t *testing.T, l *demoLoader, f *data.Frame) {
		got := map[string]float64{}
		for i, c := range column(t, f, "country") {
			got[c.(string)] = column(t, f, "count")[i].(float64)
		}
		for c, n := range got {
			want := l.count(from, to, func(tr trace.Trace) bool { return demo.GeoIP(ipOf(tr, toIP)) == c })
			if n != float64(want) {
				t.Errorf("%s = %v, want %d", c, n, want)
			}
			if !slices.Contains(demo.UsualCountries, c) && n != unusual[c] {
				t.Errorf("unusual %s = %v, want %v", c, n, unusual[c])
			}
		}
		for c := range unusual {
			if _, ok := got[c]; !ok {
				t.Errorf("no row for %s", c)
			}
		}
	}
}

func ipOf(tr trace.Trace, toIP bool) string {
	if toIP {
		return tr.ToIP
	}
	return tr.FromIP
}

func checkGeoExact(countries, counts []any) func(*testing.T, *demoLoader, *data.Frame) {
	return func(t *testing.T, _ *demoLoader, f *data.Frame) {
		if c, n := column(t, f, "country"), column(t, f, "count"); !reflect.DeepEqual(c, countries) || !reflect.DeepEqual(n, counts) {
			t.Errorf("rows = %v %v, want %v %v", c, n, countries, counts)
		}
		if f.Meta.Type != data.FrameTypeNumericLong {
			t.Errorf("meta type %q, want numeric-long", f.Meta.Type)
		}
	}
}

// checkNoRows: the quiet baseline stays inside the usual countries and matches
// no indicator of confidence 50 or more, so an alert rule sees no data.
func checkNoRows(t *testing.T, _ *demoLoader, f *data.Frame) {
	if f.Rows() != 0 {
		t.Errorf("%d rows on the quiet baseline, want none", f.Rows())
	}
}

func checkThreats24h(in5 demo.Incident) func(*testing.T, *demoLoader, *data.Frame) {
	return func(t *testing.T, l *demoLoader, f *data.Frame) {
		// Incident 5: 42 messages from urch@elchino-millions.site (confidence 95).
		want := []any{in5.Actors[0], "email", "sender", "MILLION SPIDER",
			"KillChain/C2, Malware/AgentTesla, ThreatType/CredentialHarvesting", int64(95), int64(42)}
		var got []any
		for _, name := range []string{"indicator", "kind", "matchedOn", "actor", "labels", "confidence", "messages"} {
			got = append(got, column(t, f, name)[0])
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("first row = %v, want %v", got, want)
		}
		first, last := column(t, f, "firstSeen")[0].(time.Time), column(t, f, "lastSeen")[0].(time.Time)
		if first.Before(in5.Start) || !last.Before(in5.End) {
			t.Errorf("seen %v – %v, outside the incident %v – %v", first, last, in5.Start, in5.End)
		}
		// Incident 6: three of its IPs are on the feed; count their messages here.
		day := demoAnchor.Add(-24 * time.Hour)
		for i, ind := range column(t, f, "indicator")[1:] {
			side := column(t, f, "matchedOn")[i+1].(string)
			want := l.messages(day, demoAnchor, func(tr trace.Trace) bool { return ipOf(tr, side == "toIP") == ind })
			if got := column(t, f, "messages")[i+1]; got != int64(want) || want == 0 {
				t.Errorf("%s on %s: %v messages, want %d", ind, side, got, want)
			}
		}
		if f.Rows() != 4 {
			t.Errorf("%d rows, want 4: the sender and three incident-6 IPs", f.Rows())
		}
	}
}

func checkThreatAlert(t *testing.T, _ *demoLoader, f *data.Frame) {
	want := []string{"indicator", "kind", "matchedOn", "actor", "labels", "messages"}
	if got := fieldNames(f); !slices.Equal(got, want) || f.Meta.Type != data.FrameTypeNumericLong {
		t.Errorf("fields %v (%s), want %v numeric-long", got, f.Meta.Type, want)
	}
	if got := column(t, f, "messages"); !reflect.DeepEqual(got, []any{int64(42), int64(6), int64(2), int64(7)}) {
		t.Errorf("messages = %v, want 42, 6, 2, 7 (by confidence 95, 85, 80, 70)", got)
	}
}

// messages counts the distinct messages in [from, to) with a matching trace.
func (l *demoLoader) messages(from, to time.Time, match func(trace.Trace) bool) int {
	seen := map[string]bool{}
	for _, tr := range l.traces {
		if !tr.Received.Before(from) && tr.Received.Before(to) && match(tr) {
			seen[tr.MessageID] = true
		}
	}
	return len(seen)
}

// TestUnusualGeographyOnDemo pins the incident-6 signal of docs/demo-tenant.md
// (60 traces from or to countries outside JP/US/CN/DE) through country filters,
// and the quiet week on both sides.
func TestUnusualGeographyOnDemo(t *testing.T) {
	e := newEnrichedDemoEngine(t)
	count := func(from, to time.Time, dim string, countries []string) float64 {
		q := dq(t, map[string]any{"queryType": "stats", "stats": []string{"count"},
			"filters": []map[string]any{{"dimension": dim, "op": "in", "values": countries}}})
		q.TimeRange = TimeRange{From: from, To: to}
		return column(t, runOK(t, e, q), "count")[0].(float64)
	}
	day := demoAnchor.Add(-24 * time.Hour)
	if in, out := count(day, demoAnchor, "fromCountry", []string{"RU", "BR", "NG", "VN"}), count(day, demoAnchor, "toCountry", []string{"kp", "ir"}); in != 48 || out != 12 {
		t.Errorf("last 24 h: %v inbound + %v outbound, want 48 + 12 = 60", in, out)
	}
	quietFrom, quietTo := quietDay()
	for _, side := range []string{"from", "to"} {
		q := dq(t, map[string]any{"queryType": "geo", "side": side, "excludeCountries": demo.UsualCountries})
		q.TimeRange = TimeRange{From: quietFrom, To: quietTo}
		if f := runOK(t, e, q); f.Rows() != 0 {
			t.Errorf("quiet week, side %s: %d unusual countries, want none", side, f.Rows())
		}
	}
}
