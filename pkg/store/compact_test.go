package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// A dictionary rebuild racing a fetch: whichever publishes first, every cached
// table ends up on the store's dictionary and decodes to the source's rows.
func TestCompactionRacingFetch(t *testing.T) {
	cases := []struct {
		name          string
		publishDuring bool // the fetch publishes between the start and the end of the rebuild
	}{
		{"fetch publishes after the rebuild", false},
		{"fetch publishes during the rebuild", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := &fakeSource{traces: every(at(0), at(2*h), 10*m)}
			s, clk := newTestStore(t, src, at(90*m), Options{})
			if _, err := s.Load(context.Background(), req(at(0), at(2*h))); err != nil {
				t.Fatal(err)
			}
			src.mu.Lock()
			src.gate = make(chan struct{})
			src.mu.Unlock()
			clk.set(at(91 * m)) // the current bucket is due again
			done := make(chan error, 1)
			go func() {
				_, err := s.Load(context.Background(), req(at(0), at(2*h)))
				done <- err
			}()
			eventually(t, "the refresh", func() bool { return src.callCount() == 2 })
			s.mu.Lock()
			job := s.startCompaction()
			s.mu.Unlock()
			if c.publishDuring {
				close(src.gate)
				if err := <-done; err != nil {
					t.Fatal(err)
				}
			}
			s.finishCompaction(job)
			if !c.publishDuring {
				close(src.gate)
				if err := <-done; err != nil {
					t.Fatal(err)
				}
			}
			snap, err := s.Load(context.Background(), req(at(0), at(2*h)))
			if err != nil {
				t.Fatal(err)
			}
			for _, tab := range snap.Tables {
				if tab.Dict != s.dict {
					t.Error("table on an old dictionary")
				}
			}
			if got, want := rowsOf(snap), src.traces[:10]; !slices.Equal(got, want) {
				t.Errorf("rows differ:\n got %v\nwant %v", got, want)
			}
		})
	}
}

// Source notices stay with the buckets the source did not read (a 90-day clamp),
// so a Load of the covered part alone does not repeat them.
func TestClampNoticeStaysWithUncoveredBuckets(t *testing.T) {
	clamp := trace.Notice{Severity: trace.SeverityInfo, Text: "Microsoft Graph keeps 90 days"}
	src := &fakeSource{traces: every(at(0), at(48*h), h)}
	src.respond = func(_ int, req trace.Request, res trace.Result) (trace.Result, error) {
		var kept []trace.Trace
		for _, tr := range res.Traces {
			if !tr.Received.Before(at(24 * h)) {
				kept = append(kept, tr)
			}
		}
		return trace.Result{Traces: kept, Notices: []trace.Notice{clamp}, CoveredFrom: at(24 * h), CoveredTo: req.To}, nil
	}
	s, _ := newTestStore(t, src, at(30*24*h), Options{})
	cases := []struct {
		name          string
		from, to      time.Time
		rows, notices int
	}{
		{"whole range", at(0), at(48*h - time.Millisecond), 24, 1},
		{"covered part", at(24 * h), at(48*h - time.Millisecond), 24, 0},
		{"clamped part", at(0), at(24*h - time.Millisecond), 0, 1},
	}
	for _, c := range cases {
		snap, err := s.Load(context.Background(), req(c.from, c.to))
		if err != nil || snap.Rows() != c.rows || len(snap.Notices) != c.notices {
			t.Errorf("%s: %d rows, notices %v, err %v", c.name, snap.Rows(), snap.Notices, err)
		}
	}
	if src.callCount() != 1 {
		t.Errorf("%d calls, want 1", src.callCount())
	}
}
