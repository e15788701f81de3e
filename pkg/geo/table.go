package geo

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"net/netip"
	"slices"
	"sort"
)

// Range is a block of consecutive addresses in one country. From and To are
// inclusive and of the same family; IPv4-mapped IPv6 addresses count as IPv4.
type Range struct {
	From, To netip.Addr
	Country  string
}

// Table is an immutable IP-to-country table: sorted, non-overlapping ranges found
// by binary search. IPv4 and IPv6 share one 128-bit key space (IPv4 as
// ::ffff:a.b.c.d), so one search serves both. A range costs 34 bytes, so a full
// free country database (about 600,000 ranges) takes some 20 MB.
type Table struct {
	from, to []u128
	country  []uint16 // index into names
	names    []string // the distinct country codes
}

// u128 is an address as a 128-bit number, for cheap comparisons.
type u128 struct{ hi, lo uint64 }

func key(ip netip.Addr) u128 {
	b := ip.Unmap().As16()
	return u128{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])}
}

func (a u128) cmp(b u128) int { return cmp.Or(cmp.Compare(a.hi, b.hi), cmp.Compare(a.lo, b.lo)) }

// NewTable builds a table from ranges in any order. It fails on an invalid
// address or country, and on overlapping ranges, naming the range by its index.
func NewTable(ranges []Range) (*Table, error) {
	return newTable(ranges, func(i int) string { return fmt.Sprintf("range %d", i+1) })
}

// newTable builds the table; where names range i in errors (an index, a line).
func newTable(ranges []Range, where func(int) string) (*Table, error) {
	order := make([]int, len(ranges))
	for i, r := range ranges {
		if err := r.check(); err != nil {
			return nil, fmt.Errorf("%s: %w", where(i), err)
		}
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return key(ranges[a].From).cmp(key(ranges[b].From)) })
	t := &Table{from: make([]u128, len(order)), to: make([]u128, len(order)), country: make([]uint16, len(order))}
	index := map[string]uint16{}
	for j, i := range order {
		r := ranges[i]
		if j > 0 && key(r.From).cmp(t.to[j-1]) <= 0 {
			prev := order[j-1]
			return nil, fmt.Errorf("%s (%s–%s) overlaps %s (%s–%s)", where(i), r.From, r.To, where(prev), ranges[prev].From, ranges[prev].To)
		}
		code, _ := Code(r.Country)
		if _, ok := index[code]; !ok {
			index[code] = uint16(len(t.names))
			t.names = append(t.names, code)
		}
		t.from[j], t.to[j], t.country[j] = key(r.From), key(r.To), index[code]
	}
	return t, nil
}

// check validates one range on its own.
func (r Range) check() error {
	from, to := r.From.Unmap(), r.To.Unmap()
	switch {
	case !from.IsValid() || !to.IsValid():
		return fmt.Errorf("a range needs a start and an end address")
	case from.Is4() != to.Is4():
		return fmt.Errorf("%s and %s are not of the same IP version", from, to)
	case from.Compare(to) > 0:
		return fmt.Errorf("start %s is after end %s", from, to)
	}
	if _, ok := Code(r.Country); !ok {
		return fmt.Errorf("country %q is not an ISO 3166-1 alpha-2 code such as JP", r.Country)
	}
	return nil
}

// Country implements Resolver.
func (t *Table) Country(ip netip.Addr) (string, bool) {
	if !Public(ip) {
		return "", false
	}
	k := key(ip)
	// The last range starting at or before k is the only one that can hold it.
	i := sort.Search(len(t.from), func(i int) bool { return t.from[i].cmp(k) > 0 }) - 1
	if i < 0 || t.to[i].cmp(k) < 0 {
		return "", false
	}
	return t.names[t.country[i]], true
}

// Len is the number of ranges.
func (t *Table) Len() int { return len(t.from) }
