package demo

import "testing"

// BenchmarkWorldHour generates one weekday business hour of each generated tenant.
func BenchmarkWorldHour(b *testing.B) {
	for _, s := range worldSpecs {
		b.Run(s.name, func(b *testing.B) {
			w := newWorld(s, Options{Anchor: s.anchor}.normalized())
			h := hourOf(s.anchor.UnixMilli()) - 48 // Wednesday noon, no incident
			b.ReportAllocs()
			for b.Loop() {
				_ = w.hour(h)
			}
		})
	}
}
