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
	group                        int32
	template                     string
	variants                     []string
	messages, senders, recipient int64
	first, last                  int64 // Unix ms
	example                      uint32
	usualDaily                   float64 // messages per day over the history
	daysSeen                     int64   // history days with at least one message
	score                        float64
}

// campaignCluster is one reported cluster: the variant clusters merged into it.
type campaignCluster struct {
	pattern  string     // the heaviest variant's pattern
	variants []string   // every variant's pattern, heaviest first
	shapes   [][]uint32 // every variant's collapsed pattern, for matching history
}

// campaigns clusters the subjects of mail from outside the accepted domains (see
// subject.Cluster), merges clusters of one window whose content words coincide
// (variants of one lure, subject.MergeVariants), and reports clusters of at least
// minMessages messages from at least two senders: one sender mailing many people
// is a newsletter, many senders with one template a campaign. Internal mail is
// left out: colleagues answering the same meeting invitation or filing the same
// monthly report are not a campaign. Clusters are ranked by their burst against
// their own history (campaignScore), so that the partners' invoices and
// newsletters of every day rank below a lure seen for the first time.
func campaigns(ctx context.Context, req *request) (data.Frames, error) {
	external := req.sel.ExternalSenders(req.sel.Rows)
	req.implicit = append(req.implicit, "sender outside the accepted domains")
	current, history := external.SplitAt(req.cur)
	req.sel.Rows = current
	groups, clusters := req.campaignClusters()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	found := req.campaignStats(groups, clusters)
	found = slices.DeleteFunc(found, func(c campaignStats) bool {
		return c.messages < int64(req.q.MinMessages) || c.senders < 2
	})
	req.campaignHistory(found, clusters, history)
	slices.SortFunc(found, func(a, b campaignStats) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(b.messages, a.messages), strings.Compare(a.template, b.template))
	})
	return data.Frames{req.campaignFrame(found[:min(len(found), req.q.Limit)])}, nil
}

// campaignClusters returns each selected row's merged cluster and the clusters.
func (req *request) campaignClusters() (groups []int32, clusters []campaignCluster) {
	tmpl := req.sel.Templates(req.sel.Rows) // interns templates: take the key space after it
	tmplGroups, tmplIDs := columns.GroupKeys(tmpl, req.sel.Cache.Derived().Len())
	assign, clusters := req.clusterSubjects(tmplGroups, tmplIDs)
	groups = make([]int32, len(tmplGroups))
	for i, t := range tmplGroups {
		groups[i] = assign[t]
	}
	return groups, clusters
}

// clusterSubjects clusters the distinct templates, weighting each by its rows,
// and merges the clusters that are variants of one another. It returns each
// template's merged cluster.
func (req *request) clusterSubjects(tmplGroups []int32, tmplIDs []uint32) ([]int32, []campaignCluster) {
	weight := make([]int64, len(tmplIDs))
	for _, g := range tmplGroups {
		weight[g]++
	}
	infos := req.sel.Cache.TemplateInfos(tmplIDs)
	shapes := make([][]uint32, len(infos))
	for i, info := range infos {
		shapes[i] = info.Shape
	}
	wildcard := req.sel.Cache.Derived().ID(subject.Wildcard) // interns: take the view after it
	names := req.sel.Cache.Derived().View()
	assign, ids := subject.Cluster(shapes, weight, wildcard, req.contentWord(names))
	// The roots in use, their weight and content words.
	rootOf, roots := columns.GroupKeys(int32sToKeys(assign), len(ids))
	rootWeight := make([]int64, len(roots))
	for t, r := range rootOf {
		rootWeight[r] += weight[t]
	}
	patterns, words := make([]string, len(roots)), make([][]string, len(roots))
	for r, id := range roots {
		patterns[r] = spell(ids[id], names)
		words[r] = subject.ContentWords(patterns[r], req.sel.Cache.StopWords())
	}
	lead := subject.MergeVariants(words, rootWeight, subject.DefaultMinJaccard)
	merged, leads := columns.GroupKeys(int32sToKeys(lead), len(roots))
	clusters := make([]campaignCluster, len(leads))
	order := make([]int, len(roots)) // variants heaviest first
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rootWeight[b], rootWeight[a]) })
	for _, r := range order {
		c := &clusters[merged[r]]
		c.variants = append(c.variants, patterns[r])
		c.shapes = append(c.shapes, ids[roots[r]])
	}
	for g := range clusters {
		clusters[g].pattern = clusters[g].variants[0]
	}
	out := make([]int32, len(assign))
	for t := range assign {
		out[t] = merged[rootOf[t]]
	}
	return out, clusters
}

// contentWord tells whether a derived token can carry a clustering match, memoised.
func (req *request) contentWord(names []string) func(uint32) bool {
	isContent := map[uint32]bool{}
	return func(tok uint32) bool {
		c, ok := isContent[tok]
		if !ok {
			c = subject.IsContentWord(names[tok])
			isContent[tok] = c
		}
		return c
	}
}

func spell(ids []uint32, names []string) string {
	words := make([]string, len(ids))
	for j, id := range ids {
		words[j] = names[id]
	}
	return subject.JoinShape(words)
}

func int32sToKeys(v []int32) []uint32 {
	out := make([]uint32, len(v))
	for i, x := range v {
		out[i] = uint32(x)
	}
	return out
}

