package columns

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// allValues is what Grafana sends for a variable set to "All": the condition goes.
const allValues = "$__all"

// Predicate is a compiled filter. String dimensions are matched once per distinct
// value (see Selection.Mask), so match may be as slow as a regex.
type Predicate struct {
	Filter
	match func(string) bool // every dimension but size
	size  func(int32) bool  // size only
	guid  *guidTest         // id only: the ids held as GUIDs
}

// CheckFilter validates f and normalises its values. keep is false when a
// template variable set to All removed the condition.
func CheckFilter(f Filter) (Filter, bool, error) {
	ops := opsFor(f.Dimension)
	switch {
	case ops == nil:
		return f, false, fmt.Errorf("unknown dimension %q: use one of %s, size", f.Dimension, joinNames(groupable))
	case !slices.Contains(ops, f.Op):
		return f, false, fmt.Errorf("op %q is not valid for %s: use one of %s", f.Op, f.Dimension, joinNames(ops))
	case IsProfileOp(f.Op) && len(f.Values) > 0:
		return f, false, fmt.Errorf("%s takes no values: the countries come from the data source's tenant profile", f.Op)
	case IsProfileOp(f.Op):
		return f, true, nil
	case slices.Contains(f.Values, allValues):
		return f, false, nil
	case len(f.Values) == 0:
		return f, false, fmt.Errorf("give at least one value")
	case (f.Op == OpGt || f.Op == OpLt) && len(f.Values) != 1:
		return f, false, fmt.Errorf("%s takes exactly one value", f.Op)
	}
	f.Values = normalizeValues(f)
	_, err := Compile(f)
	return f, err == nil, err
}

// normalizeValues spells enum values canonically and domains bare, so that push-down
// and descriptions show what is matched.
func normalizeValues(f Filter) []string {
	out := slices.Clone(f.Values)
	for i, v := range out {
		switch {
		case f.Op == OpRegex || f.Op == OpCIDR:
		case enumNames(f.Dimension) != nil:
			if j := slices.IndexFunc(enumNames(f.Dimension), func(n string) bool { return strings.EqualFold(n, v) }); j >= 0 {
				out[i] = enumNames(f.Dimension)[j]
			}
		case isDomainDim(f.Dimension):
			out[i] = strings.TrimPrefix(strings.TrimPrefix(v, "*"), "@")
		case IsCountryDim(f.Dimension) && CountryKey(v) != 0:
			out[i] = countryNames[CountryKey(v)]
		case isAsnDim(f.Dimension) && f.Op != OpContains:
			if n, err := asnValue(v); err == nil {
				out[i] = strconv.FormatUint(n, 10)
			}
		}
	}
	return out
}

// Compile builds the local predicate of a validated filter.
func Compile(f Filter) (Predicate, error) {
	p := Predicate{Filter: f}
	var err error
	switch {
	case f.Dimension == DimSize:
		p.size, err = sizeMatcher(f)
	case f.Op == OpRegex:
		p.match, err = regexMatcher(f.Values)
	case f.Op == OpCIDR:
		p.match, err = cidrMatcher(f.Values)
	case isAsnDim(f.Dimension) && (f.Op == OpGt || f.Op == OpLt):
		p.match, err = asnMatcher(f)
	default:
		p.match, err = textMatcher(f)
	}
	if f.Dimension == DimID && err == nil {
		p.guid = guidMatcher(f, p.match)
	}
	return p, err
}

func enumCheck(f Filter) error {
	names := enumNames(f.Dimension)
	for _, v := range f.Values {
		if !slices.Contains(names, v) {
			return fmt.Errorf("unknown %s %q: use one of %s", f.Dimension, v, strings.Join(names, ", "))
		}
	}
	return nil
}

