package query

import (
	"slices"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
)

// checkEnrichment fails a query that needs geo or intel data the engine has not
// been given, saying where to configure it, before anything is loaded.
func (e *Engine) checkEnrichment(q Query) error {
	const where = "and this data source has none: set one in the data source settings"
	if q.Type == TypeThreats && e.opts.Intel == nil {
		return invalidf("threats needs a threat-intel feed, %s", where)
	}
	if e.opts.Geo != nil {
		return nil
	}
	if q.Type == TypeGeo {
		return invalidf("geo needs an IP-to-country database, %s", where)
	}
	dims := slices.Concat(q.GroupBy, []columns.Dimension{q.SplitBy, q.MetricDimension, q.Dimension})
	for _, f := range q.Filters {
		dims = append(dims, f.Dimension)
	}
	if i := slices.IndexFunc(dims, columns.IsCountryDim); i >= 0 {
		return invalidf("%s needs an IP-to-country database, %s", dims[i], where)
	}
	return nil
}
