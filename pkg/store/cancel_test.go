package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A waiter whose context ends returns at once with that error; the fetch it
// started goes on for the Load still waiting.
func TestCancelledWaiterLeavesFetchRunning(t *testing.T) {
	src := &fakeSource{traces: every(at(0), at(24*h), 10*m), gate: make(chan struct{})}
	s, _ := newTestStore(t, src, at(30*24*h), Options{})
	r := req(at(0), at(24*h-time.Millisecond))

	ctx, cancel := context.WithCancel(context.Background())
	errA := make(chan error, 1)
	go func() {
		_, err := s.Load(ctx, r)
		errA <- err
	}()
	eventually(t, "the fetch", func() bool { return src.callCount() == 1 })
	type result struct {
		rows int
		err  error
	}
	resB := make(chan result, 1)
	go func() {
		snap, err := s.Load(context.Background(), r)
		resB <- result{snap.Rows(), err}
	}()
	eventually(t, "the second waiter", func() bool { return s.Stats().Shared == 24 })

	cancel()
	if err := <-errA; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled load: %v, want context.Canceled", err)
	}
	select {
	case b := <-resB:
		t.Fatalf("second load returned before the fetch finished: %+v", b)
	default:
	}
	close(src.gate)
	if b := <-resB; b.err != nil || b.rows != 144 {
		t.Fatalf("second load: %d rows, %v", b.rows, b.err)
	}
	src.mu.Lock()
	defer src.mu.Unlock()
	if len(src.calls) != 1 || src.ctxErrs[0] != nil {
		t.Errorf("calls %v, fetch context error %v", src.calls, src.ctxErrs)
	}
}

// After MaxWait a Load with nothing cached says it is still loading; the fetch
// finishes in the background and the next Load is served without a new call.
func TestStillLoadingAfterMaxWait(t *testing.T) {
	src := &fakeSource{traces: every(at(0), at(24*h), 10*m), gate: make(chan struct{})}
	s, _ := newTestStore(t, src, at(30*24*h), Options{MaxWait: 10 * time.Millisecond})
	r := req(at(0), at(24*h-time.Millisecond))
	if _, err := s.Load(context.Background(), r); !errors.Is(err, ErrStillLoading) {
		t.Fatalf("err = %v, want ErrStillLoading", err)
	}
	close(src.gate)
	eventually(t, "the fetch", func() bool { return s.Stats().InFlight == 0 })
	snap, err := s.Load(context.Background(), r)
	if err != nil || snap.Rows() != 144 || src.callCount() != 1 {
		t.Errorf("rows %d, calls %d, err %v", snap.Rows(), src.callCount(), err)
	}
}

// Close cancels fetches in progress; later Loads fail with ErrClosed.
func TestClose(t *testing.T) {
	src := &fakeSource{traces: every(at(0), at(h), 10*m), gate: make(chan struct{})}
	s := New(src, Options{Now: func() time.Time { return at(30 * 24 * h) }})
	done := make(chan error, 1)
	go func() {
		_, err := s.Load(context.Background(), req(at(0), at(h)))
		done <- err
	}()
	eventually(t, "the fetch", func() bool { return src.callCount() == 1 })
	s.Close()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("load during Close: %v, want the cancelled fetch's error", err)
	}
	if _, err := s.Load(context.Background(), req(at(0), at(h))); !errors.Is(err, ErrClosed) {
		t.Errorf("load after Close: %v", err)
	}
}

func TestDetailsCached(t *testing.T) {
	src := &fakeSource{}
	s, clk := newTestStore(t, src, at(0), Options{})
	for i, st := range []struct {
		at    time.Duration
		calls int
	}{{0, 1}, {30 * time.Second, 1}, {time.Minute, 2}} {
		clk.set(at(st.at))
		d, err := s.Details(context.Background(), "id-1", "r@example.co.jp")
		if err != nil || len(d) != 1 || d[0].Description != "r@example.co.jp" || src.details != st.calls {
			t.Errorf("call %d: %v, %v, %d source calls", i, d, err, src.details)
		}
	}
}

func TestBadRange(t *testing.T) {
	s, _ := newTestStore(t, &fakeSource{}, at(0), Options{})
	if _, err := s.Load(context.Background(), req(at(h), at(0))); err == nil {
		t.Error("want an error for a range ending before it starts")
	}
}
