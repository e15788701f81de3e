package geo

import (
	"net/netip"
	"testing"
)

func TestCode(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"JP", "JP", true}, {" jp ", "JP", true}, {"Us", "US", true},
		{"", "", false}, {"J", "", false}, {"JPN", "", false}, {"J1", "", false},
		{"ZZ", "", false}, {"--", "", false}, {"日本", "", false},
	}
	for _, tc := range tests {
		got, ok := Code(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Code(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestPublic(t *testing.T) {
	tests := []struct {
		ip   string
		want bool
	}{
		{"133.1.2.3", true}, {"8.8.8.8", true}, {"::ffff:133.1.2.3", true}, {"2a00:1450::1", true},
		{"10.1.2.3", false}, {"172.20.0.1", false}, {"192.168.1.1", false}, {"127.0.0.1", false},
		{"100.64.0.1", false}, {"169.254.1.1", false}, {"192.0.2.1", false}, {"198.51.100.77", false},
		{"203.0.113.7", false}, {"224.0.0.1", false}, {"255.255.255.255", false}, {"0.0.0.0", false},
		{"::ffff:10.0.0.1", false}, {"::1", false}, {"::", false}, {"fe80::1", false}, {"fc00::1", false},
		{"ff02::1", false}, {"2001:db8::1", false}, {"2002:c000:204::1", false}, {"2001:0:1::1", false},
	}
	for _, tc := range tests {
		if got := Public(netip.MustParseAddr(tc.ip)); got != tc.want {
			t.Errorf("Public(%s) = %v, want %v", tc.ip, got, tc.want)
		}
	}
	if Public(netip.Addr{}) {
		t.Error("the zero Addr is public")
	}
}

func TestFunc(t *testing.T) {
	calls := 0
	f := Func(func(ip string) string {
		calls++
		return map[string]string{"133.1.2.3": "jp", "12.0.0.1": "USA", "5.9.0.1": "ZZ"}[ip]
	})
	tests := []struct {
		ip, want string
		ok       bool
	}{
		{"133.1.2.3", "JP", true},        // normalised to upper case
		{"::ffff:133.1.2.3", "JP", true}, // mapped addresses are looked up as IPv4
		{"12.0.0.1", "", false},          // not a two-letter code
		{"5.9.0.1", "", false},           // ZZ is unknown
		{"8.8.8.8", "", false},           // f does not know it
		{"10.0.0.1", "", false},          // private: f is not asked
	}
	for _, tc := range tests {
		got, ok := f.Country(netip.MustParseAddr(tc.ip))
		if got != tc.want || ok != tc.ok {
			t.Errorf("Country(%s) = %q, %v; want %q, %v", tc.ip, got, ok, tc.want, tc.ok)
		}
	}
	if calls != len(tests)-1 {
		t.Errorf("f called %d times, want %d (never for the private address)", calls, len(tests)-1)
	}
}
