package graph

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestNewValidatesConfig(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) }
	valid := getCert(t, "valid")
	expired := getCert(t, "expired")
	base := func() Config {
		return Config{TenantID: "contoso.onmicrosoft.com", ClientID: testClientID, Auth: AuthClientSecret, ClientSecret: testSecret, Now: now}
	}
	cases := []struct {
		name      string
		edit      func(*Config)
		wantField string // "" = valid
		wantText  string
	}{
		{"defaults", func(c *Config) {}, "", ""},
		{"no tenant", func(c *Config) { c.TenantID = " " }, "TenantID", "is required"},
		{"tenant with slash", func(c *Config) { c.TenantID = "contoso/x" }, "TenantID", "only letters"},
		{"no auth", func(c *Config) { c.Auth = "" }, "Auth", "is required"},
		{"unknown auth", func(c *Config) { c.Auth = "password" }, "Auth", `"password" is not supported`},
		{"no client id", func(c *Config) { c.ClientID = "" }, "ClientID", "Application (client) ID"},
		{"no secret", func(c *Config) { c.ClientSecret = "" }, "ClientSecret", "is required"},
		{"http graph", func(c *Config) { c.GraphBaseURL = "http://127.0.0.1:8080" }, "GraphBaseURL", "AllowInsecure"},
		{"http graph allowed", func(c *Config) { c.GraphBaseURL, c.AllowInsecure = "http://127.0.0.1:8080", true }, "", ""},
		{"http login even with AllowInsecure", func(c *Config) { c.LoginBaseURL, c.AllowInsecure = "http://127.0.0.1:8080", true }, "LoginBaseURL", "plain http"},
		{"graph with path", func(c *Config) { c.GraphBaseURL = "https://graph.microsoft.com/v1.0" }, "GraphBaseURL", "without path"},
		{"graph not a URL", func(c *Config) { c.GraphBaseURL = "graph.microsoft.com" }, "GraphBaseURL", "not an absolute URL"},
		{"budget too high", func(c *Config) { c.RequestBudget = 101 }, "RequestBudget", "between 1 and 100"},
		{"bad CA", func(c *Config) { c.CACertPEM = "not a pem" }, "CACertPEM", "does not parse"},
		{"certificate missing", func(c *Config) { c.Auth = AuthClientCertificate }, "CertificatePEM", "is required"},
		{"certificate ok", func(c *Config) {
			c.Auth, c.CertificatePEM, c.PrivateKeyPEM = AuthClientCertificate, valid.certPEM, valid.pkcs8
		}, "", ""},
		{"certificate expired", func(c *Config) {
			c.Auth, c.CertificatePEM, c.PrivateKeyPEM = AuthClientCertificate, expired.certPEM, expired.pkcs8
		},
			"CertificatePEM", "expired on 2026-01-31 08:00 UTC"},
		{"managed identity", func(c *Config) {
			c.Auth, c.ClientID, c.ClientSecret, c.ManagedIdentityClientID = AuthManagedIdentity, "", "", testClientID
		}, "", ""},
		{"workload identity without client id", func(c *Config) { c.Auth, c.ClientID = AuthWorkloadIdentity, "" }, "ClientID", "federated"},
		{"workload identity", func(c *Config) { c.Auth, c.FederatedTokenFile = AuthWorkloadIdentity, "/var/run/secrets/token" }, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := base()
			tc.edit(&cfg)
			c, err := New(cfg)
			if tc.wantField == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				c.Close()
				return
			}
			var ve *FieldError
			if !errors.As(err, &ve) || ve.Field != tc.wantField || !strings.Contains(err.Error(), tc.wantText) || !backend.IsDownstreamError(err) {
				t.Fatalf("err %v, want plugin error on %s containing %q", err, tc.wantField, tc.wantText)
			}
			if strings.Contains(err.Error(), testSecret) {
				t.Errorf("secret in %v", err)
			}
		})
	}
}
