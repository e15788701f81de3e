package demo

// Sizes are log-normal, computed with integers only so that byte totals are the
// same on every platform (math.Exp and FMA differ in the last bit).

const (
	kb      = 1024
	mb      = 1024 * kb
	maxSize = 25 * mb // Exchange Online's default message size limit, roughly
	minSize = 2 * kb  // headers alone
)

// pow2frac[i] = round(2^(i/16) * 2^16)
var pow2frac = [16]int64{65536, 68438, 71468, 74632, 77936, 81386, 84990, 88752, 92682, 96785, 101070, 105545, 110218, 115098, 120194, 125515}

// sizeSpec describes a log-normal size: median bytes, spread in sixteenths of an
// octave per standard deviation, and how often (per mille) an attachment rides along.
type sizeSpec struct {
	median int64
	sigma  int64
	attach int
}

var attachment = sizeSpec{median: 500 * kb, sigma: 30}

// logNormal draws median * 2^(z*sigma/16) with z approximately standard normal
// (Irwin–Hall sum of four uniforms, which also bounds the tail at ~3.5 sigma).
func logNormal(r *rng, median, sigma int64) int64 {
	s := int64(r.intn(1024) + r.intn(1024) + r.intn(1024) + r.intn(1024))
	e := (s - 2046) * sigma / 591 // 591 = sd of the sum
	q, f := e>>4, e&15            // floor division by 16 for negative e too
	v := median * pow2frac[f] >> 16
	v += v * int64(r.intn(2905)) >> 16 // spread within the 1/16-octave step (2^(1/16)-1 ≈ 2905/65536)
	if q >= 0 {
		return v << q
	}
	return v >> -q
}

func (s sizeSpec) draw(r *rng, limit int64) int64 {
	v := logNormal(r, s.median, s.sigma)
	if s.attach > 0 && r.chance(s.attach) {
		v += logNormal(r, attachment.median, attachment.sigma)
	}
	return clamp(v, minSize, limit)
}

func clamp(v, lo, hi int64) int64 { return min(max(v, lo), hi) }
