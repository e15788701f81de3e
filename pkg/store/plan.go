package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

const (
	// maxSpan is the longest range of one List call: Graph's 10-day window. The
	// Graph client would split a longer call at the same points, so this costs no
	// requests and lets a long first load publish its newest part early.
	maxSpan = 10 * 24 * time.Hour
	// maxLoadBuckets bounds one Load (416 days of hourly buckets); older parts of
	// a longer range are left out with a notice.
	maxLoadBuckets = 10_000
)

// coalesceDelay is how long the fetch worker lets concurrent Loads (the panels
// of one dashboard, many viewers) add their buckets before it cuts the first
// List call, so the union of their ranges is read in the fewest requests.
const coalesceDelay = 50 * time.Millisecond

// plan is what one Load holds: its buckets (pinned), in time order, and the
// fetches it waits on.
type plan struct {
	buckets []*bucket
	flights []*flight
	notices []trace.Notice
}

// chunk is the contiguous buckets of one List call, all with one filter.
type chunk struct {
	filter  trace.Filter
	buckets []*bucket
	resume  string // the source's token to continue an interrupted read
}

// plan pins the buckets of req, joins fetches queued or in progress and queues
// buckets that are missing or due for a re-read. One worker per store reads the
// queue, so concurrent Loads share one fetch plan over the union of their ranges.
func (s *Store) plan(ctx context.Context, req trace.Request) (*plan, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	now := s.opts.Now()
	p := &plan{}
	from := req.From
	floor := s.floor(now)
	// With an archive, older ranges are served from it (never from the source).
	if !floor.IsZero() && from.Before(floor) && s.opts.Archive == nil {
		from = floor
		if n, ok := s.retentionNotice(req.From, req.To, floor, now); ok {
			p.notices = append(p.notices, n)
		}
	}
	// Buckets starting after now cannot hold rows yet.
	first, last := s.index(from), min(s.index(req.To), s.index(now))
	if n := last - first + 1; n > maxLoadBuckets {
		first = last - maxLoadBuckets + 1
		p.notices = append(p.notices, trace.Notice{Severity: trace.SeverityInfo,
			Text: fmt.Sprintf("Range shortened to start at %s (at most %d buckets per query)", s.start(first).Format(time.RFC3339), maxLoadBuckets)})
	}
	if from.After(req.To) {
		return p, nil
	}
	queued := false
	for idx := first; idx <= last; idx++ {
		f := req.Filter
		if s.opts.Archive != nil && (s.following() || !floor.IsZero() && !s.start(idx+1).After(floor)) {
			f = trace.Filter{} // the archive holds unfiltered rows only
		}
		b := s.pick(idx, f)
		b.pins++
		s.tick++
		b.used = s.tick
		p.buckets = append(p.buckets, b)
		switch {
		case b.flight != nil:
			p.flights = append(p.flights, b.flight)
			s.count.shared++
		case s.due(b, now):
			s.enqueue(b)
			p.flights = append(p.flights, b.flight)
			queued = true
		default:
			s.count.hits++
		}
	}
	if queued && !s.working {
		s.working = true
		fctx, cancel := s.detach(ctx)
		s.wg.Add(1)
		go s.work(fctx, cancel)
	}
	return p, nil
}

// enqueue gives b a flight and puts it in the fetch queue.
func (s *Store) enqueue(b *bucket) {
	b.flight = &flight{done: make(chan struct{})}
	s.queue[b] = struct{}{}
	s.count.inFlight++
}

// work fetches queued buckets until the queue is empty, one List call at a time
// so the calls do not compete for the request budget.
func (s *Store) work(ctx context.Context, cancel context.CancelFunc) {
	defer s.wg.Done()
	defer cancel()
	s.gather(ctx)
	for {
		c := s.next()
		if c == nil {
			return
		}
		s.fetch(ctx, c)
	}
}

