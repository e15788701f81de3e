package graph

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
)

// requestTimeout bounds one HTTP exchange; a 5,000-row page is about 2 MB and
// takes a few seconds.
const requestTimeout = 60 * time.Second

// newHTTPClient builds the client shared by token requests and Graph calls, and
// the function that closes its idle connections: the SDK wraps the transport
// in middleware that hides CloseIdleConnections from http.Client.
func newHTTPClient(cfg Config) (*http.Client, func(), error) {
	if cfg.HTTPClient != nil {
		return cfg.HTTPClient, cfg.HTTPClient.CloseIdleConnections, nil
	}
	roots, err := rootCAs(cfg.CACertPEM)
	if err != nil {
		return nil, nil, err
	}
	var transport *http.Transport
	timeouts := httpclient.DefaultTimeoutOptions
	timeouts.Timeout = requestTimeout
	hc, err := httpclient.New(httpclient.Options{
		Timeouts: &timeouts,
		ConfigureTLSConfig: func(_ httpclient.Options, tc *tls.Config) {
			tc.RootCAs = roots // nil keeps the system roots
			tc.MinVersion = tls.VersionTLS12
		},
		ConfigureTransport: func(_ httpclient.Options, t *http.Transport) { transport = t },
	})
	if err != nil {
		return nil, nil, fmt.Errorf("build HTTP client: %w", err)
	}
	closeIdle := hc.CloseIdleConnections
	if transport != nil {
		closeIdle = func() { hc.CloseIdleConnections(); transport.CloseIdleConnections() }
	}
	return hc, closeIdle, nil
}

// rootCAs adds the configured CA to the system roots rather than replacing them,
// so a proxy CA does not break direct connections.
func rootCAs(caPEM string) (*x509.CertPool, error) {
	if strings.TrimSpace(caPEM) == "" {
		return nil, nil
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM([]byte(caPEM)) {
		return nil, configError("CACertPEM", "does not parse: paste the proxy's CA certificate as PEM text starting with -----BEGIN CERTIFICATE-----")
	}
	return pool, nil
}
