package asn

import (
	"context"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = `1.0.0.0,1.0.0.255,13335,"Cloudflare, Inc."
1.0.4.0,1.0.7.255,AS38803,Gtelecom Pty Ltd
10.0.0.0,10.255.255.255,64512,Private
4.0.0.0,4.255.255.255,3356,Level 3
4.2.0.0,4.2.0.255,0,
8.0.0.0,8.0.0.255,15169,Google LLC, unquoted
`

func TestLoadCSV(t *testing.T) {
	tab, err := LoadCSV(context.Background(), strings.NewReader(sample), strings.NewReader("2001:200::,2001:200:1b9:ffff:ffff:ffff:ffff:ffff,2500,WIDE Project\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ip   string
		want Network
	}{
		{"1.0.0.1", Network{13335, "Cloudflare, Inc."}}, {"1.0.5.5", Network{38803, "Gtelecom Pty Ltd"}},
		{"4.1.0.0", Network{3356, "Level 3"}}, {"4.2.0.1", Network{3356, "Level 3"}}, // AS 0 skipped
		{"8.0.0.8", Network{15169, "Google LLC, unquoted"}}, {"2001:200:1::1", Network{2500, "WIDE Project"}},
		{"10.1.1.1", Network{}}, {"1.0.2.0", Network{}}, {"2001:db8::1", Network{}},
	}
	for _, tc := range tests {
		got, ok := tab.Network(netip.MustParseAddr(tc.ip))
		if got != tc.want || ok != (tc.want.ASN != 0) {
			t.Errorf("Network(%s) = %+v, %v; want %+v", tc.ip, got, ok, tc.want)
		}
	}
}

func TestLoadCSVErrors(t *testing.T) {
	tests := []struct {
		in   string
		line int
		want string
	}{
		{"1.0.0.0,1.0.0.255,x,Org\n", 1, `line 1: AS number "x" is not a whole number`},
		{"1.0.0.0,1.0.0.255,1,A\n1.0.0.0,1.0.0,2,B\n", 2, `line 2: bad end address "1.0.0"`},
		{"1.0.0.0,1.0.0.255\n", 1, "line 1: want start_ip,end_ip,asn,organisation, got 2 field(s)"},
		{"1.0.0.0,1.0.0.255,1,A\n1.0.0.9,1.0.0.0,2,B\n", 2, "line 2: start 1.0.0.9 is after end 1.0.0.0"},
		{"start,end,asn,org\n", 0, "no AS ranges found"},
	}
	for _, tc := range tests {
		_, err := LoadCSV(context.Background(), strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("LoadCSV(%q) = %v, want %q", tc.in, err, tc.want)
		}
		var le *LineError
		if errors.As(err, &le) != (tc.line > 0) || (tc.line > 0 && le.Line != tc.line) {
			t.Errorf("LoadCSV(%q): LineError %v, want line %d", tc.in, le, tc.line)
		}
	}
}

func TestShipped(t *testing.T) {
	tab, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	for ip, want := range map[string]uint32{"1.0.0.1": 13335, "8.8.8.8": 15169, "2001:200::1": 2500, "::ffff:1.0.0.1": 13335} {
		if got, ok := tab.Network(netip.MustParseAddr(ip)); got.ASN != want || !ok || got.Org == "" {
			t.Errorf("Network(%s) = %+v, %v; want AS%d", ip, got, ok, want)
		}
	}
	for _, ip := range []string{"10.0.0.1", "100.64.0.1", "127.0.0.1", "169.254.0.1", "192.168.1.1", "::1", "fe80::1", "2001:db8::1"} {
		if got, ok := tab.Network(netip.MustParseAddr(ip)); ok {
			t.Errorf("Network(%s) = %+v, want none", ip, got)
		}
	}
}

func TestOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "asn.csv")
	if err := os.WriteFile(path, []byte(sample), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := r.Network(netip.MustParseAddr("1.0.0.1")); n.ASN != 13335 {
		t.Errorf("Network = %+v", n)
	}
	if _, err := Open(context.Background(), path+".none"); err == nil || !strings.Contains(err.Error(), "opening the ASN database") {
		t.Errorf("missing file: %v", err)
	}
}

// BenchmarkLoadShipped parses the shipped CSVs, the cost paid once per process.
func BenchmarkLoadShipped(b *testing.B) {
	for b.Loop() {
		v4, c4, _ := gunzip(strings.NewReader(string(shippedV4)), true)
		v6, c6, _ := gunzip(strings.NewReader(string(shippedV6)), true)
		if _, err := LoadCSV(context.Background(), v4, v6); err != nil {
			b.Fatal(err)
		}
		_, _ = c4(), c6()
	}
}
