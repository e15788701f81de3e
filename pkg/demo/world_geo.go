package demo

// Address blocks of the generated tenants, beside the Japanese tenant's
// (geoRanges); like those, registered to the named country in public registry
// data. GeoIP answers from both.
var (
	netCH       = mustRange("195.186.0.0/16", "CH", "Swiss carrier (ch-small)")
	netFR       = mustRange("90.0.0.0/9", "FR", "French carrier")
	netIT       = mustRange("79.0.0.0/10", "IT", "Italian carrier")
	netAR       = mustRange("200.45.0.0/16", "AR", "Argentine carrier")
	netES       = mustRange("80.24.0.0/13", "ES", "Spanish carrier")
	netGB       = mustRange("86.128.0.0/10", "GB", "British carrier")
	netIN       = mustRange("117.192.0.0/10", "IN", "Indian carrier")
	netAU       = mustRange("1.120.0.0/13", "AU", "Australian carrier (au-heldout)")
	netNZ       = mustRange("125.236.0.0/14", "NZ", "New Zealand carrier")
	netID       = mustRange("36.64.0.0/11", "ID", "Indonesian carrier (incident 6)")
	netTR       = mustRange("78.160.0.0/11", "TR", "Turkish carrier (incident 6)")
	netCU       = mustRange("169.158.0.0/16", "CU", "Cuban carrier (embargoed destination)")
	worldRanges = []ipRange{netCH, netFR, netIT, netAR, netES, netGB, netIN, netAU, netNZ, netID, netTR, netCU}
)

var netsByCountry = func() map[string]ipRange {
	m := map[string]ipRange{}
	for _, r := range geoRanges {
		if r.prefix != netEOP.prefix {
			m[r.country] = r
		}
	}
	for _, r := range worldRanges {
		m[r.country] = r
	}
	return m
}()

// homeNet and countryNetFor return the block of a country the generator uses;
// a country without one is a programming error caught at start-up.
func homeNet(cc string) ipRange { return countryNetFor(cc) }

func countryNetFor(cc string) ipRange {
	r, ok := netsByCountry[cc]
	if !ok {
		panic("demo: no address block for country " + cc)
	}
	return r
}
