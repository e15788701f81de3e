package geo

import (
	"hash/maphash"
	"net/netip"
	"sync"
)

// Cached remembers a resolver's answers for recent addresses: mail traffic
// repeats its relays, so most lookups hit. Entries live in shards, each a map
// dropped whole when full (no per-entry bookkeeping on the hot path).
type Cached struct {
	r      Resolver
	seed   maphash.Seed
	limit  int
	shards [cacheShards]cacheShard
}

const cacheShards = 64

type cacheShard struct {
	mu sync.Mutex
	m  map[netip.Addr]string // "" = no country
}

// NewCached wraps r with a cache of about size addresses.
func NewCached(r Resolver, size int) *Cached {
	c := &Cached{r: r, seed: maphash.MakeSeed(), limit: max(1, size/cacheShards)}
	for i := range c.shards {
		c.shards[i].m = make(map[netip.Addr]string, c.limit)
	}
	return c
}

// Country implements Resolver.
func (c *Cached) Country(ip netip.Addr) (string, bool) {
	ip = ip.Unmap()
	b := ip.As16()
	s := &c.shards[maphash.Bytes(c.seed, b[:])%cacheShards]
	s.mu.Lock()
	code, ok := s.m[ip]
	s.mu.Unlock()
	if ok {
		return code, code != ""
	}
	code, _ = c.r.Country(ip)
	s.mu.Lock()
	if len(s.m) >= c.limit {
		clear(s.m)
	}
	s.m[ip] = code
	s.mu.Unlock()
	return code, code != ""
}
