package graph

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// testCert is a self-signed RSA certificate generated once per test run.
type testCert struct {
	cert                  *x509.Certificate
	certPEM, pkcs8, pkcs1 string
}

var (
	certOnce sync.Once
	certs    map[string]testCert
)

// getCert returns "valid" (2026-01-01 – 2027-01-01) or "expired"
// (2025-01-01 – 2026-01-31) test certificates.
func getCert(t *testing.T, which string) testCert {
	t.Helper()
	certOnce.Do(func() {
		certs = map[string]testCert{
			"valid":   makeCert(t, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)),
			"expired": makeCert(t, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 31, 8, 0, 0, 0, time.UTC)),
		}
	})
	return certs[which]
}

func makeCert(t *testing.T, from, to time.Time) testCert {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "messagetrace-test"}, NotBefore: from, NotAfter: to}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	p8, _ := x509.MarshalPKCS8PrivateKey(key)
	enc := func(typ string, b []byte) string { return string(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b})) }
	return testCert{cert: cert, certPEM: enc("CERTIFICATE", der), pkcs8: enc("PRIVATE KEY", p8), pkcs1: enc("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(key))}
}

func okGraph(w http.ResponseWriter, r *http.Request, n int) { page(w, nil, "") }

func TestClientSecretReachesTokenEndpoint(t *testing.T) {
	f := newFakeMS(t, okGraph)
	c := f.client(f.config())
	for range 2 {
		if err := c.Probe(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	forms := f.forms()
	if len(forms) != 1 {
		t.Fatalf("%d token requests for two probes, want 1 (cached)", len(forms))
	}
	got := forms[0]
	if got.Get("grant_type") != "client_credentials" || got.Get("client_id") != testClientID || got.Get("client_secret") != testSecret ||
		!strings.Contains(got.Get("scope"), GraphScope) {
		t.Errorf("token form %v", got)
	}
	reqs := f.requests()
	if len(reqs) != 2 || reqs[0].Top != "1" ||
		reqs[0].Filter != "receivedDateTime ge 2026-03-01T11:00:00Z and receivedDateTime le 2026-03-01T12:00:00Z" {
		t.Errorf("probe requests %+v", reqs)
	}
}

func TestClientCertificateReachesTokenEndpoint(t *testing.T) {
	tc := getCert(t, "valid")
	for _, layout := range []struct{ name, cert, key string }{
		{"separate PKCS#8 key", tc.certPEM, tc.pkcs8},
		{"PKCS#1 key in the certificate PEM", tc.pkcs1 + tc.certPEM, ""},
	} {
		t.Run(layout.name, func(t *testing.T) {
			f := newFakeMS(t, okGraph)
			cfg := f.config()
			cfg.Auth, cfg.ClientSecret, cfg.CertificatePEM, cfg.PrivateKeyPEM = AuthClientCertificate, "", layout.cert, layout.key
			if err := f.client(cfg).Probe(context.Background()); err != nil {
				t.Fatal(err)
			}
			forms := f.forms()
			if len(forms) != 1 || forms[0].Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" || forms[0].Has("client_secret") {
				t.Fatalf("token form %v", forms)
			}
			verifyAssertion(t, forms[0].Get("client_assertion"), tc.cert, f.srv.URL+"/"+f.tenant+"/oauth2/v2.0/token")
		})
	}
}

// verifyAssertion checks the JWT is signed by the certificate's key, names the
// certificate by thumbprint and is addressed to the token endpoint.
func verifyAssertion(t *testing.T, jwt string, cert *x509.Certificate, aud string) {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("assertion %q is not a JWT", jwt)
	}
	var header struct {
		Alg     string `json:"alg"`
		X5tS256 string `json:"x5t#S256"`
	}
	var claims struct {
		Aud, Iss, Sub string
	}
	decodeSegment(t, parts[0], &header)
	decodeSegment(t, parts[1], &claims)
	thumb := sha256.Sum256(cert.Raw) // MSAL encodes it with the standard alphabet
	if header.Alg != "PS256" || strings.TrimRight(header.X5tS256, "=") != strings.TrimRight(base64.StdEncoding.EncodeToString(thumb[:]), "=") {
		t.Errorf("header %+v", header)
	}
	if claims.Aud != aud || claims.Iss != testClientID || claims.Sub != testClientID {
		t.Errorf("claims %+v, want aud %s", claims, aud)
	}
	sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPSS(cert.PublicKey.(*rsa.PublicKey), crypto.SHA256, digest[:], sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto}); err != nil {
		t.Errorf("assertion signature: %v", err)
	}
}

func decodeSegment(t *testing.T, seg string, v any) {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil || json.Unmarshal(b, v) != nil {
		t.Fatalf("bad JWT segment %q", seg)
	}
}

func TestSecretNeverInErrors(t *testing.T) {
	f := newFakeMS(t, okGraph)
	// An endpoint that echoes the request back, in every encoding.
	f.tokenFail = func(w http.ResponseWriter) bool {
		echo := "AADSTS7000215: Invalid client secret provided. Got " + testSecret + " in client_secret=" + url.QueryEscape(testSecret) +
			" path " + url.PathEscape(testSecret) + "\r\nTrace ID: 1 " + testSecret
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "invalid_client " + testSecret, "error_description": echo, "error_codes": []int{7000215}})
		return true
	}
	c := f.client(f.config())
	probeErr := c.Probe(context.Background())
	_, listErr := c.List(context.Background(), trace.Request{From: day1, To: day2})
	for _, err := range []error{probeErr, listErr} {
		if err == nil {
			t.Fatal("want an error")
		}
		texts := []string{fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), Explain(err).Error()}
		for e := err; e != nil; e = errors.Unwrap(e) {
			texts = append(texts, e.Error())
		}
		for _, text := range texts {
			for _, form := range []string{testSecret, url.QueryEscape(testSecret), url.PathEscape(testSecret), "s3cr3t"} {
				if strings.Contains(text, form) {
					t.Errorf("secret form %q leaked in %q", form, text)
				}
			}
		}
		if h := Explain(err); h.Title != "Invalid client secret" {
			t.Errorf("explained as %q", h.Title)
		}
	}
}

