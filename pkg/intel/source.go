package intel

import (
	"context"
	"time"
)

// Source is a provider of indicators: a threat-intel service, a TAXII
// collection, a MISP instance or a list. The refresher (package refresh) calls
// it on its schedule.
type Source interface {
	// Fetch returns the provider's current indicators. prev is the last good
	// snapshot (nil the first time) for incremental and conditional requests;
	// returning prev itself means "not modified". On an error after some pages,
	// Fetch returns both the snapshot so far (cursor at the last good page) and
	// the error, so fetched rows are never dropped.
	Fetch(ctx context.Context, prev *Snapshot) (*Snapshot, error)
}

// Snapshot is one good copy of a provider's indicators, as persisted.
type Snapshot struct {
	Indicators []Indicator `json:"indicators"`
	// Cursor is the provider's resume point (an ETag, a marker, a timestamp).
	Cursor  string    `json:"cursor,omitempty"`
	Fetched time.Time `json:"fetched"`
	// Skipped counts entries the provider sent that are not usable indicators.
	Skipped int `json:"skipped,omitempty"`
}

// MergeByRef returns prev's indicators updated with next: an indicator of next
// replaces every earlier one with the same Ref (an updated object), and drop
// removes refs (revoked or expired objects). Indicators without a Ref are kept.
func MergeByRef(prev []Indicator, next []Indicator, drop map[string]bool) []Indicator {
	replaced := map[string]bool{}
	for _, ind := range next {
		if ind.Ref != "" {
			replaced[ind.Ref] = true
		}
	}
	out := make([]Indicator, 0, len(prev)+len(next))
	for _, ind := range prev {
		if ind.Ref == "" || (!replaced[ind.Ref] && !drop[ind.Ref]) {
			out = append(out, ind)
		}
	}
	for _, ind := range next {
		if !drop[ind.Ref] {
			out = append(out, ind)
		}
	}
	return out
}
