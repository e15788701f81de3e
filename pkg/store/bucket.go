package store

import (
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// bucket is one time bucket for one pushed-down filter (zero = unfiltered). Its
// fields are guarded by Store.mu; tab is immutable once published.
type bucket struct {
	idx    int64
	filter trace.Filter

	tab      *table.Table // nil until something was read
	bytes    int64        // accounted bytes: overhead + columns
	readAt   time.Time    // start of the last read that covered the bucket
	complete bool         // some read covered the whole bucket
	failure  error        // last read failed for this bucket (nil when it covered it)
	retryAt  time.Time    // no fetch before this (zero: any time)
	notices  []trace.Notice
	resume   string // the source's token to continue the failed read, if any

	flight *flight // the fetch in progress or queued, nil if none
	pins   int     // Loads currently holding the bucket; never evicted while > 0
	used   int64   // Store.tick at the last Load that held it (LRU eviction)
}

// slot holds the buckets of one time index: the unfiltered one and any filtered ones.
type slot struct {
	all      *bucket
	filtered map[trace.Filter]*bucket
}

func (sl *slot) empty() bool { return sl.all == nil && len(sl.filtered) == 0 }

// flight is the queued or running fetch of one bucket; done is closed once the
// bucket is published.
type flight struct {
	done chan struct{}
}

// index is the bucket holding time t.
func (s *Store) index(t time.Time) int64 {
	ms := t.UnixMilli()
	q := ms / s.bucketMs
	if ms%s.bucketMs < 0 {
		q--
	}
	return q
}

// start is the first instant of bucket idx.
func (s *Store) start(idx int64) time.Time { return time.UnixMilli(idx * s.bucketMs).UTC() }

// pick returns the bucket a Load with filter f uses at idx, creating it if needed.
// A cached or loading unfiltered bucket serves every filter.
func (s *Store) pick(idx int64, f trace.Filter) *bucket {
	sl := s.slots[idx]
	if sl == nil {
		sl = &slot{}
		s.slots[idx] = sl
	}
	if a := sl.all; a != nil && (f.IsZero() || a.tab != nil || a.flight != nil) {
		return a
	}
	if f.IsZero() {
		sl.all = s.newBucket(idx, f)
		return sl.all
	}
	b := sl.filtered[f]
	if b == nil {
		if sl.filtered == nil {
			sl.filtered = map[trace.Filter]*bucket{}
		}
		b = s.newBucket(idx, f)
		sl.filtered[f] = b
	}
	return b
}

// due reports whether b needs a fetch at now.
func (s *Store) due(b *bucket, now time.Time) bool {
	if now.Before(b.retryAt) {
		return false
	}
	return b.tab == nil || !b.complete || s.opts.Refresh.stale(s.start(b.idx+1), b.readAt, now)
}

// each calls fn for every bucket.
func (s *Store) each(fn func(*bucket)) {
	for _, sl := range s.slots {
		if sl.all != nil {
			fn(sl.all)
		}
		for _, b := range sl.filtered {
			fn(b)
		}
	}
}
