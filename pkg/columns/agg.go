package columns

import (
	"cmp"
	"slices"
)

// MetricValues is a metric per group. rows counts each group's rows, so callers
// can tell an empty group, where sizeAvg and sizeP95 are undefined, from a zero.
type MetricValues struct {
	Val  []float64
	Rows []int64
}

// Empty reports whether group g had no rows and m is undefined there.
func (v MetricValues) Empty(m Metric, g int) bool {
	return v.Rows[g] == 0 && (m == MetricSizeAvg || m == MetricSizeP95)
}

// Aggregate computes metric m of the selected rows per group; groups[i] is row i's
// group in [0, n), or -1 to leave the row out. md is the dimension of distinct.
func (sel *Selection) Aggregate(r Rows, groups []int32, n int, m Metric, md Dimension) MetricValues {
	v := MetricValues{Val: make([]float64, n), Rows: make([]int64, n)}
	for _, g := range groups {
		if g >= 0 {
			v.Rows[g]++
		}
	}
	switch m {
	case MetricCount:
		for g, c := range v.Rows {
			v.Val[g] = float64(c)
		}
	case MetricSizeSum, MetricSizeAvg:
		sumSizes(v, groups, Gather(r, ColSize), m == MetricSizeAvg)
	case MetricSizeMax:
		for i, s := range Gather(r, ColSize) {
			if g := groups[i]; g >= 0 && float64(s) > v.Val[g] {
				v.Val[g] = float64(s)
			}
		}
	case MetricSizeP95:
		p95(v, groups, Gather(r, ColSize))
	case MetricDistinct:
		keys, space := sel.KeySpace(r, md)
		for g, c := range ByGroup(groups, n).Distinct(keys, space) {
			v.Val[g] = float64(c)
		}
	}
	return v
}

func sumSizes(v MetricValues, groups []int32, sizes []int32, avg bool) {
	sums := make([]int64, len(v.Val))
	for i, s := range sizes {
		if g := groups[i]; g >= 0 {
			sums[g] += int64(s)
		}
	}
	for g, s := range sums {
		v.Val[g] = float64(s)
		if avg && v.Rows[g] > 0 {
			v.Val[g] /= float64(v.Rows[g])
		}
	}
}

// p95 is the nearest-rank 95th percentile: the smallest size with at least 95 % of
// the group's sizes at or below it. Exact, in linear time (quickselect).
func p95(v MetricValues, groups []int32, sizes []int32) {
	part := ByGroup(groups, len(v.Val))
	buf := make([]int32, len(part.Order))
	for j, i := range part.Order {
		buf[j] = sizes[i]
	}
	for g := range v.Val {
		seg := buf[part.Start[g]:part.Start[g+1]]
		if len(seg) > 0 {
			k := (len(seg)*95+99)/100 - 1
			v.Val[g] = float64(SelectKth(seg, k))
		}
	}
}

// SelectKth returns the k-th smallest element (0-based), reordering s.
func SelectKth[T cmp.Ordered](s []T, k int) T {
	lo, hi := 0, len(s)-1
	for lo < hi {
		pivot := median3(s[lo], s[(lo+hi)/2], s[hi])
		i, j := lo, hi
		for i <= j {
			for s[i] < pivot {
				i++
			}
			for s[j] > pivot {
				j--
			}
			if i <= j {
				s[i], s[j] = s[j], s[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return s[k]
		}
	}
	return s[k]
}

func median3[T cmp.Ordered](a, b, c T) T {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	if a > b {
		return a
	}
	return b
}

// Partition holds row indices ordered by group: group g's rows are
// order[start[g]:start[g+1]].
type Partition struct {
	Order, Start []int32
}

// ByGroup partitions rows by group with a counting sort; group -1 is left out.
func ByGroup(groups []int32, n int) Partition {
	start := make([]int32, n+1)
	for _, g := range groups {
		if g >= 0 {
			start[g+1]++
		}
	}
	for g := range n {
		start[g+1] += start[g]
	}
	order := make([]int32, start[n])
	next := slices.Clone(start[:n])
	for i, g := range groups {
		if g >= 0 {
			order[next[g]] = int32(i)
			next[g]++
		}
	}
	return Partition{Order: order, Start: start}
}

// Distinct counts distinct keys per group. Rows are visited group by group and
// seen[key] remembers the last group that saw the key, so one array serves all.
func (p Partition) Distinct(keys []uint32, space int) []int64 {
	n := len(p.Start) - 1
	out := make([]int64, n)
	seen := make([]int32, space)
	for g := range n {
		stamp := int32(g + 1)
		for _, i := range p.Order[p.Start[g]:p.Start[g+1]] {
			if k := keys[i]; seen[k] != stamp {
				seen[k] = stamp
				out[g]++
			}
		}
	}
	return out
}

// CountDistinct counts the distinct keys.
func CountDistinct(keys []uint32, space int) int64 {
	seen := make([]bool, space)
	var n int64
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			n++
		}
	}
	return n
}

// GroupKeys numbers the distinct keys in order of first appearance: groups[i] is
// row i's group and distinct[g] the key of group g.
func GroupKeys(keys []uint32, space int) (groups []int32, distinct []uint32) {
	slot := make([]int32, space) // key → group+1
	groups = make([]int32, len(keys))
	for i, k := range keys {
		g := slot[k]
		if g == 0 {
			distinct = append(distinct, k)
			g = int32(len(distinct))
			slot[k] = g
		}
		groups[i] = g - 1
	}
	return groups, distinct
}

// CountKeys counts each distinct key (all below space), in order of first appearance.
func CountKeys(keys []uint32, space int) (counts []int64, distinct []uint32) {
	groups, distinct := GroupKeys(keys, space)
	counts = make([]int64, len(distinct))
	for _, g := range groups {
		counts[g]++
	}
	return counts, distinct
}

// Seq returns 0..n-1, the identity group order.
func Seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}
