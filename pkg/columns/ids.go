package columns

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
)

// Trace ids are mostly GUIDs held as 16 bytes, not dictionary ids (table.TraceID),
// so the id dimension has no key space shared across queries: keys are numbered
// per query, and filters on id test the bytes instead of memoising per key.

// idKeys numbers the distinct trace ids of the selected rows in order of first
// appearance and spells them.
func (sel *Selection) idKeys(r Rows) ([]uint32, []string) {
	c := idCodes(r)
	return c.keys, c.names(sel.View)
}

// idCoding is the numbering of the trace ids of some rows: keys[i] is row i's
// key; runs are the rows with adjacent repeats of an id collapsed, at[run] where
// the run's id is (table<<32 | row) and runKey[run] its key.
type idCoding struct {
	Tabs         []*table.Table
	keys, runKey []uint32
	at           []uint64
	distinct     int
}

// idCodes numbers the distinct trace ids of the selected rows. Any one table over
// a million GUIDs (a Go map included) misses the cache on nearly every row, so
// the work is done in sequential passes: the runs of one id are collapsed (a
// message's recipients are usually adjacent), the runs are radix-sorted by a
// hash of their id, and equal neighbours share a key; ids are compared only
// where hashes are equal.
func idCodes(r Rows) idCoding {
	keys, at := make([]uint32, 0, r.n), make([]uint64, 0, r.n)
	byHash := make([]uint64, 0, r.n) // hash<<32 | run
	var last [3]uint64
	for ti, t := range r.Tabs {
		ids, text := t.ID, t.IDText
		for _, i := range r.Idx[ti] {
			g := guidWords(&ids[i])
			w := [3]uint64{g[0], g[1], 0}
			if text != nil {
				w[2] = uint64(text[i])
			}
			if len(at) == 0 || w != last {
				byHash = append(byHash, mixID(w)&^(1<<32-1)|uint64(len(at)))
				at = append(at, uint64(ti)<<32|uint64(i))
				last = w
			}
			keys = append(keys, uint32(len(at)-1))
		}
	}
	c := idCoding{Tabs: r.Tabs, keys: keys, at: at}
	byHash = sortHigh(byHash, make([]uint64, len(byHash)))
	c.runKey = make([]uint32, len(c.at))
	for j := 0; j < len(byHash); {
		k := j + 1
		for k < len(byHash) && byHash[k]>>32 == byHash[j]>>32 {
			k++
		}
		c.number(byHash[j:k])
		j = k
	}
	for i, run := range c.keys {
		c.keys[i] = c.runKey[run]
	}
	return c
}

// id is the trace id of run.
func (c *idCoding) id(run uint32) table.TraceID {
	at := c.at[run]
	return c.Tabs[at>>32].TraceID(int(uint32(at)))
}

// number keys the runs of one hash: a new key each, but for repeated ids.
func (c *idCoding) number(same []uint64) {
	for j, v := range same {
		run, key := uint32(v), uint32(c.distinct)
		if j > 0 { // a hash shared: compare the ids
			id := c.id(run)
			if i := slices.IndexFunc(same[:j], func(w uint64) bool { return c.id(uint32(w)) == id }); i >= 0 {
				key = c.runKey[uint32(same[i])]
			}
		}
		if key == uint32(c.distinct) {
			c.distinct++
		}
		c.runKey[run] = key
	}
}

// sortHigh sorts v by its high 32 bits: an LSD radix sort of three 11-bit
// passes, with tmp as scratch. It returns the sorted slice, v's or tmp's.
func sortHigh(v, tmp []uint64) []uint64 {
	const digit = 11
	for shift := 32; shift < 64; shift += digit {
		var at [1 << digit]int
		for _, x := range v {
			at[x>>shift&(1<<digit-1)]++
		}
		sum := 0
		for d, n := range at {
			at[d], sum = sum, sum+n
		}
		for _, x := range v {
			d := x >> shift & (1<<digit - 1)
			tmp[at[d]] = x
			at[d]++
		}
		v, tmp = tmp, v
	}
	return v
}

// mixID hashes a trace id given as its GUID's two words and its Text: GUIDs are
// not random from every source.
func mixID(w [3]uint64) uint64 {
	h := w[0] ^ w[1]*0xff51afd7ed558ccd ^ w[2]
	return (h ^ h>>29) * 0x9e3779b97f4a7c15
}

