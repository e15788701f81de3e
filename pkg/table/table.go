package table

import (
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Table is a column-wise batch of traces. String columns hold ids of Dict, but
// for the trace id, held as 16 bytes when it is a canonical GUID (see TraceID).
// A Table is built by one goroutine and then published read-only; to change rows,
// build a new Table (the store swaps whole buckets).
type Table struct {
	Dict   *Dict
	Time   []int64 // received, Unix milliseconds UTC
	Size   []int32 // bytes (Graph's size is Int32)
	Status []trace.Status
	// ID and IDText are the trace ids, read through TraceID. IDText is nil while
	// every id is a GUID (always, for Graph and the demo); otherwise it holds 0
	// for a GUID row and 1 + the Dict id for any other id, whose ID is zero.
	ID        []GUID
	IDText    []uint32
	MessageID []uint32 // dictionary ids, see Dict; nil when CompactMsg
	// CompactMsg tables (NewCompact) keep Message-IDs in Msg, outside the
	// dictionary. The query engine and the store's merge still read MessageID,
	// so only the archive's readers and benchmarks build them for now.
	CompactMsg bool
	Msg        MessageIDs
	Sender     []uint32
	Recipient  []uint32
	Subject    []uint32
	FromIP     []uint32
	ToIP       []uint32
}

// TraceID is one encoded trace id: a GUID, or, when Text > 0, the Dict id
// Text-1 of an id that is not a canonical GUID. Equal ids of one Dict encode
// equally, so a TraceID can key upserts.
type TraceID struct {
	GUID GUID
	Text uint32
}

// EncodeID encodes s; intern adds a non-GUID id to the dictionary.
func EncodeID(s string, intern func(string) uint32) TraceID {
	if g, ok := ParseGUID(s); ok {
		return TraceID{GUID: g}
	}
	return TextID(intern(s))
}

// TextID is the encoding of the id with Dict id id.
func TextID(id uint32) TraceID { return TraceID{Text: id + 1} }

// DictID returns the Dict id of a non-GUID id.
func (id TraceID) DictID() (uint32, bool) { return id.Text - 1, id.Text != 0 }

// String spells the id, resolving a non-GUID id with view (from Dict.View).
func (id TraceID) String(view []string) string {
	if d, ok := id.DictID(); ok {
		return view[d]
	}
	return id.GUID.String()
}

// New returns an empty table on dict with room for n rows.
func New(dict *Dict, n int) *Table {
	return &Table{
		Dict:      dict,
		Time:      make([]int64, 0, n),
		Size:      make([]int32, 0, n),
		Status:    make([]trace.Status, 0, n),
		ID:        make([]GUID, 0, n),
		MessageID: make([]uint32, 0, n),
		Sender:    make([]uint32, 0, n),
		Recipient: make([]uint32, 0, n),
		Subject:   make([]uint32, 0, n),
		FromIP:    make([]uint32, 0, n),
		ToIP:      make([]uint32, 0, n),
	}
}

// NewCompact is New with Message-IDs kept in Msg rather than the dictionary.
func NewCompact(dict *Dict, n int) *Table {
	t := New(dict, n)
	t.MessageID, t.CompactMsg = nil, true
	t.Msg.off = make([]uint32, 0, n)
	return t
}

// Seal ends the building of a table: columns grown by Append keep up to a
// quarter (small tables: half) of spare capacity, which the store's cap counts,
// so they are cut to length; a CompactMsg table also drops its build map.
func (t *Table) Seal() {
	t.Time = trim(t.Time)
	t.Size = trim(t.Size)
	t.Status = trim(t.Status)
	t.ID = trim(t.ID)
	t.IDText = trim(t.IDText)
	t.MessageID = trim(t.MessageID)
	t.Sender = trim(t.Sender)
	t.Recipient = trim(t.Recipient)
	t.Subject = trim(t.Subject)
	t.FromIP = trim(t.FromIP)
	t.ToIP = trim(t.ToIP)
	t.Msg.Seal()
}

// trim returns s with no spare capacity (nil stays nil).
func trim[T any](s []T) []T {
	if cap(s) == len(s) {
		return s
	}
	return append(make([]T, 0, len(s)), s...)
}

// Len is the number of rows.
func (t *Table) Len() int { return len(t.Time) }

// TraceID returns the encoded id of row i.
func (t *Table) TraceID(i int) TraceID {
	if t.IDText != nil && t.IDText[i] != 0 {
		return TraceID{Text: t.IDText[i]}
	}
	return TraceID{GUID: t.ID[i]}
}

// AppendID appends the id column of one row; the other columns are the caller's.
func (t *Table) AppendID(id TraceID) {
	if id.Text != 0 && t.IDText == nil {
		t.IDText = make([]uint32, len(t.ID), cap(t.ID))
	}
	t.ID = append(t.ID, id.GUID)
	if t.IDText != nil {
		t.IDText = append(t.IDText, id.Text)
	}
}

// SetID replaces the id of row i.
func (t *Table) SetID(i int, id TraceID) {
	if id.Text != 0 && t.IDText == nil {
		t.IDText = make([]uint32, len(t.ID), cap(t.ID))
	}
	t.ID[i] = id.GUID
	if t.IDText != nil {
		t.IDText[i] = id.Text
	}
}

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
	t.AppendID(EncodeID(tr.ID, d.ID))
	if t.CompactMsg {
		t.Msg.Append(tr.MessageID, d)
	} else {
		t.MessageID = append(t.MessageID, d.ID(tr.MessageID))
	}
	t.Sender = append(t.Sender, d.ID(tr.Sender))
	t.Recipient = append(t.Recipient, d.ID(tr.Recipient))
	t.Subject = append(t.Subject, d.ID(tr.Subject))
	t.FromIP = append(t.FromIP, d.ID(tr.FromIP))
	t.ToIP = append(t.ToIP, d.ID(tr.ToIP))
}

// Row rebuilds trace i.
func (t *Table) Row(i int) trace.Trace {
	d := t.Dict
	var msg string
	if t.CompactMsg {
		msg = t.Msg.String(i, d.View())
	} else {
		msg = d.String(t.MessageID[i])
	}
	return trace.Trace{
		ID:        t.TraceID(i).String(d.View()),
		MessageID: msg,
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
