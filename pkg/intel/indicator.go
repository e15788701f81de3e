// Package intel matches message traces against threat-intel indicators: e-mail
// addresses, domains (which cover their subdomains), IP addresses and CIDR blocks,
// each with a confidence, an actor and labels, as the feeds SIEM apps use.
package intel

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Kind is what an indicator's value is.
type Kind string

// Kinds.
const (
	KindEmail  Kind = "email"
	KindDomain Kind = "domain"
	KindIP     Kind = "ip"
	KindCIDR   Kind = "cidr"
)

// Unassigned is the actor of an indicator its feed attributes to no one.
const Unassigned = "Unassigned"

// Indicator is one entry of a feed.
type Indicator struct {
	// Value is what is matched: a lower-case address or domain, an IP address or a
	// masked CIDR prefix in canonical form.
	Value      string
	Kind       Kind
	Confidence int // 0–100: ≥85 high, ≥50 medium, ≥15 low, else unverified
	Actor      string
	Labels     []string
	// Provider names the feed or service the indicator came from (empty for a
	// single local feed); Ref is its id there, which incremental refreshes merge on.
	Provider string `json:",omitempty"`
	Ref      string `json:",omitempty"`
	// FirstSeen and LastSeen are the provider's published and last-updated times
	// (zero when it gives none).
	FirstSeen time.Time `json:",omitzero"`
	LastSeen  time.Time `json:",omitzero"`
}

// Confidence bands: a word given for a confidence means the bottom of its band.
const (
	ConfidenceHigh   = 85
	ConfidenceMedium = 50
	ConfidenceLow    = 15
)

// ParseConfidence reads a confidence given as a whole number from 0 to 100 or as
// a word: high, medium, low, or unverified / none (0), any case.
func ParseConfidence(s string) (int, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "high":
		return ConfidenceHigh, nil
	case "medium", "moderate":
		return ConfidenceMedium, nil
	case "low":
		return ConfidenceLow, nil
	case "unverified", "none", "unknown":
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 100 {
		return 0, fmt.Errorf("confidence %q is not a whole number from 0 to 100 nor high, medium or low", s)
	}
	return n, nil
}

// normalize validates ind and returns it in canonical form. An empty kind is
// inferred from the value.
func normalize(ind Indicator) (Indicator, error) {
	ind.Value = strings.TrimSpace(ind.Value)
	if ind.Value == "" {
		return ind, errors.New("the indicator is empty")
	}
	if ind.Kind == "" {
		ind.Kind = inferKind(ind.Value)
	}
	v, err := canonical(ind.Kind, ind.Value)
	if err != nil {
		return ind, err
	}
	ind.Value = v
	if ind.Confidence < 0 || ind.Confidence > 100 {
		return ind, fmt.Errorf("confidence %d is out of range: use 0 to 100", ind.Confidence)
	}
	ind.Actor = strings.TrimSpace(ind.Actor)
	if ind.Actor == "" {
		ind.Actor = Unassigned
	}
	ind.Labels = cleanLabels(ind.Labels)
	return ind, nil
}

func inferKind(v string) Kind {
	switch {
	case strings.HasPrefix(v, "@") || strings.HasPrefix(v, "*@"):
		return KindDomain // every address of the domain
	case strings.Contains(v, "@"):
		return KindEmail
	case strings.Contains(v, "/"):
		return KindCIDR
	}
	if _, err := netip.ParseAddr(v); err == nil {
		return KindIP
	}
	return KindDomain
}

// canonical returns the form of v that matching compares with.
func canonical(k Kind, v string) (string, error) {
	switch k {
	case KindEmail:
		at := strings.LastIndexByte(v, '@')
		if at <= 0 || v[:at] == "*" || !validDomain(v[at+1:]) {
			return "", fmt.Errorf("%q is not an e-mail address (for every address of a domain, use kind domain)", v)
		}
		return strings.ToLower(v), nil
	case KindDomain:
		d := strings.TrimLeft(strings.ToLower(v), "*@.") // *.example.com, *@example.com
		if !validDomain(d) {
			return "", fmt.Errorf("%q is not a domain name", v)
		}
		return d, nil
	case KindIP:
		a, err := netip.ParseAddr(v)
		if err != nil || a.Zone() != "" {
			return "", fmt.Errorf("%q is not an IP address", v)
		}
		return a.Unmap().String(), nil
	case KindCIDR:
		p, err := netip.ParsePrefix(v)
		if err != nil {
			return "", fmt.Errorf("%q is not a CIDR block such as 203.0.113.0/24", v)
		}
		if p.Addr().Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		return p.Masked().String(), nil
	}
	return "", fmt.Errorf("unknown kind %q: use email, domain, ip or cidr", k)
}

// validDomain accepts dot-separated labels without spaces, @ or slashes; it is
// lenient on purpose, as feeds list internationalised and odd names.
func validDomain(d string) bool {
	if d == "" || strings.ContainsAny(d, "@/ \t") {
		return false
	}
	for label := range strings.SplitSeq(d, ".") {
		if label == "" {
			return false
		}
	}
	return true
}

func cleanLabels(in []string) []string {
	out := make([]string, 0, len(in))
	for _, l := range in {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
