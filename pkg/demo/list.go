package demo

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// List returns the traces received in [req.From, req.To] (both inclusive) that
// match req.Filter, newest first as Graph returns them. The range is clamped to
// what the tenant holds: the Retention before Now, and nothing after Now. On
// cancellation it returns the hours read so far with the context's error.
func (t *Tenant) List(ctx context.Context, req trace.Request) (trace.Result, error) {
	now := t.now()
	from, to, notices := clampRange(req.From, req.To, now)
	res := trace.Result{Notices: notices}
	if from.After(to) {
		return res, nil
	}
	m := newMatcher(req.Filter)
	nowMs := now.UnixMilli()
	hi, lo := hourOf(to.UnixMilli()), hourOf(from.UnixMilli())
	if h, ok := hourOfID(req.Filter.ID); ok {
		// A demo id names its hour: read only that one.
		if h < lo || h > hi {
			res.CoveredFrom, res.CoveredTo = from, to
			return res, nil
		}
		lo, hi = h, h
	}
	hours, err := t.readHours(ctx, lo, hi, func(rows []row) []row {
		return keepMatching(rows, from, to, nowMs, &m)
	})
	res.Traces = flatten(hours)
	switch {
	case err == nil:
		res.CoveredFrom, res.CoveredTo = from, to
	case len(hours) > 0:
		res.CoveredFrom, res.CoveredTo = maxTime(from, msTime((hi-int64(len(hours))+1)*hourMs)), to
	}
	return res, err
}

// readHours generates hours hi down to lo on all CPUs and returns what keep
// leaves of each, newest hour first. After a cancellation it returns the
// unbroken run of newest hours that completed, with the context's error.
func (t *Tenant) readHours(ctx context.Context, lo, hi int64, keep func([]row) []row) ([][]row, error) {
	n := int(hi - lo + 1)
	out := make([][]row, n)
	done := make([]bool, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for k := int(next.Add(1) - 1); k < n && ctx.Err() == nil; k = int(next.Add(1) - 1) {
				out[k], done[k] = keep(t.hourRows(hi-int64(k))), true
			}
		})
	}
	wg.Wait()
	for k := range n {
		if !done[k] {
			return out[:k], ctx.Err()
		}
	}
	return out, nil
}

// keepMatching compacts the rows in [from, to] that match, in place, after
// setting the status each shows at now.
func keepMatching(rows []row, from, to time.Time, nowMs int64, m *matcher) []row {
	k := 0
	for i := range rows {
		rw := &rows[i]
		if rw.Received.Before(from) || rw.Received.After(to) {
			continue
		}
		rw.Status = rw.statusAt(nowMs)
		if m.match(&rw.Trace) {
			rows[k] = *rw
			k++
		}
	}
	return rows[:k]
}

// flatten copies the hours (newest first, each in time order) into one slice,
// newest row first as Graph returns them.
func flatten(hours [][]row) []trace.Trace {
	n := 0
	for _, h := range hours {
		n += len(h)
	}
	out := make([]trace.Trace, n)
	i := 0
	for _, h := range hours {
		for j := len(h) - 1; j >= 0; j-- {
			out[i] = h[j].Trace
			i++
		}
	}
	return out
}

// clampRange limits [from, to] to [now-Retention, now]. Starting before the
// retention is worth a notice (the user asked for data that cannot exist);
// ending after now is not (nothing exists there yet).
func clampRange(from, to, now time.Time) (time.Time, time.Time, []trace.Notice) {
	var notices []trace.Notice
	if oldest := now.Add(-Retention); from.Before(oldest) {
		from = oldest
		notices = append(notices, trace.Notice{
			Severity: trace.SeverityInfo,
			Text:     "The demo tenant keeps 90 days of message trace; the range starts at " + oldest.UTC().Format(time.RFC3339) + ".",
		})
	}
	if to.After(now) {
		to = now
	}
	return from, to, notices
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
