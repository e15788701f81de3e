// Package refresh keeps threat-intel providers' indicators current: each
// provider is fetched in the background on its own schedule, with exponential
// backoff (and the server's retry hint) after failures. The last good copy of
// each is kept across failed refreshes and, persisted to a file, across
// restarts; a provider that is down only costs its own indicators.
package refresh

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/intel"
	"github.com/exotrace/messagetrace-datasource/pkg/intel/feedhttp"
)

// Provider is one source with its schedule.
type Provider struct {
	// ID is stable across restarts (it names the persisted file); Name is shown.
	ID, Name string
	Source   intel.Source
	Every    time.Duration // refresh interval; default DefaultEvery
}

// Defaults.
const (
	DefaultEvery   = time.Hour
	DefaultTimeout = 5 * time.Minute
	MinBackoff     = 30 * time.Second
)

// Options tune a Manager.
type Options struct {
	// Dir holds the persisted copies; empty keeps them in memory only.
	Dir string
	// Scope keeps the files of two data sources apart (their UID).
	Scope   string
	Timeout time.Duration // per fetch; default DefaultTimeout
	Backoff time.Duration // first wait after a failure; default MinBackoff
	Now     func() time.Time
}

// State is where a provider stands.
type State string

// States.
const (
	StateLoading State = "loading" // no copy yet, first fetch under way
	StateOK      State = "ok"
	StateStale   State = "stale" // the last refresh failed; an older copy is in use
	StateDown    State = "down"  // no copy at all: its indicators are missing
)

// Status is one provider's health.
type Status struct {
	ID, Name    string
	State       State
	Indicators  int
	Skipped     int       // entries the provider sent that are not usable
	LastSuccess time.Time // when the copy in use was fetched
	NextAttempt time.Time
	Err         error // the last failure, nil after a success
}

// Manager runs the providers.
type Manager struct {
	opts    Options
	workers []*worker
	feed    atomic.Pointer[intel.Multi]
	version atomic.Uint64
	cancel  context.CancelFunc
	done    sync.WaitGroup
}

type worker struct {
	m  *Manager
	p  Provider
	mu sync.Mutex
	st Status
	// snap is the last good copy; feed its index.
	snap *intel.Snapshot
	feed *intel.Static
	// fails counts consecutive failures, for the backoff.
	fails int
}

