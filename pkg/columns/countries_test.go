package columns

import (
	"strings"
	"testing"
)

func TestCountryKeys(t *testing.T) {
	for code, key := range map[string]uint32{"AA": 1, "AB": 2, "JP": 1 + 9*26 + 15, "zy": 675, "ZZ": 0, "J": 0, "": 0} {
		if got := CountryKey(code); got != key {
			t.Errorf("CountryKey(%q) = %d, want %d", code, got, key)
		}
		if key > 0 && countryNames[key] != strings.ToUpper(code) {
			t.Errorf("countryNames[%d] = %q, want %q", key, countryNames[key], code)
		}
	}
}
