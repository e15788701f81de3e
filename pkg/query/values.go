package query

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
)

// Values lists the distinct values of a dimension received in [from, to), most
// frequent first, for editor autocomplete; the values query type serves template
// variables the same way. prefix filters case-insensitively; empty values (an
// inbound mail's toIP) are left out. A zero to means now, a zero from the day
// before to; limit 0 means 100.
func (e *Engine) Values(ctx context.Context, dim string, from, to time.Time, prefix string, limit int) ([]string, error) {
	d, err := groupDimension("dimension", dim)
	if err != nil {
		return nil, err
	}
	if d == "" {
		return nil, invalidf("values needs a dimension: one of %s", joinNames(groupable))
	}
	bounds := limits[TypeValues]
	limit = cmp.Or(limit, bounds[0])
	if limit < 1 || limit > bounds[1] {
		return nil, invalidf("limit %d is out of range: use 1 to %d", limit, bounds[1])
	}
	req, err := e.selectRows(ctx, Query{Type: TypeValues, From: from, To: to, Dimension: d, Prefix: prefix, Limit: limit})
	if err != nil {
		return nil, err
	}
	vals, _ := req.values()
	e.warm(req.sel.Cache, req.sel.Rows.Tabs, req.sel.View)
	return vals, nil
}

// values is the query type: one string field value and its count, for variables.
func values(_ context.Context, req *request) (data.Frames, error) {
	vals, counts := req.values()
	return data.Frames{data.NewFrame(string(TypeValues),
		data.NewField("value", nil, vals), data.NewField("count", nil, counts))}, nil
}

// values counts the rows per value of the query's dimension and returns the top
// limit values with the prefix, by count then name.
func (req *request) values() ([]string, []int64) {
	keys, names := req.sel.Keys(req.sel.Rows, req.q.Dimension)
	counts, distinct := columns.CountKeys(keys, len(names))
	prefix := strings.ToLower(req.q.Prefix)
	order := make([]int, 0, len(distinct))
	for i, k := range distinct {
		if v := names[k]; v != "" && strings.HasPrefix(strings.ToLower(v), prefix) {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), strings.Compare(names[distinct[a]], names[distinct[b]]))
	})
	order = order[:min(len(order), req.q.Limit)]
	vals, n := make([]string, len(order)), make([]int64, len(order))
	for i, o := range order {
		vals[i], n[i] = names[distinct[o]], counts[o]
	}
	return vals, n
}
