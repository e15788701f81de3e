package query

import (
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
	"github.com/exotrace/messagetrace-datasource/pkg/demo"
)

// After any query, every subject of the snapshot gets its template in the
// background (how, and that it is the template a query derives:
// pkg/columns' TestWarmDerivesSubjects).
func TestWarmDerivesSubjects(t *testing.T) {
	e, l := newFixtureEngine()
	runOK(t, e, dq(t, map[string]any{"queryType": "stats"}))
	e.warming.Wait()
	dict := l.tabs[0].Dict
	if n := e.cacheFor(dict).Underived(l.tabs, dict.View()); n != 0 {
		t.Errorf("%d subjects left underived after the background job", n)
	}
}

// A retired cache's job stops at once; Close waits for the job of a query and
// is idempotent; after it queries run and start no job.
func TestWarmingStops(t *testing.T) {
	l := loadDemo(t)
	e := NewEngine(l, Options{AcceptedDomains: demo.AcceptedDomains, Now: func() time.Time { return demoAnchor }})
	dict := l.tabs[0].Dict
	c, view := e.cacheFor(dict), dict.View()
	c.Retire()
	c.WarmSubjects(l.tabs, view, e.stopped)
	if n := c.Underived(l.tabs, view); n < 10_000 {
		t.Errorf("retired cache: only %d subjects left underived", n)
	}
	q := dq(t, map[string]any{"queryType": "stats"})
	q.TimeRange.From, q.TimeRange.To = demoAnchor.Add(-24*time.Hour), demoAnchor
	runOK(t, e, q)
	e.Close()
	e.Close()
	runOK(t, e, q)
	fresh := columns.NewCache(nil)
	e.warm(fresh, l.tabs, view)
	if !fresh.ClaimWarm(len(view)) {
		t.Error("a job was claimed after Close")
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
				resp := answer(e, dq(t, m))
				if resp.Error != nil || !reflect.DeepEqual(resp.Frames[0].Fields, want[i]) {
					t.Errorf("%v: %v", m["queryType"], resp.Error)
				}
			})
		}
		wg.Wait()
		e.Close()
	}
}
