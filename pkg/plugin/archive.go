package plugin

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/exotrace/messagetrace-datasource/pkg/archive"
	"github.com/exotrace/messagetrace-datasource/pkg/graph"
	"github.com/exotrace/messagetrace-datasource/pkg/memstat"
	"github.com/exotrace/messagetrace-datasource/pkg/store"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Archive kinds, as jsonData.archive.kind spells them.
const (
	ArchiveSQLite   = "sqlite"
	ArchivePostgres = "postgres"
	ArchiveOff      = "off"
)

// Archive defaults and bounds.
const (
	DefaultRetentionDays = 400
	// MinRetentionDays keeps the archive from cutting what Microsoft still has.
	MinRetentionDays    = 91
	MaxRetentionDays    = 3650
	DefaultBackfillDays = archive.DefaultBackfillDays
	// MinMemoryCapMB is the smallest cap that holds a day of a small tenant.
	MinMemoryCapMB = 64
	// pruneEvery is how often the collector deletes traces past the retention.
	pruneEvery = 24 * time.Hour
)

// ArchiveSettings is jsonData.archive: where fetched traces are kept durably.
// The PostgreSQL connection string is a secret (secureJsonData.archiveDsn).
type ArchiveSettings struct {
	// Kind: sqlite (default in tenant mode), postgres, or off (default in demo mode).
	Kind string `json:"kind"`
	// Path is the SQLite file; empty = under Grafana's data directory.
	Path          string `json:"path"`
	RetentionDays int    `json:"retentionDays"`
	// BackfillDays is how many past days a first configuration loads (0 = none);
	// nil means the default, 90.
	BackfillDays *int `json:"backfillDays"`
}

func (st *Settings) applyArchiveDefaults() {
	if st.Archive.Kind == "" {
		st.Archive.Kind = ArchiveSQLite
		if st.Mode == ModeDemo {
			st.Archive.Kind = ArchiveOff
		}
	}
	if st.Archive.RetentionDays == 0 {
		st.Archive.RetentionDays = DefaultRetentionDays
	}
	if st.Archive.BackfillDays == nil {
		d := DefaultBackfillDays
		st.Archive.BackfillDays = &d
	}
}

// Backfill is the number of past days to load into the archive.
func (st Settings) Backfill() int {
	if st.Archive.BackfillDays == nil {
		return DefaultBackfillDays
	}
	return *st.Archive.BackfillDays
}

// validateArchive checks the archive and memory settings, each error saying what to fix.
func (st Settings) validateArchive() []error {
	var errs []error
	add := func(format string, a ...any) {
		errs = append(errs, fmt.Errorf("%w: %s", archive.ErrConfig, fmt.Sprintf(format, a...)))
	}
	a := st.Archive
	switch a.Kind {
	case ArchiveSQLite:
		if a.Path != "" && !filepath.IsAbs(a.Path) {
			add("archive path %q is not absolute: give the full path of the SQLite file on the Grafana server, or leave it empty for Grafana's data directory", a.Path)
		}
	case ArchivePostgres:
		if st.ArchiveDSN == "" {
			add("the PostgreSQL archive needs a connection string: enter it under Archive (it is stored encrypted), e.g. host=db.example.com dbname=exotrace user=grafana")
		}
		if st.Mode != ModeTenant {
			add("the PostgreSQL archive is for a Microsoft 365 tenant: use sqlite or off in demo mode")
		}
	case ArchiveOff:
	default:
		add("archive kind %q is not known: choose %q, %q or %q", a.Kind, ArchiveSQLite, ArchivePostgres, ArchiveOff)
	}
	if a.RetentionDays < MinRetentionDays || a.RetentionDays > MaxRetentionDays {
		add("archive retention %d days is out of range: use %d–%d days (default %d; below %d the archive would delete traces Microsoft still keeps)",
			a.RetentionDays, MinRetentionDays, MaxRetentionDays, DefaultRetentionDays, MinRetentionDays)
	}
	if b := st.Backfill(); b < 0 || b > DefaultBackfillDays {
		add("backfill %d days is out of range: use 0 (off) to %d days (Microsoft keeps %d)", b, DefaultBackfillDays, DefaultBackfillDays)
	}
	if st.MemoryCapMB != 0 && st.MemoryCapMB < MinMemoryCapMB {
		add("memory cap %d MB is too small: use at least %d MB, or 0 for the default (1024 MB)", st.MemoryCapMB, MinMemoryCapMB)
	}
	return errs
}

// memoryCap is the store's cap in bytes.
func (st Settings) memoryCap() int64 {
	if st.MemoryCapMB == 0 {
		return 0 // the store's default
	}
	return int64(st.MemoryCapMB) << 20
}

// applyMemoryLimit sets the Go runtime's soft limit a quarter above the cap, so
// the collector works harder near it instead of letting garbage double the RSS.
// It is process-wide: the largest cap of all instances wins.
func applyMemoryLimit(capBytes int64) {
	if capBytes <= 0 {
		return
	}
	limit := capBytes + capBytes/4
	if cur := debug.SetMemoryLimit(-1); cur < limit || cur == int64(^uint64(0)>>1) {
		debug.SetMemoryLimit(limit)
	}
}

