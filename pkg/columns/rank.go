package columns

import (
	"cmp"
	"slices"
	"strings"
)

// otherLabel names the group that collects everything below the top N.
const otherLabel = "other"

// Grouping assigns every selected row to a group of one or more dimension values.
// Groups hold keys, not strings: labels are spelled only for the groups shown,
// which matters when sender × recipient makes 200,000 groups.
type Grouping struct {
	Groups   []int32    // row → group, -1 for none
	Keys     [][]uint32 // dimension → group → key
	Names    [][]string // dimension → key → value
	HasOther bool       // the last group is "other", the rest below the top N
}

// N is the number of groups.
func (g Grouping) N() int { return len(g.Keys[0]) }

// Label spells group gr's value of dimension d.
func (g Grouping) Label(gr, d int) string {
	if g.HasOther && gr == g.N()-1 {
		return otherLabel
	}
	return g.Names[d][g.Keys[d][gr]]
}

// Single puts all n rows into one group named name.
func Single(n int, name string) Grouping {
	return Grouping{Groups: make([]int32, n), Keys: [][]uint32{{0}}, Names: [][]string{{name}}}
}

// GroupBy groups the selected rows by the values of dims (one or two).
func (sel *Selection) GroupBy(dims []Dimension) Grouping {
	k1, names1 := sel.Keys(sel.Rows, dims[0])
	g1, d1 := GroupKeys(k1, len(names1))
	if len(dims) == 1 {
		return Grouping{Groups: g1, Keys: [][]uint32{d1}, Names: [][]string{names1}}
	}
	k2, names2 := sel.Keys(sel.Rows, dims[1])
	g2, d2 := GroupKeys(k2, len(names2))
	groups, pairs := pairGroups(g1, g2, len(d1), len(d2))
	keys := [][]uint32{make([]uint32, len(pairs)), make([]uint32, len(pairs))}
	for g, p := range pairs {
		keys[0][g], keys[1][g] = d1[p[0]], d2[p[1]]
	}
	return Grouping{Groups: groups, Keys: keys, Names: [][]string{names1, names2}}
}

// pairGroups numbers the distinct (g1, g2) pairs without a map, whatever the pair
// space: rows are visited g1 by g1, and within one g1 a stamp per g2 tells
// whether the pair has been numbered yet.
func pairGroups(g1, g2 []int32, n1, n2 int) ([]int32, [][2]int32) {
	part := ByGroup(g1, n1)
	stamp, slot := make([]int32, n2), make([]int32, n2)
	groups := make([]int32, len(g1))
	var pairs [][2]int32
	for a := range n1 {
		for _, i := range part.Order[part.Start[a]:part.Start[a+1]] {
			b := g2[i]
			if stamp[b] != int32(a+1) {
				stamp[b], slot[b] = int32(a+1), int32(len(pairs))
				pairs = append(pairs, [2]int32{int32(a), b})
			}
			groups[i] = slot[b]
		}
	}
	return groups, pairs
}

// TopOrder returns the limit groups with the largest values, largest first and
// ties by label. Only the groups at or above the limit-th value are sorted.
func TopOrder(v MetricValues, gr Grouping, limit int) []int {
	cand := Seq(gr.N())
	if len(cand) > limit {
		threshold := SelectKth(slices.Clone(v.Val), len(cand)-limit)
		cand = slices.DeleteFunc(cand, func(g int) bool { return v.Val[g] < threshold })
	}
	slices.SortFunc(cand, func(a, b int) int {
		if c := cmp.Compare(v.Val[b], v.Val[a]); c != 0 {
			return c
		}
		for d := range gr.Keys {
			if c := strings.Compare(gr.Label(a, d), gr.Label(b, d)); c != 0 {
				return c
			}
		}
		return 0
	})
	return cand[:min(len(cand), limit)]
}

// keepTop keeps the groups of order, renumbered in that order, and with other
// folds every other group into one more group.
func keepTop(gr Grouping, order []int, other bool) Grouping {
	out := Grouping{Names: gr.Names, Keys: make([][]uint32, len(gr.Keys)), HasOther: other && len(order) < gr.N()}
	remap := make([]int32, gr.N())
	fill := int32(-1)
	if out.HasOther {
		fill = int32(len(order))
	}
	for g := range remap {
		remap[g] = fill
	}
	for d := range gr.Keys {
		out.Keys[d] = make([]uint32, len(order), len(order)+1)
		for i, g := range order {
			out.Keys[d][i] = gr.Keys[d][g]
		}
		if out.HasOther {
			out.Keys[d] = append(out.Keys[d], 0)
		}
	}
	for i, g := range order {
		remap[g] = int32(i)
	}
	out.Groups = make([]int32, len(gr.Groups))
	for i, g := range gr.Groups {
		out.Groups[i] = -1
		if g >= 0 {
			out.Groups[i] = remap[g]
		}
	}
	return out
}

// TopGroups ranks the groups by the query's metric and keeps the top limit, plus an
// "other" group when asked. Non-additive metrics (avg, p95, distinct) of "other"
// must be computed over its rows, so callers aggregate the result again rather
// than summing.
func (sel *Selection) TopGroups(gr Grouping, limit int, other bool, m Metric, md Dimension) Grouping {
	v := sel.Aggregate(sel.Rows, gr.Groups, gr.N(), m, md)
	return keepTop(gr, TopOrder(v, gr, limit), other)
}
