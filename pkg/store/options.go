package store

import (
	"cmp"
	"slices"
	"time"
)

// Defaults for the zero values of Options.
const (
	DefaultBucketSize = time.Hour
	DefaultMaxBytes   = 1 << 30
	DefaultMaxWait    = 20 * time.Second
	// DefaultWindow is the in-memory window of a store with an archive: older
	// buckets are read from the archive on demand and evicted first.
	DefaultWindow = 30 * 24 * time.Hour
)

// Options configure a Store. The zero value is usable.
type Options struct {
	// BucketSize is the span of one bucket, rounded down to whole seconds
	// (default 1 h).
	BucketSize time.Duration
	// MaxBytes caps the memory the store accounts for: column bytes plus
	// dictionary bytes (default 1 GiB when 0; negative means no cap).
	MaxBytes int64
	// Now is the clock (default time.Now); tests pass a fake one.
	Now func() time.Time
	// Refresh says when cached buckets are re-read (default DefaultRefresh).
	Refresh RefreshPolicy
	// MaxWait is how long a Load waits for fetches before it returns what it
	// has with a notice (default 20 s; negative: never wait). Keep it below the
	// query timeout so panels get partial data rather than a timeout.
	MaxWait time.Duration
	// Archive, when set, is the durable copy behind the store: every fetched
	// window is written to it, and a bucket not in memory is read from it
	// before the source is asked (only for what is missing or still settling).
	// Buckets older than the source's retention come from it alone.
	Archive Archive
	// Window is the in-memory window when Archive is set (default 30 days):
	// buckets older than it are evicted first, least recently used.
	Window time.Duration
	// HeapLive, when set, reports the process's live heap (pkg/memstat); the
	// cap then also holds against it, not only against the accounted bytes.
	HeapLive func() int64
	// Follower, when set and true, makes the store read the archive instead of
	// the source: another replica collects (PostgreSQL, Grafana HA). Buckets are
	// re-read from the archive on the refresh policy's schedule.
	Follower func() bool
}

// withDefaults fills in the zero values.
func (o Options) withDefaults() Options {
	if o.BucketSize <= 0 {
		o.BucketSize = DefaultBucketSize
	}
	o.BucketSize = max(o.BucketSize.Truncate(time.Second), time.Second)
	if o.MaxBytes == 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Refresh.Rules == nil {
		o.Refresh = DefaultRefresh()
	}
	o.Refresh.Rules = slices.Clone(o.Refresh.Rules)
	slices.SortFunc(o.Refresh.Rules, func(a, b RefreshRule) int { return cmp.Compare(a.Age, b.Age) })
	if o.MaxWait == 0 {
		o.MaxWait = DefaultMaxWait
	}
	if o.Window <= 0 {
		o.Window = DefaultWindow
	}
	return o
}
