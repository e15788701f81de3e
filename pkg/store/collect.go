package store

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// state of a bucket for the notices.
type state int

const (
	stateOK state = iota
	stateLoading
	stateRefreshing
	stateNotLoaded
	statePartial      // a failed read left some of its rows
	stateNotRefreshed // a failed re-read; the previous read is shown
)

// tally sorts the buckets of a Load by state, and failed ones by cause, so each
// cause gets one notice stating exactly which buckets it concerns.
type tally struct {
	total   int
	loaded  bool // some bucket has rows or was read empty
	loading int  // fetch still running after MaxWait, nothing shown yet
	byState map[state][]int64
	causes  []*cause // failures, in order of first appearance
}

// cause is one failure reason and the buckets it left missing or stale.
type cause struct {
	reason  string
	retryAt time.Time
	err     error
	buckets map[state][]int64
	rows    int // rows shown of partly loaded buckets
}

func (t *tally) add(b *bucket) {
	t.total++
	full := b.tab != nil && b.complete
	t.loaded = t.loaded || b.tab != nil
	st := stateOK
	switch {
	case b.flight != nil && full:
		st = stateRefreshing
	case b.flight != nil || (b.failure == nil && !full):
		st, t.loading = stateLoading, t.loading+1
	case b.failure == nil:
	case full:
		st = stateNotRefreshed
	case b.tab != nil && b.tab.Len() > 0:
		st = statePartial
	default:
		st = stateNotLoaded
	}
	switch st {
	case stateOK:
	case stateLoading, stateRefreshing:
		if t.byState == nil {
			t.byState = map[state][]int64{}
		}
		t.byState[st] = append(t.byState[st], b.idx)
	default:
		c := t.cause(b)
		c.buckets[st] = append(c.buckets[st], b.idx)
		if st == statePartial {
			c.rows += b.tab.Len()
		}
	}
}

// cause returns the group of b's failure, keeping its latest retry time.
func (t *tally) cause(b *bucket) *cause {
	r := reason(b.failure)
	for _, c := range t.causes {
		if c.reason == r {
			if b.retryAt.After(c.retryAt) {
				c.retryAt = b.retryAt
			}
			return c
		}
	}
	c := &cause{reason: r, retryAt: b.retryAt, err: b.failure, buckets: map[state][]int64{}}
	t.causes = append(t.causes, c)
	return c
}

// failure is the first cause's error, for a Load that could read nothing.
func (t *tally) failure() error {
	if len(t.causes) == 0 {
		return nil
	}
	return t.causes[0].err
}

// collect assembles the snapshot of p. It fails only if nothing could be read.
func (s *Store) collect(p *plan, req trace.Request) (table.Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := table.Snapshot{Notices: dedupe(nil, p.notices)}
	var t tally
	for _, b := range p.buckets {
		t.add(b)
		if b.tab != nil && b.tab.Len() > 0 {
			snap.Tables = append(snap.Tables, b.tab)
		}
		snap.Notices = dedupe(snap.Notices, b.notices)
	}
	if !t.loaded && t.failure() != nil {
		return table.Snapshot{}, fmt.Errorf("store: no traces could be loaded for %s – %s: %w", stamp(req.From), stamp(req.To), t.failure())
	}
	if !t.loaded && t.loading > 0 {
		return table.Snapshot{}, fmt.Errorf("%w: %d %s requested; try again shortly", ErrStillLoading, t.total, s.unit(t.total))
	}
	snap.Notices = dedupe(snap.Notices, s.stateNotices(t))
	return snap, nil
}

