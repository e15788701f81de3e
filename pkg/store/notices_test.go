package store

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// A read the budget stopped after some pages shows what it read, and the notice
// says those hours are partly loaded with exactly that many rows, naming the
// hours and the retry time, never "25 of 25 hours not loaded" beside the rows.
func TestNoticeCountsPartlyLoadedHours(t *testing.T) {
	now := at(40 * 24 * h)
	from := now.Add(-25 * h)
	src := &pagedSource{fakeSource: fakeSource{traces: every(from, now, 3*time.Second)}, pageSize: 5000, budget: 5, after: 90 * time.Second}
	s, _ := newTestStore(t, src, now, Options{})
	snap, err := s.Load(context.Background(), req(from, now.Add(-time.Millisecond)))
	if err != nil {
		t.Fatal(err)
	}
	if snap.Rows() != 25000 {
		t.Fatalf("%d rows, want the 25000 of 5 pages", snap.Rows())
	}
	// The fake pages newest first: 25,000 of the 30,000 rows reach into 21 of
	// the hours; the 4 oldest got none.
	want := "Microsoft Graph throttled: 4 of 25 hours (2026-11-08 23:00 – 2026-11-09 03:00 UTC) not loaded yet; " +
		"21 of 25 hours (2026-11-09 03:00 – 24:00 UTC) only partly loaded (25000 rows read so far); retrying in 90 s"
	if len(snap.Notices) != 1 || snap.Notices[0].Text != want {
		t.Errorf("notices %v\nwant %q", snap.Notices, want)
	}
}

// retained is a pagedSource that, like Graph, serves 90 days and says so: it
// clamps older requests itself with a notice, and tells the store its limit.
type retained struct {
	*pagedSource
	mu    *sync.Mutex
	asked *[]time.Time // From of every call, before clamping
}

const retainedWhy = "Microsoft keeps message traces for 90 days"

func (r retained) Retention(now time.Time) (time.Time, string) {
	y, m, d := now.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -89), retainedWhy
}

func (r retained) List(ctx context.Context, req trace.Request) (trace.Result, error) {
	r.mu.Lock()
	*r.asked = append(*r.asked, req.From)
	r.mu.Unlock()
	floor, _ := r.Retention(time.Now())
	var notices []trace.Notice
	if req.From.Before(floor) {
		notices = append(notices, trace.Notice{Severity: trace.SeverityWarning, Text: retainedWhy + ": " + req.From.Format(time.DateOnly) + " – " +
			minTime(req.To, floor.Add(-time.Second)).Format(time.DateOnly) + " (UTC) cannot be loaded"})
		req.From = floor
	}
	res, err := r.pagedSource.List(ctx, req)
	res.Notices = append(notices, res.Notices...)
	return res, err
}

// The older-than-90-days notice comes once per Load, naming exactly the part
// that cannot be loaded, and not at all when no part of the range is older.
func TestRetentionNoticeOnce(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Hour)
	floor, _ := retained{}.Retention(now)
	cases := []struct {
		name string
		from time.Time
		want string
	}{
		{"120 days", now.Add(-120 * 24 * h), retainedWhy + ": " + now.Add(-120*24*h).Format(time.DateOnly) + " – " + floor.Add(-time.Second).Format(time.DateOnly) + " (UTC) cannot be loaded"},
		{"from the floor", floor, ""},
		{"inside", floor.Add(3 * h), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var asked []time.Time
			src := retained{&pagedSource{pageSize: 5000, budget: -1}, &sync.Mutex{}, &asked}
			s, _ := newTestStore(t, src, now, Options{})
			snap, err := s.Load(context.Background(), req(tc.from, now))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, n := range snap.Notices {
				if strings.Contains(n.Text, "90 days") {
					got = append(got, n.Text)
				}
			}
			if (tc.want == "" && len(got) != 0) || (tc.want != "" && (len(got) != 1 || got[0] != tc.want)) {
				t.Errorf("retention notices %q, want %q", got, tc.want)
			}
			for _, from := range asked {
				if from.Before(floor) {
					t.Errorf("asked the source for traces from %v, before its floor %v", from, floor)
				}
			}
		})
	}
}
