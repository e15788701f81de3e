package query

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
)

// keywords counts subject words: each keyword counts once per message (messageId),
// not once per recipient row, so a mail to 500 people weighs what one mail weighs
// and a campaign's words rank by how many mails carried them.
func keywords(ctx context.Context, req *request) (data.Frames, error) {
	msgs := req.sel.Messages(req.sel.Rows)
	tmpl := req.sel.Templates(msgs) // interns templates: take the key space after it
	perTemplate, distinct := columns.CountKeys(tmpl, req.sel.Cache.Derived().Len())
	infos := req.sel.Cache.TemplateInfos(distinct)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	names := req.sel.Cache.Derived().View()
	counts := make([]int64, len(names))
	var seen []uint32
	for i, info := range infos {
		for _, tok := range info.Keywords {
			if counts[tok] == 0 {
				seen = append(seen, tok)
			}
			counts[tok] += perTemplate[i]
		}
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
