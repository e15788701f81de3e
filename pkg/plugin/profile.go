package plugin

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/demo"
	"github.com/exotrace/messagetrace-datasource/pkg/lang"
	"github.com/exotrace/messagetrace-datasource/pkg/profile"
	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// validateDemoTenant checks the demo tenant's name.
func (st Settings) validateDemoTenant() []error {
	if err := demo.CheckTenant(st.DemoTenant); err != nil {
		return []error{err}
	}
	return nil
}

// resolvedProfile is the validated profile; in demo mode unset fields take
// the demo tenant's own (its usual countries and time zone). Settings are
// validated before this runs, so an error here cannot happen.
func (st Settings) resolvedProfile() profile.Profile {
	p, _ := st.Config.Resolve()
	if st.Mode != ModeDemo {
		return p
	}
	info, _ := demo.LookupTenant(st.DemoTenant)
	p = p.WithHome(info.UsualCountries)
	if strings.TrimSpace(st.BusinessTimeZone) == "" {
		if loc, err := time.LoadLocation(info.TimeZone); err == nil {
			p.TimeZone, p.Location = info.TimeZone, loc
		}
	}
	return p
}

func (ds *Datasource) demoTenantName() string {
	if ds.settings.DemoTenant == "" {
		return demo.DefaultTenant
	}
	return ds.settings.DemoTenant
}

// Profile is the tenant profile in use, for the query engine.
func (ds *Datasource) Profile() profile.Profile { return ds.profile }

// detectLanguages runs language detection on the distinct subjects of snap.
func detectLanguages(snap table.Snapshot) []string {
	return lang.Detect(distinctSubjects(snap))
}

func distinctSubjects(snap table.Snapshot) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range snap.Tables {
		view := t.Dict.View()
		for _, id := range t.Subject {
			if s := view[id]; !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	slices.Sort(out) // detection is order-free; sorting keeps ties stable anyway
	return out
}

// Suggestion thresholds: a country is suggested as home when it carries at
// least 1 % of the external traces of the period and appears on at least a
// third of its days, so one burst does not make a country "normal".
const (
	suggestMinPermille = 10
	suggestMinDayShare = 3 // 1/3 of the days
	maxSuggestDays     = 30
)

// CountrySuggestion is one country of the tenant's own external traffic.
type CountrySuggestion struct {
	Country   string `json:"country"`
	Traces    int    `json:"traces"`
	Days      int    `json:"days"`
	Permille  int    `json:"permille"`
	Suggested bool   `json:"suggested"`
	Embargoed bool   `json:"embargoed"`
}

// ProfileSuggestions is what the config editor offers.
type ProfileSuggestions struct {
	From      time.Time           `json:"from"`
	To        time.Time           `json:"to"`
	Countries []CountrySuggestion `json:"countries"`
	Languages []string            `json:"languages"`
	Notices   []string            `json:"notices"`
}

// handleProfileSuggestions suggests home countries and languages from the
// tenant's own traces: GET profile/suggestions?days=30 (1–30).
func (ds *Datasource) handleProfileSuggestions(w http.ResponseWriter, r *http.Request) {
	if !ds.ready(w) {
		return
	}
	days := maxSuggestDays
	if v := r.URL.Query().Get("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxSuggestDays {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("days %q is not a whole number from 1 to %d", v, maxSuggestDays))
			return
		}
		days = n
	}
	sug, err := ds.suggest(r.Context(), days)
	if err != nil {
		writeError(w, http.StatusBadGateway, err.Error())
		return
	}
	writeJSON(w, sug)
}

func (ds *Datasource) suggest(ctx context.Context, days int) (ProfileSuggestions, error) {
	to := ds.now().UTC()
	if anchor, _ := ds.settings.Anchor(); ds.settings.Mode == ModeDemo && !anchor.IsZero() && !ds.settings.Replay() {
		to = anchor // a pinned demo tenant is frozen at its anchor
	}
	from := to.Add(-time.Duration(days) * 24 * time.Hour)
	snap, err := ds.store.Load(ctx, trace.Request{From: from, To: to})
	if err != nil {
		return ProfileSuggestions{}, fmt.Errorf("cannot read the tenant's traces for suggestions: %w", err)
	}
	out := ProfileSuggestions{From: from, To: to, Countries: []CountrySuggestion{}, Languages: detectLanguages(snap), Notices: []string{}}
	for _, n := range snap.Notices {
		out.Notices = append(out.Notices, n.Text)
	}
	if ds.geo == nil {
		out.Notices = append(out.Notices, "No IP-to-country database is configured, so no country can be suggested: set one under Enrichment.")
		return out, nil
	}
	out.Countries = ds.countryShares(snap, from, to)
	return out, nil
}

// countryShares counts external traces per country: the sending server's
// country for inbound mail, the receiving server's for outbound.
func (ds *Datasource) countryShares(snap table.Snapshot, from, to time.Time) []CountrySuggestion {
	type acc struct {
		traces int
		days   map[int64]bool
	}
	byCountry := map[string]*acc{}
	allDays := map[int64]bool{}
	cache := map[uint32]string{}
	total := 0
	fromMs, toMs := from.UnixMilli(), to.UnixMilli()
	for _, t := range snap.Tables {
		view := t.Dict.View()
		for i, ms := range t.Time {
			if ms < fromMs || ms > toMs {
				continue
			}
			ipID := t.FromIP[i]
			if ds.isInternal(view[t.Sender[i]]) {
				if view[t.Recipient[i]] != "" && ds.isInternal(view[t.Recipient[i]]) {
					continue // internal mail has no foreign end
				}
				ipID = t.ToIP[i]
			}
			cc, ok := cache[ipID]
			if !ok {
				cc = ds.countryOf(view[ipID])
				cache[ipID] = cc
			}
			if cc == "" {
				continue
			}
			d := ms / (24 * 3600 * 1000)
			a := byCountry[cc]
			if a == nil {
				a = &acc{days: map[int64]bool{}}
				byCountry[cc] = a
			}
			a.traces++
			a.days[d] = true
			allDays[d] = true
			total++
		}
	}
	out := make([]CountrySuggestion, 0, len(byCountry))
	for cc, a := range byCountry {
		s := CountrySuggestion{Country: cc, Traces: a.traces, Days: len(a.days), Permille: a.traces * 1000 / max(total, 1), Embargoed: ds.profile.IsEmbargoed(cc)}
		s.Suggested = !s.Embargoed && s.Permille >= suggestMinPermille && s.Days*suggestMinDayShare >= len(allDays)
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b CountrySuggestion) int {
		return cmp.Or(cmp.Compare(b.Traces, a.Traces), cmp.Compare(a.Country, b.Country))
	})
	return out
}

func (ds *Datasource) isInternal(addr string) bool {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return false
	}
	return slices.Contains(ds.domains, strings.ToLower(addr[at+1:]))
}

func (ds *Datasource) countryOf(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ""
	}
	cc, _ := ds.geo.Country(a)
	return cc
}
