// Package watchlist holds lists of internal users that other security tools
// flagged (an endpoint-security product's risky users, HR's leavers...), for
// the watchlist query: whose mail activity to show. Lists load like threat-intel
// lists (package list: a URL or pasted, one address per line or a mapped CSV)
// and refresh the same way, each on its own schedule with its last good copy kept.
package watchlist

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/intel"
	"github.com/exotrace/messagetrace-datasource/pkg/intel/list"
	"github.com/exotrace/messagetrace-datasource/pkg/intel/refresh"
)

// Entry is one watched user.
type Entry struct {
	User   string   // lower-case e-mail address (UPN)
	Risk   int      // 0–100; a list's high / medium / low read as 85 / 50 / 15
	Reason string   // why the user is watched; empty when the list says not
	Labels []string // the list's tags
	List   string   // the list's name
	Added  time.Time
}

// List is one configured list. In a CSV mapping, Indicator is the user column,
// Confidence the risk and Actor the reason.
type List struct {
	ID    string
	Every time.Duration
	list.Config
}

// Watchlists runs the lists.
type Watchlists struct{ m *refresh.Manager }

// Start checks the lists and starts refreshing them.
func Start(lists []List, opts refresh.Options) (*Watchlists, error) {
	providers := make([]refresh.Provider, 0, len(lists))
	for _, l := range lists {
		src, err := list.New(l.Config)
		if err != nil {
			return nil, fmt.Errorf("watchlist: %w", err)
		}
		providers = append(providers, refresh.Provider{ID: "watchlist/" + l.ID, Name: l.Name, Source: usersOnly{src}, Every: l.Every})
	}
	return &Watchlists{m: refresh.Start(providers, opts)}, nil
}

// usersOnly keeps the e-mail addresses of a list and counts the rest as skipped:
// a watchlist names users, not domains or IPs.
type usersOnly struct{ intel.Source }

func (u usersOnly) Fetch(ctx context.Context, prev *intel.Snapshot) (*intel.Snapshot, error) {
	snap, err := u.Source.Fetch(ctx, prev)
	if snap == nil || snap == prev {
		return snap, err
	}
	out := *snap
	out.Indicators = out.Indicators[:0:0]
	for _, ind := range snap.Indicators {
		if ind.Kind == intel.KindEmail {
			out.Indicators = append(out.Indicators, ind)
		} else {
			out.Skipped++
		}
	}
	return &out, err
}

// Match returns the entries watching addr, one per list.
func (w *Watchlists) Match(addr string) []Entry {
	addr = strings.ToLower(strings.TrimSpace(addr))
	var out []Entry
	for _, ind := range w.m.Feed().MatchAddress(addr) {
		if ind.Kind != intel.KindEmail || ind.Value != addr {
			continue
		}
		reason := ind.Actor
		if reason == intel.Unassigned {
			reason = ""
		}
		out = append(out, Entry{User: ind.Value, Risk: ind.Confidence, Reason: reason, Labels: ind.Labels, List: ind.Provider, Added: ind.FirstSeen})
	}
	return out
}

// Version changes whenever any list does (for callers that cache matches).
func (w *Watchlists) Version() uint64 { return w.m.Version() }

// Status is each list's health.
func (w *Watchlists) Status() []refresh.Status { return w.m.Status() }

// Notices name the lists whose users are missing or old, for watchlist queries.
func (w *Watchlists) Notices() []string {
	n := w.m.Notices()
	for i, s := range n {
		n[i] = strings.Replace(s, "Threat-intel provider", "Watchlist", 1)
	}
	return n
}

// Close stops the refreshes.
func (w *Watchlists) Close() { w.m.Close() }
