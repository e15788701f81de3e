package columns

import (
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/exotrace/messagetrace-datasource/pkg/subject"
	"github.com/exotrace/messagetrace-datasource/pkg/table"
)

// Derived values (domain, accepted-domain flag, subject template, tokens) are
// computed once per dictionary id and kept for the life of the store's Dict: ids
// are stable and strings immutable, so a cached value never goes stale. That makes
// every query after the first pay an array load per row instead of string work.

// lazyIDs is a growable array of uint32 slots, one per dictionary id (or, for
// filter memos, per 16 keys), filled on first use. Slots are read and written
// atomically, so hot loops need no lock; 0 means "not computed yet", so derived
// values are stored plus one. A write lost while the array grows only means the
// value is computed again.
type lazyIDs struct {
	mu  sync.Mutex
	arr atomic.Pointer[[]uint32]
}

// slots returns the array, grown to hold at least n values.
func (l *lazyIDs) slots(n int) []uint32 {
	if p := l.arr.Load(); p != nil && len(*p) >= n {
		return *p
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var old []uint32
	if p := l.arr.Load(); p != nil {
		old = *p
	}
	if len(old) >= n {
		return old
	}
	grown := make([]uint32, n+n/4)
	for i := range old {
		grown[i] = atomic.LoadUint32(&old[i])
	}
	l.arr.Store(&grown)
	return grown
}

// TemplateInfo is what campaigns and keywords need of one subject template.
type TemplateInfo struct {
	Keywords []uint32 // distinct keyword tokens, ids in Cache.Derived
	Shape    []uint32 // the template's words for clustering, ids in Cache.Derived
}

// Cache holds the values derived from one store Dict, for every query on it.
type Cache struct {
	accepted []string
	stops    subject.StopWords // the keywords of TemplateInfo leave them out
	// derived interns domains, templates and tokens apart from the store's Dict.
	derived *table.Dict
	addr    lazyIDs // address id → domain id<<1 | accepted
	subject lazyIDs // subject id → template id
	enrich  enrichCache
	retired atomic.Bool // dropped by the engine: background work stops

	mu        sync.Mutex
	templates map[uint32]*TemplateInfo // template id → info
	memos     map[string]*lazyIDs      // filter → results per key (memo.go)
	memoOrder []string                 // memo keys, oldest first
	warm      warmState                // warm.go
}

// NewCache returns the empty cache of one store Dict; accepted are the tenant's
// domains (normalised by NormalizeDomains), which decide direction.
func NewCache(accepted []string) *Cache {
	return &Cache{accepted: accepted, stops: subject.Builtin, derived: table.NewDict(),
		templates: map[uint32]*TemplateInfo{}, memos: map[string]*lazyIDs{}}
}

// WithStopWords sets the stop words of the cache's keywords (nil: the built-in
// set). Call it before the cache is first used: keywords are computed once.
func (c *Cache) WithStopWords(sw subject.StopWords) *Cache {
	c.stops = subject.Or(sw)
	return c
}

// StopWords is the stop-word set the cache's keywords leave out.
func (c *Cache) StopWords() subject.StopWords { return c.stops }

// Derived is the dictionary of derived strings: domains, templates, tokens.
// Keys of the derived dimensions index it.
func (c *Cache) Derived() *table.Dict { return c.derived }

// Retire marks a cache its owner dropped: its background work stops.
func (c *Cache) Retire() { c.retired.Store(true) }

// AddrView resolves address ids to their domain and accepted flag. It is a value
// with methods, not a closure, so the per-row call inlines to an atomic load.
type AddrView struct {
	slots []uint32
	c     *Cache
	view  []string
}

// Addresses resolves the address ids of the dictionary read as view.
func (c *Cache) Addresses(view []string) AddrView {
	return AddrView{slots: c.addr.slots(len(view)), c: c, view: view}
}

// Info returns the domain id (in the derived Dict) and whether it is accepted.
func (a AddrView) Info(id uint32) (domain uint32, accepted bool) {
	v := atomic.LoadUint32(&a.slots[id])
	if v == 0 {
		v = a.fill(id)
	}
	v--
	return v >> 1, v&1 == 1
}

func (a AddrView) fill(id uint32) uint32 {
	d := domainOf(a.view[id])
	v := a.c.derived.ID(d)<<1 + 1
	if isAccepted(d, a.c.accepted) {
		v++
	}
	atomic.StoreUint32(&a.slots[id], v)
	return v
}

// subjectView resolves subject ids to template ids, like AddrView.
type subjectView struct {
	slots []uint32
	c     *Cache
	view  []string
}

func (c *Cache) subjects(view []string) subjectView {
	return subjectView{slots: c.subject.slots(len(view)), c: c, view: view}
}

// prefill computes, in parallel, the templates of the ids not cached yet: the
// first query after a start meets tens of thousands of new subjects at once.
func (s subjectView) prefill(ids []uint32) {
	seen := make([]bool, len(s.view))
	for _, id := range ids {
		seen[id] = true
	}
	missing := s.unfilled(seen)
	if len(missing) >= 2*minPerWorker { // else template() fills the few on demand
		inParallel(missing, minPerWorker, s.fill)
	}
}

// inParallel calls fn on parts of items, one per core, none smaller than least.
func inParallel[T any](items []T, least int, fn func([]T)) {
	workers := min(runtime.GOMAXPROCS(0), len(items)/least)
	if workers < 2 {
		fn(items)
		return
	}
	var wg sync.WaitGroup
	for part := range slices.Chunk(items, (len(items)+workers-1)/workers) {
		wg.Go(func() { fn(part) })
	}
	wg.Wait()
}

// unfilled lists the ids flagged in seen that have no template yet, ascending:
// the Dict interns strings in id order, so in id order the string headers, the
// strings and the slots are read in memory order rather than at random, and
// workers given ranges of ids write apart.
func (s subjectView) unfilled(seen []bool) []uint32 {
	var out []uint32
	for id, ok := range seen {
		if ok && atomic.LoadUint32(&s.slots[id]) == 0 {
			out = append(out, uint32(id))
		}
	}
	return out
}

// fill computes the templates of ids. Most templates repeat (70,000 subjects of
// the benchmark tenant have 1,600), so each worker keeps the ids it has seen and
// takes the shared Dict's lock only for a new one.
func (s subjectView) fill(ids []uint32) {
	var n subject.Normalizer
	local := map[string]uint32{}
	for _, id := range ids {
		if atomic.LoadUint32(&s.slots[id]) != 0 {
			continue
		}
		t := n.Template(s.view[id])
		v, ok := local[string(t)]
		if !ok {
			v = s.c.derived.IDBytes(t)
			local[string(t)] = v
		}
		atomic.StoreUint32(&s.slots[id], v+1)
	}
}

// minPerWorker is the least work worth a goroutine of prefill.
const minPerWorker = 2048

func (s subjectView) template(id uint32) uint32 {
	if v := atomic.LoadUint32(&s.slots[id]); v != 0 {
		return v - 1
	}
	var n subject.Normalizer
	v := s.c.derived.IDBytes(n.Template(s.view[id]))
	atomic.StoreUint32(&s.slots[id], v+1)
	return v
}

// TemplateInfos returns the info of each template id, computing missing ones
// outside the lock, so that a background job computing many does not hold up
// the queries that share the cache.
func (c *Cache) TemplateInfos(ids []uint32) []*TemplateInfo {
	out := make([]*TemplateInfo, len(ids))
	var missing []int
	c.mu.Lock()
	for i, id := range ids {
		if out[i] = c.templates[id]; out[i] == nil {
			missing = append(missing, i)
		}
	}
	c.mu.Unlock()
	if len(missing) == 0 {
		return out
	}
	view := c.derived.View()
	inParallel(missing, 256, func(part []int) {
		for _, i := range part {
			out[i] = &TemplateInfo{Keywords: c.intern(subject.KeywordTokensWith(view[ids[i]], c.stops)), Shape: c.intern(subject.ShapeTokens(view[ids[i]]))}
		}
	})
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, i := range missing {
		if known := c.templates[ids[i]]; known != nil {
			out[i] = known // computed meanwhile: keep one
		} else {
			c.templates[ids[i]] = out[i]
		}
	}
	return out
}

func (c *Cache) intern(tokens []string) []uint32 {
	ids := make([]uint32, len(tokens))
	for i, t := range tokens {
		ids[i] = c.derived.ID(t)
	}
	return ids
}

// domainOf returns the lower-cased part after the last @, or "" for no domain.
func domainOf(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return ""
	}
	return strings.ToLower(addr[at+1:])
}

// isAccepted reports whether domain is one of the accepted domains or below one.
func isAccepted(domain string, accepted []string) bool {
	for _, a := range accepted {
		if domain == a || strings.HasSuffix(domain, "."+a) {
			return true
		}
	}
	return false
}

// NormalizeDomains lower-cases accepted domains and drops "@" and "*." prefixes.
func NormalizeDomains(in []string) []string {
	out := make([]string, 0, len(in))
	for _, d := range in {
		d = strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(d)), "*."), "@")
		if d != "" {
			out = append(out, d)
		}
	}
	return out
}

// DirectionName spells the direction of a sender and a recipient, given
// whether each is in the accepted domains.
func DirectionName(senderAccepted, recipientAccepted bool) string {
	return directionNames[direction(senderAccepted, recipientAccepted)]
}

// direction derives inbound/outbound/internal from the two accepted flags.
func direction(senderAccepted, recipientAccepted bool) uint32 {
	switch {
	case senderAccepted && recipientAccepted:
		return dirInternal
	case senderAccepted:
		return dirOutbound
	}
	return dirInbound
}
