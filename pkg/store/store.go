package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// ErrClosed is returned by a Store after Close.
var ErrClosed = errors.New("store: closed")

// ErrStillLoading is returned (wrapped) when MaxWait passed before any bucket of
// the range could be read; the fetch goes on and a later Load gets the data.
var ErrStillLoading = errors.New("store: traces still loading")

// Store is a time-bucketed trace cache in front of one trace.Source. It is safe
// for concurrent use; one Store serves one data-source instance.
type Store struct {
	src      trace.Source
	opts     Options
	bucketMs int64
	details  *detailCache

	base context.Context // cancelled by Close; parent of every fetch
	stop context.CancelFunc
	wg   sync.WaitGroup // fetch goroutines

	mu         sync.Mutex
	closed     bool
	compacting bool
	working    bool                 // the fetch worker is running
	queue      map[*bucket]struct{} // buckets waiting for a fetch
	dict       *table.Dict
	slots      map[int64]*slot
	mem        memory
	count      counters
	tick       int64 // counts bucket uses, for least-recently-used eviction
	heapSeen   int64 // last HeapLive reading and the limit derived from it
	heapLimit  int64
	heapRead   bool // heapSeen holds a reading
	// lastArchiveErr is the archive's last failure, for health.
	lastArchiveErr error
}

// counters are the cumulative figures of Stats.
type counters struct {
	fetches, hits, shared, evictions, compactions int64
	inFlight                                      int
	archiveReads, archiveWrites, archiveErrors    int64
}

// Stats describe the store for health checks and diagnostics.
type Stats struct {
	Buckets     int   // buckets holding data, filtered ones included
	Rows        int64 // rows in those buckets
	Bytes       int64 // ColumnBytes + DictBytes
	ColumnBytes int64 // columns plus per-bucket overhead
	DictBytes   int64 // estimated size of the shared string dictionary
	DictStrings int   // distinct strings in the dictionary
	Fetches     int64 // List calls made to the source
	Hits        int64 // bucket reads served from cache without a fetch
	Shared      int64 // bucket reads that waited on a fetch another Load started
	Evictions   int64 // buckets dropped to stay under MaxBytes
	Compactions int64 // dictionary rebuilds
	InFlight    int   // buckets being fetched or queued for a fetch
	// Archive figures (zero without an archive): spans read, windows written,
	// failures and the last failure's text.
	ArchiveReads, ArchiveWrites, ArchiveErrors int64
	ArchiveError                               string
}

// New returns a store reading from src.
func New(src trace.Source, opts Options) *Store {
	opts = opts.withDefaults()
	base, stop := context.WithCancel(context.Background())
	return &Store{
		src:      src,
		opts:     opts,
		bucketMs: opts.BucketSize.Milliseconds(),
		details:  newDetailCache(detailCacheSize, detailCacheTTL),
		base:     base,
		stop:     stop,
		dict:     table.NewDict(),
		slots:    map[int64]*slot{},
		queue:    map[*bucket]struct{}{},
	}
}

// Load returns the buckets covering [req.From, req.To] for req.Filter, fetching
// missing and stale ones. Tables are whole buckets in time order, all on one
// Dict, with rows sorted by time; the caller filters rows itself. Notices say
// what is missing, being refreshed or clamped.
func (s *Store) Load(ctx context.Context, req trace.Request) (table.Snapshot, error) {
	if err := ctx.Err(); err != nil {
		return table.Snapshot{}, fmt.Errorf("store: %w", err)
	}
	if req.To.Before(req.From) {
		return table.Snapshot{}, fmt.Errorf("store: range ends at %s before it starts at %s", stamp(req.To), stamp(req.From))
	}
	p, err := s.plan(ctx, req)
	if err != nil {
		return table.Snapshot{}, err
	}
	defer s.release(p)
	if err := s.wait(ctx, p); err != nil {
		return table.Snapshot{}, err
	}
	return s.collect(p, req)
}

// wait blocks until every fetch p needs is done, MaxWait passes or ctx ends.
func (s *Store) wait(ctx context.Context, p *plan) error {
	if len(p.flights) == 0 || s.opts.MaxWait < 0 {
		return nil
	}
	timer := time.NewTimer(s.opts.MaxWait)
	defer timer.Stop()
	for _, f := range p.flights {
		select {
		case <-f.done:
		case <-ctx.Done():
			return fmt.Errorf("store: waiting for traces: %w", ctx.Err())
		case <-timer.C:
			return nil
		}
	}
	return nil
}

// release unpins the buckets of p and evicts what the pins kept.
func (s *Store) release(p *plan) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range p.buckets {
		b.pins--
	}
	s.evict()
}

// Stats returns current figures.
func (s *Store) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Stats{
		Rows:        s.mem.live,
		ColumnBytes: s.mem.columns,
		DictBytes:   s.mem.dict,
		DictStrings: s.dict.Len(),
		Fetches:     s.count.fetches,
		Hits:        s.count.hits,
		Shared:      s.count.shared,
		Evictions:   s.count.evictions,
		Compactions: s.count.compactions,
		InFlight:    s.count.inFlight,

		ArchiveReads:  s.count.archiveReads,
		ArchiveWrites: s.count.archiveWrites,
		ArchiveErrors: s.count.archiveErrors,
	}
	if s.lastArchiveErr != nil {
		st.ArchiveError = reason(s.lastArchiveErr)
	}
	st.Bytes = st.ColumnBytes + st.DictBytes
	s.each(func(b *bucket) {
		if b.tab != nil {
			st.Buckets++
		}
	})
	return st
}

// Close cancels fetches in progress and waits for them. Loads after Close fail
// with ErrClosed; snapshots already returned stay valid.
func (s *Store) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.stop()
	s.wg.Wait()
}
