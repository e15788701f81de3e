package columns

import (
	"strings"
	"sync/atomic"
)

// maxMemos bounds the filters whose results are kept (at 2 bits per key, a memo
// over a dictionary of a million strings takes 250 KB).
const maxMemos = 32

// Filter memos keep a predicate's result for every key it has seen, across
// queries: a dashboard refresh re-runs the same filters over mostly the same
// strings, and a regex over 70,000 distinct subjects costs tens of milliseconds.
// Results take two bits per key (0 unknown, 1 no, 2 yes), packed 16 to a word
// and set with compare-and-swap, so concurrent queries share one memo.

// memo returns the result words of predicate p, for a key space of n keys.
func (c *Cache) memo(p Predicate, n int) []uint32 {
	key := string(p.Dimension) + "\x00" + string(p.Op) + "\x00" + strings.Join(p.Values, "\x00")
	c.mu.Lock()
	m, ok := c.memos[key]
	if !ok {
		if len(c.memoOrder) == maxMemos {
			delete(c.memos, c.memoOrder[0])
			c.memoOrder = c.memoOrder[1:]
		}
		m = &lazyIDs{}
		c.memos[key] = m
		c.memoOrder = append(c.memoOrder, key)
	}
	c.mu.Unlock()
	return m.slots((n + 15) / 16)
}

// memoGet returns the recorded result of key k: 0 unknown, 1 no, 2 yes.
func memoGet(words []uint32, k uint32) uint32 {
	shift := (k % 16) * 2
	return (atomic.LoadUint32(&words[k/16]) >> shift) & 3
}

// memoSet records result r (1 or 2) for key k.
func memoSet(words []uint32, k, r uint32) {
	w, shift := &words[k/16], (k%16)*2
	for {
		old := atomic.LoadUint32(w)
		if atomic.CompareAndSwapUint32(w, old, old|r<<shift) {
			return
		}
	}
}
