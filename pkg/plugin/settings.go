package plugin

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/exotrace/messagetrace-datasource/pkg/graph"
	"github.com/exotrace/messagetrace-datasource/pkg/profile"
)

// Mode says where traces come from.
type Mode string

// Modes.
const (
	ModeDemo   Mode = "demo"
	ModeTenant Mode = "tenant"
)

// AuthType is how the plugin signs in to Microsoft Entra ID; the Graph client
// defines the values.
type AuthType = graph.AuthType

// Auth types, as the settings spell them.
const (
	AuthClientSecret      = graph.AuthClientSecret
	AuthClientCertificate = graph.AuthClientCertificate
	AuthManagedIdentity   = graph.AuthManagedIdentity
	AuthWorkloadIdentity  = graph.AuthWorkloadIdentity
)

// Defaults for optional settings.
const (
	DefaultLoginBaseURL  = graph.DefaultLoginBaseURL
	DefaultGraphBaseURL  = graph.DefaultGraphBaseURL
	DefaultRequestBudget = graph.DefaultRequestBudget
	// MaxRequestBudget is Microsoft's limit: 100 requests per rolling 5 minutes per tenant.
	MaxRequestBudget = 100
)

// Settings is the parsed jsonData and secureJsonData of a data source instance.
// The json tags are the keys the ConfigEditor and provisioning files write.
type Settings struct {
	Mode                    Mode     `json:"mode"`
	TenantID                string   `json:"tenantId"`
	ClientID                string   `json:"clientId"`
	AuthType                AuthType `json:"authType"`
	ManagedIdentityClientID string   `json:"managedIdentityClientId"`
	AcceptedDomains         []string `json:"acceptedDomains"`
	RequestBudget           int      `json:"requestBudget"`
	LoginBaseURL            string   `json:"loginBaseUrl"`
	GraphBaseURL            string   `json:"graphBaseUrl"`
	AllowInsecureEndpoints  bool     `json:"allowInsecureEndpoints"`
	CACertificate           string   `json:"caCertificate"`
	// GeoDatabasePath and ThreatIntelPath are files on the Grafana server (tenant
	// mode; the demo tenant ships its own).
	GeoDatabasePath string `json:"geoDatabasePath"`
	ThreatIntelPath string `json:"threatIntelPath"`
	// Enrichment (enrichment_settings.go): an ASN database replacing the shipped
	// one, threat-intel providers, watchlists, and where their copies persist.
	ASNDatabasePath string                  `json:"asnDatabasePath"`
	IntelProviders  []IntelProviderSettings `json:"intelProviders"`
	Watchlists      []WatchlistSettings     `json:"watchlists"`
	IntelDataDir    string                  `json:"intelDataDir"`
	// Azure is what Grafana's [azure] section allows, from the environment.
	Azure AzureSettings `json:"-"`
	// DemoSeed and DemoReplay tune the demo tenant; the ConfigEditor does not show them.
	// DemoAnchor (RFC 3339) pins the demo tenant's reference time for reproducible
	// demos and tests; empty = the time the plugin started.
	DemoSeed   int64  `json:"demoSeed"`
	DemoReplay *bool  `json:"demoReplay"`
	DemoAnchor string `json:"demoAnchor"`
	// DemoTenant names the demo tenant (demo.Tenants); empty = the Japanese one.
	DemoTenant string `json:"demoTenant"`
	// The tenant profile's keys (homeCountries, embargoedCountries,
	// businessTimeZone, mailLanguages) sit at the top level of jsonData.
	profile.Config
	// Archive is the durable trace archive (archive.go); MemoryCapMB caps the
	// in-memory store, measured against the live heap too (0 = 1024 MB).
	Archive     ArchiveSettings `json:"archive"`
	MemoryCapMB int             `json:"memoryCapMB"`

	// Secrets, from secureJsonData only: never logged, never returned.
	ClientSecret      string `json:"-"`
	ClientCertificate string `json:"-"`
	PrivateKey        string `json:"-"`
	ArchiveDSN        string `json:"-"` // PostgreSQL connection string, password included
}

