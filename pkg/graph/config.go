package graph

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// AuthType selects how the client obtains app-only tokens.
type AuthType string

// Supported authentication types.
const (
	AuthClientSecret      AuthType = "clientSecret"
	AuthClientCertificate AuthType = "clientCertificate"
	AuthManagedIdentity   AuthType = "managedIdentity"
	AuthWorkloadIdentity  AuthType = "workloadIdentity"
)

// Defaults applied by New.
const (
	DefaultLoginBaseURL  = "https://login.microsoftonline.com"
	DefaultGraphBaseURL  = "https://graph.microsoft.com"
	DefaultRequestBudget = 90
	DefaultMaxWait       = 10 * time.Second
)

// Config configures a Client. Only TenantID, Auth and the fields that Auth needs
// are required; the rest have defaults.
type Config struct {
	TenantID string
	ClientID string // app registration; not used by managed identity
	Auth     AuthType

	ClientSecret string // clientSecret

	// clientCertificate: PEM text. The private key (PKCS#1 or PKCS#8, RSA) may be in
	// PrivateKeyPEM or in the same PEM as the certificate.
	CertificatePEM string
	PrivateKeyPEM  string

	// managedIdentity: client id of a user-assigned identity; empty = system-assigned.
	ManagedIdentityClientID string

	// workloadIdentity: path of the federated token file; empty = the
	// AZURE_FEDERATED_TOKEN_FILE variable set by the workload-identity webhook.
	FederatedTokenFile string

	LoginBaseURL string // default DefaultLoginBaseURL; must be https
	GraphBaseURL string // default DefaultGraphBaseURL

	// CACertPEM is trusted in addition to the system roots for both endpoints, for
	// TLS-inspecting proxies.
	CACertPEM string
	// AllowInsecure permits an http:// GraphBaseURL (tests, local emulators).
	AllowInsecure bool

	// RequestBudget is the number of Graph requests allowed per rolling 5 minutes for
	// the tenant, shared by every Client of the tenant in this process (Microsoft's
	// limit is 100; keep a margin for other tools). Default DefaultRequestBudget.
	RequestBudget int
	// MaxWait bounds how long one call waits in total for budget slots and 429
	// Retry-After before it returns what it has with ErrBudget or ErrThrottled.
	// 0 = DefaultMaxWait; negative = never wait.
	MaxWait time.Duration
	// SharedBudget, when set, replaces the process's request budget with one
	// shared by every replica (pkg/archive's PostgreSQL budget, Grafana HA).
	SharedBudget SharedBudget

	// Hooks for tests. HTTPClient replaces the client built with the SDK's
	// httpclient package (CACertPEM is then ignored).
	HTTPClient *http.Client
	Now        func() time.Time
	Sleep      func(ctx context.Context, d time.Duration) error
	Jitter     func() float64 // in [0, 1)
}

// withDefaults returns cfg with defaults filled in and URLs normalised.
func (cfg Config) withDefaults() Config {
	cfg.TenantID = strings.TrimSpace(cfg.TenantID)
	cfg.ClientID = strings.TrimSpace(cfg.ClientID)
	if cfg.LoginBaseURL == "" {
		cfg.LoginBaseURL = DefaultLoginBaseURL
	}
	if cfg.GraphBaseURL == "" {
		cfg.GraphBaseURL = DefaultGraphBaseURL
	}
	cfg.LoginBaseURL = strings.TrimRight(strings.TrimSpace(cfg.LoginBaseURL), "/")
	cfg.GraphBaseURL = strings.TrimRight(strings.TrimSpace(cfg.GraphBaseURL), "/")
	if cfg.RequestBudget == 0 {
		cfg.RequestBudget = DefaultRequestBudget
	}
	if cfg.MaxWait == 0 {
		cfg.MaxWait = DefaultMaxWait
	}
	if cfg.MaxWait < 0 {
		cfg.MaxWait = 0
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleepCtx
	}
	if cfg.Jitter == nil {
		cfg.Jitter = defaultJitter
	}
	return cfg
}

// validate reports the first setting that must be fixed, naming it.
func (cfg Config) validate() error {
	if cfg.TenantID == "" {
		return configError("TenantID", "is required: use the Directory (tenant) ID from the app registration's Overview page")
	}
	if !validTenant(cfg.TenantID) {
		return configError("TenantID", "may contain only letters, digits, '.' and '-' (a GUID or a domain such as contoso.onmicrosoft.com)")
	}
	if err := cfg.validateAuth(); err != nil {
		return err
	}
	if err := validateBaseURL("GraphBaseURL", cfg.GraphBaseURL, cfg.AllowInsecure); err != nil {
		return err
	}
	if cfg.Auth != AuthManagedIdentity {
		// azidentity refuses non-https authorities whatever AllowInsecure says.
		if err := validateBaseURL("LoginBaseURL", cfg.LoginBaseURL, false); err != nil {
			return err
		}
	}
	if cfg.RequestBudget < 1 || cfg.RequestBudget > 100 {
		return configError("RequestBudget", fmt.Sprintf("must be between 1 and 100 requests per 5 minutes (Microsoft's limit is 100), got %d", cfg.RequestBudget))
	}
	return nil
}

func (cfg Config) validateAuth() error {
	switch cfg.Auth {
	case AuthClientSecret:
		if cfg.ClientID == "" {
			return configError("ClientID", "is required: use the Application (client) ID of the app registration")
		}
		if cfg.ClientSecret == "" {
			return configError("ClientSecret", "is required for client secret authentication: use the secret's Value, not its Secret ID")
		}
	case AuthClientCertificate:
		if cfg.ClientID == "" {
			return configError("ClientID", "is required: use the Application (client) ID of the app registration")
		}
		if _, _, err := parseCertificate(cfg.CertificatePEM, cfg.PrivateKeyPEM, cfg.Now()); err != nil {
			return err
		}
	case AuthManagedIdentity:
	case AuthWorkloadIdentity:
		if cfg.ClientID == "" {
			return configError("ClientID", "is required for workload identity: use the client ID the federated credential belongs to")
		}
	case "":
		return configError("Auth", "is required: one of clientSecret, clientCertificate, managedIdentity, workloadIdentity")
	default:
		return configError("Auth", fmt.Sprintf("%q is not supported: use clientSecret, clientCertificate, managedIdentity or workloadIdentity", string(cfg.Auth)))
	}
	return nil
}

func validateBaseURL(field, raw string, allowHTTP bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return configError(field, fmt.Sprintf("%q is not an absolute URL such as https://host", raw))
	}
	if u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return configError(field, fmt.Sprintf("%q must be a bare scheme and host, without path or query", raw))
	}
	switch {
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && allowHTTP:
		return nil
	case u.Scheme == "http":
		return configError(field, fmt.Sprintf("%q uses plain http: use https (plain http is only accepted for GraphBaseURL with AllowInsecure)", raw))
	default:
		return configError(field, fmt.Sprintf("%q must start with https://", raw))
	}
}

// validTenant mirrors what Entra accepts in the authority path, so a typo fails
// here rather than as a confusing URL error.
func validTenant(s string) bool {
	for _, r := range s {
		ok := r == '.' || r == '-' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
		if !ok {
			return false
		}
	}
	return s != ""
}
