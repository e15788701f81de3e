package geo

import (
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func lastOf(p netip.Prefix) netip.Addr {
	b := p.Masked().Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

// Every special-purpose block, first, middle and last address, IPv4 and IPv6
// and IPv4-mapped: the shipped database has countries for some of them (its
// sources list registrations), and none may come out.
func TestShippedNeverLocatesReserved(t *testing.T) {
	db, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	nonGlobalV6 := prefixes("::/8", "64:ff9b::/96", "100::/64", "fc00::/7", "fe80::/10", "ff00::/8", "4000::/2", "8000::/1")
	all := append(append(append([]netip.Prefix{}, reservedV4...), reservedV6...), nonGlobalV6...)
	checked := 0
	for _, p := range all {
		first, last := p.Masked().Addr(), lastOf(p)
		mid := first.Next().Next()
		for _, ip := range []netip.Addr{first, mid, last} {
			addrs := []netip.Addr{ip}
			if ip.Is4() {
				addrs = append(addrs, netip.AddrFrom16(ip.As16()))
			}
			for _, a := range addrs {
				checked++
				if c, ok := db.Country(a); ok {
					t.Errorf("Country(%s) in %s = %q, want none", a, p, c)
				}
			}
		}
	}
	if checked != 3*(2*len(reservedV4)+len(reservedV6)+len(nonGlobalV6)) {
		t.Errorf("checked %d addresses", checked)
	}
}

func TestShippedLocatesPublic(t *testing.T) {
	db, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	for ip, want := range map[string]string{"8.8.8.8": "US", "133.1.1.1": "JP", "::ffff:133.1.1.1": "JP",
		"2a00:1450::1": "IE"} {
		if got, ok := db.Country(netip.MustParseAddr(ip)); got != want || !ok {
			t.Errorf("Country(%s) = %q, %v; want %q", ip, got, ok, want)
		}
	}
	info := db.Info()
	if info.Source != ShippedName || info.Format != "MMDB country ipvAll" || info.Built.Format(time.DateOnly) != "2026-06-17" {
		t.Errorf("Info = %+v", info)
	}
}

// The head of ip-location-db's CSV, whose line 762 nests a BE address inside a
// DE block: it loads, and the nested address gets its own country.
func TestOpenIPLocationDBCSV(t *testing.T) {
	for _, name := range []string{"geo-whois-asn-country-ipv4-head.csv", "geo-whois-asn-country-ipv6-head.csv"} {
		db, err := Open(context.Background(), filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if db.Info().Format != "CSV" {
			t.Errorf("Format = %q", db.Info().Format)
		}
	}
	db, _ := Open(context.Background(), "testdata/geo-whois-asn-country-ipv4-head.csv")
	for ip, want := range map[string]string{"2.58.196.0": "DE", "2.58.197.14": "DE", "2.58.197.15": "BE", "2.58.197.16": "DE", "1.0.0.1": "AU"} {
		if got, _ := db.Country(netip.MustParseAddr(ip)); got != want {
			t.Errorf("Country(%s) = %q, want %q", ip, got, want)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	broken := write("broken.mmdb", append([]byte("junk"), mmdbMagic...))
	reversed := write("x.csv", []byte("1.0.0.0,1.0.0.255,AU\n1.0.0.9,1.0.0.0,CN\n"))
	for path, want := range map[string]string{
		filepath.Join(dir, "none.mmdb"): "opening the geo database",
		broken:                          broken + " is not a MaxMind DB (.mmdb) file",
		reversed:                        "geo database " + reversed + ": line 2: start 1.0.0.9 is after end 1.0.0.0",
	} {
		if _, err := Open(context.Background(), path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Open(%s) = %v, want %q", path, err, want)
		}
	}
}

func TestLiveReloads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "geo.csv")
	write := func(s string, mod time.Time) {
		if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, mod, mod); err != nil {
			t.Fatal(err)
		}
	}
	ip := netip.MustParseAddr("133.1.1.1")
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	write("133.0.0.0,133.255.255.255,JP\n", base)
	ctx := context.Background()
	l := OpenLive(ctx, path, 0)
	if c, _ := l.Country(ip); c != "JP" || l.Version() != 1 || l.Status().Err != nil {
		t.Fatalf("first load: %q v%d %v", c, l.Version(), l.Status().Err)
	}
	l.Reload(ctx) // unchanged: not reloaded
	if l.Version() != 1 {
		t.Errorf("unchanged file reloaded: v%d", l.Version())
	}
	write("133.0.0.0,133.255.255.255,US\n", base.Add(time.Minute))
	l.Reload(ctx)
	if c, _ := l.Country(ip); c != "US" || l.Version() != 2 {
		t.Errorf("after change: %q v%d", c, l.Version())
	}
	write("133.0.0.0,133.255.255.255,USA\n", base.Add(2*time.Minute))
	l.Reload(ctx)
	st := l.Status()
	if c, _ := l.Country(ip); c != "US" || st.Err == nil || !strings.Contains(st.Err.Error(), `line 1: country "USA"`) {
		t.Errorf("broken file: %q, %v (want the last good copy kept and the error)", c, st.Err)
	}
	if st.Info.Built != base.Add(time.Minute) {
		t.Errorf("Info.Built = %v", st.Info.Built)
	}
	missing := OpenLive(ctx, path+".none", 0)
	if _, ok := missing.Country(ip); ok || missing.Loaded() || missing.Status().Err == nil {
		t.Error("a missing file has countries or no error")
	}
}

func TestCached(t *testing.T) {
	calls := 0
	inner := Func(func(ip string) string { calls++; return map[string]string{"133.1.1.1": "JP"}[ip] })
	c := NewCached(inner, 64)
	for range 3 {
		for _, ip := range []string{"133.1.1.1", "8.8.8.8", "::ffff:133.1.1.1"} {
			got, ok := c.Country(netip.MustParseAddr(ip))
			want := map[string]string{"133.1.1.1": "JP", "::ffff:133.1.1.1": "JP"}[ip]
			if got != want || ok != (want != "") {
				t.Errorf("Country(%s) = %q, %v; want %q", ip, got, ok, want)
			}
		}
	}
	if calls != 2 {
		t.Errorf("inner called %d times, want 2", calls)
	}
}
