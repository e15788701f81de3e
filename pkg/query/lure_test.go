package query

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
	"github.com/exotrace/messagetrace-datasource/pkg/subject"
)

func lureQuery(t *testing.T, model map[string]any) testQuery {
	q := dq(t, model)
	q.TimeRange = TimeRange{From: lureStart, To: lureEnd}
	return q
}

// isLure tells the lure's senders from the partners.
func isLure(sender string) bool { return strings.Contains(sender, "@billing-") }

// TestLureIsOneCampaignRankedFirst: the six variants of the lure are one cluster,
// first, and the partners' templates of every day rank below it.
func TestLureIsOneCampaignRankedFirst(t *testing.T) {
	e, _ := newLureEngine(t)
	f := runOK(t, e, lureQuery(t, map[string]any{"queryType": "campaigns"}))
	row := func(col string, i int) any { return column(t, f, col)[i] }
	if got := []any{row("messages", 0), row("senders", 0)}; !slices.Equal(got, []any{int64(lureMessages), int64(lureSenders)}) {
		t.Fatalf("first campaign %q: messages, senders = %v, want 300, 40", row("template", 0), got)
	}
	variants := strings.Split(row("variants", 0).(string), variantSep)
	// Six forms, five patterns: clustering already puts "Reminder: invoice <n>
	// payment overdue" into "<*> invoice <num> payment overdue" (<*> is the company
	// or "reminder"); the other four forms are merged by their content words.
	want := []string{
		"invoice <num> from <*> payment overdue",
		"overdue payment invoice <num> <*>",
		"<*> invoice <num> payment overdue",
		"payment overdue for invoice <num> <*>",
		"invoice <num> from <*> paymént overdüe",
	}
	slices.Sort(want)
	slices.Sort(variants)
	if !slices.Equal(variants, want) {
		t.Errorf("variants = %q\nwant       %q", variants, want)
	}
	// Never seen before: the score is its messages.
	if got := []any{row("usualDaily", 0), row("daysSeen", 0), row("score", 0)}; !slices.Equal(got, []any{0.0, int64(0), 300.0}) {
		t.Errorf("usualDaily, daysSeen, score = %v", got)
	}
	// Every partner template is reported (20+ messages, 2+ senders), seen on all
	// seven days, and far below.
	recurring := map[string]bool{}
	for i := 1; i < f.Rows(); i++ {
		recurring[row("template", i).(string)] = true
		if row("daysSeen", i) != int64(7) || row("score", i).(float64) > 1 {
			t.Errorf("row %d %q: daysSeen %v, score %v", i, row("template", i), row("daysSeen", i), row("score", i))
		}
	}
	for _, tmpl := range []string{"invoice <num> from <*> gmbh", "order confirmation <num>", "daily market newsletter <date>",
		"price notice new prices from next month", "payment received for invoice <num>"} {
		if !recurring[tmpl] {
			t.Errorf("recurring template %q not reported below the lure; got %v", tmpl, recurring)
		}
	}
}

// TestLureRowsAreExactlyOneCluster checks row by row that the merged cluster holds
// every lure row and no partner row.
func TestLureRowsAreExactlyOneCluster(t *testing.T) {
	e, _ := newLureEngine(t)
	req, err := e.selectRows(context.Background(), Query{Type: TypeCampaigns, From: lureStart, To: lureEnd})
	if err != nil {
		t.Fatal(err)
	}
	req.sel.Rows = req.sel.ExternalSenders(req.sel.Rows)
	groups, clusters := req.campaignClusters()
	senders := columns.Gather(req.sel.Rows, columns.ColSender)
	lure, rows := int32(-1), 0
	for i, g := range groups {
		s := req.sel.View[senders[i]]
		switch {
		case isLure(s) && lure < 0:
			lure, rows = g, 1
		case isLure(s) && g != lure:
			t.Fatalf("a lure row in %q, apart from %q", clusters[g].pattern, clusters[lure].pattern)
		case isLure(s):
			rows++
		case g == lure:
			t.Fatalf("partner row from %s in the lure's cluster", s)
		}
	}
	if rows != lureMessages {
		t.Errorf("%d lure rows, want %d", rows, lureMessages)
	}
}

