package query

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Expected numbers below are counted by hand from fixtureTraces.

const (
	alice   = "alice@example.co.jp"
	bob     = "bob@example.com"
	carol   = "carol@partner.example"
	mallory = "mallory@evil.example"
	trudy   = "trudy@evil.example"
)

func hour(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }

func TestQueryTypesOnFixture(t *testing.T) {
	tests := []struct {
		name  string
		model map[string]any
		want  map[string][]any // field name → values
	}{
		{
			name:  "stats",
			model: map[string]any{"queryType": "stats"},
			want: map[string][]any{
				"count": {10.0}, "sizeSum": {32_676_000.0}, "sizeAvg": {3_267_600.0}, "sizeMax": {15_000_000.0},
				"distinctSenders": {5.0}, "distinctRecipients": {5.0},
				"distinctSenderDomains": {4.0}, "distinctRecipientDomains": {4.0},
			},
		},
		{
			name:  "timeseries split by status, top 2 and other",
			model: map[string]any{"queryType": "timeseries", "interval": "1h", "splitBy": "status", "seriesLimit": 2, "includeOther": true},
			want: map[string][]any{
				"time":      {hour(0), hour(1), hour(2)},
				"delivered": {3.0, 1.0, 1.0},
				"failed":    {0.0, 1.0, 1.0},
				"other":     {3.0, 0.0, 0.0},
			},
		},
		{
			name:  "timeseries sizeMax without split",
			model: map[string]any{"queryType": "timeseries", "interval": "1h", "metric": "sizeMax"},
			want: map[string][]any{
				"time": {hour(0), hour(1), hour(2)}, "sizeMax": {5_000_000.0, 12_000_000.0, 15_000_000.0},
			},
		},
		{
			name:  "timeseries sizeAvg is null in an empty bucket",
			model: map[string]any{"queryType": "timeseries", "interval": "1h", "metric": "sizeAvg", "filters": []map[string]any{{"dimension": "direction", "op": "eq", "values": []string{"inbound"}}}},
			want: map[string][]any{
				"time": {hour(0), hour(1), hour(2)}, "sizeAvg": {1_405_000.0, nil, nil},
			},
		},
		{
			name:  "top senders",
			model: map[string]any{"queryType": "top", "groupBy": []string{"sender"}, "limit": 3, "includeOther": true},
			want: map[string][]any{
				"sender": {alice, bob, mallory, "other"},
				"count":  {4.0, 2.0, 2.0, 2.0},
			},
		},
		{
			name:  "top sender and status",
			model: map[string]any{"queryType": "top", "groupBy": []string{"sender", "status"}, "limit": 3},
			want: map[string][]any{
				"sender": {alice, alice, bob},
				"status": {"delivered", "failed", "delivered"},
				"count":  {2.0, 2.0, 2.0},
			},
		},
		{
			name:  "top direction by sizeAvg",
			model: map[string]any{"queryType": "top", "groupBy": []string{"direction"}, "metric": "sizeAvg"},
			want: map[string][]any{
				"direction": {"outbound", "inbound", "internal"},
				"sizeAvg":   {6_763_250.0, 1_405_000.0, 1_500.0},
			},
		},
		{
			name:  "top sender domains by distinct recipients",
			model: map[string]any{"queryType": "top", "groupBy": []string{"senderDomain"}, "metric": "distinct", "metricDimension": "recipient"},
			want: map[string][]any{
				"senderDomain": {"example.co.jp", "evil.example", "example.com", "partner.example"},
				"distinct":     {4.0, 2.0, 2.0, 1.0},
			},
		},
		{
			name:  "top size buckets",
			model: map[string]any{"queryType": "top", "groupBy": []string{"sizeBucket"}},
			want: map[string][]any{
				"sizeBucket": {"<10KB", "100KB-1MB", "10KB-100KB", ">=10MB", "1MB-10MB"}, // ties by name
				"count":      {3.0, 2.0, 2.0, 2.0, 1.0},
			},
		},
		{
			name:  "pivot sender by status with other row",
			model: map[string]any{"queryType": "top", "groupBy": []string{"sender", "status"}, "pivot": true, "limit": 3, "includeOther": true},
			want: map[string][]any{
				"Rank":           {int64(1), int64(2), int64(3), nil},
				"sender":         {alice, bob, mallory, "other"},
				"delivered":      {2.0, 2.0, 0.0, 1.0},
				"failed":         {2.0, 0.0, 0.0, 0.0},
				"quarantined":    {0.0, 0.0, 2.0, 0.0},
				"filteredAsSpam": {0.0, 0.0, 0.0, 1.0},
				"Total":          {4.0, 2.0, 2.0, 2.0},
			},
		},
		{
			name:  "keywords count once per message",
			model: map[string]any{"queryType": "keywords", "limit": 9},
			want: map[string][]any{
				"keyword": {"alpha", "invoice", "project", "report", "weekly", "資料", "送付", "acme", "corp"},
				"count":   {int64(2), int64(2), int64(2), int64(2), int64(2), int64(2), int64(2), int64(1), int64(1)},
			},
		},
		{
			// "project alpha" and "weekly report <date>" have two senders too, but only
			// one external one: internal mail is not a campaign.
			name:  "campaigns group name variants of external mail",
			model: map[string]any{"queryType": "campaigns", "minMessages": 2},
			want: map[string][]any{
				"template":   {"invoice <num> from <*>"},
				"messages":   {int64(2)},
				"senders":    {int64(2)},
				"recipients": {int64(2)},
				"firstSeen":  {t0.Add(10 * time.Minute)},
				"lastSeen":   {t0.Add(20 * time.Minute)},
				"example":    {"Invoice #456 from Globex Ltd"},
				"variants":   {"invoice <num> from <*>"},
				// nothing in the week before: 2 messages / (1 + 0) × (1 − 0)
				"usualDaily": {0.0}, "daysSeen": {int64(0)}, "score": {2.0},
			},
		},
		{
			name:  "baseline for the tenant",
			model: map[string]any{"queryType": "baseline", "window": "1h", "baselineWindows": 2},
			want: map[string][]any{
				"current": {2.0}, "baselineMean": {4.0}, "baselineStdDev": {2.0}, "ratio": {0.5}, "zScore": {-1.0},
				// median 4, MAD 2: the scale is 2 × 1.4826 (above √4 and 1)
				"expected": {4.0}, "robustZ": {-2.0 / (2 * 1.4826)}, "history": {2.0}, "status": {"ok"},
			},
		},
		{
			name:  "baseline per direction",
			model: map[string]any{"queryType": "baseline", "window": "1h", "baselineWindows": 2, "groupBy": []string{"direction"}},
			want: map[string][]any{
				"direction": {"outbound"},
				"current":   {2.0}, "baselineMean": {1.0}, "baselineStdDev": {0.0}, "ratio": {2.0}, "zScore": {1.0},
				// a flat history (MAD 0) scales by the floor of 1, not by zero
				"expected": {1.0}, "robustZ": {1.0}, "history": {2.0}, "status": {"ok"},
			},
		},
		{
			name:  "values of a dimension, most frequent first",
			model: map[string]any{"queryType": "values", "dimension": "senderDomain", "prefix": "EX"},
			want:  map[string][]any{"value": {"example.co.jp", "example.com"}, "count": {int64(4), int64(2)}},
		},
		{
			name:  "values honour filters",
			model: map[string]any{"queryType": "values", "dimension": "sender", "filters": []map[string]any{{"dimension": "status", "op": "eq", "values": []string{"failed"}}}},
			want:  map[string][]any{"value": {alice}, "count": {int64(2)}},
		},
		{
			name:  "baseline output narrows to one column",
			model: map[string]any{"queryType": "baseline", "window": "1h", "baselineWindows": 2, "groupBy": []string{"direction"}, "output": "ratio"},
			want:  map[string][]any{"direction": {"outbound"}, "ratio": {2.0}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := newFixtureEngine()
			frame := runOK(t, e, dq(t, tt.model))
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

func TestFiltersSelectRows(t *testing.T) {
	tests := []struct {
		dim, op string
		values  []string
		want    float64
	}{
		{"status", "in", []string{"quarantined", "FilteredAsSpam"}, 3},
		{"status", "neq", []string{"delivered"}, 5},
		{"status", "notIn", []string{"delivered", "failed"}, 3},
		{"sender", "eq", []string{"*@EVIL.example"}, 3},
		{"sender", "eq", []string{"Alice@Example.co.jp"}, 4},
		{"senderDomain", "eq", []string{"evil.example"}, 3},
		{"recipientDomain", "in", []string{"gmail.example", "partner.example"}, 4},
		{"recipient", "endsWith", []string{"@example.com"}, 2},
		{"subject", "contains", []string{"invoice"}, 3},
		{"subject", "startsWith", []string{"RE"}, 1},
		{"subject", "endsWith", []string{"corp"}, 2},
		{"subject", "regex", []string{`^Invoice #\d+ from`}, 3},
		{"subject", "regex", []string{`^invoice`}, 0},
		{"subjectTemplate", "eq", []string{"project alpha"}, 2},
		{"fromIP", "cidr", []string{"203.0.113.0/24"}, 10},
		{"fromIP", "cidr", []string{"198.51.100.0/24", "203.0.113.7"}, 10},
		{"toIP", "cidr", []string{"10.0.0.0/8"}, 0},
		{"size", "gt", []string{"10MB"}, 2},
		{"size", "lt", []string{"3000"}, 2},
		{"size", "in", []string{"300000", "1000"}, 3},
		{"direction", "eq", []string{"outbound"}, 4},
		{"sizeBucket", "eq", []string{"<10kb"}, 3},
		{"messageId", "eq", []string{"m3"}, 2},
		{"id", "neq", []string{"id-03"}, 8},
		{"sender", "eq", []string{"$__all"}, 10},
	}
	for _, tt := range tests {
		t.Run(tt.dim+" "+tt.op+" "+strings.Join(tt.values, ","), func(t *testing.T) {
			e, _ := newFixtureEngine()
			frame := runOK(t, e, dq(t, map[string]any{"queryType": "stats", "stats": []string{"count"},
				"filters": []map[string]any{{"dimension": tt.dim, "op": tt.op, "values": tt.values}}}))
			if got := column(t, frame, "count")[0]; got != tt.want {
				t.Errorf("count = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTracesNewestFirstWithDerivedFields(t *testing.T) {
	e, _ := newFixtureEngine()
	frame := runOK(t, e, dq(t, map[string]any{"queryType": "traces", "limit": 3}))
	want := []string{"time", "line", "level", "id", "messageId", "sender", "senderDomain", "recipient", "recipientDomain",
		"subject", "size", "fromIP", "toIP", "status", "direction"}
	if got := fieldNames(frame); !reflect.DeepEqual(got, want) {
		t.Fatalf("fields = %v, want %v", got, want)
	}
	checks := map[string][]any{
		"time":            {t0.Add(150 * time.Minute), t0.Add(120 * time.Minute), t0.Add(90 * time.Minute)},
		"id":              {"id-10", "id-09", "id-08"},
		"recipientDomain": {"partner.example", "gmail.example", "gmail.example"},
		"size":            {int64(3_000), int64(15_000_000), int64(12_000_000)},
		"status":          {"delivered", "failed", "failed"},
		"direction":       {"outbound", "outbound", "outbound"},
	}
	for name, w := range checks {
		if got := column(t, frame, name); !reflect.DeepEqual(got, w) {
			t.Errorf("%s = %v, want %v", name, got, w)
		}
	}
	if frame.Meta.PreferredVisualization != data.VisTypeLogs {
		t.Errorf("preferred visualisation = %q", frame.Meta.PreferredVisualization)
	}
	if n := frame.Meta.Notices; len(n) != 1 || n[0].Text != "Showing the newest 3 of 10 traces: narrow the time range or add filters to see the rest." {
		t.Errorf("notices = %+v", n)
	}
	if got := column(t, frame, "line")[0]; got != "[delivered] "+bob+" → "+carol+": Weekly report 2026-11-20 (3000 bytes)" {
		t.Errorf("line = %q", got)
	}
	link := frame.Fields[fieldIndex(t, frame, "id")].Config.Links[0].Internal
	wantQuery := map[string]any{"refId": "details", "queryType": "details", "traceId": "${__data.fields.id}", "recipient": "${__data.fields.recipient}"}
	if link.DatasourceUID != "ds-uid" || !reflect.DeepEqual(link.Query, wantQuery) {
		t.Errorf("details link = %+v", link)
	}
}

func TestTracesTieBreakIsDeterministic(t *testing.T) {
	e, _ := newFixtureEngine()
	frame := runOK(t, e, dq(t, map[string]any{"queryType": "traces", "filters": []map[string]any{
		{"dimension": "id", "op": "eq", "values": []string{"id-03"}}}}))
	if got := column(t, frame, "recipient"); !reflect.DeepEqual(got, []any{alice, bob}) {
		t.Errorf("recipients = %v, want alice then bob", got)
	}
}

func TestDetails(t *testing.T) {
	e, _ := newFixtureEngine()
	frame := runOK(t, e, dq(t, map[string]any{"queryType": "details", "traceId": "id-03", "recipient": alice}))
	if got := column(t, frame, "event"); !reflect.DeepEqual(got, []any{"Receive", "Quarantine"}) {
		t.Errorf("events = %v", got)
	}
	resp := answer(e, dq(t, map[string]any{"queryType": "details", "traceId": "nope", "recipient": alice}))
	if !IsInvalidQuery(resp.Error) { // a bad request from downstream: pkg/plugin's TestRunReportsErrorsPerQuery
		t.Errorf("unknown trace: error %v, want an invalid query", resp.Error)
	}
}

func TestPartialLoadKeepsRowsAndWarns(t *testing.T) {
	e, l := newFixtureEngine()
	l.err = errors.New("throttled after 1 of 2 windows")
	l.notices = []trace.Notice{{Severity: trace.SeverityWarning, Text: "2 of 48 hours not loaded yet"}}
	frame := runOK(t, e, dq(t, map[string]any{"queryType": "stats", "stats": []string{"count"}}))
	if got := column(t, frame, "count")[0]; got != 10.0 {
		t.Errorf("count = %v, want 10", got)
	}
	want := []data.Notice{
		{Severity: data.NoticeSeverityWarning, Text: "Partial data: throttled after 1 of 2 windows"},
		{Severity: data.NoticeSeverityWarning, Text: "2 of 48 hours not loaded yet"},
	}
	if !reflect.DeepEqual(frame.Meta.Notices, want) {
		t.Errorf("notices = %+v", frame.Meta.Notices)
	}
}

func TestPushdownReachesLoaderAndInspector(t *testing.T) {
	e, l := newFixtureEngine()
	frame := runOK(t, e, dq(t, map[string]any{"queryType": "stats", "stats": []string{"count"}, "filters": []map[string]any{
		{"dimension": "senderDomain", "op": "eq", "values": []string{"evil.example"}},
		{"dimension": "status", "op": "in", "values": []string{"quarantined"}},
		{"dimension": "subject", "op": "contains", "values": []string{"O'Neil", "invoice"}},
	}}))
	wantFilter := trace.Filter{Sender: "*@evil.example", Status: trace.StatusQuarantined}
	if got := l.reqs[0]; got.Filter != wantFilter || !got.From.Equal(t0) || !got.To.Equal(hour(3)) {
		t.Errorf("request = %+v", got)
	}
	want := "Graph $filter: receivedDateTime ge 2026-11-20T00:00:00Z and receivedDateTime le 2026-11-20T03:00:00Z" +
		" and senderAddress eq '*@evil.example' and status eq 'quarantined'\n" +
		"Local filters: senderDomain eq 'evil.example' and status in 'quarantined' and subject contains ('O''Neil', 'invoice')"
	if frame.Meta.ExecutedQueryString != want {
		t.Errorf("executed query:\n%s\nwant\n%s", frame.Meta.ExecutedQueryString, want)
	}
	if got := column(t, frame, "count")[0]; got != 2.0 {
		t.Errorf("count = %v, want 2", got)
	}
}

func TestBaselineLoadsTrailingWindows(t *testing.T) {
	e, l := newFixtureEngine()
	q := dq(t, map[string]any{"queryType": "baseline", "window": "30m", "baselineWindows": 4})
	q.TimeRange = TimeRange{From: hour(2), To: hour(3)}
	runOK(t, e, q)
	if got := l.reqs[0]; !got.From.Equal(t0.Add(30*time.Minute)) || !got.To.Equal(hour(3)) {
		t.Errorf("loaded [%v, %v], want [00:30, 03:00]", got.From, got.To)
	}
}

func TestValues(t *testing.T) {
	tests := []struct {
		dim, prefix string
		limit       int
		want        []string
	}{
		{"sender", "", 0, []string{alice, bob, mallory, carol, trudy}},
		{"sender", "", 2, []string{alice, bob}},
		{"senderDomain", "EX", 0, []string{"example.co.jp", "example.com"}},
		{"status", "", 0, []string{"delivered", "failed", "quarantined", "filteredAsSpam"}},
		{"toIP", "", 0, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.dim+"/"+tt.prefix, func(t *testing.T) {
			e, _ := newFixtureEngine()
			got, err := e.Values(context.Background(), tt.dim, t0, hour(3), tt.prefix, tt.limit)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Values = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	e, _ := newFixtureEngine()
	if _, err := e.Values(context.Background(), "colour", t0, hour(3), "", 0); !IsInvalidQuery(err) {
		t.Errorf("unknown dimension: %v, want a validation error", err)
	}
}

// TestConcurrentQueriesShareCaches runs every query type at once on one engine, so
// the race detector sees the lazily filled caches under contention.
func TestConcurrentQueriesShareCaches(t *testing.T) {
	e, _ := newFixtureEngine()
	models := []map[string]any{
		{"queryType": "keywords"}, {"queryType": "campaigns", "minMessages": 2},
		{"queryType": "top", "groupBy": []string{"senderDomain", "direction"}},
		{"queryType": "timeseries", "splitBy": "subjectTemplate"}, {"queryType": "traces"},
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
}

func TestEveryTypeOnNoData(t *testing.T) {
	models := map[string]map[string]any{
		"traces":     {"queryType": "traces"},
		"timeseries": {"queryType": "timeseries", "splitBy": "status"},
		"stats":      {"queryType": "stats"},
		"top":        {"queryType": "top", "groupBy": []string{"sender", "status"}, "includeOther": true},
		"pivot":      {"queryType": "top", "groupBy": []string{"sender", "status"}, "pivot": true},
		"keywords":   {"queryType": "keywords"},
		"campaigns":  {"queryType": "campaigns"},
		"baseline":   {"queryType": "baseline", "groupBy": []string{"sender"}},
		"tenant":     {"queryType": "baseline"},
		"values":     {"queryType": "values", "dimension": "sender"},
	}
	wantRows := map[string]int{"stats": 1, "tenant": 1}
	for name, m := range models {
		t.Run(name, func(t *testing.T) {
			e := NewEngine(&fakeLoader{}, Options{})
			frame := runOK(t, e, dq(t, m))
			if rows, _ := frame.RowLen(); rows != wantRows[name] {
				t.Errorf("%d rows, want %d", rows, wantRows[name])
			}
		})
	}
}

func TestCampaignAlertOutput(t *testing.T) {
	e, _ := newFixtureEngine()
	resp := answer(e, dq(t, map[string]any{"queryType": "campaigns", "minMessages": 1, "output": "senders"}))
	if resp.Error != nil {
		t.Fatal(resp.Error)
	}
	f := resp.Frames[0]
	if got := fieldNames(f); !reflect.DeepEqual(got, []string{"template", "senders"}) {
		t.Fatalf("fields = %v, want template and senders only", got)
	}
	if f.Meta == nil || f.Meta.Type != data.FrameTypeNumericLong {
		t.Errorf("meta = %+v, want numeric-long", f.Meta)
	}
	bad := answer(e, dq(t, map[string]any{"queryType": "campaigns", "output": "ratio"}))
	if bad.Error == nil || !strings.Contains(bad.Error.Error(), `output: "ratio" is not known: use one of "", "messages", "senders", "recipients", "score", "variants" for queryType "campaigns"`) {
		t.Errorf("bad output error = %v", bad.Error)
	}
}

// Explore colours log rows by level: failed is an error, quarantined and spam a
// warning, everything else info. The fixture has 5 delivered, 2 failed, 2
// quarantined and 1 filteredAsSpam.
func TestTracesLogLevels(t *testing.T) {
	e, _ := newFixtureEngine()
	frame := runOK(t, e, dq(t, map[string]any{"queryType": "traces", "limit": 100}))
	byStatus := map[string]map[string]int{}
	status, level := frame.Fields[fieldIndex(t, frame, "status")], frame.Fields[fieldIndex(t, frame, "level")]
	for i := range frame.Rows() {
		s, l := status.At(i).(string), level.At(i).(string)
		if byStatus[s] == nil {
			byStatus[s] = map[string]int{}
		}
		byStatus[s][l]++
	}
	want := map[string]map[string]int{
		"delivered": {"info": 5}, "failed": {"error": 2}, "quarantined": {"warning": 2}, "filteredAsSpam": {"warning": 1},
	}
	if !reflect.DeepEqual(byStatus, want) {
		t.Fatalf("levels by status = %v, want %v", byStatus, want)
	}
}

func fieldIndex(t *testing.T, f *data.Frame, name string) int {
	t.Helper()
	for i, fl := range f.Fields {
		if fl.Name == name {
			return i
		}
	}
	t.Fatalf("no field %q in %v", name, fieldNames(f))
	return -1
}