var (
	guidRE   = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	domainRE = regexp.MustCompile(`^(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$`)
)

// LoadSettings parses instance settings and applies defaults. It does not validate;
// call Validate for that so a broken configuration still yields a helpful health check.
func LoadSettings(s backend.DataSourceInstanceSettings) (Settings, error) {
	var st Settings
	if len(s.JSONData) > 0 {
		if err := json.Unmarshal(s.JSONData, &st); err != nil {
			return st, backend.DownstreamError(fmt.Errorf("the data source settings are not valid JSON: %w", err))
		}
	}
	st.ClientSecret = s.DecryptedSecureJSONData["clientSecret"]
	st.ClientCertificate = s.DecryptedSecureJSONData["clientCertificate"]
	st.PrivateKey = s.DecryptedSecureJSONData["privateKey"]
	st.loadEnrichmentSecrets(s.DecryptedSecureJSONData)
	st.Azure = azureFromEnv(os.Getenv)
	st.ArchiveDSN = s.DecryptedSecureJSONData["archiveDsn"]
	st.applyDefaults()
	return st, nil
}

func (st *Settings) applyDefaults() {
	if st.Mode == "" {
		st.Mode = ModeDemo
	}
	if st.AuthType == "" {
		st.AuthType = AuthClientSecret
	}
	if st.RequestBudget == 0 {
		st.RequestBudget = DefaultRequestBudget
	}
	if st.LoginBaseURL == "" {
		st.LoginBaseURL = DefaultLoginBaseURL
	}
	if st.GraphBaseURL == "" {
		st.GraphBaseURL = DefaultGraphBaseURL
	}
	st.applyArchiveDefaults()
	st.TenantID = strings.TrimSpace(st.TenantID)
	st.ClientID = strings.TrimSpace(st.ClientID)
	for i, d := range st.AcceptedDomains {
		st.AcceptedDomains[i] = strings.ToLower(strings.TrimSpace(d))
	}
}

// Replay reports whether the demo tenant replays its incidents (default on).
func (st Settings) Replay() bool { return st.DemoReplay == nil || *st.DemoReplay }

// Anchor is the demo tenant's reference time; zero means "when the plugin started".
func (st Settings) Anchor() (time.Time, error) {
	if st.DemoAnchor == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339, st.DemoAnchor)
}

// FieldError is one settings problem and the jsonData / secureJsonData key it is
// about (the ConfigEditor's field names), so the shared case table
// (tests/shared/settings-cases.json) can check both sides field by field.
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

// fieldErrors collects FieldErrors.
type fieldErrors []error

func (f *fieldErrors) add(field, format string, a ...any) {
	*f = append(*f, &FieldError{Field: field, Err: fmt.Errorf(format, a...)})
}

// Validate returns every problem with the settings, each saying what to fix.
// certCheck validates a PEM certificate and key (injected so this package stays
// independent of how the Graph client parses them).
func (st Settings) Validate(now time.Time, certCheck func(cert, key string, now time.Time) error) error {
	var errs fieldErrors
	switch st.Mode {
	case ModeDemo:
		if _, err := st.Anchor(); err != nil {
			errs.add("demoAnchor", "demo anchor %q is not an RFC 3339 time such as 2026-11-20T03:00:00Z", st.DemoAnchor)
		}
		errs = append(errs, st.validateDemoTenant()...)
	case ModeTenant:
		errs = append(errs, st.validateTenant(now, certCheck)...)
	default:
		errs.add("mode", "mode %q is not known: choose %q or %q", st.Mode, ModeDemo, ModeTenant)
	}
	for _, d := range st.AcceptedDomains {
		if !domainRE.MatchString(d) {
			errs.add("acceptedDomains", "accepted domain %q is not a domain name: write it like contoso.com, without @ or spaces", d)
		}
	}
	errs = append(errs, st.validateEnrichment()...)
	if _, err := st.Config.Resolve(); err != nil {
		errs.add("tenantProfile", "tenant profile: %w", err)
	}
	if st.RequestBudget < 1 || st.RequestBudget > MaxRequestBudget {
		errs.add("requestBudget", "request budget %d is out of range: Microsoft allows %d requests per 5 minutes per tenant; use 1–%d (default %d)", st.RequestBudget, MaxRequestBudget, MaxRequestBudget, DefaultRequestBudget)
	}
	errs = append(errs, st.validateArchive()...)
	return errors.Join(errs...)
}

