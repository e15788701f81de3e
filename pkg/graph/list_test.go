package graph

import (
	"context"
	"errors"
	"net"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

var (
	day1 = time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)
	day2 = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
)

func assertUnique(t *testing.T, traces []trace.Trace, want int) {
	t.Helper()
	seen := map[trace.Key]bool{}
	for _, tr := range traces {
		if seen[tr.Key()] {
			t.Errorf("duplicate row %v", tr.Key())
		}
		seen[tr.Key()] = true
	}
	if len(traces) != want || len(seen) != want {
		t.Errorf("got %d rows (%d unique), want %d", len(traces), len(seen), want)
	}
}

func TestListFollowsNextLinkVerbatim(t *testing.T) {
	var f *fakeMS
	// The links use an encoding List itself would never produce, so a rebuilt
	// URL would show up as a different RawQuery.
	link2 := "%24skiptoken=P2%2Babc%2F%3D%3D&%24top=5000"
	link3 := "$skiptoken=p3%20token&$top=5000"
	f = newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch n {
		case 0:
			page(w, rows("p1", 3), f.tracesURL()+"?"+link2)
		case 1:
			page(w, rows("p2", 3), f.tracesURL()+"?"+link3)
		default:
			page(w, rows("p3", 2), "")
		}
	})
	c := f.client(f.config())
	res, err := c.List(context.Background(), trace.Request{From: day1, To: day2})
	if err != nil {
		t.Fatal(err)
	}
	assertUnique(t, res.Traces, 8)
	reqs := f.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d Graph requests, want 3", len(reqs))
	}
	if reqs[0].Top != "5000" || reqs[0].Filter != "receivedDateTime ge 2026-02-28T00:00:00Z and receivedDateTime le 2026-03-01T00:00:00Z" {
		t.Errorf("first request $top=%q $filter=%q", reqs[0].Top, reqs[0].Filter)
	}
	if reqs[1].RawQuery != link2 || reqs[2].RawQuery != link3 {
		t.Errorf("nextLinks not followed verbatim: %q, %q", reqs[1].RawQuery, reqs[2].RawQuery)
	}
	for i, r := range reqs {
		if r.Prefer != "include-unknown-enum-members" || r.Auth != "Bearer test-access-token" {
			t.Errorf("request %d: Prefer=%q Authorization=%q", i, r.Prefer, r.Auth)
		}
	}
	if !res.CoveredFrom.Equal(day1) || !res.CoveredTo.Equal(day2) {
		t.Errorf("covered %v – %v", res.CoveredFrom, res.CoveredTo)
	}
	if len(f.forms()) != 1 {
		t.Errorf("%d token requests for 3 pages, want 1 (cached)", len(f.forms()))
	}
}

func TestListSplits25DaysIntoThreeWindows(t *testing.T) {
	f := newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) {
		// Windows 0 and 1 share a boundary row; window 2 has the same id for
		// another recipient, which is a different row.
		edge := row("edge", "a@example.com", "delivered")
		if n == 2 {
			edge = row("edge", "b@example.com", "delivered")
		}
		page(w, append(rows(string(rune('a'+n)), 2), edge), "")
	})
	c := f.client(f.config())
	from, to := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 26, 0, 0, 0, 0, time.UTC)
	res, err := c.List(context.Background(), trace.Request{From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"receivedDateTime ge 2026-02-16T00:00:00Z and receivedDateTime le 2026-02-26T00:00:00Z",
		"receivedDateTime ge 2026-02-06T00:00:00Z and receivedDateTime le 2026-02-16T00:00:00Z",
		"receivedDateTime ge 2026-02-01T00:00:00Z and receivedDateTime le 2026-02-06T00:00:00Z",
	}
	var got []string
	for _, r := range f.requests() {
		got = append(got, r.Filter)
		assertWindowAtMost10Days(t, r.Filter)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("filters:\n got %q\nwant %q", got, want)
	}
	assertUnique(t, res.Traces, 8)
	if !res.CoveredFrom.Equal(from) || !res.CoveredTo.Equal(to) {
		t.Errorf("covered %v – %v", res.CoveredFrom, res.CoveredTo)
	}
}

