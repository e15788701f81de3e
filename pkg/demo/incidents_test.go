package demo

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Each incident's exact output at Seed 1 and testAnchor.
func TestIncidentCounts(t *testing.T) {
	tests := []struct {
		number         int
		start, end     time.Duration // relative to the anchor
		messages, rows int
		statuses       map[trace.Status]int
	}{
		{1, -21 * time.Hour, -19 * time.Hour, 620, 878, map[trace.Status]int{trace.StatusDelivered: 79, trace.StatusQuarantined: 453, trace.StatusFilteredAsSpam: 346}},
		{2, -17 * time.Hour, -13 * time.Hour, 384, 435, map[trace.Status]int{trace.StatusDelivered: 278, trace.StatusQuarantined: 129, trace.StatusFilteredAsSpam: 28}},
		{3, -10 * time.Hour, -9 * time.Hour, 2400, 4814, map[trace.Status]int{trace.StatusFailed: 1513, trace.StatusDelivered: 1877, trace.StatusQuarantined: 1219, trace.StatusFilteredAsSpam: 205}},
		{4, -7*time.Hour - 30*time.Minute, -5*time.Hour - 30*time.Minute, 38, 38, map[trace.Status]int{trace.StatusDelivered: 38}},
		{5, -5 * time.Hour, -2 * time.Hour, 42, 42, map[trace.Status]int{trace.StatusDelivered: 21, trace.StatusQuarantined: 21}},
		{6, -time.Hour - 45*time.Minute, -45 * time.Minute, 60, 60, map[trace.Status]int{trace.StatusDelivered: 46, trace.StatusQuarantined: 11, trace.StatusFilteredAsSpam: 3}},
	}
	tn := testTenant()
	incs := Incidents(Options{Anchor: testAnchor})
	for _, tc := range tests {
		t.Run(incs[tc.number-1].Name, func(t *testing.T) {
			inc := incs[tc.number-1]
			if inc.Number != tc.number || !inc.Start.Equal(testAnchor.Add(tc.start)) || !inc.End.Equal(testAnchor.Add(tc.end)) {
				t.Fatalf("incident = %d [%v, %v), want %d [%v, %v)", inc.Number, inc.Start, inc.End, tc.number, testAnchor.Add(tc.start), testAnchor.Add(tc.end))
			}
			rows := incidentRows(tn, tc.number, testAnchor.Add(-day), testAnchor)
			ids := map[string]bool{}
			got := map[trace.Status]int{}
			for _, r := range rows {
				if r.Received.Before(inc.Start) || !r.Received.Before(inc.End) {
					t.Fatalf("row at %v outside [%v, %v)", r.Received, inc.Start, inc.End)
				}
				ids[r.ID] = true
				got[r.Status]++
			}
			if len(ids) != tc.messages || len(rows) != tc.rows || !maps.Equal(got, tc.statuses) {
				t.Errorf("messages, rows, statuses = %d, %d, %v; want %d, %d, %v", len(ids), len(rows), got, tc.messages, tc.rows, tc.statuses)
			}
		})
	}
}

// Every incident sits in the 24 h before the anchor, clear of its last 30 minutes.
func TestIncidentPlacement(t *testing.T) {
	for _, inc := range Incidents(Options{Anchor: testAnchor}) {
		if inc.Start.Before(testAnchor.Add(-day)) || inc.End.After(testAnchor.Add(-30*time.Minute)) {
			t.Errorf("incident %d [%v, %v) is not inside the 24 h before the anchor minus 30 min", inc.Number, inc.Start, inc.End)
		}
		if len(inc.Actors) == 0 || inc.Name == "" || inc.Description == "" {
			t.Errorf("incident %d is not described: %+v", inc.Number, inc)
		}
	}
}

// Every incident row names an actor, and the baseline never names an external one.
func TestActorsIdentifyIncidents(t *testing.T) {
	tn := testTenant()
	for _, inc := range Incidents(Options{Anchor: testAnchor}) {
		for _, r := range incidentRows(tn, inc.Number, inc.Start, inc.End) {
			if !mentionsAny(r.Trace, inc.Actors) {
				t.Fatalf("incident %d row %+v names none of %v", inc.Number, r.Trace, inc.Actors)
			}
		}
	}
	var external []string
	for _, inc := range Incidents(Options{Anchor: testAnchor}) {
		for _, a := range inc.Actors {
			if !isInternal(a) {
				external = append(external, a)
			}
		}
	}
	for _, tr := range quietWeek(t) {
		if mentionsAny(tr, external) {
			t.Fatalf("baseline row names an incident actor: %+v", tr)
		}
	}
}

func mentionsAny(tr trace.Trace, actors []string) bool {
	for _, s := range []string{tr.Sender, tr.Recipient, domainOf(tr.Sender), domainOf(tr.Recipient), tr.FromIP, tr.ToIP} {
		if s != "" && slices.Contains(actors, strings.ToLower(s)) {
			return true
		}
	}
	return false
}

// Incident 1: quarantined + filteredAsSpam at several times the usual rate.
func TestSpamWaveRate(t *testing.T) {
	tn := testTenant()
	inc := Incidents(Options{Anchor: testAnchor})[0]
	spam := func(back time.Duration) int {
		ts := list(t, tn, inc.Start.Add(-back), inc.End.Add(-back-time.Millisecond), trace.Filter{})
		c := statusCounts(ts)
		return c[trace.StatusQuarantined] + c[trace.StatusFilteredAsSpam]
	}
	during, dayBefore, weekBefore := spam(0), spam(day), spam(7*day)
	if during != 939 || dayBefore != 146 || weekBefore != 114 {
		t.Errorf("quarantined+filteredAsSpam during, a day before, a week before = %d, %d, %d", during, dayBefore, weekBefore)
	}
	if during < 4*max(dayBefore, weekBefore) {
		t.Errorf("wave %d is not 4x the usual %d", during, max(dayBefore, weekBefore))
	}
}

