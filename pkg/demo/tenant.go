package demo

import (
	"fmt"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Options configure a demo tenant.
type Options struct {
	// Seed selects the random world; 0 means 1.
	Seed int64
	// Anchor is the reference time the incidents are placed against (truncated to
	// the second, UTC). Zero means Now() at New. In the live demo it is the
	// process start.
	Anchor time.Time
	// Replay makes every incident recur once per hour after Anchor (see
	// Occurrences), so alert rules fire and resolve while the demo runs.
	Replay bool
	// Now is the tenant's clock: no trace exists after it, the newest rows still
	// show gettingStatus or pending, and 90 days before it are kept. Nil means
	// time.Now with Replay and a clock frozen at Anchor without, so a fixed
	// Anchor alone gives a fully deterministic tenant.
	Now func() time.Time
	// Tenant names the demo tenant (see Tenants); "" is DefaultTenant.
	Tenant string
}

// Retention is how much history the tenant holds before Now, as Graph does.
const Retention = 90 * 24 * time.Hour

// ErrNotFound is returned by Details for a trace the tenant does not hold.
var ErrNotFound = fmt.Errorf("demo: %w", trace.ErrNotFound)

// Tenant is the demo tenant. It is immutable and safe for concurrent use.
type Tenant struct {
	now  func() time.Time
	gen  *generator // the Japanese tenant
	w    *world     // a generated tenant, nil for the Japanese one
	info TenantInfo
}

var _ trace.Source = (*Tenant)(nil)

// New returns the demo tenant for opts. An unknown Options.Tenant is a
// programming error (it panics); NewTenant reports it instead.
func New(opts Options) *Tenant {
	t, err := NewTenant(opts)
	if err != nil {
		panic(err)
	}
	return t
}

// NewTenant is New with an error for an unknown tenant name.
func NewTenant(opts Options) (*Tenant, error) {
	if err := CheckTenant(opts.Tenant); err != nil {
		return nil, err
	}
	o := opts.normalized()
	info, _ := LookupTenant(o.Tenant)
	t := &Tenant{now: o.Now, gen: newGenerator(o), info: info}
	if s := findWorld(o.Tenant); s != nil {
		t.w = newWorld(s, o)
	}
	return t, nil
}

// Info describes the tenant.
func (t *Tenant) Info() TenantInfo { return t.info }

// hourRows generates UTC hour h of whichever tenant this is.
func (t *Tenant) hourRows(h int64) []row {
	if t.w != nil {
		return t.w.hour(h)
	}
	return t.gen.hour(h)
}

func (o Options) normalized() Options {
	if o.Tenant == "" {
		o.Tenant = DefaultTenant
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Now == nil && o.Replay {
		o.Now = time.Now
	}
	if o.Anchor.IsZero() {
		if o.Now != nil {
			o.Anchor = o.Now()
		} else {
			o.Anchor = time.Now()
		}
	}
	o.Anchor = o.Anchor.UTC().Truncate(time.Second)
	if o.Now == nil {
		a := o.Anchor
		o.Now = func() time.Time { return a }
	}
	return o
}
