package demo

import (
	"context"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// BenchmarkListDay measures one day of traces, the unit a dashboard asks for.
func BenchmarkListDay(b *testing.B) {
	tn := New(Options{Anchor: testAnchor})
	req := trace.Request{From: testAnchor.Add(-24 * time.Hour), To: testAnchor}
	ctx := context.Background()
	var n int
	for b.Loop() {
		res, err := tn.List(ctx, req)
		if err != nil {
			b.Fatal(err)
		}
		n = len(res.Traces)
	}
	b.ReportMetric(float64(n), "traces/op")
}

// BenchmarkDetails measures a drill-down, which regenerates one hour.
func BenchmarkDetails(b *testing.B) {
	tn := New(Options{Anchor: testAnchor})
	res, err := tn.List(context.Background(), trace.Request{From: testAnchor.Add(-2 * time.Hour), To: testAnchor.Add(-time.Hour)})
	if err != nil || len(res.Traces) == 0 {
		b.Fatal("no traces", err)
	}
	tr := res.Traces[len(res.Traces)/2]
	for b.Loop() {
		if _, err := tn.Details(context.Background(), tr.ID, tr.Recipient); err != nil {
			b.Fatal(err)
		}
	}
}
