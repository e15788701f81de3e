package query

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// TestCampaignHistoryCountsForEveryMatchingCluster reproduces the large
// tenant's false campaign alerts: partners named "<stem> <n> Supply Co." send
// delivery notes and invoices every day. In one 15-minute window these come out
// as overlapping clusters (the delivery notes, and everything naming Harbor
// partners); each must find the days it was seen, or a partner's every-day mail
// scores as a new campaign.
func TestCampaignHistoryCountsForEveryMatchingCluster(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	var traces []trace.Trace
	day0 := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	add := func(at time.Time, p int, subject string) {
		n := len(traces)
		traces = append(traces, trace.Trace{ID: fmt.Sprintf("%08d-0000-4000-8000-000000000000", n), MessageID: fmt.Sprintf("<h%d@x>", n),
			Received: at, Sender: fmt.Sprintf("billing@partner%03d.example", p), Recipient: fmt.Sprintf("user%d@kunde.example", rng.IntN(50)),
			Subject: subject, Size: 10_000, Status: trace.StatusDelivered, FromIP: "80.1.0.1"})
	}
	stems := []string{"Harbor", "Mesa", "Summit"}
	// harbor is how much more the Harbor partners send than the others.
	partnerMail := func(d int, from, to time.Duration, each, harbor int) {
		for p := range 24 {
			name := fmt.Sprintf("%s %d Supply Co.", stems[p%len(stems)], 10+p)
			n := each
			if p%len(stems) == 0 {
				n *= harbor
			}
			for range n {
				at := day0.AddDate(0, 0, d).Add(from + time.Duration(rng.Int64N(int64(to-from))))
				if rng.IntN(2) == 0 {
					add(at, p, fmt.Sprintf("Delivery note %d - %s", 1000+rng.IntN(9000), name))
				} else {
					add(at, p, fmt.Sprintf("Invoice %d from %s", 1000+rng.IntN(9000), name))
				}
			}
		}
	}
	for d := -7; d < 0; d++ {
		partnerMail(d, 8*time.Hour, 17*time.Hour, 8, 1)
	}
	now := day0.Add(10 * time.Hour)
	// The window opens with a Mesa delivery note and a Summit invoice, so the
	// clusters of all delivery notes and all invoices come before the Harbor one
	// and would take its history templates first.
	add(now.Add(-15*time.Minute+time.Second), 1, "Delivery note 4242 - Mesa 11 Supply Co.")
	add(now.Add(-15*time.Minute+2*time.Second), 2, "Invoice 4343 from Summit 12 Supply Co.")
	partnerMail(0, 10*time.Hour-15*time.Minute+3*time.Second, 10*time.Hour, 1, 4)
	dict := table.NewDict()
	var tabs []*table.Table
	for d := -7; d <= 0; d++ {
		var of []trace.Trace
		for _, tr := range traces {
			if tr.Received.Truncate(24 * time.Hour).Equal(day0.AddDate(0, 0, d)) {
				of = append(of, tr)
			}
		}
		tabs = append(tabs, table.FromTraces(dict, of))
	}
	e := NewEngine(&fakeLoader{tabs: tabs}, Options{AcceptedDomains: []string{"kunde.example"}, Now: func() time.Time { return now }})
	q := dq(t, map[string]any{"queryType": "campaigns", "minMessages": 3, "historyDays": 7})
	q.TimeRange = TimeRange{From: now.Add(-15 * time.Minute), To: now}
	f := runOK(t, e, q)
	if f.Rows() < 2 {
		t.Fatalf("want overlapping clusters of the partners' mail, got %d rows", f.Rows())
	}
	for i := range f.Rows() {
		tmpl, seen, score := column(t, f, "template")[i], column(t, f, "daysSeen")[i], column(t, f, "score")[i].(float64)
		if seen != int64(7) || score >= 1 {
			t.Errorf("%q: daysSeen %v, score %.2f; want seen on all 7 days and a score below 1", tmpl, seen, score)
		}
	}
}
