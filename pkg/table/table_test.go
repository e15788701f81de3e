package table

import (
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

func TestParseGUID(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"0f3c2a1e-9b7d-4c2e-8a1f-5d6e7f809a1b", true},
		{"00000000-0000-0000-0000-000000000000", true},
		{"ffffffff-ffff-ffff-ffff-ffffffffffff", true},
		{"0F3C2A1E-9B7D-4C2E-8A1F-5D6E7F809A1B", false}, // upper case would not format back
		{"0f3c2a1e-9b7d-4c2e-8a1F-5d6e7f809a1b", false},
		{"{0f3c2a1e-9b7d-4c2e-8a1f-5d6e7f809a1b}", false},
		{"0f3c2a1e9b7d4c2e8a1f5d6e7f809a1b", false},
		{"0f3c2a1e-9b7d-4c2e-8a1f-5d6e7f809a1", false},
		{"0f3c2a1e-9b7d-4c2e-8a1f-5d6e7f809a1g", false},
		{"0f3c2a1e-9b7d-4c2e-8a1f+5d6e7f809a1b", false},
		{"0f3c2a1-e9b7d-4c2e-8a1f-5d6e7f809a1b", false},
		{"", false},
		{"id-01", false},
	}
	for _, tt := range tests {
		g, ok := ParseGUID(tt.in)
		if ok != tt.ok {
			t.Errorf("ParseGUID(%q) ok = %v, want %v", tt.in, ok, tt.ok)
		}
		if ok && g.String() != tt.in {
			t.Errorf("ParseGUID(%q).String() = %q", tt.in, g.String())
		}
	}
}

// Append and Row round-trip every id exactly; only canonical GUIDs skip the
// dictionary, and a table of GUIDs only has no IDText column.
func TestTraceIDs(t *testing.T) {
	const lower = "0f3c2a1e-9b7d-4c2e-8a1f-5d6e7f809a1b"
	tests := []struct {
		name  string
		ids   []string
		text  bool // IDText allocated
		dicts int  // id strings in the dictionary
	}{
		{"guids only", []string{lower, "00000000-0000-0000-0000-000000000000"}, false, 0},
		{"upper-case guid", []string{lower, "0F3C2A1E-9B7D-4C2E-8A1F-5D6E7F809A1B"}, true, 1},
		{"non-guid after guids", []string{lower, lower, "id-03", lower}, true, 1},
		{"empty id", []string{"", lower}, true, 0}, // "" is Dict id 0, always present
		{"braced guid", []string{"{" + lower + "}"}, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDict()
			var traces []trace.Trace
			for i, id := range tt.ids {
				traces = append(traces, trace.Trace{ID: id, Received: time.UnixMilli(int64(i)).UTC(), Sender: "s"})
			}
			tab := FromTraces(d, traces)
			for i, id := range tt.ids {
				if got := tab.Row(i).ID; got != id {
					t.Errorf("row %d: id %q, want %q", i, got, id)
				}
				if got := tab.TraceID(i).String(d.View()); got != id {
					t.Errorf("row %d: TraceID spells %q, want %q", i, got, id)
				}
			}
			if (tab.IDText != nil) != tt.text {
				t.Errorf("IDText allocated = %v, want %v", tab.IDText != nil, tt.text)
			}
			if got := d.Len() - 2; got != tt.dicts { // "" and the sender
				t.Errorf("%d id strings in the dictionary, want %d", got, tt.dicts)
			}
		})
	}
}

// Equal ids encode equally and different ids differently, GUID or not.
func TestTraceIDKeys(t *testing.T) {
	d := NewDict()
	ids := []string{"0f3c2a1e-9b7d-4c2e-8a1f-5d6e7f809a1b", "0F3C2A1E-9B7D-4C2E-8A1F-5D6E7F809A1B", "id-1", "", "00000000-0000-0000-0000-000000000000"}
	seen := map[TraceID]string{}
	for _, id := range ids {
		k := EncodeID(id, d.ID)
		if other, dup := seen[k]; dup {
			t.Errorf("%q and %q encode alike", id, other)
		}
		seen[k] = id
		if again := EncodeID(id, d.ID); again != k {
			t.Errorf("%q encodes differently twice", id)
		}
	}
}

func TestSetID(t *testing.T) {
	const g = "0f3c2a1e-9b7d-4c2e-8a1f-5d6e7f809a1b"
	d := NewDict()
	tab := FromTraces(d, []trace.Trace{{ID: g}, {ID: g}})
	tab.SetID(1, EncodeID("id-x", d.ID))
	tab.SetID(0, EncodeID(g, d.ID))
	if a, b := tab.Row(0).ID, tab.Row(1).ID; a != g || b != "id-x" {
		t.Errorf("ids %q, %q after SetID", a, b)
	}
}
