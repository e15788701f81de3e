// Package columns owns column selections and aggregation: which rows of the
// store's tables a query keeps (filters, compiled once and memoised per distinct
// value), the keys a dimension gives each row (dictionary ids, derived domains,
// directions, size buckets, subject templates, countries, trace ids), grouping
// and ranking those keys, the metrics computed per group, and the caches of
// derived values kept per store dictionary (with their background warming). It
// knows nothing of query JSON, query types or data frames: pkg/query does.
package columns

import (
	"github.com/exotrace/messagetrace-datasource/pkg/asn"
	"github.com/exotrace/messagetrace-datasource/pkg/geo"
)

// Selection is the rows one query keeps, the dictionary their strings are
// spelled in (View) and the cache of values derived from that dictionary.
// Geo resolves the country dimensions, Net the network ones; nil leaves them
// unknown.
type Selection struct {
	Rows  Rows
	View  []string
	Cache *Cache
	Geo   geo.Resolver
	Net   asn.Resolver
}
