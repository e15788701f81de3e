package query

import (
	"net/netip"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/intel"
)

func minute(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }

// published and updated are the provider's dates of the mallory indicator.
var published, updated = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), time.Date(2026, 3, 20, 17, 30, 0, 0, time.UTC)

// enrichFeed matches enrichTraces on every side; expected numbers below are
// counted by hand from the table in enrich_fixture_test.go.
func enrichFeed(tb testing.TB) *intel.Static {
	tb.Helper()
	f, err := intel.New([]intel.Indicator{
		{Value: mallory, Kind: intel.KindEmail, Confidence: 90, Actor: "GOLD SPIDER", Labels: []string{"Malware/X", "KillChain/C2"},
			Provider: "CrowdStrike", FirstSeen: published, LastSeen: updated},
		{Value: "evil.example", Kind: intel.KindDomain, Confidence: 60},
		{Value: "trudy@sub.evil.example", Kind: intel.KindEmail, Confidence: 20},
		{Value: "77.88.0.0/16", Kind: intel.KindCIDR, Confidence: 40},
		{Value: "175.45.176.9", Kind: intel.KindIP, Confidence: 85, Provider: "MISP"},
		{Value: "gmail.example", Kind: intel.KindDomain, Confidence: 10},
		{Value: bob, Kind: intel.KindEmail, Confidence: 30},
	})
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

func TestThreatsQuery(t *testing.T) {
	inbound := []map[string]any{{"dimension": "direction", "op": "eq", "values": []string{"inbound"}}}
	tests := []struct {
		name  string
		model map[string]any
		want  map[string][]any
	}{
		{"most specific indicator per value, by confidence", map[string]any{"queryType": "threats"}, map[string][]any{
			"indicator":          {mallory, "175.45.176.9", "77.88.0.0/16", bob, bob, "trudy@sub.evil.example", "gmail.example"},
			"kind":               {"email", "ip", "cidr", "email", "email", "email", "domain"},
			"matchedOn":          {"sender", "toIP", "fromIP", "recipient", "sender", "sender", "recipientDomain"},
			"actor":              {"GOLD SPIDER", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned", "Unassigned"},
			"labels":             {"Malware/X, KillChain/C2", "", "", "", "", "", ""},
			"confidence":         {int64(90), int64(85), int64(40), int64(30), int64(30), int64(20), int64(10)},
			"messages":           {int64(1), int64(1), int64(1), int64(3), int64(1), int64(1), int64(1)}, // m3 counts once
			"firstSeen":          {minute(30), minute(50), minute(30), minute(10), minute(80), minute(70), minute(50)},
			"lastSeen":           {minute(40), minute(50), minute(40), minute(70), minute(80), minute(70), minute(50)},
			"provider":           {"CrowdStrike", "MISP", "", "", "", "", ""},
			"indicatorFirstSeen": {published, nil, nil, nil, nil, nil, nil},
			"indicatorLastSeen":  {updated, nil, nil, nil, nil, nil, nil},
		}},
		{"a confident domain stands in for a weak address", map[string]any{"queryType": "threats", "minConfidence": 50, "output": "messages"}, map[string][]any{
			"indicator": {mallory, "175.45.176.9", "evil.example"},
			"kind":      {"email", "ip", "domain"},
			"matchedOn": {"sender", "toIP", "senderDomain"},
			"actor":     {"GOLD SPIDER", "Unassigned", "Unassigned"},
			"labels":    {"Malware/X, KillChain/C2", "", ""},
			"messages":  {int64(1), int64(1), int64(1)},
		}},
		{"confidence output", map[string]any{"queryType": "threats", "minConfidence": 86, "output": "confidence"}, map[string][]any{
			"indicator": {mallory}, "kind": {"email"}, "matchedOn": {"sender"}, "actor": {"GOLD SPIDER"},
			"labels": {"Malware/X, KillChain/C2"}, "confidence": {int64(90)},
		}},
		{"filters and limit", map[string]any{"queryType": "threats", "filters": inbound, "limit": 3, "output": "messages"}, map[string][]any{
			"indicator": {mallory, "77.88.0.0/16", bob}, "kind": {"email", "cidr", "email"}, "matchedOn": {"sender", "fromIP", "recipient"},
			"actor": {"GOLD SPIDER", "Unassigned", "Unassigned"}, "labels": {"Malware/X, KillChain/C2", "", ""},
			"messages": {int64(1), int64(1), int64(2)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			frame := runOK(t, newEnrichEngine(nil, enrichFeed(t)), dq(t, tt.model))
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

func TestThreatFrames(t *testing.T) {
	e := newEnrichEngine(nil, enrichFeed(t))
	table := runOK(t, e, dq(t, map[string]any{"queryType": "threats"}))
	if table.Meta.Type != "" {
		t.Errorf("table meta type %q, want a plain table (it has time fields)", table.Meta.Type)
	}
	want := "Local filters: sender, recipient, their domains, fromIP or toIP on the threat-intel feed with confidence >= 0"
	if !strings.HasSuffix(table.Meta.ExecutedQueryString, want) {
		t.Errorf("executed query %q, want it to end in %q", table.Meta.ExecutedQueryString, want)
	}
	alert := runOK(t, e, dq(t, map[string]any{"queryType": "threats", "output": "messages"}))
	if alert.Meta.Type != data.FrameTypeNumericLong {
		t.Errorf("alert meta type %q, want numeric-long", alert.Meta.Type)
	}
	none := runOK(t, e, dq(t, map[string]any{"queryType": "threats", "minConfidence": 100, "output": "messages"}))
	if none.Rows() != 0 || len(none.Fields) != 6 {
		t.Errorf("no match: %d rows, fields %v; want an empty typed frame (no data)", none.Rows(), fieldNames(none))
	}
}

// countingFeed counts the lookups that reach the feed.
type countingFeed struct {
	intel.Feed
	addrs, ips atomic.Int64
}

func (c *countingFeed) MatchAddress(a string) []intel.Indicator {
	c.addrs.Add(1)
	return c.Feed.MatchAddress(a)
}

func (c *countingFeed) MatchIP(ip netip.Addr) []intel.Indicator {
	c.ips.Add(1)
	return c.Feed.MatchIP(ip)
}

// Each distinct address and IP reaches the feed once per engine, whatever the
// confidence asked: the cache keeps every match, each query picks from them.
func TestFeedAskedOncePerValue(t *testing.T) {
	f := &countingFeed{Feed: enrichFeed(t)}
	e := newEnrichEngine(nil, f)
	for _, m := range []map[string]any{{"queryType": "threats"}, {"queryType": "threats", "minConfidence": 50}} {
		runOK(t, e, dq(t, m))
	}
	if a, i := f.addrs.Load(), f.ips.Load(); a != 7 || i != 10 {
		t.Errorf("%d address and %d IP lookups, want 7 (distinct addresses) and 10 (distinct IPs)", a, i)
	}
}

func TestThreatsNeedFeed(t *testing.T) {
	resp := answer(newEnrichEngine(enrichTable(t), nil), dq(t, map[string]any{"queryType": "threats"}))
	want := "threats needs a threat-intel feed, and this data source has none: set one in the data source settings"
	if resp.Error == nil || resp.Error.Error() != want || !IsInvalidQuery(resp.Error) {
		t.Errorf("error = %v, want the invalid query %q", resp.Error, want)
	}
}

func TestParseThreats(t *testing.T) {
	q, err := parseTest(dq(t, map[string]any{"queryType": "threats", "minConfidence": 50}))
	if err != nil || q.MinConfidence != 50 || q.Limit != 100 || q.Output != "" {
		t.Errorf("Parse = %+v, %v", q, err)
	}
	tests := []struct {
		model map[string]any
		want  string
	}{
		{map[string]any{"queryType": "threats", "minConfidence": 101}, "minConfidence: 101 is too large: use at most 100"},
		{map[string]any{"queryType": "threats", "minConfidence": -1}, "minConfidence: -1 is too small: use at least 0"},
		{map[string]any{"queryType": "threats", "output": "ratio"}, `output: "ratio" is not known: use one of "", "messages", "confidence" for queryType "threats"`},
		{map[string]any{"queryType": "threats", "limit": 5000}, `limit: 5000 is too large: use at most 1000 for queryType "threats"`},
	}
	for _, tt := range tests {
		if _, err := parseTest(dq(t, tt.model)); err == nil || !IsInvalidQuery(err) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%v) error = %v, want %q", tt.model, err, tt.want)
		}
	}
}

// TestConcurrentEnrichment runs geo and threats queries at once on one engine, so
// the race detector sees the lazily filled country and match caches contended.
func TestConcurrentEnrichment(t *testing.T) {
	e := newEnrichEngine(enrichTable(t), enrichFeed(t))
	models := []map[string]any{
		{"queryType": "threats"}, {"queryType": "threats", "minConfidence": 50, "output": "messages"},
		{"queryType": "geo"}, {"queryType": "geo", "side": "to"}, {"queryType": "top", "groupBy": []string{"toCountry"}},
	}
	var wg sync.WaitGroup
	for range 4 {
		for _, m := range models {
			wg.Go(func() {
				if resp := answer(e, dq(t, m)); resp.Error != nil {
					t.Errorf("%v: %v", m, resp.Error)
				}
			})
		}
	}
	wg.Wait()
	if got := column(t, runOK(t, e, dq(t, map[string]any{"queryType": "threats", "output": "messages"})), "messages"); len(got) != 7 {
		t.Errorf("after the race: %d threat rows, want 7", len(got))
	}
}
