// Package demo is a deterministic demo tenant behind trace.Source: a Japanese
// company (accepted domains example.co.jp and example.com, about 300 mailboxes,
// home country JP) with a realistic baseline of mail traffic and six labelled
// security incidents placed relative to an anchor time.
//
// Every row is a pure function of (Seed, Anchor, Replay, UTC hour): each hour is
// generated on its own from a generator seeded with (seed, hour), so any request
// boundaries yield the same rows, and one hour can be regenerated to answer
// Details. Only the status of the newest rows depends on Now: a row shows
// gettingStatus or pending until its settle delay (at most 10 minutes) has passed.
//
// Options.Tenant picks instead one of the tenants generated from parameters
// (world*.go): other sizes, countries, time zones, holidays and languages, the
// same six incidents scaled to them, with Labels as ground truth.
//
// docs/demo-tenant.md describes the incidents, the replay schedule and the numbers
// the default seed produces.
package demo
