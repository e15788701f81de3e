package graph

import (
	"net/http"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// newCredential builds the one azidentity credential a Client keeps for its
// lifetime; azidentity caches the token inside it and refreshes before expiry.
func newCredential(cfg Config, hc *http.Client) (azcore.TokenCredential, error) {
	opts := azcore.ClientOptions{
		Cloud:     cloud.Configuration{ActiveDirectoryAuthorityHost: cfg.LoginBaseURL + "/"},
		Transport: hc,
		// Our own loop retries with the request budget and MaxWait in mind.
		Retry:     policy.RetryOptions{MaxRetries: -1},
		Telemetry: policy.TelemetryOptions{Disabled: true},
	}
	switch cfg.Auth {
	case AuthClientSecret:
		return azidentity.NewClientSecretCredential(cfg.TenantID, cfg.ClientID, cfg.ClientSecret,
			&azidentity.ClientSecretCredentialOptions{ClientOptions: opts, DisableInstanceDiscovery: true})
	case AuthClientCertificate:
		certs, key, err := parseCertificate(cfg.CertificatePEM, cfg.PrivateKeyPEM, cfg.Now())
		if err != nil {
			return nil, err
		}
		return azidentity.NewClientCertificateCredential(cfg.TenantID, cfg.ClientID, certs, key,
			&azidentity.ClientCertificateCredentialOptions{ClientOptions: opts, DisableInstanceDiscovery: true})
	case AuthManagedIdentity:
		mi := &azidentity.ManagedIdentityCredentialOptions{ClientOptions: opts}
		if cfg.ManagedIdentityClientID != "" {
			mi.ID = azidentity.ClientID(cfg.ManagedIdentityClientID)
		}
		return azidentity.NewManagedIdentityCredential(mi)
	case AuthWorkloadIdentity:
		return azidentity.NewWorkloadIdentityCredential(&azidentity.WorkloadIdentityCredentialOptions{
			ClientOptions: opts, ClientID: cfg.ClientID, TenantID: cfg.TenantID,
			TokenFilePath: cfg.FederatedTokenFile, DisableInstanceDiscovery: true,
		})
	}
	return nil, configError("Auth", "is not supported: "+string(cfg.Auth))
}

// credentials holds the current credential and can replace it with a fresh one:
// azidentity has no way to drop a cached token that Graph has rejected (revoked,
// or expired early), so renewal builds a new credential with an empty cache.
type credentials struct {
	cfg Config
	hc  *http.Client
	mu  sync.Mutex
	cur azcore.TokenCredential
	gen uint64 // bumped on each renewal
}

func newCredentials(cfg Config, hc *http.Client) (*credentials, error) {
	cred, err := newCredential(cfg, hc)
	if err != nil {
		return nil, err
	}
	return &credentials{cfg: cfg, hc: hc, cur: cred}, nil
}

// get returns the current credential and its generation.
func (c *credentials) get() (azcore.TokenCredential, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cur, c.gen
}

// renew replaces the credential of generation gen; concurrent callers that saw
// the same rejected token renew it once.
func (c *credentials) renew(gen uint64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return nil
	}
	cred, err := newCredential(c.cfg, c.hc)
	if err != nil {
		return err
	}
	c.cur, c.gen = cred, c.gen+1
	return nil
}
