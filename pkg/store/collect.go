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

// tally sorts the buckets of a Load by state for the notices.
type tally struct {
	total                   int
	loaded                  bool // some bucket has rows or was read empty
	loading, refreshing     int  // fetch still running after MaxWait
	notLoaded, notRefreshed int  // last fetch failed
	failure                 error
	retryAt                 time.Time
}

func (t *tally) add(b *bucket) {
	t.total++
	full := b.tab != nil && b.complete
	t.loaded = t.loaded || b.tab != nil
	switch {
	case b.flight != nil && full:
		t.refreshing++
	case b.flight != nil || (b.failure == nil && !full):
		t.loading++
	case b.failure == nil:
		return
	case full:
		t.notRefreshed++
		t.fail(b)
	default:
		t.notLoaded++
		t.fail(b)
	}
}

// fail keeps the failure with the latest retry time for the notice.
func (t *tally) fail(b *bucket) {
	if t.failure == nil || b.retryAt.After(t.retryAt) {
		t.failure, t.retryAt = b.failure, b.retryAt
	}
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
	if !t.loaded && t.failure != nil {
		return table.Snapshot{}, fmt.Errorf("store: no traces could be loaded for %s – %s: %w", stamp(req.From), stamp(req.To), t.failure)
	}
	if !t.loaded && t.loading > 0 {
		return table.Snapshot{}, fmt.Errorf("%w: %d %s requested; try again shortly", ErrStillLoading, t.total, s.unit(t.total))
	}
	snap.Notices = dedupe(snap.Notices, s.stateNotices(t))
	return snap, nil
}

// stateNotices describe buckets that are missing, incomplete or stale.
func (s *Store) stateNotices(t tally) []trace.Notice {
	var out []trace.Notice
	of := func(n int) string { return fmt.Sprintf("%d of %d %s", n, t.total, s.unit(t.total)) }
	warn := func(format string, a ...any) {
		out = append(out, trace.Notice{Severity: trace.SeverityWarning, Text: fmt.Sprintf(format, a...)})
	}
	retry := s.retryText(t.retryAt)
	if t.notLoaded > 0 {
		warn("%s not loaded yet (%s), %s", of(t.notLoaded), reason(t.failure), retry)
	}
	if t.notRefreshed > 0 {
		warn("%s could not be refreshed (%s), showing older data; %s", of(t.notRefreshed), reason(t.failure), retry)
	}
	if t.loading > 0 {
		warn("%s still loading; refresh to see them", of(t.loading))
	}
	if t.refreshing > 0 {
		out = append(out, trace.Notice{Severity: trace.SeverityInfo,
			Text: fmt.Sprintf("%s being refreshed; showing the previous read", of(t.refreshing))})
	}
	return out
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
