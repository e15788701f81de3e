package plugin

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/asn"
	"github.com/exotrace/messagetrace-datasource/pkg/demo"
	"github.com/exotrace/messagetrace-datasource/pkg/geo"
	"github.com/exotrace/messagetrace-datasource/pkg/intel"
	"github.com/exotrace/messagetrace-datasource/pkg/intel/crowdstrike"
	"github.com/exotrace/messagetrace-datasource/pkg/intel/list"
	"github.com/exotrace/messagetrace-datasource/pkg/intel/misp"
	"github.com/exotrace/messagetrace-datasource/pkg/intel/refresh"
	"github.com/exotrace/messagetrace-datasource/pkg/intel/taxii"
	"github.com/exotrace/messagetrace-datasource/pkg/query"
	"github.com/exotrace/messagetrace-datasource/pkg/watchlist"
)

// geoReloadEvery is how often a mounted geo database is checked for changes.
const geoReloadEvery = time.Minute

// enrichment is a tenant data source's geo, network, threat-intel and
// watchlist data. Nothing in it can fail the data source: each broken part
// becomes a warning in health and a notice on the queries that need it.
type enrichment struct {
	geo      geo.Resolver
	geoLive  *geo.Live // nil when the shipped database is used
	asn      asn.Resolver
	asnInfo  string
	intel    *refresh.Manager // nil without providers
	watch    *watchlist.Watchlists
	warnings []string // found while building; health adds the live ones
	cancel   context.CancelFunc
}

// newEnrichment builds what the settings ask for. uid scopes persisted copies.
func newEnrichment(ctx context.Context, st Settings, uid string) *enrichment {
	bg, cancel := context.WithCancel(context.Background())
	e := &enrichment{cancel: cancel}
	e.buildGeo(ctx, bg, st)
	e.buildASN(ctx, st)
	opts := refresh.Options{Dir: st.dataDir(), Scope: uid}
	client := &http.Client{Timeout: 2 * time.Minute}
	var providers []refresh.Provider
	if st.ThreatIntelPath != "" {
		providers = append(providers, refresh.Provider{ID: "file", Name: "threat-intel file", Source: fileSource{st.ThreatIntelPath}, Every: time.Minute})
	}
	for _, p := range st.IntelProviders {
		if p.Disabled {
			continue
		}
		src, err := p.source(client)
		if err != nil {
			e.warnings = append(e.warnings, fmt.Sprintf("Threat-intel provider %s is not used: %v", p.Name, err))
			continue
		}
		providers = append(providers, refresh.Provider{ID: p.Type + "/" + p.ID, Name: p.Name, Source: src, Every: every(p.RefreshMinutes)})
	}
	if len(providers) > 0 {
		e.intel = refresh.Start(providers, opts)
	}
	if len(st.Watchlists) > 0 {
		lists := make([]watchlist.List, len(st.Watchlists))
		for i, w := range st.Watchlists {
			lists[i] = watchlist.List{ID: w.ID, Every: every(w.RefreshMinutes), Config: list.Config{Name: w.Name, URL: w.URL, Inline: w.Inline,
				ListOptions: intel.ListOptions{Format: w.Format, Mapping: w.Mapping, Confidence: w.Risk}, HeaderName: w.APIKeyHeader, HeaderValue: w.Secret, Client: client}}
		}
		wl, err := watchlist.Start(lists, opts)
		if err != nil {
			e.warnings = append(e.warnings, err.Error())
		} else {
			e.watch = wl
		}
	}
	return e
}

func (e *enrichment) buildGeo(ctx, bg context.Context, st Settings) {
	shipped, err := geo.Shipped()
	if err != nil { // cannot happen with an intact binary; still no reason to fail
		e.warnings = append(e.warnings, "Geo: "+err.Error())
	}
	if st.GeoDatabasePath == "" {
		if shipped != nil {
			e.geo = shipped
		}
		return
	}
	e.geoLive = geo.OpenLive(bg, st.GeoDatabasePath, geoReloadEvery)
	e.geo = fallbackGeo{live: e.geoLive, shipped: shipped}
	_ = ctx
}

// fallbackGeo answers from the mounted file once it has loaded, and from the
// shipped database until then (a missing or broken file on the first load).
type fallbackGeo struct {
	live    *geo.Live
	shipped *geo.MMDB
}

