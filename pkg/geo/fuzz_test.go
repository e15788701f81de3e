package geo

import (
	"context"
	"net/netip"
	"strings"
	"testing"
)

// FuzzLoadCSV: any input loads or fails with an error; a loaded table answers
// lookups for the start of each listed range with a two-letter code.
func FuzzLoadCSV(f *testing.F) {
	f.Add("start_ip,end_ip,country\n203.0.113.0,203.0.113.255,AU\n")
	f.Add("# comment\n2001:db8::,2001:db8::ffff,DE\n10.0.0.0,10.0.0.255,ZZ\n")
	f.Add("1.1.1.1,1.1.1.0,US\n")
	f.Add("\"unterminated,1.1.1.1,US\n")
	f.Fuzz(func(t *testing.T, text string) {
		tab, err := LoadCSV(context.Background(), strings.NewReader(text))
		if err != nil {
			if tab != nil {
				t.Fatal("a table with an error")
			}
			return
		}
		for _, line := range strings.Split(text, "\n") {
			fields := strings.Split(line, ",")
			if a, err := netip.ParseAddr(strings.TrimSpace(fields[0])); err == nil {
				if c, ok := tab.Country(a); ok && len(c) != 2 {
					t.Fatalf("country %q for %v", c, a)
				}
			}
		}
	})
}
