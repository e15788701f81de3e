package columns

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

func TestSelectKthMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		n := 1 + rng.IntN(300)
		s := make([]int32, n)
		for i := range s {
			s[i] = int32(rng.IntN(20)) // many duplicates
		}
		sorted := slices.Sorted(slices.Values(s))
		k := rng.IntN(n)
		if got := SelectKth(slices.Clone(s), k); got != sorted[k] {
			t.Fatalf("trial %d: SelectKth(k=%d) = %d, want %d", trial, k, got, sorted[k])
		}
	}
}

func TestP95NearestRank(t *testing.T) {
	tests := []struct {
		sizes []int32
		want  float64
	}{
		{[]int32{7}, 7},
		{[]int32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 10},           // rank ceil(9.5) = 10
		{[]int32{20: 0}, 0},                                    // 21 zeros
		{append(slices.Repeat([]int32{1}, 19), 100), 1},        // rank 19 of 20
		{append(slices.Repeat([]int32{1}, 18), 100, 100), 100}, // rank 19 of 20
		{[]int32{5, 4, 3, 2, 1, 10, 9, 8, 7, 6, 15, 14, 13, 12, 11, 16, 17, 18, 19, 20}, 19},
	}
	for _, tt := range tests {
		v := MetricValues{Val: make([]float64, 1), Rows: []int64{int64(len(tt.sizes))}}
		p95(v, make([]int32, len(tt.sizes)), tt.sizes)
		if v.Val[0] != tt.want {
			t.Errorf("p95(%v) = %v, want %v", tt.sizes, v.Val[0], tt.want)
		}
	}
}

func TestPartitionDistinct(t *testing.T) {
	groups := []int32{0, 1, 0, -1, 1, 0, 2}
	keys := []uint32{5, 5, 5, 9, 6, 7, 5}
	part := ByGroup(groups, 3)
	if !reflect.DeepEqual(part.Order, []int32{0, 2, 5, 1, 4, 6}) || !reflect.DeepEqual(part.Start, []int32{0, 3, 5, 6}) {
		t.Errorf("Partition = %+v", part)
	}
	if got := part.Distinct(keys, 10); !reflect.DeepEqual(got, []int64{2, 2, 1}) {
		t.Errorf("distinct = %v, want [2 2 1]", got)
	}
}