// heapLive is the live heap after the last collection, for the store's cap.
func heapLive() int64 { return int64(memstat.Read().HeapLive) }

// openArchive opens the configured archive; nil with no error when it is off.
// PostgreSQL connection failures are downstream errors (the database is the
// administrator's); a local file that cannot be created is the plugin's.
func openArchive(ctx context.Context, st Settings, uid string) (archive.Archive, error) {
	switch st.Archive.Kind {
	case ArchiveSQLite:
		path := st.Archive.Path
		if path == "" {
			path = archive.DefaultSQLitePath(uid)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, backend.PluginError(fmt.Errorf("the trace archive directory cannot be created (set Archive path to a writable file): %w", err))
		}
		a, err := archive.OpenSQLite(ctx, path)
		if err != nil {
			return nil, backend.PluginError(fmt.Errorf("the trace archive %s cannot be opened: %w", path, err))
		}
		return a, nil
	case ArchivePostgres:
		p, err := archive.OpenPostgres(ctx, st.ArchiveDSN, st.TenantID)
		if err != nil {
			return nil, backend.DownstreamError(fmt.Errorf("the PostgreSQL trace archive cannot be opened: %w", err))
		}
		return p, nil
	}
	return nil, nil
}

// replicaName names this process for the collector's health line.
func replicaName() string {
	h, err := os.Hostname()
	if err != nil {
		h = "unknown"
	}
	return h + "/" + strconv.Itoa(os.Getpid())
}

// keeper runs the archive's background work for one instance: the collector
// election (PostgreSQL), daily pruning and the backfill, all by the collecting
// replica only. Close stops it and waits.
type keeper struct {
	a         archive.Archive
	collector *archive.Collector // nil: this process always collects (SQLite)
	retention time.Duration
	now       func() time.Time

	stop context.CancelFunc
	wg   sync.WaitGroup

	mu       sync.Mutex
	leading  bool
	lastErr  error
	pruned   time.Time
	backfill archive.Backfill
}

func newKeeper(a archive.Archive, retention time.Duration, now func() time.Time) *keeper {
	k := &keeper{a: a, retention: retention, now: now, leading: true}
	if p, ok := a.(*archive.Postgres); ok {
		k.collector = p.Collector(replicaName())
		k.leading = false
	}
	return k
}

// sharedBudget is the tenant's request budget in PostgreSQL, nil for SQLite.
func (k *keeper) sharedBudget() graph.SharedBudget {
	if p, ok := k.a.(*archive.Postgres); ok {
		return p.Budget()
	}
	return nil
}

// Leading reports whether this replica fetches from Graph.
func (k *keeper) Leading() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.leading
}

func (k *keeper) setErr(err error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.lastErr = err
}

