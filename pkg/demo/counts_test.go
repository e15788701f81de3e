package demo

import (
	"maps"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// The numbers below are what Seed 1 and testAnchor produce. They are the
// figures docs/demo-tenant.md quotes; a change to the generator that moves
// them must update both (go test ./pkg/demo -run TestDoc -update).

func TestVolumes(t *testing.T) {
	tests := []struct {
		name     string
		from, to time.Time
		want     int
	}{
		{"last 24 h", testAnchor.Add(-day), testAnchor, 38908},
		{"last 7 days", testAnchor.Add(-7 * day), testAnchor, 187661},
		{"24 h a week earlier (no incidents)", testAnchor.Add(-8 * day), testAnchor.Add(-7 * day), 31931},
		{"Saturday JST", time.Date(2026, 11, 14, 0, 0, 0, 0, jst), time.Date(2026, 11, 14, 23, 59, 59, 999e6, jst), 10003},
		{"Wednesday JST", time.Date(2026, 11, 18, 0, 0, 0, 0, jst), time.Date(2026, 11, 18, 23, 59, 59, 999e6, jst), 30355},
	}
	tn := testTenant()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := len(rangeOf(t, tn, tc.from, tc.to)); got != tc.want {
				t.Errorf("traces = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestStatusMix(t *testing.T) {
	tests := []struct {
		name   string
		tenant *Tenant
		want   map[trace.Status]int
	}{
		{"baseline alone, last 24 h", quietTenant(), map[trace.Status]int{
			trace.StatusGettingStatus: 52, trace.StatusPending: 47, trace.StatusFailed: 377, trace.StatusDelivered: 30057,
			trace.StatusExpanded: 548, trace.StatusQuarantined: 637, trace.StatusFilteredAsSpam: 923,
		}},
		{"with incidents, last 24 h", testTenant(), map[trace.Status]int{
			trace.StatusGettingStatus: 52, trace.StatusPending: 47, trace.StatusFailed: 1890, trace.StatusDelivered: 32396,
			trace.StatusExpanded: 548, trace.StatusQuarantined: 2470, trace.StatusFilteredAsSpam: 1505,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := statusCounts(list(t, tc.tenant, testAnchor.Add(-day), testAnchor, trace.Filter{}))
			if !maps.Equal(got, tc.want) {
				t.Errorf("status counts = %v, want %v", got, tc.want)
			}
		})
	}
}

// The last ten minutes before now still show gettingStatus and pending, and
// nothing older does.
func TestUnsettledTail(t *testing.T) {
	tn := testTenant()
	for _, tr := range testDay(t) {
		unsettled := tr.Status == trace.StatusGettingStatus || tr.Status == trace.StatusPending
		if unsettled && testAnchor.Sub(tr.Received) > 10*time.Minute {
			t.Fatalf("%v row received %v before now", tr.Status, testAnchor.Sub(tr.Received))
		}
	}
	tail := statusCounts(list(t, tn, testAnchor.Add(-10*time.Minute), testAnchor, trace.Filter{}))
	if tail[trace.StatusGettingStatus] == 0 || tail[trace.StatusPending] == 0 {
		t.Errorf("tail = %v, want both gettingStatus and pending", tail)
	}
}
