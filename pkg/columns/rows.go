package columns

import (
	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Rows is a selection of table rows. Columns are gathered on demand into flat
// slices in selection order, which every aggregation then walks without
// indirection.
type Rows struct {
	Tabs []*table.Table
	Idx  [][]int32 // Idx[t]: selected rows of Tabs[t], ascending
	n    int
}

// Len is the number of rows selected.
func (r Rows) Len() int { return r.n }

// InRange selects the rows received in [from, to), Unix milliseconds.
func InRange(tabs []*table.Table, from, to int64) Rows {
	r := Rows{Tabs: tabs, Idx: make([][]int32, len(tabs))}
	for ti, t := range tabs {
		sel := make([]int32, 0, t.Len())
		for i, ts := range t.Time {
			if ts >= from && ts < to {
				sel = append(sel, int32(i))
			}
		}
		r.Idx[ti] = sel
		r.n += len(sel)
	}
	return r
}

// Keep returns the rows whose flag is set; keepFlags is in selection order.
func (r Rows) Keep(keepFlags []bool) Rows {
	out := Rows{Tabs: r.Tabs, Idx: make([][]int32, len(r.Tabs))}
	k := 0
	for ti, sel := range r.Idx {
		kept, n := make([]int32, len(sel)), 0
		for _, i := range sel {
			kept[n] = i
			if keepFlags[k] { // no branch: see where
				n++
			}
			k++
		}
		out.Idx[ti] = kept[:n:n]
		out.n += n
	}
	return out
}

// Where keeps the rows whose value in col passes keep, reading col in place.
// Each row is written and kept by advancing the end: whether a row is kept is
// unpredictable, and a branch on it would mispredict every other row.
func (r Rows) Where(col ColFunc, keep func(uint32) bool) Rows {
	out := Rows{Tabs: r.Tabs, Idx: make([][]int32, len(r.Tabs))}
	for ti, t := range r.Tabs {
		c, sel := col(t), r.Idx[ti]
		kept, n := make([]int32, len(sel)), 0
		for _, i := range sel {
			kept[n] = i
			if keep(c[i]) {
				n++
			}
		}
		out.Idx[ti] = kept[:n:n]
		out.n += n
	}
	return out
}

// Gather copies one column of the selected rows.
func Gather[T any](r Rows, col func(*table.Table) []T) []T {
	out := make([]T, 0, r.n)
	for ti, t := range r.Tabs {
		c := col(t)
		for _, i := range r.Idx[ti] {
			out = append(out, c[i])
		}
	}
	return out
}

// ColFunc picks a dictionary-encoded column of a table.
type ColFunc = func(*table.Table) []uint32

// Column accessors for Gather and Where.
func ColTime(t *table.Table) []int64          { return t.Time }
func ColSize(t *table.Table) []int32          { return t.Size }
func ColStatus(t *table.Table) []trace.Status { return t.Status }
func ColMessageID(t *table.Table) []uint32    { return t.MessageID }
func ColSender(t *table.Table) []uint32       { return t.Sender }
func ColRecipient(t *table.Table) []uint32    { return t.Recipient }
func ColSubject(t *table.Table) []uint32      { return t.Subject }
func ColFromIP(t *table.Table) []uint32       { return t.FromIP }
func ColToIP(t *table.Table) []uint32         { return t.ToIP }

// dictColumn is the column a dictionary-backed dimension is read from. The trace
// id is not one (ids.go).
func dictColumn(d Dimension) ColFunc {
	switch d {
	case DimSender, DimSenderDomain:
		return ColSender
	case DimRecipient, DimRecipientDomain:
		return ColRecipient
	case DimSubject, DimSubjectTemplate:
		return ColSubject
	case DimFromIP:
		return ColFromIP
	case DimToIP:
		return ColToIP
	case DimMessageID:
		return ColMessageID
	}
	return nil
}

// SplitAt parts the rows into those received at or after t (Unix ms) and those
// before, reading the time column in place.
func (r Rows) SplitAt(t int64) (after, before Rows) {
	after = Rows{Tabs: r.Tabs, Idx: make([][]int32, len(r.Tabs))}
	before = Rows{Tabs: r.Tabs, Idx: make([][]int32, len(r.Tabs))}
	for ti, tab := range r.Tabs {
		sel := r.Idx[ti]
		late := 0
		for _, i := range sel {
			if tab.Time[i] >= t {
				late++
			}
		}
		if late == len(sel) { // the usual case for a bucket: share the slice
			after.Idx[ti], after.n = sel, after.n+late
			continue
		}
		a, b := make([]int32, 0, late), make([]int32, 0, len(sel)-late)
		for _, i := range sel {
			if tab.Time[i] >= t {
				a = append(a, i)
			} else {
				b = append(b, i)
			}
		}
		after.Idx[ti], before.Idx[ti] = a, b
		after.n, before.n = after.n+len(a), before.n+len(b)
	}
	return after, before
}