// TestLureKeywordsBursting: the top 10 of bursting keywords are the lure's words,
// none a stop word or a partner's everyday word; plain counts are led by them too
// but hold the everyday words.
func TestLureKeywordsBursting(t *testing.T) {
	e, _ := newLureEngine(t)
	f := runOK(t, e, lureQuery(t, map[string]any{"queryType": "keywords", "mode": "bursting", "limit": 10}))
	words := column(t, f, "keyword")
	lureWords := map[string]bool{"invoice": true, "payment": true, "overdue": true, "reminder": true, "paymént": true, "overdüe": true}
	for _, c := range lureCompanies {
		for _, w := range strings.Fields(strings.ToLower(c)) {
			lureWords[w] = true
		}
	}
	for _, p := range lurePeople {
		for _, w := range strings.Fields(strings.ToLower(p)) {
			lureWords[w] = true
		}
	}
	if len(words) != 10 {
		t.Fatalf("%d keywords, want 10", len(words))
	}
	for i, w := range words {
		s := w.(string)
		if !lureWords[s] || subject.Builtin.Word(s) || len([]rune(s)) < 3 {
			t.Errorf("keyword %d %q is not one of the lure's content words", i+1, s)
		}
	}
	for _, w := range []string{"invoice", "payment", "overdue"} {
		if !slices.Contains(words, any(w)) {
			t.Errorf("%q not in the bursting top 10 %v", w, words)
		}
	}
	// "overdue" never appears before the lure: its burst is its count.
	i := slices.Index(words, any("overdue"))
	if i >= 0 && (column(t, f, "expected")[i] != 0.0 || column(t, f, "burst")[i] != float64(column(t, f, "count")[i].(int64))) {
		t.Errorf("overdue: count %v, expected %v, burst %v", column(t, f, "count")[i], column(t, f, "expected")[i], column(t, f, "burst")[i])
	}
}

// TestLureNovelty: the lure's domains and country are new; the partners' are not.
func TestLureNovelty(t *testing.T) {
	e, _ := newLureEngine(t)
	tests := []struct {
		dim    string
		values int
		first  string
		msgs   int64
	}{
		{"fromCountry", 1, "NG", lureMessages},
		{"senderDomain", lureSenders, "billing-00.example", 8}, // 300 over 40: the first 20 send 8
	}
	for _, tt := range tests {
		t.Run(tt.dim, func(t *testing.T) {
			f := runOK(t, e, lureQuery(t, map[string]any{"queryType": "novelty", "dimension": tt.dim, "lookbackDays": 14}))
			vals := column(t, f, tt.dim)
			if len(vals) != tt.values || vals[0] != tt.first || column(t, f, "messages")[0] != tt.msgs {
				t.Errorf("%s: %d values, first %v with %v messages; want %d, %s, %d", tt.dim, len(vals), vals[0], column(t, f, "messages")[0], tt.values, tt.first, tt.msgs)
			}
			for _, v := range vals {
				if s := v.(string); strings.HasPrefix(s, "partner") || s == "DE" || s == "FR" || s == "NL" {
					t.Errorf("partner value %q called new", s)
				}
			}
		})
	}
	// Templates: the lure's 6 forms make new templates; the partners' are old
	// (their numbers and dates are placeholders, their names repeat).
	f := runOK(t, e, lureQuery(t, map[string]any{"queryType": "novelty", "dimension": "subjectTemplate", "lookbackDays": 14, "output": "messages"}))
	var sum int64
	for i, v := range column(t, f, "subjectTemplate") {
		if !strings.Contains(v.(string), "overd") {
			t.Errorf("template %q called new", v)
		}
		sum += column(t, f, "messages")[i].(int64)
	}
	if sum != lureMessages || f.Meta.Type != "numeric-long" || len(f.Fields) != 2 {
		t.Errorf("new templates hold %d messages (want %d); frame %s with %d fields", sum, lureMessages, f.Meta.Type, len(f.Fields))
	}
}

