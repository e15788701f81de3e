package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

func mk(id, rcpt string, minute int, st trace.Status) trace.Trace {
	return trace.Trace{ID: id, MessageID: "<" + id + "@example.com>", Received: at(time.Duration(minute) * m),
		Sender: "s@example.com", Recipient: rcpt, Subject: "quarterly report", Size: 2048, FromIP: "198.51.100.7", Status: st}
}

const (
	pending   = trace.StatusPending
	delivered = trace.StatusDelivered
	failed    = trace.StatusFailed
)

// base: five rows; id-1 went to two recipients.
func base() []trace.Trace {
	return []trace.Trace{
		mk("id-1", "r1@example.co.jp", 1, pending), mk("id-1", "r2@example.co.jp", 1, pending),
		mk("id-2", "r1@example.co.jp", 2, pending), mk("id-3", "r3@example.co.jp", 3, pending),
		mk("id-4", "r1@example.co.jp", 4, pending),
	}
}

func with(ts []trace.Trace, extra ...trace.Trace) []trace.Trace { return append(ts, extra...) }

func setStatus(ts []trace.Trace, id, rcpt string, st trace.Status) []trace.Trace {
	for i := range ts {
		if ts[i].ID == id && ts[i].Recipient == rcpt {
			ts[i].Status = st
		}
	}
	return ts
}

// A re-read upserts by (id, recipient): changed rows replace cached ones, late
// rows are added, nothing is duplicated.
func TestReReadUpserts(t *testing.T) {
	late := []trace.Trace{mk("id-5", "r1@example.co.jp", 6, pending), mk("id-1", "r4@example.co.jp", 7, pending)}
	cases := []struct {
		name    string
		filter  trace.Filter
		reread  []trace.Trace // what the source holds at the re-read
		only    []trace.Trace // if set, what the re-read returns instead
		want    int
		changed trace.Key
		status  trace.Status // of changed; StatusUnknown: must be absent
	}{
		{name: "status change and two late rows",
			reread: with(setStatus(base(), "id-1", "r1@example.co.jp", delivered), late...),
			want:   7, changed: trace.Key{ID: "id-1", Recipient: "r1@example.co.jp"}, status: delivered},
		{name: "rows the re-read omits are kept",
			only: []trace.Trace{mk("id-3", "r3@example.co.jp", 3, failed), late[0]},
			want: 6, changed: trace.Key{ID: "id-3", Recipient: "r3@example.co.jp"}, status: failed},
		{name: "duplicates within one read keep the last",
			only: with(base(), mk("id-2", "r1@example.co.jp", 2, failed)),
			want: 5, changed: trace.Key{ID: "id-2", Recipient: "r1@example.co.jp"}, status: failed},
		{name: "complete filtered re-read replaces rows that stopped matching",
			filter: trace.Filter{Status: pending},
			reread: with(setStatus(base(), "id-1", "r1@example.co.jp", delivered), late...),
			want:   6, changed: trace.Key{ID: "id-1", Recipient: "r1@example.co.jp"}, status: trace.StatusUnknown},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := &fakeSource{traces: base()}
			s, clk := newTestStore(t, src, at(30*m), Options{})
			r := trace.Request{From: at(0), To: at(h - time.Millisecond), Filter: c.filter}
			if snap, err := s.Load(context.Background(), r); err != nil || snap.Rows() != 5 {
				t.Fatalf("first load: %d rows, %v", snap.Rows(), err)
			}
			if c.reread != nil {
				src.set(c.reread)
			}
			if c.only != nil {
				src.respond = func(_ int, _ trace.Request, res trace.Result) (trace.Result, error) {
					res.Traces = c.only
					return res, nil
				}
			}
			clk.set(at(31 * m))
			snap, err := s.Load(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			if src.callCount() != 2 {
				t.Fatalf("%d calls, want 2", src.callCount())
			}
			got := map[trace.Key]trace.Status{}
			rows := rowsOf(snap)
			for i, row := range rows {
				if _, dup := got[row.Key()]; dup {
					t.Errorf("duplicate row %v", row.Key())
				}
				got[row.Key()] = row.Status
				if i > 0 && row.Received.Before(rows[i-1].Received) {
					t.Errorf("rows not in time order at %d", i)
				}
			}
			if len(rows) != c.want {
				t.Errorf("%d rows, want %d", len(rows), c.want)
			}
			if st, ok := got[c.changed]; st != c.status || ok != (c.status != trace.StatusUnknown) {
				t.Errorf("%v: status %v (present %v), want %v", c.changed, st, ok, c.status)
			}
			if st := s.Stats(); st.Rows != int64(c.want) || st.Buckets != 1 {
				t.Errorf("stats: %d rows in %d buckets", st.Rows, st.Buckets)
			}
		})
	}
}

// Upserts key on the id as spelled: a GUID (held as 16 bytes), the same GUID in
// upper case and ids in other forms (held in the dictionary) are different rows,
// and each comes back exactly as the source wrote it.
func TestUpsertKeysByTraceID(t *testing.T) {
	const guid = "0f3c2a1e-9b7d-4c2e-8a1f-5d6e7f809a1b"
	ids := []string{guid, strings.ToUpper(guid), "id-1", ""}
	cases := []struct {
		name    string
		changed string // the id whose rows the re-read marks delivered
	}{
		{"guid", guid},
		{"upper-case guid", strings.ToUpper(guid)},
		{"other id", "id-1"},
		{"empty id", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var first []trace.Trace
			for i, id := range ids {
				first = append(first, mk(id, "r1@example.co.jp", i, pending), mk(id, "r2@example.co.jp", i, pending))
			}
			src := &fakeSource{traces: first}
			s, clk := newTestStore(t, src, at(30*m), Options{})
			r := req(at(0), at(h-time.Millisecond))
			if _, err := s.Load(context.Background(), r); err != nil {
				t.Fatal(err)
			}
			src.set(setStatus(setStatus(slices.Clone(first), c.changed, "r1@example.co.jp", delivered), c.changed, "r2@example.co.jp", delivered))
			clk.set(at(31 * m))
			snap, err := s.Load(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			got := map[trace.Key]trace.Status{}
			for _, row := range rowsOf(snap) {
				got[row.Key()] = row.Status
			}
			if len(got) != len(first) || snap.Rows() != len(first) {
				t.Fatalf("%d rows, %d distinct keys, want %d", snap.Rows(), len(got), len(first))
			}
			for _, tr := range first {
				want := pending
				if tr.ID == c.changed {
					want = delivered
				}
				if st, ok := got[tr.Key()]; !ok || st != want {
					t.Errorf("%q for %s: status %v (present %v), want %v", tr.ID, tr.Recipient, st, ok, want)
				}
			}
		})
	}
}
