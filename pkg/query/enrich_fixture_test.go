package query

import (
	"net/netip"
	"sync/atomic"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/geo"
	"github.com/exotrace/messagetrace-datasource/pkg/intel"
	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// The enrichment fixture: eight traces whose IPs lie in the countries of
// enrichRanges, counted by hand in the tests of geo and threats.
//
//	#  sender                  recipient            fromIP        from  toIP          to  size
//	1  alice (internal)        bob                  133.1.1.1     JP                      1000
//	2  carol@partner.example   alice                12.1.1.1      US                      2000
//	3  mallory@evil.example    alice  (message m3)  77.88.1.1     RU                      3000
//	4  mallory@evil.example    bob    (message m3)  77.88.1.1     RU                      3000
//	5  alice                   dave@gmail.example   133.1.1.2     JP    175.45.176.9  KP  5000
//	6  alice                   erin@kp.example      10.0.0.5      -     2.144.0.1     IR  6000
//	7  trudy@sub.evil.example  bob                  2804:14c::1   BR                      4000
//	8  bob                     carol                8.8.8.8       ?     12.2.2.2      US  1500
//
// 10.0.0.5 is private and 8.8.8.8 in no range: both have no country.
func enrichTraces() []trace.Trace {
	row := func(n int, msg, sender, recipient string, size int64, st trace.Status, from, to string) trace.Trace {
		t := tr(10*n, msg+"-"+recipient, msg, sender, recipient, "s"+msg, size, st)
		t.FromIP, t.ToIP = from, to
		return t
	}
	const dave, erin = "dave@gmail.example", "erin@kp.example"
	return []trace.Trace{
		row(1, "m1", alice, bob, 1000, trace.StatusDelivered, "133.1.1.1", ""),
		row(2, "m2", carol, alice, 2000, trace.StatusDelivered, "12.1.1.1", ""),
		row(3, "m3", mallory, alice, 3000, trace.StatusQuarantined, "77.88.1.1", ""),
		row(4, "m3", mallory, bob, 3000, trace.StatusQuarantined, "77.88.1.1", ""),
		row(5, "m5", alice, dave, 5000, trace.StatusFailed, "133.1.1.2", "175.45.176.9"),
		row(6, "m6", alice, erin, 6000, trace.StatusDelivered, "10.0.0.5", "2.144.0.1"),
		row(7, "m7", "trudy@sub.evil.example", bob, 4000, trace.StatusFilteredAsSpam, "2804:14c::1", ""),
		row(8, "m8", bob, carol, 1500, trace.StatusDelivered, "8.8.8.8", "12.2.2.2"),
	}
}

func enrichTable(tb testing.TB) *geo.Table {
	tb.Helper()
	r := func(from, to, c string) geo.Range {
		return geo.Range{From: netip.MustParseAddr(from), To: netip.MustParseAddr(to), Country: c}
	}
	tab, err := geo.NewTable([]geo.Range{
		r("133.0.0.0", "133.255.255.255", "JP"), r("12.0.0.0", "12.255.255.255", "US"),
		r("77.88.0.0", "77.88.63.255", "RU"), r("175.45.176.0", "175.45.179.255", "KP"),
		r("2.144.0.0", "2.151.255.255", "IR"), r("2804::", "2804:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "BR"),
		r("10.0.0.0", "10.255.255.255", "JP"), // private: never answered
	})
	if err != nil {
		tb.Fatal(err)
	}
	return tab
}

// countingResolver counts the lookups that reach the resolver.
type countingResolver struct {
	geo.Resolver
	calls atomic.Int64
}

func (c *countingResolver) Country(ip netip.Addr) (string, bool) {
	c.calls.Add(1)
	return c.Resolver.Country(ip)
}

// newEnrichEngine serves enrichTraces in one table; g and f may be nil.
func newEnrichEngine(g geo.Resolver, f intel.Feed) *Engine {
	l := &fakeLoader{tabs: []*table.Table{table.FromTraces(table.NewDict(), enrichTraces())}}
	return NewEngine(l, Options{AcceptedDomains: fixtureDomains, Now: func() time.Time { return hour(3) }, Geo: g, Intel: f})
}
