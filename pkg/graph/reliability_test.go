package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// TestRenewsRevokedToken: a 401 for a revoked or expired token drops the cached
// token, fetches a new one and retries once, also in the middle of paging.
func TestRenewsRevokedToken(t *testing.T) {
	cases := []struct {
		name, code, msg string
		failPage        int // the graph request (0-based) answered 401 while the first token is used
	}{
		{"revoked on first page", "InvalidAuthenticationToken", "Access token validation failure.", 0},
		{"expired while paging", "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.", 1},
		{"expired token, other code", "Unauthorized", "The access token has expired.", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var f *fakeMS
			f = newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) {
				if n == tc.failPage && r.Header.Get("Authorization") == "Bearer tok-1" {
					graphError(w, http.StatusUnauthorized, tc.code, tc.msg)
					return
				}
				if r.URL.Query().Get("$skiptoken") == "" {
					page(w, rows("a", 3), f.tracesURL()+"?$skiptoken=p2")
					return
				}
				page(w, rows("b", 2), "")
			})
			f.numbered = true
			res, err := f.client(f.config()).List(context.Background(), trace.Request{From: day1, To: day2})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Traces) != 5 {
				t.Errorf("%d traces, want 5", len(res.Traces))
			}
			if n := len(f.forms()); n != 2 {
				t.Errorf("%d token requests, want 2 (the cached one, then a new one)", n)
			}
			reqs := f.requests()
			if len(reqs) != 3 || reqs[2].Auth != "Bearer tok-2" {
				t.Errorf("graph requests %+v, want 3 ending with the new token", reqs)
			}
		})
	}
}

// TestSecondRejectionExplained: a token that is rejected again after renewal is
// reported with the health explanation, after exactly one renewal.
func TestSecondRejectionExplained(t *testing.T) {
	f := newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) {
		graphError(w, http.StatusUnauthorized, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.")
	})
	f.numbered = true
	err := f.client(f.config()).Probe(context.Background())
	if err == nil {
		t.Fatal("want an error")
	}
	if h := Explain(err); h.Title != "Access token rejected" {
		t.Errorf("explained as %q: %s", h.Title, h.Message)
	}
	if n, g := len(f.forms()), len(f.requests()); n != 2 || g != 2 {
		t.Errorf("%d token and %d graph requests, want 2 and 2", n, g)
	}
}

// TestServicePrincipalMissingNotRetried: the missing-service-principal 401 is
// not a token problem; renewing would only spend a request.
func TestServicePrincipalMissingNotRetried(t *testing.T) {
	f := newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) {
		graphError(w, http.StatusUnauthorized, "Unauthorized", "Service principal-less Authentication failed: the service principal for App ID "+TraceAppID+" was not found.")
	})
	_ = f.client(f.config()).Probe(context.Background())
	if n, g := len(f.forms()), len(f.requests()); n != 1 || g != 1 {
		t.Errorf("%d token and %d graph requests, want 1 and 1", n, g)
	}
}

// TestScopeIsGraphResource: the token is for Microsoft Graph even when requests
// go through a proxy at another base URL (Entra refuses <proxy>/.default).
func TestScopeIsGraphResource(t *testing.T) {
	f := newFakeMS(t, okGraph)
	cfg := f.config()
	cfg.GraphBaseURL = f.srv.URL // a proxy in front of Graph
	if err := f.client(cfg).Probe(context.Background()); err != nil {
		t.Fatal(err)
	}
	// MSAL appends openid, offline_access and profile; the resource is the rest.
	var resources []string
	for _, s := range strings.Fields(f.forms()[0].Get("scope")) {
		if strings.HasSuffix(s, "/.default") {
			resources = append(resources, s)
		}
	}
	if len(resources) != 1 || resources[0] != "https://graph.microsoft.com/.default" {
		t.Errorf("scope %q, want https://graph.microsoft.com/.default", f.forms()[0].Get("scope"))
	}
}

// TestDetailsOfUnknownTrace: an unknown id or a recipient the message did not
// go to comes back from Graph as no events (or a 404); either is a not-found
// error naming both, never an empty table without a word.
func TestDetailsOfUnknownTrace(t *testing.T) {
	const id, rcpt = "00000000-0000-4000-8000-000000000000", "nobody@contoso.com"
	for name, h := range map[string]func(http.ResponseWriter, *http.Request, int){
		"no events": func(w http.ResponseWriter, _ *http.Request, _ int) { page(w, nil, "") },
		"404":       func(w http.ResponseWriter, _ *http.Request, _ int) { graphError(w, 404, "NotFound", "not found") },
	} {
		t.Run(name, func(t *testing.T) {
			f := newFakeMS(t, h)
			d, err := f.client(f.config()).Details(context.Background(), id, rcpt)
			if !errors.Is(err, trace.ErrNotFound) || len(d) != 0 {
				t.Fatalf("details %v, err %v; want trace.ErrNotFound", d, err)
			}
			if !strings.Contains(err.Error(), id) || !strings.Contains(err.Error(), rcpt) {
				t.Errorf("error %q does not name the id and the recipient", err)
			}
		})
	}
}