// names renumbers the keys in order of first appearance and spells them, in one
// pass over the runs: the GUIDs into one shared string rather than one each.
func (c idCoding) names(view []string) []string {
	remap := make([]uint32, c.distinct) // key → new key+1
	order := make([]table.TraceID, 0, c.distinct)
	for run, k := range c.runKey {
		if remap[k] == 0 {
			order = append(order, c.id(uint32(run)))
			remap[k] = uint32(len(order))
		}
	}
	for i, k := range c.keys {
		c.keys[i] = remap[k] - 1
	}
	return spellIDs(order, view)
}

// spellIDs spells ids, the GUIDs into one shared string rather than one each.
func spellIDs(ids []table.TraceID, view []string) []string {
	buf := make([]byte, 0, 36*len(ids))
	for _, id := range ids {
		if id.Text == 0 {
			buf = id.GUID.Append(buf)
		}
	}
	all, off := string(buf), 0
	names := make([]string, len(ids))
	for k, id := range ids {
		if d, ok := id.DictID(); ok {
			names[k] = view[d]
			continue
		}
		names[k], off = all[off:off+36], off+36
	}
	return names
}

// idMask evaluates p, compiled for the id dimension, on every selected row. Ids
// that are not GUIDs are dictionary strings and go through the memo as usual.
func (sel *Selection) idMask(r Rows, p Predicate) []bool {
	keep, k := make([]bool, r.n), 0
	memo := sel.Cache.memo(p, len(sel.View))
	for ti, t := range r.Tabs {
		ids, text := t.ID, t.IDText
		for _, i := range r.Idx[ti] {
			if text != nil && text[i] != 0 {
				d := text[i] - 1 // see table.TraceID
				keep[k] = memoMatch(memo, d, p.match, sel.View[d])
			} else {
				keep[k] = p.guid.test(&ids[i])
			}
			k++
		}
	}
	return keep
}

// guidWords is g as two words: hot loops compare and hash those, as a GUID or
// TraceID value per row costs store-forwarding stalls.
func guidWords(g *table.GUID) [2]uint64 {
	return [2]uint64{binary.LittleEndian.Uint64(g[:8]), binary.LittleEndian.Uint64(g[8:])}
}

// memoMatch returns match(name) for key k, through memo.
func memoMatch(memo []uint32, k uint32, match func(string) bool, name string) bool {
	m := memoGet(memo, k)
	if m == 0 {
		m = 1
		if match(name) {
			m = 2
		}
		memoSet(memo, k, m)
	}
	return m == 2
}

// guidTest tests a GUID trace id. It is spelled in lower case, so under eq, neq,
// in and notIn (case-insensitive) it equals a value exactly when the lower-cased
// value parses to the same GUID: words are compared, nothing is spelled.
type guidTest struct {
	set    [][2]uint64
	negate bool
	match  func(string) bool // other operators: run on the spelled GUID

	seen   bool // the last GUID spelled, and its result (one query's use only)
	last   table.GUID
	lastOK bool
}

func guidMatcher(f Filter, match func(string) bool) *guidTest {
	if !slices.Contains(setOps, f.Op) {
		return &guidTest{match: match}
	}
	t := &guidTest{negate: f.Op == OpNeq || f.Op == OpNotIn}
	for _, v := range f.Values {
		if g, ok := table.ParseGUID(strings.ToLower(v)); ok {
			t.set = append(t.set, guidWords(&g))
		}
	}
	return t
}

// test runs once per row: for set operators it compares words; the spelled path
// reuses the last result, as a message's recipients are usually adjacent.
func (t *guidTest) test(g *table.GUID) bool {
	if t.match != nil {
		return t.spelled(g)
	}
	w := guidWords(g)
	for _, s := range t.set { // not slices.Contains: its generic == on arrays is a call
		if s[0] == w[0] && s[1] == w[1] {
			return !t.negate
		}
	}
	return t.negate
}

func (t *guidTest) spelled(g *table.GUID) bool {
	if !t.seen || *g != t.last {
		t.seen, t.last, t.lastOK = true, *g, t.match(g.String())
	}
	return t.lastOK
}

// RowRef points at one row of one table of a selection, with its time.
type RowRef struct {
	Tab  int
	Row  int32
	Time int64
}

// TraceID is the trace id of row r.
func (sel *Selection) TraceID(r RowRef) table.TraceID {
	return sel.Rows.Tabs[r.Tab].TraceID(int(r.Row))
}

// CompareIDs orders two rows by trace id as spelled. Lower-case hex spells bytes
// in their order, so two GUIDs compare without being spelled.
func (sel *Selection) CompareIDs(a, b RowRef) int {
	ia, ib := sel.TraceID(a), sel.TraceID(b)
	if ia.Text == 0 && ib.Text == 0 {
		return bytes.Compare(ia.GUID[:], ib.GUID[:])
	}
	return strings.Compare(ia.String(sel.View), ib.String(sel.View))
}
