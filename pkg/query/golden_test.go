package query

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
	"github.com/exotrace/messagetrace-datasource/pkg/demo"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

var update = flag.Bool("update", false, "rewrite the golden frames in testdata/")

// Golden frames of every query type on the demo tenant (seed 1, anchor
// 2026-11-20T03:00Z). Each case also asserts what the incident descriptions of
// docs/demo-tenant.md imply, with exact numbers counted independently from the
// generated traces, so a golden file cannot silently absorb a wrong result.

type goldenCase struct {
	name     string
	from, to time.Time
	check    func(t *testing.T, l *demoLoader, f *data.Frame)
}

func TestGoldenDemo(t *testing.T) {
	l := loadDemo(t)
	day := demoAnchor.Add(-24 * time.Hour)
	in1, in2, in3, in4, in5 := demoIncident(t, 1), demoIncident(t, 2), demoIncident(t, 3), demoIncident(t, 4), demoIncident(t, 5)
	// The models are the contract's golden queries; the demo-derived values in them must be the demo's.
	wantModelValue(t, "traces_large_outbound", in4.Actors[0], "filters", 0, "values", 0)
	wantModelValue(t, "details_incident5", firstTrace(l, in5).ID, "traceId")
	wantModelValue(t, "details_incident5", firstTrace(l, in5).Recipient, "recipient")
	cases := []goldenCase{
		{"traces_large_outbound", day, demoAnchor, checkLargeOutbound(in4)},
		{"timeseries_status_24h", day, demoAnchor, checkStatusSeries},
		{"stats_24h", day, demoAnchor, checkStats},
		{"top_sender_status_pivot_24h", day, demoAnchor, checkPivot(in3)},
		{"top_outbound_senders_by_size_24h", day, demoAnchor, checkTopBySize(in4)},
		{"keywords_incident2", in2.Start, in2.End, checkKeywords(in2)},
		{"campaigns_24h", day, demoAnchor, checkCampaign(in2)},
		{"keywords_bursting_incident2", in2.Start, in2.End, checkBurstingKeywords},
		{"novelty_domains_incident2", in2.Start, in2.End, checkNovelDomains(in2)},
		{"baseline_spam_wave", in1.Start, in1.End, checkSpamRatio(in1.Start, in1.End, func(r float64) bool { return r > 3 })},
		{"baseline_spam_quiet_day_before", in1.Start.Add(-24 * time.Hour), in1.End.Add(-24 * time.Hour),
			checkSpamRatio(in1.Start.Add(-24*time.Hour), in1.End.Add(-24*time.Hour), func(r float64) bool { return r < 1.5 })},
		{"baseline_senders_incident3", in3.Start, in3.End, checkSenderSpike(in3)},
		{"details_incident5", day, demoAnchor, checkDetails},
	}
	e := newDemoEngine(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := dq(t, goldenModel(t, c.name))
			q.TimeRange = TimeRange{From: c.from, To: c.to}
			resp := answer(e, q)
			if resp.Error != nil {
				t.Fatal(resp.Error)
			}
			experimental.CheckGoldenJSONResponse(t, "testdata", c.name, &backend.DataResponse{Frames: resp.Frames}, *update)
			c.check(t, l, resp.Frames[0])
		})
	}
}

// goldenQueries are the query models of the golden frames, kept once, in
// pkg/kinds/testdata/golden-queries.json, where the contract test validates them.
var goldenQueries = sync.OnceValues(func() (map[string]map[string]any, error) {
	raw, err := os.ReadFile("../kinds/testdata/golden-queries.json")
	if err != nil {
		return nil, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(raw, &all); err != nil {
		return nil, err
	}
	delete(all, "_comment")
	out := make(map[string]map[string]any, len(all))
	for name, q := range all {
		var m map[string]any
		if err := json.Unmarshal(q, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = m
	}
	return out, nil
})

func goldenModel(t *testing.T, name string) map[string]any {
	t.Helper()
	all, err := goldenQueries()
	if err != nil {
		t.Fatal(err)
	}
	m, ok := all[name]
	if !ok {
		t.Fatalf("no golden query %q in pkg/kinds/testdata/golden-queries.json", name)
	}
	return m
}

// wantModelValue checks the value at path (keys and indexes) in a golden model.
func wantModelValue(t *testing.T, name string, want any, path ...any) {
	t.Helper()
	var v any = goldenModel(t, name)
	for _, p := range path {
		switch p := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[p]
		case int:
			s, _ := v.([]any)
			if p >= len(s) {
				t.Fatalf("%s: %v has no element %d", name, path, p)
			}
			v = s[p]
		}
	}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("golden query %s %v = %#v, want %#v (from the demo tenant)", name, path, v, want)
	}
}

