package query

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
	"github.com/exotrace/messagetrace-datasource/pkg/intel"
)

// threatOutputs are the number columns output can keep for an alert rule.
var threatOutputs = []string{"messages", "confidence"}

func parseThreats(q *Query, w wireQuery) error {
	if q.Type != TypeThreats {
		return nil
	}
	q.MinConfidence = w.MinConfidence
	if q.MinConfidence < 0 || q.MinConfidence > 100 {
		return invalidf("minConfidence %d is out of range: use 0 to 100", w.MinConfidence)
	}
	if q.Output != "" && !slices.Contains(threatOutputs, q.Output) {
		return invalidf("unknown output %q: use messages or confidence for an alert rule, or leave it empty for the table", q.Output)
	}
	return nil
}

// threatSide is a trace column matched against the feed, and what a match on it
// is called: the address itself or its domain, or the IP.
type threatSide struct {
	col           columns.ColFunc
	ip            bool
	exact, domain string
}

var threatSides = []threatSide{
	{columns.ColSender, false, "sender", "senderDomain"},
	{columns.ColRecipient, false, "recipient", "recipientDomain"},
	{columns.ColFromIP, true, "fromIP", "fromIP"},
	{columns.ColToIP, true, "toIP", "toIP"},
}

// threatRow is one line of the threats table: one indicator matched on one side.
type threatRow struct {
	ind         intel.Indicator
	matchedOn   string
	messages    int64
	first, last int64 // Unix ms
}

// threatHits are the matching rows of every side: selected row rows[i] matched
// found[groups[i]]. A row can match on several sides.
type threatHits struct {
	rows, groups []int32
	found        []threatRow
	index        map[string]int32 // kind, value, matchedOn → group
}

// threats is the threats query: every indicator of the feed with at least
// minConfidence that a sender, recipient, their domains, fromIP or toIP matches,
// with the distinct messages that matched and when. Where a value matches several
// indicators (an address and its domain, an IP and its block) the most specific
// one is reported, so each message counts once per side. The table is sorted by
// confidence, then messages; output keeps one number column for an alert rule.
func threats(ctx context.Context, req *request) (data.Frames, error) {
	h := threatHits{index: map[string]int32{}}
	for _, side := range threatSides {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		req.matchSide(side, &h)
	}
	req.implicit = append(req.implicit, fmt.Sprintf("sender, recipient, their domains, fromIP or toIP on the threat-intel feed with confidence >= %d", req.q.MinConfidence))
	found := req.threatStats(h)
	slices.SortFunc(found, func(a, b threatRow) int {
		return cmp.Or(cmp.Compare(b.ind.Confidence, a.ind.Confidence), cmp.Compare(b.messages, a.messages),
			strings.Compare(a.ind.Value, b.ind.Value), strings.Compare(a.matchedOn, b.matchedOn))
	})
	return data.Frames{req.threatFrame(found[:min(len(found), req.q.Limit)])}, nil
}

// matchSide adds the rows whose side matches an indicator of at least
// minConfidence. Rows are resolved through the per-id cache; only matches take
// the map lookup.
func (req *request) matchSide(side threatSide, h *threatHits) {
	ids := columns.Gather(req.sel.Rows, side.col)
	tv := req.sel.Cache.ThreatView(req.sel.View, req.e.opts.Intel, side.ip)
	pick := map[uint32]int32{} // match set → group, -1 if none is confident enough
	for i, id := range ids {
		set := tv.Set(id)
		if set == 0 {
			continue
		}
		g, ok := pick[set]
		if !ok {
			g = h.group(req.best(tv, set), side)
			pick[set] = g
		}
		if g >= 0 {
			h.rows, h.groups = append(h.rows, int32(i)), append(h.groups, g)
		}
	}
}

// best returns the most specific indicator of a match set with at least
// minConfidence, or nil.
func (req *request) best(tv columns.ThreatView, set uint32) *intel.Indicator {
	for _, ind := range tv.Indicators(set) {
		if ind.Confidence >= req.q.MinConfidence {
			return &ind
		}
	}
	return nil
}

