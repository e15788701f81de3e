package store

import "github.com/exotrace/messagetrace-datasource/pkg/table"

// compaction is a dictionary rebuild in progress: the tables it re-encodes, as
// they were when it started.
type compaction struct {
	dict    *table.Dict
	buckets []*bucket
	tabs    []*table.Table
	dead    int64 // dead rows it accounts for
}

// maybeCompact starts a rebuild of the dictionary in the background once a fifth
// of the rows it was built for are gone. Rebuilding touches every live row
// (about 0.7 s per million), so it runs outside the store lock.
func (s *Store) maybeCompact() {
	if s.closed || s.compacting || s.mem.dead == 0 || s.mem.dead*4 < s.mem.live {
		return
	}
	job := s.startCompaction()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.finishCompaction(job)
	}()
}

// startCompaction captures the live tables; the caller holds s.mu.
func (s *Store) startCompaction() compaction {
	s.compacting = true
	job := compaction{dict: s.dict, dead: s.mem.dead}
	s.each(func(b *bucket) {
		if b.tab != nil {
			job.buckets = append(job.buckets, b)
			job.tabs = append(job.tabs, b.tab)
		}
	})
	return job
}

// finishCompaction builds the new dictionary and tables without the lock, then
// installs them. Tables published meanwhile (on the old dictionary) are
// re-encoded on install; fetches still running re-encode on publish. Snapshots
// handed out keep the old dictionary alive until they are dropped.
func (s *Store) finishCompaction(job compaction) {
	nd, tabs := job.rebuild()
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, b := range job.buckets {
		if b.tab == job.tabs[i] { // unchanged and still cached
			s.setTable(b, tabs[i])
		}
	}
	s.dict = nd
	s.each(func(b *bucket) {
		if b.tab != nil && b.tab.Dict != nd {
			s.setTable(b, reencode(b.tab, nd))
		}
	})
	s.mem.dict, s.mem.dictCounted = 0, 0
	s.accountDict()
	s.mem.dead = max(0, s.mem.dead-job.dead)
	s.compacting = false
	s.count.compactions++
	s.evict() // the exact dictionary size may call for more eviction
}

// rebuild returns a dictionary of the strings the tables use, in their old
// order, and the tables re-encoded on it. The new Dict copies the strings into
// its own blocks, so the old blocks, dead strings and all, go with the old Dict.
func (job compaction) rebuild() (*table.Dict, []*table.Table) {
	old := job.dict.View()
	used := make([]bool, len(old))
	for _, t := range job.tabs {
		for _, col := range idColumns(t) {
			for _, id := range *col {
				used[id] = true
			}
		}
		for i := range t.IDText {
			if id, ok := t.TraceID(i).DictID(); ok {
				used[id] = true
			}
		}
	}
	nd := table.NewDict()
	remap := make([]uint32, len(old))
	for id, str := range old {
		if used[id] {
			remap[id] = nd.ID(str)
		}
	}
	tabs := make([]*table.Table, len(job.tabs))
	for i, t := range job.tabs {
		tabs[i] = remapTable(t, nd, func(id uint32) uint32 { return remap[id] })
	}
	return nd, tabs
}

// reencode moves a table built on an older dictionary onto d.
func reencode(t *table.Table, d *table.Dict) *table.Table {
	v := t.Dict.View()
	return remapTable(t, d, func(id uint32) uint32 { return d.ID(v[id]) })
}

// remapTable returns t on dictionary d with every string id mapped by fn. The
// numeric columns and the GUIDs are shared: tables are immutable.
func remapTable(t *table.Table, d *table.Dict, fn func(uint32) uint32) *table.Table {
	out := &table.Table{Dict: d, Time: t.Time, Size: t.Size, Status: t.Status, ID: t.ID}
	dst := idColumns(out)
	for i, col := range idColumns(t) {
		m := make([]uint32, len(*col))
		for j, id := range *col {
			m[j] = fn(id)
		}
		*dst[i] = m
	}
	if t.IDText != nil {
		out.IDText = make([]uint32, len(t.IDText))
		for i := range t.IDText {
			if id, ok := t.TraceID(i).DictID(); ok {
				out.IDText[i] = table.TextID(fn(id)).Text
			}
		}
	}
	return out
}

// idColumns points at the dictionary-id columns of t; the trace id has its own
// encoding (table.TraceID).
func idColumns(t *table.Table) []*[]uint32 {
	return []*[]uint32{&t.MessageID, &t.Sender, &t.Recipient, &t.Subject, &t.FromIP, &t.ToIP}
}
