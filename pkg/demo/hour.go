package demo

import (
	"cmp"
	"slices"
)

// Independent random streams, so adding an incident never shifts the baseline.
const (
	streamBaseline = 1
	streamDay      = 2
	streamIncident = 3
	streamDetails  = 4
)

// generator turns an hour index into rows. It holds no mutable state.
type generator struct {
	seed      uint64
	anchorMs  int64
	replayOn  bool
	incidents bool // false in tests that measure the baseline alone
}

func newGenerator(o Options) *generator {
	return &generator{seed: uint64(o.Seed), anchorMs: o.Anchor.UnixMilli(), replayOn: o.Replay, incidents: true}
}

// hour returns every row received in UTC hour h (Unix hours), in time order.
// The slice is freshly built and belongs to the caller.
func (g *generator) hour(h int64) []row {
	var extra []row
	if g.incidents {
		for _, o := range g.occurrences(h*hourMs, (h+1)*hourMs) {
			extra = g.incidentRows(o, h, extra)
		}
		slices.SortStableFunc(extra, func(a, b row) int { return cmp.Compare(a.ms, b.ms) })
	}
	rows := g.baselineHour(h, len(extra))
	return mergeInto(rows, extra)
}

// mergeInto merges the time-ordered b into the time-ordered a, using a's spare
// capacity and working backwards so nothing is copied twice; on equal times
// a's rows come first, so the order is fixed.
func mergeInto(a, b []row) []row {
	i, j := len(a)-1, len(b)-1
	a = slices.Grow(a, len(b))[:len(a)+len(b)]
	for k := len(a) - 1; j >= 0; k-- {
		if i >= 0 && a[i].ms > b[j].ms {
			a[k] = a[i]
			i--
		} else {
			a[k] = b[j]
			j--
		}
	}
	return a
}

// incidentRows appends the messages of o that arrive in hour h. Message i of
// an occurrence arrives at a random moment of the i-th equal slice of the
// occurrence and is built from its own stream, so it is the same whichever
// hour asks for it.
func (g *generator) incidentRows(o occurrence, h int64, rows []row) []row {
	from, to := h*hourMs, (h+1)*hourMs
	span, count := o.end-o.start, int64(o.count)
	lo := max(0, (from-o.start)*count/span-1)
	hi := min(count-1, (to-o.start)*count/span+1)
	for i := lo; i <= hi; i++ {
		r := newRNG(g.seed, streamIncident<<8|uint64(o.spec.number), uint64(o.index)<<32|uint64(i))
		s0, s1 := o.start+i*span/count, o.start+(i+1)*span/count
		at := s0 + r.int63n(max(1, s1-s0))
		if at < from || at >= to {
			continue
		}
		m := msg{ms: at, kind: kindIncident, incident: uint8(o.spec.number), id: newID(&r, h)}
		t := msTime(at).In(jst)
		c := fillCtx{month: int(t.Month()), day: t.Day()}
		rows = o.spec.build(&r, &m, &c, int(i), rows)
	}
	return rows
}
