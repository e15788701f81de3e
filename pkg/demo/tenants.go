package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// DefaultTenant is the Japanese manufacturer every number in the first part of
// docs/demo-tenant.md describes.
const DefaultTenant = "jp"

// TenantInfo describes one demo tenant.
type TenantInfo struct {
	Name        string
	Description string
	Mailboxes   int
	// AcceptedDomains decide direction; HomeCountry and UsualCountries are
	// where baseline mail comes from and goes to.
	AcceptedDomains []string
	HomeCountry     string
	UsualCountries  []string
	// TimeZone is the IANA zone the tenant's business rhythm follows.
	TimeZone string
	// Languages are the subjects' languages (ISO 639-1), most used first.
	Languages []string
	// HeldOut marks the tenant kept aside while detection thresholds are
	// chosen: results on it are reported separately.
	HeldOut bool
	// TestAnchor is the anchor its documented numbers use: a Friday noon in
	// its own time zone.
	TestAnchor time.Time
}

// Tenants lists the demo tenants, the default first.
func Tenants() []TenantInfo {
	out := []TenantInfo{jpInfo()}
	for _, s := range worldSpecs {
		out = append(out, s.info())
	}
	return out
}

// TenantNames are the names Options.Tenant accepts.
func TenantNames() []string {
	var out []string
	for _, t := range Tenants() {
		out = append(out, t.Name)
	}
	return out
}

// LookupTenant returns the tenant called name ("" is the default).
func LookupTenant(name string) (TenantInfo, bool) {
	if name == "" {
		name = DefaultTenant
	}
	for _, t := range Tenants() {
		if t.Name == name {
			return t, true
		}
	}
	return TenantInfo{}, false
}

// CheckTenant returns an error saying which names exist when name is unknown.
func CheckTenant(name string) error {
	if _, ok := LookupTenant(name); !ok {
		return fmt.Errorf("demo tenant %q does not exist: choose one of %s", name, strings.Join(TenantNames(), ", "))
	}
	return nil
}

func jpInfo() TenantInfo {
	return TenantInfo{
		Name: DefaultTenant, Description: "Japanese manufacturer with a US sales office",
		Mailboxes: jpStaff + usStaff, AcceptedDomains: slices.Clone(AcceptedDomains), HomeCountry: HomeCountry,
		UsualCountries: slices.Clone(UsualCountries), TimeZone: "Asia/Tokyo", Languages: []string{"ja", "en"},
		TestAnchor: time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC),
	}
}

// QuietFortnight is the 14 days that end a day before the anchor: no incident
// falls in them (the originals lie in the 24 h before the anchor and replays
// after it), so rules evaluated over them must never fire.
func QuietFortnight(opts Options) (from, to time.Time) {
	a := opts.normalized().Anchor
	return a.Add(-15 * 24 * time.Hour), a.Add(-24 * time.Hour)
}