// group returns the group of ind matched on side, creating it; -1 for no indicator.
func (h *threatHits) group(ind *intel.Indicator, side threatSide) int32 {
	if ind == nil {
		return -1
	}
	on := side.exact
	if ind.Kind == intel.KindDomain {
		on = side.domain
	}
	key := string(ind.Kind) + "\x00" + ind.Value + "\x00" + on
	g, ok := h.index[key]
	if !ok {
		g = int32(len(h.found))
		h.index[key] = g
		h.found = append(h.found, threatRow{ind: *ind, matchedOn: on, first: math.MaxInt64, last: math.MinInt64})
	}
	return g
}

// threatStats counts each group's distinct messages and its first and last time.
func (req *request) threatStats(h threatHits) []threatRow {
	if len(h.rows) == 0 {
		return nil
	}
	msgIDs, times := columns.Gather(req.sel.Rows, columns.ColMessageID), columns.Gather(req.sel.Rows, columns.ColTime)
	keys := make([]uint32, len(h.rows))
	for j, i := range h.rows {
		keys[j] = msgIDs[i]
		r := &h.found[h.groups[j]]
		r.first, r.last = min(r.first, times[i]), max(r.last, times[i])
	}
	for g, n := range columns.ByGroup(h.groups, len(h.found)).Distinct(keys, len(req.sel.View)) {
		h.found[g].messages = n
	}
	return h.found
}

// threatFrame is the table, or with output a numeric-long frame of the string
// columns and that one number column, which alert rules read as one instance per
// indicator and side.
func (req *request) threatFrame(found []threatRow) *data.Frame {
	n := len(found)
	ind, kind, on, actor, labels := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	conf, msgs := make([]int64, n), make([]int64, n)
	first, last := make([]time.Time, n), make([]time.Time, n)
	for i, r := range found {
		ind[i], kind[i], on[i], actor[i] = r.ind.Value, string(r.ind.Kind), r.matchedOn, r.ind.Actor
		labels[i], conf[i], msgs[i] = strings.Join(r.ind.Labels, ", "), int64(r.ind.Confidence), r.messages
		first[i], last[i] = time.UnixMilli(r.first).UTC(), time.UnixMilli(r.last).UTC()
	}
	frame := data.NewFrame(string(TypeThreats), data.NewField("indicator", nil, ind), data.NewField("kind", nil, kind),
		data.NewField("matchedOn", nil, on), data.NewField("actor", nil, actor), data.NewField("labels", nil, labels))
	numbers := map[string]*data.Field{"confidence": data.NewField("confidence", nil, conf), "messages": data.NewField("messages", nil, msgs)}
	if req.q.Output != "" {
		frame.Fields = append(frame.Fields, numbers[req.q.Output])
		frame.Meta = typedMeta(data.FrameTypeNumericLong)
		return frame
	}
	frame.Fields = append(frame.Fields, numbers["confidence"], numbers["messages"],
		data.NewField("firstSeen", nil, first), data.NewField("lastSeen", nil, last))
	return withProvenance(frame, found)
}

// withProvenance adds where each indicator comes from: its provider and the
// provider's first and last sighting (null when the provider gives none). They
// stay out of the alert output so that its labels stay those of one indicator.
func withProvenance(frame *data.Frame, found []threatRow) *data.Frame {
	n := len(found)
	provider, seen, updated := make([]string, n), make([]*time.Time, n), make([]*time.Time, n)
	for i, r := range found {
		provider[i], seen[i], updated[i] = r.ind.Provider, optionalTime(r.ind.FirstSeen), optionalTime(r.ind.LastSeen)
	}
	frame.Fields = append(frame.Fields, data.NewField("provider", nil, provider),
		data.NewField("indicatorFirstSeen", nil, seen), data.NewField("indicatorLastSeen", nil, updated))
	return frame
}

func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}
