package graph

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

func TestNextLinkToAnotherHostIsRefused(t *testing.T) {
	f := newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) {
		page(w, rows("p1", 2), "https://elsewhere.example"+tracesPath+"?$skiptoken=2")
	})
	res, err := f.client(f.config()).List(context.Background(), trace.Request{From: day1, To: day2})
	if err == nil || !strings.Contains(err.Error(), "outside") {
		t.Fatalf("err %v", err)
	}
	assertUnique(t, res.Traces, 2)
	if n := len(f.requests()); n != 1 {
		t.Errorf("%d requests", n)
	}
}

func TestMalformedJSONIsNotRetried(t *testing.T) {
	f := newFakeMS(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"value": [ {"id": `))
	})
	_, err := f.client(f.config()).List(context.Background(), trace.Request{From: day1, To: day2})
	if err == nil || !strings.Contains(err.Error(), "not the expected JSON") {
		t.Fatalf("err %v", err)
	}
	if n := len(f.requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestErrorTexts(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{&BudgetError{Limit: 90, Window: budgetWindow, Wait: 39500 * time.Millisecond}, "request budget exhausted (90 per 5 min), retry in 40 s"},
		{&ThrottledError{Wait: 2 * time.Second}, "Microsoft Graph is throttling this tenant (HTTP 429), retry in 2 s"},
		{&PartialError{Loaded: 1, Total: 3, MissingFrom: day1, MissingTo: day2, Err: &APIError{Status: 500, Code: "x", Message: "boom", RequestID: "r1"}},
			"2 of 3 windows not loaded (2026-02-28T00:00:00Z – 2026-03-01T00:00:00Z): Microsoft Graph returned HTTP 500 (x): boom [request-id r1]"},
		{&AuthError{Status: 401, Code: "AADSTS7000215", OAuthError: "invalid_client", Description: "Invalid client secret provided."},
			"token request failed (HTTP 401): AADSTS7000215 invalid_client: Invalid client secret provided."},
		{&NetworkError{Host: "graph.example", Err: errors.New("connection refused")}, "cannot reach graph.example: connection refused"},
	}
	for _, tc := range cases {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}

func TestExplainLocalErrors(t *testing.T) {
	cases := []struct {
		err   error
		title string
	}{
		{nil, ""},
		{withSource(&FieldError{Field: "TenantID", Reason: "is required"}), "Invalid settings"},
		{withSource(&PartialError{Err: &BudgetError{Limit: 90, Window: budgetWindow, Wait: time.Second}}), "Request budget exhausted"},
		{withSource(context.DeadlineExceeded), "Timed out"},
		{withSource(&AuthError{Description: "ManagedIdentityCredential: no response from the IMDS endpoint"}), "Managed identity unavailable"},
		{withSource(&AuthError{Status: 400, Code: "AADSTS50000", Description: "other"}), "Authentication failed"},
		{withSource(&APIError{Status: 404}), "Message trace API not found"},
		{withSource(&APIError{Status: 400, Message: "Invalid StartDate value."}), "Request rejected by Microsoft Graph"},
		{withSource(&NetworkError{Host: "login.example", Err: errors.New("dial tcp: lookup login.example: no such host")}), "Host not found"},
		{errors.New("strange"), "Unexpected error"},
	}
	for _, tc := range cases {
		h := Explain(tc.err)
		if tc.err == nil {
			if h != nil {
				t.Errorf("Explain(nil) = %v", h)
			}
			continue
		}
		if h.Title != tc.title || !errors.Is(h, tc.err) {
			t.Errorf("Explain(%v) = %q, want %q", tc.err, h.Title, tc.title)
		}
	}
}

func TestSleepCtx(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	if err := sleepCtx(ctx, time.Hour); !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
		t.Errorf("sleepCtx on a cancelled context: %v after %v", err, time.Since(start))
	}
	if err := sleepCtx(context.Background(), time.Millisecond); err != nil {
		t.Error(err)
	}
	if j := defaultJitter(); j < 0 || j >= 1 {
		t.Errorf("jitter %v", j)
	}
}

func TestGraphTimeLenient(t *testing.T) {
	var v struct{ A, B, C, D graphTime }
	if err := json.Unmarshal([]byte(`{"A":"2026-01-22T09:15:00.1234567Z","B":"2026-01-22T09:15:00","C":null,"D":"2026-01-22T18:15:00+09:00"}`), &v); err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 1, 22, 9, 15, 0, 0, time.UTC)
	if !time.Time(v.A).Equal(want.Add(123456700)) || !time.Time(v.B).Equal(want) || !time.Time(v.C).IsZero() || !time.Time(v.D).Equal(want) {
		t.Errorf("parsed %v", v)
	}
	if err := json.Unmarshal([]byte(`{"A":"yesterday"}`), &v); err == nil {
		t.Error("want an error for a non-date")
	}
}
