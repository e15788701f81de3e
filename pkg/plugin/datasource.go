// Package plugin wires the data source into Grafana's plugin SDK: instance settings,
// QueryData, CheckHealth and CallResource. It holds no query logic of its own.
package plugin

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"

	"github.com/exotrace/messagetrace-datasource/pkg/demo"
	"github.com/exotrace/messagetrace-datasource/pkg/geo"
	"github.com/exotrace/messagetrace-datasource/pkg/graph"
	"github.com/exotrace/messagetrace-datasource/pkg/intel"
	"github.com/exotrace/messagetrace-datasource/pkg/profile"
	"github.com/exotrace/messagetrace-datasource/pkg/query"
	"github.com/exotrace/messagetrace-datasource/pkg/store"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// PluginID is the id in plugin.json.
const PluginID = "exotrace-messagetrace-datasource"

// processStart anchors the live demo tenant: incidents sit in the 24 hours before
// the plugin started and replay after it, whatever instance is (re)built.
var processStart = time.Now().UTC()

// Ensure the handlers Grafana calls are implemented.
var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ backend.CallResourceHandler   = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// Datasource is one configured data source instance. Grafana builds one per data
// source and rebuilds it when the settings change.
type Datasource struct {
	settings Settings
	// settingsErr holds what is wrong with the settings; queries and health report it.
	settingsErr error
	domains     []string // accepted domains the engine derives direction from
	source      trace.Source
	graph       *graph.Client // nil in demo mode
	keeper      *keeper       // the archive and its background work; nil when off
	archiveErr  error         // the archive could not be opened; queries run from memory
	store       *store.Store
	engine      *query.Engine
	enrich      *enrichment      // tenant mode's geo, networks, threat intel, watchlists
	profile     profile.Profile  // the tenant profile in use (profile.go)
	stopWords   *tenantStopWords // the stop words of its languages (stopwords.go)
	geo         geo.Resolver     // nil when no IP-to-country data is configured
	resources   backend.CallResourceHandler
	now         func() time.Time
}

// NewDatasource is the instance factory Grafana calls through datasource.Manage.
func NewDatasource(ctx context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	return newDatasource(ctx, s, time.Now)
}

func newDatasource(ctx context.Context, s backend.DataSourceInstanceSettings, now func() time.Time) (*Datasource, error) {
	ds := &Datasource{now: now}
	ds.resources = httpadapter.New(ds.routes())
	st, err := LoadSettings(s)
	ds.settings = st
	if err != nil {
		ds.settingsErr = err
		return ds, nil
	}
	if err := st.Validate(now(), graph.ValidateCertificate); err != nil {
		ds.settingsErr = backend.DownstreamError(fmt.Errorf("the data source settings need fixing: %w", err))
		return ds, nil
	}
	if err := ds.connect(ctx, st, s.UID, s.Name); err != nil {
		ds.settingsErr = err
		return ds, nil
	}
	log.DefaultLogger.FromContext(ctx).Info("Exchange Message Trace instance ready", "mode", st.Mode, "uid", s.UID)
	return ds, nil
}

// connect builds the source, store and engine for valid settings.
func (ds *Datasource) connect(ctx context.Context, st Settings, uid, name string) error {
	domains := st.AcceptedDomains
	opts := store.Options{Now: ds.now, MaxBytes: st.memoryCap()}
	ds.openArchive(ctx, st, uid, &opts)
	var (
		geoIP geo.Resolver
		feed  intel.Feed
		extra query.Options // the rest of the enrichment
	)
	switch st.Mode {
	case ModeDemo:
		t, err := demo.NewTenant(st.demoOptions(ds.now))
		if err != nil {
			return backend.DownstreamError(fmt.Errorf("the data source settings need fixing: %w", err))
		}
		ds.source = t
		if len(domains) == 0 {
			domains = t.Info().AcceptedDomains
		}
		if geoIP, feed, err = demoEnrichment(t.IntelFeed()); err != nil {
			return err
		}
		extra.Watchlist = demoWatchlist(t.Watchlist())
	case ModeTenant:
		cfg := st.graphConfig()
		if ds.keeper != nil {
			cfg.SharedBudget = ds.keeper.sharedBudget() // nil unless PostgreSQL
		}
		c, err := graph.New(cfg)
		if err != nil {
			return fmt.Errorf("cannot set up the Microsoft Graph client: %w", err)
		}
		ds.graph, ds.source = c, c
		ds.enrich = newEnrichment(ctx, st, uid)
		geoIP, feed = ds.enrich.geo, ds.enrich.feed()
		extra = ds.enrich.engineOptions()
	}
	ds.domains, ds.geo = domains, geoIP
	ds.profile = st.resolvedProfile()
	if opts.MaxBytes > 0 {
		opts.HeapLive = heapLive
		applyMemoryLimit(opts.MaxBytes)
	}
	ds.store = store.New(ds.source, opts)
	ds.startKeeper(ctx, st)
	ds.stopWords = newTenantStopWords(ds.profile.Languages)
	var loader query.Loader = alertLoader{store: ds.store, wait: alertWait}
	if ds.profile.Detect() {
		loader = &detectingLoader{Loader: loader, sw: ds.stopWords, engine: func() *query.Engine { return ds.engine }}
	}
	ds.engine = query.NewEngine(loader, query.Options{AcceptedDomains: domains, Now: ds.now, DatasourceUID: uid, DatasourceName: name,
		Geo: geoIP, Intel: feed, Net: extra.Net, Watchlist: extra.Watchlist,
		IntelNotices: extra.IntelNotices, GeoNotices: extra.GeoNotices, WatchlistNotices: extra.WatchlistNotices,
		Profile: engineProfile(ds.profile), StopWords: ds.stopWords})
	return nil
}

