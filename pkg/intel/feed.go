package intel

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// Feed looks indicators up. Implementations must be safe for concurrent use and
// must not change their answers: the query engine caches them per distinct
// address. Returned indicators are shared: callers must not modify them.
type Feed interface {
	// MatchAddress returns the indicators an e-mail address matches, most
	// specific first: the address itself, then its domain, then each parent domain.
	MatchAddress(addr string) []Indicator
	// MatchIP returns the indicators an IP address matches, most specific first:
	// the address itself, then the CIDR blocks holding it, narrowest first.
	MatchIP(ip netip.Addr) []Indicator
}

// Static is an in-memory Feed.
type Static struct {
	exact    map[string]*Indicator // emails and domains by value
	ips      map[netip.Addr]*Indicator
	cidrs    map[netip.Prefix]*Indicator // by masked prefix
	prefixes []int                       // the prefix lengths in cidrs, longest first
}

// New builds a feed from indicators, validating and normalising each. An
// indicator listed twice (same kind and value) is an error.
func New(indicators []Indicator) (*Static, error) {
	return build(indicators, func(i int) string { return fmt.Sprintf("indicator %d", i+1) })
}

// build builds the feed; where names indicator i in errors (an index, a line).
func build(indicators []Indicator, where func(int) string) (*Static, error) {
	s := &Static{exact: map[string]*Indicator{}, ips: map[netip.Addr]*Indicator{}, cidrs: map[netip.Prefix]*Indicator{}}
	first := map[string]int{} // kind and value → index of the first listing
	for i, raw := range indicators {
		ind, err := normalize(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where(i), err)
		}
		id := string(ind.Kind) + " " + ind.Value
		if j, dup := first[id]; dup {
			return nil, fmt.Errorf("%s: %s %s is already listed at %s", where(i), ind.Kind, ind.Value, where(j))
		}
		first[id] = i
		s.add(&ind)
	}
	return s, nil
}

func (s *Static) add(ind *Indicator) {
	switch ind.Kind {
	case KindEmail, KindDomain:
		s.exact[ind.Value] = ind // an address has an @, a domain none: no clash
	case KindIP:
		s.ips[netip.MustParseAddr(ind.Value)] = ind
	case KindCIDR:
		p := netip.MustParsePrefix(ind.Value)
		s.cidrs[p] = ind
		if !slices.Contains(s.prefixes, p.Bits()) {
			s.prefixes = append(s.prefixes, p.Bits())
			slices.SortFunc(s.prefixes, func(a, b int) int { return cmp.Compare(b, a) })
		}
	}
}

// Len is the number of indicators.
func (s *Static) Len() int { return len(s.exact) + len(s.ips) + len(s.cidrs) }

// MatchAddress implements Feed. Matching is case-insensitive; an address without
// @ has no domain and matches only an identical e-mail indicator.
func (s *Static) MatchAddress(addr string) []Indicator {
	addr = strings.ToLower(strings.TrimSpace(addr))
	var out []Indicator
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return nil
	}
	if ind, ok := s.exact[addr]; ok {
		out = append(out, *ind)
	}
	for d := addr[at+1:]; d != ""; {
		if ind, ok := s.exact[d]; ok {
			out = append(out, *ind)
		}
		dot := strings.IndexByte(d, '.')
		if dot < 0 {
			break
		}
		d = d[dot+1:]
	}
	return out
}

// MatchIP implements Feed. IPv4-mapped IPv6 addresses match as IPv4.
func (s *Static) MatchIP(ip netip.Addr) []Indicator {
	ip = ip.Unmap()
	var out []Indicator
	if ind, ok := s.ips[ip]; ok {
		out = append(out, *ind)
	}
	for _, bits := range s.prefixes {
		p, err := ip.Prefix(bits)
		if err != nil {
			continue // an IPv6 length on an IPv4 address
		}
		if ind, ok := s.cidrs[p]; ok {
			out = append(out, *ind)
		}
	}
	return out
}
