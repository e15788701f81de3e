package geo

import "net/netip"

// Special-purpose IPv4 blocks (IANA registry): none of them is in a country,
// whatever a database says, so they are unknown before any lookup.
var reservedV4 = prefixes(
	"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
	"172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
	"198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
)

// IPv6 has a country only in global unicast space, minus the blocks that are
// protocol assignments, documentation, or IPv4 tunnels (6to4) located elsewhere.
var (
	globalV6   = netip.MustParsePrefix("2000::/3")
	reservedV6 = prefixes("2001::/23", "2001:db8::/32", "2002::/16", "3fff::/20")
)

func prefixes(cidrs ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(cidrs))
	for i, c := range cidrs {
		out[i] = netip.MustParsePrefix(c)
	}
	return out
}

// Public reports whether ip can have a country: a valid address outside every
// private, loopback, link-local, multicast, documentation and other reserved block.
// IPv4-mapped IPv6 addresses are judged as IPv4.
func Public(ip netip.Addr) bool {
	ip = ip.Unmap()
	switch {
	case !ip.IsValid():
		return false
	case ip.Is4():
		return !containedIn(reservedV4, ip)
	}
	return globalV6.Contains(ip) && !containedIn(reservedV6, ip)
}

func containedIn(ps []netip.Prefix, ip netip.Addr) bool {
	for _, p := range ps {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
