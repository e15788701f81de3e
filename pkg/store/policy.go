package store

import "time"

// RefreshRule: a bucket whose end is less than Age ago is re-read at most once
// per Every.
type RefreshRule struct {
	Age, Every time.Duration
}

// RefreshPolicy says when a cached bucket is re-read. Statuses change for minutes
// to hours after a message arrives and rows can appear up to a day late, so young
// buckets are re-read often and old ones not at all.
//
// The rule with the smallest Age that exceeds the bucket's age applies. A bucket
// older than every rule is settled: it is read once more if its last read happened
// before it settled (so the last changes are not lost), and never again. Nil Rules
// means DefaultRefresh; an empty, non-nil slice means no scheduled re-reads, only
// the one read after a bucket has ended.
type RefreshPolicy struct {
	Rules []RefreshRule
}

// DefaultRefresh re-reads buckets that ended less than an hour ago at most once a
// minute and those that ended less than a day ago every 15 minutes.
func DefaultRefresh() RefreshPolicy {
	return RefreshPolicy{Rules: []RefreshRule{
		{Age: time.Hour, Every: time.Minute},
		{Age: 24 * time.Hour, Every: 15 * time.Minute},
	}}
}

// stale reports whether a bucket ending at end, last read at readAt, is due for a
// re-read at now. Rules must be sorted by Age.
func (p RefreshPolicy) stale(end, readAt, now time.Time) bool {
	age := now.Sub(end)
	for _, r := range p.Rules {
		if age < r.Age {
			return now.Sub(readAt) >= r.Every
		}
	}
	settled := end.Add(p.settleAge())
	return readAt.Before(settled) && !now.Before(settled)
}

// settleAge is the age from which a bucket no longer changes.
func (p RefreshPolicy) settleAge() time.Duration {
	if len(p.Rules) == 0 {
		return 0
	}
	return p.Rules[len(p.Rules)-1].Age
}
