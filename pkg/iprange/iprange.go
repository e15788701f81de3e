// Package iprange indexes blocks of IP addresses carrying a value, such as a
// country or an AS number, for lookups by binary search. Blocks may nest, as in
// real IP-to-country data where a provider's /24 sits inside its RIR's /16: the
// most specific block wins. Blocks that cross (overlap without one holding the
// other) are refused, as a database cannot mean them.
package iprange

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"net/netip"
	"slices"
	"sort"
)

// Block is a run of consecutive addresses with one value. From and To are
// inclusive and of the same family; IPv4-mapped IPv6 addresses count as IPv4.
type Block[V comparable] struct {
	From, To netip.Addr
	Value    V
}

// Index is an immutable set of non-overlapping segments. IPv4 and IPv6 share one
// 128-bit key space (IPv4 as ::ffff:a.b.c.d), so one search serves both.
type Index[V comparable] struct {
	from, to []U128
	value    []V
}

// U128 is an address as a 128-bit number, for cheap comparisons.
type U128 struct{ Hi, Lo uint64 }

// Key returns ip as a U128, IPv4 in its IPv4-mapped IPv6 form.
func Key(ip netip.Addr) U128 {
	b := ip.Unmap().As16()
	return U128{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])}
}

// Cmp orders two keys.
func (a U128) Cmp(b U128) int { return cmp.Or(cmp.Compare(a.Hi, b.Hi), cmp.Compare(a.Lo, b.Lo)) }

func (a U128) next() U128 {
	if a.Lo == ^uint64(0) {
		return U128{a.Hi + 1, 0}
	}
	return U128{a.Hi, a.Lo + 1}
}

func (a U128) prev() U128 {
	if a.Lo == 0 {
		return U128{a.Hi - 1, ^uint64(0)}
	}
	return U128{a.Hi, a.Lo - 1}
}

var maxKey = U128{^uint64(0), ^uint64(0)}

// Check validates one block on its own.
func (b Block[V]) Check() error {
	from, to := b.From.Unmap(), b.To.Unmap()
	switch {
	case !from.IsValid() || !to.IsValid():
		return fmt.Errorf("a range needs a start and an end address")
	case from.Is4() != to.Is4():
		return fmt.Errorf("%s and %s are not of the same IP version", from, to)
	case from.Compare(to) > 0:
		return fmt.Errorf("start %s is after end %s", from, to)
	}
	return nil
}

// New builds an index from blocks in any order. where names block i in errors
// (an index, a line). Nested blocks resolve to the innermost; a block listed
// twice with the same value counts once; crossing blocks, and one block listed
// twice with different values, are errors naming both.
func New[V comparable](blocks []Block[V], where func(int) string) (*Index[V], error) {
	return build(blocks, where, false)
}

// NewLenient is New for data known to hold crossing blocks, such as merged
// routing tables: where two blocks cross, the one starting later wins their
// common part. It still refuses invalid blocks.
func NewLenient[V comparable](blocks []Block[V], where func(int) string) (*Index[V], error) {
	return build(blocks, where, true)
}

func build[V comparable](blocks []Block[V], where func(int) string, lenient bool) (*Index[V], error) {
	order := make([]int, len(blocks))
	for i, b := range blocks {
		if err := b.Check(); err != nil {
			return nil, fmt.Errorf("%s: %w", where(i), err)
		}
		order[i] = i
	}
	from := func(i int) U128 { return Key(blocks[i].From) }
	to := func(i int) U128 { return Key(blocks[i].To) }
	// Outer blocks before the blocks they hold: by start, then widest first.
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Or(from(a).Cmp(from(b)), to(b).Cmp(to(a))) })
	f := flattener[V]{ix: &Index[V]{}}
	for _, i := range order {
		for len(f.stack) > 0 && to(f.top()).Cmp(from(i)) < 0 {
			f.close(to(f.top()), blocks[f.top()].Value)
		}
		if len(f.stack) > 0 {
			top := f.top()
			if to(i).Cmp(to(top)) > 0 && !lenient {
				return nil, overlap(blocks, where, i, top)
			}
			if from(i) == from(top) && to(i) == to(top) {
				if blocks[i].Value != blocks[top].Value && !lenient {
					return nil, overlap(blocks, where, i, top)
				}
				continue // listed twice
			}
			if f.cursor.Cmp(from(i)) < 0 {
				f.emit(f.cursor, from(i).prev(), blocks[top].Value)
			}
			if lenient {
				// Open blocks ending inside i lose the rest of their range to it.
				for len(f.stack) > 0 && to(f.top()).Cmp(to(i)) <= 0 {
					f.stack = f.stack[:len(f.stack)-1]
				}
			}
		}
		f.cursor, f.done = from(i), false
		f.stack = append(f.stack, i)
	}
	for len(f.stack) > 0 {
		f.close(to(f.top()), blocks[f.top()].Value)
	}
	return f.ix, nil
}

func overlap[V comparable](blocks []Block[V], where func(int) string, i, j int) error {
	return fmt.Errorf("%s (%s–%s) overlaps %s (%s–%s)", where(i), blocks[i].From, blocks[i].To, where(j), blocks[j].From, blocks[j].To)
}

// flattener turns nested blocks, fed in order, into segments.
type flattener[V comparable] struct {
	ix     *Index[V]
	stack  []int // open blocks, innermost last
	cursor U128  // the first address not yet emitted
	done   bool  // the cursor passed the last address
}

func (f *flattener[V]) top() int { return f.stack[len(f.stack)-1] }

// close emits the rest of the innermost open block and pops it.
func (f *flattener[V]) close(end U128, v V) {
	if !f.done && f.cursor.Cmp(end) <= 0 {
		f.emit(f.cursor, end, v)
	}
	if end == maxKey {
		f.done = true
	} else if !f.done && f.cursor.Cmp(end) <= 0 {
		f.cursor = end.next()
	}
	f.stack = f.stack[:len(f.stack)-1]
}

func (f *flattener[V]) emit(from, to U128, v V) {
	n := len(f.ix.to)
	if n > 0 && f.ix.value[n-1] == v && f.ix.to[n-1].next() == from {
		f.ix.to[n-1] = to // adjacent with the same value: one segment
		return
	}
	f.ix.from, f.ix.to, f.ix.value = append(f.ix.from, from), append(f.ix.to, to), append(f.ix.value, v)
}

// Lookup returns the value of the segment holding ip.
func (ix *Index[V]) Lookup(ip netip.Addr) (V, bool) {
	k := Key(ip)
	// The last segment starting at or before k is the only one that can hold it.
	i := sort.Search(len(ix.from), func(i int) bool { return ix.from[i].Cmp(k) > 0 }) - 1
	if i < 0 || ix.to[i].Cmp(k) < 0 {
		var zero V
		return zero, false
	}
	return ix.value[i], true
}

// Len is the number of segments after flattening.
func (ix *Index[V]) Len() int { return len(ix.from) }
