package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// simClock is a discrete-event clock: time stands still while any worker is
// running and jumps to the earliest wake-up when all of them sleep. A request is
// therefore stamped at the fake with exactly the time its budget slot was taken,
// and an hour of budget waits takes milliseconds.
type simClock struct {
	mu       sync.Mutex
	now      time.Time
	active   int
	sleepers []*sleeper
}

type sleeper struct {
	until time.Time
	wake  chan struct{}
}

func (s *simClock) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

func (s *simClock) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	sl := &sleeper{until: s.now.Add(d), wake: make(chan struct{})}
	s.sleepers = append(s.sleepers, sl)
	s.active--
	s.advance()
	s.mu.Unlock()
	select {
	case <-sl.wake:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// done is called by a worker that will not sleep again.
func (s *simClock) done() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.active--
	s.advance()
}

// advance wakes the earliest sleepers once nobody is running; callers hold mu.
func (s *simClock) advance() {
	if s.active > 0 || len(s.sleepers) == 0 {
		return
	}
	sort.Slice(s.sleepers, func(i, j int) bool { return s.sleepers[i].until.Before(s.sleepers[j].until) })
	if t := s.sleepers[0].until; t.After(s.now) {
		s.now = t
	}
	rest := s.sleepers[:0]
	for _, sl := range s.sleepers {
		if sl.until.After(s.now) {
			rest = append(rest, sl)
			continue
		}
		s.active++
		close(sl.wake)
	}
	s.sleepers = rest
}

// maxInWindow is the largest number of stamps inside any [t, t+w).
func maxInWindow(stamps []time.Time, w time.Duration) int {
	sort.Slice(stamps, func(i, j int) bool { return stamps[i].Before(stamps[j]) })
	best, j := 0, 0
	for i := range stamps {
		for j < len(stamps) && stamps[j].Before(stamps[i].Add(w)) {
			j++
		}
		best = max(best, j-i)
	}
	return best
}

func TestBudgetHoldsUnder20ConcurrentQueries(t *testing.T) {
	const workers, budgetLimit = 20, 10
	sim := &simClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), active: workers}
	var f *fakeMS
	f = newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Query().Get("$skiptoken") == "" {
			page(w, rows(fmt.Sprintf("r%d", n), 2), f.tracesURL()+"?$skiptoken=2&w="+fmt.Sprint(n))
			return
		}
		page(w, rows(fmt.Sprintf("r%d", n), 1), "")
	})
	start := sim.Now()
	var mu sync.Mutex
	var stamps []time.Time
	f.graph = wrapStamp(f.graph, sim, &mu, &stamps)

	var wg sync.WaitGroup
	results := make([]trace.Result, workers)
	errs := make([]error, workers)
	for i := range workers {
		cfg := f.config()
		cfg.Now, cfg.Sleep = sim.Now, sim.Sleep
		cfg.MaxWait = 2 * time.Hour
		cfg.RequestBudget = budgetLimit
		if i%2 == 1 {
			cfg.RequestBudget = 50 // the smallest budget of the tenant's clients applies
		}
		c := f.client(cfg) // one Client per worker: the budget is shared per tenant
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer sim.done()
			results[i], errs[i] = c.List(context.Background(), trace.Request{From: start.AddDate(0, 0, -25), To: start})
		}()
	}
	wg.Wait()

	for i := range workers {
		if errs[i] != nil {
			t.Fatalf("worker %d: %v", i, errs[i])
		}
		assertUnique(t, results[i].Traces, 9) // 3 windows × (2 + 1) rows
	}
	if len(stamps) != workers*6 {
		t.Fatalf("%d requests, want %d", len(stamps), workers*6)
	}
	if got := maxInWindow(stamps, budgetWindow); got != budgetLimit {
		t.Errorf("max requests in a rolling 5 min = %d, want exactly the budget %d", got, budgetLimit)
	}
	// 120 requests at 10 per 5 min need 11 more windows after the first.
	if elapsed := sim.Now().Sub(start); elapsed != 55*time.Minute {
		t.Errorf("virtual time %v, want 55m", elapsed)
	}
}

func wrapStamp(next func(http.ResponseWriter, *http.Request, int), sim *simClock, mu *sync.Mutex, stamps *[]time.Time) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, r *http.Request, n int) {
		mu.Lock()
		*stamps = append(*stamps, sim.Now())
		mu.Unlock()
		next(w, r, n)
	}
}

