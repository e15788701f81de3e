package columns

import (
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/exotrace/messagetrace-datasource/pkg/asn"
	"github.com/exotrace/messagetrace-datasource/pkg/geo"
	"github.com/exotrace/messagetrace-datasource/pkg/intel"
)

// What geo, networks and threat intel say of an address or IP is cached per
// store dictionary id, like the other derived values (derive.go): each distinct
// value is resolved once, and every query after that pays an array load per row.
// Unlike the other derived values these answers change when a database is
// reloaded or a feed refreshed: a resolver or feed that implements Versioned
// gets a fresh cache whenever its version changes, without touching the
// dictionary's other caches.

// Versioned is a resolver or feed whose answers change; Version changes with them.
type Versioned interface{ Version() uint64 }

// versionOf is x's version, or 0 for data that never changes.
func versionOf(x any) uint64 {
	if v, ok := x.(Versioned); ok {
		return v.Version()
	}
	return 0
}

// stamp is the version a part of the enrichment cache was built for.
type stamp struct{ v uint64 }

func (s *stamp) version() uint64     { return s.v }
func (s *stamp) setVersion(v uint64) { s.v = v }

// current returns the part held in p if it was built for version v, else
// replaces it with an empty one for v. Versions only grow: a query that read
// an older version than the one held (it raced a refresh) gets a part of its
// own, so it cannot push the newer one out.
func current[T any, P interface {
	*T
	version() uint64
	setVersion(uint64)
}](p *atomic.Pointer[T], v uint64) *T {
	for {
		old := p.Load()
		if old != nil && P(old).version() == v {
			return old
		}
		fresh := new(T)
		P(fresh).setVersion(v)
		if old != nil && P(old).version() > v {
			return fresh
		}
		if p.CompareAndSwap(old, fresh) {
			return fresh
		}
	}
}

// enrichCache is the geo, network and threat-intel part of a Cache.
type enrichCache struct {
	geo     atomic.Pointer[countryCache]
	net     atomic.Pointer[netCache]
	threats atomic.Pointer[threatCache]
}

type countryCache struct {
	stamp
	country lazyIDs // IP id → country key + 1
}

type netCache struct {
	stamp
	asn, org lazyIDs // IP id → derived id of the AS number or organisation + 1
}

type threatCache struct {
	stamp
	addrSet lazyIDs // address id → match set + 1
	ipSet   lazyIDs // IP id → match set + 1

	mu   sync.Mutex
	sets [][]intel.Indicator // match sets; set 0 is "no match"
}

// countryView resolves IP ids to country keys (countries.go), like AddrView.
type countryView struct {
	slots []uint32
	geo   geo.Resolver
	view  []string
}

func (c *Cache) countryView(view []string, r geo.Resolver) countryView {
	part := current(&c.enrich.geo, versionOf(r))
	return countryView{slots: part.country.slots(len(view)), geo: r, view: view}
}

func (v countryView) key(id uint32) uint32 {
	s := atomic.LoadUint32(&v.slots[id])
	if s == 0 {
		s = v.fill(id)
	}
	return s - 1
}

func (v countryView) fill(id uint32) uint32 {
	var k uint32
	if ip, err := netip.ParseAddr(v.view[id]); err == nil && v.geo != nil {
		if code, ok := v.geo.Country(ip); ok {
			k = CountryKey(code)
		}
	}
	atomic.StoreUint32(&v.slots[id], k+1)
	return k + 1
}

// netView resolves IP ids to the derived-dictionary id of their AS number
// (decimal) or, with org, their organisation; "" when none is known.
type netView struct {
	slots []uint32
	c     *Cache
	net   asn.Resolver
	view  []string
	org   bool
}

func (c *Cache) netView(view []string, r asn.Resolver, org bool) netView {
	part := current(&c.enrich.net, versionOf(r))
	slots := &part.asn
	if org {
		slots = &part.org
	}
	return netView{slots: slots.slots(len(view)), c: c, net: r, view: view, org: org}
}

func (v netView) key(id uint32) uint32 {
	s := atomic.LoadUint32(&v.slots[id])
	if s == 0 {
		s = v.fill(id)
	}
	return s - 1
}

func (v netView) fill(id uint32) uint32 {
	var name string
	if ip, err := netip.ParseAddr(v.view[id]); err == nil && v.net != nil {
		if n, ok := v.net.Network(ip); ok {
			name = strconv.FormatUint(uint64(n.ASN), 10)
			if v.org {
				name = n.Org
			}
		}
	}
	k := v.c.derived.ID(name) + 1
	atomic.StoreUint32(&v.slots[id], k)
	return k
}

// ThreatView resolves address or IP ids to match sets: the indicators the value
// matches, most specific first.
type ThreatView struct {
	slots []uint32
	c     *threatCache
	view  []string
	match func(string) []intel.Indicator
}

// ThreatView resolves the address ids (or with ip the IP ids) of the dictionary
// read as view against feed, as feed's current version answers.
func (c *Cache) ThreatView(view []string, feed intel.Feed, ip bool) ThreatView {
	part := current(&c.enrich.threats, versionOf(feed))
	if !ip {
		return ThreatView{slots: part.addrSet.slots(len(view)), c: part, view: view, match: feed.MatchAddress}
	}
	matchIP := func(s string) []intel.Indicator {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil
		}
		return feed.MatchIP(a)
	}
	return ThreatView{slots: part.ipSet.slots(len(view)), c: part, view: view, match: matchIP}
}

// Set returns the match set of id; 0 means it matches nothing.
func (v ThreatView) Set(id uint32) uint32 {
	s := atomic.LoadUint32(&v.slots[id])
	if s == 0 {
		s = v.fill(id)
	}
	return s - 1
}

func (v ThreatView) fill(id uint32) uint32 {
	s := v.c.addSet(v.match(v.view[id])) + 1
	atomic.StoreUint32(&v.slots[id], s)
	return s
}

// Indicators returns match set i of this view, most specific first.
func (v ThreatView) Indicators(i uint32) []intel.Indicator { return v.c.set(i) }

// addSet stores a match set and returns its number. Two queries filling the same
// id at once may store one set twice; only the slot they both write is kept.
func (c *threatCache) addSet(m []intel.Indicator) uint32 {
	if len(m) == 0 {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.sets) == 0 {
		c.sets = append(c.sets, nil)
	}
	c.sets = append(c.sets, m)
	return uint32(len(c.sets) - 1)
}

func (c *threatCache) set(i uint32) []intel.Indicator {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sets[i]
}
