package graph

import (
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

const (
	// maxWindow is Graph's longest receivedDateTime interval per query.
	maxWindow = 10 * 24 * time.Hour
	// retentionDays: Graph refuses a start more than 90 days back and is reported
	// to check it by calendar day in UTC, so we stay a day inside the limit.
	retentionDays = 90
)

type window struct{ from, to time.Time }

// plan is a request range clamped to what Graph serves and split into windows.
type plan struct {
	windows  []window // newest first, so partial results keep the recent data
	from, to time.Time
	notices  []trace.Notice
}

// retentionFloor is 00:00 UTC of the oldest day Graph will certainly serve.
func retentionFloor(now time.Time) time.Time {
	y, m, d := now.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -(retentionDays - 1))
}

// planWindows clamps [from, to] to [retention floor, now] at whole seconds (a
// zero bound means as far as possible) and
// splits it into windows of at most maxWindow. Adjacent windows share their
// boundary second: both bounds are inclusive, so a row at the boundary may come
// twice (List de-duplicates) but none can fall into a gap, even if Graph keeps
// sub-second times.
func planWindows(from, to, now time.Time) plan {
	now = now.UTC().Truncate(time.Second)
	from, to = from.UTC().Truncate(time.Second), to.UTC().Truncate(time.Second)
	var p plan
	floor := retentionFloor(now)
	if from.IsZero() {
		from = floor // "everything there is", not a range to warn about
	}
	if to.IsZero() || to.After(now) {
		to = now
	}
	if from.Before(floor) {
		lostTo := minTime(to, floor.Add(-time.Second))
		p.notices = append(p.notices, trace.Notice{
			Severity: trace.SeverityWarning,
			Text: "Microsoft keeps message traces for 90 days: " + from.Format(time.DateOnly) + " – " +
				lostTo.Format(time.DateOnly) + " (UTC) cannot be loaded",
		})
		from = floor
	}
	if from.After(to) {
		return p
	}
	p.from, p.to = from, to
	p.windows = splitWindows(from, to)
	return p
}

// splitWindows cuts [from, to] into windows of at most maxWindow from the newest
// end: the fewest windows, hence the fewest partly filled last pages.
func splitWindows(from, to time.Time) []window {
	var ws []window
	for end := to; ; {
		start := maxTime(from, end.Add(-maxWindow))
		ws = append(ws, window{start, end})
		if !start.After(from) {
			return ws
		}
		end = start
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Retention is the oldest time Graph serves at now, and why, so a cache in
// front of the client clamps once per query instead of asking for the
// impossible (the store reads it through an optional interface).
func (c *Client) Retention(now time.Time) (time.Time, string) {
	return retentionFloor(now), "Microsoft keeps message traces for 90 days"
}
