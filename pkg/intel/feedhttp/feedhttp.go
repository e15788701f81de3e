// Package feedhttp is the HTTP plumbing threat-intel providers share: requests
// whose errors never carry secrets (query strings, headers), status errors with
// the server's retry hint, and bounded bodies.
package feedhttp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// MaxBody bounds what a provider may send in one response.
const MaxBody = 256 << 20

// StatusError is an HTTP status the provider answered with.
type StatusError struct {
	Provider string
	Code     int
	// RetryAfter is how long the server asked us to wait (429, 503), zero if not said.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("%s answered HTTP %d %s", e.Provider, e.Code, http.StatusText(e.Code))
	switch {
	case e.Code == http.StatusUnauthorized || e.Code == http.StatusForbidden:
		s += ": check the credentials and their permissions"
	case e.RetryAfter > 0:
		s += fmt.Sprintf(": retrying after %s", e.RetryAfter.Round(time.Second))
	}
	return s
}

// Redact returns a URL fit for messages: scheme, host and path, no query or
// user info, which may hold keys.
func Redact(u *url.URL) string {
	if u == nil {
		return ""
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

// Do sends req and returns the response for 2xx and 304, a *StatusError
// otherwise (the body drained and closed). Transport errors are rewritten to
// name only the redacted URL.
func Do(c *http.Client, provider string, req *http.Request) (*http.Response, error) {
	resp, err := c.Do(req)
	if err != nil {
		if ctxErr := req.Context().Err(); ctxErr != nil {
			return nil, fmt.Errorf("%s: %s %s: %w", provider, req.Method, Redact(req.URL), ctxErr)
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the full URL
		}
		return nil, fmt.Errorf("%s: %s %s: %w", provider, req.Method, Redact(req.URL), err)
	}
	if resp.StatusCode/100 == 2 || resp.StatusCode == http.StatusNotModified {
		return resp, nil
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	return nil, &StatusError{Provider: provider, Code: resp.StatusCode, RetryAfter: RetryAfter(resp.Header, time.Now())}
}

// RetryAfter reads the wait a server asks for: Retry-After (seconds or an HTTP
// date), or CrowdStrike's X-RateLimit-RetryAfter (a Unix time).
func RetryAfter(h http.Header, now time.Time) time.Duration {
	if v := h.Get("X-RateLimit-RetryAfter"); v != "" {
		if epoch, err := strconv.ParseInt(v, 10, 64); err == nil {
			return max(0, time.Unix(epoch, 0).Sub(now))
		}
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		return time.Duration(max(0, s)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, t.Sub(now))
	}
	return 0
}

// Body reads a response body up to MaxBody.
func Body(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxBody {
		return nil, fmt.Errorf("the response is larger than %d MB", MaxBody>>20)
	}
	return b, nil
}

// Sleep waits d or until ctx ends.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