func assertWindowAtMost10Days(t *testing.T, filter string) time.Time {
	t.Helper()
	var geS, leS string
	parts := strings.Fields(filter)
	for i, p := range parts {
		if p == "ge" {
			geS = parts[i+1]
		}
		if p == "le" {
			leS = parts[i+1]
		}
	}
	ge, err1 := time.Parse(time.RFC3339, geS)
	le, err2 := time.Parse(time.RFC3339, leS)
	if err1 != nil || err2 != nil {
		t.Fatalf("cannot parse bounds of %q", filter)
	}
	if d := le.Sub(ge); d > 10*24*time.Hour || d < 0 {
		t.Errorf("window %s – %s is %v", geS, leS, d)
	}
	return ge
}

func TestListClamps120DaysTo90(t *testing.T) {
	f := newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) { page(w, rows(string(rune('a'+n)), 1), "") })
	now := time.Date(2026, 8, 24, 10, 30, 0, 0, time.UTC)
	f.clock = newFakeClock(now)
	c := f.client(f.config())
	res, err := c.List(context.Background(), trace.Request{From: now.AddDate(0, 0, -120), To: now.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	floor := time.Date(2026, 5, 27, 0, 0, 0, 0, time.UTC)
	wantNotice := trace.Notice{Severity: trace.SeverityWarning, Text: "Microsoft keeps message traces for 90 days: 2026-04-26 – 2026-05-26 (UTC) cannot be loaded"}
	if len(res.Notices) != 1 || res.Notices[0] != wantNotice {
		t.Errorf("notices %+v", res.Notices)
	}
	reqs := f.requests()
	if len(reqs) != 9 {
		t.Fatalf("%d windows, want 9", len(reqs))
	}
	if reqs[0].Filter != "receivedDateTime ge 2026-08-14T10:30:00Z and receivedDateTime le 2026-08-24T10:30:00Z" {
		t.Errorf("newest window %q", reqs[0].Filter)
	}
	if reqs[8].Filter != "receivedDateTime ge 2026-05-27T00:00:00Z and receivedDateTime le 2026-06-05T10:30:00Z" {
		t.Errorf("oldest window %q", reqs[8].Filter)
	}
	for _, r := range reqs {
		if ge := assertWindowAtMost10Days(t, r.Filter); ge.Before(floor) {
			t.Errorf("start %v older than the floor", ge)
		}
	}
	if !res.CoveredFrom.Equal(floor) || !res.CoveredTo.Equal(now) {
		t.Errorf("covered %v – %v, want %v – %v", res.CoveredFrom, res.CoveredTo, floor, now)
	}
	assertUnique(t, res.Traces, 9)
}

func TestListHonoursRetryAfter(t *testing.T) {
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name, header string
		wantWait     time.Duration
	}{
		{"seconds", "7", 7 * time.Second},
		{"http date", start.Add(30 * time.Second).Format(http.TimeFormat), 30 * time.Second},
		{"absent: backoff from 10 s", "", 10 * time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var f *fakeMS
			f = newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) {
				switch n {
				case 0:
					page(w, rows("p1", 3), f.tracesURL()+"?$skiptoken=two")
				case 1:
					if tc.header != "" {
						w.Header().Set("Retry-After", tc.header)
					}
					graphError(w, http.StatusTooManyRequests, "TooManyRequests", "Your recent queries have surpassed the permitted limit, please try again later.")
				default:
					page(w, rows("p2", 3), "")
				}
			})
			cfg := f.config()
			cfg.MaxWait = time.Minute
			res, err := f.client(cfg).List(context.Background(), trace.Request{From: day1, To: day2})
			if err != nil {
				t.Fatal(err)
			}
			if got := f.clock.Sleeps(); !reflect.DeepEqual(got, []time.Duration{tc.wantWait}) {
				t.Errorf("sleeps %v, want [%v]", got, tc.wantWait)
			}
			assertUnique(t, res.Traces, 6)
			reqs := f.requests()
			if len(reqs) != 3 || reqs[1].RawQuery != reqs[2].RawQuery {
				t.Errorf("throttled page not retried as is: %+v", reqs)
			}
		})
	}
}

