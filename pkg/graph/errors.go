package graph

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Sentinels for errors.Is. BudgetError and ThrottledError match them and carry
// the wait; RetryAfter extracts it from any error chain.
var (
	ErrBudget    = errors.New("request budget exhausted")
	ErrThrottled = errors.New("throttled by Microsoft Graph")
)

// FieldError is a setting or filter value (a field of the configuration or of
// a query's pushed-down filter) that must be fixed before any request is made.
// It is a plugin-side error. (pkg/query's InvalidQueryError is the query's own.)
type FieldError struct {
	Field  string // e.g. "TenantID", "filter.sender"
	Reason string
}

func (e *FieldError) Error() string { return e.Field + " " + e.Reason }

func configError(field, reason string) error { return &FieldError{Field: field, Reason: reason} }

// AuthError is a failed token request. It holds only what the identity platform
// said, already redacted, never the raw response (which can echo the request).
type AuthError struct {
	Status      int    // HTTP status of the token endpoint, 0 if none
	Code        string // first AADSTS code, e.g. "AADSTS7000215"
	OAuthError  string // e.g. "invalid_client"
	Description string // first line of error_description, redacted
}

func (e *AuthError) Error() string {
	msg := "token request failed"
	if e.Status != 0 {
		msg += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	if e.Code != "" || e.OAuthError != "" {
		msg += ": " + joinNonEmpty(e.Code, e.OAuthError)
	}
	if e.Description != "" {
		msg += ": " + e.Description
	}
	return msg
}

// APIError is a non-success answer from Microsoft Graph.
type APIError struct {
	Status    int
	Code      string // Graph error.code
	Message   string // Graph error.message
	RequestID string
}

// Is makes a 404 match trace.ErrNotFound, so callers can tell "no such trace"
// from a failure without knowing Graph's error shapes.
func (e *APIError) Is(target error) bool {
	return target == trace.ErrNotFound && e.Status == http.StatusNotFound
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("Microsoft Graph returned HTTP %d", e.Status)
	if e.Code != "" {
		msg += " (" + e.Code + ")"
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.RequestID != "" {
		msg += " [request-id " + e.RequestID + "]"
	}
	return msg
}

// NetworkError is a failure to reach an endpoint: DNS, connect, TLS, timeouts.
type NetworkError struct {
	Host string
	Err  error
}

func (e *NetworkError) Error() string { return "cannot reach " + e.Host + ": " + e.Err.Error() }
func (e *NetworkError) Unwrap() error { return e.Err }

// tlsVerification reports a certificate the client does not trust; retrying
// cannot help, the CA setting can.
func (e *NetworkError) tlsVerification() bool {
	var ua x509.UnknownAuthorityError
	var cv *tls.CertificateVerificationError
	var hn x509.HostnameError
	if errors.As(e.Err, &ua) || errors.As(e.Err, &cv) || errors.As(e.Err, &hn) {
		return true
	}
	return strings.Contains(e.Err.Error(), "x509:") || strings.Contains(e.Err.Error(), "tls: failed to verify")
}

// BudgetError means this process's request budget for the tenant has no free
// slot within the caller's MaxWait.
type BudgetError struct {
	Limit  int
	Window time.Duration
	Wait   time.Duration // until a slot frees up
}

// RetryAfter tells callers (the store) when to try again.
func (e *BudgetError) RetryAfter() time.Duration { return e.Wait }

func (e *BudgetError) Error() string {
	return fmt.Sprintf("request budget exhausted (%d per %s), retry in %s", e.Limit, fmtMinutes(e.Window), fmtSeconds(e.Wait))
}

// Is makes errors.Is(err, ErrBudget) true.
func (e *BudgetError) Is(target error) bool { return target == ErrBudget }

// ThrottledError means Graph answered 429 and asked for a wait longer than the
// caller's MaxWait (or retries ran out).
type ThrottledError struct {
	Wait time.Duration // Graph's Retry-After
	Err  error         // Graph's 429 answer; nil when another call's 429 paused the budget
}

// RetryAfter tells callers (the store) when to try again.
func (e *ThrottledError) RetryAfter() time.Duration { return e.Wait }

func (e *ThrottledError) Error() string {
	return "Microsoft Graph is throttling this tenant (HTTP 429), retry in " + fmtSeconds(e.Wait)
}

// Is makes errors.Is(err, ErrThrottled) true.
func (e *ThrottledError) Is(target error) bool { return target == ErrThrottled }

func (e *ThrottledError) Unwrap() error { return e.Err }

// PartialError reports that List read only part of the range. The Result
// returned with it holds every row that was read.
type PartialError struct {
	Loaded, Total int       // windows fully read / planned
	MissingFrom   time.Time // the oldest part of the range that was not fully read
	MissingTo     time.Time
	Err           error
}

func (e *PartialError) Error() string {
	return fmt.Sprintf("%d of %d windows not loaded (%s – %s): %v", e.Total-e.Loaded, e.Total,
		e.MissingFrom.Format(time.RFC3339), e.MissingTo.Format(time.RFC3339), e.Err)
}

func (e *PartialError) Unwrap() error { return e.Err }

// RetryAfter returns how long to wait before retrying when err is (or wraps) a
// budget or throttling error.
func RetryAfter(err error) (time.Duration, bool) {
	var b *BudgetError
	if errors.As(err, &b) {
		return b.Wait, true
	}
	var t *ThrottledError
	if errors.As(err, &t) {
		return t.Wait, true
	}
	return 0, false
}

// withSource labels err for Grafana. Everything the client reports comes from
// outside the plugin's code: Microsoft's answers, the network, the quota, and
// settings or filter values the user typed (validation errors). None of them should
// count against the plugin's own reliability.
func withSource(err error) error {
	if err == nil {
		return nil
	}
	return backend.DownstreamError(err)
}

func joinNonEmpty(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}

// fmtSeconds rounds up so "retry in 0 s" is never shown.
func fmtSeconds(d time.Duration) string {
	return fmt.Sprintf("%d s", int64(math.Ceil(d.Seconds())))
}

func fmtMinutes(d time.Duration) string {
	return fmt.Sprintf("%d min", int64(d/time.Minute))
}
