package store

import (
	"container/list"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Details are fetched per message and recipient on drill-down; a few are cached
// briefly so re-rendering a panel costs no request, while events of a message
// still in transit show up within a minute.
const (
	detailCacheSize = 256
	detailCacheTTL  = time.Minute
)

// Details returns the hop-by-hop events of message id for recipient.
func (s *Store) Details(ctx context.Context, id, recipient string) ([]trace.Detail, error) {
	k := trace.Key{ID: id, Recipient: recipient}
	now := s.opts.Now()
	if d, ok := s.details.get(k, now); ok {
		return d, nil
	}
	d, err := s.src.Details(ctx, id, recipient)
	if err != nil {
		return nil, fmt.Errorf("store: details of %s for %s: %w", id, recipient, err)
	}
	s.details.put(k, d, now)
	return slices.Clone(d), nil
}

// detailCache is a small LRU with a time to live.
type detailCache struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	order *list.List // of *detailEntry, most recent first
	byKey map[trace.Key]*list.Element
}

type detailEntry struct {
	key trace.Key
	at  time.Time
	d   []trace.Detail
}

func newDetailCache(max int, ttl time.Duration) *detailCache {
	return &detailCache{max: max, ttl: ttl, order: list.New(), byKey: map[trace.Key]*list.Element{}}
}

func (c *detailCache) get(k trace.Key, now time.Time) ([]trace.Detail, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[k]
	if !ok {
		return nil, false
	}
	e := el.Value.(*detailEntry)
	if now.Sub(e.at) >= c.ttl {
		c.order.Remove(el)
		delete(c.byKey, k)
		return nil, false
	}
	c.order.MoveToFront(el)
	return slices.Clone(e.d), true
}

func (c *detailCache) put(k trace.Key, d []trace.Detail, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[k]; ok {
		c.order.Remove(el)
	}
	c.byKey[k] = c.order.PushFront(&detailEntry{key: k, at: now, d: slices.Clone(d)})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*detailEntry).key)
	}
}