func TestExplainKnownFailures(t *testing.T) {
	tokenErr := func(status int, code int, desc string) func(http.ResponseWriter) bool {
		return func(w http.ResponseWriter) bool {
			writeJSON(w, status, map[string]any{"error": "invalid_request", "error_description": fmt.Sprintf("AADSTS%d: %s\r\nTrace ID: x", code, desc), "error_codes": []int{code}})
			return true
		}
	}
	graphErr := func(status int, code, msg string, header ...string) func(http.ResponseWriter, *http.Request, int) {
		return func(w http.ResponseWriter, r *http.Request, n int) {
			if len(header) == 2 {
				w.Header().Set(header[0], header[1])
			}
			graphError(w, status, code, msg)
		}
	}
	spMsg := "Service principal-less Authentication failed: the service principal for App ID " + TraceAppID +
		" was not found. Please create a service principal for this app in your tenant. Provisioning may take several hours to complete."
	cases := []struct {
		name      string
		disco     func(http.ResponseWriter) bool
		token     func(http.ResponseWriter) bool
		graph     func(http.ResponseWriter, *http.Request, int)
		cfg       func(*Config, *fakeMS)
		wantTitle string
		wantInMsg []string
	}{
		{name: "wrong tenant at discovery", disco: tokenErr(400, 90002, "Tenant 'nope' not found."), wantTitle: "Tenant not found", wantInMsg: []string{"Directory (tenant) ID"}},
		{name: "malformed tenant", token: tokenErr(400, 900023, "Specified tenant identifier is neither a valid DNS name, nor a valid external domain."), wantTitle: "Tenant not found"},
		{name: "wrong client id", token: tokenErr(400, 700016, "Application with identifier 'x' was not found in the directory."), wantTitle: "Application not found in tenant", wantInMsg: []string{"Application (client) ID"}},
		{name: "bad secret", token: tokenErr(401, 7000215, "Invalid client secret provided."), wantTitle: "Invalid client secret", wantInMsg: []string{"not its Secret ID"}},
		{name: "expired secret", token: tokenErr(401, 7000222, "The provided client secret keys for app 'x' are expired."), wantTitle: "Client secret expired"},
		{name: "certificate not registered", token: tokenErr(401, 700027, "Client assertion contains an invalid signature. [Reason - The key was not found.]"), wantTitle: "Certificate not registered", wantInMsg: []string{"Certificates & secrets"}},
		{name: "certificate expired at Entra", token: tokenErr(401, 700027, "Client assertion contains an invalid signature. [Reason - The key used is expired.]"), wantTitle: "Certificate expired"},
		{name: "assertion time", token: tokenErr(401, 700024, "Client assertion is not within its valid time range."), wantTitle: "Certificate assertion rejected", wantInMsg: []string{"clock"}},
		{name: "no consent", token: tokenErr(400, 65001, "The user or administrator has not consented to use the application."), wantTitle: "Permission not consented", wantInMsg: []string{"ExchangeMessageTrace.Read.All", "Grant admin consent"}},
		{name: "service principal missing", graph: graphErr(401, "Unauthorized", spMsg), wantTitle: "Message trace service principal missing",
			wantInMsg: []string{"New-MgServicePrincipal -AppId 8bd644d1-64a1-4d4b-ae52-2e0cbf64e373", "Connect-MgGraph -Scopes Application.ReadWrite.All", "several hours"}},
		{name: "permission not granted", graph: graphErr(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."), wantTitle: "Permission missing", wantInMsg: []string{"ExchangeMessageTrace.Read.All", "admin consent"}},
		{name: "throttled", graph: graphErr(429, "TooManyRequests", "Your recent queries have surpassed the permitted limit", "Retry-After", "600"), wantTitle: "Throttled by Microsoft Graph", wantInMsg: []string{"600 s"}},
		{name: "proxy CA missing", cfg: func(c *Config, _ *fakeMS) { c.CACertPEM = "" }, wantTitle: "TLS verification failed", wantInMsg: []string{"CA certificate"}},
		{name: "unreachable", cfg: func(c *Config, _ *fakeMS) { c.LoginBaseURL = "https://" + closedAddr(t) }, wantTitle: "Cannot reach Microsoft"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := tc.graph
			if g == nil {
				g = okGraph
			}
			f := newFakeMS(t, g)
			f.tokenFail, f.discoFail = tc.token, tc.disco
			cfg := f.config()
			if tc.cfg != nil {
				tc.cfg(&cfg, f)
			}
			err := f.client(cfg).Probe(context.Background())
			if err == nil || !backend.IsDownstreamError(err) {
				t.Fatalf("err %v, want a downstream error", err)
			}
			h := Explain(err)
			if h.Title != tc.wantTitle {
				t.Errorf("title %q, want %q (err: %v)", h.Title, tc.wantTitle, err)
			}
			for _, s := range tc.wantInMsg {
				if !strings.Contains(h.Message, s) {
					t.Errorf("message lacks %q: %s", s, h.Message)
				}
			}
		})
	}
}

// closedAddr is a local address nothing listens on.
func closedAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}
