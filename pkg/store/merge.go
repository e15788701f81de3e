package store

import (
	"cmp"
	"slices"
	"strings"

	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// row is one trace encoded against a dictionary.
type row struct {
	time                                  int64
	size                                  int32
	status                                trace.Status
	id, msg, sender, rcpt, subj, from, to uint32
}

// key is the (id, recipientAddress) identity of a row.
func (r row) key() uint64 { return uint64(r.id)<<32 | uint64(r.rcpt) }

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
func encode(dict *table.Dict, traces []trace.Trace, rows []int32) (*table.Table, map[uint64]int32) {
	t := table.New(dict, len(rows))
	keys := make(map[uint64]int32, len(rows))
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

// intern returns the id of s, storing a copy when it is new so the dictionary
// never pins a larger buffer the source sliced s from.
func intern(d *table.Dict, s string) uint32 {
	if id, ok := d.Lookup(s); ok {
		return id
	}
	return d.ID(strings.Clone(s))
}

func encodeRow(d *table.Dict, tr *trace.Trace) row {
	return row{
		time:   tr.Received.UnixMilli(),
		size:   int32(min(max(tr.Size, 0), 1<<31-1)),
		status: tr.Status,
		id:     intern(d, tr.ID),
		msg:    intern(d, tr.MessageID),
		sender: intern(d, tr.Sender),
		rcpt:   intern(d, tr.Recipient),
		subj:   intern(d, tr.Subject),
		from:   intern(d, tr.FromIP),
		to:     intern(d, tr.ToIP),
	}
}

func readRow(t *table.Table, i int) row {
	return row{t.Time[i], t.Size[i], t.Status[i], t.ID[i], t.MessageID[i], t.Sender[i], t.Recipient[i], t.Subject[i], t.FromIP[i], t.ToIP[i]}
}

func appendRow(t *table.Table, r row) {
	t.Time = append(t.Time, r.time)
	t.Size = append(t.Size, r.size)
	t.Status = append(t.Status, r.status)
	t.ID = append(t.ID, r.id)
	t.MessageID = append(t.MessageID, r.msg)
	t.Sender = append(t.Sender, r.sender)
	t.Recipient = append(t.Recipient, r.rcpt)
	t.Subject = append(t.Subject, r.subj)
	t.FromIP = append(t.FromIP, r.from)
	t.ToIP = append(t.ToIP, r.to)
}

func setRow(t *table.Table, i int, r row) {
	t.Time[i], t.Size[i], t.Status[i] = r.time, r.size, r.status
	t.ID[i], t.MessageID[i], t.Sender[i], t.Recipient[i] = r.id, r.msg, r.sender, r.rcpt
	t.Subject[i], t.FromIP[i], t.ToIP[i] = r.subj, r.from, r.to
}