// engineProfile is the tenant profile as the query engine takes it.
func engineProfile(p profile.Profile) query.Profile {
	return query.Profile{HomeCountries: p.HomeCountries, Embargoed: p.EmbargoedCountries, TimeZone: p.Location, Languages: p.Languages}
}

// demoOptions anchors the demo tenant. A pinned anchor without replay is frozen
// at the anchor (the demo's own default), so pinned dashboards and tests show the
// same data whatever day they run; otherwise the tenant follows the clock.
func (st Settings) demoOptions(now func() time.Time) demo.Options {
	anchor, _ := st.Anchor() // validated already
	opts := demo.Options{Seed: st.DemoSeed, Anchor: anchor, Replay: st.Replay(), Now: now, Tenant: st.DemoTenant}
	if anchor.IsZero() {
		opts.Anchor = processStart
	} else if !opts.Replay {
		opts.Now = nil
	}
	return opts
}

// demoEnrichment is the demo tenant's IP-to-country map and threat-intel feed.
func demoEnrichment(entries []demo.IntelEntry) (geo.Resolver, intel.Feed, error) {
	inds := make([]intel.Indicator, len(entries))
	for i, e := range entries {
		inds[i] = intel.Indicator{Value: e.Indicator, Kind: intel.Kind(e.Kind), Confidence: e.Confidence, Actor: e.Actor, Labels: e.Labels}
	}
	feed, err := intel.New(inds)
	if err != nil {
		return nil, nil, backend.PluginError(fmt.Errorf("the demo threat-intel feed: %w", err))
	}
	return geo.Func(demo.GeoIP), feed, nil
}

func (st Settings) graphConfig() graph.Config {
	return graph.Config{
		TenantID:                st.TenantID,
		ClientID:                st.ClientID,
		Auth:                    st.AuthType,
		ClientSecret:            st.ClientSecret,
		CertificatePEM:          st.ClientCertificate,
		PrivateKeyPEM:           st.PrivateKey,
		ManagedIdentityClientID: st.managedIdentityClientID(),
		FederatedTokenFile:      st.Azure.WorkloadTokenFile,
		LoginBaseURL:            st.LoginBaseURL,
		GraphBaseURL:            st.GraphBaseURL,
		CACertPEM:               st.CACertificate,
		AllowInsecure:           st.AllowInsecureEndpoints,
		RequestBudget:           st.RequestBudget,
	}
}

// Dispose releases the store when Grafana replaces the instance.
func (ds *Datasource) Dispose() {
	if ds.engine != nil {
		ds.engine.Close() // stops background template warming
	}
	if ds.keeper != nil {
		ds.keeper.stopLoops() // the backfill uses the store
	}
	if ds.store != nil {
		ds.store.Close()
	}
	if ds.keeper != nil {
		ds.keeper.Close() // after the store: its fetches write to the archive
	}
	if ds.graph != nil {
		ds.graph.Close() // after the store: its fetches use the client
	}
	ds.enrich.close()
}

// CallResource serves the editor's look-ups (see routes).
func (ds *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	return ds.resources.CallResource(ctx, req, sender)
}

func (ds *Datasource) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /values", ds.handleValues)
	mux.HandleFunc("POST /preview", ds.handlePreview)
	mux.HandleFunc("GET /dimensions", ds.handleDimensions)
	mux.HandleFunc("GET /profile/suggestions", ds.handleProfileSuggestions)
	return mux
}
