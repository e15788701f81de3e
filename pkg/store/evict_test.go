package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// sameStrings: ten rows per hour that reuse one set of strings, so the
// dictionary stops growing after the first bucket.
func sameStrings(hours int) []trace.Trace {
	var out []trace.Trace
	for hr := range hours {
		for i := range 10 {
			out = append(out, mk(fmt.Sprintf("id-%d", i), "r@example.co.jp", hr*60+i, delivered))
		}
	}
	return out
}

// uniqueStrings: ten rows per hour, every id new.
func uniqueStrings(hours int) []trace.Trace {
	var out []trace.Trace
	for hr := range hours {
		for i := range 10 {
			out = append(out, mk(fmt.Sprintf("id-%d-%d", hr, i), "r@example.co.jp", hr*60+i, delivered))
		}
	}
	return out
}

// mixedIDs: ten rows per hour, every id new: nine GUIDs (16 bytes in the row) and
// one id in another spelling (upper case), which goes to the dictionary.
func mixedIDs(hours int) []trace.Trace {
	var out []trace.Trace
	for hr := range hours {
		for i := range 10 {
			id := fmt.Sprintf("%08x-abcd-4ef0-8000-%012x", hr, i)
			if i == 9 {
				id = strings.ToUpper(id)
			}
			out = append(out, mk(id, "r@example.co.jp", hr*60+i, delivered))
		}
	}
	return out
}

// probe measures the accounted size of one bucket (columns, and the strings only
// it brings) and of the strings all buckets share.
func probe(t *testing.T, traces []trace.Trace) (perBucket, shared int64) {
	var st [3]Stats
	for n := 1; n <= 2; n++ {
		s, _ := newTestStore(t, &fakeSource{traces: traces}, at(30*24*h), Options{MaxBytes: -1})
		if _, err := s.Load(context.Background(), req(at(0), at(time.Duration(n)*h-time.Millisecond))); err != nil {
			t.Fatal(err)
		}
		st[n] = s.Stats()
	}
	own := st[2].DictBytes - st[1].DictBytes
	return st[1].ColumnBytes + own, st[1].DictBytes - own
}

// Over MaxBytes the oldest buckets go first, never one a Load is returning.
func TestEvictionDropsOldestBuckets(t *testing.T) {
	cases := []struct {
		name      string
		traces    []trace.Trace
		oneLoad   bool // one Load over all ten hours instead of one per hour
		keep      int64
		dictAfter int // strings left after the final compaction; 0: don't check
	}{
		{name: "one load per hour", traces: sameStrings(10), keep: 3},
		{name: "one load over the cap", traces: sameStrings(10), oneLoad: true, keep: 3},
		{name: "dictionary compacted", traces: uniqueStrings(10), keep: 3,
			dictAfter: 1 + 30 + 30 + 1 + 1 + 1 + 1}, // "", ids, message ids, sender, recipient, subject, IP
		{name: "dictionary compacted, GUID ids", traces: mixedIDs(10), keep: 3,
			dictAfter: 1 + 3 + 30 + 1 + 1 + 1 + 1}, // only the upper-case ids are strings
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			per, shared := probe(t, c.traces)
			limit := shared + c.keep*per + per/2
			src := &fakeSource{traces: c.traces}
			s, _ := newTestStore(t, src, at(30*24*h), Options{MaxBytes: limit})
			if c.oneLoad {
				snap, err := s.Load(context.Background(), req(at(0), at(10*h-time.Millisecond)))
				if err != nil || len(snap.Tables) != 10 || snap.Rows() != 100 {
					t.Fatalf("load: %d tables, %v", len(snap.Tables), err)
				}
				s.wg.Wait() // a compaction may still run
			} else {
				for hr := range 10 {
					from := at(time.Duration(hr) * h)
					if _, err := s.Load(context.Background(), req(from, from.Add(h-time.Millisecond))); err != nil {
						t.Fatal(err)
					}
					s.wg.Wait()
				}
			}
			want := []int64{7, 8, 9}
			if got := cachedBuckets(s); !slices.Equal(got, want) {
				t.Errorf("cached buckets %v, want %v", got, want)
			}
			st := s.Stats()
			if st.Evictions != 7 || st.Rows != 30 || st.Bytes > limit {
				t.Errorf("stats %+v, limit %d", st, limit)
			}
			if c.dictAfter > 0 && st.DictStrings != c.dictAfter {
				t.Errorf("dictionary holds %d strings, want %d", st.DictStrings, c.dictAfter)
			}
			// Rows still decode to what the source holds, and serve without a fetch.
			calls := src.callCount()
			snap, err := s.Load(context.Background(), req(at(7*h), at(10*h-time.Millisecond)))
			if err != nil || src.callCount() != calls {
				t.Fatalf("reload: %v, %d new calls", err, src.callCount()-calls)
			}
			if got, want := rowsOf(snap), c.traces[70:]; !slices.Equal(got, want) {
				t.Errorf("rows after eviction differ:\n got %v\nwant %v", got, want)
			}
		})
	}
}
