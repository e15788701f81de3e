package query

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Trace ids in every spelling the table holds: GUIDs as 16 bytes, anything else
// (an upper-case GUID, a non-GUID id) in the dictionary. Results must be what
// string ids gave: exact spelling out, case-insensitive filters in.
const (
	guid1 = "0f3c2a1e-9b7d-4c2e-8a1f-5d6e7f809a1b"
	guid2 = "7d1e0c9a-3b2f-4a61-9e0d-c4b5a6f70812"
)

var guid1Upper = strings.ToUpper(guid1)

// newIDEngine: guid1 to alice and bob and its upper-case twin to carol, all at
// minute 10, so that traces order them by id; guid2 and a non-GUID id later.
func newIDEngine() *Engine {
	dict := table.NewDict()
	rows := [][]trace.Trace{{
		tr(10, guid1, "m1", mallory, bob, "Invoice", 1_000, trace.StatusDelivered),
		tr(10, guid1Upper, "m2", trudy, carol, "Invoice", 1_000, trace.StatusDelivered),
		tr(10, guid1, "m1", mallory, alice, "Invoice", 1_000, trace.StatusDelivered),
	}, {
		tr(70, guid2, "m3", bob, alice, "Lunch", 1_000, trace.StatusDelivered),
		tr(80, "id-x", "m4", alice, bob, "Lunch", 1_000, trace.StatusDelivered),
	}}
	l := &fakeLoader{}
	for _, part := range rows {
		l.tabs = append(l.tabs, table.FromTraces(dict, part))
	}
	return NewEngine(l, Options{AcceptedDomains: fixtureDomains, Now: func() time.Time { return t0.Add(3 * time.Hour) }})
}

func TestIDFilters(t *testing.T) {
	tests := []struct {
		op     string
		values []string
		want   float64
	}{
		{"eq", []string{guid1}, 3}, // case-insensitive: the upper-case twin too
		{"eq", []string{guid1Upper}, 3},
		{"eq", []string{"{" + guid1 + "}"}, 0},
		{"in", []string{guid2, "ID-X"}, 2},
		{"neq", []string{guid1}, 2},
		{"notIn", []string{guid1, guid2, "id-x"}, 0},
		{"contains", []string{"9B7D"}, 3},
		{"startsWith", []string{"id-"}, 1},
		{"endsWith", []string{"0812"}, 1},
		{"regex", []string{`^[0-9a-f-]{36}$`}, 3}, // case-sensitive: not the upper-case twin
		{"regex", []string{`^[0-9A-F-]{36}$`}, 1},
	}
	e := newIDEngine() // one engine: memos must not leak between filters
	for _, tt := range tests {
		t.Run(tt.op+" "+strings.Join(tt.values, ","), func(t *testing.T) {
			for range 2 { // cold and memoised
				frame := runOK(t, e, dq(t, map[string]any{"queryType": "stats", "stats": []string{"count"},
					"filters": []map[string]any{{"dimension": "id", "op": tt.op, "values": tt.values}}}))
				if got := column(t, frame, "count")[0]; got != tt.want {
					t.Errorf("count = %v, want %v", got, tt.want)
				}
			}
		})
	}
}

// Ties on time are broken by the id as spelled, then the recipient.
func TestIDsInTraces(t *testing.T) {
	frame := runOK(t, newIDEngine(), dq(t, map[string]any{"queryType": "traces"}))
	if got, want := column(t, frame, "id"), []any{"id-x", guid2, guid1Upper, guid1, guid1}; !reflect.DeepEqual(got, want) {
		t.Errorf("ids = %v, want %v", got, want)
	}
	if got, want := column(t, frame, "recipient"), []any{bob, alice, carol, alice, bob}; !reflect.DeepEqual(got, want) {
		t.Errorf("recipients = %v, want %v", got, want)
	}
}

func TestIDGroups(t *testing.T) {
	e := newIDEngine()
	vals, err := e.Values(context.Background(), "id", t0, hour(3), "", 0)
	if want := []string{guid1, guid1Upper, guid2, "id-x"}; err != nil || !reflect.DeepEqual(vals, want) {
		t.Errorf("Values(id) = %q, %v; want %q", vals, err, want)
	}
	vals, _ = e.Values(context.Background(), "id", t0, hour(3), "0F", 0)
	if want := []string{guid1, guid1Upper}; !reflect.DeepEqual(vals, want) {
		t.Errorf("Values(id, 0F) = %q, want %q", vals, want)
	}
	top := runOK(t, e, dq(t, map[string]any{"queryType": "top", "groupBy": []string{"id", "recipient"}, "limit": 3}))
	if got, want := column(t, top, "id"), []any{guid1Upper, guid1, guid1}; !reflect.DeepEqual(got, want) {
		t.Errorf("top ids = %v, want %v", got, want) // all count 1: by label, upper case first
	}
	if got, want := column(t, top, "recipient"), []any{carol, alice, bob}; !reflect.DeepEqual(got, want) {
		t.Errorf("top recipients = %v, want %v", got, want)
	}
	ts := runOK(t, e, dq(t, map[string]any{"queryType": "timeseries", "interval": "1h", "metric": "distinct", "metricDimension": "id"}))
	if got, want := column(t, ts, "distinct"), []any{2.0, 2.0, 0.0}; !reflect.DeepEqual(got, want) {
		t.Errorf("distinct ids per hour = %v, want %v", got, want)
	}
}
