package geo

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sample is shaped like DB-IP Lite / ip-location-db: a header, IPv4 then IPv6,
// an unassigned block, and a trailing name column some files carry.
const sample = `ip_range_start,ip_range_end,country_code
# comment lines are ignored
1.0.0.0,1.0.0.255,AU,Australia
1.0.1.0,1.0.3.255,cn
1.0.4.0,1.0.7.255,ZZ
"133.0.0.0","133.255.255.255","JP"
2001:200::,2001:200:ffff:ffff:ffff:ffff:ffff:ffff,JP

2c0f:fff0::,2c0f:fff0:ffff:ffff:ffff:ffff:ffff:ffff,NG
`

func TestLoadCSV(t *testing.T) {
	tab, err := LoadCSV(context.Background(), strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ ip, want string }{
		{"1.0.0.1", "AU"}, {"1.0.2.200", "CN"}, {"1.0.5.1", ""}, {"133.10.20.30", "JP"},
		{"2001:200:1::1", "JP"}, {"2c0f:fff0::53", "NG"}, {"2c0f:fff1::", ""},
	}
	for _, tc := range tests {
		got, _ := tab.Country(netip.MustParseAddr(tc.ip))
		if got != tc.want {
			t.Errorf("Country(%s) = %q, want %q", tc.ip, got, tc.want)
		}
	}
	if tab.Len() != 5 {
		t.Errorf("Len = %d, want 5 (the ZZ block skipped)", tab.Len())
	}
}

func TestLoadCSVErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int // 0: not a LineError
		want     string
	}{
		{"bad start", "1.0.0.0,1.0.0.255,AU\n1.0.1,1.0.1.255,AU\n", 2, `line 2: bad start address "1.0.1"`},
		{"bad end", "1.0.0.0,1.0.0.256,AU\n", 1, `line 1: bad end address "1.0.0.256"`},
		{"too few fields", "1.0.0.0,1.0.0.255,AU\n\n1.0.1.0,1.0.1.255\n", 3, "line 3: want start_ip,end_ip,country, got 2 field(s)"},
		{"bad country", "a,b,c\n1.0.0.0,1.0.0.255,AUS\n", 2, `line 2: country "AUS" is not an ISO 3166-1 alpha-2 code`},
		{"reversed", "1.0.0.255,1.0.0.0,AU\n", 1, "line 1: start 1.0.0.255 is after end 1.0.0.0"},
		{"mixed", "1.0.0.0,::1,AU\n", 1, "line 1: 1.0.0.0 and ::1 are not of the same IP version"},
		{"quote", "1.0.0.0,\"1.0.0.255,AU\n", 0, "reading the CSV: parse error on line 1"},
		{"empty", "start,end,country\n", 0, "no country ranges found"},
		{"header only on line 1", "1.0.0.0,1.0.0.255,AU\nstart,end,country\n", 2, `line 2: bad start address "start"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadCSV(context.Background(), strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tc.want)
			}
			var le *LineError
			if got := errors.As(err, &le); got != (tc.line > 0) || (got && le.Line != tc.line) {
				t.Errorf("LineError = %v (%+v), want line %d", got, le, tc.line)
			}
		})
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "country.csv")
	if err := os.WriteFile(plain, []byte(sample), 0o600); err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	if _, err := w.Write([]byte(sample)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	zipped := filepath.Join(dir, "dbip-country-lite.CSV.GZ")
	if err := os.WriteFile(zipped, gz.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{plain, zipped} {
		tab, err := LoadFile(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		if c, _ := tab.Country(netip.MustParseAddr("133.1.1.1")); c != "JP" {
			t.Errorf("%s: Country = %q, want JP", path, c)
		}
	}
	broken := filepath.Join(dir, "broken.csv")
	if err := os.WriteFile(broken, []byte("1.0.0.0,x,AU\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		filepath.Join(dir, "missing.csv"): "opening the geo database: open " + filepath.Join(dir, "missing.csv"),
		plain + ".gz":                     "no such file",
		broken:                            "geo database " + broken + `: line 1: bad end address "x"`,
	} {
		if _, err := LoadFile(context.Background(), path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("LoadFile(context.Background(), %s) error = %v, want %q", path, err, want)
		}
	}
	notGzip := filepath.Join(dir, "plain.csv.gz")
	if err := os.WriteFile(notGzip, []byte(sample), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(context.Background(), notGzip); err == nil || !strings.Contains(err.Error(), "gzip") {
		t.Errorf("LoadFile of a plain file named .gz: %v", err)
	}
}

func TestLoadCSVStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := LoadCSV(ctx, strings.NewReader(sample)); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}

// BenchmarkLoadCSV reads a database the size of a full free country CSV.
func BenchmarkLoadCSV(b *testing.B) {
	var buf bytes.Buffer
	for i := range 600_000 {
		from, to := v4(uint32(i)<<12), v4(uint32(i)<<12+1<<12-1)
		fmt.Fprintf(&buf, "%s,%s,%c%c\n", from, to, 'A'+i%26, 'A'+i/26%25)
	}
	for b.Loop() {
		if _, err := LoadCSV(context.Background(), bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
}
