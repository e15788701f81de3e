package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
func (c *Client) token(ctx context.Context) (string, error) {
	tok, err := c.cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{c.scope}})
	if err == nil {
		return tok.Token, nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return "", fmt.Errorf("token request: %w", ctxErr)
	}
	return "", c.authFailure(err)
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