func TestListThrottledBeyondMaxWaitReturnsPartial(t *testing.T) {
	var f *fakeMS
	f = newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 0 {
			page(w, rows("p1", 3), f.tracesURL()+"?$skiptoken=two")
			return
		}
		w.Header().Set("Retry-After", "120")
		graphError(w, http.StatusTooManyRequests, "TooManyRequests", "slow down")
	})
	res, err := f.client(f.config()).List(context.Background(), trace.Request{From: day1, To: day2})
	if !errors.Is(err, ErrThrottled) || !backend.IsDownstreamError(err) {
		t.Fatalf("err %v, want downstream ErrThrottled", err)
	}
	if d, ok := RetryAfter(err); !ok || d != 120*time.Second {
		t.Errorf("RetryAfter %v %v", d, ok)
	}
	// The store finds the wait through this method, without importing graph.
	var ra interface{ RetryAfter() time.Duration }
	if !errors.As(err, &ra) || ra.RetryAfter() != 120*time.Second {
		t.Errorf("errors.As RetryAfter() = %v", ra)
	}
	var pe *PartialError
	if !errors.As(err, &pe) || pe.Loaded != 0 || pe.Total != 1 {
		t.Errorf("partial %+v", pe)
	}
	assertUnique(t, res.Traces, 3)
	want := "Microsoft Graph is throttling this tenant; 1 of 1 windows not loaded, retrying in 120 s"
	if len(res.Notices) != 1 || res.Notices[0].Text != want {
		t.Errorf("notices %+v", res.Notices)
	}
	if len(f.clock.Sleeps()) != 0 || !res.CoveredFrom.IsZero() {
		t.Errorf("slept %v, covered from %v", f.clock.Sleeps(), res.CoveredFrom)
	}
}

func TestListRetries5xx(t *testing.T) {
	var f *fakeMS
	f = newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch n {
		case 0:
			page(w, rows("p1", 3), f.tracesURL()+"?$skiptoken=two")
		case 1:
			graphError(w, http.StatusServiceUnavailable, "ServiceUnavailable", "try later")
		default:
			page(w, rows("p2", 3), "")
		}
	})
	res, err := f.client(f.config()).List(context.Background(), trace.Request{From: day1, To: day2})
	if err != nil {
		t.Fatal(err)
	}
	assertUnique(t, res.Traces, 6)
	if got := f.clock.Sleeps(); !reflect.DeepEqual(got, []time.Duration{time.Second}) {
		t.Errorf("sleeps %v", got)
	}
}

func TestListFailureMidPagingKeepsRows(t *testing.T) {
	var f *fakeMS
	f = newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch n {
		case 0:
			page(w, rows("p1", 4), f.tracesURL()+"?$skiptoken=two")
		case 1:
			page(w, rows("p2", 4), f.tracesURL()+"?$skiptoken=three")
		default:
			graphError(w, http.StatusInternalServerError, "InternalServerError", "boom")
		}
	})
	res, err := f.client(f.config()).List(context.Background(), trace.Request{From: day1, To: day2})
	var pe *PartialError
	var ae *APIError
	if !errors.As(err, &pe) || !errors.As(err, &ae) || ae.Status != 500 || !backend.IsDownstreamError(err) {
		t.Fatalf("err %v", err)
	}
	assertUnique(t, res.Traces, 8)
	if n := len(f.requests()); n != 2+maxAttempts {
		t.Errorf("%d requests, want %d", n, 2+maxAttempts)
	}
	wantSleeps := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}
	if got := f.clock.Sleeps(); !reflect.DeepEqual(got, wantSleeps) {
		t.Errorf("sleeps %v, want %v", got, wantSleeps)
	}
	if len(res.Notices) != 1 || res.Notices[0].Severity != trace.SeverityError || res.Notices[0].Text != "1 of 1 windows not loaded: Microsoft Graph unavailable" {
		t.Errorf("notices %+v", res.Notices)
	}
	if !res.CoveredFrom.IsZero() || !res.CoveredTo.IsZero() {
		t.Errorf("a window read in part must not count as covered: %v – %v", res.CoveredFrom, res.CoveredTo)
	}
}