// stateNotices describe buckets that are missing, incomplete or stale: one
// notice per failure cause, saying which buckets and when they are retried.
func (s *Store) stateNotices(t tally) []trace.Notice {
	var out []trace.Notice
	of := func(idx []int64) string {
		return fmt.Sprintf("%d of %d %s", len(idx), t.total, s.unit(t.total)) + " (" + s.ranges(idx) + ")"
	}
	for _, c := range t.causes {
		var parts []string
		if idx := c.buckets[stateNotLoaded]; len(idx) > 0 {
			parts = append(parts, of(idx)+" not loaded yet")
		}
		if idx := c.buckets[statePartial]; len(idx) > 0 {
			parts = append(parts, fmt.Sprintf("%s only partly loaded (%s read so far)", of(idx), plural(c.rows, "row")))
		}
		if idx := c.buckets[stateNotRefreshed]; len(idx) > 0 {
			parts = append(parts, of(idx)+" could not be refreshed, showing older data")
		}
		out = append(out, trace.Notice{Severity: trace.SeverityWarning,
			Text: c.reason + ": " + strings.Join(parts, "; ") + "; " + s.retryText(c.retryAt)})
	}
	if idx := t.byState[stateLoading]; len(idx) > 0 {
		out = append(out, trace.Notice{Severity: trace.SeverityWarning, Text: of(idx) + " still loading; refresh to see them"})
	}
	if idx := t.byState[stateRefreshing]; len(idx) > 0 {
		out = append(out, trace.Notice{Severity: trace.SeverityInfo, Text: of(idx) + " being refreshed; showing the previous read"})
	}
	return out
}

// maxRanges bounds the ranges one notice lists.
const maxRanges = 3

// ranges spells bucket indexes (ascending) as UTC time ranges, e.g.
// "2026-10-01 00:00 – 02:00 UTC, 2026-10-02 05:00 – 06:00 UTC".
func (s *Store) ranges(idx []int64) string {
	var out []string
	n := 0
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && idx[j] == idx[j-1]+1 {
			j++
		}
		if n < maxRanges {
			out = append(out, s.span(s.start(idx[i]), s.start(idx[j-1]+1)))
		}
		n++
		i = j
	}
	if n > maxRanges {
		out = append(out, fmt.Sprintf("and %d more", n-maxRanges))
	}
	return strings.Join(out, ", ")
}

func (s *Store) span(from, to time.Time) string {
	const day, clock = "2006-01-02 15:04", "15:04"
	if y1, m1, d1 := from.Date(); to.Sub(from) <= 24*time.Hour {
		if y2, m2, d2 := to.Add(-time.Nanosecond).Date(); y1 == y2 && m1 == m2 && d1 == d2 {
			end := to.Format(clock)
			if to.Hour() == 0 && to.Minute() == 0 {
				end = "24:00"
			}
			return from.Format(day) + " – " + end + " UTC"
		}
	}
	return from.Format(day) + " – " + to.Format(day) + " UTC"
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// unit names the bucket size for "2 of 48 hours".
func (s *Store) unit(n int) string {
	names := map[time.Duration][2]string{time.Minute: {"minute", "minutes"}, time.Hour: {"hour", "hours"}, 24 * time.Hour: {"day", "days"}}
	nm, ok := names[s.opts.BucketSize]
	if !ok {
		nm = [2]string{"bucket of " + s.opts.BucketSize.String(), "buckets of " + s.opts.BucketSize.String()}
	}
	if n == 1 {
		return nm[0]
	}
	return nm[1]
}

func (s *Store) retryText(at time.Time) string {
	d := at.Sub(s.opts.Now())
	switch {
	case at.IsZero() || d <= 0:
		return "retrying on the next refresh"
	case d < 2*time.Minute:
		return fmt.Sprintf("retrying in %d s", int(math.Ceil(d.Seconds())))
	default:
		return fmt.Sprintf("retrying in %d min", int(math.Ceil(d.Minutes())))
	}
}

// reason is the first line of the innermost cause of err, kept short for a
// panel notice: wrappers add ranges and windows the notice already states.
func reason(err error) string {
	for u := errors.Unwrap(err); u != nil; u = errors.Unwrap(err) {
		err = u
	}
	msg, _, _ := strings.Cut(err.Error(), "\n")
	if len(msg) > 160 {
		msg = msg[:157] + "..."
	}
	return msg
}

func dedupe(dst, src []trace.Notice) []trace.Notice {
	for _, n := range src {
		seen := false
		for _, d := range dst {
			seen = seen || d == n
		}
		if !seen {
			dst = append(dst, n)
		}
	}
	return dst
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