func (f fallbackGeo) Country(ip netip.Addr) (string, bool) {
	if f.live.Loaded() || f.shipped == nil {
		return f.live.Country(ip)
	}
	return f.shipped.Country(ip)
}

// Version lets the engine drop cached countries after a reload.
func (f fallbackGeo) Version() uint64 { return f.live.Version() }

func (e *enrichment) buildASN(ctx context.Context, st Settings) {
	if st.ASNDatabasePath != "" {
		r, err := asn.Open(ctx, st.ASNDatabasePath)
		if err == nil {
			e.asn, e.asnInfo = r, st.ASNDatabasePath
			return
		}
		e.warnings = append(e.warnings, fmt.Sprintf("Networks: %v; using the shipped ASN database", err))
	}
	t, err := asn.Shipped()
	if err != nil {
		e.warnings = append(e.warnings, "Networks: "+err.Error())
		return
	}
	e.asn, e.asnInfo = t, fmt.Sprintf("%s (built %s)", asn.ShippedName, asn.ShippedBuilt.Format("2006-01-02"))
}

// source builds a provider's source from its settings.
func (p IntelProviderSettings) source(client *http.Client) (intel.Source, error) {
	switch p.Type {
	case "crowdstrike":
		return crowdstrike.New(crowdstrike.Config{Cloud: p.Cloud, BaseURL: p.BaseURL, ClientID: p.ClientID, ClientSecret: p.Secret,
			MinConfidence: p.MinConfidence, Client: client})
	case "taxii":
		cfg := taxii.Config{Name: p.Name, CollectionURL: p.CollectionURL, Confidence: p.Confidence, Client: client}
		if p.APIKeyHeader != "" {
			cfg.APIKeyHeader, cfg.APIKey = p.APIKeyHeader, p.Secret
		} else {
			cfg.Username, cfg.Password = p.Username, p.Secret
		}
		return taxii.New(cfg)
	case "misp":
		return misp.New(misp.Config{Name: p.Name, BaseURL: p.BaseURL, APIKey: p.Secret, Confidence: p.Confidence, Client: client})
	case "list":
		return list.New(list.Config{Name: p.Name, URL: p.URL, Inline: p.Inline, HeaderName: p.APIKeyHeader, HeaderValue: p.Secret, Client: client,
			ListOptions: intel.ListOptions{Format: p.Format, Mapping: p.Mapping, Confidence: p.Confidence, Actor: p.Actor}})
	}
	return nil, fmt.Errorf("type %q is not known", p.Type)
}

// fileSource is the threat-intel file mounted on the Grafana server
// (threatIntelPath): reread when its modification time changes.
type fileSource struct{ path string }

func (f fileSource) Fetch(ctx context.Context, prev *intel.Snapshot) (*intel.Snapshot, error) {
	st, err := os.Stat(f.path)
	if err != nil {
		return nil, fmt.Errorf("threat-intel feed: %w", err)
	}
	stamp := st.ModTime().UTC().Format(time.RFC3339Nano) + fmt.Sprint(st.Size())
	if prev != nil && prev.Cursor == stamp {
		return prev, nil
	}
	s, err := intel.LoadFile(ctx, f.path)
	if err != nil {
		return nil, err
	}
	return &intel.Snapshot{Indicators: s.All(), Cursor: stamp}, nil
}

// feed is the engine's view of the providers: nil without any, so threat
// queries say none is configured.
func (e *enrichment) feed() intel.Feed {
	if e.intel == nil {
		return nil
	}
	return liveFeed{e.intel}
}

// liveFeed always matches against the providers' current copies.
type liveFeed struct{ m *refresh.Manager }

func (l liveFeed) MatchAddress(a string) []intel.Indicator { return l.m.Feed().MatchAddress(a) }
func (l liveFeed) MatchIP(ip netip.Addr) []intel.Indicator { return l.m.Feed().MatchIP(ip) }

// Version changes with every refresh, for the engine's caches.
func (l liveFeed) Version() uint64 { return l.m.Version() }

