package geo

import (
	"context"
	"net/netip"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Live is a database file that is reloaded when it changes on disk. A reload
// that fails keeps the last good copy and reports the error in Status, so a half
// written or broken file never takes geo away from running dashboards.
type Live struct {
	path    string
	db      atomic.Pointer[cachedDB]
	version atomic.Uint64

	mu      sync.Mutex
	err     error
	modTime time.Time
	size    int64
}

type cachedDB struct {
	Database
	cache *Cached
}

// LiveStatus is what health reports.
type LiveStatus struct {
	Info Info  // of the copy in use; zero when none loaded
	Err  error // the last load's error, nil after a good load
}

// cacheSize bounds the per-database answer cache (addresses).
const cacheSize = 1 << 16

// OpenLive loads path now and then checks it every interval until ctx ends.
// The first load's error is returned in Status, not as an error, so a data
// source with a broken file still answers everything that needs no geo.
func OpenLive(ctx context.Context, path string, interval time.Duration) *Live {
	l := &Live{path: path}
	l.Reload(ctx)
	if interval > 0 {
		go l.watch(ctx, interval)
	}
	return l
}

func (l *Live) watch(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			l.Reload(ctx)
		}
	}
}

// Reload loads the file if its size or modification time changed since the
// last attempt.
func (l *Live) Reload(ctx context.Context) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st, err := os.Stat(l.path)
	if err == nil && st.ModTime().Equal(l.modTime) && st.Size() == l.size && l.db.Load() != nil {
		return
	}
	if err == nil {
		l.modTime, l.size = st.ModTime(), st.Size()
	}
	db, err := Open(ctx, l.path)
	if err != nil {
		l.err = err
		return
	}
	l.err = nil
	l.db.Store(&cachedDB{Database: db, cache: NewCached(db, cacheSize)})
	l.version.Add(1)
}

// Country implements Resolver; without a good copy nothing has a country.
func (l *Live) Country(ip netip.Addr) (string, bool) {
	db := l.db.Load()
	if db == nil {
		return "", false
	}
	return db.cache.Country(ip)
}

// Loaded reports whether a good copy is in use.
func (l *Live) Loaded() bool { return l.db.Load() != nil }

// Version changes with every successful reload, so a caller that caches answers
// (the query engine) knows when to drop them.
func (l *Live) Version() uint64 { return l.version.Load() }

// Status is the copy in use and the last load's error.
func (l *Live) Status() LiveStatus {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := LiveStatus{Err: l.err}
	if db := l.db.Load(); db != nil {
		s.Info = db.Info()
	}
	return s
}
