package columns

import (
	"fmt"
	"strconv"
	"strings"
)

// IsNetworkDim reports whether d is one of fromAsn, fromOrg, toAsn, toOrg, which
// need an ASN resolver.
func IsNetworkDim(d Dimension) bool {
	return d == DimFromAsn || d == DimFromOrg || d == DimToAsn || d == DimToOrg
}

func isAsnDim(d Dimension) bool { return d == DimFromAsn || d == DimToAsn }

// networks returns the key (a derived-dictionary id) of every selected row's
// AS number or organisation of fromIP or toIP; unknown ones are spelled "".
func (sel *Selection) networks(r Rows, d Dimension) []uint32 {
	col := ColFromIP
	if d == DimToAsn || d == DimToOrg {
		col = ColToIP
	}
	ids := Gather(r, col)
	nv := sel.Cache.netView(sel.View, sel.Net, d == DimFromOrg || d == DimToOrg)
	for i, id := range ids {
		ids[i] = nv.key(id)
	}
	return ids
}

// asnValue reads an AS number as given in a filter: 8075 or AS8075.
func asnValue(v string) (uint64, error) {
	s := strings.TrimSpace(v)
	if len(s) > 2 && strings.EqualFold(s[:2], "AS") {
		s = s[2:]
	}
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("bad AS number %q: use a number such as 8075 or AS8075", v)
	}
	return n, nil
}

// asnMatcher compares AS numbers numerically for gt and lt; rows without a known
// network match neither.
func asnMatcher(f Filter) (func(string) bool, error) {
	bound, err := asnValue(f.Values[0])
	if err != nil {
		return nil, err
	}
	return func(s string) bool {
		n, err := strconv.ParseUint(s, 10, 32)
		if err != nil {
			return false
		}
		if f.Op == OpGt {
			return n > bound
		}
		return n < bound
	}, nil
}