// Start loads persisted copies and starts one goroutine per provider. Close
// stops them.
func Start(providers []Provider, opts Options) *Manager {
	if opts.Timeout == 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Backoff == 0 {
		opts.Backoff = MinBackoff
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := &Manager{opts: opts, cancel: cancel}
	for _, p := range providers {
		if p.Every <= 0 {
			p.Every = DefaultEvery
		}
		w := &worker{m: m, p: p, st: Status{ID: p.ID, Name: p.Name, State: StateLoading}}
		w.restore()
		m.workers = append(m.workers, w)
	}
	m.rebuild()
	for _, w := range m.workers {
		m.done.Add(1)
		go func() {
			defer m.done.Done()
			w.run(ctx)
		}()
	}
	return m
}

// Close stops the refreshes and waits for them.
func (m *Manager) Close() {
	m.cancel()
	m.done.Wait()
}

// Feed is the union of every provider's last good copy. It is replaced, not
// changed, on refresh: take it again (or compare Version) to see new data.
func (m *Manager) Feed() intel.Feed { return *m.feed.Load() }

// Version changes whenever Feed does.
func (m *Manager) Version() uint64 { return m.version.Load() }

// Status lists the providers in configuration order.
func (m *Manager) Status() []Status {
	out := make([]Status, len(m.workers))
	for i, w := range m.workers {
		w.mu.Lock()
		out[i] = w.st
		w.mu.Unlock()
	}
	return out
}

// Notices are one line per provider whose indicators are missing or old, for
// the queries that match against them; none when all are current.
func (m *Manager) Notices() []string {
	var out []string
	for _, s := range m.Status() {
		switch s.State {
		case StateDown:
			out = append(out, fmt.Sprintf("Threat-intel provider %s is unavailable, its indicators are not matched: %v", s.Name, s.Err))
		case StateStale:
			out = append(out, fmt.Sprintf("Threat-intel provider %s could not be refreshed, matching its copy of %s: %v", s.Name, s.LastSuccess.UTC().Format("2006-01-02 15:04 MST"), s.Err))
		case StateLoading:
			out = append(out, fmt.Sprintf("Threat-intel provider %s is still loading, its indicators are not matched yet", s.Name))
		}
	}
	return out
}

func (m *Manager) rebuild() {
	feeds := make(intel.Multi, 0, len(m.workers))
	for _, w := range m.workers {
		w.mu.Lock()
		if w.feed != nil {
			feeds = append(feeds, w.feed)
		}
		w.mu.Unlock()
	}
	m.feed.Store(&feeds)
	m.version.Add(1)
}

func (w *worker) run(ctx context.Context) {
	wait := time.Duration(0)
	if w.snap != nil { // a persisted copy: refresh when it is due
		wait = max(0, w.snap.Fetched.Add(w.p.Every).Sub(w.m.opts.Now()))
	}
	for {
		w.setNext(wait)
		if feedhttp.Sleep(ctx, wait) != nil {
			return
		}
		wait = w.refresh(ctx)
	}
}

// refresh fetches once and returns the wait before the next attempt.
func (w *worker) refresh(ctx context.Context) time.Duration {
	fctx, cancel := context.WithTimeout(ctx, w.m.opts.Timeout)
	defer cancel()
	w.mu.Lock()
	prev := w.snap
	w.mu.Unlock()
	snap, err := w.p.Source.Fetch(fctx, prev)
	if ctx.Err() != nil {
		return 0
	}
	if snap != nil && snap != prev {
		w.accept(snap)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err == nil {
		w.fails, w.st.Err = 0, nil
		w.st.State = StateOK
		if snap == prev && prev != nil { // not modified: the copy is current again
			prev.Fetched = w.m.opts.Now()
			w.st.LastSuccess = prev.Fetched
			w.persistLocked()
		}
		return w.p.Every
	}
	w.fails++
	w.st.Err = err
	w.st.State = StateDown
	if w.snap != nil {
		w.st.State = StateStale
	}
	return w.backoffLocked(err)
}

func (w *worker) backoffLocked(err error) time.Duration {
	d := w.m.opts.Backoff << min(w.fails-1, 16)
	d = min(d, w.p.Every)
	var se *feedhttp.StatusError
	if errors.As(err, &se) && se.RetryAfter > d {
		d = se.RetryAfter
	}
	return d
}

func (w *worker) accept(snap *intel.Snapshot) {
	if snap.Fetched.IsZero() {
		snap.Fetched = w.m.opts.Now()
	}
	for i := range snap.Indicators {
		if snap.Indicators[i].Provider == "" {
			snap.Indicators[i].Provider = w.p.Name
		}
	}
	feed, skipped := intel.Collect(snap.Indicators)
	w.mu.Lock()
	w.snap, w.feed = snap, feed
	w.st.Indicators, w.st.Skipped, w.st.LastSuccess = feed.Len(), snap.Skipped+skipped, snap.Fetched
	w.persistLocked()
	w.mu.Unlock()
	w.m.rebuild()
}

func (w *worker) setNext(d time.Duration) {
	w.mu.Lock()
	w.st.NextAttempt = w.m.opts.Now().Add(d)
	w.mu.Unlock()
}

// path is the persisted copy's file: scope and id hashed, so no setting can
// point it outside Dir.
func (w *worker) path() string {
	if w.m.opts.Dir == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(w.m.opts.Scope + "\x00" + w.p.ID))
	return filepath.Join(w.m.opts.Dir, "intel-"+hex.EncodeToString(sum[:8])+".json")
}

// persistLocked writes the snapshot atomically; a failure is not fatal (the
// copy stays in memory) and is not reported as the provider's error.
func (w *worker) persistLocked() {
	p := w.path()
	if p == "" || w.snap == nil {
		return
	}
	b, err := json.Marshal(w.snap)
	if err != nil {
		return
	}
	if os.MkdirAll(filepath.Dir(p), 0o700) != nil {
		return
	}
	tmp := p + ".tmp"
	if os.WriteFile(tmp, b, 0o600) == nil {
		_ = os.Rename(tmp, p)
	}
}

// restore loads the persisted copy, if any, as the last good one.
func (w *worker) restore() {
	p := w.path()
	if p == "" {
		return
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return
	}
	var snap intel.Snapshot
	if json.Unmarshal(b, &snap) != nil {
		return // a damaged copy is refetched
	}
	feed, skipped := intel.Collect(snap.Indicators)
	w.snap, w.feed = &snap, feed
	w.st.State = StateOK
	w.st.Indicators, w.st.Skipped, w.st.LastSuccess = feed.Len(), snap.Skipped+skipped, snap.Fetched
}
