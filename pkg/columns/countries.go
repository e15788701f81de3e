package columns

import (
	"fmt"

	"github.com/exotrace/messagetrace-datasource/pkg/geo"
)

// countryNames spells country keys: key 0 is unknown (""), key 1+26a+b the code
// of letters a and b. A fixed key space lets countries index dense arrays (filter
// memos, groups) as dictionary ids do, without a dictionary.
var countryNames = func() []string {
	names := make([]string, 1, 1+26*26)
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			names = append(names, string([]rune{a, b}))
		}
	}
	return names
}()

// CountryKey returns the key of a country code, or 0 if it is not one.
func CountryKey(code string) uint32 {
	c, ok := geo.Code(code)
	if !ok {
		return 0
	}
	return 1 + uint32(c[0]-'A')*26 + uint32(c[1]-'A')
}

// IsCountryDim reports whether d is fromCountry or toCountry, which need a geo resolver.
func IsCountryDim(d Dimension) bool { return d == DimFromCountry || d == DimToCountry }

// checkCountries validates the values of a country filter.
func checkCountries(vals []string) error {
	for _, v := range vals {
		if CountryKey(v) == 0 {
			return fmt.Errorf("bad country %q: use ISO 3166-1 alpha-2 codes such as JP or US", v)
		}
	}
	return nil
}

// countries returns the country key of every selected row's fromIP or toIP.
func (sel *Selection) countries(r Rows, d Dimension) []uint32 {
	col := ColFromIP
	if d == DimToCountry {
		col = ColToIP
	}
	ids := Gather(r, col)
	cv := sel.Cache.countryView(sel.View, sel.Geo)
	for i, id := range ids {
		ids[i] = cv.key(id)
	}
	return ids
}

// CountryKeys is the size of the country key space: keys are below it.
var CountryKeys = len(countryNames)

// ResolveProfile fills in the values of a tenant-profile operator (home, notHome
// from the home countries, embargoed, notEmbargoed from the embargoed ones); any
// other filter is returned as it is. A profile without the countries needed is an
// error that says where to set them.
func ResolveProfile(f Filter, home, embargoed []string) (Filter, error) {
	var vals []string
	var what string
	switch f.Op {
	case OpHome, OpNotHome:
		vals, what = home, "home countries"
	case OpEmbargoed, OpNotEmbargoed:
		vals, what = embargoed, "embargoed countries"
	default:
		return f, nil
	}
	if len(vals) == 0 {
		return f, fmt.Errorf("%s %s needs the data source's %s: set them in the tenant profile of the data source settings", f.Dimension, f.Op, what)
	}
	if err := checkCountries(vals); err != nil {
		return f, fmt.Errorf("tenant profile %s: %w", what, err)
	}
	f.Values = make([]string, len(vals))
	for i, v := range vals {
		f.Values[i] = countryNames[CountryKey(v)]
	}
	return f, nil
}
