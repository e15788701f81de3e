package intel

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func testFeed(t *testing.T) *Static {
	t.Helper()
	s, err := New([]Indicator{
		{Value: "Urch@Elchino-Millions.site", Kind: KindEmail, Confidence: 95, Actor: "MILLION SPIDER", Labels: []string{"KillChain/C2", " ", "Malware/AgentTesla"}},
		{Value: "elchino-millions.site", Kind: KindDomain, Confidence: 90, Actor: "MILLION SPIDER"},
		{Value: "*.evil.example", Confidence: 60},                      // kind inferred: domain
		{Value: "*@bad.example", Confidence: 55},                       // kind inferred: domain
		{Value: "77.88.48.75", Confidence: 80},                         // kind inferred: ip
		{Value: "::ffff:105.123.15.136", Kind: KindIP, Confidence: 70}, // stored as IPv4
		{Value: "77.88.0.0/18", Kind: KindCIDR, Confidence: 30},
		{Value: "77.88.48.0/24", Confidence: 40}, // kind inferred: cidr
		{Value: "2001:db8:bad::/48", Confidence: 50},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func values(inds []Indicator) []string {
	out := make([]string, len(inds))
	for i, ind := range inds {
		out[i] = string(ind.Kind) + ":" + ind.Value
	}
	return out
}

func TestMatchAddress(t *testing.T) {
	s := testFeed(t)
	tests := []struct {
		addr string
		want []string
	}{
		{"urch@elchino-millions.site", []string{"email:urch@elchino-millions.site", "domain:elchino-millions.site"}},
		{"URCH@ELCHINO-MILLIONS.SITE", []string{"email:urch@elchino-millions.site", "domain:elchino-millions.site"}},
		{"sales@elchino-millions.site", []string{"domain:elchino-millions.site"}},
		{"x@mail.elchino-millions.site", []string{"domain:elchino-millions.site"}}, // subdomain
		{"x@a.b.evil.example", []string{"domain:evil.example"}},
		{"x@bad.example", []string{"domain:bad.example"}},
		{"x@notelchino-millions.site", nil}, // a suffix that is not a label boundary
		{"x@elchino-millions.site.example", nil},
		{"elchino-millions.site", nil}, // no @: no domain
		{"", nil},
		{"t.tanaka@example.co.jp", nil},
	}
	for _, tc := range tests {
		if got := values(s.MatchAddress(tc.addr)); !slices.Equal(got, tc.want) {
			t.Errorf("MatchAddress(%q) = %v, want %v", tc.addr, got, tc.want)
		}
	}
}

func TestMatchIP(t *testing.T) {
	s := testFeed(t)
	tests := []struct {
		ip   string
		want []string
	}{
		{"77.88.48.75", []string{"ip:77.88.48.75", "cidr:77.88.48.0/24", "cidr:77.88.0.0/18"}}, // narrowest first
		{"77.88.48.1", []string{"cidr:77.88.48.0/24", "cidr:77.88.0.0/18"}},
		{"77.88.1.1", []string{"cidr:77.88.0.0/18"}},
		{"77.88.64.1", nil},
		{"105.123.15.136", []string{"ip:105.123.15.136"}},
		{"::ffff:77.88.1.1", []string{"cidr:77.88.0.0/18"}}, // mapped addresses match as IPv4
		{"2001:db8:bad:1::9", []string{"cidr:2001:db8:bad::/48"}},
		{"2001:db8:bae::1", nil},
	}
	for _, tc := range tests {
		if got := values(s.MatchIP(netip.MustParseAddr(tc.ip))); !slices.Equal(got, tc.want) {
			t.Errorf("MatchIP(%s) = %v, want %v", tc.ip, got, tc.want)
		}
	}
}

func TestNormalised(t *testing.T) {
	s := testFeed(t)
	got := s.MatchAddress("urch@elchino-millions.site")
	if got[0].Actor != "MILLION SPIDER" || !slices.Equal(got[0].Labels, []string{"KillChain/C2", "Malware/AgentTesla"}) {
		t.Errorf("email indicator = %+v", got[0])
	}
	if a := s.MatchIP(netip.MustParseAddr("77.88.1.1"))[0].Actor; a != Unassigned {
		t.Errorf("actor of an unattributed indicator = %q, want %q", a, Unassigned)
	}
	if s.Len() != 9 {
		t.Errorf("Len = %d, want 9", s.Len())
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name string
		ind  []Indicator
		want string
	}{
		{"empty", []Indicator{{Value: " ", Confidence: 1}}, "indicator 1: the indicator is empty"},
		{"confidence", []Indicator{{Value: "a@b.example", Confidence: 101}}, "confidence 101 is out of range: use 0 to 100"},
		{"negative", []Indicator{{Value: "a@b.example", Confidence: -1}}, "confidence -1 is out of range"},
		{"kind", []Indicator{{Value: "abc", Kind: "hash", Confidence: 1}}, `unknown kind "hash": use email, domain, ip or cidr`},
		{"email", []Indicator{{Value: "@b.example", Kind: KindEmail, Confidence: 1}}, `"@b.example" is not an e-mail address`},
		{"wildcard email", []Indicator{{Value: "*@b.example", Kind: KindEmail, Confidence: 1}}, "use kind domain"},
		{"domain", []Indicator{{Value: "bad..example", Kind: KindDomain, Confidence: 1}}, `"bad..example" is not a domain name`},
		{"ip", []Indicator{{Value: "1.2.3.4/32", Kind: KindIP, Confidence: 1}}, `"1.2.3.4/32" is not an IP address`},
		{"cidr", []Indicator{{Value: "1.2.3.0/33", Confidence: 1}}, `"1.2.3.0/33" is not a CIDR block`},
		{"duplicate", []Indicator{{Value: "a@b.example", Confidence: 1}, {Value: "x@y.example", Confidence: 1}, {Value: "A@B.example", Confidence: 9}},
			"indicator 3: email a@b.example is already listed at indicator 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.ind)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// A CIDR given with host bits is masked, and an unmasked duplicate is caught.
func TestCIDRMasked(t *testing.T) {
	s, err := New([]Indicator{{Value: "203.0.113.77/24", Confidence: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if got := values(s.MatchIP(netip.MustParseAddr("203.0.113.1"))); !slices.Equal(got, []string{"cidr:203.0.113.0/24"}) {
		t.Errorf("MatchIP = %v", got)
	}
	if _, err := New([]Indicator{{Value: "203.0.113.0/24", Confidence: 1}, {Value: "203.0.113.9/24", Confidence: 2}}); err == nil {
		t.Error("the same block twice was accepted")
	}
}
