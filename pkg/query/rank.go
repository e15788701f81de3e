package query

import (
	"cmp"
	"slices"
	"strings"
)

// otherLabel names the group that collects everything below the top N.
const otherLabel = "other"

// grouping assigns every selected row to a group of one or more dimension values.
// Groups hold keys, not strings: labels are spelled only for the groups shown,
// which matters when sender × recipient makes 200,000 groups.
type grouping struct {
	groups   []int32    // row → group, -1 for none
	keys     [][]uint32 // dimension → group → key
	names    [][]string // dimension → key → value
	hasOther bool       // the last group is "other", the rest below the top N
}

func (g grouping) n() int { return len(g.keys[0]) }

// label spells group gr's value of dimension d.
func (g grouping) label(gr, d int) string {
	if g.hasOther && gr == g.n()-1 {
		return otherLabel
	}
	return g.names[d][g.keys[d][gr]]
}

// single puts all n rows into one group named name.
func single(n int, name string) grouping {
	return grouping{groups: make([]int32, n), keys: [][]uint32{{0}}, names: [][]string{{name}}}
}

// groupBy groups the selected rows by the values of dims (one or two).
func (x *run) groupBy(dims []Dimension) grouping {
	k1, names1 := x.keys(x.rows, dims[0])
	g1, d1 := groupKeys(k1, len(names1))
	if len(dims) == 1 {
		return grouping{groups: g1, keys: [][]uint32{d1}, names: [][]string{names1}}
	}
	k2, names2 := x.keys(x.rows, dims[1])
	g2, d2 := groupKeys(k2, len(names2))
	groups, pairs := pairGroups(g1, g2, len(d1), len(d2))
	keys := [][]uint32{make([]uint32, len(pairs)), make([]uint32, len(pairs))}
	for g, p := range pairs {
		keys[0][g], keys[1][g] = d1[p[0]], d2[p[1]]
	}
	return grouping{groups: groups, keys: keys, names: [][]string{names1, names2}}
}

// pairGroups numbers the distinct (g1, g2) pairs without a map, whatever the pair
// space: rows are visited g1 by g1, and within one g1 a stamp per g2 tells
// whether the pair has been numbered yet.
func pairGroups(g1, g2 []int32, n1, n2 int) ([]int32, [][2]int32) {
	part := byGroup(g1, n1)
	stamp, slot := make([]int32, n2), make([]int32, n2)
	groups := make([]int32, len(g1))
	var pairs [][2]int32
	for a := range n1 {
		for _, i := range part.order[part.start[a]:part.start[a+1]] {
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

// topOrder returns the limit groups with the largest values, largest first and
// ties by label. Only the groups at or above the limit-th value are sorted.
func topOrder(v metricValues, gr grouping, limit int) []int {
	cand := seq(gr.n())
	if len(cand) > limit {
		threshold := selectKth(slices.Clone(v.val), len(cand)-limit)
		cand = slices.DeleteFunc(cand, func(g int) bool { return v.val[g] < threshold })
	}
	slices.SortFunc(cand, func(a, b int) int {
		if c := cmp.Compare(v.val[b], v.val[a]); c != 0 {
			return c
		}
		for d := range gr.keys {
			if c := strings.Compare(gr.label(a, d), gr.label(b, d)); c != 0 {
				return c
			}
		}
		return 0
	})
	return cand[:min(len(cand), limit)]
}

// keepTop keeps the groups of order, renumbered in that order, and with other
// folds every other group into one more group.
func keepTop(gr grouping, order []int, other bool) grouping {
	out := grouping{names: gr.names, keys: make([][]uint32, len(gr.keys)), hasOther: other && len(order) < gr.n()}
	remap := make([]int32, gr.n())
	fill := int32(-1)
	if out.hasOther {
		fill = int32(len(order))
	}
	for g := range remap {
		remap[g] = fill
	}
	for d := range gr.keys {
		out.keys[d] = make([]uint32, len(order), len(order)+1)
		for i, g := range order {
			out.keys[d][i] = gr.keys[d][g]
		}
		if out.hasOther {
			out.keys[d] = append(out.keys[d], 0)
		}
	}
	for i, g := range order {
		remap[g] = int32(i)
	}
	out.groups = make([]int32, len(gr.groups))
	for i, g := range gr.groups {
		out.groups[i] = -1
		if g >= 0 {
			out.groups[i] = remap[g]
		}
	}
	return out
}

// topGroups ranks the groups by the query's metric and keeps the top limit, plus an
// "other" group when asked. Non-additive metrics (avg, p95, distinct) of "other"
// must be computed over its rows, so callers aggregate the result again rather
// than summing.
func (x *run) topGroups(gr grouping, limit int, other bool) grouping {
	v := x.aggregate(x.rows, gr.groups, gr.n(), x.q.Metric, x.q.MetricDimension)
	return keepTop(gr, topOrder(v, gr, limit), other)
}
