package store

import (
	"slices"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// build turns the result of the List call of c into one table per bucket: rows
// are distributed by received time and upserted over the cached table. It runs
// outside the store lock.
func (s *Store) build(dict *table.Dict, c *chunk, olds []*table.Table, req trace.Request, res trace.Result, err error) []built {
	parts := s.distribute(c, res.Traces)
	inside := make([]bool, len(c.buckets))
	allInside := true
	for i, b := range c.buckets {
		inside[i] = s.covers(res, req, b.idx)
		allInside = allInside && inside[i]
	}
	// Notices returned with an error describe that failure ("retrying in 40 s");
	// the store's own notice replaces them and stays current as time passes.
	var notices []trace.Notice
	if err == nil {
		notices = slices.Clone(res.Notices)
	}
	out := make([]built, len(c.buckets))
	for i := range c.buckets {
		covered := err == nil || inside[i]
		// A complete re-read of a filtered bucket replaces it: rows that no
		// longer match the filter are not returned and must not linger.
		replace := covered && !c.filter.IsZero()
		tab := olds[i]
		if len(parts[i]) > 0 || replace {
			base := tab
			if replace {
				base = nil
			}
			tab = merge(dict, base, res.Traces, parts[i])
		}
		if tab == nil && covered {
			tab = table.New(dict, 0)
		}
		out[i] = built{tab: tab, covered: covered}
		if !covered {
			out[i].resume = res.Resume
		}
		// Source notices (a 90-day clamp, say) concern the part not read; when
		// everything was read they concern the whole chunk.
		if allInside || !inside[i] {
			out[i].notices = notices
		}
	}
	return out
}

// covers reports whether the range the source says it read spans the part of
// bucket idx that req asked for. Graph's filter has whole seconds, so a source
// may report the end truncated to the second.
func (s *Store) covers(res trace.Result, req trace.Request, idx int64) bool {
	if res.CoveredFrom.IsZero() || res.CoveredTo.IsZero() {
		return false
	}
	from := maxTime(s.start(idx), req.From)
	to := minTime(s.start(idx+1), req.To).Truncate(time.Second)
	return !res.CoveredFrom.After(from) && !res.CoveredTo.Before(to)
}

// distribute returns, per bucket of c, the indexes of the traces received in it.
// Rows outside the chunk (a boundary row at its inclusive end, clock skew) belong
// to other buckets and are dropped.
func (s *Store) distribute(c *chunk, traces []trace.Trace) [][]int32 {
	n := len(c.buckets)
	slotOf := func(tr *trace.Trace) int {
		k := s.index(tr.Received) - c.first()
		if k < 0 || k >= int64(n) {
			return -1
		}
		return int(k)
	}
	counts := make([]int, n)
	for i := range traces {
		if k := slotOf(&traces[i]); k >= 0 {
			counts[k]++
		}
	}
	total := 0
	for _, v := range counts {
		total += v
	}
	backing := make([]int32, 0, total)
	parts := make([][]int32, n)
	for k, v := range counts {
		parts[k] = backing[len(backing) : len(backing) : len(backing)+v]
		backing = backing[:len(backing)+v]
	}
	for i := range traces {
		if k := slotOf(&traces[i]); k >= 0 {
			parts[k] = append(parts[k], int32(i))
		}
	}
	return parts
}