// gather waits coalesceDelay for concurrent Loads to queue.
func (s *Store) gather(ctx context.Context) {
	d := coalesceDelay
	if s.opts.MaxWait > 0 {
		d = min(d, s.opts.MaxWait/4) // never a noticeable share of the wait
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// next takes the next List call off the queue: queued buckets are grouped into
// contiguous runs per filter, runs are cut into spans of at most maxSpan from
// their newest end, and the span most Loads wait on goes first, newest first
// among equals. It returns nil (and retires the worker) when the queue is empty
// or the store closed; queued buckets of a closed store are released.
func (s *Store) next() *chunk {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		for b := range s.queue {
			s.dequeue(b)
			s.count.inFlight--
			f := b.flight
			b.flight = nil
			close(f.done)
		}
	}
	if len(s.queue) == 0 {
		s.working = false
		return nil
	}
	best := s.bestChunk()
	for _, b := range best.buckets {
		s.dequeue(b)
	}
	best.resume = s.resumeFor(best)
	return best
}

func (s *Store) dequeue(b *bucket) { delete(s.queue, b) }

// bestChunk scores every candidate span of the queue; callers hold mu.
func (s *Store) bestChunk() *chunk {
	now := s.opts.Now()
	byFilter := map[trace.Filter][]*bucket{}
	for b := range s.queue {
		byFilter[b.filter] = append(byFilter[b.filter], b)
	}
	var best []*bucket
	bestDemand := -1
	for _, bs := range byFilter {
		slices.SortFunc(bs, func(a, b *bucket) int { return cmp.Compare(a.idx, b.idx) })
		for i := 0; i < len(bs); {
			j := i + 1
			// A read that stopped part-way resumes only with the buckets it
			// was reading, so a run also ends where the resume token changes.
			for j < len(bs) && bs[j].idx == bs[j-1].idx+1 && bs[j].resume == bs[i].resume {
				j++
			}
			for end := j; end > i; {
				start := i + s.spanStart(bs[i:end], now)
				start += busyStart(bs[start:end])
				span := bs[start:end]
				end = start
				d := demand(span)
				if d > bestDemand || (d == bestDemand && span[len(span)-1].idx > best[len(best)-1].idx) {
					best, bestDemand = span, d
				}
			}
			i = j
		}
	}
	return &chunk{filter: best[0].filter, buckets: slices.Clone(best)}
}

// spanStart is the index in run of the oldest bucket that one List call ending
// with run's last bucket can include: the call reads up to now at the latest, so
// a run ending in the current bucket fits one more bucket than a full one.
func (s *Store) spanStart(run []*bucket, now time.Time) int {
	end := minTime(s.start(run[len(run)-1].idx+1), now)
	k := len(run) - 1
	for k > 0 && end.Sub(s.start(run[k-1].idx)) <= maxSpan {
		k--
	}
	return k
}

// busyStart is where, going back from the newest bucket of span, the number of
// Loads waiting falls below half of the most seen so far: the older part waits
// for a later call. Short ranges (most panels) are then answered after a
// fraction of the pages, for at most one partly filled page per halving.
func busyStart(span []*bucket) int {
	top := 0
	for k := len(span) - 1; k >= 0; k-- {
		top = max(top, span[k].pins)
		if 2*span[k].pins < top {
			return k + 1
		}
	}
	return 0
}

// demand is how many Loads wait on the busiest bucket of a span.
func demand(span []*bucket) int {
	d := 0
	for _, b := range span {
		d = max(d, b.pins)
	}
	return d
}

func (c *chunk) first() int64 { return c.buckets[0].idx }
func (c *chunk) last() int64  { return c.buckets[len(c.buckets)-1].idx }

// detach returns a context for fetches started by a Load: it keeps ctx's values
// (loggers, tracing) but not its cancellation, since other Loads may wait on the
// fetch; Close cancels it.
func (s *Store) detach(ctx context.Context) (context.Context, context.CancelFunc) {
	d, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(s.base, cancel)
	return d, func() { stop(); cancel() }
}

// retention is implemented by sources that keep traces for a limited time
// (Graph: 90 days). Earliest is the oldest time the source serves at now; why
// says so in a notice, e.g. "Microsoft keeps message traces for 90 days".
type retention interface {
	Retention(now time.Time) (earliest time.Time, why string)
}

// floor is the oldest time the source serves, zero if it has no limit.
func (s *Store) floor(now time.Time) time.Time {
	if r, ok := s.src.(retention); ok {
		t, _ := r.Retention(now)
		return t
	}
	return time.Time{}
}

// retentionNotice says which part of [from, to] is older than floor, once per
// Load; nothing when that part is empty.
func (s *Store) retentionNotice(from, to, floor time.Time, now time.Time) (trace.Notice, bool) {
	lostTo := minTime(to, floor.Add(-time.Second))
	if !from.Before(floor) || lostTo.Before(from) {
		return trace.Notice{}, false
	}
	_, why := s.src.(retention).Retention(now)
	return trace.Notice{Severity: trace.SeverityWarning, Text: why + ": " + from.UTC().Format(time.DateOnly) + " – " +
		lostTo.UTC().Format(time.DateOnly) + " (UTC) cannot be loaded"}, true
}

// resumeFor is the continuation token of c's buckets when they all stopped in
// the same read; a chunk cut differently reads from the start.
func (s *Store) resumeFor(c *chunk) string {
	tok := c.buckets[0].resume
	for _, b := range c.buckets {
		if b.resume != tok {
			return ""
		}
	}
	return tok
}