// start begins the election and the maintenance loop; work runs on each tick
// while leading (the backfill).
func (k *keeper) start(ctx context.Context, interval time.Duration, work func(ctx context.Context)) {
	ctx, k.stop = context.WithCancel(context.WithoutCancel(ctx))
	if k.collector != nil {
		lead, err := k.collector.Check(ctx)
		k.onChange(lead, err)
		k.wg.Go(func() { k.collector.Run(ctx, interval, k.onChange) })
	}
	k.wg.Go(func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if k.Leading() {
				k.prune(ctx)
				if work != nil {
					work(ctx)
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	})
}

func (k *keeper) onChange(leading bool, err error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.leading = leading
	if err != nil && !errors.Is(err, context.Canceled) {
		k.lastErr = err
	}
}

// prune deletes what is older than the retention, once a day.
func (k *keeper) prune(ctx context.Context) {
	now := k.now()
	k.mu.Lock()
	due := k.pruned.IsZero() || now.Sub(k.pruned) >= pruneEvery
	k.mu.Unlock()
	if !due {
		return
	}
	n, err := k.a.Prune(ctx, now.Add(-k.retention))
	if err != nil {
		k.setErr(fmt.Errorf("pruning the archive: %w", err))
		return
	}
	k.mu.Lock()
	k.pruned = now
	k.mu.Unlock()
	if n > 0 {
		log.DefaultLogger.Info("Archive pruned", "rows", n, "before", now.Add(-k.retention).Format(time.DateOnly))
	}
}

// stopLoops stops the election and maintenance loops and waits for them.
func (k *keeper) stopLoops() {
	if k.stop != nil {
		k.stop()
	}
	k.wg.Wait()
}

// Close stops the loops and closes the archive.
func (k *keeper) Close() {
	k.stopLoops()
	if k.collector != nil {
		_ = k.collector.Close()
	}
	_ = k.a.Close()
}

// archiveOpenTimeout bounds opening the archive in the instance factory: an
// unreachable database must not hold Grafana's data source page.
const archiveOpenTimeout = 30 * time.Second

// keeperInterval is how often the keeper re-checks the election and takes the
// next backfill step.
var keeperInterval = archive.DefaultCollectorInterval

// openArchive opens the configured archive into opts. A failure leaves the
// instance serving from memory; health reports it.
func (ds *Datasource) openArchive(ctx context.Context, st Settings, uid string, opts *store.Options) {
	octx, cancel := context.WithTimeout(ctx, archiveOpenTimeout)
	defer cancel()
	a, err := openArchive(octx, st, uid)
	if err != nil {
		ds.archiveErr = err
		log.DefaultLogger.FromContext(ctx).Warn("Trace archive unavailable; serving from memory", "error", err)
		return
	}
	if a == nil {
		return
	}
	k := newKeeper(a, time.Duration(st.Archive.RetentionDays)*24*time.Hour, ds.now)
	ds.keeper = k
	opts.Archive = a
	if k.collector != nil {
		opts.Follower = func() bool { return !k.Leading() }
	}
}

// startKeeper starts the archive's background work once the store exists.
func (ds *Datasource) startKeeper(ctx context.Context, st Settings) {
	if ds.keeper == nil {
		return
	}
	var work func(context.Context)
	if days := st.Backfill(); days > 0 && st.Mode == ModeTenant {
		work = func(ctx context.Context) { ds.backfillStep(ctx, days) }
	}
	ds.keeper.start(ctx, keeperInterval, work)
}

// backfillStep loads the newest day of the last days that the archive does not
// hold completely, through the store (so it shares the fetch queue with the
// panels, which go first as the newer ranges) and only while at least a quarter
// of the request budget is free. The next tick takes the next day; a day whose
// fetch is still running is joined, not fetched twice.
func (ds *Datasource) backfillStep(ctx context.Context, days int) {
	now := ds.now()
	from := now.UTC().Truncate(24*time.Hour).AddDate(0, 0, -days)
	hours, err := ds.keeper.a.Hours(ctx, from, now)
	if err != nil {
		ds.keeper.setErr(fmt.Errorf("backfill: %w", err))
		return
	}
	b := archive.PlanBackfill(hours, now, days)
	ds.keeper.mu.Lock()
	ds.keeper.backfill = b
	ds.keeper.mu.Unlock()
	if len(b.Todo) == 0 || (ds.graph != nil && !ds.graph.Headroom(ctx, backfillHeadroom)) {
		return
	}
	day := b.Todo[0]
	lctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if _, err := ds.store.Load(lctx, trace.Request{From: day, To: day.Add(24*time.Hour - time.Millisecond)}); err != nil && !errors.Is(err, store.ErrStillLoading) {
		ds.keeper.setErr(fmt.Errorf("backfill of %s: %w", day.Format(time.DateOnly), err))
	}
}

// backfillHeadroom is the share of the request budget the backfill leaves to panels.
const backfillHeadroom = 0.25

// archiveStatus is the archive's line of "Save & test".
func (ds *Datasource) archiveStatus(ctx context.Context) string {
	if ds.archiveErr != nil {
		return "Trace archive unavailable, traces are kept in memory only: " + ds.archiveErr.Error()
	}
	if ds.keeper == nil {
		return "Trace archive: off."
	}
	h, err := ds.keeper.a.Health(ctx)
	if err != nil {
		return "Trace archive: cannot be read: " + err.Error()
	}
	out := fmt.Sprintf("Trace archive: %s, %s, %d traces", h.Kind, mib(h.Bytes), h.Traces)
	if !h.Oldest.IsZero() {
		out += ", oldest day " + h.Oldest.UTC().Format(time.DateOnly)
	}
	if h.Collector != "" {
		out += ", collecting replica " + h.Collector
	}
	k := ds.keeper
	k.mu.Lock()
	bf, kerr, leading := k.backfill, k.lastErr, k.leading
	k.mu.Unlock()
	if k.collector != nil && !leading {
		out += " (this replica reads the archive)"
	}
	if bf.Total > 0 {
		out += "; " + bf.Notice()
	}
	if st := ds.store.Stats(); st.ArchiveError != "" {
		out += "; last archive error: " + st.ArchiveError
	}
	if kerr != nil {
		out += "; " + kerr.Error()
	}
	return out + "."
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

// withBackfillNotice tells a panel whose range reaches into days the backfill
// has not loaded yet that they are still coming ("backfilled 34 of 90 days").
func (ds *Datasource) withBackfillNotice(resp backend.DataResponse, from time.Time) backend.DataResponse {
	if ds.keeper == nil || resp.Error != nil || len(resp.Frames) == 0 {
		return resp
	}
	ds.keeper.mu.Lock()
	bf := ds.keeper.backfill
	ds.keeper.mu.Unlock()
	if len(bf.Todo) == 0 || !from.Before(bf.Todo[0].Add(24*time.Hour)) {
		return resp
	}
	f := resp.Frames[0]
	if f.Meta == nil {
		f.Meta = &data.FrameMeta{}
	}
	f.Meta.Notices = append(f.Meta.Notices, data.Notice{Severity: data.NoticeSeverityInfo, Text: bf.Notice() + "; older days are still being loaded"})
	return resp
}
