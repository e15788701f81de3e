package query

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
)

// noveltyDimensions are the dimensions novelty can watch: the inbound country,
// the sender's domain, the subject template and the sender's network (fromAsn).
var noveltyDimensions = []columns.Dimension{columns.DimFromCountry, columns.DimSenderDomain, columns.DimSubjectTemplate, columns.DimFromAsn}

// noveltyOutputs are the novelty columns an alert rule can evaluate alone.
var noveltyOutputs = []string{"messages", "senders"}

const (
	defaultLookbackDays = 30
	// defaultNoveltyHistory is the days with traces novelty needs before calling
	// anything new: on a data source a day old, every value is.
	defaultNoveltyHistory = 7
)

const day = 24 * time.Hour

func parseNovelty(q *Query, w wireQuery) error {
	if q.Type != TypeNovelty {
		return nil
	}
	q.Dimension = columns.Dimension(w.Dimension)
	if !slices.Contains(noveltyDimensions, q.Dimension) {
		return invalidf("novelty needs a dimension: one of %s, got %q", joinNames(noveltyDimensions), w.Dimension)
	}
	q.LookbackDays = cmp.Or(w.LookbackDays, defaultLookbackDays)
	if span := time.Duration(q.LookbackDays)*day + q.To.Sub(q.From); q.LookbackDays < 1 || span > maxHistory {
		return invalidf("lookbackDays %d is out of range: use 1 or more, with the time range at most 90 days in all (Microsoft keeps 90)", w.LookbackDays)
	}
	var err error
	if q.MinCount, err = optionalCount("minCount", w.MinCount, 1, 1<<30); err != nil {
		return err
	}
	if q.MinHistory, err = optionalCount("minHistory", w.MinHistory, min(defaultNoveltyHistory, q.LookbackDays), q.LookbackDays); err != nil {
		return err
	}
	if q.Output != "" && !slices.Contains(noveltyOutputs, q.Output) {
		return invalidf("unknown output %q: use messages or senders for an alert rule, or leave it empty for the table", q.Output)
	}
	return nil
}

// historySpan is how far before the panel's range a query reads.
func (q Query) historySpan() time.Duration {
	switch {
	case q.Type == TypeNovelty:
		return time.Duration(q.LookbackDays) * day
	case q.Type == TypeCampaigns, q.Type == TypeKeywords && q.KeywordMode == KeywordsBursting:
		return time.Duration(q.HistoryDays) * day
	}
	return 0
}

// novelty reports the values of one dimension present in the panel's range but in
// none of the lookbackDays before it, with their messages (distinct messageId) and
// senders now, most messages first. Empty and unknown values are left out. A data
// source holding traces on fewer than minHistory of those days has no history to
// compare with: nothing is reported and a notice says so, so a rule stays normal.
func novelty(ctx context.Context, req *request) (data.Frames, error) {
	if days := daysWithData(req.all, req.from, req.cur); days < req.q.MinHistory {
		req.notice(data.NoticeSeverityInfo, fmt.Sprintf(
			"Not enough history: traces on %d of the %d days before the range, minHistory is %d; nothing is called new until there are more.",
			days, req.q.LookbackDays, req.q.MinHistory))
		return data.Frames{req.noveltyFrame(nil)}, nil
	}
	keys, names := req.sel.Keys(req.sel.Rows, req.q.Dimension)
	times := columns.Gather(req.sel.Rows, columns.ColTime)
	seen := make([]bool, len(names))
	for i, k := range keys {
		if times[i] < req.cur {
			seen[k] = true
		}
	}
	slot := make([]int32, len(names)) // key → group+1
	groups := make([]int32, len(keys))
	var found []noveltyRow
	for i, k := range keys {
		groups[i] = -1
		if times[i] < req.cur || seen[k] || names[k] == "" {
			continue
		}
		if slot[k] == 0 {
			found = append(found, noveltyRow{value: names[k], first: times[i]})
			slot[k] = int32(len(found))
		}
		groups[i] = slot[k] - 1
		found[slot[k]-1].first = min(found[slot[k]-1].first, times[i])
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	req.countNovel(found, groups)
	found = slices.DeleteFunc(found, func(r noveltyRow) bool { return r.messages < int64(req.q.MinCount) })
	slices.SortFunc(found, func(a, b noveltyRow) int {
		return cmp.Or(cmp.Compare(b.messages, a.messages), strings.Compare(a.value, b.value))
	})
	req.implicit = append(req.implicit, fmt.Sprintf("%s not seen in the %d days before the range", req.q.Dimension, req.q.LookbackDays))
	return data.Frames{req.noveltyFrame(found[:min(len(found), req.q.Limit)])}, nil
}

type noveltyRow struct {
	value             string
	messages, senders int64
	first             int64
}

// countNovel fills each new value's distinct messages and senders.
func (req *request) countNovel(found []noveltyRow, groups []int32) {
	part := columns.ByGroup(groups, len(found))
	space := len(req.sel.View)
	msgs := part.Distinct(columns.Gather(req.sel.Rows, columns.ColMessageID), space)
	senders := part.Distinct(columns.Gather(req.sel.Rows, columns.ColSender), space)
	for g := range found {
		found[g].messages, found[g].senders = msgs[g], senders[g]
	}
}

// noveltyFrame is the table, or with output the numeric-long frame of one value
// column and one number column that alerting reads as one instance per value.
func (req *request) noveltyFrame(found []noveltyRow) *data.Frame {
	n := len(found)
	vals, msgs, senders, first := make([]string, n), make([]int64, n), make([]int64, n), make([]time.Time, n)
	for i, r := range found {
		vals[i], msgs[i], senders[i], first[i] = r.value, r.messages, r.senders, time.UnixMilli(r.first).UTC()
	}
	name := string(req.q.Dimension)
	if req.q.Output != "" {
		numbers := map[string][]int64{"messages": msgs, "senders": senders}
		frame := data.NewFrame(string(TypeNovelty), data.NewField(name, nil, vals), data.NewField(req.q.Output, nil, numbers[req.q.Output]))
		frame.Meta = typedMeta(data.FrameTypeNumericLong)
		return frame
	}
	return data.NewFrame(string(TypeNovelty), data.NewField(name, nil, vals),
		data.NewField("messages", nil, msgs), data.NewField("senders", nil, senders), data.NewField("firstSeen", nil, first))
}

// daysWithData counts the whole days of [from, cur) in which the data source holds
// any trace, whatever the query's filters.
func daysWithData(all columns.Rows, from, cur int64) int {
	dayMs := day.Milliseconds()
	n := int((cur - from + dayMs - 1) / dayMs)
	if n <= 0 {
		return 0
	}
	seen, count := make([]bool, n), 0
	for ti, t := range all.Tabs {
		for _, i := range all.Idx[ti] {
			if ts := t.Time[i]; ts >= from && ts < cur {
				if d := (ts - from) / dayMs; !seen[d] {
					seen[d], count = true, count+1
				}
			}
		}
	}
	return count
}
