package feedhttp

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		h    map[string]string
		want time.Duration
	}{
		{map[string]string{"Retry-After": "120"}, 2 * time.Minute},
		{map[string]string{"Retry-After": "Fri, 04 Dec 2026 10:00:30 GMT"}, 30 * time.Second},
		{map[string]string{"X-RateLimit-RetryAfter": "1796378445", "Retry-After": "5"}, 45 * time.Second}, // CrowdStrike's wins
		{map[string]string{"Retry-After": "soon"}, 0},
		{map[string]string{"X-RateLimit-RetryAfter": "1796378000"}, 0}, // in the past
		{nil, 0},
	}
	for _, tc := range tests {
		h := http.Header{}
		for k, v := range tc.h {
			h.Set(k, v)
		}
		if got := RetryAfter(h, now); got != tc.want {
			t.Errorf("RetryAfter(%v) = %s, want %s", tc.h, got, tc.want)
		}
	}
}

func TestDoKeepsSecretsOut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL+"/feed?apikey=s3cret", nil)
	_, err := Do(srv.Client(), "feed", req)
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 429 || se.RetryAfter != 7*time.Second || err.Error() != "feed answered HTTP 429 Too Many Requests: retrying after 7s" {
		t.Errorf("error = %v", err)
	}
	srv.Close()
	req, _ = http.NewRequestWithContext(context.Background(), http.MethodGet, "http://user:pw@"+strings.TrimPrefix(srv.URL, "http://")+"/feed?apikey=s3cret", nil)
	_, err = Do(http.DefaultClient, "feed", req)
	if err == nil || strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "pw") || !strings.Contains(err.Error(), "/feed") {
		t.Errorf("transport error = %v", err)
	}
	if got := Redact(&url.URL{Scheme: "https", User: url.UserPassword("u", "p"), Host: "h", Path: "/x", RawQuery: "k=v"}); got != "https://h/x" {
		t.Errorf("Redact = %q", got)
	}
}