// TestProfileCountryFilters: notHome uses the profile's home countries (DE), so
// the usual partners in FR and NL and the lure in NG are foreign; the same rule
// without a profile fails saying where to set it.
func TestProfileCountryFilters(t *testing.T) {
	e, traces := newLureEngine(t)
	q := lureQuery(t, map[string]any{"queryType": "geo", "filters": []map[string]any{{"dimension": "fromCountry", "op": "notHome"}}})
	f := runOK(t, e, q)
	counts := map[string]float64{}
	for _, tr := range traces {
		if !tr.Received.Before(lureStart) && tr.Received.Before(lureEnd) {
			switch {
			case strings.HasPrefix(tr.FromIP, "90."):
				counts["FR"]++
			case strings.HasPrefix(tr.FromIP, "100."):
				counts["NL"]++
			case strings.HasPrefix(tr.FromIP, "41."):
				counts["NG"]++
			}
		}
	}
	got := map[string]float64{}
	for i, c := range column(t, f, "country") {
		got[c.(string)] = column(t, f, "count")[i].(float64)
	}
	if len(got) != 3 || got["FR"] != counts["FR"] || got["NL"] != counts["NL"] || got["NG"] != counts["NG"] || counts["NG"] != lureMessages {
		t.Errorf("foreign countries = %v, want %v", got, counts)
	}
	if !strings.Contains(f.Meta.ExecutedQueryString, "fromCountry notHome (from the tenant profile)") {
		t.Errorf("executed = %q", f.Meta.ExecutedQueryString)
	}
	bare := NewEngine(e.loader, Options{AcceptedDomains: lureDomain, Geo: lureGeo(t)})
	resp := answer(bare, q)
	if resp.Error == nil || !strings.Contains(resp.Error.Error(), "home countries: set them in the tenant profile") {
		t.Errorf("without a profile: %v", resp.Error)
	}
}

// TestLureSplitsWithoutMerging shows the fixture reproduces the issue: clustering
// word by word alone leaves the lure in five clusters of about 50 to 100 messages.
func TestLureSplitsWithoutMerging(t *testing.T) {
	_, traces := newLureEngine(t)
	clusters := map[string]bool{}
	var subjects []string
	for _, tr := range traces {
		if isLure(tr.Sender) {
			subjects = append(subjects, tr.Subject)
		}
	}
	for _, p := range clusterOfSubjects(subjects) {
		clusters[p] = true
	}
	if len(clusters) != 5 {
		t.Errorf("%d clusters without merging, want 5: %v", len(clusters), clusters)
	}
}

// clusterOfSubjects clusters subjects as campaigns does before merging and
// returns each one's pattern.
func clusterOfSubjects(subjects []string) []string {
	ids, names := map[string]uint32{}, []string{}
	id := func(tok string) uint32 {
		if v, ok := ids[tok]; ok {
			return v
		}
		ids[tok] = uint32(len(names))
		names = append(names, tok)
		return ids[tok]
	}
	shapes, weight := make([][]uint32, len(subjects)), make([]int64, len(subjects))
	for i, s := range subjects {
		for _, tok := range subject.ShapeTokens(subject.Template(s)) {
			shapes[i] = append(shapes[i], id(tok))
		}
		weight[i] = 1
	}
	wildcard := id(subject.Wildcard)
	assign, patterns := subject.Cluster(shapes, weight, wildcard, func(tok uint32) bool { return subject.IsContentWord(names[tok]) })
	out := make([]string, len(subjects))
	for i, c := range assign {
		out[i] = spell(patterns[c], names)
	}
	return out
}

