package query

import (
	"context"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/demo"
)

// After any query, every subject of the snapshot gets its template in the
// background, the same as a query would derive it.
func TestWarmDerivesSubjects(t *testing.T) {
	e, l := newFixtureEngine()
	runOK(t, e, dq(t, map[string]any{"queryType": "stats"}))
	e.warming.Wait()
	dict := l.tabs[0].Dict
	c, view := e.cacheFor(dict), dict.View()
	derived := c.derived.View()
	for _, tab := range l.tabs {
		for _, id := range tab.Subject {
			v := atomic.LoadUint32(&c.subject.slots(len(view))[id])
			if v == 0 || derived[v-1] != subjectTemplate(view[id]) {
				t.Errorf("subject %q: slot %d", view[id], v)
			}
		}
	}
	if len(c.templates) == 0 {
		t.Error("no template infos derived")
	}
}

// One job per dictionary at a time, and only for a dictionary that grew.
func TestClaimWarm(t *testing.T) {
	c := newDictCache(nil)
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
			c.releaseWarm()
		}
		if got := c.claimWarm(s.n); got != s.want {
			t.Errorf("step %d: claim(%d) = %v, want %v", i, s.n, got, s.want)
		}
	}
}

// A retired cache's job stops at once; Close waits for the job of a query and
// is idempotent; after it queries run and start no job.
func TestWarmingStops(t *testing.T) {
	l := loadDemo(t)
	e := NewEngine(l, Options{AcceptedDomains: demo.AcceptedDomains, Now: func() time.Time { return demoAnchor }})
	dict := l.tabs[0].Dict
	c, view := e.cacheFor(dict), dict.View()
	c.retired.Store(true)
	e.warmSubjects(c, l.tabs, view)
	if n := len(c.subjects(view).missingIn(l.tabs, func() bool { return false })); n < 10_000 {
		t.Errorf("retired cache: only %d subjects left underived", n)
	}
	q := dq(t, map[string]any{"queryType": "stats"})
	q.TimeRange.From, q.TimeRange.To = demoAnchor.Add(-24*time.Hour), demoAnchor
	runOK(t, e, q)
	e.Close()
	e.Close()
	runOK(t, e, q)
	fresh := newDictCache(nil)
	e.warm(fresh, l.tabs, view)
	if fresh.warm != (warmState{}) {
		t.Errorf("a job was claimed after Close: %+v", fresh.warm)
	}
}

// Queries racing the background job give what a fresh engine gives.
func TestWarmingRacesQueries(t *testing.T) {
	models := []map[string]any{{"queryType": "keywords"}, {"queryType": "campaigns", "minMessages": 2},
		{"queryType": "top", "groupBy": []string{"subjectTemplate"}}}
	want := make([]any, len(models))
	for i, m := range models {
		e, _ := newFixtureEngine()
		want[i] = runOK(t, e, dq(t, m)).Fields
		e.Close()
	}
	for range 20 {
		e, _ := newFixtureEngine()
		runOK(t, e, dq(t, map[string]any{"queryType": "stats"})) // starts a job
		var wg sync.WaitGroup
		for i, m := range models {
			wg.Go(func() {
				resp := e.Run(context.Background(), dq(t, m))
				if resp.Error != nil || !reflect.DeepEqual(resp.Frames[0].Fields, want[i]) {
					t.Errorf("%v: %v", m["queryType"], resp.Error)
				}
			})
		}
		wg.Wait()
		e.Close()
	}
}
