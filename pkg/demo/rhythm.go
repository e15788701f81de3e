package demo

import "time"

// Hourly rhythm in Asia/Tokyo: each baseline kind has a rate at profile value
// 100 on a weekday, a 24-hour profile indexed by JST hour, and a weekend share.

var (
	profileBusiness = [24]int64{2, 1, 1, 1, 1, 2, 4, 15, 55, 100, 100, 95, 55, 90, 100, 100, 95, 80, 50, 30, 18, 10, 6, 4}
	// Partners abroad and overnight batch systems keep some mail coming at night.
	profileInbound = [24]int64{18, 16, 15, 15, 16, 18, 22, 30, 62, 100, 100, 96, 62, 92, 100, 100, 96, 84, 58, 42, 32, 26, 22, 20}
	profileNotify  = [24]int64{30, 30, 30, 30, 30, 30, 40, 60, 90, 100, 100, 100, 80, 100, 100, 100, 100, 90, 70, 50, 40, 35, 30, 30}
	profileBulk    = [24]int64{40, 35, 30, 30, 35, 50, 80, 110, 120, 100, 90, 80, 70, 70, 70, 70, 70, 75, 80, 80, 75, 65, 55, 45}
	profileFlat    = [24]int64{100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100}
)

type rate struct {
	kind    kind
	perHour int64 // messages per hour at profile 100 on a weekday
	profile *[24]int64
	weekend int64 // percent of the weekday rate on Saturday and Sunday
}

var rates = []rate{
	{kindInternal, 700, &profileBusiness, 15},
	{kindNotify, 60, &profileNotify, 60},
	{kindOutbound, 270, &profileBusiness, 12},
	{kindInbound, 300, &profileInbound, 25},
	{kindBulk, 170, &profileBulk, 75},
	{kindSpam, 40, &profileFlat, 100},
	{kindPersonalIn, 12, &profileBusiness, 80},
	{kindPersonalOut, 8, &profileBusiness, 60},
}

// hourCounts returns the number of baseline messages of each kind in hour h.
// Everything is integer arithmetic so the counts are identical on every platform.
func (g *generator) hourCounts(h int64, r *rng) []int {
	t := msTime(h * hourMs).In(jst)
	weekend := t.Weekday() == time.Saturday || t.Weekday() == time.Sunday
	day := newRNG(g.seed, streamDay, uint64(floorDiv(h+9, 24)))
	dayFactor := int64(92 + day.intn(17)) // busy and quiet days, ±8%
	out := make([]int, len(rates))
	for i, k := range rates {
		v := k.perHour * k.profile[t.Hour()] * dayFactor * int64(90+r.intn(21))
		if weekend {
			v = v * k.weekend / 100
		}
		// Round stochastically so quiet night hours keep their fractional rates.
		const d = 100 * 100 * 100
		out[i] = int(v / d)
		if r.int63n(d) < v%d {
			out[i]++
		}
	}
	return out
}
