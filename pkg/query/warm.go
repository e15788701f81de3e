package query

import (
	"slices"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
)

// Background warming. Deriving the template of every distinct subject is most of
// the first keywords or campaigns query over new data (70,000 subjects of the
// benchmark tenant take about 30 ms of CPU). So after a query whose snapshot
// holds strings the engine had not seen, the engine derives the templates of the
// snapshot's subjects in the background: a dashboard resolves its variables with
// values queries before its panels run, so its keywords and campaigns panels
// find the work done, as does the first such query after new buckets or after
// the store rebuilt its dictionary. The job starts after the query, not beside
// it, so as not to slow it; there is one job per dictionary at a time; it stops
// at Close or when its dictionary is dropped.

// warmBatch is how many subjects a job derives between checks for a stop.
const warmBatch = 1024

// warmState is the warming of one dictCache, guarded by dictCache.mu.
type warmState struct {
	running bool
	upTo    int // dictionary length the last job started from
}

// warm starts a job deriving what tabs (on the dictionary of c, read as view)
// need, unless one is running or no string is new since the last job.
func (e *Engine) warm(c *dictCache, tabs []*table.Table, view []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed || len(tabs) == 0 || !c.claimWarm(len(view)) {
		return
	}
	e.warming.Add(1)
	go func() {
		defer e.warming.Done()
		defer c.releaseWarm()
		e.warmSubjects(c, tabs, view)
	}()
}

// warmSubjects derives the templates of the subjects of tabs and their infos.
func (e *Engine) warmSubjects(c *dictCache, tabs []*table.Table, view []string) {
	stop := func() bool { return e.stopped() || c.retired.Load() }
	subjects := c.subjects(view)
	missing := subjects.missingIn(tabs, stop)
	for part := range slices.Chunk(missing, warmBatch) {
		if stop() {
			return
		}
		subjects.fill(part)
	}
	tmpl := make([]uint32, len(missing))
	for i, id := range missing {
		tmpl[i] = subjects.template(id)
	}
	if !stop() {
		_, distinct := countKeys(tmpl, c.derived.Len())
		c.templateInfos(distinct)
	}
}

// missingIn lists the distinct subject ids of tabs without a template yet,
// newest first (queries fill oldest first, so the two meet rather than
// duplicate); nothing once stop says so.
func (s subjectView) missingIn(tabs []*table.Table, stop func() bool) []uint32 {
	seen := make([]bool, len(s.view))
	for _, t := range tabs {
		if stop() {
			return nil
		}
		for _, id := range t.Subject {
			seen[id] = true
		}
	}
	out := s.unfilled(seen)
	slices.Reverse(out)
	return out
}

// claimWarm reports whether a job may start for a dictionary of n strings.
func (c *dictCache) claimWarm(n int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.warm.running || n <= c.warm.upTo {
		return false
	}
	c.warm = warmState{running: true, upTo: n}
	return true
}

func (c *dictCache) releaseWarm() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.warm.running = false
}

func (e *Engine) stopped() bool {
	select {
	case <-e.done:
		return true
	default:
		return false
	}
}

// Close stops background work and waits for it to end. Queries still run after
// Close, without starting any.
func (e *Engine) Close() {
	e.mu.Lock()
	if !e.closed {
		e.closed = true
		close(e.done)
	}
	e.mu.Unlock()
	e.warming.Wait()
}
