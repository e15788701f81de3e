package store

import (
	"cmp"
	"slices"
	"unsafe"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Memory accounting.
//
// Columns are counted exactly by capacity, plus a fixed overhead per bucket. The
// dictionary is append-only: strings of evicted rows stay in it until it is
// rebuilt. Each string is counted as its bytes plus dictEntryOverhead (its header
// in the id→string slice and its slot in the string→id map, with their growth
// slack). For the cap, the dictionary is discounted by the share of rows that are
// gone since it was built (live / (live + dead)), the size it would have after a
// rebuild if strings were spread evenly over rows; most dictionary bytes are
// Message-IDs, one per message, so that is close. When dead rows reach a quarter of live rows
// the dictionary is rebuilt from the live tables (in the background, see
// compact.go) and the estimate becomes exact again, so real memory exceeds
// MaxBytes by about a fifth of the dictionary at most.
const (
	bucketOverhead    = int64(unsafe.Sizeof(bucket{}) + unsafe.Sizeof(table.Table{}) + 64)
	dictEntryOverhead = 72
)

// memory holds the accounted figures; guarded by Store.mu.
type memory struct {
	columns     int64 // column bytes + bucket overhead
	dict        int64 // dictionary estimate
	dictCounted int   // dictionary strings included in dict
	live, dead  int64 // rows in buckets; rows dropped since the dictionary was built
}

// accounted is what MaxBytes is compared with.
func (m *memory) accounted() int64 {
	if m.dead == 0 {
		return m.columns + m.dict
	}
	return m.columns + int64(float64(m.dict)*float64(m.live)/float64(m.live+m.dead))
}

func tableBytes(t *table.Table) int64 {
	if t == nil {
		return 0
	}
	return int64(cap(t.Time))*8 + int64(cap(t.Size))*4 + int64(cap(t.Status)) + int64(cap(t.ID))*16 +
		4*int64(cap(t.IDText)+cap(t.MessageID)+cap(t.Sender)+cap(t.Recipient)+cap(t.Subject)+cap(t.FromIP)+cap(t.ToIP))
}

func rows(t *table.Table) int64 {
	if t == nil {
		return 0
	}
	return int64(t.Len())
}

func (s *Store) newBucket(idx int64, f trace.Filter) *bucket {
	s.mem.columns += bucketOverhead
	return &bucket{idx: idx, filter: f, bytes: bucketOverhead}
}

// setTable swaps the table of b and keeps the accounting.
func (s *Store) setTable(b *bucket, t *table.Table) {
	if b.tab == t {
		return
	}
	s.mem.live += rows(t) - rows(b.tab)
	nb := bucketOverhead + tableBytes(t)
	s.mem.columns += nb - b.bytes
	b.tab, b.bytes = t, nb
}

// forget takes b out of the accounting; the caller unlinks it. Only unpinned,
// idle buckets are forgotten, so no Load or fetch looks at b again.
func (s *Store) forget(b *bucket) {
	s.mem.columns -= b.bytes
	s.mem.live -= rows(b.tab)
	s.mem.dead += rows(b.tab)
	b.tab, b.bytes = nil, 0
}

// accountDict adds the strings interned since the last call.
func (s *Store) accountDict() {
	v := s.dict.View()
	for _, str := range v[s.mem.dictCounted:] {
		s.mem.dict += int64(len(str)) + dictEntryOverhead
	}
	s.mem.dictCounted = len(v)
}

// evict drops unpinned, idle buckets while over the cap, and starts a
// dictionary rebuild when enough rows are gone.
func (s *Store) evict() {
	if s.opts.MaxBytes >= 0 && s.mem.accounted() > s.limit() {
		s.evictOldest()
	}
	s.maybeCompact()
}

// limit is MaxBytes, lowered by what the live heap (when the store can see it)
// exceeds MaxBytes by: the heap is what the pod's limit sees. A heap figure
// changes only at a garbage collection, so one reading lowers the limit once
// rather than at every eviction until the next collection.
func (s *Store) limit() int64 {
	if s.opts.HeapLive == nil {
		return s.opts.MaxBytes
	}
	if h := s.opts.HeapLive(); h != s.heapSeen || !s.heapRead {
		s.heapSeen, s.heapLimit, s.heapRead = h, s.opts.MaxBytes, true
		if over := h - s.opts.MaxBytes; over > 0 {
			s.heapLimit = max(s.mem.accounted()-over, 0)
		}
	}
	return min(s.opts.MaxBytes, s.heapLimit)
}

// evictOldest drops buckets in eviction order until under the limit: with an
// archive, buckets older than the in-memory window go first, least recently
// used first (they are read back from the archive, not from the source); then
// the oldest.
func (s *Store) evictOldest() {
	idxs := make([]int64, 0, len(s.slots))
	for idx := range s.slots {
		idxs = append(idxs, idx)
	}
	slices.Sort(idxs)
	if s.opts.Archive != nil {
		hot := s.index(s.opts.Now().Add(-s.opts.Window))
		used := func(idx int64) int64 {
			u := int64(0)
			for _, b := range s.slots[idx].victims() {
				u = max(u, b.used)
			}
			return u
		}
		slices.SortStableFunc(idxs, func(a, b int64) int {
			if (a < hot) != (b < hot) {
				if a < hot {
					return -1
				}
				return 1
			}
			if a < hot {
				return cmp.Compare(used(a), used(b))
			}
			return 0
		})
	}
	limit := s.limit()
	for _, idx := range idxs {
		sl := s.slots[idx]
		for _, b := range sl.victims() {
			if s.mem.accounted() <= limit {
				return
			}
			if b.pins > 0 || b.flight != nil {
				continue
			}
			s.forget(b)
			sl.unlink(b)
			s.count.evictions++
		}
		if sl.empty() {
			delete(s.slots, idx)
		}
	}
}

// victims lists the buckets of a slot, filtered ones first (in a stable order).
func (sl *slot) victims() []*bucket {
	out := make([]*bucket, 0, len(sl.filtered)+1)
	for _, b := range sl.filtered {
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b *bucket) int { return cmp.Compare(rows(a.tab), rows(b.tab)) })
	if sl.all != nil {
		out = append(out, sl.all)
	}
	return out
}

func (sl *slot) unlink(b *bucket) {
	if sl.all == b {
		sl.all = nil
		return
	}
	delete(sl.filtered, b.filter)
}
