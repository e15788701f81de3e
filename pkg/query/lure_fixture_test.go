package query

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/geo"
	"github.com/exotrace/messagetrace-datasource/pkg/table"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// The lure fixture reproduces the failure of issue 7 on a tenant that is not the
// demo: a European company (kunde.example, home country DE) whose partners send
// the same business templates every day, and one invoice lure in one hour.
//
//   - 14 days of recurring partner mail from 08:00 to 17:00 UTC, every day:
//     invoices (40 partners × 12 a day), order confirmations (30 × 10), payment
//     receipts (20 × 12), a daily newsletter and a price notice (30 partners, one
//     each a day at 09:xx). Partners send from DE, FR and NL.
//   - On the last day, 09:00–10:00: 300 lure messages from 40 senders on 40 new
//     domains, sent from NG, rotating through six subject variants (numbers,
//     company and person names, reordered words, a prefix, diacritics).
//
// Seeded, so every count below is fixed.

var (
	lureDay    = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	lureStart  = lureDay.Add(9 * time.Hour)
	lureEnd    = lureStart.Add(time.Hour)
	lureDomain = []string{"kunde.example"}
)

const (
	lureMessages = 300
	lureSenders  = 40
	historyDays  = 14
)

// lureVariants are the lure's six subject forms; %d is the invoice number, %s a
// company or a person.
var lureVariants = []string{
	"Invoice %d from %s – payment overdue",
	"Overdue payment: invoice %d (%s)",
	"%[2]s: invoice %[1]d payment overdue",
	"Payment overdue for invoice %d, %s",
	"Reminder: invoice %d payment overdue",
	"Invoice %d from %s – paymént overdüe",
}

var (
	lureCompanies = []string{"Acme Corp", "Globex", "Initech Ltd", "Umbrella Health", "Stark", "Wayne Logistics", "Hooli", "Vandelay Industries"}
	lurePeople    = []string{"Anna Schmidt", "Jonas Weber", "Lea Fischer", "Paul Becker", "Mia Wagner"}
)

// lureTrace is one trace of the lure fixture; i numbers its message.
type lureTraces struct {
	rng  *rand.Rand
	out  []trace.Trace
	msgs int
}

func (l *lureTraces) add(at time.Time, sender, fromIP, subject string, recipients int) {
	l.msgs++
	for r := range recipients {
		l.out = append(l.out, trace.Trace{
			ID: fmt.Sprintf("%08d-0000-4000-8000-%012d", l.msgs, r), MessageID: fmt.Sprintf("<m%d@x>", l.msgs), Received: at,
			Sender: sender, Recipient: fmt.Sprintf("user%d@kunde.example", l.rng.IntN(200)), Subject: subject,
			Size: 20_000, Status: trace.StatusDelivered, FromIP: fromIP,
		})
	}
}

// at is a random time of day d (0 = the lure day) between hours lo and hi.
func (l *lureTraces) at(d, lo, hi int) time.Time {
	return lureDay.AddDate(0, 0, d).Add(time.Duration(lo)*time.Hour + time.Duration(l.rng.Int64N(int64(hi-lo)*int64(time.Hour))))
}

func lureFixture() []trace.Trace {
	l := &lureTraces{rng: rand.New(rand.NewPCG(7, 7))}
	partnerIP := []string{"80.1.0.%d", "90.1.0.%d", "100.1.0.%d"} // DE, FR, NL
	partner := func(kind string, p int) (string, string) {
		return fmt.Sprintf("%s@partner%02d.example", kind, p), fmt.Sprintf(partnerIP[p%3], p+1)
	}
	for d := -historyDays; d <= 0; d++ {
		for p := range 40 {
			s, ip := partner("billing", p)
			for range 12 {
				l.add(l.at(d, 8, 17), s, ip, fmt.Sprintf("Invoice %d from %s", 10000+l.rng.IntN(90000), partnerName(p)), 1+l.rng.IntN(2))
			}
		}
		for p := range 30 {
			s, ip := partner("orders", p)
			for range 10 {
				l.add(l.at(d, 8, 17), s, ip, fmt.Sprintf("Order confirmation %d", 400000+l.rng.IntN(99999)), 1)
			}
			s, ip = partner("news", p)
			l.add(l.at(d, 9, 10), s, ip, fmt.Sprintf("Daily market newsletter %s", lureDay.AddDate(0, 0, d).Format("2006-01-02")), 3)
			l.add(l.at(d, 9, 10), s, ip, "Price notice: new prices from next month", 2)
		}
		for p := range 20 {
			s, ip := partner("accounts", p)
			for range 12 {
				l.add(l.at(d, 8, 17), s, ip, fmt.Sprintf("Payment received for invoice %d", 10000+l.rng.IntN(90000)), 1)
			}
		}
	}
	for i := range lureMessages {
		v := i % len(lureVariants)
		name := lureCompanies[l.rng.IntN(len(lureCompanies))]
		if v == 3 {
			name = lurePeople[l.rng.IntN(len(lurePeople))]
		}
		subject := fmt.Sprintf(lureVariants[v], 20000+l.rng.IntN(80000), name)
		if v == 4 {
			subject = fmt.Sprintf("Reminder: invoice %d payment overdue", 20000+l.rng.IntN(80000))
		}
		k := i % lureSenders
		l.add(l.at(0, 9, 10), fmt.Sprintf("accounts@billing-%02d.example", k), fmt.Sprintf("41.2.0.%d", k+1), subject, 1)
	}
	return l.out
}

// partnerName names partner p: "Rhein Logistik GmbH" and 39 more.
func partnerName(p int) string {
	first := []string{"Nord", "Süd", "Rhein", "Alpen", "Hansa", "Elbe", "Main", "Isar"}
	second := []string{"Logistik", "Bau", "Metall", "Handel", "Technik"}
	return first[p%len(first)] + " " + second[p/len(first)%len(second)] + " GmbH"
}

// lureGeo maps the fixture's partner and lure networks to countries.
func lureGeo(tb testing.TB) *geo.Table {
	tb.Helper()
	r := func(from, to, c string) geo.Range {
		return geo.Range{From: netip.MustParseAddr(from), To: netip.MustParseAddr(to), Country: c}
	}
	tab, err := geo.NewTable([]geo.Range{r("80.0.0.0", "80.255.255.255", "DE"), r("90.0.0.0", "90.255.255.255", "FR"),
		r("100.0.0.0", "100.255.255.255", "NL"), r("41.0.0.0", "41.255.255.255", "NG")})
	if err != nil {
		tb.Fatal(err)
	}
	return tab
}

// newLureEngine serves the lure fixture in daily tables on one Dict, as the store
// does, for a tenant whose home country is DE.
func newLureEngine(tb testing.TB) (*Engine, []trace.Trace) {
	traces := lureFixture()
	byDay := map[int64][]trace.Trace{}
	for _, t := range traces {
		d := t.Received.Truncate(24 * time.Hour).UnixMilli()
		byDay[d] = append(byDay[d], t)
	}
	dict := table.NewDict()
	var tabs []*table.Table
	for d := -historyDays; d <= 0; d++ {
		tabs = append(tabs, table.FromTraces(dict, byDay[lureDay.AddDate(0, 0, d).UnixMilli()]))
	}
	e := NewEngine(&fakeLoader{tabs: tabs}, Options{AcceptedDomains: lureDomain, Now: func() time.Time { return lureEnd },
		Geo: lureGeo(tb), Profile: Profile{HomeCountries: []string{"DE"}, Embargoed: []string{"KP", "IR"}}})
	return e, traces
}
