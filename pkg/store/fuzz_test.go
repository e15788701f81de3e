package store

import (
	"context"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// FuzzPlan: any range, bucket size and budget gives either an error (a range
// that ends before it starts) or whole buckets in time order covering the range
// up to now, and never asks the source for more than 10 days in one call.
func FuzzPlan(f *testing.F) {
	f.Add(int64(-3600), int64(0), int64(3600), 100)
	f.Add(int64(-40*86400), int64(-86400), int64(60), 3)
	f.Add(int64(7200), int64(-7200), int64(900), 0)
	f.Add(int64(-1), int64(1), int64(86400), 1)
	f.Fuzz(func(t *testing.T, fromSec, toSec, bucketSec int64, budget int) {
		const span = 200 * 86400
		if fromSec < -span || fromSec > span || toSec < -span || toSec > span || bucketSec < 1 || bucketSec > 7*86400 {
			t.Skip()
		}
		now := at(100 * 24 * h)
		src := &pagedSource{fakeSource: fakeSource{traces: every(now.Add(-3*24*h), now, 17*time.Minute)}, pageSize: 50, budget: budget % 50, after: time.Minute}
		s := New(src, Options{BucketSize: time.Duration(bucketSec) * time.Second, Now: func() time.Time { return now }, MaxWait: time.Second})
		defer s.Close()
		r := trace.Request{From: now.Add(time.Duration(fromSec) * time.Second), To: now.Add(time.Duration(toSec) * time.Second)}
		snap, err := s.Load(context.Background(), r)
		if r.To.Before(r.From) {
			if err == nil {
				t.Fatal("a range ending before it starts was accepted")
			}
			return
		}
		var last int64
		for _, tab := range snap.Tables {
			for i := range tab.Len() {
				if tab.Time[i] < last {
					t.Fatal("rows out of time order")
				}
				last = tab.Time[i]
			}
		}
		for _, c := range src.callList() {
			if c.To.Sub(c.From) > maxSpan || c.To.After(now) {
				t.Fatalf("asked for %v – %v", c.From, c.To)
			}
		}
	})
}
