package query

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// campaignStats is one cluster's row of the campaigns table.
type campaignStats struct {
	template                     string
	messages, senders, recipient int64
	first, last                  int64 // Unix ms
	example                      uint32
}

// campaigns clusters the subjects of mail from outside the accepted domains (see
// cluster.go) and reports clusters of at least minMessages messages from at least
// two senders: one sender mailing many people is a newsletter, many senders with
// one template a campaign. Internal mail is left out: colleagues answering the
// same meeting invitation or filing the same monthly report are not a campaign.
func campaigns(ctx context.Context, x *run) (data.Frames, error) {
	x.rows = x.externalSenders(x.rows)
	x.implicit = append(x.implicit, "sender outside the accepted domains")
	groups, patterns := x.campaignClusters()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	found := x.campaignStats(groups, patterns)
	found = slices.DeleteFunc(found, func(c campaignStats) bool {
		return c.messages < int64(x.q.MinMessages) || c.senders < 2
	})
	slices.SortFunc(found, func(a, b campaignStats) int {
		return cmp.Or(cmp.Compare(b.messages, a.messages), strings.Compare(a.template, b.template))
	})
	return data.Frames{x.campaignFrame(found[:min(len(found), x.q.Limit)])}, nil
}

// campaignClusters returns each selected row's cluster and each cluster's pattern.
func (x *run) campaignClusters() (groups []int32, patterns []string) {
	tmpl := x.templates(x.rows) // interns templates: take the key space after it
	tmplGroups, tmplIDs := groupKeys(tmpl, x.cache.derived.Len())
	assign, patterns := x.clusterSubjects(tmplGroups, tmplIDs)
	groups = make([]int32, len(tmplGroups))
	for i, t := range tmplGroups {
		groups[i] = assign[t]
	}
	return groups, patterns
}

// externalSenders keeps the rows whose sender is outside the accepted domains.
func (x *run) externalSenders(r rows) rows {
	addrs := x.cache.addresses(x.view)
	return r.where(colSender, func(s uint32) bool {
		_, accepted := addrs.info(s)
		return !accepted
	})
}

// clusterSubjects clusters the distinct templates, weighting each by its rows.
func (x *run) clusterSubjects(tmplGroups []int32, tmplIDs []uint32) ([]int32, []string) {
	weight := make([]int64, len(tmplIDs))
	for _, g := range tmplGroups {
		weight[g]++
	}
	infos := x.cache.templateInfos(tmplIDs)
	shapes := make([][]uint32, len(infos))
	for i, info := range infos {
		shapes[i] = info.shape
	}
	wildcard := x.cache.derived.ID(wildcardToken)
	names := x.cache.derived.View()
	isContent := map[uint32]bool{}
	content := func(tok uint32) bool {
		c, ok := isContent[tok]
		if !ok {
			c = isContentWord(names[tok])
			isContent[tok] = c
		}
		return c
	}
	assign, ids := clusterTemplates(shapes, weight, wildcard, content)
	patterns := make([]string, len(ids))
	for i, p := range ids {
		words := make([]string, len(p))
		for j, id := range p {
			words[j] = names[id]
		}
		patterns[i] = joinShape(words)
	}
	return assign, patterns
}

// campaignStats computes each cluster's distinct messages, senders and recipients,
// first and last time, and the subject of its latest message as an example.
func (x *run) campaignStats(groups []int32, patterns []string) []campaignStats {
	part := byGroup(groups, len(patterns))
	space := len(x.view)
	msgs := part.distinct(gather(x.rows, colMessageID), space)
	senders := part.distinct(gather(x.rows, colSender), space)
	recips := part.distinct(gather(x.rows, colRecipient), space)
	times, subjects := gather(x.rows, colTime), gather(x.rows, colSubject)
	out := make([]campaignStats, 0, len(patterns))
	for g, p := range patterns {
		rowsOf := part.order[part.start[g]:part.start[g+1]]
		if len(rowsOf) == 0 {
			continue
		}
		c := campaignStats{template: p, messages: msgs[g], senders: senders[g], recipient: recips[g],
			first: times[rowsOf[0]], last: times[rowsOf[0]], example: subjects[rowsOf[0]]}
		for _, i := range rowsOf[1:] {
			c.first = min(c.first, times[i])
			if times[i] > c.last {
				c.last, c.example = times[i], subjects[i]
			}
		}
		out = append(out, c)
	}
	return out
}

func (x *run) campaignFrame(found []campaignStats) *data.Frame {
	n := len(found)
	tmpl, example := make([]string, n), make([]string, n)
	msgs, senders, recips := make([]int64, n), make([]int64, n), make([]int64, n)
	first, last := make([]time.Time, n), make([]time.Time, n)
	for i, c := range found {
		tmpl[i], example[i] = c.template, x.view[c.example]
		msgs[i], senders[i], recips[i] = c.messages, c.senders, c.recipient
		first[i], last[i] = time.UnixMilli(c.first).UTC(), time.UnixMilli(c.last).UTC()
	}
	if x.q.Output != "" {
		// Alert rules need one number per label set: template + the chosen count.
		numbers := map[string][]int64{"messages": msgs, "senders": senders, "recipients": recips}
		frame := data.NewFrame(string(TypeCampaigns), data.NewField("template", nil, tmpl), data.NewField(x.q.Output, nil, numbers[x.q.Output]))
		frame.Meta = typedMeta(data.FrameTypeNumericLong)
		return frame
	}
	return data.NewFrame(string(TypeCampaigns),
		data.NewField("template", nil, tmpl),
		data.NewField("messages", nil, msgs),
		data.NewField("senders", nil, senders),
		data.NewField("recipients", nil, recips),
		data.NewField("firstSeen", nil, first),
		data.NewField("lastSeen", nil, last),
		data.NewField("example", nil, example),
	)
}
