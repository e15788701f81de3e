package intel

import (
	"net/netip"
	"slices"
)

// All returns every indicator of the feed, in no particular order.
func (s *Static) All() []Indicator {
	out := make([]Indicator, 0, s.Len())
	for _, ind := range s.exact {
		out = append(out, *ind)
	}
	for _, ind := range s.ips {
		out = append(out, *ind)
	}
	for _, ind := range s.cidrs {
		out = append(out, *ind)
	}
	return out
}

// Collect builds a feed from indicators that may repeat, as providers' data
// does: the listing with the highest confidence wins (the latest seen on a tie).
// Invalid indicators are left out and counted, so one odd entry of a provider
// does not lose the rest.
func Collect(indicators []Indicator) (s *Static, skipped int) {
	s = &Static{exact: map[string]*Indicator{}, ips: map[netip.Addr]*Indicator{}, cidrs: map[netip.Prefix]*Indicator{}}
	best := map[string]*Indicator{}
	for _, raw := range indicators {
		ind, err := normalize(raw)
		if err != nil {
			skipped++
			continue
		}
		id := string(ind.Kind) + " " + ind.Value
		if old, ok := best[id]; ok && (old.Confidence > ind.Confidence || old.Confidence == ind.Confidence && !ind.LastSeen.After(old.LastSeen)) {
			continue
		}
		best[id] = &ind
	}
	for _, ind := range best {
		s.add(ind)
	}
	return s, skipped
}

// Multi is the union of several feeds: each provider's matches, in the order of
// the feeds, most specific first within each.
type Multi []Feed

// MatchAddress implements Feed.
func (m Multi) MatchAddress(addr string) []Indicator {
	var out []Indicator
	for _, f := range m {
		out = append(out, f.MatchAddress(addr)...)
	}
	return slices.Clip(out)
}

// MatchIP implements Feed.
func (m Multi) MatchIP(ip netip.Addr) []Indicator {
	var out []Indicator
	for _, f := range m {
		out = append(out, f.MatchIP(ip)...)
	}
	return slices.Clip(out)
}
