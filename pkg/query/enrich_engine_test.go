package query

import (
	"net/netip"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/asn"
	"github.com/exotrace/messagetrace-datasource/pkg/geo"
	"github.com/exotrace/messagetrace-datasource/pkg/intel"
	"github.com/exotrace/messagetrace-datasource/pkg/table"
)

// swappableFeed is a feed refreshed in place, as the live providers are: its
// answers change and its version says so.
type swappableFeed struct {
	mu      sync.Mutex
	feed    intel.Feed
	version atomic.Uint64
}

func (s *swappableFeed) current() intel.Feed {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.feed
}
func (s *swappableFeed) MatchAddress(a string) []intel.Indicator { return s.current().MatchAddress(a) }
func (s *swappableFeed) MatchIP(ip netip.Addr) []intel.Indicator { return s.current().MatchIP(ip) }
func (s *swappableFeed) Version() uint64                         { return s.version.Load() }

// swap replaces the answers; bump says whether the version changes with them.
func (s *swappableFeed) swap(f intel.Feed, bump bool) {
	s.mu.Lock()
	s.feed = f
	s.mu.Unlock()
	if bump {
		s.version.Add(1)
	}
}

func feedOf(t *testing.T, inds ...intel.Indicator) *intel.Static {
	t.Helper()
	f, err := intel.New(inds)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// A refresh that adds an indicator shows in the next threats query, though the
// store keeps its dictionary; answers cached for the old version are dropped only
// when the version changes.
func TestFeedRefreshReachesThreats(t *testing.T) {
	ip := intel.Indicator{Value: "175.45.176.9", Kind: intel.KindIP, Confidence: 85}
	bad := intel.Indicator{Value: mallory, Kind: intel.KindEmail, Confidence: 90, Provider: "CrowdStrike"}
	f := &swappableFeed{feed: feedOf(t, ip)}
	e := newEnrichEngine(nil, f)
	q := dq(t, map[string]any{"queryType": "threats"})
	indicators := func() []any { return column(t, runOK(t, e, q), "indicator") }
	if got := indicators(); !reflect.DeepEqual(got, []any{"175.45.176.9"}) {
		t.Fatalf("before the refresh: %v", got)
	}
	f.swap(feedOf(t, ip, bad), false)
	if got := indicators(); !reflect.DeepEqual(got, []any{"175.45.176.9"}) {
		t.Errorf("same version: %v, want the cached answers", got)
	}
	f.swap(feedOf(t, ip, bad), true)
	frame := runOK(t, e, q)
	if got := column(t, frame, "indicator"); !reflect.DeepEqual(got, []any{mallory, "175.45.176.9"}) {
		t.Errorf("after the refresh: %v, want mallory first", got)
	}
	if got := column(t, frame, "provider"); !reflect.DeepEqual(got, []any{"CrowdStrike", ""}) {
		t.Errorf("providers %v", got)
	}
	if n := len(e.caches); n != 1 {
		t.Errorf("%d dictionary caches, want 1: the store's dictionary was not replaced", n)
	}
}

// swappableGeo is a reloaded IP-to-country database.
type swappableGeo struct {
	mu      sync.Mutex
	r       geo.Resolver
	version atomic.Uint64
}

func (s *swappableGeo) Country(ip netip.Addr) (string, bool) {
	s.mu.Lock()
	r := s.r
	s.mu.Unlock()
	return r.Country(ip)
}
func (s *swappableGeo) Version() uint64 { return s.version.Load() }

func TestGeoReloadReachesCountries(t *testing.T) {
	g := &swappableGeo{r: geo.Func(func(string) string { return "" })}
	e := newEnrichEngine(g, nil)
	q := dq(t, map[string]any{"queryType": "geo"})
	if n := runOK(t, e, q).Rows(); n != 0 {
		t.Fatalf("empty database: %d countries", n)
	}
	g.mu.Lock()
	g.r = enrichTable(t)
	g.mu.Unlock()
	g.version.Add(1)
	frame := runOK(t, e, q)
	if got := column(t, frame, "country"); !reflect.DeepEqual(got, []any{"JP", "RU", "BR", "US"}) {
		t.Errorf("after the reload: countries %v", got)
	}
	if got := column(t, frame, "count"); !reflect.DeepEqual(got, []any{2.0, 2.0, 1.0, 1.0}) {
		t.Errorf("after the reload: counts %v", got)
	}
}

func notices(f *data.Frame) []string {
	var out []string
	for _, n := range f.Meta.Notices {
		out = append(out, n.Text)
	}
	return out
}

// Each query carries the notices of the providers it uses, and only those.
func TestProviderNotices(t *testing.T) {
	l := &fakeLoader{tabs: []*table.Table{table.FromTraces(table.NewDict(), enrichTraces())}}
	const (
		in = "Threat-intel provider CrowdStrike could not be refreshed, matching its copy of 2026-11-19 10:02 UTC: HTTP 401 Unauthorized"
		gn = "The IP-to-country database could not be loaded"
		wn = "Watchlist EDR is still loading"
	)
	e := NewEngine(l, Options{AcceptedDomains: fixtureDomains, Geo: enrichTable(t), Intel: enrichFeed(t), Net: fakeNets{}, Watchlist: fakeWatch{},
		IntelNotices: func() []string { return []string{in} }, GeoNotices: func() []string { return []string{gn} },
		WatchlistNotices: func() []string { return []string{wn} }})
	jp := []map[string]any{{"dimension": "fromCountry", "op": "eq", "values": []string{"JP"}}}
	tests := []struct {
		name  string
		model map[string]any
		want  []string
	}{
		{"threats", map[string]any{"queryType": "threats"}, []string{in}},
		{"threats of one country", map[string]any{"queryType": "threats", "filters": jp}, []string{in, gn}},
		{"geo", map[string]any{"queryType": "geo"}, []string{gn}},
		{"top by country", map[string]any{"queryType": "top", "groupBy": []string{"toCountry"}}, []string{gn}},
		{"watchlist", map[string]any{"queryType": "watchlist"}, []string{wn}},
		{"stats", map[string]any{"queryType": "stats"}, nil},
		{"timeseries", map[string]any{"queryType": "timeseries", "splitBy": "status"}, nil},
		{"top", map[string]any{"queryType": "top", "groupBy": []string{"sender"}}, nil},
		{"top by network", map[string]any{"queryType": "top", "groupBy": []string{"fromOrg"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := answer(e, dq(t, tt.model))
			if resp.Error != nil {
				t.Fatal(resp.Error)
			}
			for _, f := range resp.Frames {
				if got := notices(f); !reflect.DeepEqual(got, tt.want) {
					t.Errorf("notices %q, want %q", got, tt.want)
				}
				for _, n := range f.Meta.Notices {
					if n.Severity != data.NoticeSeverityWarning {
						t.Errorf("notice %q has severity %v, want warning", n.Text, n.Severity)
					}
				}
			}
		})
	}
}

// fakeNets places the IPs of the enrichment fixture in networks; 10.0.0.5 is
// private and has none.
type fakeNets struct{}

var fixtureNets = map[string]asn.Network{
	"133.1.1.1": {ASN: 2497, Org: "Internet Initiative Japan"}, "133.1.1.2": {ASN: 2497, Org: "Internet Initiative Japan"},
	"12.1.1.1": {ASN: 7018, Org: "AT&T Services"}, "12.2.2.2": {ASN: 7018, Org: "AT&T Services"},
	"77.88.1.1": {ASN: 13238, Org: "YANDEX LLC"}, "175.45.176.9": {ASN: 131279, Org: "Star JV"},
	"2.144.0.1": {ASN: 58224, Org: "Iran Telecommunication Company"}, "2804:14c::1": {ASN: 28573, Org: "Claro NXT"},
	"8.8.8.8": {ASN: 15169, Org: "Google LLC"},
}

func (fakeNets) Network(ip netip.Addr) (asn.Network, bool) {
	n, ok := fixtureNets[ip.String()]
	return n, ok
}

func netEngine(t *testing.T) *Engine {
	l := &fakeLoader{tabs: []*table.Table{table.FromTraces(table.NewDict(), enrichTraces())}}
	return NewEngine(l, Options{AcceptedDomains: fixtureDomains, Net: fakeNets{}})
}

func TestNetworkDimensions(t *testing.T) {
	e := netEngine(t)
	top := runOK(t, e, dq(t, map[string]any{"queryType": "top", "groupBy": []string{"fromAsn", "fromOrg"}, "limit": 10}))
	got := map[string]float64{}
	asns, orgs, counts := column(t, top, "fromAsn"), column(t, top, "fromOrg"), column(t, top, "count")
	for i := range asns {
		got[asns[i].(string)+" "+orgs[i].(string)] = counts[i].(float64)
	}
	want := map[string]float64{"2497 Internet Initiative Japan": 2, "13238 YANDEX LLC": 2, "7018 AT&T Services": 1,
		"28573 Claro NXT": 1, "15169 Google LLC": 1, " ": 1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("top fromAsn, fromOrg = %v, want %v", got, want)
	}
	filter := func(dim, op string, vals ...string) map[string]any {
		return map[string]any{"queryType": "traces", "filters": []map[string]any{{"dimension": dim, "op": op, "values": vals}}}
	}
	rows := []struct {
		name  string
		model map[string]any
		want  int
	}{
		{"asn eq with AS prefix", filter("fromAsn", "eq", "AS13238"), 2},
		{"asn in", filter("fromAsn", "in", "2497", "as7018"), 3},
		{"asn notIn keeps the unknown", filter("fromAsn", "notIn", "2497", "13238"), 4},
		{"asn gt", filter("fromAsn", "gt", "20000"), 1},
		{"asn lt skips the unknown", filter("fromAsn", "lt", "AS3000"), 2},
		{"asn contains", filter("fromAsn", "contains", "13"), 2},
		{"org contains", filter("fromOrg", "contains", "japan"), 2},
		{"toOrg in", filter("toOrg", "in", "AT&T Services"), 1},
		{"toAsn neq", filter("toAsn", "neq", "7018"), 7},
		{"toAsn eq", filter("toAsn", "eq", "131279"), 1},
	}
	for _, tt := range rows {
		t.Run(tt.name, func(t *testing.T) {
			if n := runOK(t, e, dq(t, tt.model)).Rows(); n != tt.want {
				t.Errorf("%d rows, want %d", n, tt.want)
			}
		})
	}
	vals := runOK(t, e, dq(t, map[string]any{"queryType": "values", "dimension": "toOrg"}))
	if got := column(t, vals, "value"); !reflect.DeepEqual(got, []any{"AT&T Services", "Iran Telecommunication Company", "Star JV"}) {
		t.Errorf("values of toOrg = %v", got)
	}
}

func TestNetworkErrors(t *testing.T) {
	tests := []struct {
		name  string
		e     *Engine
		model map[string]any
		want  string
	}{
		{"no database", newEnrichEngine(nil, nil), map[string]any{"queryType": "top", "groupBy": []string{"toOrg"}},
			"toOrg needs an IP-to-network (ASN) database, and this data source has none: set one in the data source settings"},
		{"bad number", netEngine(t), map[string]any{"queryType": "traces", "filters": []map[string]any{{"dimension": "fromAsn", "op": "eq", "values": []string{"Microsoft"}}}},
			`filter 1 (fromAsn eq): bad AS number "Microsoft": use a number such as 8075 or AS8075`},
		{"bad op", netEngine(t), map[string]any{"queryType": "traces", "filters": []map[string]any{{"dimension": "fromOrg", "op": "gt", "values": []string{"1"}}}},
			`op "gt" is not valid for fromOrg`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := answer(tt.e, dq(t, tt.model))
			if resp.Error == nil || !IsInvalidQuery(resp.Error) || !strings.Contains(resp.Error.Error(), tt.want) {
				t.Errorf("error = %v, want the invalid query %q", resp.Error, tt.want)
			}
		})
	}
}

// fakeWatch watches alice on one list and bob on two.
type fakeWatch struct{}

func (fakeWatch) Match(addr string) []WatchEntry {
	switch strings.ToLower(addr) {
	case alice:
		return []WatchEntry{{User: alice, Risk: 80, Reason: "Impossible travel", List: "EDR risky users"}}
	case bob:
		return []WatchEntry{{User: bob, Risk: 50, Reason: "Malware on laptop", List: "EDR risky users"}, {User: bob, Risk: 30, List: "HR leavers"}}
	}
	return nil
}

func watchEngine() *Engine {
	l := &fakeLoader{tabs: []*table.Table{table.FromTraces(table.NewDict(), enrichTraces())}}
	return NewEngine(l, Options{AcceptedDomains: fixtureDomains, Watchlist: fakeWatch{}})
}

// Counted by hand from enrichTraces: alice sends m1 (to bob), m5 (to dave,
// failed), m6 (to erin) and receives m2 and m3 (quarantined); bob receives m1,
// m3 and m7 and sends m8 to carol.
func TestWatchlistQuery(t *testing.T) {
	outbound := []map[string]any{{"dimension": "direction", "op": "eq", "values": []string{"outbound"}}}
	tests := []struct {
		name  string
		model map[string]any
		want  map[string][]any
	}{
		{"table", map[string]any{"queryType": "watchlist"}, map[string][]any{
			"user":               {alice, bob},
			"list":               {"EDR risky users", "EDR risky users, HR leavers"},
			"reason":             {"Impossible travel", "Malware on laptop"},
			"risk":               {int64(80), int64(50)},
			"sent":               {int64(3), int64(1)},
			"received":           {int64(2), int64(3)},
			"externalRecipients": {int64(2), int64(1)},
			"failed":             {int64(1), int64(0)},
			"quarantined":        {int64(1), int64(1)},
			"lastSeen":           {minute(60), minute(80)},
		}},
		{"alert output on outbound mail", map[string]any{"queryType": "watchlist", "output": "sent", "filters": outbound}, map[string][]any{
			"user": {alice, bob}, "list": {"EDR risky users", "EDR risky users, HR leavers"},
			"reason": {"Impossible travel", "Malware on laptop"}, "sent": {int64(2), int64(1)},
		}},
		{"limit", map[string]any{"queryType": "watchlist", "output": "externalRecipients", "limit": 1}, map[string][]any{
			"user": {alice}, "list": {"EDR risky users"}, "reason": {"Impossible travel"}, "externalRecipients": {int64(2)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			frame := runOK(t, watchEngine(), dq(t, tt.model))
			if len(frame.Fields) != len(tt.want) {
				t.Errorf("fields = %v, want %d fields", fieldNames(frame), len(tt.want))
			}
			for name, want := range tt.want {
				if got := column(t, frame, name); !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %v, want %v", name, got, want)
				}
			}
			if _, ok := tt.model["output"]; ok && frame.Meta.Type != data.FrameTypeNumericLong {
				t.Errorf("output frame type %q, want numeric-long", frame.Meta.Type)
			}
		})
	}
}

func TestWatchlistErrors(t *testing.T) {
	resp := answer(newEnrichEngine(nil, nil), dq(t, map[string]any{"queryType": "watchlist"}))
	want := "watchlist needs a watchlist of users, and this data source has none: set one in the data source settings"
	if resp.Error == nil || resp.Error.Error() != want || !IsInvalidQuery(resp.Error) {
		t.Errorf("error = %v, want %q", resp.Error, want)
	}
	_, err := parseTest(dq(t, map[string]any{"queryType": "watchlist", "output": "risk"}))
	if err == nil || !strings.Contains(err.Error(), `output: "risk" is not known: use one of "", "sent", "received", "externalRecipients", "failed", "quarantined" for queryType "watchlist"`) {
		t.Errorf("bad output: %v", err)
	}
}