func (st Settings) validateTenant(now time.Time, certCheck func(cert, key string, now time.Time) error) []error {
	var errs fieldErrors
	if !guidRE.MatchString(st.TenantID) && !domainRE.MatchString(st.TenantID) {
		errs.add("tenantId", "tenant ID %q is not valid: paste the Directory (tenant) ID GUID from the app registration's Overview page, e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47", st.TenantID)
	}
	needsClient := st.AuthType == AuthClientSecret || st.AuthType == AuthClientCertificate || st.AuthType == AuthWorkloadIdentity
	if needsClient && !guidRE.MatchString(st.ClientID) {
		errs.add("clientId", "client ID %q is not valid: paste the Application (client) ID GUID from the app registration's Overview page", st.ClientID)
	}
	if st.ManagedIdentityClientID != "" && !guidRE.MatchString(st.ManagedIdentityClientID) {
		errs.add("managedIdentityClientId", "managed identity client ID %q is not a GUID: leave it empty for the system-assigned identity", st.ManagedIdentityClientID)
	}
	switch st.AuthType {
	case AuthClientSecret:
		if st.ClientSecret == "" {
			errs.add("clientSecret", "client secret is missing: create one under Certificates & secrets in the app registration and paste its Value (not its ID)")
		}
	case AuthClientCertificate:
		// The key may be in its own field or in the certificate's PEM.
		if st.ClientCertificate == "" {
			errs.add("clientCertificate", "client certificate authentication needs the PEM certificate and its PEM private key (in the private key field or in the same PEM)")
		} else if certCheck != nil {
			if err := certCheck(st.ClientCertificate, st.PrivateKey, now); err != nil {
				errs.add("clientCertificate", "client certificate: %w", err)
			}
		}
	case AuthManagedIdentity, AuthWorkloadIdentity:
		for _, err := range st.validateAzure() {
			errs = append(errs, &FieldError{Field: "authType", Err: err})
		}
	default:
		errs.add("authType", "authentication type %q is not known: choose clientSecret, clientCertificate, managedIdentity or workloadIdentity", st.AuthType)
	}
	errs = append(errs, validateEndpoint("loginBaseUrl", "login URL", st.LoginBaseURL, st.AllowInsecureEndpoints)...)
	errs = append(errs, validateEndpoint("graphBaseUrl", "Graph URL", st.GraphBaseURL, st.AllowInsecureEndpoints)...)
	if p := st.GeoDatabasePath; p != "" && !filepath.IsAbs(p) {
		errs.add("geoDatabasePath", "IP-to-country database path %q is not absolute: give the full path of the file on the Grafana server", p)
	}
	if p := st.ThreatIntelPath; p != "" && !filepath.IsAbs(p) {
		errs.add("threatIntelPath", "threat-intel feed path %q is not absolute: give the full path of the file on the Grafana server", p)
	} else if ext := strings.ToLower(filepath.Ext(p)); p != "" && ext != ".csv" && ext != ".json" {
		errs.add("threatIntelPath", "threat-intel feed path %q: the file must end in .csv or .json", p)
	}
	if st.CACertificate != "" {
		if err := checkCABundle(st.CACertificate, now); err != nil {
			errs.add("caCertificate", "%w", err)
		}
	}
	return errs
}

func validateEndpoint(field, name, raw string, allowInsecure bool) fieldErrors {
	var errs fieldErrors
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		errs.add(field, "%s %q is not an absolute URL: write it like https://proxy.example.com", name, raw)
	} else if u.Scheme == "http" && !allowInsecure {
		errs.add(field, "%s %q uses http: use https, or turn on \"Allow insecure endpoints\" for a test proxy", name, raw)
	}
	return errs
}
