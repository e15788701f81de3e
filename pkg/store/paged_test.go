package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// pagedSource models what a List call costs against Microsoft Graph: the range
// is read in windows of at most 10 days, newest window first, each in pages of
// pageSize rows (at least one request per window, an empty one included), and
// every page takes one request from a budget. When the budget runs out the call
// returns the windows it finished, the rows of the pages it read, a throttled
// error and a Resume token naming the window and page to continue at, as the
// Graph client does with a nextLink.
type pagedSource struct {
	fakeSource
	pageSize int
	budget   int // requests left; negative: unlimited
	after    time.Duration

	pmu      sync.Mutex
	requests int
	resumed  int // calls that continued at a page
}

func (p *pagedSource) List(ctx context.Context, req trace.Request) (trace.Result, error) {
	full, err := p.fakeSource.List(ctx, trace.Request{From: req.From, To: req.To, Filter: req.Filter})
	if err != nil {
		return full, err
	}
	res := trace.Result{}
	wins := windows(req.From, req.To)
	resumeWin, startPage := -1, 0
	if w, pg, ok := parseResume(req.Resume); ok && !w[0].Before(req.From) && !w[1].After(req.To) {
		// Re-planned as the Graph client does: what lies above the window, the
		// window itself from the saved page, then what lies below it.
		wins = nil
		if req.To.After(w[1]) {
			wins = append(wins, windows(w[1], req.To)...)
		}
		resumeWin, startPage = len(wins), pg
		wins = append(wins, w)
		if w[0].After(req.From) {
			wins = append(wins, windows(req.From, w[0])...)
		}
		p.pmu.Lock()
		p.resumed++
		p.pmu.Unlock()
	}
	for i := 0; i < len(wins); i++ {
		rows := inWindow(full.Traces, wins[i])
		pages := max(1, (len(rows)+p.pageSize-1)/p.pageSize)
		pg := 0
		if i == resumeWin {
			pg = startPage
		}
		for ; pg < pages; pg++ {
			if !p.take() {
				res.Resume = fmt.Sprintf("%d|%d|%d", wins[i][0].Unix(), wins[i][1].Unix(), pg)
				return res, throttled{p.after}
			}
			res.Traces = append(res.Traces, rows[pg*p.pageSize:min(len(rows), (pg+1)*p.pageSize)]...)
		}
		res.CoveredFrom, res.CoveredTo = wins[i][0], req.To
	}
	return res, nil
}

func (p *pagedSource) take() bool {
	p.pmu.Lock()
	defer p.pmu.Unlock()
	if p.budget == 0 {
		return false
	}
	p.budget--
	p.requests++
	return true
}

func (p *pagedSource) counts() (requests, resumed int) {
	p.pmu.Lock()
	defer p.pmu.Unlock()
	return p.requests, p.resumed
}

func (p *pagedSource) setBudget(n int) {
	p.pmu.Lock()
	defer p.pmu.Unlock()
	p.budget = n
}

// minRequests is the fewest requests that read [from, to] in windows of at
// most 10 days: windows cut from the newest end, each ceil(rows / pageSize).
func (p *pagedSource) minRequests(from, to time.Time) int {
	n := 0
	for _, w := range windows(from, to) {
		n += max(1, (len(inWindow(p.traces, w))+p.pageSize-1)/p.pageSize)
	}
	return n
}

// windows splits [from, to] into 10-day windows, newest first (like Graph).
func windows(from, to time.Time) [][2]time.Time {
	var out [][2]time.Time
	for end := to; ; {
		start := maxTime(from, end.Add(-maxSpan))
		out = append(out, [2]time.Time{start, end})
		if !start.After(from) {
			return out
		}
		end = start
	}
}

// inWindow returns the traces in [w0, w1], newest first, as Graph pages them.
// Both bounds are inclusive, so a row on a shared boundary is read twice.
func inWindow(traces []trace.Trace, w [2]time.Time) []trace.Trace {
	var out []trace.Trace
	for i := len(traces) - 1; i >= 0; i-- {
		tr := traces[i]
		if !tr.Received.Before(w[0]) && tr.Received.Before(w[1].Add(time.Nanosecond)) {
			out = append(out, tr)
		}
	}
	return out
}

func parseResume(s string) ([2]time.Time, int, bool) {
	parts := strings.Split(s, "|")
	if len(parts) != 3 {
		return [2]time.Time{}, 0, false
	}
	a, _ := strconv.ParseInt(parts[0], 10, 64)
	b, _ := strconv.ParseInt(parts[1], 10, 64)
	pg, _ := strconv.Atoi(parts[2])
	return [2]time.Time{time.Unix(a, 0).UTC(), time.Unix(b, 0).UTC()}, pg, true
}
