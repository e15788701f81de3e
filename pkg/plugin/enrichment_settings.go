package plugin

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/intel"
)

// IntelProviderSettings is one threat-intel provider in jsonData.intelProviders.
// Its secret (CrowdStrike client secret, TAXII password or API key, MISP key,
// a list's auth header value) is secureJsonData["intelSecret.<id>"].
type IntelProviderSettings struct {
	ID             string `json:"id"`
	Type           string `json:"type"` // crowdstrike, taxii, misp, list
	Name           string `json:"name"`
	Disabled       bool   `json:"disabled,omitempty"`
	RefreshMinutes int    `json:"refreshMinutes,omitempty"`
	// CrowdStrike.
	Cloud         string `json:"cloud,omitempty"`
	BaseURL       string `json:"baseUrl,omitempty"` // also MISP's instance URL
	ClientID      string `json:"clientId,omitempty"`
	MinConfidence string `json:"minConfidence,omitempty"`
	// TAXII.
	CollectionURL string `json:"collectionUrl,omitempty"`
	Username      string `json:"username,omitempty"`
	// APIKeyHeader names the header carrying the secret (TAXII, lists).
	APIKeyHeader string `json:"apiKeyHeader,omitempty"`
	// Lists: a URL or the text itself, with its format and defaults.
	URL        string        `json:"url,omitempty"`
	Inline     string        `json:"inline,omitempty"`
	Format     intel.Format  `json:"format,omitempty"`
	Mapping    intel.Mapping `json:"mapping,omitempty"`
	Confidence int           `json:"confidence,omitempty"` // default for entries without one
	Actor      string        `json:"actor,omitempty"`

	Secret string `json:"-"`
}

// WatchlistSettings is one list of internal users in jsonData.watchlists; its
// download header value is secureJsonData["watchlistSecret.<id>"].
type WatchlistSettings struct {
	ID             string        `json:"id"`
	Name           string        `json:"name"`
	RefreshMinutes int           `json:"refreshMinutes,omitempty"`
	URL            string        `json:"url,omitempty"`
	Inline         string        `json:"inline,omitempty"`
	Format         intel.Format  `json:"format,omitempty"`
	Mapping        intel.Mapping `json:"mapping,omitempty"`
	Risk           int           `json:"risk,omitempty"`
	APIKeyHeader   string        `json:"apiKeyHeader,omitempty"`

	Secret string `json:"-"`
}

// Every is the refresh interval (default one hour, at least one minute).
func every(minutes int) time.Duration {
	if minutes <= 0 {
		return time.Hour
	}
	return time.Duration(max(minutes, 1)) * time.Minute
}

// loadEnrichmentSecrets fills the providers' secrets from secureJsonData.
func (st *Settings) loadEnrichmentSecrets(secure map[string]string) {
	for i := range st.IntelProviders {
		st.IntelProviders[i].Secret = secure["intelSecret."+st.IntelProviders[i].ID]
	}
	for i := range st.Watchlists {
		st.Watchlists[i].Secret = secure["watchlistSecret."+st.Watchlists[i].ID]
	}
}

// validateEnrichment checks what a typo would otherwise hide: ids, types and
// paths. Provider-specific problems are reported by health as warnings instead,
// so a broken provider never blocks the data source.
func (st Settings) validateEnrichment() []error {
	var errs []error
	seen := map[string]bool{}
	for i, p := range st.IntelProviders {
		switch {
		case p.ID == "":
			errs = append(errs, fmt.Errorf("threat-intel provider %d has no id", i+1))
		case seen[p.ID]:
			errs = append(errs, fmt.Errorf("threat-intel provider id %q is used twice", p.ID))
		}
		seen[p.ID] = true
		if !map[string]bool{"crowdstrike": true, "taxii": true, "misp": true, "list": true}[p.Type] {
			errs = append(errs, fmt.Errorf("threat-intel provider %q has type %q: choose crowdstrike, taxii, misp or list", p.Name, p.Type))
		}
	}
	for name, p := range map[string]string{"ASN database path": st.ASNDatabasePath, "threat-intel data directory": st.IntelDataDir} {
		if p != "" && !filepath.IsAbs(p) {
			errs = append(errs, fmt.Errorf("%s %q is not absolute: give the full path on the Grafana server", name, p))
		}
	}
	return errs
}

// dataDir is where providers' last good copies persist: the setting, else
// Grafana's data directory (GF_PATHS_DATA), else the system temporary directory.
func (st Settings) dataDir() string {
	if st.IntelDataDir != "" {
		return st.IntelDataDir
	}
	if d := os.Getenv("GF_PATHS_DATA"); d != "" {
		return filepath.Join(d, "plugins-data", PluginID)
	}
	return filepath.Join(os.TempDir(), PluginID)
}

// AzureSettings are the switches of Grafana's [azure] section that Grafana
// forwards to plugins as GFAZPL_* environment variables (with the pre-9 AZURE_*
// names as fallbacks).
type AzureSettings struct {
	ManagedIdentityEnabled  bool
	ManagedIdentityClientID string
	WorkloadIdentityEnabled bool
	WorkloadTokenFile       string
}

// azureFromEnv reads them.
func azureFromEnv(getenv func(string) string) AzureSettings {
	first := func(keys ...string) string {
		for _, k := range keys {
			if v := strings.TrimSpace(getenv(k)); v != "" {
				return v
			}
		}
		return ""
	}
	on := func(v string) bool { return strings.EqualFold(v, "true") || v == "1" }
	return AzureSettings{
		ManagedIdentityEnabled:  on(first("GFAZPL_MANAGED_IDENTITY_ENABLED", "AZURE_MANAGED_IDENTITY_ENABLED")),
		ManagedIdentityClientID: first("GFAZPL_MANAGED_IDENTITY_CLIENT_ID", "AZURE_MANAGED_IDENTITY_CLIENT_ID"),
		WorkloadIdentityEnabled: on(first("GFAZPL_WORKLOAD_IDENTITY_ENABLED")),
		WorkloadTokenFile:       first("GFAZPL_WORKLOAD_IDENTITY_TOKEN_FILE"),
	}
}

// validateAzure refuses identity modes Grafana has not turned on.
func (st Settings) validateAzure() []error {
	const how = "set it in the [azure] section of grafana.ini and add %s to [azure] forward_settings_to_plugins, then restart Grafana"
	switch {
	case st.AuthType == AuthManagedIdentity && !st.Azure.ManagedIdentityEnabled:
		return []error{fmt.Errorf("managed identity is turned off in Grafana: managed_identity_enabled = true is needed; "+how, PluginID)}
	case st.AuthType == AuthWorkloadIdentity && !st.Azure.WorkloadIdentityEnabled:
		return []error{fmt.Errorf("workload identity is turned off in Grafana: workload_identity_enabled = true is needed; "+how, PluginID)}
	}
	return nil
}

// managedIdentityClientID is the data source's, else Grafana's.
func (st Settings) managedIdentityClientID() string {
	if st.ManagedIdentityClientID != "" {
		return st.ManagedIdentityClientID
	}
	return st.Azure.ManagedIdentityClientID
}
