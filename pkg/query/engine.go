// Package query is the query engine: it parses the query model of
// docs/query-model.md (model.go), routes each query type to its handler (one
// file per type), reads traces through a Loader and returns Grafana data
// frames. Selecting, grouping and aggregating rows is pkg/columns' work, subject
// text pkg/subject's; the Grafana SDK's request and response types stay in
// pkg/plugin.
package query

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/asn"
	"github.com/exotrace/messagetrace-datasource/pkg/columns"
	"github.com/exotrace/messagetrace-datasource/pkg/geo"
	"github.com/exotrace/messagetrace-datasource/pkg/intel"
	"github.com/exotrace/messagetrace-datasource/pkg/subject"
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
	// A Geo, Net or Intel implementing columns.Versioned has its cached answers
	// dropped whenever its version changes (a reload, a refresh).
	Intel intel.Feed
	// Net maps fromIP and toIP to AS numbers and organisations: the fromAsn,
	// fromOrg, toAsn and toOrg dimensions. Nil turns them off with a clear error.
	Net asn.Resolver
	// Watchlist names the watched users of the watchlist query. Nil turns it off.
	Watchlist Watchlist
	// IntelNotices, GeoNotices and WatchlistNotices say what is wrong with the
	// providers (down, stale, loading). Only the queries that use a provider
	// carry its notices; nil funcs have none.
	IntelNotices, GeoNotices, WatchlistNotices func() []string
	// Profile is the tenant profile: home and embargoed countries (the home,
	// notHome, embargoed and notEmbargoed filters), business time zone (the
	// baseline's day and week), languages. The zero profile is UTC and no countries.
	Profile Profile
	// StopWords are the words keywords and campaign merging leave out; nil is
	// subject.Builtin.
	StopWords subject.StopWords
}

// Profile describes the tenant the engine reads: what is usual for it.
type Profile struct {
	HomeCountries []string       // ISO 3166-1 alpha-2
	Embargoed     []string       // ISO 3166-1 alpha-2
	TimeZone      *time.Location // nil = UTC
	Languages     []string       // ISO 639-1, for the stop words the plugin injects
}

// location is the profile's time zone, UTC when unset.
func (p Profile) location() *time.Location {
	if p.TimeZone == nil {
		return time.UTC
	}
	return p.TimeZone
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
	cache *columns.Cache
}

// NewEngine returns an engine reading through loader.
func NewEngine(loader Loader, opts Options) *Engine {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Engine{loader: loader, opts: opts, accepted: columns.NormalizeDomains(opts.AcceptedDomains), done: make(chan struct{})}
}

// Run executes one parsed query. Each query fails on its own, so one bad query
// never breaks the others of a request; pkg/plugin turns the error into the
// query's response.
func (e *Engine) Run(ctx context.Context, q Query) (data.Frames, error) {
	h, ok := handlers[q.Type]
	if !ok {
		return nil, invalidf("unknown queryType %q: use one of %s", q.Type, joinNames(queryTypes))
	}
	if !h.selects {
		return h.run(ctx, &request{e: e, q: q})
	}
	req, err := e.selectRows(ctx, q)
	if err != nil {
		return nil, err
	}
	frames, err := h.run(ctx, req)
	e.warm(req.sel.Cache, req.sel.Rows.Tabs, req.sel.View)
	if err != nil {
		return nil, err
	}
	req.decorate(frames)
	return frames, nil
}

// queryType is how the engine answers one query type: run builds the frames;
// selects says the rows of the query's range and filters are selected first
// (all but details, which asks the loader for one trace's events).
type queryType struct {
	run     func(ctx context.Context, req *request) (data.Frames, error)
	selects bool
}

// handlers is every query type the engine answers.
var handlers = map[QueryType]queryType{
	TypeTraces:     {traces, true},
	TypeTimeseries: {timeseries, true},
	TypeStats:      {stats, true},
	TypeTop:        {top, true},
	TypeKeywords:   {keywords, true},
	TypeCampaigns:  {campaigns, true},
	TypeBaseline:   {baseline, true},
	TypeValues:     {values, true},
	TypeGeo:        {geoCounts, true},
	TypeThreats:    {threats, true},
	TypeNovelty:    {novelty, true},
	TypeWatchlist:  {watchlistQuery, true},
	TypeDetails:    {details, false},
}

