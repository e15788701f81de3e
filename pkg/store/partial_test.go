package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// A throttled read that covered 46 of 48 hours keeps its rows, says what is
// missing and when it retries, and re-fetches only the missing hours then.
func TestPartialFetch(t *testing.T) {
	all := every(at(0), at(48*h), 10*m)
	src := &fakeSource{traces: all}
	src.respond = func(n int, req trace.Request, res trace.Result) (trace.Result, error) {
		if n > 0 {
			return res, nil
		}
		// Newest first, cut off by a 429: the two oldest hours were not read,
		// but one row of the second hour made it.
		var kept []trace.Trace
		for _, tr := range res.Traces {
			if !tr.Received.Before(at(2*h)) || tr.Received.Equal(at(h+50*m)) {
				kept = append(kept, tr)
			}
		}
		failure := trace.Notice{Severity: trace.SeverityWarning, Text: "1 of 1 windows not loaded, retrying in 40 s"}
		return trace.Result{Traces: kept, Notices: []trace.Notice{failure}, CoveredFrom: at(2 * h), CoveredTo: req.To},
			fmt.Errorf("graph: window 2026-10-01: %w", throttled{40 * time.Second})
	}
	s, clk := newTestStore(t, src, at(30*24*h), Options{})
	r := req(at(0), at(48*h-time.Millisecond))

	steps := []struct {
		after  time.Duration
		calls  int
		rows   int
		notice string
	}{
		{0, 1, 46*6 + 1, "Microsoft Graph throttled: 1 of 48 hours (2026-10-01 00:00 – 01:00 UTC) not loaded yet; 1 of 48 hours (2026-10-01 01:00 – 02:00 UTC) only partly loaded (1 row read so far); retrying in 40 s"},
		{10 * time.Second, 1, 46*6 + 1, "Microsoft Graph throttled: 1 of 48 hours (2026-10-01 00:00 – 01:00 UTC) not loaded yet; 1 of 48 hours (2026-10-01 01:00 – 02:00 UTC) only partly loaded (1 row read so far); retrying in 30 s"},
		{40 * time.Second, 2, 48 * 6, ""},
		{50 * time.Second, 2, 48 * 6, ""},
	}
	for _, st := range steps {
		clk.set(at(30*24*h + st.after))
		snap, err := s.Load(context.Background(), r)
		if err != nil {
			t.Fatalf("+%v: %v", st.after, err)
		}
		if src.callCount() != st.calls || snap.Rows() != st.rows {
			t.Errorf("+%v: %d calls, %d rows; want %d, %d", st.after, src.callCount(), snap.Rows(), st.calls, st.rows)
		}
		var texts []string
		for _, n := range snap.Notices {
			texts = append(texts, n.Text)
			if n.Severity != trace.SeverityWarning {
				t.Errorf("+%v: severity %v", st.after, n.Severity)
			}
		}
		if (st.notice == "" && len(texts) != 0) || (st.notice != "" && (len(texts) != 1 || texts[0] != st.notice)) {
			t.Errorf("+%v: notices %q, want %q", st.after, texts, st.notice)
		}
	}
	if got, want := src.callList()[1], req(at(0), at(2*h)); got != want {
		t.Errorf("retry fetched %v, want only the missing hours %v", got, want)
	}
}

// When nothing could be read, Load returns the source's error, wrapped.
func TestNothingLoadedReturnsError(t *testing.T) {
	cases := []struct {
		name  string
		err   error
		calls []int // List calls after each of three Loads
	}{
		{"retry time honoured", throttled{time.Minute}, []int{1, 1, 2}},
		{"no retry time: next load retries", errBoom, []int{1, 2, 3}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := &fakeSource{respond: func(int, trace.Request, trace.Result) (trace.Result, error) {
				return trace.Result{}, c.err
			}}
			s, clk := newTestStore(t, src, at(30*24*h), Options{})
			for i, want := range c.calls {
				clk.set(at(30*24*h + time.Duration(i)*30*time.Second))
				_, err := s.Load(context.Background(), req(at(0), at(2*h)))
				if !errors.Is(err, c.err) {
					t.Errorf("load %d: error %v, want it to wrap %v", i, err, c.err)
				}
				if src.callCount() != want {
					t.Errorf("load %d: %d calls, want %d", i, src.callCount(), want)
				}
			}
			if st := s.Stats(); st.Buckets != 0 || st.Rows != 0 {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

// A failed refresh keeps the cached data and says so.
func TestFailedRefreshKeepsData(t *testing.T) {
	src := &fakeSource{traces: every(at(0), at(h), 10*m)}
	s, clk := newTestStore(t, src, at(2*h), Options{})
	r := req(at(0), at(h-time.Millisecond))
	if _, err := s.Load(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	src.respond = func(int, trace.Request, trace.Result) (trace.Result, error) {
		return trace.Result{}, throttled{2 * time.Minute}
	}
	clk.set(at(2*h + 15*m))
	snap, err := s.Load(context.Background(), r)
	want := "Microsoft Graph throttled: 1 of 1 hour (2026-10-01 00:00 – 01:00 UTC) could not be refreshed, showing older data; retrying in 2 min"
	if err != nil || snap.Rows() != 6 || len(snap.Notices) != 1 || snap.Notices[0].Text != want {
		t.Errorf("rows %d, notices %v, err %v", snap.Rows(), snap.Notices, err)
	}
}
