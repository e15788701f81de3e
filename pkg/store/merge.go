package store

import (
	"cmp"
	"slices"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// row is one trace encoded against a dictionary.
type row struct {
	time                              int64
	size                              int32
	status                            trace.Status
	id                                table.TraceID
	msg, sender, rcpt, subj, from, to uint32
}

// rowKey is the (id, recipientAddress) identity of a row.
type rowKey struct {
	id   table.TraceID
	rcpt uint32
}

func (r row) key() rowKey { return rowKey{r.id, r.rcpt} }

// merge builds a bucket table from traces[rows] upserted over old (nil: none):
// a new row replaces the old row with its key, old rows not re-read are kept,
// duplicates within the read keep the last. Rows come out sorted by time.
func merge(dict *table.Dict, old *table.Table, traces []trace.Trace, rows []int32) *table.Table {
	fresh, keys := encode(dict, traces, rows)
	var keep []int32
	if old != nil {
		for i := range old.Len() {
			if _, ok := keys[readRow(old, i).key()]; !ok {
				keep = append(keep, int32(i))
			}
		}
	}
	return gather(fresh, old, keep)
}

// encode appends traces[rows] to a new table, de-duplicated by key.
func encode(dict *table.Dict, traces []trace.Trace, rows []int32) (*table.Table, map[rowKey]int32) {
	t := table.New(dict, len(rows))
	keys := make(map[rowKey]int32, len(rows))
	for _, i := range rows {
		r := encodeRow(dict, &traces[i])
		if j, dup := keys[r.key()]; dup {
			setRow(t, int(j), r)
			continue
		}
		keys[r.key()] = int32(t.Len())
		appendRow(t, r)
	}
	return t, keys
}

// gather returns fresh plus old[keep] in time order (stable: fresh first on ties),
// with exactly the capacity it needs.
func gather(fresh, old *table.Table, keep []int32) *table.Table {
	if len(keep) == 0 && slices.IsSorted(fresh.Time) && cap(fresh.Time) == fresh.Len() {
		return fresh
	}
	// refs >= 0 index fresh, refs < 0 index old as -ref-1.
	refs := make([]int32, 0, fresh.Len()+len(keep))
	for i := range fresh.Len() {
		refs = append(refs, int32(i))
	}
	for _, i := range keep {
		refs = append(refs, -i-1)
	}
	at := func(r int32) (*table.Table, int) {
		if r >= 0 {
			return fresh, int(r)
		}
		return old, int(-r - 1)
	}
	slices.SortStableFunc(refs, func(a, b int32) int {
		ta, ia := at(a)
		tb, ib := at(b)
		return cmp.Compare(ta.Time[ia], tb.Time[ib])
	})
	out := table.New(fresh.Dict, len(refs))
	for _, r := range refs {
		appendRow(out, readRow(at(r)))
	}
	return out
}

func encodeRow(d *table.Dict, tr *trace.Trace) row {
	return row{
		time:   tr.Received.UnixMilli(),
		size:   int32(min(max(tr.Size, 0), 1<<31-1)),
		status: tr.Status,
		id:     table.EncodeID(tr.ID, d.ID), // the Dict copies new strings
		msg:    d.ID(tr.MessageID),
		sender: d.ID(tr.Sender),
		rcpt:   d.ID(tr.Recipient),
		subj:   d.ID(tr.Subject),
		from:   d.ID(tr.FromIP),
		to:     d.ID(tr.ToIP),
	}
}

func readRow(t *table.Table, i int) row {
	return row{t.Time[i], t.Size[i], t.Status[i], t.TraceID(i), t.MessageID[i], t.Sender[i], t.Recipient[i], t.Subject[i], t.FromIP[i], t.ToIP[i]}
}

func appendRow(t *table.Table, r row) {
	t.Time = append(t.Time, r.time)
	t.Size = append(t.Size, r.size)
	t.Status = append(t.Status, r.status)
	t.AppendID(r.id)
	t.MessageID = append(t.MessageID, r.msg)
	t.Sender = append(t.Sender, r.sender)
	t.Recipient = append(t.Recipient, r.rcpt)
	t.Subject = append(t.Subject, r.subj)
	t.FromIP = append(t.FromIP, r.from)
	t.ToIP = append(t.ToIP, r.to)
}

func setRow(t *table.Table, i int, r row) {
	t.Time[i], t.Size[i], t.Status[i] = r.time, r.size, r.status
	t.SetID(i, r.id)
	t.MessageID[i], t.Sender[i], t.Recipient[i] = r.msg, r.sender, r.rcpt
	t.Subject[i], t.FromIP[i], t.ToIP[i] = r.subj, r.from, r.to
}
