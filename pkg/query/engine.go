// Package query is the query engine: it parses the query model of
// docs/query-model.md, reads traces through a Loader, filters and aggregates them
// column-wise and returns Grafana data frames.
package query

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/geo"
	"github.com/exotrace/messagetrace-datasource/pkg/intel"
	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Loader is where the engine reads traces. The store implements it; a snapshot
// may hold rows outside the requested range, which the engine drops.
type Loader interface {
	Load(ctx context.Context, req trace.Request) (table.Snapshot, error)
	Details(ctx context.Context, id, recipient string) ([]trace.Detail, error)
}

// Options configure an Engine.
type Options struct {
	// AcceptedDomains are the tenant's own domains; they decide direction.
	AcceptedDomains []string
	// Now is the clock, for queries without a time range. Default time.Now.
	Now func() time.Time
	// DatasourceUID and DatasourceName let each trace row link to its details
	// query. Without a UID the link is left out.
	DatasourceUID  string
	DatasourceName string
	// Geo maps fromIP and toIP to countries: the fromCountry and toCountry
	// dimensions and the geo query. Nil turns them off with a clear error.
	Geo geo.Resolver
	// Intel is the threat-intel feed of the threats query. Nil turns it off.
	Intel intel.Feed
}

// maxCaches bounds the derived-value caches kept: one per store Dict, and a store
// has one, so more only happen when a store replaces its Dict.
const maxCaches = 4

// Engine runs queries. It is safe for concurrent use.
type Engine struct {
	loader   Loader
	opts     Options
	accepted []string

	mu      sync.Mutex
	caches  []dictEntry // most recently created last
	closed  bool
	done    chan struct{}  // closed by Close: background work stops
	warming sync.WaitGroup // background jobs (warm.go)
}

type dictEntry struct {
	dict  *table.Dict
	cache *dictCache
}

// NewEngine returns an engine reading through loader.
func NewEngine(loader Loader, opts Options) *Engine {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Engine{loader: loader, opts: opts, accepted: normalizeDomains(opts.AcceptedDomains), done: make(chan struct{})}
}

// Run executes one query. Every failure is reported in the response, so one bad
// query never breaks the others of a request.
func (e *Engine) Run(ctx context.Context, dq backend.DataQuery) backend.DataResponse {
	q, err := Parse(dq)
	if err != nil {
		return errorResponse(err)
	}
	frames, err := e.execute(ctx, q)
	if err != nil {
		return errorResponse(err)
	}
	return backend.DataResponse{Frames: frames}
}

type handler func(ctx context.Context, x *run) (data.Frames, error)

var handlers = map[QueryType]handler{
	TypeTraces:     traces,
	TypeTimeseries: timeseries,
	TypeStats:      stats,
	TypeTop:        top,
	TypeKeywords:   keywords,
	TypeCampaigns:  campaigns,
	TypeBaseline:   baseline,
	TypeValues:     values,
	TypeGeo:        geoCounts,
	TypeThreats:    threats,
}

func (e *Engine) execute(ctx context.Context, q Query) (data.Frames, error) {
	if q.Type == TypeDetails {
		return e.details(ctx, q)
	}
	x, err := e.prepare(ctx, q)
	if err != nil {
		return nil, err
	}
	frames, err := handlers[q.Type](ctx, x)
	e.warm(x.cache, x.rows.tabs, x.view)
	if err != nil {
		return nil, err
	}
	x.decorate(frames)
	return frames, nil
}

// run is the state of one query: its snapshot, selected rows and notices.
type run struct {
	e        *Engine
	q        Query
	from, to int64 // the range read, Unix ms, [from, to)
	pushed   trace.Filter
	view     []string // the store Dict's strings
	cache    *dictCache
	rows     rows     // read, in range and filtered
	implicit []string // conditions a query type adds to the filters, for the inspector
	notices  []data.Notice
}

// prepare loads the query's range and selects the rows its filters keep.
func (e *Engine) prepare(ctx context.Context, q Query) (*run, error) {
	if err := e.checkEnrichment(q); err != nil {
		return nil, err
	}
	from, to := e.readRange(q)
	x := &run{e: e, q: q, from: from.UnixMilli(), to: to.UnixMilli(), pushed: graphFilter(q.Filters)}
	snap, err := e.loader.Load(ctx, trace.Request{From: from, To: to, Filter: x.pushed})
	if err != nil && snap.Rows() == 0 {
		return nil, fmt.Errorf("loading traces: %w", err)
	}
	if err != nil {
		x.notice(data.NoticeSeverityWarning, "Partial data: "+err.Error())
	}
	for _, n := range snap.Notices {
		x.notice(noticeSeverity(n.Severity), n.Text)
	}
	tabs, dict := unify(snap.Tables)
	x.view, x.cache = dict.View(), e.cacheFor(dict)
	x.rows = inRange(tabs, x.from, x.to)
	if err := x.applyFilters(ctx); err != nil {
		return nil, err
	}
	return x, nil
}

// readRange is the range a query reads: the panel's, or for baseline the current
// window plus the trailing windows it compares with.
func (e *Engine) readRange(q Query) (from, to time.Time) {
	from, to = q.From, q.To
	if to.IsZero() {
		to = e.opts.Now().UTC()
	}
	if q.Type == TypeBaseline {
		from = to.Add(-q.Window * time.Duration(q.BaselineWindows+1))
	}
	if from.IsZero() {
		from = to.Add(-24 * time.Hour)
	}
	return from, to
}

// cacheFor returns the derived-value cache of dict, creating it on first use.
func (e *Engine) cacheFor(dict *table.Dict) *dictCache {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, c := range e.caches {
		if c.dict == dict {
			return c.cache
		}
	}
	c := newDictCache(e.accepted)
	if len(e.caches) == maxCaches {
		e.caches[0].cache.retired.Store(true) // stops its warming
		e.caches = e.caches[1:]
	}
	e.caches = append(e.caches, dictEntry{dict, c})
	return c
}

// unify returns tables that share one Dict. A store uses one Dict for all its
// tables; anything else is re-interned here so that ids stay comparable.
func unify(tabs []*table.Table) ([]*table.Table, *table.Dict) {
	if len(tabs) == 0 {
		return nil, table.NewDict()
	}
	dict := tabs[0].Dict
	same := true
	for _, t := range tabs {
		same = same && t.Dict == dict
	}
	if same {
		return tabs, dict
	}
	dict = table.NewDict()
	out := make([]*table.Table, len(tabs))
	for i, t := range tabs {
		out[i] = table.New(dict, t.Len())
		for r := range t.Len() {
			out[i].Append(t.Row(r))
		}
	}
	return out, dict
}

func (x *run) notice(sev data.NoticeSeverity, text string) {
	x.notices = append(x.notices, data.Notice{Severity: sev, Text: text})
}

func noticeSeverity(s trace.Severity) data.NoticeSeverity {
	switch s {
	case trace.SeverityWarning:
		return data.NoticeSeverityWarning
	case trace.SeverityError:
		return data.NoticeSeverityError
	}
	return data.NoticeSeverityInfo
}