// TestResumeAtStoppedPage: a window the request budget stopped midway continues
// at the page it stopped at, with the saved nextLink; a link Graph no longer
// accepts makes the window start over; a stale token is ignored.
func TestResumeAtStoppedPage(t *testing.T) {
	cases := []struct {
		name       string
		wait       time.Duration // between the two calls
		rejectLink bool          // Graph answers 400 to the saved link
		wantSecond []string      // $skiptoken of each request of the second call
	}{
		{"continues at page 5", 5 * time.Minute, false, []string{"p5", "p6"}},
		{"expired link starts over", 5 * time.Minute, true, []string{"p5", "", "p2", "p3"}},
		{"token too old", 40 * time.Minute, false, []string{"", "p2", "p3", "p4"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var f *fakeMS
			rejected := false
			f = newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) {
				tok := r.URL.Query().Get("$skiptoken")
				if tc.rejectLink && tok == "p5" && !rejected && n >= 4 {
					rejected = true
					graphError(w, http.StatusBadRequest, "BadRequest", "Invalid skip token.")
					return
				}
				k := 1
				if tok != "" {
					k, _ = strconv.Atoi(tok[1:])
				}
				next := ""
				if k < 6 {
					next = fmt.Sprintf("%s?$skiptoken=p%d", f.tracesURL(), k+1)
				}
				page(w, rows(fmt.Sprintf("page%d", k), 10), next)
			})
			cfg := f.config()
			cfg.RequestBudget, cfg.MaxWait = 4, -1
			c := f.client(cfg)
			r := trace.Request{From: day1, To: day2}
			first, err := c.List(context.Background(), r)
			if !errors.Is(err, ErrBudget) || len(first.Traces) != 40 || first.Resume == "" {
				t.Fatalf("first call: %d rows, resume %q, err %v; want 40 rows, a token and ErrBudget", len(first.Traces), first.Resume, err)
			}
			f.clock.Advance(tc.wait)
			r.Resume = first.Resume
			second, err := c.List(context.Background(), r)
			var toks []string
			for _, q := range f.requests()[4:] {
				v, _ := url.ParseQuery(q.RawQuery)
				toks = append(toks, v.Get("$skiptoken"))
			}
			if !reflect.DeepEqual(toks, tc.wantSecond) {
				t.Errorf("second call requested pages %q, want %q", toks, tc.wantSecond)
			}
			if tc.name == "continues at page 5" {
				if err != nil || len(second.Traces) != 20 || !second.CoveredFrom.Equal(day1) {
					t.Errorf("second call: %d rows, covered from %v, err %v; want 20 rows from %v", len(second.Traces), second.CoveredFrom, err, day1)
				}
			}
		})
	}
}

// TestRetentionMatchesPlan: the floor the client tells the store is the one its
// own plan clamps to, so the store never asks for a part Graph refuses.
func TestRetentionMatchesPlan(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	floor, why := (&Client{}).Retention(now)
	p := planWindows(now.AddDate(0, 0, -120), now, now)
	if !floor.Equal(p.from) || !floor.Equal(time.Date(2025, 12, 2, 0, 0, 0, 0, time.UTC)) || why != "Microsoft keeps message traces for 90 days" {
		t.Errorf("retention %v (%q), plan starts %v", floor, why, p.from)
	}
	if p = planWindows(floor, now, now); len(p.notices) != 0 {
		t.Errorf("a range from the floor gets notices %v", p.notices)
	}
}

// TestResponseSizeLimit: a response over the limit is refused with a clear
// error instead of being read without bound; it is not retried.
func TestResponseSizeLimit(t *testing.T) {
	old := maxBodyBytes
	maxBodyBytes = 4 << 10
	t.Cleanup(func() { maxBodyBytes = old })
	f := newFakeMS(t, func(w http.ResponseWriter, _ *http.Request, _ int) { page(w, rows("big", 100), "") })
	_, err := f.client(f.config()).List(context.Background(), trace.Request{From: day1, To: day2})
	if err == nil || !strings.Contains(err.Error(), "larger than 4096 bytes") {
		t.Fatalf("err %v, want the size limit", err)
	}
	if n := len(f.requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}