// isSpamIn matches the rows the spam baseline goldens count.
func isSpamIn(tr trace.Trace) bool {
	internal := func(a string) bool {
		return slices.ContainsFunc(demo.AcceptedDomains, func(d string) bool { return strings.HasSuffix(a, "@"+d) })
	}
	return (tr.Status == trace.StatusQuarantined || tr.Status == trace.StatusFilteredAsSpam) && !internal(tr.Sender)
}

func fromDomains(domains []string) func(trace.Trace) bool {
	return func(tr trace.Trace) bool {
		return slices.ContainsFunc(domains, func(d string) bool { return strings.HasSuffix(tr.Sender, "@"+d) })
	}
}

func firstTrace(l *demoLoader, in demo.Incident) trace.Trace {
	for _, tr := range l.traces {
		if tr.Sender == in.Actors[0] && !tr.Received.Before(in.Start) && tr.Received.Before(in.End) {
			return tr
		}
	}
	return trace.Trace{}
}

func checkLargeOutbound(in4 demo.Incident) func(*testing.T, *demoLoader, *data.Frame) {
	return func(t *testing.T, _ *demoLoader, f *data.Frame) {
		// Incident 4: 38 messages of 15–25 MB to the personal webmail address.
		want := "Showing the newest 5 of 38 traces: narrow the time range or add filters to see the rest."
		if len(f.Meta.Notices) != 1 || f.Meta.Notices[0].Text != want {
			t.Errorf("notices = %+v", f.Meta.Notices)
		}
		for i, v := range column(t, f, "recipient") {
			size := column(t, f, "size")[i].(int64)
			if v != in4.Actors[1] || size < 15<<20 || column(t, f, "direction")[i] != "outbound" {
				t.Errorf("row %d: %v, %d bytes", i, v, size)
			}
		}
	}
}

func checkStatusSeries(t *testing.T, l *demoLoader, f *data.Frame) {
	if got := fieldNames(f); !slices.Equal(got, []string{"time", "delivered", "quarantined", "failed", "other"}) {
		t.Fatalf("series = %v", got)
	}
	stamps := column(t, f, "time")
	for i, ts := range stamps {
		from := ts.(time.Time)
		want := float64(l.count(from, from.Add(time.Hour), func(trace.Trace) bool { return true }))
		var got float64
		for _, name := range []string{"delivered", "quarantined", "failed", "other"} {
			got += column(t, f, name)[i].(float64)
		}
		if got != want {
			t.Errorf("%s: series sum %v, want %v traces", from, got, want)
		}
	}
	// docs/demo-tenant.md, 24 h before the anchor with incidents: 2470 quarantined, 1890 failed.
	for name, want := range map[string]float64{"quarantined": 2470, "failed": 1890} {
		var sum float64
		for _, v := range column(t, f, name) {
			sum += v.(float64)
		}
		if sum != want {
			t.Errorf("%s over 24 h = %v, want %v", name, sum, want)
		}
	}
}

func checkStats(t *testing.T, l *demoLoader, f *data.Frame) {
	// docs/demo-tenant.md: 38,908 traces in the 24 h before the anchor.
	if got := column(t, f, "count")[0]; got != 38908.0 {
		t.Errorf("count = %v, want 38908", got)
	}
	for _, fl := range f.Fields {
		if fl.Labels["stat"] != fl.Name {
			t.Errorf("field %s has labels %v", fl.Name, fl.Labels)
		}
	}
}

func checkPivot(in3 demo.Incident) func(*testing.T, *demoLoader, *data.Frame) {
	return func(t *testing.T, l *demoLoader, f *data.Frame) {
		// Incident 3: the compromised account is by far the top sender of the day.
		box := in3.Actors[0]
		if got := column(t, f, "sender")[0]; got != box {
			t.Fatalf("rank 1 = %v, want %s", got, box)
		}
		day := demoAnchor.Add(-24 * time.Hour)
		total := l.count(day, demoAnchor, func(tr trace.Trace) bool { return tr.Sender == box })
		if got := column(t, f, "Total")[0]; got != float64(total) || total < 4814 {
			t.Errorf("Total = %v, want %d (4814 incident traces + its usual mail)", got, total)
		}
		for _, st := range []trace.Status{trace.StatusFailed, trace.StatusQuarantined, trace.StatusDelivered} {
			want := l.count(day, demoAnchor, func(tr trace.Trace) bool { return tr.Sender == box && tr.Status == st })
			if got := column(t, f, st.String())[0]; got != float64(want) {
				t.Errorf("%s = %v, want %d", st, got, want)
			}
		}
		if got := column(t, f, "Rank"); got[0] != int64(1) || got[9] != int64(10) {
			t.Errorf("ranks = %v", got)
		}
	}
}

