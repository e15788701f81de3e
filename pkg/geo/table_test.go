package geo

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
)

func rng(from, to, country string) Range {
	return Range{From: netip.MustParseAddr(from), To: netip.MustParseAddr(to), Country: country}
}

func TestTableCountry(t *testing.T) {
	// Out of order, IPv4 and IPv6 mixed, adjacent ranges, a range of one address.
	tab, err := NewTable([]Range{
		rng("2a00:1450::", "2a00:1450:ffff:ffff:ffff:ffff:ffff:ffff", "ie"),
		rng("133.0.0.0", "133.255.255.255", "JP"),
		rng("12.0.0.0", "12.255.255.255", "US"),
		rng("13.0.0.0", "13.0.0.0", "CA"),
		rng("::ffff:5.9.0.0", "::ffff:5.9.255.255", "DE"),
		rng("2400:4000::", "2400:4fff:ffff:ffff:ffff:ffff:ffff:ffff", "JP"),
		rng("10.0.0.0", "10.255.255.255", "XX"), // private: the table never answers for it
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ ip, want string }{
		{"133.0.0.0", "JP"}, {"133.128.1.1", "JP"}, {"133.255.255.255", "JP"}, {"134.0.0.0", ""},
		{"11.255.255.255", ""}, {"12.0.0.0", "US"}, {"12.255.255.255", "US"}, {"13.0.0.0", "CA"},
		{"13.0.0.1", ""}, {"5.9.1.2", "DE"}, {"::ffff:5.9.1.2", "DE"}, {"1.1.1.1", ""},
		{"2a00:1450:4001::1", "IE"}, {"2a00:1451::", ""}, {"2400:4abc::1", "JP"}, {"2001:db8::1", ""},
		{"10.1.1.1", ""}, {"::", ""}, {"255.255.255.254", ""},
	}
	for _, tc := range tests {
		got, ok := tab.Country(netip.MustParseAddr(tc.ip))
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("Country(%s) = %q, %v; want %q", tc.ip, got, ok, tc.want)
		}
	}
	if tab.Len() != 7 {
		t.Errorf("Len = %d, want 7", tab.Len())
	}
}

// Nested ranges, as real databases have them, resolve to the most specific.
func TestTableNested(t *testing.T) {
	tab, err := NewTable([]Range{
		rng("2.58.196.0", "2.58.197.255", "DE"),
		rng("2.58.197.15", "2.58.197.15", "BE"),
		rng("2.58.197.16", "2.58.197.255", "DE"),
		rng("1.0.0.0", "1.0.0.0", "AU"), rng("1.0.0.0", "1.0.0.9", "CN"), // same start
		rng("5.182.128.0", "5.182.130.255", "NL"), rng("5.182.130.120", "5.182.131.255", "GB"), // crossing, as in the real CSV
	})
	if err != nil {
		t.Fatal(err)
	}
	for ip, want := range map[string]string{"2.58.196.0": "DE", "2.58.197.14": "DE", "2.58.197.15": "BE",
		"2.58.197.16": "DE", "2.58.197.255": "DE", "2.58.198.0": "", "1.0.0.0": "AU", "1.0.0.1": "CN", "1.0.0.9": "CN",
		"5.182.130.119": "NL", "5.182.130.120": "GB", "5.182.131.255": "GB"} {
		if got, _ := tab.Country(netip.MustParseAddr(ip)); got != want {
			t.Errorf("Country(%s) = %q, want %q", ip, got, want)
		}
	}
	if tab.Len() != 7 { // AU | CN, DE | BE | DE, NL | GB
		t.Errorf("Len = %d, want 5", tab.Len())
	}
}

func TestNewTableErrors(t *testing.T) {
	tests := []struct {
		name   string
		ranges []Range
		want   string
	}{
		{"reversed", []Range{rng("1.0.0.9", "1.0.0.0", "AU")}, "range 1: start 1.0.0.9 is after end 1.0.0.0"},
		{"mixed families", []Range{rng("1.0.0.0", "2001::", "AU")}, "not of the same IP version"},
		{"bad country", []Range{rng("1.0.0.0", "1.0.0.9", "Australia")}, `country "Australia" is not an ISO 3166-1 alpha-2 code`},
		{"missing end", []Range{{From: netip.MustParseAddr("1.0.0.0"), Country: "AU"}}, "needs a start and an end"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewTable(tc.ranges)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// A full free country database has about 600,000 ranges; lookups stay well under
// a microsecond, and the engine asks once per distinct address anyway.
func BenchmarkTableCountry(b *testing.B) {
	const n = 600_000
	ranges := make([]Range, n)
	for i := range ranges {
		base := uint32(i) << 12
		ranges[i] = Range{From: v4(base), To: v4(base + 1<<12 - 1), Country: fmt.Sprintf("%c%c", 'A'+i%26, 'A'+i/26%25)}
	}
	tab, err := NewTable(ranges)
	if err != nil {
		b.Fatal(err)
	}
	ip := netip.MustParseAddr("133.1.2.3")
	for b.Loop() {
		if _, ok := tab.Country(ip); !ok {
			b.Fatal("not found")
		}
	}
}

func v4(n uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
}
