package demo

import (
	"slices"
	"testing"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

func TestGeoIP(t *testing.T) {
	tests := []struct{ ip, want string }{
		{"133.1.2.3", "JP"}, {"126.200.1.1", ""}, {"12.34.56.78", "US"}, {"40.107.1.1", "US"},
		{"220.181.38.1", "CN"}, {"5.9.10.11", "DE"}, {"77.88.1.1", "RU"}, {"200.147.1.1", "BR"},
		{"105.113.1.1", "NG"}, {"113.161.1.1", "VN"}, {"175.45.178.1", "KP"}, {"2.147.1.1", "IR"},
		{"8.8.8.8", ""}, {"192.0.2.1", ""}, {"", ""}, {"not an ip", ""}, {"2001:db8::1", ""},
	}
	for _, tc := range tests {
		if got := GeoIP(tc.ip); got != tc.want {
			t.Errorf("GeoIP(%q) = %q, want %q", tc.ip, got, tc.want)
		}
	}
}

// Every address the generator uses has a country; the baseline stays inside
// the usual countries, so only incident 6 leaves them.
func TestGeoCoverage(t *testing.T) {
	countries := func(ts []trace.Trace) map[string]int {
		m := map[string]int{}
		for _, tr := range ts {
			for _, ip := range []string{tr.FromIP, tr.ToIP} {
				if ip == "" {
					continue
				}
				c := GeoIP(ip)
				if c == "" {
					t.Fatalf("no country for %s in %+v", ip, tr)
				}
				m[c]++
			}
		}
		return m
	}
	for c := range countries(quietWeek(t)) {
		if !slices.Contains(UsualCountries, c) {
			t.Errorf("baseline uses %s", c)
		}
	}
	all := countries(testDay(t))
	for _, c := range []string{"RU", "BR", "NG", "VN", "KP", "IR"} {
		if all[c] == 0 {
			t.Errorf("no traffic with %s in the last 24 h", c)
		}
	}
	for _, r := range geoRanges {
		if GeoIP(r.host(12345)) != r.country {
			t.Errorf("host of %v maps to %q", r.prefix, GeoIP(r.host(12345)))
		}
	}
}
