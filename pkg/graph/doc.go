// Package graph is the Microsoft Graph v1.0 message-trace client. It implements
// trace.Source with app-only tokens (client secret, certificate, managed or
// workload identity via azidentity), splits ranges into Graph's 10-day windows
// within its 90-day retention, follows @odata.nextLink, de-duplicates rows on
// (id, recipientAddress), and keeps every Client of a tenant under one shared
// request budget per rolling 5 minutes. Failures return the rows already read
// together with a typed error carrying Grafana's error source; Explain turns any
// of them into a message a user can act on.
package graph
