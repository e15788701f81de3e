package query

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// keywords counts subject words: each keyword counts once per message (messageId),
// not once per recipient row, so a mail to 500 people weighs what one mail weighs
// and a campaign's words rank by how many mails carried them.
func keywords(ctx context.Context, x *run) (data.Frames, error) {
	msgs := x.messages(x.rows)
	tmpl := x.templates(msgs) // interns templates: take the key space after it
	perTemplate, distinct := countKeys(tmpl, x.cache.derived.Len())
	infos := x.cache.templateInfos(distinct)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	names := x.cache.derived.View()
	counts := make([]int64, len(names))
	var seen []uint32
	for i, info := range infos {
		for _, tok := range info.keywords {
			if counts[tok] == 0 {
				seen = append(seen, tok)
			}
			counts[tok] += perTemplate[i]
		}
	}
	slices.SortFunc(seen, func(a, b uint32) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), strings.Compare(names[a], names[b]))
	})
	seen = seen[:min(len(seen), x.q.Limit)]
	words, n := make([]string, len(seen)), make([]int64, len(seen))
	for i, tok := range seen {
		words[i], n[i] = names[tok], counts[tok]
	}
	return data.Frames{data.NewFrame(string(TypeKeywords),
		data.NewField("keyword", nil, words), data.NewField("count", nil, n))}, nil
}

// messages keeps the first row of each messageId. Rows without a messageId count
// as messages of their own.
func (x *run) messages(r rows) rows {
	seen := make([]bool, len(x.view))
	return r.where(colMessageID, func(id uint32) bool {
		first := id == 0 || !seen[id]
		seen[id] = true
		return first
	})
}

// keywordTokens returns the distinct keywords of a template: words of alphabetic
// scripts, lower-cased, of two letters or more and not stop words; Han and Hangul
// runs as overlapping character bigrams, since those scripts do not separate
// words (請求書 gives 請求 and 求書). A Katakana run is one loanword (サービス,
// ドキュメント) and is kept whole: its bigrams (ービ) mean nothing. Hiragana runs are
// Japanese particles and endings (の, です, ください) and act as stop words.
// Placeholders (numbers, ids, addresses, URLs) and single characters are dropped.
func keywordTokens(tmpl string) []string {
	var out []string
	scanRuns(tmpl, func(k runKind, t string) {
		switch k {
		case runWord, runKatakana:
			t = strings.TrimRight(t, "'’")
			if utf8.RuneCountInString(t) >= 2 && !englishStopWords[t] {
				out = append(out, t)
			}
		case runHan, runHangul:
			out = appendBigrams(out, t)
		}
	})
	slices.Sort(out)
	return slices.Compact(out)
}

func appendBigrams(out []string, run string) []string {
	rs := []rune(run)
	for i := 0; i+1 < len(rs); i++ {
		if bg := string(rs[i : i+2]); !cjkStopBigrams[bg] {
			out = append(out, bg)
		}
	}
	return out
}
