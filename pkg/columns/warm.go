package columns

import (
	"slices"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
)

// warmBatch is how many subjects a job derives between checks for a stop.
const warmBatch = 1024

// warmState is the warming of one Cache, guarded by Cache.mu.
type warmState struct {
	running bool
	upTo    int // dictionary length the last job started from
}

// WarmSubjects derives the templates of the subjects of tabs (on the
// dictionary of c, read as view) and their infos, in batches, until done or
// until stopped says so or c is retired. Call it only after ClaimWarm said yes,
// and ReleaseWarm after.
func (c *Cache) WarmSubjects(tabs []*table.Table, view []string, stopped func() bool) {
	stop := func() bool { return stopped() || c.retired.Load() }
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
		_, distinct := CountKeys(tmpl, c.derived.Len())
		c.TemplateInfos(distinct)
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

// ClaimWarm reports whether a job may start for a dictionary of n strings.
func (c *Cache) ClaimWarm(n int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.warm.running || n <= c.warm.upTo {
		return false
	}
	c.warm = warmState{running: true, upTo: n}
	return true
}

// ReleaseWarm ends the job ClaimWarm allowed.
func (c *Cache) ReleaseWarm() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.warm.running = false
}

// Underived counts the distinct subjects of tabs (on the dictionary read as
// view) that have no template yet: what warming has left to do.
func (c *Cache) Underived(tabs []*table.Table, view []string) int {
	return len(c.subjects(view).missingIn(tabs, func() bool { return false }))
}
