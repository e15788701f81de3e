package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

var aadstsCode = regexp.MustCompile(`AADSTS\d+`)

// token returns a bearer token from the credential's cache or the token endpoint.
// Failures are rebuilt from scratch (AuthError / NetworkError) instead of wrapped,
// because azidentity's error text includes the token endpoint's raw response,
// which may echo the client secret.
// The generation identifies the credential that issued it, for renew.
func (c *Client) token(ctx context.Context) (string, uint64, error) {
	cred, gen := c.creds.get()
	tok, err := cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{GraphScope}})
	if err == nil {
		return tok.Token, gen, nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return "", gen, fmt.Errorf("token request: %w", ctxErr)
	}
	return "", gen, c.authFailure(err)
}

// tokenRejected reports whether Graph refused the token itself (revoked, or
// expired before its advertised expiry), which a new token can fix. The missing
// service principal is also a 401 but a new token does not help.
func tokenRejected(err error) bool {
	var e *APIError
	if !errors.As(err, &e) || e.Status != http.StatusUnauthorized || strings.Contains(e.Message, TraceAppID) {
		return false
	}
	return e.Code == "InvalidAuthenticationToken" || strings.Contains(strings.ToLower(e.Message), "expired")
}

func (c *Client) authFailure(err error) error {
	var afe *azidentity.AuthenticationFailedError
	if errors.As(err, &afe) && afe.RawResponse != nil {
		return c.authErrorFromResponse(afe)
	}
	msg := c.redact.apply(err.Error())
	if looksLikeNetwork(msg) {
		return &NetworkError{Host: c.loginHost, Err: errors.New(msg)}
	}
	return &AuthError{Description: firstLine(msg)}
}

// tokenErrorBody is the identity platform's OAuth error response.
type tokenErrorBody struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
	Codes       []int  `json:"error_codes"`
}

func (c *Client) authErrorFromResponse(afe *azidentity.AuthenticationFailedError) error {
	res := afe.RawResponse
	e := &AuthError{Status: res.StatusCode}
	var body tokenErrorBody
	if res.Body != nil {
		raw, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
		_ = json.Unmarshal(raw, &body)
	}
	e.OAuthError = c.redact.apply(body.Error)
	e.Description = firstLine(c.redact.apply(body.Description))
	if len(body.Codes) > 0 {
		e.Code = fmt.Sprintf("AADSTS%d", body.Codes[0])
	} else {
		e.Code = aadstsCode.FindString(body.Description)
	}
	return e
}

// looksLikeNetwork classifies errors whose type azidentity flattened to text.
func looksLikeNetwork(msg string) bool {
	for _, s := range []string{"dial tcp", "no such host", "x509:", "tls:", "connection refused", "connection reset", "i/o timeout", "Client.Timeout", "EOF", "network is unreachable"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	const max = 500
	if len(s) > max {
		s = strings.ToValidUTF8(s[:max], "") + "…"
	}
	return s
}

// redactor removes secrets from text in every encoding a server could echo them.
type redactor struct{ needles []string }

func newRedactor(secrets ...string) redactor {
	var r redactor
	for _, s := range secrets {
		if s == "" {
			continue
		}
		js, _ := json.Marshal(s)
		r.needles = append(r.needles, s, url.QueryEscape(s), url.PathEscape(s), strings.Trim(string(js), `"`))
	}
	return r
}

func (r redactor) apply(s string) string {
	for _, n := range r.needles {
		s = strings.ReplaceAll(s, n, "[redacted]")
	}
	return s
}