// engineOptions are the engine's networks, watchlist and notices; the geo
// resolver and the feed are set beside the demo's.
func (e *enrichment) engineOptions() query.Options {
	o := query.Options{IntelNotices: e.IntelNotices, GeoNotices: e.GeoNotices, WatchlistNotices: e.WatchlistNotices}
	if e.asn != nil {
		o.Net = e.asn
	}
	if e.watch != nil {
		o.Watchlist = liveWatchlist{e.watch}
	}
	return o
}

// liveWatchlist answers the watchlist query from the lists' current copies.
type liveWatchlist struct{ w *watchlist.Watchlists }

func (l liveWatchlist) Match(addr string) []query.WatchEntry {
	entries := l.w.Match(addr)
	out := make([]query.WatchEntry, len(entries))
	for i, en := range entries {
		out[i] = query.WatchEntry{User: en.User, Risk: en.Risk, Reason: en.Reason, List: en.List}
	}
	return out
}

// demoWatchlist is the demo tenant's fixed watchlist.
type demoWatchlist []demo.WatchEntry

func (d demoWatchlist) Match(addr string) []query.WatchEntry {
	var out []query.WatchEntry
	for _, en := range d {
		if strings.EqualFold(en.User, strings.TrimSpace(addr)) {
			out = append(out, query.WatchEntry{User: en.User, Risk: en.Risk, Reason: en.Reason, List: en.List})
		}
	}
	return out
}

// IntelNotices are the notices threat queries carry: one per provider whose
// indicators are missing or old.
func (e *enrichment) IntelNotices() []string {
	if e == nil || e.intel == nil {
		return nil
	}
	return e.intel.Notices()
}

// GeoNotices is the notice geo queries and country dimensions carry while the
// configured database cannot be loaded (the last good copy, or the shipped
// database, answers meanwhile).
func (e *enrichment) GeoNotices() []string {
	if e == nil || e.geoLive == nil {
		return nil
	}
	s := e.geoLive.Status()
	if s.Err == nil {
		return nil
	}
	using := "the shipped database"
	if s.Info.Source != "" {
		using = "its copy of " + s.Info.Built.Format("2006-01-02 15:04 MST")
	}
	return []string{fmt.Sprintf("The IP-to-country database could not be loaded, countries come from %s: %v", using, s.Err)}
}

// WatchlistNotices likewise for watchlist queries.
func (e *enrichment) WatchlistNotices() []string {
	if e == nil || e.watch == nil {
		return nil
	}
	return e.watch.Notices()
}

// health describes the enrichment: what is in use, and warnings.
func (e *enrichment) health() (summary string, warnings []string) {
	warnings = append(warnings, e.warnings...)
	var parts []string
	switch {
	case e.geoLive != nil:
		s := e.geoLive.Status()
		if s.Err != nil {
			warnings = append(warnings, "Geo: "+s.Err.Error())
		}
		if s.Info.Source != "" {
			parts = append(parts, "Geo: "+s.Info.String())
		} else if sh, err := geo.Shipped(); err == nil {
			parts = append(parts, "Geo: "+sh.Info().String()+" until the configured file loads")
		}
	case e.geo != nil:
		parts = append(parts, "Geo: "+e.geo.(geo.Database).Info().String())
	}
	if e.asn != nil {
		parts = append(parts, "Networks: "+e.asnInfo)
	}
	if e.intel != nil {
		var ok []string
		for _, s := range e.intel.Status() {
			switch s.State {
			case refresh.StateOK:
				ok = append(ok, fmt.Sprintf("%s (%d indicators)", s.Name, s.Indicators))
			case refresh.StateLoading:
				ok = append(ok, s.Name+" (loading)")
			default:
				warnings = append(warnings, fmt.Sprintf("Threat intel: %s: %v", s.Name, s.Err))
			}
		}
		if len(ok) > 0 {
			parts = append(parts, "Threat intel: "+strings.Join(ok, ", "))
		}
	}
	if e.watch != nil {
		for _, s := range e.watch.Status() {
			if s.Err != nil {
				warnings = append(warnings, fmt.Sprintf("Watchlist %s: %v", s.Name, s.Err))
			}
		}
	}
	return strings.Join(parts, ". "), warnings
}

func (e *enrichment) close() {
	if e == nil {
		return
	}
	e.cancel()
	if e.intel != nil {
		e.intel.Close()
	}
	if e.watch != nil {
		e.watch.Close()
	}
}
