package query

import (
	"slices"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/columns"
)

// checkEnrichment fails a query that needs geo or intel data the engine has not
// been given, saying where to configure it, before anything is loaded.
func (e *Engine) checkEnrichment(q Query) error {
	const where = "and this data source has none: set one in the data source settings"
	switch {
	case q.Type == TypeThreats && e.opts.Intel == nil:
		return invalidf("threats needs a threat-intel feed, %s", where)
	case q.Type == TypeWatchlist && e.opts.Watchlist == nil:
		return invalidf("watchlist needs a watchlist of users, %s", where)
	case q.Type == TypeGeo && e.opts.Geo == nil:
		return invalidf("geo needs an IP-to-country database, %s", where)
	}
	dims := queryDims(q)
	if i := slices.IndexFunc(dims, columns.IsCountryDim); i >= 0 && e.opts.Geo == nil {
		return invalidf("%s needs an IP-to-country database, %s", dims[i], where)
	}
	if i := slices.IndexFunc(dims, columns.IsNetworkDim); i >= 0 && e.opts.Net == nil {
		return invalidf("%s needs an IP-to-network (ASN) database, %s", dims[i], where)
	}
	return nil
}

// queryDims are the dimensions q groups, splits, counts or filters on.
func queryDims(q Query) []columns.Dimension {
	dims := slices.Concat(q.GroupBy, []columns.Dimension{q.SplitBy, q.MetricDimension, q.Dimension})
	for _, f := range q.Filters {
		dims = append(dims, f.Dimension)
	}
	return dims
}

// providerNotices adds the notices of the providers this query uses: the
// threat-intel providers for threats, the watchlists for watchlist, the geo
// database for geo and any query on a country. Others carry none of them.
func (req *request) providerNotices() {
	var srcs []func() []string
	switch req.q.Type {
	case TypeThreats:
		srcs = append(srcs, req.e.opts.IntelNotices)
	case TypeWatchlist:
		srcs = append(srcs, req.e.opts.WatchlistNotices)
	}
	if req.q.Type == TypeGeo || slices.ContainsFunc(queryDims(req.q), columns.IsCountryDim) {
		srcs = append(srcs, req.e.opts.GeoNotices)
	}
	for _, src := range srcs {
		if src == nil {
			continue
		}
		for _, n := range src() {
			req.notice(data.NoticeSeverityWarning, n)
		}
	}
}
