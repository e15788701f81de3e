package columns

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/subject"
	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

func warmTables() []*table.Table {
	dict := table.NewDict()
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	var parts [][]trace.Trace
	for p, subjects := range [][]string{{"Invoice 4711 from Acme", "RE: Invoice 4712 from Acme"}, {"Lunch?", "請求書 No.12345"}} {
		var part []trace.Trace
		for i, s := range subjects {
			part = append(part, trace.Trace{ID: "id", MessageID: "m", Sender: "a@x.example", Recipient: "b@y.example",
				Subject: s, Received: at.Add(time.Duration(p*10+i) * time.Minute), Status: trace.StatusDelivered})
		}
		parts = append(parts, part)
	}
	tabs := make([]*table.Table, len(parts))
	for i, part := range parts {
		tabs[i] = table.FromTraces(dict, part)
	}
	return tabs
}

// Warming gives every subject of the tables its template, the same as a query
// would derive it, and the templates' infos.
func TestWarmDerivesSubjects(t *testing.T) {
	tabs := warmTables()
	view := tabs[0].Dict.View()
	c := NewCache(nil)
	if n := c.Underived(tabs, view); n != 4 {
		t.Fatalf("%d subjects underived before warming, want 4", n)
	}
	c.WarmSubjects(tabs, view, func() bool { return false })
	derived := c.derived.View()
	for _, tab := range tabs {
		for _, id := range tab.Subject {
			v := atomic.LoadUint32(&c.subject.slots(len(view))[id])
			if v == 0 || derived[v-1] != subject.Template(view[id]) {
				t.Errorf("subject %q: slot %d", view[id], v)
			}
		}
	}
	if len(c.templates) == 0 {
		t.Error("no template infos derived")
	}
	if n := c.Underived(tabs, view); n != 0 {
		t.Errorf("%d subjects underived after warming", n)
	}
}

// A retired cache's job stops at once.
func TestRetiredCacheStopsWarming(t *testing.T) {
	tabs := warmTables()
	view := tabs[0].Dict.View()
	c := NewCache(nil)
	c.Retire()
	c.WarmSubjects(tabs, view, func() bool { return false })
	if n := c.Underived(tabs, view); n != 4 {
		t.Errorf("retired cache: %d subjects left underived, want 4", n)
	}
}

// One job per dictionary at a time, and only for a dictionary that grew.
func TestClaimWarm(t *testing.T) {
	c := NewCache(nil)
	steps := []struct {
		n       int
		release bool // release the running job before claiming
		want    bool
	}{
		{10, false, true},
		{20, false, false}, // one is running
		{10, true, false},  // nothing new
		{11, false, true},
		{12, true, true},
	}
	for i, s := range steps {
		if s.release {
			c.ReleaseWarm()
		}
		if got := c.ClaimWarm(s.n); got != s.want {
			t.Errorf("step %d: claim(%d) = %v, want %v", i, s.n, got, s.want)
		}
	}
}