// request is one query being answered: the query, the range read, what was
// pushed down to Graph, the rows selected, and what its frames will carry.
type request struct {
	e        *Engine
	q        Query
	from, to int64 // the range read, Unix ms, [from, to)
	cur      int64 // where the panel's range starts: [from, cur) is history
	pushed   trace.Filter
	sel      *columns.Selection // read, in range and filtered; nil for details
	all      columns.Rows       // read and in range, before the filters
	implicit []string           // conditions a query type adds to the filters, for the inspector
	notices  []data.Notice
}

// selectRows loads the query's range and selects the rows its filters keep.
func (e *Engine) selectRows(ctx context.Context, q Query) (*request, error) {
	if err := e.checkEnrichment(q); err != nil {
		return nil, err
	}
	from, cur, to := e.readRange(q)
	req := &request{e: e, q: q, from: from.UnixMilli(), cur: cur.UnixMilli(), to: to.UnixMilli(), pushed: columns.GraphFilter(q.Filters)}
	snap, err := e.loader.Load(ctx, trace.Request{From: from, To: to, Filter: req.pushed})
	if err != nil && snap.Rows() == 0 {
		return nil, fmt.Errorf("loading traces: %w", err)
	}
	if err != nil {
		req.notice(data.NoticeSeverityWarning, "Partial data: "+err.Error())
	}
	for _, n := range snap.Notices {
		req.notice(noticeSeverity(n.Severity), n.Text)
	}
	tabs, dict := unify(snap.Tables)
	req.sel = &columns.Selection{View: dict.View(), Cache: e.cacheFor(dict), Geo: e.opts.Geo, Net: e.opts.Net}
	req.providerNotices()
	req.sel.Rows = columns.InRange(tabs, req.from, req.to)
	req.all = req.sel.Rows
	if err := req.applyFilters(ctx); err != nil {
		return nil, err
	}
	return req, nil
}

// applyFilters keeps the rows that pass every filter, pushed down or not.
func (req *request) applyFilters(ctx context.Context) error {
	for _, f := range req.q.Filters {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, err := columns.ResolveProfile(f, req.e.opts.Profile.HomeCountries, req.e.opts.Profile.Embargoed)
		if err != nil {
			return invalidf("filter %s %s: %v", f.Dimension, f.Op, err)
		}
		p, err := columns.Compile(f)
		if err != nil {
			return invalidf("filter %s %s: %v", f.Dimension, f.Op, err)
		}
		req.sel.Rows = req.sel.Rows.Keep(req.sel.Mask(req.sel.Rows, p))
	}
	return nil
}

// readRange is the range a query reads, [from, to): the panel's, or for baseline
// the current window plus the past windows it compares with, or for the types
// that score against history (novelty, campaigns, bursting keywords) the panel's
// range plus the history before it. cur is where the panel's range starts.
func (e *Engine) readRange(q Query) (from, cur, to time.Time) {
	cur, to = q.From, q.To
	if to.IsZero() {
		to = e.opts.Now().UTC()
	}
	if cur.IsZero() {
		cur = to.Add(-24 * time.Hour)
	}
	from = cur.Add(-q.historySpan())
	if q.Type == TypeBaseline {
		from = time.UnixMilli(e.baselineWindows(q, to.UnixMilli()).first()).UTC()
	}
	return from, cur, to
}

// SetStopWords replaces the stop words of keywords and campaign merging (the
// plugin calls it once the tenant's languages are detected). Keywords are
// derived once per cache, so the caches are dropped and rebuilt on next use.
func (e *Engine) SetStopWords(sw subject.StopWords) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.opts.StopWords = sw
	for _, c := range e.caches {
		c.cache.Retire()
	}
	e.caches = nil
}

// cacheFor returns the derived-value cache of dict, creating it on first use.
func (e *Engine) cacheFor(dict *table.Dict) *columns.Cache {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, c := range e.caches {
		if c.dict == dict {
			return c.cache
		}
	}
	c := columns.NewCache(e.accepted).WithStopWords(e.opts.StopWords)
	if len(e.caches) == maxCaches {
		e.caches[0].cache.Retire() // stops its warming
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

func (req *request) notice(sev data.NoticeSeverity, text string) {
	req.notices = append(req.notices, data.Notice{Severity: sev, Text: text})
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