// TestBaselineModes compares the lure hour with the same hour of the previous days
// and weeks, counted independently from the traces, and checks the gates.
func TestBaselineModes(t *testing.T) {
	e, traces := newLureEngine(t)
	count := func(from time.Time) float64 {
		n := 0
		for _, tr := range traces {
			if !tr.Received.Before(from) && tr.Received.Before(from.Add(time.Hour)) {
				n++
			}
		}
		return float64(n)
	}
	current := count(lureStart)
	pastOf := func(step, n int) []float64 {
		var out []float64
		for k := 1; k <= n; k++ {
			out = append(out, count(lureStart.AddDate(0, 0, -step*k)))
		}
		return out
	}
	tests := []struct {
		name   string
		model  map[string]any
		past   []float64
		status string
	}{
		{"days", map[string]any{"baselineMode": "days"}, pastOf(1, 7), statusOK},
		{"hourOfWeek", map[string]any{"baselineMode": "hourOfWeek", "baselineWindows": 2}, pastOf(7, 2), statusOK},
		{"days without enough history", map[string]any{"baselineMode": "days", "baselineWindows": 20, "minHistory": 15}, pastOf(1, 20), statusNoHistory},
		{"days below minCount", map[string]any{"baselineMode": "days", "minCount": 10000}, pastOf(1, 7), statusLowCount},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.model["queryType"], tt.model["window"] = "baseline", "1h"
			f := runOK(t, e, lureQuery(t, tt.model))
			want := compare(current, tt.past)
			history := 0.0
			for _, p := range tt.past {
				if p > 0 {
					history++ // every day of the fixture has mail at 09:00
				}
			}
			want[colHistory] = history
			if tt.status != statusOK {
				want[colRatio], want[colZScore], want[colRobustZ] = 0, 0, 0
			}
			for c, name := range baselineColumns {
				if got := column(t, f, name)[0]; got != want[c] {
					t.Errorf("%s = %v, want %v", name, got, want[c])
				}
			}
			if got := column(t, f, "status")[0]; got != tt.status {
				t.Errorf("status = %v, want %s", got, tt.status)
			}
			if tt.status == statusOK && want[colRobustZ] < 10 {
				t.Errorf("robustZ %v: the lure hour should stand out", want[colRobustZ])
			}
			noticed := len(f.Meta.Notices) > 0 && strings.HasPrefix(f.Meta.Notices[0].Text, "Not enough history: 14 of the 20")
			if noticed != (tt.status == statusNoHistory) {
				t.Errorf("notices = %+v", f.Meta.Notices)
			}
		})
	}
	// The rule's frame: one number column, no status label; 0 without history.
	f := runOK(t, e, lureQuery(t, map[string]any{"queryType": "baseline", "window": "1h", "baselineMode": "days", "baselineWindows": 20, "minHistory": 15, "output": "robustZ"}))
	if got := fieldNames(f); !slices.Equal(got, []string{"robustZ"}) || column(t, f, "robustZ")[0] != 0.0 || f.Meta.Type != "numeric-long" {
		t.Errorf("rule frame %v = %v", got, column(t, f, "robustZ"))
	}
}

// TestBaselineWindowsFollowTheTimeZone: across the end of summer time in Berlin
// (2026-10-25), 10:00 stays 10:00 local, so the UTC hour moves.
func TestBaselineWindowsFollowTheTimeZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	to := time.Date(2026, 10, 26, 11, 0, 0, 0, berlin) // window 10:00–11:00 local, 09:00 UTC
	q := Query{Type: TypeBaseline, BaselineMode: ModeDays, Window: time.Hour, BaselineWindows: 2}
	for _, tt := range []struct {
		tz   *time.Location
		want []time.Time // window starts, UTC
	}{
		{berlin, []time.Time{utc(2026, 10, 26, 9), utc(2026, 10, 25, 9), utc(2026, 10, 24, 8)}},
		{nil, []time.Time{utc(2026, 10, 26, 9), utc(2026, 10, 25, 9), utc(2026, 10, 24, 9)}},
	} {
		e := NewEngine(&fakeLoader{}, Options{Profile: Profile{TimeZone: tt.tz}})
		w := e.baselineWindows(q, to.UnixMilli())
		for k, want := range tt.want {
			if got := time.UnixMilli(w.start[k]).UTC(); !got.Equal(want) {
				t.Errorf("%v: window %d starts %v, want %v", tt.tz, k, got, want)
			}
		}
		if got := w.index(tt.want[2].Add(30 * time.Minute).UnixMilli()); got != 2 {
			t.Errorf("%v: index of the oldest window's middle = %d", tt.tz, got)
		}
	}
}

func utc(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }
