package query

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
)

// KeywordMode says how keywords are ranked.
type KeywordMode string

// Keyword modes.
const (
	KeywordsCount    KeywordMode = "count"    // by messages in the range
	KeywordsBursting KeywordMode = "bursting" // by how far the range exceeds the tenant's history
)

var keywordModes = []KeywordMode{KeywordsCount, KeywordsBursting}

const (
	defaultHistoryDays = 7
	maxHistoryDays     = 30
)

func parseKeywords(q *Query, w wireQuery) error {
	if q.Type != TypeKeywords {
		return nil
	}
	q.KeywordMode = KeywordMode(cmp.Or(w.Mode, string(KeywordsCount)))
	if !slices.Contains(keywordModes, q.KeywordMode) {
		return invalidf("unknown keywords mode %q: use count or bursting", w.Mode)
	}
	if q.KeywordMode == KeywordsBursting {
		return parseHistoryDays(q, w)
	}
	return nil
}

// parseHistoryDays reads the days of history campaigns and bursting keywords
// score against.
func parseHistoryDays(q *Query, w wireQuery) error {
	q.HistoryDays = cmp.Or(w.HistoryDays, defaultHistoryDays)
	if q.HistoryDays < 1 || q.HistoryDays > maxHistoryDays {
		return invalidf("historyDays %d is out of range: use 1 to %d (0 = %d)", w.HistoryDays, maxHistoryDays, defaultHistoryDays)
	}
	return nil
}

// keywords counts subject words: each keyword counts once per message (messageId),
// not once per recipient row, so a mail to 500 people weighs what one mail weighs
// and a campaign's words rank by how many mails carried them. In bursting mode the
// count in the range is set against the keyword's usual volume over historyDays
// (scaled to the range's length) and ranked by burst, so that the words of a lure
// rise above the words the tenant writes every day.
func keywords(ctx context.Context, req *request) (data.Frames, error) {
	msgs := req.sel.Messages(req.sel.Rows)
	tmpl := req.sel.Templates(msgs) // interns templates: take the key space after it
	groups, distinct := columns.GroupKeys(tmpl, req.sel.Cache.Derived().Len())
	now, past := make([]int64, len(distinct)), make([]int64, len(distinct))
	if req.cur == req.from { // no history read: every message is now
		for _, g := range groups {
			now[g]++
		}
	} else {
		for i, ts := range columns.Gather(msgs, columns.ColTime) {
			if ts >= req.cur {
				now[groups[i]]++
			} else {
				past[groups[i]]++
			}
		}
	}
	infos := req.sel.Cache.TemplateInfos(distinct)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	names := req.sel.Cache.Derived().View()
	counts, history := make([]int64, len(names)), make([]int64, len(names))
	var seen []uint32
	for i, info := range infos {
		for _, tok := range info.Keywords {
			if counts[tok] == 0 && history[tok] == 0 {
				seen = append(seen, tok)
			}
			counts[tok] += now[i]
			history[tok] += past[i]
		}
	}
	seen = slices.DeleteFunc(seen, func(tok uint32) bool { return counts[tok] == 0 })
	if req.q.KeywordMode == KeywordsBursting {
		return data.Frames{req.burstingFrame(seen, names, counts, history)}, nil
	}
	slices.SortFunc(seen, func(a, b uint32) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), strings.Compare(names[a], names[b]))
	})
	seen = seen[:min(len(seen), req.q.Limit)]
	words, n := make([]string, len(seen)), make([]int64, len(seen))
	for i, tok := range seen {
		words[i], n[i] = names[tok], counts[tok]
	}
	return data.Frames{data.NewFrame(string(TypeKeywords),
		data.NewField("keyword", nil, words), data.NewField("count", nil, n))}, nil
}

// burstingFrame ranks keywords by burst = (count − expected) / √(expected + 1),
// a Poisson z-score: expected is the keyword's messages over the history scaled
// to the range's length. A word the tenant writes every day scores about 0
// whatever its volume; a word from nowhere scores its count.
func (req *request) burstingFrame(seen []uint32, names []string, counts, history []int64) *data.Frame {
	scale := float64(req.to-req.cur) / float64(req.cur-req.from)
	expected := func(tok uint32) float64 { return float64(history[tok]) * scale }
	burst := func(tok uint32) float64 {
		e := expected(tok)
		return (float64(counts[tok]) - e) / math.Sqrt(e+1)
	}
	slices.SortFunc(seen, func(a, b uint32) int {
		return cmp.Or(cmp.Compare(burst(b), burst(a)), cmp.Compare(counts[b], counts[a]), strings.Compare(names[a], names[b]))
	})
	seen = seen[:min(len(seen), req.q.Limit)]
	words, n, exp, score := make([]string, len(seen)), make([]int64, len(seen)), make([]float64, len(seen)), make([]float64, len(seen))
	for i, tok := range seen {
		words[i], n[i], exp[i], score[i] = names[tok], counts[tok], expected(tok), burst(tok)
	}
	return data.NewFrame(string(TypeKeywords), data.NewField("keyword", nil, words), data.NewField("count", nil, n),
		data.NewField("expected", nil, exp), data.NewField("burst", nil, score))
}