func TestListMapsFieldsAndUnknownStatuses(t *testing.T) {
	f := newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) {
		page(w, []map[string]any{
			row("a", "x@example.com", "delivered"),
			row("b", "x@example.com", "Delivered"),
			row("c", "x@example.com", "recalled"),
			row("d", "x@example.com", "unknownFutureValue"),
			row("e", "x@example.com", "somethingNew"),
			row("f", "x@example.com", "filteredAsSpam"),
		}, "")
	})
	res, err := f.client(f.config()).List(context.Background(), trace.Request{From: day1, To: day2})
	if err != nil {
		t.Fatal(err)
	}
	var got []trace.Status
	for _, tr := range res.Traces {
		got = append(got, tr.Status)
	}
	want := []trace.Status{trace.StatusDelivered, trace.StatusDelivered, trace.StatusRecalled, trace.StatusUnknown, trace.StatusUnknown, trace.StatusFilteredAsSpam}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
	first := trace.Trace{ID: "a", MessageID: "<a@contoso.com>", Received: time.Date(2026, 2, 28, 9, 15, 0, 0, time.UTC),
		Sender: "sender@contoso.com", Recipient: "x@example.com", Subject: "Weekly digest", Size: 28765, FromIP: "203.0.113.25", Status: trace.StatusDelivered}
	if res.Traces[0] != first {
		t.Errorf("row\n got %+v\nwant %+v", res.Traces[0], first)
	}
}

func TestListEscapesAndValidatesFilter(t *testing.T) {
	f := newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) { page(w, nil, "") })
	c := f.client(f.config())
	_, err := c.List(context.Background(), trace.Request{From: day1, To: day2, Filter: trace.Filter{
		Sender: "o'hara@example.com", Subject: "' or 1 eq 1", SubjectOp: trace.SubjectContains, Status: trace.StatusFailed,
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := "receivedDateTime ge 2026-02-28T00:00:00Z and receivedDateTime le 2026-03-01T00:00:00Z and " +
		"senderAddress eq 'o''hara@example.com' and status eq 'failed' and contains(subject,''' or 1 eq 1')"
	if got := f.requests()[0].Filter; got != want {
		t.Errorf("$filter\n got %s\nwant %s", got, want)
	}

	_, err = c.List(context.Background(), trace.Request{From: day1, To: day2, Filter: trace.Filter{Recipient: "' or 1 eq 1"}})
	var ve *FieldError
	if !errors.As(err, &ve) || ve.Field != "filter.recipient" || !backend.IsDownstreamError(err) {
		t.Fatalf("err %v, want plugin FieldError for filter.recipient", err)
	}
	if n := len(f.requests()); n != 1 {
		t.Errorf("an invalid filter sent a request (%d total)", n)
	}
}

// failFirstGraph fails the first n Graph round trips with a connection error.
type failFirstGraph struct {
	n    atomic.Int32
	next http.RoundTripper
}

func (f *failFirstGraph) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasPrefix(r.URL.Path, "/v1.0/") && f.n.Add(-1) >= 0 {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection reset by peer")}
	}
	return f.next.RoundTrip(r)
}

func TestListRetriesNetworkErrors(t *testing.T) {
	f := newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) { page(w, rows("p", 2), "") })
	rt := &failFirstGraph{next: f.srv.Client().Transport}
	rt.n.Store(2)
	cfg := f.config()
	cfg.HTTPClient = &http.Client{Transport: rt}
	res, err := f.client(cfg).List(context.Background(), trace.Request{From: day1, To: day2})
	if err != nil {
		t.Fatal(err)
	}
	assertUnique(t, res.Traces, 2)
	if got := f.clock.Sleeps(); !reflect.DeepEqual(got, []time.Duration{time.Second, 2 * time.Second}) {
		t.Errorf("sleeps %v", got)
	}
}

func TestListStopsOnCancel(t *testing.T) {
	f := newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) {
		graphError(w, http.StatusServiceUnavailable, "ServiceUnavailable", "down")
	})
	ctx, cancel := context.WithCancel(context.Background())
	cfg := f.config()
	cfg.Sleep = func(ctx context.Context, d time.Duration) error { cancel(); return ctx.Err() }
	_, err := f.client(cfg).List(ctx, trace.Request{From: day1, To: day2})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if n := len(f.requests()); n != 1 {
		t.Errorf("%d requests after cancel, want 1", n)
	}
}

func TestListEmptyWhenRangeTooOld(t *testing.T) {
	f := newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) { page(w, nil, "") })
	res, err := f.client(f.config()).List(context.Background(), trace.Request{From: day1.AddDate(-1, 0, 0), To: day1.AddDate(-1, 0, 5)})
	if err != nil || len(res.Traces) != 0 || len(f.requests()) != 0 || len(res.Notices) != 1 || !res.CoveredFrom.IsZero() {
		t.Errorf("res %+v err %v requests %d", res, err, len(f.requests()))
	}
}
