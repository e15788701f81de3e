// Package store is the per-data-source trace store: it keeps message traces in
// time buckets in front of a trace.Source (Microsoft Graph or the demo tenant) so
// that every panel, viewer and alert rule of one data source shares one copy of the
// data and one stream of requests under Microsoft's 100 requests / 5 min limit.
//
// How it behaves, and why:
//
//   - Buckets are BucketSize long, aligned to the Unix epoch (UTC), and hold every
//     row whose received time falls in [start, end). A Load returns whole buckets;
//     the query engine trims to the exact range and re-applies every filter.
//   - One fetch queue and one worker per store: a Load queues its missing and stale
//     buckets, and the worker (after a 50 ms pause that lets concurrent Loads join)
//     reads the queue one List call at a time, so the panels of a dashboard and its
//     viewers share one plan over the union of their ranges. A call takes contiguous
//     buckets of one filter, at most ten days (Graph's window) counted back from the
//     newest, cut where the number of waiting Loads halves; the span most Loads wait
//     on goes first, newest first among equals. A failure carrying a retry time fails
//     the rest of the queue until then (the budget is per tenant). A call that
//     stopped part-way leaves the source's Resume token on the buckets it did not
//     cover; their retry passes it back, so Graph continues at the page it stopped.
//   - Sources with a retention limit (Graph: 90 days, Retention method) are never
//     asked for older ranges; each Load says once which part cannot be loaded.
//   - Single flight: a bucket has at most one fetch; every Load that needs it waits
//     on that fetch. Fetches run on a context detached from the Load that started
//     them (values kept, cancellation not), bounded by a timeout and by Close, so a
//     cancelled waiter never cancels the fetch others wait on.
//   - Refreshes: a Load that finds a stale bucket (see RefreshPolicy) re-reads it and,
//     like every other Load needing it, waits for the re-read up to MaxWait; after
//     that it is served the previous version with a notice and the re-read finishes
//     in the background. Waiting gives alert rules current statuses; MaxWait bounds
//     it, and a throttled source fails fast with a retry time instead of hanging.
//   - Re-reads upsert by (id, recipientAddress): a re-read row replaces the cached
//     one, late rows are added, cached rows the re-read did not return are kept
//     (Graph does not delete traces; a partial read must not lose rows). A complete
//     re-read of a filtered bucket replaces it instead, because a row that stopped
//     matching the filter (say status eq pending) would otherwise stay stale.
//     Every table is built anew and swapped in; published tables never change.
//   - Filters: an unfiltered bucket serves any filter. A filtered bucket is fetched
//     only when the unfiltered one is neither cached nor being fetched, is cached
//     under its filter, and is dropped once the unfiltered bucket arrives.
//   - Partial results: rows a failing fetch did return are kept, the bucket is marked
//     incomplete and re-fetched by the first Load after the retry time the error
//     carries (a RetryAfter() time.Duration method), or by the next Load if it
//     carries none. Loads get one warning notice per cause naming the buckets not loaded,
//     partly loaded or stale, and when they are retried;
//     only when nothing at all could be loaded does Load return the error.
//   - Memory: strings live once in a dictionary shared by all tables of the store;
//     rows hold 4-byte ids, except trace ids: Graph's are GUIDs unique per message,
//     held as 16 bytes in the row (see table.TraceID for other spellings). The
//     dictionary is append-only, so MaxBytes counts it; an
//     eviction (oldest buckets first, never one a running Load is returning) frees
//     column bytes at once and the dictionary's share in proportion, and when a fifth
//     of the rows the dictionary was built for are gone it is rebuilt from the live
//     tables in the background. See memory.go and compact.go.
//   - Archive (Options.Archive, archived.go): buckets without a table are read
//     from the archive before the source is asked; archived hours' fetch times
//     become read times, so only missing and still-settling hours reach the
//     source, and nothing older than its retention does. Every List result is
//     written back before it is published. Over the cap, buckets older than
//     Window go first, least recently used first. A Follower (another replica
//     collects) reads everything from the archive instead of the source.
package store