// textMatcher compares case-insensitively; on sender and recipient a value
// "*@domain" matches every address of the domain, as Graph's filter does.
func textMatcher(f Filter) (func(string) bool, error) {
	if enumNames(f.Dimension) != nil {
		if err := enumCheck(f); err != nil {
			return nil, err
		}
	}
	if IsCountryDim(f.Dimension) {
		if err := checkCountries(f.Values); err != nil {
			return nil, err
		}
	}
	if isAsnDim(f.Dimension) && f.Op != OpContains {
		for _, v := range f.Values {
			if _, err := asnValue(v); err != nil {
				return nil, err
			}
		}
	}
	vals := make([]string, len(f.Values))
	for i, v := range f.Values {
		vals[i] = strings.ToLower(v)
	}
	wildcard := f.Dimension == DimSender || f.Dimension == DimRecipient
	test := map[Op]func(s, v string) bool{
		OpContains:   strings.Contains,
		OpStartsWith: strings.HasPrefix,
		OpEndsWith:   strings.HasSuffix,
	}[f.Op]
	if test == nil {
		test = func(s, v string) bool {
			if wildcard && strings.HasPrefix(v, "*@") {
				return strings.HasSuffix(s, v[1:])
			}
			return s == v
		}
	}
	negate := f.Op == OpNeq || f.Op == OpNotIn || f.Op == OpNotHome || f.Op == OpNotEmbargoed
	known := f.Op == OpNotHome // outside the home countries means a known country
	return func(s string) bool {
		if known && s == "" {
			return false
		}
		s = strings.ToLower(s)
		for _, v := range vals {
			if test(s, v) {
				return !negate
			}
		}
		return negate
	}, nil
}

func regexMatcher(vals []string) (func(string) bool, error) {
	res := make([]*regexp.Regexp, len(vals))
	for i, v := range vals {
		re, err := trace.CompileRegex(v) // bounded: one pattern is matched against every row
		if err != nil {
			return nil, err
		}
		res[i] = re
	}
	return func(s string) bool {
		return slices.ContainsFunc(res, func(re *regexp.Regexp) bool { return re.MatchString(s) })
	}, nil
}

// cidrMatcher accepts prefixes ("10.0.0.0/8") and single addresses.
func cidrMatcher(vals []string) (func(string) bool, error) {
	prefixes := make([]netip.Prefix, len(vals))
	for i, v := range vals {
		p, err := netip.ParsePrefix(strings.TrimSpace(v))
		if err != nil {
			a, aerr := netip.ParseAddr(strings.TrimSpace(v))
			if aerr != nil {
				return nil, fmt.Errorf("bad CIDR %q: use a prefix such as 203.0.113.0/24 or 2001:db8::/32", v)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		prefixes[i] = p.Masked()
	}
	return func(s string) bool {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return false
		}
		a = a.Unmap()
		return slices.ContainsFunc(prefixes, func(p netip.Prefix) bool { return p.Contains(a) })
	}, nil
}

func sizeMatcher(f Filter) (func(int32) bool, error) {
	vals := make([]int64, len(f.Values))
	for i, v := range f.Values {
		n, err := parseSize(v)
		if err != nil {
			return nil, err
		}
		vals[i] = n
	}
	switch f.Op {
	case OpGt:
		return func(s int32) bool { return int64(s) > vals[0] }, nil
	case OpLt:
		return func(s int32) bool { return int64(s) < vals[0] }, nil
	}
	negate := f.Op == OpNeq || f.Op == OpNotIn
	return func(s int32) bool { return slices.Contains(vals, int64(s)) != negate }, nil
}

// parseSize reads bytes, optionally with a binary unit: 500, 10KB, 15MB, 1GB.
func parseSize(v string) (int64, error) {
	s := strings.ToUpper(strings.TrimSpace(v))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad size %q: use bytes, or KB, MB, GB, e.g. 15MB", v)
	}
	return n * mult, nil
}

func isDomainDim(d Dimension) bool { return d == DimSenderDomain || d == DimRecipientDomain }

// Mask evaluates p on every row. String predicates run once per distinct value,
// and their results are kept for the next query with the same filter (memo.go).
func (sel *Selection) Mask(r Rows, p Predicate) []bool {
	keep := make([]bool, r.n)
	if p.size != nil {
		for i, s := range Gather(r, ColSize) {
			keep[i] = p.size(s)
		}
		return keep
	}
	if p.guid != nil {
		return sel.idMask(r, p)
	}
	keys, names := sel.Keys(r, p.Dimension)
	memo := sel.Cache.memo(p, len(names))
	for i, k := range keys {
		m := memoGet(memo, k)
		if m == 0 {
			m = 1
			if p.match(names[k]) {
				m = 2
			}
			memoSet(memo, k, m)
		}
		keep[i] = m == 2
	}
	return keep
}
