package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

const (
	maxAttempts  = 5                // per request, for 5xx and network failures (1 + 4 retries)
	maxThrottles = 6                // 429s tolerated per request while MaxWait lasts
	backoffBase  = time.Second      // first 5xx/network retry, doubled each time, jittered
	throttleBase = 10 * time.Second // first 429 wait when Retry-After is absent, doubled
)

// maxBodyBytes bounds one Graph response; a 5,000-row page is about 2 MB. A
// variable so tests can lower it.
var maxBodyBytes = int64(64 << 20)

// outcome of one HTTP attempt.
type outcome struct {
	err        error
	retry      bool          // transient: 5xx, network, 429
	throttled  bool          // 429
	retryAfter time.Duration // from Retry-After; valid when hasAfter
	hasAfter   bool
	gen        uint64 // credential generation of the token used
}

// getJSON GETs rawURL and decodes the JSON body into out. Every attempt takes a
// budget slot; 429 waits are spent from w, the call's MaxWait allowance.
func (c *Client) getJSON(ctx context.Context, w *waiter, rawURL string, out any) error {
	failures, throttles, renewed := 0, 0, false
	for {
		if err := acquire(ctx, c.slots, c.clk, w); err != nil {
			return err
		}
		o := c.attempt(ctx, rawURL, out)
		if !renewed && tokenRejected(o.err) {
			// One retry with a new token; a second rejection is reported.
			renewed = true
			if err := c.creds.renew(o.gen); err != nil {
				return withSource(&FieldError{Field: "Auth", Reason: "cannot be set up: " + c.redact.apply(err.Error())})
			}
			continue
		}
		if !o.retry {
			return o.err
		}
		var wait time.Duration
		if o.throttled {
			throttles++
			wait = c.throttleWait(o, throttles)
			now := c.clk.now()
			c.slots.pauseUntil(ctx, now, now.Add(wait))
			if throttles > maxThrottles || !w.spend(wait) {
				return &ThrottledError{Wait: wait, Err: o.err}
			}
		} else {
			failures++
			if failures >= maxAttempts {
				return fmt.Errorf("gave up after %d attempts: %w", failures, o.err)
			}
			wait = c.backoff(failures)
		}
		if err := c.clk.sleep(ctx, wait); err != nil {
			return fmt.Errorf("waiting to retry: %w", err)
		}
	}
}

// throttleWait honours Retry-After, else backs off exponentially from 10 s.
func (c *Client) throttleWait(o outcome, n int) time.Duration {
	if o.hasAfter {
		return max(o.retryAfter, time.Second)
	}
	return throttleBase << (n - 1)
}

// backoff is 1 s, 2 s, 4 s, ... scaled by a jitter factor in [0.5, 1.5) so
// concurrent callers do not retry in lockstep.
func (c *Client) backoff(n int) time.Duration {
	d := backoffBase << (n - 1)
	return time.Duration(float64(d) * (0.5 + c.clk.jitter()))
}

// attempt makes one authenticated GET.
func (c *Client) attempt(ctx context.Context, rawURL string, out any) outcome {
	tok, gen, err := c.token(ctx)
	if err != nil {
		return outcome{err: err, retry: transient(err), gen: gen}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return outcome{err: fmt.Errorf("build request: %w", err)}
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Accept", "application/json")
	// Without it Graph hides evolvable enum members such as "recalled".
	req.Header.Set("Prefer", "include-unknown-enum-members")
	res, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return outcome{err: fmt.Errorf("graph request: %w", ctx.Err())}
		}
		ne := &NetworkError{Host: req.URL.Host, Err: err}
		return outcome{err: ne, retry: !ne.tlsVerification()}
	}
	defer drainClose(res.Body)
	o := c.handle(ctx, res, out)
	o.gen = gen
	return o
}

func (c *Client) handle(ctx context.Context, res *http.Response, out any) outcome {
	switch {
	case res.StatusCode >= 200 && res.StatusCode < 300:
		return decodeBody(ctx, res, out)
	case res.StatusCode == http.StatusTooManyRequests:
		d, ok := retryAfter(res.Header, c.clk.now())
		return outcome{err: apiError(res), retry: true, throttled: true, retryAfter: d, hasAfter: ok}
	case res.StatusCode == http.StatusInternalServerError, res.StatusCode == http.StatusBadGateway,
		res.StatusCode == http.StatusServiceUnavailable, res.StatusCode == http.StatusGatewayTimeout:
		return outcome{err: apiError(res), retry: true}
	}
	return outcome{err: apiError(res)}
}

// decodeBody treats a body cut short as a network failure (retried) and
// malformed JSON as Graph's fault (not retried).
func decodeBody(ctx context.Context, res *http.Response, out any) outcome {
	body := &readErrRecorder{r: io.LimitReader(res.Body, maxBodyBytes+1)}
	dec := json.NewDecoder(body)
	err := dec.Decode(out)
	switch {
	case body.n > maxBodyBytes:
		// Cut off here rather than read without bound; a real page is far smaller.
		return outcome{err: fmt.Errorf("Microsoft Graph sent a response larger than %d bytes; not reading it", maxBodyBytes)}
	case err == nil:
		return outcome{}
	case ctx.Err() != nil:
		return outcome{err: fmt.Errorf("read Graph response: %w", ctx.Err())}
	case body.err != nil && !errors.Is(body.err, io.EOF):
		return outcome{err: &NetworkError{Host: res.Request.URL.Host, Err: body.err}, retry: true}
	}
	return outcome{err: fmt.Errorf("Microsoft Graph returned a body that is not the expected JSON: %w", err)}
}

type readErrRecorder struct {
	r   io.Reader
	n   int64 // bytes read
	err error
}

func (r *readErrRecorder) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.n += int64(n)
	if err != nil && err != io.EOF {
		r.err = err
	}
	return n, err
}

// graphErrorBody is Graph's standard error envelope.
type graphErrorBody struct {
	Error struct {
		Code       string `json:"code"`
		Message    string `json:"message"`
		InnerError struct {
			RequestID string `json:"request-id"`
		} `json:"innerError"`
	} `json:"error"`
}

func apiError(res *http.Response) *APIError {
	var body graphErrorBody
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	_ = json.Unmarshal(raw, &body)
	e := &APIError{Status: res.StatusCode, Code: body.Error.Code, Message: firstLine(body.Error.Message), RequestID: body.Error.InnerError.RequestID}
	if e.RequestID == "" {
		e.RequestID = res.Header.Get("request-id")
	}
	return e
}

// retryAfter parses Retry-After as seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// transient reports whether a token failure is worth retrying.
func transient(err error) bool {
	var ne *NetworkError
	if errors.As(err, &ne) {
		return !ne.tlsVerification()
	}
	var ae *AuthError
	return errors.As(err, &ae) && (ae.Status >= 500 || ae.Status == http.StatusTooManyRequests)
}

func drainClose(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 1<<20))
	_ = body.Close()
}
