package query

import (
	"strings"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// odataFilter renders a pushed-down filter as the $filter text the Graph client
// sends, without the receivedDateTime range.
func odataFilter(f trace.Filter) string { return strings.Join(f.Clauses(), " and ") }

// Describe shows what a query pushes down to Graph and what it filters locally,
// for the editor's preview. pushdown is the exact $filter text Graph receives
// minus the receivedDateTime range, which depends on the dashboard's time and
// on what the cache already holds; "" means nothing is pushed down. local lists
// every filter, because pushed-down ones are applied locally too.
func Describe(q Query) (pushdown string, local []string) {
	for _, f := range q.Filters {
		local = append(local, columns.DescribeFilter(f))
	}
	return odataFilter(columns.GraphFilter(q.Filters)), local
}
