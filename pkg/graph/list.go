package graph

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

const (
	pageSize   = 5000 // Graph's maximum $top
	tracesPath = "/v1.0/admin/exchange/tracing/messageTraces"
)

// List returns the traces received in [req.From, req.To] that match req.Filter,
// de-duplicated on (id, recipientAddress). The range is clamped to Graph's 90 days
// and to now (with a notice) and read in windows of at most 10 days, newest first.
// If a window fails, List stops and returns every row read so far, a notice, and
// a *PartialError wrapping the cause; CoveredFrom/To then span only the windows
// read completely.
func (c *Client) List(ctx context.Context, req trace.Request) (trace.Result, error) {
	clauses, err := filterClauses(req.Filter)
	if err != nil {
		return trace.Result{}, withSource(err)
	}
	now := c.clk.now()
	p := planWindows(req.From, req.To, now)
	// A read that stopped part-way continues at the page it stopped at, while
	// its nextLink is young enough to be valid.
	r, resumed := c.decodeResume(req.Resume, now)
	if resumed {
		p, resumed = p.resumeAt(r)
	}
	res := trace.Result{Notices: p.notices}
	seen := make(map[trace.Key]struct{})
	emit := func(t trace.Trace) {
		if _, dup := seen[t.Key()]; !dup {
			seen[t.Key()] = struct{}{}
			res.Traces = append(res.Traces, t)
		}
	}
	w := c.newWaiter()
	for i, win := range p.windows {
		filter := strings.Join(append([]string{rangeClause(win.from, win.to)}, clauses...), " and ")
		first := c.listURL(filter, pageSize)
		if resumed && win == r.window() {
			first = r.Next
		}
		stopped, err := c.readPages(ctx, w, first, emit)
		if err != nil && first != c.listURL(filter, pageSize) && stopped == first && staleLink(err) {
			// The saved link expired: read the window from its first page.
			stopped, err = c.readPages(ctx, w, c.listURL(filter, pageSize), emit)
		}
		if err != nil {
			res.Resume = encodeResume(resumeToken{From: win.from.Unix(), To: win.to.Unix(), Next: stopped, At: now.Unix()})
			return c.partial(res, p, i, err)
		}
		res.CoveredFrom, res.CoveredTo = win.from, p.to
	}
	return res, nil
}

// partial finishes a result whose window i failed.
func (c *Client) partial(res trace.Result, p plan, i int, cause error) (trace.Result, error) {
	perr := &PartialError{Loaded: i, Total: len(p.windows), MissingFrom: p.from, MissingTo: p.windows[i].to, Err: cause}
	res.Notices = append(res.Notices, partialNotice(perr))
	return res, withSource(perr)
}

// partialNotice tells the user what is missing and, for quota waits, when to
// try again.
func partialNotice(e *PartialError) trace.Notice {
	missing := fmt.Sprintf("%d of %d windows not loaded", e.Total-e.Loaded, e.Total)
	var b *BudgetError
	var t *ThrottledError
	switch {
	case errors.As(e.Err, &b):
		return trace.Notice{Severity: trace.SeverityWarning, Text: fmt.Sprintf("request budget exhausted (%d per %s); %s, retrying in %s",
			b.Limit, fmtMinutes(b.Window), missing, fmtSeconds(b.Wait))}
	case errors.As(e.Err, &t):
		return trace.Notice{Severity: trace.SeverityWarning, Text: fmt.Sprintf("Microsoft Graph is throttling this tenant; %s, retrying in %s",
			missing, fmtSeconds(t.Wait))}
	}
	return trace.Notice{Severity: trace.SeverityError, Text: missing + ": " + Explain(e.Err).Title}
}

// readPages reads a window page by page, following @odata.nextLink as given:
// the link carries an opaque $skiptoken and must not be rebuilt. On failure it
// returns the link of the page that failed, to resume at.
func (c *Client) readPages(ctx context.Context, w *waiter, next string, emit func(trace.Trace)) (string, error) {
	for next != "" {
		var page tracePage
		if err := c.getJSON(ctx, w, next, &page); err != nil {
			return next, err
		}
		for _, t := range page.Value {
			emit(t.toTrace())
		}
		if err := c.checkNextLink(next, page.NextLink); err != nil {
			return next, err
		}
		next = page.NextLink
	}
	return "", nil
}

func (c *Client) listURL(filter string, top int) string {
	return c.base.String() + tracesPath + "?$filter=" + queryEscape(filter) + "&$top=" + strconv.Itoa(top)
}

// queryEscape encodes spaces as %20; OData does not read '+' as a space.
func queryEscape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// checkNextLink refuses links to another host (the bearer token would follow)
// and a link to the same page (an endless loop).
func (c *Client) checkNextLink(current, next string) error {
	if next == "" {
		return nil
	}
	if next == current {
		return fmt.Errorf("Microsoft Graph returned the same page link again; stopping")
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != c.base.Scheme || !strings.EqualFold(u.Host, c.base.Host) {
		return fmt.Errorf("Microsoft Graph returned a next-page link outside %s; not following it", c.base.Host)
	}
	return nil
}