// campaignStats computes each cluster's distinct messages, senders and recipients,
// first and last time, and the subject of its latest message as an example.
func (req *request) campaignStats(groups []int32, clusters []campaignCluster) []campaignStats {
	part := columns.ByGroup(groups, len(clusters))
	space := len(req.sel.View)
	msgs := part.Distinct(columns.Gather(req.sel.Rows, columns.ColMessageID), space)
	senders := part.Distinct(columns.Gather(req.sel.Rows, columns.ColSender), space)
	recips := part.Distinct(columns.Gather(req.sel.Rows, columns.ColRecipient), space)
	times, subjects := columns.Gather(req.sel.Rows, columns.ColTime), columns.Gather(req.sel.Rows, columns.ColSubject)
	out := make([]campaignStats, 0, len(clusters))
	for g, cl := range clusters {
		rowsOf := part.Order[part.Start[g]:part.Start[g+1]]
		if len(rowsOf) == 0 {
			continue
		}
		c := campaignStats{group: int32(g), template: cl.pattern, variants: cl.variants, messages: msgs[g], senders: senders[g],
			recipient: recips[g], first: times[rowsOf[0]], last: times[rowsOf[0]], example: subjects[rowsOf[0]]}
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

// campaignHistory sets each found cluster's usual daily volume, its days seen
// over historyDays and its score. A history template counts for every cluster
// whose variants match it (subject.Matches): clusters of one window overlap
// ("delivery note <num> <*>" and "<*> harbor <num> supply co" both match a
// partner's delivery note), and each is scored on its own, so handing a history
// template to the first match only would leave the others without a history and
// score a partner's every-day mail as new.
func (req *request) campaignHistory(found []campaignStats, clusters []campaignCluster, history columns.Rows) {
	days := req.q.HistoryDays
	if days == 0 || len(found) == 0 {
		for i := range found {
			found[i].score = campaignScore(found[i], 0, req.to-req.cur)
		}
		return
	}
	perDay := req.templateDays(history, days)
	infos := req.sel.Cache.TemplateInfos(perDay.templates)
	wildcard := req.sel.Cache.Derived().ID(subject.Wildcard)
	content := req.contentWord(req.sel.Cache.Derived().View())
	for f := range found {
		sum := make([]int64, days)
		for t, info := range infos {
			if slices.ContainsFunc(clusters[found[f].group].shapes, func(p []uint32) bool { return subject.Matches(p, info.Shape, wildcard, content) }) {
				for d := range days {
					sum[d] += perDay.messages[t*days+d]
				}
			}
		}
		var total int64
		for _, n := range sum {
			total += n
			if n > 0 {
				found[f].daysSeen++
			}
		}
		found[f].usualDaily = float64(total) / float64(days)
		found[f].score = campaignScore(found[f], float64(found[f].daysSeen)/float64(days), req.to-req.cur)
	}
}

// templateDays is the history's distinct messages per template and day. A
// message has one subject, so per-template counts add up exactly.
type templateDays struct {
	templates []uint32 // derived template ids
	messages  []int64  // [template*days + day]
}

func (req *request) templateDays(history columns.Rows, days int) templateDays {
	tmplGroups, tmplIDs := columns.GroupKeys(req.sel.Templates(history), req.sel.Cache.Derived().Len())
	dayMs := day.Milliseconds()
	groups := make([]int32, len(tmplGroups))
	for i, ts := range columns.Gather(history, columns.ColTime) {
		groups[i] = tmplGroups[i]*int32(days) + int32(min((ts-req.from)/dayMs, int64(days-1)))
	}
	msgs := columns.ByGroup(groups, len(tmplIDs)*days).Distinct(columns.Gather(history, columns.ColMessageID), len(req.sel.View))
	return templateDays{templates: tmplIDs, messages: msgs}
}

// campaignScore is a cluster's burst: its messages against the volume its usual
// day would bring (1 + usualDaily, scaled up for windows longer than a day: a
// partner's daily newsletter arrives at once, so a shorter window is held
// against a whole day), lowered by up to 90 % by the share of history days it
// was seen on. A lure seen for the first time scores its messages; a template
// of every day scores about a tenth of its excess.
func campaignScore(c campaignStats, seenShare float64, windowMs int64) float64 {
	expected := c.usualDaily * max(float64(windowMs)/float64(day.Milliseconds()), 1)
	return float64(c.messages) / (1 + expected) * (1 - 0.9*seenShare)
}

func (req *request) campaignFrame(found []campaignStats) *data.Frame {
	n := len(found)
	tmpl, example, variants := make([]string, n), make([]string, n), make([]string, n)
	msgs, senders, recips, seen, nVariants := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	usual, score := make([]float64, n), make([]float64, n)
	first, last := make([]time.Time, n), make([]time.Time, n)
	for i, c := range found {
		tmpl[i], example[i], variants[i] = c.template, req.sel.View[c.example], strings.Join(c.variants, variantSep)
		msgs[i], senders[i], recips[i], seen[i], nVariants[i] = c.messages, c.senders, c.recipient, c.daysSeen, int64(len(c.variants))
		usual[i], score[i] = c.usualDaily, c.score
		first[i], last[i] = time.UnixMilli(c.first).UTC(), time.UnixMilli(c.last).UTC()
	}
	if req.q.Output != "" {
		// Alert rules need one number per label set: template + the chosen count.
		// variants counts the merged subject variants: lures vary their subject
		// to slip past filters, a partner's newsletter keeps one.
		numbers := map[string]any{"messages": msgs, "senders": senders, "recipients": recips, "score": score, "variants": nVariants}
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
		data.NewField("variants", nil, variants),
		data.NewField("usualDaily", nil, usual),
		data.NewField("daysSeen", nil, seen),
		data.NewField("score", nil, score),
	)
}

// variantSep joins a cluster's variants in the variants column.
const variantSep = " | "
