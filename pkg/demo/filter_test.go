package demo

import (
	"strings"
	"testing"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// List with a filter returns exactly the unfiltered rows that a reference
// implementation of Graph's $filter keeps.
func TestFilter(t *testing.T) {
	tn := testTenant()
	from, to := testAnchor.Add(-day), testAnchor
	all := list(t, tn, from, to, trace.Filter{})
	sample := all[len(all)/2]
	out := firstWhere(all, func(tr trace.Trace) bool { return tr.ToIP != "" })
	tests := []struct {
		name    string
		f       trace.Filter
		keep    func(trace.Trace) bool
		atLeast int
	}{
		{"sender, other case", trace.Filter{Sender: "URCH@Elchino-Millions.site"}, func(tr trace.Trace) bool { return tr.Sender == intelSender }, 42},
		{"sender domain wildcard", trace.Filter{Sender: "*@example.com"}, func(tr trace.Trace) bool { return strings.HasSuffix(tr.Sender, "@example.com") }, 100},
		{"wildcard is not a suffix match", trace.Filter{Sender: "*@co.jp"}, func(tr trace.Trace) bool { return false }, 0},
		{"recipient", trace.Filter{Recipient: sample.Recipient}, func(tr trace.Trace) bool { return tr.Recipient == sample.Recipient }, 1},
		{"recipient domain", trace.Filter{Recipient: "*@freemail.example.net"}, func(tr trace.Trace) bool { return domainOf(tr.Recipient) == freemailDomain }, 38},
		{"status", trace.Filter{Status: trace.StatusQuarantined}, func(tr trace.Trace) bool { return tr.Status == trace.StatusQuarantined }, 100},
		{"status of the unsettled tail", trace.Filter{Status: trace.StatusPending}, func(tr trace.Trace) bool { return tr.Status == trace.StatusPending }, 1},
		{"id", trace.Filter{ID: strings.ToUpper(sample.ID)}, func(tr trace.Trace) bool { return tr.ID == sample.ID }, 1},
		{"messageId", trace.Filter{MessageID: sample.MessageID}, func(tr trace.Trace) bool { return tr.MessageID == sample.MessageID }, 1},
		{"fromIP", trace.Filter{FromIP: egressJP[0]}, func(tr trace.Trace) bool { return tr.FromIP == egressJP[0] }, 100},
		{"toIP", trace.Filter{ToIP: out.ToIP}, func(tr trace.Trace) bool { return tr.ToIP == out.ToIP }, 1},
		{"subject contains, Japanese", trace.Filter{Subject: "議事録"}, func(tr trace.Trace) bool { return strings.Contains(tr.Subject, "議事録") }, 10},
		{"subject contains is the default op", trace.Filter{Subject: "WEEKLY", SubjectOp: trace.SubjectContains}, func(tr trace.Trace) bool { return strings.Contains(strings.ToLower(tr.Subject), "weekly") }, 10},
		{"subject startsWith, any case", trace.Filter{Subject: "re: invoice", SubjectOp: trace.SubjectStartsWith}, func(tr trace.Trace) bool { return strings.HasPrefix(tr.Subject, "RE: Invoice") }, 50},
		{"subject endsWith", trace.Filter{Subject: "PAYMENT OVERDUE", SubjectOp: trace.SubjectEndsWith}, func(tr trace.Trace) bool { return strings.HasSuffix(tr.Subject, "payment overdue") }, 400},
		{"properties AND together", trace.Filter{Sender: compromisedBox, Status: trace.StatusFailed}, func(tr trace.Trace) bool { return tr.Sender == compromisedBox && tr.Status == trace.StatusFailed }, 1000},
		{"no match", trace.Filter{Sender: "nobody@nowhere.example"}, func(tr trace.Trace) bool { return false }, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := list(t, tn, from, to, tc.f)
			var want []trace.Trace
			for _, tr := range all {
				if tc.keep(tr) {
					want = append(want, tr)
				}
			}
			if len(got) != len(want) || len(got) < tc.atLeast {
				t.Fatalf("%d rows, want %d (at least %d)", len(got), len(want), tc.atLeast)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("row %d = %+v, want %+v", i, got[i], want[i])
				}
			}
		})
	}
}

func firstWhere(ts []trace.Trace, f func(trace.Trace) bool) trace.Trace {
	for _, tr := range ts {
		if f(tr) {
			return tr
		}
	}
	return trace.Trace{}
}