var campaignTemplate = regexp.MustCompile(`^(RE: |FW: )?Invoice #\d{5} from [A-Z][A-Za-z ]+ – payment overdue$`)

// Incident 2: one template, dozens of senders, and no baseline subject like it.
func TestCampaign(t *testing.T) {
	tn := testTenant()
	inc := Incidents(Options{Anchor: testAnchor})[1]
	senders := map[string]bool{}
	rows := incidentRows(tn, 2, inc.Start, inc.End)
	for _, r := range rows {
		if !campaignTemplate.MatchString(r.Subject) {
			t.Fatalf("campaign subject %q does not fit the template", r.Subject)
		}
		senders[r.Sender] = true
	}
	if len(senders) != 48 {
		t.Errorf("campaign senders = %d, want 48", len(senders))
	}
	byFilter := list(t, tn, testAnchor.Add(-day), testAnchor, trace.Filter{Subject: "payment overdue", SubjectOp: trace.SubjectEndsWith})
	if len(byFilter) != len(rows) {
		t.Errorf("subject filter finds %d rows, the campaign has %d", len(byFilter), len(rows))
	}
	for _, tr := range quietWeek(t) {
		s := strings.ToLower(tr.Subject)
		if strings.Contains(s, "invoice") || strings.Contains(s, "overdue") {
			t.Fatalf("baseline subject %q resembles the campaign", tr.Subject)
		}
	}
}

// Incident 3: by far the top sender of the day, mostly failing or quarantined.
func TestCompromisedAccount(t *testing.T) {
	tn := testTenant()
	ts := testDay(t)
	bySender := map[string]int{}
	for _, tr := range ts {
		bySender[tr.Sender]++
	}
	top := slices.SortedFunc(maps.Keys(bySender), func(a, b string) int { return bySender[b] - bySender[a] })
	if top[0] != compromisedBox || bySender[top[0]] < 5*bySender[top[1]] {
		t.Errorf("top senders %s=%d, %s=%d; want %s far ahead", top[0], bySender[top[0]], top[1], bySender[top[1]], compromisedBox)
	}
	c := statusCounts(list(t, tn, testAnchor.Add(-day), testAnchor, trace.Filter{Sender: compromisedBox, Recipient: ""}))
	bad := c[trace.StatusFailed] + c[trace.StatusQuarantined]
	if total := bySender[compromisedBox]; bad*2 < total {
		t.Errorf("failed+quarantined = %d of %d, want at least half", bad, total)
	}
}

// Incident 4: tens of 15–25 MB messages to one webmail address within two hours.
func TestLargeTransfers(t *testing.T) {
	tn := testTenant()
	inc := Incidents(Options{Anchor: testAnchor})[3]
	ts := list(t, tn, testAnchor.Add(-day), testAnchor, trace.Filter{Sender: insiderBox, Recipient: "*@" + freemailDomain})
	if len(ts) < 10 || len(ts) > 99 {
		t.Fatalf("%d transfers, want tens", len(ts))
	}
	for _, tr := range ts {
		if tr.Size < 15*mb || tr.Size > 25*mb || tr.Recipient != insiderPrivate || tr.ToIP == "" ||
			tr.Received.Before(inc.Start) || !tr.Received.Before(inc.End) {
			t.Fatalf("unexpected transfer %+v", tr)
		}
	}
	// No baseline mail to webmail is anywhere near that size.
	for _, tr := range list(t, quietTenant(), testAnchor.Add(-7*day), testAnchor, trace.Filter{Recipient: "*@" + freemailDomain}) {
		if tr.Size > personalLimit {
			t.Fatalf("baseline webmail message of %d bytes", tr.Size)
		}
	}
}

// Incident 5: dozens of messages from a sender on the intel feed.
func TestThreatIntelSender(t *testing.T) {
	ts := list(t, testTenant(), testAnchor.Add(-day), testAnchor, trace.Filter{Sender: "URCH@elchino-millions.site"})
	if len(ts) != 42 {
		t.Errorf("%d traces from %s, want 42", len(ts), intelSender)
	}
	var found bool
	for _, e := range IntelFeed() {
		if e.Indicator == intelSender {
			found = e.Kind == "email" && e.Confidence >= 85 &&
				slices.Contains(e.Labels, "KillChain/C2") && slices.Contains(e.Labels, "Malware/AgentTesla")
		}
	}
	if !found {
		t.Error("the intel feed does not list the incident-5 sender with high confidence and its labels")
	}
}

// Incident 6: inbound from unusual countries, outbound to embargoed ones.
func TestUnusualGeography(t *testing.T) {
	tn := testTenant()
	inc := Incidents(Options{Anchor: testAnchor})[5]
	in, out := map[string]int{}, map[string]int{}
	for _, r := range incidentRows(tn, 6, inc.Start, inc.End) {
		if r.ToIP != "" {
			out[GeoIP(r.ToIP)]++
		} else {
			in[GeoIP(r.FromIP)]++
		}
	}
	wantIn := map[string]int{"BR": 16, "NG": 14, "RU": 6, "VN": 12}
	wantOut := map[string]int{"IR": 6, "KP": 6}
	if !maps.Equal(in, wantIn) || !maps.Equal(out, wantOut) {
		t.Errorf("inbound by country %v, outbound %v; want %v, %v", in, out, wantIn, wantOut)
	}
}
