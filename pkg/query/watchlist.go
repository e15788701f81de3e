package query

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// WatchEntry is one watchlist naming a user.
type WatchEntry struct {
	User   string // lower-case address
	Risk   int    // 0–100
	Reason string // why the list watches the user; may be empty
	List   string // the list's name
}

// Watchlist says which lists watch an address (none: nil). Its answers may
// change between queries (lists refresh), so they are not cached.
type Watchlist interface {
	Match(addr string) []WatchEntry
}

// watchOutputs are the number columns output can keep for an alert rule.
var watchOutputs = []string{"sent", "received", "externalRecipients", "failed", "quarantined"}

func parseWatchlist(q *Query, _ wireQuery) error {
	if q.Type != TypeWatchlist {
		return nil
	}
	if q.Output != "" && !slices.Contains(watchOutputs, q.Output) {
		return invalidf("unknown output %q: use one of %s for an alert rule, or leave it empty for the table", q.Output, strings.Join(watchOutputs, ", "))
	}
	return nil
}

// watchRow is one watched user's activity.
type watchRow struct {
	user, lists, reason string
	risk                int
	sent, received      map[int64]bool // message keys
	external            map[uint32]bool
	failed, quarantined map[int64]bool
	last                int64 // Unix ms
}

func (w *watchRow) counts() map[string]int64 {
	return map[string]int64{"sent": int64(len(w.sent)), "received": int64(len(w.received)),
		"externalRecipients": int64(len(w.external)), "failed": int64(len(w.failed)), "quarantined": int64(len(w.quarantined))}
}

// watchlistQuery is the watchlist query: the mail activity of every watched user
// sending or receiving in the range — messages sent and received, distinct
// external recipients, failed and quarantined messages, last seen — highest
// risk first. A user on several lists is one row naming them all, with the
// highest risk. Users without mail in the range have no row.
func watchlistQuery(ctx context.Context, req *request) (data.Frames, error) {
	r := req.sel.Rows
	senders, recipients := columns.Gather(r, columns.ColSender), columns.Gather(r, columns.ColRecipient)
	msgIDs, times, status := columns.Gather(r, columns.ColMessageID), columns.Gather(r, columns.ColTime), columns.Gather(r, columns.ColStatus)
	w := watched{req: req, index: map[uint32]int{}}
	addrs := req.sel.Cache.Addresses(req.sel.View)
	for i := range senders {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		msg := int64(msgIDs[i])
		if msg == 0 {
			msg = -int64(i) - 1 // no messageId: a message of its own
		}
		for _, side := range [2]uint32{senders[i], recipients[i]} {
			u := w.row(side)
			if u == nil {
				continue
			}
			if side == senders[i] {
				u.sent[msg] = true
				if _, accepted := addrs.Info(recipients[i]); !accepted && recipients[i] != 0 {
					u.external[recipients[i]] = true
				}
			}
			if side == recipients[i] {
				u.received[msg] = true
			}
			switch status[i] {
			case trace.StatusFailed:
				u.failed[msg] = true
			case trace.StatusQuarantined:
				u.quarantined[msg] = true
			}
			u.last = max(u.last, times[i])
		}
	}
	req.implicit = append(req.implicit, "sender or recipient on a watchlist")
	rows := w.rows
	slices.SortFunc(rows, func(a, b *watchRow) int {
		return cmp.Or(cmp.Compare(b.risk, a.risk), cmp.Compare(len(b.sent)+len(b.received), len(a.sent)+len(a.received)), strings.Compare(a.user, b.user))
	})
	return data.Frames{req.watchFrame(rows[:min(len(rows), req.q.Limit)])}, nil
}

// watched resolves address ids to watched users once per query.
type watched struct {
	req   *request
	index map[uint32]int // address id → row index, -1 when not watched
	rows  []*watchRow
}

// row returns the activity row of address id, or nil when no list watches it.
func (w *watched) row(id uint32) *watchRow {
	if id == 0 {
		return nil
	}
	i, ok := w.index[id]
	if !ok {
		i = w.add(w.req.e.opts.Watchlist.Match(w.req.sel.View[id]))
		w.index[id] = i
	}
	if i < 0 {
		return nil
	}
	return w.rows[i]
}

// add makes the row of a user's entries; -1 for none. Two spellings of one
// address share the row.
func (w *watched) add(entries []WatchEntry) int {
	if len(entries) == 0 {
		return -1
	}
	user := strings.ToLower(entries[0].User)
	if i := slices.IndexFunc(w.rows, func(r *watchRow) bool { return r.user == user }); i >= 0 {
		return i
	}
	row := &watchRow{user: user, risk: -1, sent: map[int64]bool{}, received: map[int64]bool{}, external: map[uint32]bool{},
		failed: map[int64]bool{}, quarantined: map[int64]bool{}, last: -1 << 62}
	var lists, reasons []string
	for _, e := range entries {
		lists = appendNew(lists, e.List)
		reasons = appendNew(reasons, e.Reason)
		row.risk = max(row.risk, e.Risk)
	}
	row.lists, row.reason = strings.Join(lists, ", "), strings.Join(reasons, "; ")
	w.rows = append(w.rows, row)
	return len(w.rows) - 1
}

func appendNew(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// watchFrame is the table, or with output a numeric-long frame of user, list,
// reason and that one number column: one alert instance per watched user.
func (req *request) watchFrame(rows []*watchRow) *data.Frame {
	n := len(rows)
	user, lists, reason := make([]string, n), make([]string, n), make([]string, n)
	risk, last := make([]int64, n), make([]time.Time, n)
	nums := map[string][]int64{}
	for _, o := range watchOutputs {
		nums[o] = make([]int64, n)
	}
	for i, r := range rows {
		user[i], lists[i], reason[i], risk[i] = r.user, r.lists, r.reason, int64(r.risk)
		last[i] = time.UnixMilli(r.last).UTC()
		for o, v := range r.counts() {
			nums[o][i] = v
		}
	}
	frame := data.NewFrame(string(TypeWatchlist), data.NewField("user", nil, user), data.NewField("list", nil, lists),
		data.NewField("reason", nil, reason))
	if req.q.Output != "" {
		frame.Fields = append(frame.Fields, data.NewField(req.q.Output, nil, nums[req.q.Output]))
		frame.Meta = typedMeta(data.FrameTypeNumericLong)
		return frame
	}
	frame.Fields = append(frame.Fields, data.NewField("risk", nil, risk))
	for _, o := range watchOutputs {
		frame.Fields = append(frame.Fields, data.NewField(o, nil, nums[o]))
	}
	frame.Fields = append(frame.Fields, data.NewField("lastSeen", nil, last))
	return frame
}
