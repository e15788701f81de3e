// Package geo maps IP addresses to countries (ISO 3166-1 alpha-2), for the
// fromCountry and toCountry dimensions and the geo query. It knows no data of its
// own: a Table is built from ranges or loaded from an IP-to-country CSV, and Func
// adapts any lookup function, such as the demo tenant's.
package geo

import (
	"net/netip"
	"strings"
)

// Resolver tells the country of an address. Implementations must be safe for
// concurrent use and must not change their answers: the query engine caches
// them per distinct address.
type Resolver interface {
	// Country returns the upper-case ISO 3166-1 alpha-2 code of ip, or false when
	// the country is unknown, including every private and reserved address.
	Country(ip netip.Addr) (string, bool)
}

// Func adapts a lookup on the address's text, such as the demo tenant's map, to a
// Resolver. The function returns "" for an address it does not know; anything
// else that is not a two-letter code counts as unknown too.
type Func func(ip string) string

// Country implements Resolver. Private and reserved addresses never reach f.
func (f Func) Country(ip netip.Addr) (string, bool) {
	ip = ip.Unmap()
	if !Public(ip) {
		return "", false
	}
	return Code(f(ip.String()))
}

// Code normalises a country code to two upper-case ASCII letters. Anything else,
// and ZZ (which CLDR and several databases use for "unknown"), is not a country.
func Code(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) != 2 || !isLetter(s[0]) || !isLetter(s[1]) || s == "ZZ" {
		return "", false
	}
	return s, true
}

func isLetter(b byte) bool { return b >= 'A' && b <= 'Z' }
