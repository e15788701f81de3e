package table

import (
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Table is a column-wise batch of traces. All string columns hold ids of Dict.
// A Table is built by one goroutine and then published read-only; to change rows,
// build a new Table (the store swaps whole buckets).
type Table struct {
	Dict      *Dict
	Time      []int64 // received, Unix milliseconds UTC
	Size      []int32 // bytes (Graph's size is Int32)
	Status    []trace.Status
	ID        []uint32 // dictionary ids, see Dict
	MessageID []uint32
	Sender    []uint32
	Recipient []uint32
	Subject   []uint32
	FromIP    []uint32
	ToIP      []uint32
}

// New returns an empty table on dict with room for n rows.
func New(dict *Dict, n int) *Table {
	return &Table{
		Dict:      dict,
		Time:      make([]int64, 0, n),
		Size:      make([]int32, 0, n),
		Status:    make([]trace.Status, 0, n),
		ID:        make([]uint32, 0, n),
		MessageID: make([]uint32, 0, n),
		Sender:    make([]uint32, 0, n),
		Recipient: make([]uint32, 0, n),
		Subject:   make([]uint32, 0, n),
		FromIP:    make([]uint32, 0, n),
		ToIP:      make([]uint32, 0, n),
	}
}

// Len is the number of rows.
func (t *Table) Len() int { return len(t.Time) }

// Append adds one trace.
func (t *Table) Append(tr trace.Trace) {
	d := t.Dict
	size := tr.Size
	if size > 1<<31-1 {
		size = 1<<31 - 1
	}
	t.Time = append(t.Time, tr.Received.UnixMilli())
	t.Size = append(t.Size, int32(size))
	t.Status = append(t.Status, tr.Status)
	t.ID = append(t.ID, d.ID(tr.ID))
	t.MessageID = append(t.MessageID, d.ID(tr.MessageID))
	t.Sender = append(t.Sender, d.ID(tr.Sender))
	t.Recipient = append(t.Recipient, d.ID(tr.Recipient))
	t.Subject = append(t.Subject, d.ID(tr.Subject))
	t.FromIP = append(t.FromIP, d.ID(tr.FromIP))
	t.ToIP = append(t.ToIP, d.ID(tr.ToIP))
}

// Row rebuilds trace i.
func (t *Table) Row(i int) trace.Trace {
	d := t.Dict
	return trace.Trace{
		ID:        d.String(t.ID[i]),
		MessageID: d.String(t.MessageID[i]),
		Received:  time.UnixMilli(t.Time[i]).UTC(),
		Sender:    d.String(t.Sender[i]),
		Recipient: d.String(t.Recipient[i]),
		Subject:   d.String(t.Subject[i]),
		Size:      int64(t.Size[i]),
		FromIP:    d.String(t.FromIP[i]),
		ToIP:      d.String(t.ToIP[i]),
		Status:    t.Status[i],
	}
}

// FromTraces builds a table from traces.
func FromTraces(dict *Dict, traces []trace.Trace) *Table {
	t := New(dict, len(traces))
	for _, tr := range traces {
		t.Append(tr)
	}
	return t
}
