package query

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
	"github.com/exotrace/messagetrace-datasource/pkg/subject"
)

// campaignStats is one cluster's row of the campaigns table.
type campaignStats struct {
	template                     string
	messages, senders, recipient int64
	first, last                  int64 // Unix ms
	example                      uint32
}

// campaigns clusters the subjects of mail from outside the accepted domains (see
// subject.Cluster) and reports clusters of at least minMessages messages from at
// least two senders: one sender mailing many people is a newsletter, many
// senders with one template a campaign. Internal mail is left out: colleagues answering the
// same meeting invitation or filing the same monthly report are not a campaign.
func campaigns(ctx context.Context, req *request) (data.Frames, error) {
	req.sel.Rows = req.sel.ExternalSenders(req.sel.Rows)
	req.implicit = append(req.implicit, "sender outside the accepted domains")
	groups, patterns := req.campaignClusters()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	found := req.campaignStats(groups, patterns)
	found = slices.DeleteFunc(found, func(c campaignStats) bool {
		return c.messages < int64(req.q.MinMessages) || c.senders < 2
	})
	slices.SortFunc(found, func(a, b campaignStats) int {
		return cmp.Or(cmp.Compare(b.messages, a.messages), strings.Compare(a.template, b.template))
	})
	return data.Frames{req.campaignFrame(found[:min(len(found), req.q.Limit)])}, nil
}

// campaignClusters returns each selected row's cluster and each cluster's pattern.
func (req *request) campaignClusters() (groups []int32, patterns []string) {
	tmpl := req.sel.Templates(req.sel.Rows) // interns templates: take the key space after it
	tmplGroups, tmplIDs := columns.GroupKeys(tmpl, req.sel.Cache.Derived().Len())
	assign, patterns := req.clusterSubjects(tmplGroups, tmplIDs)
	groups = make([]int32, len(tmplGroups))
	for i, t := range tmplGroups {
		groups[i] = assign[t]
	}
	return groups, patterns
}

// clusterSubjects clusters the distinct templates, weighting each by its rows.
func (req *request) clusterSubjects(tmplGroups []int32, tmplIDs []uint32) ([]int32, []string) {
	weight := make([]int64, len(tmplIDs))
	for _, g := range tmplGroups {
		weight[g]++
	}
	infos := req.sel.Cache.TemplateInfos(tmplIDs)
	shapes := make([][]uint32, len(infos))
	for i, info := range infos {
		shapes[i] = info.Shape
	}
	wildcard := req.sel.Cache.Derived().ID(subject.Wildcard)
	names := req.sel.Cache.Derived().View()
	isContent := map[uint32]bool{}
	content := func(tok uint32) bool {
		c, ok := isContent[tok]
		if !ok {
			c = subject.IsContentWord(names[tok])
			isContent[tok] = c
		}
		return c
	}
	assign, ids := subject.Cluster(shapes, weight, wildcard, content)
	patterns := make([]string, len(ids))
	for i, p := range ids {
		words := make([]string, len(p))
		for j, id := range p {
			words[j] = names[id]
		}
		patterns[i] = subject.JoinShape(words)
	}
	return assign, patterns
}

// campaignStats computes each cluster's distinct messages, senders and recipients,
// first and last time, and the subject of its latest message as an example.
func (req *request) campaignStats(groups []int32, patterns []string) []campaignStats {
	part := columns.ByGroup(groups, len(patterns))
	space := len(req.sel.View)
	msgs := part.Distinct(columns.Gather(req.sel.Rows, columns.ColMessageID), space)
	senders := part.Distinct(columns.Gather(req.sel.Rows, columns.ColSender), space)
	recips := part.Distinct(columns.Gather(req.sel.Rows, columns.ColRecipient), space)
	times, subjects := columns.Gather(req.sel.Rows, columns.ColTime), columns.Gather(req.sel.Rows, columns.ColSubject)
	out := make([]campaignStats, 0, len(patterns))
	for g, p := range patterns {
		rowsOf := part.Order[part.Start[g]:part.Start[g+1]]
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

func (req *request) campaignFrame(found []campaignStats) *data.Frame {
	n := len(found)
	tmpl, example := make([]string, n), make([]string, n)
	msgs, senders, recips := make([]int64, n), make([]int64, n), make([]int64, n)
	first, last := make([]time.Time, n), make([]time.Time, n)
	for i, c := range found {
		tmpl[i], example[i] = c.template, req.sel.View[c.example]
		msgs[i], senders[i], recips[i] = c.messages, c.senders, c.recipient
		first[i], last[i] = time.UnixMilli(c.first).UTC(), time.UnixMilli(c.last).UTC()
	}
	if req.q.Output != "" {
		// Alert rules need one number per label set: template + the chosen count.
		numbers := map[string][]int64{"messages": msgs, "senders": senders, "recipients": recips}
		frame := data.NewFrame(string(TypeCampaigns), data.NewField("template", nil, tmpl), data.NewField(req.q.Output, nil, numbers[req.q.Output]))
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
