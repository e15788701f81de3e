package demo

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

func TestSameOptionsSameRows(t *testing.T) {
	from, to := testAnchor.Add(-2*day), testAnchor
	a := list(t, testTenant(), from, to, trace.Filter{})
	b := list(t, New(Options{Seed: 1, Anchor: testAnchor}), from, to, trace.Filter{})
	if !slices.Equal(a, b) {
		t.Fatal("two tenants with the same options differ")
	}
	c := list(t, New(Options{Seed: 2, Anchor: testAnchor}), from, to, trace.Filter{})
	if len(c) == len(a) && slices.Equal(a[:100], c[:100]) {
		t.Fatal("seed 2 gives the same rows as seed 1")
	}
}

// List over [a, c] equals List over [a, b] ∪ [b, c] with the shared boundary
// de-duplicated, wherever b falls: on an hour, inside one, on a row's time.
func TestSplitRangeEquality(t *testing.T) {
	tn := testTenant()
	a, c := testAnchor.Add(-30*time.Hour), testAnchor.Add(-2*time.Hour)
	whole := list(t, tn, a, c, trace.Filter{})
	onRow := whole[len(whole)/3].Received
	for _, b := range []time.Time{a.Add(7 * time.Hour), a.Add(7*time.Hour + 1234567*time.Microsecond), onRow, a, c} {
		newer := list(t, tn, b, c, trace.Filter{})
		older := list(t, tn, a, b, trace.Filter{})
		if got := dedupe(append(newer, older...)); !slices.Equal(got, whole) {
			t.Errorf("split at %v: %d rows, want %d", b, len(got), len(whole))
		}
	}
}

func dedupe(ts []trace.Trace) []trace.Trace {
	seen := map[trace.Key]bool{}
	var out []trace.Trace
	for _, tr := range ts {
		if !seen[tr.Key()] {
			seen[tr.Key()] = true
			out = append(out, tr)
		}
	}
	return out
}

// (id, recipient) is unique; rows of one message share id, messageId,
// sender, subject, size and time; rows come newest first.
func TestRowIdentity(t *testing.T) {
	ts := testWeek(t)
	seen := make(map[trace.Key]bool, len(ts))
	type msgFacts struct {
		messageID, sender, subject string
		size                       int64
		at                         time.Time
	}
	msgs := map[string]msgFacts{}
	multi := 0
	for i, tr := range ts {
		if seen[tr.Key()] {
			t.Fatalf("duplicate key %v", tr.Key())
		}
		seen[tr.Key()] = true
		if i > 0 && tr.Received.After(ts[i-1].Received) {
			t.Fatalf("row %d is newer than the one before it", i)
		}
		f := msgFacts{tr.MessageID, tr.Sender, tr.Subject, tr.Size, tr.Received}
		if prev, ok := msgs[tr.ID]; ok {
			multi++
			if prev != f {
				t.Fatalf("rows of message %s disagree: %+v vs %+v", tr.ID, prev, f)
			}
		}
		msgs[tr.ID] = f
		if tr.Received.Location() != time.UTC {
			t.Fatalf("received %v is not UTC", tr.Received)
		}
	}
	if multi == 0 {
		t.Error("no message has more than one recipient")
	}
}

// The same hour, asked for again, is generated identically.
func TestHourIsPure(t *testing.T) {
	g := testTenant().gen
	h := hourOf(testAnchor.Add(-10 * time.Hour).UnixMilli()) // incident 3
	if a, b := g.hour(h), g.hour(h); !slices.EqualFunc(a, b, func(x, y row) bool { return x == y }) {
		t.Fatal("hour generated twice differs")
	}
}

func TestCancelledList(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := testTenant().List(ctx, trace.Request{From: testAnchor.Add(-day), To: testAnchor})
	if err == nil || len(res.Traces) != 0 || !res.CoveredFrom.IsZero() {
		t.Fatalf("cancelled List = %d rows, covered %v, err %v", len(res.Traces), res.CoveredFrom, err)
	}
}

func TestDirectoryIsUnique(t *testing.T) {
	seen := map[string]bool{}
	add := func(a string) {
		if seen[a] {
			t.Errorf("address %s appears twice", a)
		}
		seen[a] = true
	}
	for _, b := range dir.boxes {
		add(b.addr)
	}
	for _, g := range dir.groups {
		add(g.addr)
	}
	for _, p := range partners {
		for _, c := range p.contacts {
			add(c)
		}
	}
	if len(dir.boxes) != 300 {
		t.Errorf("%d mailboxes, want 300", len(dir.boxes))
	}
}

// between (a test helper) agrees with List on sub-ranges.
func TestBetweenHelper(t *testing.T) {
	from, to := testAnchor.Add(-3*day+17*time.Minute), testAnchor.Add(-2*day)
	if got, want := between(testWeek(t), from, to), list(t, testTenant(), from, to, trace.Filter{}); !slices.Equal(got, want) {
		t.Fatalf("between: %d rows, List: %d", len(got), len(want))
	}
}
