package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// A half-loaded range: Load serves the loaded half with a notice, as a
// dashboard wants; LoadComplete refuses it, as an alert rule needs.
func TestLoadCompleteRefusesHalfLoadedRange(t *testing.T) {
	src := &fakeSource{traces: every(at(0), at(48*h), 10*m)}
	src.respond = func(n int, req trace.Request, res trace.Result) (trace.Result, error) {
		if n > 0 {
			return res, nil
		}
		var kept []trace.Trace
		for _, tr := range res.Traces {
			if !tr.Received.Before(at(24 * h)) {
				kept = append(kept, tr)
			}
		}
		return trace.Result{Traces: kept, CoveredFrom: at(24 * h), CoveredTo: req.To}, fmt.Errorf("graph: %w", throttled{time.Minute})
	}
	s, clk := newTestStore(t, src, at(30*24*h), Options{})
	r := req(at(0), at(48*h-time.Millisecond))
	snap, err := s.Load(context.Background(), r)
	if err != nil || snap.Rows() != 24*6 || len(snap.Notices) != 1 ||
		snap.Notices[0].Text != "Microsoft Graph throttled: 24 of 48 hours (2026-10-01 00:00 – 24:00 UTC) not loaded yet; retrying in 60 s" {
		t.Fatalf("dashboard load: %d rows, notices %v, err %v", snap.Rows(), snap.Notices, err)
	}
	start := time.Now()
	_, err = s.LoadComplete(context.Background(), r, 5*time.Second)
	want := "store: the range is not fully loaded: 24 of 48 hours of 2026-10-01T00:00:00Z – 2026-10-02T23:59:59Z could not be read (Microsoft Graph throttled)"
	if !errors.Is(err, ErrIncomplete) || err.Error() != want {
		t.Fatalf("alert load: %v\nwant %s", err, want)
	}
	if time.Since(start) > time.Second {
		t.Errorf("a failed fetch should end the wait at once, took %v", time.Since(start))
	}
	// After the retry time the missing half is fetched and the alert load passes.
	clk.set(at(30*24*h + time.Minute))
	snap, err = s.LoadComplete(context.Background(), r, 5*time.Second)
	if err != nil || snap.Rows() != 48*6 || len(snap.Notices) != 0 {
		t.Fatalf("after the retry: %d rows, notices %v, err %v", snap.Rows(), snap.Notices, err)
	}
}

// A fetch still running: LoadComplete waits for it (beyond MaxWait) when it
// ends in time, and fails with "still loading" when it does not.
func TestLoadCompleteWaitsBounded(t *testing.T) {
	src := &fakeSource{traces: every(at(0), at(24*h), 10*m), gate: make(chan struct{})}
	s, _ := newTestStore(t, src, at(30*24*h), Options{MaxWait: 10 * time.Millisecond})
	r := req(at(0), at(24*h-time.Millisecond))
	_, err := s.LoadComplete(context.Background(), r, 50*time.Millisecond)
	want := "store: the range is not fully loaded: 24 of 24 hours of 2026-10-01T00:00:00Z – 2026-10-01T23:59:59Z still loading"
	if !errors.Is(err, ErrIncomplete) || err.Error() != want {
		t.Fatalf("timed out load: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		snap, err := s.LoadComplete(context.Background(), r, 10*time.Second)
		if err == nil && snap.Rows() != 144 {
			err = fmt.Errorf("%d rows", snap.Rows())
		}
		done <- err
	}()
	time.Sleep(30 * time.Millisecond) // past MaxWait: a dashboard Load would have returned
	select {
	case err := <-done:
		t.Fatalf("returned before the fetch ended: %v", err)
	default:
	}
	close(src.gate)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if src.callCount() != 1 {
		t.Errorf("%d List calls, want the one fetch shared", src.callCount())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.LoadComplete(ctx, r, time.Second); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
