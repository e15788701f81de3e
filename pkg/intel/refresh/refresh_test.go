package refresh

import (
	"context"
	"errors"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/intel"
	"github.com/exotrace/messagetrace-datasource/pkg/intel/feedhttp"
)

// fake answers each Fetch with the next scripted result and records calls.
type fake struct {
	mu     sync.Mutex
	script []result
	calls  int
	prevs  []*intel.Snapshot
}

type result struct {
	snap *intel.Snapshot
	err  error
}

func (f *fake) Fetch(_ context.Context, prev *intel.Snapshot) (*intel.Snapshot, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.prevs = append(f.prevs, prev)
	r := f.script[min(f.calls, len(f.script)-1)]
	f.calls++
	if r.snap == nil && r.err == nil {
		return prev, nil // not modified
	}
	return r.snap, r.err
}

func snap(values ...string) *intel.Snapshot {
	s := &intel.Snapshot{}
	for _, v := range values {
		s.Indicators = append(s.Indicators, intel.Indicator{Value: v, Confidence: 90})
	}
	return s
}

// waitFor polls until cond holds; it synchronises with the background fetch and
// fails after 5 s rather than timing anything.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestOneProviderDownOthersMatch(t *testing.T) {
	good := &fake{script: []result{{snap: snap("evil.example", "203.0.113.9")}}}
	down := &fake{script: []result{{err: &feedhttp.StatusError{Provider: "MISP", Code: 503}}}}
	m := Start([]Provider{{ID: "a", Name: "Lists", Source: good}, {ID: "b", Name: "MISP", Source: down}}, Options{Backoff: time.Hour})
	defer m.Close()
	waitFor(t, "both providers tried", func() bool {
		s := m.Status()
		return s[0].State == StateOK && s[1].State == StateDown
	})
	if got := m.Feed().MatchAddress("x@mail.evil.example"); len(got) != 1 || got[0].Provider != "Lists" {
		t.Errorf("MatchAddress = %+v", got)
	}
	if got := m.Feed().MatchIP(netip.MustParseAddr("203.0.113.9")); len(got) != 1 {
		t.Errorf("MatchIP = %+v", got)
	}
	n := m.Notices()
	if len(n) != 1 || n[0] != "Threat-intel provider MISP is unavailable, its indicators are not matched: MISP answered HTTP 503 Service Unavailable" {
		t.Errorf("Notices = %q", n)
	}
	if s := m.Status()[0]; s.Indicators != 2 || s.Err != nil {
		t.Errorf("status = %+v", s)
	}
}

func TestLastGoodCopyKeptAcrossFailuresAndRestarts(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	src := &fake{script: []result{{snap: &intel.Snapshot{Indicators: []intel.Indicator{{Value: "evil.example", Confidence: 90, Ref: "r1"}}, Cursor: "m-1"}}}}
	m := Start([]Provider{{ID: "cs", Name: "CrowdStrike", Source: src, Every: time.Hour}}, Options{Dir: dir, Scope: "uid-1", Now: clock})
	waitFor(t, "first fetch", func() bool { return m.Status()[0].State == StateOK })
	m.Close()

	// Restarted with the provider down: the persisted copy answers, marked stale.
	broken := &fake{script: []result{{err: errors.New("dial tcp: connection refused")}}}
	m2 := Start([]Provider{{ID: "cs", Name: "CrowdStrike", Source: broken, Every: time.Hour}}, Options{Dir: dir, Scope: "uid-1", Now: func() time.Time { return now.Add(2 * time.Hour) }, Backoff: time.Hour})
	defer m2.Close()
	if got := m2.Feed().MatchAddress("a@evil.example"); len(got) != 1 || got[0].Provider != "CrowdStrike" {
		t.Fatalf("restored feed = %+v", got)
	}
	waitFor(t, "refresh after restart", func() bool { return m2.Status()[0].State == StateStale })
	st := m2.Status()[0]
	if !st.LastSuccess.Equal(now) || st.Indicators != 1 || !strings.Contains(st.Err.Error(), "connection refused") {
		t.Errorf("status = %+v", st)
	}
	broken.mu.Lock()
	prev := broken.prevs[0]
	broken.mu.Unlock()
	if prev == nil || prev.Cursor != "m-1" {
		t.Errorf("the restored cursor was not handed to the source: %+v", prev)
	}
	if n := m2.Notices(); len(n) != 1 || !strings.Contains(n[0], "could not be refreshed, matching its copy of 2026-12-04 10:00 UTC") {
		t.Errorf("Notices = %q", n)
	}

	// Another data source (scope) does not see the copy.
	m3 := Start([]Provider{{ID: "cs", Name: "CrowdStrike", Source: broken}}, Options{Dir: dir, Scope: "uid-2", Backoff: time.Hour})
	defer m3.Close()
	if got := m3.Feed().MatchAddress("a@evil.example"); len(got) != 0 {
		t.Errorf("scope uid-2 sees uid-1's copy: %+v", got)
	}
}

func TestPersistedCopyNotRefetchedBeforeDue(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	src := &fake{script: []result{{snap: snap("evil.example")}}}
	m := Start([]Provider{{ID: "l", Name: "L", Source: src, Every: time.Hour}}, Options{Dir: dir, Now: func() time.Time { return now }})
	waitFor(t, "fetch", func() bool { return m.Status()[0].State == StateOK })
	m.Close()
	src2 := &fake{script: []result{{snap: snap("other.example")}}}
	m2 := Start([]Provider{{ID: "l", Name: "L", Source: src2, Every: time.Hour}}, Options{Dir: dir, Now: func() time.Time { return now.Add(10 * time.Minute) }})
	defer m2.Close()
	waitFor(t, "schedule", func() bool { return m2.Status()[0].NextAttempt.Equal(now.Add(time.Hour)) })
	src2.mu.Lock()
	defer src2.mu.Unlock()
	if src2.calls != 0 {
		t.Errorf("fetched %d times before the copy was due", src2.calls)
	}
}

func TestBackoff(t *testing.T) {
	w := &worker{m: &Manager{opts: Options{Backoff: 30 * time.Second}}, p: Provider{Every: time.Hour}}
	tests := []struct {
		fails int
		err   error
		want  time.Duration
	}{
		{1, errors.New("x"), 30 * time.Second},
		{2, errors.New("x"), time.Minute},
		{4, errors.New("x"), 4 * time.Minute},
		{10, errors.New("x"), time.Hour}, // capped at the interval
		{1, &feedhttp.StatusError{Code: 429, RetryAfter: 10 * time.Minute}, 10 * time.Minute},
		{3, &feedhttp.StatusError{Code: 429, RetryAfter: 10 * time.Second}, 2 * time.Minute},
	}
	for _, tc := range tests {
		w.fails = tc.fails
		if got := w.backoffLocked(tc.err); got != tc.want {
			t.Errorf("backoff after %d failures (%v) = %s, want %s", tc.fails, tc.err, got, tc.want)
		}
	}
}
