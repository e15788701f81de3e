package demo

import "math/bits"

// rng is a splitmix64 generator. Tests pin exact counts, so the sequence must be
// bit-identical on every platform and Go release; math/rand/v2 does not promise
// that for its derived methods (IntN, Float64...). Counts are drawn with integer
// arithmetic only, because floating-point contraction (FMA) differs by platform.
type rng struct{ s uint64 }

func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// newRNG seeds a stream from up to three keys (seed, stream, index).
func newRNG(a, b, c uint64) rng {
	return rng{s: mix64(a ^ mix64(b^0x6a09e667f3bcc909^mix64(c+0x3c6ef372fe94f82b)))}
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix64(r.s)
}

// intn returns a value in [0, n); n must be > 0. The bias of the
// multiply-shift reduction is below 2^-40 for our n and irrelevant here.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}

// between returns a value in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// int63n is intn for int64 spans.
func (r *rng) int63n(n int64) int64 {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int64(hi)
}

// chance reports true with probability perMille/1000.
func (r *rng) chance(perMille int) bool { return r.intn(1000) < perMille }

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// weights picks an index with probability proportional to its weight.
type weights []int // cumulative

func newWeights(w ...int) weights {
	c := make(weights, len(w))
	sum := 0
	for i, x := range w {
		sum += x
		c[i] = sum
	}
	return c
}

func (w weights) pick(r *rng) int {
	x := r.intn(w[len(w)-1])
	lo, hi := 0, len(w)-1
	for lo < hi {
		m := (lo + hi) / 2
		if w[m] > x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}
