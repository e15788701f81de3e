package demo

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

const (
	tenantDocBegin = "<!-- BEGIN GENERATED TENANTS: go test ./pkg/demo -run TestTenantDocNumbers -update -->\n"
	tenantDocEnd   = "<!-- END GENERATED TENANTS -->\n"
)

// TestTenantDocNumbers is TestDocNumbers for the generated tenants' section
// of docs/demo-tenant.md.
func TestTenantDocNumbers(t *testing.T) {
	doc, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	i, j := bytes.Index(doc, []byte(tenantDocBegin)), bytes.Index(doc, []byte(tenantDocEnd))
	if i < 0 || j < i {
		t.Fatalf("%s lacks the generated-tenants markers", docPath)
	}
	want := renderTenants(t)
	if string(doc[i+len(tenantDocBegin):j]) == want {
		return
	}
	if !*update {
		t.Fatalf("%s is stale; run go test ./pkg/demo -run TestTenantDocNumbers -update", docPath)
	}
	out := append(append(slices.Clip(doc[:i+len(tenantDocBegin)]), want...), doc[j:]...)
	if err := os.WriteFile(docPath, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// scanRows calls f with every row of tn received in [from, to), generating
// hours on all CPUs without keeping them (the large tenant has a million rows
// a day). f runs under a lock.
func scanRows(tn *Tenant, from, to time.Time, f func(*row)) {
	lo, hi := hourOf(from.UnixMilli()), hourOf(to.UnixMilli()-1)
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		next = lo
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				mu.Lock()
				h := next
				next++
				mu.Unlock()
				if h > hi {
					return
				}
				rows := tn.hourRows(h)
				mu.Lock()
				for k := range rows {
					if r := &rows[k]; r.ms >= from.UnixMilli() && r.ms < to.UnixMilli() {
						f(r)
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
}

func countRows(tn *Tenant, from, to time.Time) int {
	n := 0
	scanRows(tn, from, to, func(*row) { n++ })
	return n
}

func renderTenants(t testing.TB) string {
	var b strings.Builder
	for _, info := range Tenants()[1:] {
		renderTenant(t, &b, info)
	}
	b.WriteString("### Address blocks of the generated tenants (`GeoIP`)\n\n| block | country | used for |\n|---|---|---|\n")
	for _, r := range worldRanges {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", r.prefix, r.country, r.note)
	}
	b.WriteString("\n")
	return b.String()
}

func renderTenant(t testing.TB, b *strings.Builder, info TenantInfo) {
	a := info.TestAnchor.UTC()
	loc := mustZone(info.TimeZone)
	held := ""
	if info.HeldOut {
		held = " **Held out**: not used while choosing detection thresholds; results on it are reported separately."
	}
	fmt.Fprintf(b, "### `%s`: %s\n\n", info.Name, info.Description)
	fmt.Fprintf(b, "%d mailboxes at `%s`; home country %s; time zone %s; subject languages %s; usual countries %s.%s\n\n",
		info.Mailboxes, info.AcceptedDomains[0], info.HomeCountry, info.TimeZone, strings.Join(info.Languages, ", "), strings.Join(info.UsualCountries, ", "), held)
	fmt.Fprintf(b, "Test anchor %s (%s). Quiet fortnight: ", a.Format(time.RFC3339), a.In(loc).Format("Monday 15:04 MST"))
	qf, qt := QuietFortnight(Options{Tenant: info.Name, Anchor: a})
	fmt.Fprintf(b, "%s to %s.\n\n", qf.Format(time.RFC3339), qt.Format(time.RFC3339))

	tn := New(Options{Tenant: info.Name, Anchor: a})
	quiet := New(Options{Tenant: info.Name, Anchor: a})
	quiet.w.incidents = false
	day24 := countRows(tn, a.Add(-day), a)
	week := countRows(quiet, a.Add(-8*day), a.Add(-7*day))
	fmt.Fprintf(b, "| range | traces |\n|---|---:|\n| 24 h before the anchor | %d |\n| 24 h one week earlier (no incidents) | %d |\n| per mailbox, that day | %d.%d |\n",
		day24, week, week/info.Mailboxes, week*10/info.Mailboxes%10)
	hol, work := holidayHours(info, loc)
	fmt.Fprintf(b, "| 10:00–12:00 local on %s (%s) | %d |\n| 10:00–12:00 local on %s (working day) | %d |\n\n",
		hol.date.Format("Mon 2006-01-02"), hol.name, hol.count, work.date.Format("Mon 2006-01-02"), work.count)

	b.WriteString("| # | kind | window (UTC) | messages | traces | statuses |\n|---|---|---|---:|---:|---|\n")
	for _, l := range Labels(Options{Tenant: info.Name, Anchor: a}) {
		var ts []trace.Trace
		scanRows(tn, l.Start, l.End, func(r *row) {
			if int(r.incident) == l.Number {
				ts = append(ts, r.Trace)
			}
		})
		ids := map[string]bool{}
		for _, tr := range ts {
			ids[tr.ID] = true
		}
		fmt.Fprintf(b, "| %d | %s | %s–%s | %d | %d | %s |\n", l.Number, l.Kind, l.Start.Format("01-02 15:04"), l.End.Format("15:04"), len(ids), len(ts), statusList(statusCounts(ts)))
	}
	ls := Labels(Options{Tenant: info.Name, Anchor: a})
	fmt.Fprintf(b, "\nLure (%s) from 20 senders, content words `%s`, variants:\n\n", ls[1].LureLanguage, strings.Join(ls[1].LureWords, "`, `"))
	for _, v := range ls[1].Variants {
		fmt.Fprintf(b, "- `%s`\n", v)
	}
	fmt.Fprintf(b, "\nCompromised account `%s` at %d messages a minute; large transfers by `%s`; intel sender `%s`; unusual geography from %s to embargoed %s.\n\n",
		ls[2].Sender, ls[2].PerMinute, ls[3].Sender, ls[4].Sender, strings.Join(ls[5].UnusualCountries, ", "), strings.Join(ls[5].EmbargoedCountries, ", "))
}

type dayCount struct {
	date  time.Time
	name  string
	count int
}

// Holidays compared with a working day, per tenant: a business morning on
// the holiday and on the same weekday a week later.
var docHolidays = map[string]struct {
	name string
	d    date
}{
	"ch-small":   {"Ascension", date{2026, 5, 14}},
	"br-medium":  {"Finados", date{2026, 11, 2}},
	"us-large":   {"Labor Day", date{2026, 9, 7}},
	"au-heldout": {"Labour Day (NSW)", date{2026, 10, 5}},
}

func holidayHours(info TenantInfo, loc *time.Location) (hol, work dayCount) {
	h := docHolidays[info.Name]
	quiet := New(Options{Tenant: info.Name, Anchor: info.TestAnchor})
	quiet.w.incidents = false
	at := func(d date) dayCount {
		from := time.Date(d.y, d.m, d.d, 10, 0, 0, 0, loc)
		return dayCount{date: from, count: countRows(quiet, from, from.Add(2*time.Hour))}
	}
	hol, work = at(h.d), at(h.d.add(7))
	hol.name = h.name
	return hol, work
}