func TestBudgetExhaustedReturnsPartialWithNotice(t *testing.T) {
	var f *fakeMS
	f = newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) {
		f.clock.Advance(130 * time.Second) // each query takes a while
		page(w, rows(fmt.Sprintf("w%d", n), 2), "")
	})
	now := f.clock.Now()
	cfg := f.config()
	cfg.RequestBudget = 2
	res, err := f.client(cfg).List(context.Background(), trace.Request{From: now.AddDate(0, 0, -45), To: now})
	if !errors.Is(err, ErrBudget) {
		t.Fatalf("err %v, want ErrBudget", err)
	}
	// Slots at t0 and t0+130 s; at t0+260 s the first frees at t0+300 s.
	if d, _ := RetryAfter(err); d != 40*time.Second {
		t.Errorf("retry after %v, want 40s", d)
	}
	want := "request budget exhausted (2 per 5 min); 3 of 5 windows not loaded, retrying in 40 s"
	if len(res.Notices) != 1 || res.Notices[0].Text != want || res.Notices[0].Severity != trace.SeverityWarning {
		t.Errorf("notices %+v", res.Notices)
	}
	assertUnique(t, res.Traces, 4)
	wantFrom := now.AddDate(0, 0, -20)
	if !res.CoveredFrom.Equal(wantFrom) || !res.CoveredTo.Equal(now) {
		t.Errorf("covered %v – %v, want the two newest windows from %v", res.CoveredFrom, res.CoveredTo, wantFrom)
	}
}

func TestBudgetWaitsWithinMaxWait(t *testing.T) {
	f := newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) { page(w, rows(fmt.Sprintf("w%d", n), 1), "") })
	cfg := f.config()
	cfg.RequestBudget = 2
	cfg.MaxWait = 10 * time.Minute
	now := f.clock.Now()
	res, err := f.client(cfg).List(context.Background(), trace.Request{From: now.AddDate(0, 0, -25), To: now})
	if err != nil {
		t.Fatal(err)
	}
	assertUnique(t, res.Traces, 3)
	if got := f.clock.Sleeps(); !reflect.DeepEqual(got, []time.Duration{budgetWindow}) {
		t.Errorf("sleeps %v, want one 5 min wait", got)
	}
}

func TestBudgetSmallestLiveLimitApplies(t *testing.T) {
	b := &budget{limits: map[uint64]int{}}
	a := b.register(90)
	c := b.register(30)
	if got := b.limit(); got != 30 {
		t.Errorf("limit %d, want 30", got)
	}
	b.unregister(c)
	if got := b.limit(); got != 90 {
		t.Errorf("after the strict client closed: limit %d, want 90", got)
	}
	b.unregister(a)
	if got := b.limit(); got != DefaultRequestBudget {
		t.Errorf("no clients: limit %d", got)
	}
}

func TestBudgetSharedAcrossClientsOfATenant(t *testing.T) {
	f := newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) { page(w, nil, "") })
	cfg := f.config()
	cfg.RequestBudget = 1
	cfg.MaxWait = -1 // never wait
	c1, c2 := f.client(cfg), f.client(cfg)
	if err := c1.Probe(context.Background()); err != nil {
		t.Fatal(err)
	}
	err := c2.Probe(context.Background())
	if d, ok := RetryAfter(err); !errors.Is(err, ErrBudget) || !ok || d != budgetWindow {
		t.Fatalf("second client of the tenant: err %v (retry %v)", err, d)
	}
	if n := len(f.requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	// Another Graph host is another quota.
	other := cfg
	other.GraphBaseURL = "https://graph-other.example"
	if c3 := f.client(other); c3.budget == c1.budget {
		t.Error("different Graph hosts share a budget")
	}
}

func TestThrottlePausesOtherCallers(t *testing.T) {
	var f *fakeMS
	f = newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "90")
		graphError(w, http.StatusTooManyRequests, "TooManyRequests", "slow down")
	})
	c := f.client(f.config())
	if err := c.Probe(context.Background()); !errors.Is(err, ErrThrottled) {
		t.Fatalf("err %v", err)
	}
	// A second caller does not even send: the tenant is paused for 90 s.
	err := c.Probe(context.Background())
	if d, _ := RetryAfter(err); !errors.Is(err, ErrThrottled) || d != 90*time.Second {
		t.Fatalf("err %v", err)
	}
	if n := len(f.requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}
