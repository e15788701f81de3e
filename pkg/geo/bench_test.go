package geo

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// addresses returns n addresses drawn from distinct random public IPv4 and IPv6
// addresses (one in five IPv6), as a day of mail traffic repeats its relays.
func addresses(n, distinct int) []netip.Addr {
	r := rand.New(rand.NewPCG(1, 2))
	pool := make([]netip.Addr, 0, distinct)
	for len(pool) < distinct {
		var ip netip.Addr
		if len(pool)%5 == 4 {
			var b [16]byte
			b[0], b[1] = 0x2a, byte(r.IntN(256))
			for i := 2; i < 16; i++ {
				b[i] = byte(r.IntN(256))
			}
			ip = netip.AddrFrom16(b)
		} else {
			ip = netip.AddrFrom4([4]byte{byte(1 + r.IntN(222)), byte(r.IntN(256)), byte(r.IntN(256)), byte(r.IntN(256))})
		}
		if Public(ip) {
			pool = append(pool, ip)
		}
	}
	out := make([]netip.Addr, n)
	for i := range out {
		out[i] = pool[r.IntN(distinct)]
	}
	return out
}

// benchmarkMillion looks up 1,000,000 addresses per iteration and reports the
// rate, the figure docs/benchmarks.md quotes.
func benchmarkMillion(b *testing.B, r Resolver, distinct int) {
	ips := addresses(1_000_000, distinct)
	found := 0
	for b.Loop() {
		found = 0
		for _, ip := range ips {
			if _, ok := r.Country(ip); ok {
				found++
			}
		}
	}
	if found < len(ips)/2 {
		b.Fatalf("only %d of %d addresses found", found, len(ips))
	}
	b.ReportMetric(float64(b.N)*float64(len(ips))/b.Elapsed().Seconds(), "lookups/s")
	b.ReportMetric(0, "ns/op")
}

func BenchmarkShippedMillion(b *testing.B) {
	db, err := Shipped()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("uncached", func(b *testing.B) { benchmarkMillion(b, db, 50_000) })
	b.Run("cached-50k-distinct", func(b *testing.B) { benchmarkMillion(b, NewCached(db, cacheSize), 50_000) })
	b.Run("cached-1M-distinct", func(b *testing.B) { benchmarkMillion(b, NewCached(db, cacheSize), 1_000_000) })
}
