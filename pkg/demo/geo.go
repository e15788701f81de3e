package demo

import (
	"net/netip"
	"strconv"
)

// ipRange is one IPv4 block the generator draws addresses from. The blocks are
// registered to the named country in public registry data, so a real geo
// database should agree with GeoIP on demo rows; the hosts inside them are
// random and mean nothing. GeoIP is a demo map, not an authority.
type ipRange struct {
	prefix  netip.Prefix
	country string
	note    string
}

// The usual countries of the tenant are JP, US, CN and DE; incident 6 alone uses
// the others, so a geography panel or rule isolates it.
var (
	netJP     = mustRange("133.0.0.0/8", "JP", "Japanese corporate and hosting networks")
	netUS     = mustRange("12.0.0.0/8", "US", "US carrier and hosting networks")
	netEOP    = mustRange("40.107.0.0/16", "US", "Exchange Online Protection (partners hosted on Microsoft 365)")
	netCN     = mustRange("220.181.0.0/16", "CN", "Chinese hosting")
	netDE     = mustRange("5.9.0.0/16", "DE", "German hosting")
	netRU     = mustRange("77.88.0.0/18", "RU", "incident 6: Russian sender")
	netBR     = mustRange("200.147.0.0/16", "BR", "incident 6: Brazilian sender")
	netNG     = mustRange("105.112.0.0/12", "NG", "incident 6: Nigerian sender")
	netVN     = mustRange("113.160.0.0/11", "VN", "incident 6: Vietnamese sender")
	netKP     = mustRange("175.45.176.0/22", "KP", "incident 6: embargoed destination")
	netIR     = mustRange("2.144.0.0/13", "IR", "incident 6: embargoed destination")
	geoRanges = []ipRange{netJP, netUS, netEOP, netCN, netDE, netRU, netBR, netNG, netVN, netKP, netIR}
)

// UsualCountries are the countries baseline traffic comes from and goes to.
var UsualCountries = []string{"JP", "US", "CN", "DE"}

func mustRange(cidr, country, note string) ipRange {
	return ipRange{prefix: netip.MustParsePrefix(cidr), country: country, note: note}
}

// GeoIP returns the ISO 3166-1 alpha-2 country of an address the demo tenant
// uses, or "" for any other (or invalid) address. It covers exactly the blocks
// listed in docs/demo-tenant.md, for every demo tenant.
func GeoIP(ip string) (country string) {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ""
	}
	for _, rs := range [][]ipRange{geoRanges, worldRanges} {
		for _, r := range rs {
			if r.prefix.Contains(a) {
				return r.country
			}
		}
	}
	return ""
}

// host returns the address inside the block that n hashes to, avoiding the
// .0 and .254/.255 ends of each /24 so every address looks like a plausible host.
func (r ipRange) host(n uint32) string {
	n = uint32(mix64(uint64(n)))
	b := r.prefix.Addr().As4()
	base := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	size := uint32(1) << (32 - r.prefix.Bits())
	v := base + (n%(size>>8))<<8 + 1 + (n>>24)%253
	return formatIPv4(v)
}

// random returns a random host inside the block.
func (r ipRange) random(g *rng) string { return r.host(uint32(g.next())) }

func formatIPv4(v uint32) string {
	var buf [15]byte
	b := strconv.AppendUint(buf[:0], uint64(v>>24), 10)
	for s := 16; s >= 0; s -= 8 {
		b = append(b, '.')
		b = strconv.AppendUint(b, uint64(v>>s&0xff), 10)
	}
	return string(b)
}
