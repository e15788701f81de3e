package demo

import (
	"context"
	"encoding/xml"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Details tells a story consistent with the row's status: which events,
// in order, ending with the event that status implies.
func TestDetailsByStatus(t *testing.T) {
	tn := testTenant()
	all := testDay(t)
	tests := []struct {
		name      string
		pick      func(trace.Trace) bool
		first     string
		last      string
		hasSpamDx bool
	}{
		{"internal delivered", func(tr trace.Trace) bool {
			return isInternal(tr.Sender) && isInternal(tr.Recipient) && tr.Status == trace.StatusDelivered
		}, "Submit", "Deliver", false},
		{"outbound delivered", func(tr trace.Trace) bool {
			return isInternal(tr.Sender) && tr.ToIP != "" && tr.Status == trace.StatusDelivered
		}, "Submit", "Send external", false},
		{"inbound delivered", func(tr trace.Trace) bool { return !isInternal(tr.Sender) && tr.Status == trace.StatusDelivered }, "Receive", "Deliver", true},
		{"expanded", func(tr trace.Trace) bool { return isInternal(tr.Sender) && tr.Status == trace.StatusExpanded }, "Submit", "Expand", false},
		{"expanded inbound", func(tr trace.Trace) bool { return !isInternal(tr.Sender) && tr.Status == trace.StatusExpanded }, "Receive", "Expand", true},
		{"failed outbound", func(tr trace.Trace) bool { return isInternal(tr.Sender) && tr.Status == trace.StatusFailed }, "Submit", "Fail", false},
		{"failed inbound", func(tr trace.Trace) bool { return !isInternal(tr.Sender) && tr.Status == trace.StatusFailed }, "Receive", "Fail", true},
		{"quarantined", func(tr trace.Trace) bool { return tr.Status == trace.StatusQuarantined }, "Receive", "Quarantine", true},
		{"filteredAsSpam", func(tr trace.Trace) bool { return tr.Status == trace.StatusFilteredAsSpam }, "Receive", "Fail", true},
		{"gettingStatus", func(tr trace.Trace) bool { return tr.Status == trace.StatusGettingStatus && isInternal(tr.Sender) }, "Submit", "Receive", false},
		{"pending", func(tr trace.Trace) bool { return tr.Status == trace.StatusPending }, "", "Defer", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr := firstWhere(all, tc.pick)
			if tr.ID == "" {
				t.Fatal("no such row")
			}
			ds, err := tn.Details(context.Background(), tr.ID, strings.ToUpper(tr.Recipient))
			if err != nil {
				t.Fatal(err)
			}
			if len(ds) < 2 || tc.first != "" && ds[0].Event != tc.first || ds[len(ds)-1].Event != tc.last {
				t.Fatalf("events %v, want %s ... %s", eventNames(ds), tc.first, tc.last)
			}
			spamDx := false
			for i, d := range ds {
				spamDx = spamDx || d.Event == "Spam Diagnostics"
				if d.ID != tr.ID || d.MessageID != tr.MessageID || d.Description == "" || d.Time.After(testAnchor) ||
					i > 0 && d.Time.Before(ds[i-1].Time) {
					t.Fatalf("bad event %d: %+v", i, d)
				}
				if err := xml.Unmarshal([]byte(d.Data), new(struct{})); err != nil {
					t.Fatalf("data of %s is not XML: %v: %s", d.Event, err, d.Data)
				}
			}
			if spamDx != tc.hasSpamDx {
				t.Errorf("Spam Diagnostics present = %v, want %v: %v", spamDx, tc.hasSpamDx, eventNames(ds))
			}
		})
	}
}

func eventNames(ds []trace.Detail) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Event)
	}
	return out
}

func TestDetailsNotFound(t *testing.T) {
	tn := testTenant()
	tr := list(t, tn, testAnchor.Add(-time.Hour), testAnchor, trace.Filter{})[0]
	future := list(t, New(Options{Anchor: testAnchor, Now: func() time.Time { return testAnchor.Add(time.Hour) }}),
		testAnchor.Add(time.Minute), testAnchor.Add(time.Hour), trace.Filter{})[0]
	tests := []struct{ name, id, recipient string }{
		{"not a GUID", "nope", tr.Recipient},
		{"unknown GUID", "c1d2e3f4-5678-49ab-9cde-0123456789ab", tr.Recipient},
		{"wrong recipient", tr.ID, "someone@example.co.jp"},
		{"after now", future.ID, future.Recipient},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tn.Details(context.Background(), tc.id, tc.recipient); !errors.Is(err, ErrNotFound) {
				t.Errorf("err = %v, want ErrNotFound", err)
			}
		})
	}
}

func TestIDCarriesHour(t *testing.T) {
	for _, tr := range list(t, testTenant(), testAnchor.Add(-3*time.Hour), testAnchor, trace.Filter{}) {
		h, ok := hourOfID(tr.ID)
		if !ok || h != hourOf(tr.Received.UnixMilli()) {
			t.Fatalf("id %s decodes to hour %d (%v), row is in %d", tr.ID, h, ok, hourOf(tr.Received.UnixMilli()))
		}
	}
}
