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

// plan is what one Load holds: its buckets (pinned), in time order, and the
// fetches it waits on.
type plan struct {
	buckets []*bucket
	flights []*flight
	notices []trace.Notice
}

func (p *plan) join(f *flight) {
	if !slices.Contains(p.flights, f) {
		p.flights = append(p.flights, f)
	}
}

// chunk is the contiguous buckets of one List call, all with one filter.
type chunk struct {
	filter  trace.Filter
	buckets []*bucket
	flight  *flight
}

// plan pins the buckets of req, joins fetches in progress and starts fetches for
// buckets that are missing or due for a re-read.
func (s *Store) plan(ctx context.Context, req trace.Request) (*plan, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	now := s.opts.Now()
	// Buckets starting after now cannot hold rows yet.
	first, last := s.index(req.From), min(s.index(req.To), s.index(now))
	p := &plan{}
	if n := last - first + 1; n > maxLoadBuckets {
		first = last - maxLoadBuckets + 1
		p.notices = append(p.notices, trace.Notice{Severity: trace.SeverityInfo,
			Text: fmt.Sprintf("Range shortened to start at %s (at most %d buckets per query)", s.start(first).Format(time.RFC3339), maxLoadBuckets)})
	}
	var due []*bucket
	for idx := first; idx <= last; idx++ {
		b := s.pick(idx, req.Filter)
		b.pins++
		p.buckets = append(p.buckets, b)
		switch {
		case b.flight != nil:
			p.join(b.flight)
			s.count.shared++
		case s.due(b, now):
			due = append(due, b)
		default:
			s.count.hits++
		}
	}
	chunks := s.chunks(due)
	for _, c := range chunks {
		p.join(c.flight)
	}
	if len(chunks) > 0 {
		fctx, cancel := s.detach(ctx)
		s.wg.Add(1)
		go s.run(fctx, cancel, chunks)
	}
	return p, nil
}

// chunks groups due buckets (ascending) into List calls: contiguous runs with one
// filter, at most maxSpan long, newest first so recent data is published first.
func (s *Store) chunks(due []*bucket) []*chunk {
	per := max(1, int(maxSpan/s.opts.BucketSize))
	var out []*chunk
	for i := 0; i < len(due); {
		j := i + 1
		for j < len(due) && due[j].idx == due[j-1].idx+1 && due[j].filter == due[i].filter {
			j++
		}
		for end := j; end > i; end -= per {
			out = append(out, s.newChunk(due[max(i, end-per):end]))
		}
		i = j
	}
	slices.SortFunc(out, func(a, b *chunk) int { return cmp.Compare(b.last(), a.last()) })
	return out
}

func (s *Store) newChunk(bs []*bucket) *chunk {
	c := &chunk{filter: bs[0].filter, buckets: bs, flight: &flight{done: make(chan struct{})}}
	for _, b := range bs {
		b.flight = c.flight
	}
	s.count.inFlight += len(bs)
	return c
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
