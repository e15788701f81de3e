package geo

import (
	"fmt"
	"net/netip"

	"github.com/exotrace/messagetrace-datasource/pkg/iprange"
)

// Range is a block of consecutive addresses in one country. From and To are
// inclusive and of the same family; IPv4-mapped IPv6 addresses count as IPv4.
type Range struct {
	From, To netip.Addr
	Country  string
}

// Table is an immutable IP-to-country table built from ranges. Ranges may nest,
// as in real databases where a provider's block sits inside its registry's: the
// most specific range wins. Real data also has ranges that cross (the free
// ip-location-db CSV, at its line 6144): the range starting later wins their
// common part. A segment costs 34 bytes, so a full free country
// database (about 600,000 ranges) takes some 20 MB.
type Table struct {
	ix    *iprange.Index[uint16] // index into names
	names []string               // the distinct country codes
	info  Info
}

// NewTable builds a table from ranges in any order. It fails on an invalid
// address or country, naming the range by its index.
func NewTable(ranges []Range) (*Table, error) {
	return newTable(ranges, func(i int) string { return fmt.Sprintf("range %d", i+1) })
}

// newTable builds the table; where names range i in errors (an index, a line).
func newTable(ranges []Range, where func(int) string) (*Table, error) {
	t := &Table{}
	index := map[string]uint16{}
	blocks := make([]iprange.Block[uint16], len(ranges))
	for i, r := range ranges {
		if err := r.check(); err != nil {
			return nil, fmt.Errorf("%s: %w", where(i), err)
		}
		code, _ := Code(r.Country)
		id, ok := index[code]
		if !ok {
			id = uint16(len(t.names))
			index[code] = id
			t.names = append(t.names, code)
		}
		blocks[i] = iprange.Block[uint16]{From: r.From, To: r.To, Value: id}
	}
	ix, err := iprange.NewLenient(blocks, where)
	if err != nil {
		return nil, err
	}
	t.ix = ix
	return t, nil
}

// check validates one range on its own.
func (r Range) check() error {
	if err := (iprange.Block[string]{From: r.From, To: r.To}).Check(); err != nil {
		return err
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
	id, ok := t.ix.Lookup(ip)
	if !ok {
		return "", false
	}
	return t.names[id], true
}

// Len is the number of segments once nested ranges are flattened.
func (t *Table) Len() int { return t.ix.Len() }
