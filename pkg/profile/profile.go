// Package profile is the tenant profile of a data source: what is normal for
// this tenant, which detection reads instead of numbers tuned to one tenant.
// Home countries, embargoed countries, the business time zone and the
// languages of the tenant's mail; settings are parsed and validated here, and
// the Profile is what the query engine reads.
package profile

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // Grafana's Alpine image has no zoneinfo; the profile must still resolve zones

	"github.com/exotrace/messagetrace-datasource/pkg/lang"
)

// DetectLanguages is the Languages setting that asks for detection.
const DetectLanguages = "detect"

// DefaultEmbargoed are the countries under comprehensive embargo by the US
// (OFAC) as of 2026: Cuba, Iran and North Korea. Syria's country-wide
// sanctions were lifted in mid-2025 and the occupied Crimea, Donetsk and
// Luhansk regions of Ukraine have no ISO code of their own (IP geolocation
// places them in UA), so neither is in the default; docs/alerting.md says how
// to add them.
var DefaultEmbargoed = []string{"CU", "IR", "KP"}

// Config holds the profile's jsonData keys, as the config editor and
// provisioning files write them.
type Config struct {
	// HomeCountries are where the tenant normally exchanges mail with (ISO
	// 3166-1 alpha-2). Empty: not set (demo mode uses the demo tenant's).
	HomeCountries []string `json:"homeCountries,omitempty"`
	// EmbargoedCountries: nil means DefaultEmbargoed; an empty list means none.
	EmbargoedCountries *[]string `json:"embargoedCountries,omitempty"`
	// BusinessTimeZone is an IANA zone such as Europe/Berlin; empty means UTC.
	BusinessTimeZone string `json:"businessTimeZone,omitempty"`
	// MailLanguages are ISO 639-1 codes, or empty / ["detect"] to detect them
	// from the tenant's subjects.
	MailLanguages []string `json:"mailLanguages,omitempty"`
}

// Profile is a validated tenant profile. Country lists are upper case,
// sorted and unique; Languages is nil when they are to be detected.
type Profile struct {
	HomeCountries      []string
	EmbargoedCountries []string
	TimeZone           string // IANA name, "UTC" when unset
	Location           *time.Location
	Languages          []string
}

// Resolve validates s and returns the profile. The error lists every problem,
// each saying what to fix.
func (s Config) Resolve() (Profile, error) {
	var errs []error
	p := Profile{TimeZone: "UTC", Location: time.UTC}
	var err error
	if p.HomeCountries, err = countries("home country", s.HomeCountries); err != nil {
		errs = append(errs, err)
	}
	emb := DefaultEmbargoed
	if s.EmbargoedCountries != nil {
		emb = *s.EmbargoedCountries
	}
	if p.EmbargoedCountries, err = countries("embargoed country", emb); err != nil {
		errs = append(errs, err)
	}
	for _, c := range p.HomeCountries {
		if slices.Contains(p.EmbargoedCountries, c) {
			errs = append(errs, fmt.Errorf("%s is both a home country and embargoed: remove it from one list", c))
		}
	}
	if tz := strings.TrimSpace(s.BusinessTimeZone); tz != "" {
		loc, err := loadZone(tz)
		if err != nil {
			errs = append(errs, err)
		} else {
			p.TimeZone, p.Location = tz, loc
		}
	}
	if p.Languages, err = languages(s.MailLanguages); err != nil {
		errs = append(errs, err)
	}
	return p, errors.Join(errs...)
}

// loadZone accepts IANA names only: "Local" and abbreviations like CET or EST
// would mean different things on different servers or are not zones at all.
func loadZone(tz string) (*time.Location, error) {
	if tz == "Local" || !strings.Contains(tz, "/") && tz != "UTC" {
		return nil, fmt.Errorf("business time zone %q is not an IANA zone name: write it like Europe/Berlin, America/Chicago or UTC", tz)
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, fmt.Errorf("business time zone %q is not an IANA zone name: write it like Europe/Berlin, America/Chicago or UTC", tz)
	}
	return loc, nil
}

func countries(what string, in []string) ([]string, error) {
	out := make([]string, 0, len(in))
	var bad []string
	for _, c := range in {
		c = strings.ToUpper(strings.TrimSpace(c))
		if !IsCountry(c) {
			bad = append(bad, fmt.Sprintf("%q", c))
			continue
		}
		out = append(out, c)
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(bad) > 0 {
		return out, fmt.Errorf("%s %s is not an ISO 3166-1 alpha-2 code: write two letters such as DE, US or JP", what, strings.Join(bad, ", "))
	}
	return out, nil
}

func languages(in []string) ([]string, error) {
	var out []string
	for _, l := range in {
		l = strings.ToLower(strings.TrimSpace(l))
		if l == DetectLanguages {
			if len(in) > 1 {
				return nil, fmt.Errorf("mail languages: %q cannot be combined with language codes: choose detection or list the languages", DetectLanguages)
			}
			return nil, nil
		}
		out = append(out, l)
	}
	if err := lang.Check(out); err != nil {
		return nil, fmt.Errorf("mail languages: %w", err)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// IsHome reports whether cc is a home country.
func (p Profile) IsHome(cc string) bool { return slices.Contains(p.HomeCountries, cc) }

// IsEmbargoed reports whether cc is embargoed.
func (p Profile) IsEmbargoed(cc string) bool { return slices.Contains(p.EmbargoedCountries, cc) }

// Detect reports whether the mail languages are to be detected.
func (p Profile) Detect() bool { return len(p.Languages) == 0 }

// WithHome returns p with home countries filled from def when none are set
// (the demo tenant knows its own).
func (p Profile) WithHome(def []string) Profile {
	if len(p.HomeCountries) == 0 {
		p.HomeCountries = slices.Clone(def)
		slices.Sort(p.HomeCountries)
	}
	return p
}

// Describe is the profile in one sentence, for the health check; detected
// languages are shown when detection is on.
func (p Profile) Describe(detected []string) string {
	home := "not set (detection uses novelty)"
	if len(p.HomeCountries) > 0 {
		home = strings.Join(p.HomeCountries, ", ")
	}
	emb := "none"
	if len(p.EmbargoedCountries) > 0 {
		emb = strings.Join(p.EmbargoedCountries, ", ")
	}
	langs := strings.Join(p.Languages, ", ")
	if p.Detect() {
		langs = "detected"
		if len(detected) > 0 {
			langs += ": " + strings.Join(detected, ", ")
		} else {
			langs += " (none yet)"
		}
	}
	return fmt.Sprintf("Tenant profile: home countries %s; embargoed %s; business time zone %s; mail languages %s.", home, emb, p.TimeZone, langs)
}