func checkTopBySize(in4 demo.Incident) func(*testing.T, *demoLoader, *data.Frame) {
	return func(t *testing.T, l *demoLoader, f *data.Frame) {
		// Incident 4: the insider's transfers to webmail outweigh all other outbound mail.
		if s, d := column(t, f, "sender")[0], column(t, f, "recipientDomain")[0]; s != in4.Actors[0] || d != "freemail.example.net" {
			t.Fatalf("top = %v → %v", s, d)
		}
		var want float64
		for _, tr := range l.traces {
			if tr.Sender == in4.Actors[0] && strings.HasSuffix(tr.Recipient, "@freemail.example.net") && !tr.Received.Before(demoAnchor.Add(-24*time.Hour)) {
				want += float64(tr.Size)
			}
		}
		if got := column(t, f, "sizeSum")[0]; got != want {
			t.Errorf("sizeSum = %v, want %v", got, want)
		}
	}
}

func checkKeywords(in2 demo.Incident) func(*testing.T, *demoLoader, *data.Frame) {
	return func(t *testing.T, _ *demoLoader, f *data.Frame) {
		// Incident 2: 384 messages, every subject "Invoice #n from <company> – payment overdue".
		words, counts := column(t, f, "keyword")[:3], column(t, f, "count")[:3]
		if !slices.Equal(words, []any{"invoice", "overdue", "payment"}) || !slices.Equal(counts, []any{int64(384), int64(384), int64(384)}) {
			t.Errorf("top keywords = %v %v, want invoice, overdue, payment × 384", words, counts)
		}
	}
}

// checkBurstingKeywords: against the week before, the lure's words lead, and no
// everyday word of the tenant's mail (会社 mail of every day) reaches the top 10.
func checkBurstingKeywords(t *testing.T, _ *demoLoader, f *data.Frame) {
	words := column(t, f, "keyword")
	if got := words[:3]; !slices.Equal(got, []any{"invoice", "overdue", "payment"}) {
		t.Errorf("top bursting keywords = %v, want invoice, overdue, payment", got)
	}
	for i, w := range words {
		if b := column(t, f, "burst")[i].(float64); b < 3 {
			t.Errorf("keyword %q in the top 10 with burst %v", w, b)
		}
	}
}

// checkNovelDomains: every domain of the invoice campaign is new, with its messages.
func checkNovelDomains(in2 demo.Incident) func(*testing.T, *demoLoader, *data.Frame) {
	return func(t *testing.T, l *demoLoader, f *data.Frame) {
		got := map[string]int64{}
		for i, d := range column(t, f, "senderDomain") {
			got[d.(string)] = column(t, f, "messages")[i].(int64)
		}
		for _, d := range in2.Actors {
			msgs := map[string]bool{}
			for _, tr := range l.traces {
				if strings.HasSuffix(tr.Sender, "@"+d) && !tr.Received.Before(in2.Start) && tr.Received.Before(in2.End) {
					msgs[tr.MessageID] = true
				}
			}
			if len(msgs) >= 2 && got[d] != int64(len(msgs)) {
				t.Errorf("%s: %d new-domain messages, want %d", d, got[d], len(msgs))
			}
		}
	}
}

func checkCampaign(in2 demo.Incident) func(*testing.T, *demoLoader, *data.Frame) {
	return func(t *testing.T, l *demoLoader, f *data.Frame) {
		isCampaign := fromDomains(in2.Actors)
		senders, recipients := map[string]bool{}, map[string]bool{}
		for _, tr := range l.traces {
			if isCampaign(tr) {
				senders[tr.Sender], recipients[tr.Recipient] = true, true
			}
		}
		want := []any{"invoice <num> from <*> payment overdue", int64(384), int64(len(senders)), int64(len(recipients))}
		got := []any{column(t, f, "template")[0], column(t, f, "messages")[0], column(t, f, "senders")[0], column(t, f, "recipients")[0]}
		if !slices.Equal(got, want) || len(senders) != 48 {
			t.Errorf("top campaign = %v, want %v (48 senders)", got, want)
		}
		first, last := column(t, f, "firstSeen")[0].(time.Time), column(t, f, "lastSeen")[0].(time.Time)
		if first.Before(in2.Start) || !last.Before(in2.End) {
			t.Errorf("seen %v – %v, outside the incident %v – %v", first, last, in2.Start, in2.End)
		}
	}
}

