// Package archive is the durable copy of fetched message traces behind the
// in-memory store: it survives restarts, keeps history past Microsoft's 90 days
// and, on PostgreSQL, is shared by Grafana HA replicas.
//
// Two implementations share one table layout: SQLite (pure Go, a file under
// Grafana's data directory, the embedded default) and PostgreSQL (time-partitioned
// by month, one schema per tenant, an advisory lock choosing the one replica that
// collects and a request budget shared by all replicas).
//
// Every fetched window is written in one transaction together with the hours it
// covers, so a crash loses whole windows: their hours are not listed by Hours
// and are therefore fetched again, never half-written.
package archive
