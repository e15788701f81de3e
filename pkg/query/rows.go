package query

import (
	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// rows is a selection of table rows. Columns are gathered on demand into flat
// slices in selection order, which every aggregation then walks without
// indirection.
type rows struct {
	tabs []*table.Table
	idx  [][]int32 // idx[t]: selected rows of tabs[t], ascending
	n    int
}

// inRange selects the rows received in [from, to), Unix milliseconds.
func inRange(tabs []*table.Table, from, to int64) rows {
	r := rows{tabs: tabs, idx: make([][]int32, len(tabs))}
	for ti, t := range tabs {
		sel := make([]int32, 0, t.Len())
		for i, ts := range t.Time {
			if ts >= from && ts < to {
				sel = append(sel, int32(i))
			}
		}
		r.idx[ti] = sel
		r.n += len(sel)
	}
	return r
}

// keep returns the rows whose flag is set; keepFlags is in selection order.
func (r rows) keep(keepFlags []bool) rows {
	out := rows{tabs: r.tabs, idx: make([][]int32, len(r.tabs))}
	k := 0
	for ti, sel := range r.idx {
		kept, n := make([]int32, len(sel)), 0
		for _, i := range sel {
			kept[n] = i
			if keepFlags[k] { // no branch: see where
				n++
			}
			k++
		}
		out.idx[ti] = kept[:n:n]
		out.n += n
	}
	return out
}

// where keeps the rows whose value in col passes keep, reading col in place.
// Each row is written and kept by advancing the end: whether a row is kept is
// unpredictable, and a branch on it would mispredict every other row.
func (r rows) where(col colFunc, keep func(uint32) bool) rows {
	out := rows{tabs: r.tabs, idx: make([][]int32, len(r.tabs))}
	for ti, t := range r.tabs {
		c, sel := col(t), r.idx[ti]
		kept, n := make([]int32, len(sel)), 0
		for _, i := range sel {
			kept[n] = i
			if keep(c[i]) {
				n++
			}
		}
		out.idx[ti] = kept[:n:n]
		out.n += n
	}
	return out
}

// gather copies one column of the selected rows.
func gather[T any](r rows, col func(*table.Table) []T) []T {
	out := make([]T, 0, r.n)
	for ti, t := range r.tabs {
		c := col(t)
		for _, i := range r.idx[ti] {
			out = append(out, c[i])
		}
	}
	return out
}

// colFunc picks a dictionary-encoded column of a table.
type colFunc = func(*table.Table) []uint32

// Column accessors for gather.
func colTime(t *table.Table) []int64          { return t.Time }
func colSize(t *table.Table) []int32          { return t.Size }
func colStatus(t *table.Table) []trace.Status { return t.Status }
func colMessageID(t *table.Table) []uint32    { return t.MessageID }
func colSender(t *table.Table) []uint32       { return t.Sender }
func colRecipient(t *table.Table) []uint32    { return t.Recipient }
func colSubject(t *table.Table) []uint32      { return t.Subject }
func colFromIP(t *table.Table) []uint32       { return t.FromIP }
func colToIP(t *table.Table) []uint32         { return t.ToIP }

// dictColumn is the column a dictionary-backed dimension is read from. The trace
// id is not one (ids.go).
func dictColumn(d Dimension) colFunc {
	switch d {
	case DimSender, DimSenderDomain:
		return colSender
	case DimRecipient, DimRecipientDomain:
		return colRecipient
	case DimSubject, DimSubjectTemplate:
		return colSubject
	case DimFromIP:
		return colFromIP
	case DimToIP:
		return colToIP
	case DimMessageID:
		return colMessageID
	}
	return nil
}