func checkSpamRatio(from, to time.Time, ok func(float64) bool) func(*testing.T, *demoLoader, *data.Frame) {
	return func(t *testing.T, l *demoLoader, f *data.Frame) {
		current := l.count(from, to, isSpamIn)
		if got := column(t, f, "current")[0]; got != float64(current) {
			t.Errorf("current = %v, want %d", got, current)
		}
		var past []float64
		for w := 1; w <= 12; w++ {
			past = append(past, float64(l.count(from.Add(-time.Duration(w)*2*time.Hour), to.Add(-time.Duration(w)*2*time.Hour), isSpamIn)))
		}
		want := compare(float64(current), past)
		if got := column(t, f, "ratio")[0].(float64); got != want[colRatio] || !ok(got) {
			t.Errorf("ratio = %v, want %v within bounds", got, want[colRatio])
		}
	}
}

func checkSenderSpike(in3 demo.Incident) func(*testing.T, *demoLoader, *data.Frame) {
	return func(t *testing.T, l *demoLoader, f *data.Frame) {
		box := in3.Actors[0]
		if got := column(t, f, "sender")[0]; got != box {
			t.Fatalf("top spike = %v, want %s", got, box)
		}
		current := l.count(in3.Start, in3.End, func(tr trace.Trace) bool { return tr.Sender == box })
		ratio := column(t, f, "ratio")[0].(float64)
		if got := column(t, f, "current")[0]; got != float64(current) || current < 4814 || ratio < 20 {
			t.Errorf("current = %v (want %d), ratio %v", got, current, ratio)
		}
	}
}

func checkDetails(t *testing.T, _ *demoLoader, f *data.Frame) {
	events := column(t, f, "event")
	if len(events) < 2 || events[0] != "Receive" {
		t.Errorf("events = %v, want Receive first", events)
	}
}

// TestCampaignClusterIsExactlyTheIncident checks row by row that the invoice
// campaign is one cluster holding every incident-2 row and nothing else.
func TestCampaignClusterIsExactlyTheIncident(t *testing.T) {
	in2 := demoIncident(t, 2)
	isCampaign := fromDomains(in2.Actors)
	for _, window := range [][2]time.Time{{in2.Start, in2.End}, {demoAnchor.Add(-24 * time.Hour), demoAnchor}} {
		t.Run(fmt.Sprint(window[0].Format("15:04"), "-", window[1].Format("15:04")), func(t *testing.T) {
			e := newDemoEngine(t)
			req, err := e.selectRows(context.Background(), Query{Type: TypeCampaigns, From: window[0], To: window[1]})
			if err != nil {
				t.Fatal(err)
			}
			req.sel.Rows = req.sel.ExternalSenders(req.sel.Rows)
			groups, clusters := req.campaignClusters()
			senders := columns.Gather(req.sel.Rows, columns.ColSender)
			campaign, rows := int32(-1), 0
			for i, g := range groups {
				tr := trace.Trace{Sender: req.sel.View[senders[i]]}
				switch {
				case isCampaign(tr) && campaign < 0:
					campaign, rows = g, 1
				case isCampaign(tr) && g != campaign:
					t.Fatalf("a campaign row in %q, apart from %q", clusters[g].pattern, clusters[campaign].pattern)
				case isCampaign(tr):
					rows++
				case g == campaign:
					t.Fatalf("baseline row from %s in the campaign cluster", tr.Sender)
				}
			}
			if rows != 435 { // docs/demo-tenant.md: 435 traces
				t.Errorf("%d campaign rows, want 435", rows)
			}
		})
	}
}

func TestValuesOnDemo(t *testing.T) {
	e := newDemoEngine(t)
	got, err := e.Values(context.Background(), "sender", demoAnchor.Add(-24*time.Hour), demoAnchor, "K.IN", 3)
	if err != nil || len(got) == 0 || got[0] != demoIncident(t, 3).Actors[0] {
		t.Errorf("Values = %v, %v; want the compromised account first", got, err)
	}
}
