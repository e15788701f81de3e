package query

import (
	"github.com/exotrace/messagetrace-datasource/pkg/columns"
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

// warm starts a job deriving what tabs (on the dictionary of c, read as view)
// need, unless one is running or no string is new since the last job.
func (e *Engine) warm(c *columns.Cache, tabs []*table.Table, view []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed || len(tabs) == 0 || !c.ClaimWarm(len(view)) {
		return
	}
	e.warming.Add(1)
	go func() {
		defer e.warming.Done()
		defer c.ReleaseWarm()
		c.WarmSubjects(tabs, view, e.stopped)
	}()
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
