package store

import (
	"context"
	"fmt"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/archive"
	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// The archive side of a fetch. Buckets that are not in memory (a restart, an
// eviction, a range older than the in-memory window) are read from the archive
// first; the archived hours' fetch times become the buckets' read times, so the
// refresh policy alone decides what still goes to the source: hours never
// archived and hours still settling. Every window the source returns is written
// back (an upsert), so the archive holds what memory held.

// archiveTimeout bounds one archive read or write; a slow database must not
// hold the fetch worker (and the panels waiting on it) for long.
const archiveTimeout = time.Minute

// restored is what the archive held for one bucket.
type restored struct {
	tab      *table.Table
	readAt   time.Time // oldest fetch time of the bucket's hours
	complete bool      // every hour of the bucket is archived
}

// restore reads the buckets of c that have no table from the archive and
// publishes those the source need not be asked for. It returns the contiguous
// runs of buckets left for the source; buckets older than the source's
// retention are never among them.
func (s *Store) restore(ctx context.Context, c *chunk) []*chunk {
	s.mu.Lock()
	dict, now := s.dict, s.opts.Now()
	floor := s.floor(now)
	follow := s.following()
	var need []*bucket
	for _, b := range c.buckets {
		if (b.tab == nil || follow) && c.filter.IsZero() {
			need = append(need, b)
		}
	}
	s.mu.Unlock()
	got, rerr := s.readArchive(ctx, need, dict)

	s.mu.Lock()
	defer s.mu.Unlock()
	var left []*bucket
	for _, b := range c.buckets {
		if r, ok := got[b.idx]; ok {
			s.install(b, r)
		}
		old := !floor.IsZero() && !s.start(b.idx+1).After(floor)
		switch {
		case follow:
			s.finishFollowed(b, now, rerr)
		case old:
			s.finishOld(b, now, rerr)
		case s.due(b, now) || rerr != nil:
			left = append(left, b)
		default:
			s.finish(b)
		}
	}
	s.accountDict()
	return s.runs(c, left)
}

// readArchive reads the spans of need (contiguous runs) from the archive.
func (s *Store) readArchive(ctx context.Context, need []*bucket, dict *table.Dict) (map[int64]restored, error) {
	out := map[int64]restored{}
	for i := 0; i < len(need); {
		j := i + 1
		for j < len(need) && need[j].idx == need[j-1].idx+1 {
			j++
		}
		if err := s.readSpan(ctx, need[i].idx, need[j-1].idx, dict, out); err != nil {
			s.archiveFailed(err)
			return out, err
		}
		i = j
	}
	return out, nil
}

// readSpan reads buckets first..last and the hours that say how fresh they are.
func (s *Store) readSpan(ctx context.Context, first, last int64, dict *table.Dict, out map[int64]restored) error {
	ctx, cancel := context.WithTimeout(ctx, archiveTimeout)
	defer cancel()
	from, to := s.start(first), s.start(last+1)
	hours, err := s.opts.Archive.Hours(ctx, from.Truncate(archive.Hour), to)
	if err != nil {
		return fmt.Errorf("archive: reading hours: %w", err)
	}
	tabs, err := s.opts.Archive.ReadTables(ctx, from, to, s.opts.BucketSize, dict)
	if err != nil {
		return fmt.Errorf("archive: reading traces: %w", err)
	}
	fetched := make(map[int64]time.Time, len(hours))
	for _, h := range hours {
		fetched[h.Start.Unix()] = h.Fetched
	}
	byIdx := make(map[int64]*table.Table, len(tabs))
	for _, t := range tabs {
		byIdx[s.index(t.Start)] = t.Table
	}
	s.mu.Lock()
	s.count.archiveReads++
	s.mu.Unlock()
	for idx := first; idx <= last; idx++ {
		r := restored{tab: byIdx[idx], complete: true}
		bs, be := s.start(idx), s.start(idx+1)
		for h := bs.Truncate(archive.Hour); h.Before(be); h = h.Add(archive.Hour) {
			f, ok := fetched[h.Unix()]
			if !ok {
				r.complete = false
				break
			}
			if r.readAt.IsZero() || f.Before(r.readAt) {
				r.readAt = f
			}
		}
		if r.tab != nil || r.complete {
			out[idx] = r
		}
	}
	return nil
}

// install gives b what the archive held; callers hold mu.
func (s *Store) install(b *bucket, r restored) {
	tab := r.tab
	if tab != nil && tab.Dict != s.dict {
		tab = reencode(tab, s.dict) // a compaction ran during the read
	}
	if tab == nil && r.complete {
		tab = table.New(s.dict, 0)
	}
	s.setTable(b, tab)
	if r.complete {
		b.readAt, b.complete, b.failure, b.retryAt = r.readAt, true, nil, time.Time{}
	}
}

// finishOld publishes a bucket older than the source keeps: whatever the
// archive holds is all there is.
func (s *Store) finishOld(b *bucket, now time.Time, err error) {
	if err != nil {
		b.failure = err
		s.finish(b)
		return
	}
	if !b.complete {
		if b.tab == nil {
			s.setTable(b, table.New(s.dict, 0))
		}
		_, why := s.src.(retention).Retention(now)
		b.notices = []trace.Notice{{Severity: trace.SeverityWarning, Text: why + "; the archive holds no complete copy of some older hours, which show what it has"}}
		b.readAt, b.complete, b.failure = now, true, nil
	}
	s.finish(b)
}

// following reports whether another replica collects, so the source is not asked.
func (s *Store) following() bool { return s.opts.Follower != nil && s.opts.Follower() }

// finishFollowed publishes what the archive holds for b on a replica that does
// not collect. The read time is now: the archive is polled again on the
// refresh policy's schedule, picking up what the collector wrote meanwhile.
func (s *Store) finishFollowed(b *bucket, now time.Time, err error) {
	if err != nil {
		b.failure = err
		s.finish(b)
		return
	}
	b.notices = nil
	if b.tab == nil { // nothing archived yet, not even part of the hour
		s.setTable(b, table.New(s.dict, 0))
		b.notices = []trace.Notice{{Severity: trace.SeverityInfo, Text: "Another Grafana replica collects this tenant's traces; hours it has not archived yet show no traces"}}
	}
	b.readAt, b.complete, b.failure = now, true, nil
	s.finish(b)
}

// finish ends b's flight without a source read; callers hold mu.
func (s *Store) finish(b *bucket) {
	if b.flight == nil {
		return
	}
	f := b.flight
	b.flight = nil
	close(f.done)
	s.count.inFlight--
	if b.filter.IsZero() && b.tab != nil {
		s.dropFiltered(b.idx)
	}
}

// runs cuts the buckets left (in order) into contiguous chunks of c's filter.
// The resume token holds only for the whole of c.
func (s *Store) runs(c *chunk, left []*bucket) []*chunk {
	var out []*chunk
	for i := 0; i < len(left); {
		j := i + 1
		for j < len(left) && left[j].idx == left[j-1].idx+1 {
			j++
		}
		out = append(out, &chunk{filter: c.filter, buckets: left[i:j]})
		i = j
	}
	if len(out) == 1 && len(out[0].buckets) == len(c.buckets) {
		out[0].resume = c.resume
	}
	return out
}

// writeThrough upserts what the source returned for req. A complete,
// unfiltered read marks its whole hours fetched; a filtered or failed one
// keeps its rows but marks nothing, so those hours stay missing. An archive
// failure is a warning on the panels, never a failed query.
func (s *Store) writeThrough(ctx context.Context, c *chunk, req trace.Request, res trace.Result, readAt time.Time, err error, out []built) {
	a := s.opts.Archive
	if a == nil || (err != nil && len(res.Traces) == 0) {
		return
	}
	wctx, cancel := context.WithTimeout(ctx, archiveTimeout)
	defer cancel()
	werr := a.Write(wctx, archive.Window{From: req.From, To: req.To, Fetched: readAt,
		Complete: err == nil && c.filter.IsZero(), Traces: res.Traces})
	s.mu.Lock()
	s.count.archiveWrites++
	s.mu.Unlock()
	if werr == nil {
		return
	}
	s.archiveFailed(werr)
	n := trace.Notice{Severity: trace.SeverityWarning,
		Text: "The trace archive could not store the latest read (" + reason(werr) + "); the traces are shown from memory and will be fetched again after a restart"}
	for i := range out {
		out[i].notices = append(out[i].notices, n)
	}
}

// archiveFailed records the last archive error for health.
func (s *Store) archiveFailed(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.count.archiveErrors++
	s.lastArchiveErr = err
}
