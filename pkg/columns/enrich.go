package columns

import (
	"net/netip"
	"sync"
	"sync/atomic"

	"github.com/exotrace/messagetrace-datasource/pkg/geo"
	"github.com/exotrace/messagetrace-datasource/pkg/intel"
)

// What geo and threat intel say of an address or IP is cached per store
// dictionary id, like the other derived values (derive.go): each distinct value is
// resolved once for the life of the store's Dict, and every query after that pays
// an array load per row. The engine's resolver and feed are fixed, and promise
// stable answers, so a cached answer never goes stale.

// enrichCache is the geo and threat-intel part of a Cache.
type enrichCache struct {
	country lazyIDs // IP id → country key
	addrSet lazyIDs // address id → match set
	ipSet   lazyIDs // IP id → match set

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
	return countryView{slots: c.enrich.country.slots(len(view)), geo: r, view: view}
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
	if ip, err := netip.ParseAddr(v.view[id]); err == nil {
		if code, ok := v.geo.Country(ip); ok {
			k = CountryKey(code)
		}
	}
	atomic.StoreUint32(&v.slots[id], k+1)
	return k + 1
}

// ThreatView resolves address or IP ids to match sets: the indicators the value
// matches, most specific first.
type ThreatView struct {
	slots []uint32
	c     *enrichCache
	view  []string
	match func(string) []intel.Indicator
}

// ThreatView resolves the address ids (or with ip the IP ids) of the dictionary
// read as view against feed.
func (c *Cache) ThreatView(view []string, feed intel.Feed, ip bool) ThreatView {
	if !ip {
		return ThreatView{slots: c.enrich.addrSet.slots(len(view)), c: &c.enrich, view: view, match: feed.MatchAddress}
	}
	matchIP := func(s string) []intel.Indicator {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil
		}
		return feed.MatchIP(a)
	}
	return ThreatView{slots: c.enrich.ipSet.slots(len(view)), c: &c.enrich, view: view, match: matchIP}
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

// addSet stores a match set and returns its number. Two queries filling the same
// id at once may store one set twice; only the slot they both write is kept.
func (c *enrichCache) addSet(m []intel.Indicator) uint32 {
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

func (c *enrichCache) set(i uint32) []intel.Indicator {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sets[i]
}

// Indicators returns match set i of a ThreatView, most specific first.
func (c *Cache) Indicators(i uint32) []intel.Indicator { return c.enrich.set(i) }
