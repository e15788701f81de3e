package demo

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/lang"
	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

func worldTenant(t testing.TB, name string) (*Tenant, TenantInfo) {
	t.Helper()
	info, ok := LookupTenant(name)
	if !ok {
		t.Fatalf("no tenant %s", name)
	}
	return New(Options{Tenant: name, Anchor: info.TestAnchor}), info
}

func TestTenantRegistry(t *testing.T) {
	if got, want := TenantNames(), []string{"jp", "ch-small", "br-medium", "us-large", "au-heldout"}; !slices.Equal(got, want) {
		t.Fatalf("TenantNames = %v, want %v", got, want)
	}
	var held []string
	for _, ti := range Tenants() {
		if ti.HeldOut {
			held = append(held, ti.Name)
		}
	}
	if !slices.Equal(held, []string{"au-heldout"}) {
		t.Fatalf("held out = %v, want exactly au-heldout", held)
	}
	if _, err := NewTenant(Options{Tenant: "xx"}); err == nil || err.Error() != `demo tenant "xx" does not exist: choose one of jp, ch-small, br-medium, us-large, au-heldout` {
		t.Fatalf("NewTenant(xx) error = %v", err)
	}
	if info, _ := LookupTenant(""); info.Name != "jp" || info.HomeCountry != "JP" {
		t.Fatalf("default tenant = %+v", info)
	}
	// Three continents besides Asia, mailbox counts around 50, 2,000 and 30,000.
	want := map[string]struct {
		home, zone string
		boxes      int
	}{
		"ch-small": {"CH", "Europe/Zurich", 50}, "br-medium": {"BR", "America/Sao_Paulo", 2000},
		"us-large": {"US", "America/Chicago", 30000}, "au-heldout": {"AU", "Australia/Sydney", 800},
	}
	for _, ti := range Tenants()[1:] {
		w := want[ti.Name]
		if ti.HomeCountry != w.home || ti.TimeZone != w.zone || ti.Mailboxes != w.boxes {
			t.Errorf("%s = %s %s %d, want %+v", ti.Name, ti.HomeCountry, ti.TimeZone, ti.Mailboxes, w)
		}
	}
}

func TestWorldDeterministic(t *testing.T) {
	tn, info := worldTenant(t, "ch-small")
	a := info.TestAnchor
	whole := list(t, tn, a.Add(-30*time.Hour), a, trace.Filter{})
	again := list(t, New(Options{Tenant: "ch-small", Anchor: a}), a.Add(-30*time.Hour), a, trace.Filter{})
	if !slices.Equal(whole, again) {
		t.Fatal("two tenants with the same options differ")
	}
	b := a.Add(-11*time.Hour - 17*time.Minute)
	split := dedupe(append(list(t, tn, b, a, trace.Filter{}), list(t, tn, a.Add(-30*time.Hour), b, trace.Filter{})...))
	if !slices.Equal(split, whole) {
		t.Fatalf("split at %v: %d rows, want %d", b, len(split), len(whole))
	}
	other := list(t, New(Options{Tenant: "ch-small", Anchor: a, Seed: 2}), a.Add(-30*time.Hour), a, trace.Filter{})
	if slices.Equal(other[:50], whole[:50]) {
		t.Fatal("seed 2 gives the rows of seed 1")
	}
}

// TestWorldLure: every lure row carries all content words and one of the six
// variants, sent by 20 senders; no baseline subject carries all the words.
func TestWorldLure(t *testing.T) {
	for _, info := range Tenants()[1:] {
		t.Run(info.Name, func(t *testing.T) {
			tn, _ := worldTenant(t, info.Name)
			l := Labels(Options{Tenant: info.Name, Anchor: info.TestAnchor})[1]
			if l.Kind != KindLure || len(l.Variants) != 6 || len(l.LureWords) != 3 {
				t.Fatalf("label = %+v", l)
			}
			res := make([]*regexp.Regexp, len(l.Variants))
			for i, v := range l.Variants {
				q := regexp.QuoteMeta(v)
				q = strings.NewReplacer("<n>", `\d+`, "<company>", `Compromised [A-Z][a-z]+ \d+`).Replace(q)
				res[i] = regexp.MustCompile("^" + q + "$")
			}
			variants, senders := map[int]int{}, map[string]bool{}
			baselineHits := 0
			from, to := l.Start.Add(-2*time.Hour), l.End.Add(2*time.Hour)
			scanRows(tn, from, to, func(r *row) {
				all := hasAll(r.Subject, l.LureWords)
				if int(r.incident) != 2 {
					if all {
						baselineHits++
					}
					return
				}
				if !all {
					t.Errorf("lure row %q lacks one of %v", r.Subject, l.LureWords)
				}
				senders[r.Sender] = true
				for i, re := range res {
					if re.MatchString(r.Subject) {
						variants[i]++
						return
					}
				}
				t.Errorf("lure subject %q matches no variant", r.Subject)
			})
			if len(variants) != 6 || len(senders) != 20 || baselineHits != 0 {
				t.Fatalf("variants %v, %d senders, %d baseline rows with every lure word", variants, len(senders), baselineHits)
			}
			stop := lang.StopWords(info.Languages...)
			for _, w := range l.LureWords {
				if stop.Has(w) {
					t.Errorf("lure word %q is a stop word of %v", w, info.Languages)
				}
			}
		})
	}
}

func hasAll(subject string, words []string) bool {
	s := strings.ToLower(subject)
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// TestWorldQuietFortnight: no incident in the 14 days before the incident day,
// with or without replay, and the baseline there never names an external
// incident actor.
func TestWorldQuietFortnight(t *testing.T) {
	for _, info := range Tenants() {
		for _, replay := range []bool{false, true} {
			o := Options{Tenant: info.Name, Anchor: info.TestAnchor, Replay: replay, Now: func() time.Time { return info.TestAnchor.Add(3 * time.Hour) }}
			from, to := QuietFortnight(o)
			if got := to.Sub(from); got != 14*day {
				t.Fatalf("%s: fortnight is %v", info.Name, got)
			}
			if occ := Occurrences(o, from, to); len(occ) != 0 {
				t.Errorf("%s replay=%v: %d occurrences in the quiet fortnight", info.Name, replay, len(occ))
			}
		}
	}
	tn, info := worldTenant(t, "ch-small")
	from, to := QuietFortnight(Options{Tenant: "ch-small", Anchor: info.TestAnchor})
	actors := map[string]bool{}
	for _, l := range Labels(Options{Tenant: "ch-small", Anchor: info.TestAnchor}) {
		if l.Number == 3 || l.Number == 4 {
			continue // internal mailboxes also send ordinary mail
		}
		for _, a := range l.Actors {
			actors[a] = true
		}
	}
	n, bad := 0, 0
	scanRows(tn, from, to, func(r *row) {
		n++
		if r.incident != 0 {
			bad++
		}
		for _, v := range []string{r.Sender, r.Recipient, domainOf(r.Sender), domainOf(r.Recipient), r.FromIP, r.ToIP} {
			if actors[v] {
				bad++
			}
		}
	})
	if n != 21990 || bad != 0 {
		t.Fatalf("quiet fortnight has %d rows (want 21990), %d naming an incident or actor", n, bad)
	}
}

// TestWorldCountries: baseline traffic comes from and goes to the usual
// countries; incident 6 alone uses the others.
func TestWorldCountries(t *testing.T) {
	for _, name := range []string{"ch-small", "au-heldout"} {
		tn, info := worldTenant(t, name)
		l := Labels(Options{Tenant: name, Anchor: info.TestAnchor})[5]
		unusual := map[string]bool{}
		var problems []string
		scanRows(tn, info.TestAnchor.Add(-day), info.TestAnchor, func(r *row) {
			for _, ip := range []string{r.FromIP, r.ToIP} {
				if ip == "" {
					continue
				}
				cc := GeoIP(ip)
				switch {
				case cc == "":
					problems = append(problems, ip+" has no country")
				case !slices.Contains(info.UsualCountries, cc) && r.incident != 6:
					problems = append(problems, "baseline row from "+cc+" ("+ip+")")
				case !slices.Contains(info.UsualCountries, cc):
					unusual[cc] = true
				}
			}
		})
		if len(problems) > 0 {
			t.Fatalf("%s: %d problems, first %s", name, len(problems), problems[0])
		}
		want := append(slices.Clone(l.UnusualCountries), l.EmbargoedCountries...)
		slices.Sort(want)
		got := slices.Sorted(func(yield func(string) bool) {
			for k := range unusual {
				if !yield(k) {
					return
				}
			}
		})
		if !slices.Equal(got, want) {
			t.Errorf("%s: unusual countries %v, want %v", name, got, want)
		}
	}
}

// TestWorldLanguagesDetected: the tenant's languages are what detection finds
// in a day of its subjects.
func TestWorldLanguagesDetected(t *testing.T) {
	for _, info := range Tenants()[1:] {
		name := info.Name
		tn, _ := worldTenant(t, name)
		span := day
		if info.Mailboxes > 10000 {
			span = 2 * time.Hour
		}
		seen := map[string]bool{}
		var subjects []string
		from := info.TestAnchor.Add(-7 * day)
		scanRows(tn, from.Add(-span), from, func(r *row) {
			if !seen[r.Subject] {
				seen[r.Subject] = true
				subjects = append(subjects, r.Subject)
			}
		})
		slices.Sort(subjects)
		got := lang.Detect(subjects)
		want := slices.Clone(info.Languages)
		slices.Sort(want)
		if slices.Sort(got); !slices.Equal(got, want) {
			t.Errorf("%s: Detect = %v, want the tenant's languages %v", name, got, want)
		}
	}
}

func TestCalendar(t *testing.T) {
	for _, c := range []struct {
		got, want date
	}{
		{easter(2025), date{2025, 4, 20}}, {easter(2026), date{2026, 4, 5}}, {easter(2027), date{2027, 3, 28}},
		{nthWeekday(2026, time.November, time.Thursday, 4), date{2026, 11, 26}},
		{nthWeekday(2026, time.May, time.Monday, -1), date{2026, 5, 25}},
		{observed(date{2026, 7, 4}), date{2026, 7, 3}}, {observed26(date{2025, 1, 26}), date{2025, 1, 27}},
	} {
		if c.got != c.want {
			t.Errorf("got %v, want %v", c.got, c.want)
		}
	}
	w := newWorld(findWorld("ch-small"), Options{Anchor: testAnchor}.normalized())
	zurich := mustZone("Europe/Zurich")
	for _, c := range []struct {
		t    time.Time
		want dayKind
	}{
		{time.Date(2026, 5, 14, 10, 0, 0, 0, zurich), holiday}, // Ascension
		{time.Date(2026, 8, 1, 10, 0, 0, 0, zurich), holiday},  // national day (a Saturday)
		{time.Date(2026, 8, 2, 10, 0, 0, 0, zurich), weekend},
		{time.Date(2026, 8, 3, 10, 0, 0, 0, zurich), workday},
	} {
		if got := w.dayKindOf(c.t); got != c.want {
			t.Errorf("%v: %d, want %d", c.t, got, c.want)
		}
	}
}

// TestWorldLocalRhythm: business mail follows local time through daylight
// saving time.
func TestWorldLocalRhythm(t *testing.T) {
	quiet := New(Options{Tenant: "us-large", Anchor: time.Date(2026, 11, 20, 18, 0, 0, 0, time.UTC)})
	quiet.w.incidents = false
	count := func(t0 time.Time) int {
		n := 0
		scanRows(quiet, t0, t0.Add(time.Hour), func(r *row) {
			if r.kind == kindInternal {
				n++
			}
		})
		return n
	}
	// 13:00 UTC is 08:00 CDT in July and 07:00 CST in January (Wednesdays):
	// business profile 55 against 15.
	summer, winter := count(time.Date(2026, 7, 15, 13, 0, 0, 0, time.UTC)), count(time.Date(2026, 1, 14, 13, 0, 0, 0, time.UTC))
	if summer < 2*winter {
		t.Fatalf("14:00 UTC: %d internal traces in July, %d in January; want July's local 08:00 at least twice January's 07:00", summer, winter)
	}
}

// TestJapaneseLabels: the default tenant's ground truth matches its rows.
func TestJapaneseLabels(t *testing.T) {
	ls := Labels(Options{Anchor: testAnchor})
	var kinds []string
	var msgs []int
	for _, l := range ls {
		kinds = append(kinds, l.Kind)
		msgs = append(msgs, l.Messages)
	}
	if !slices.Equal(kinds, []string{KindSpamWave, KindLure, KindCompromised, KindLargeTransfers, KindIntelSender, KindUnusualGeo}) ||
		!slices.Equal(msgs, []int{620, 384, 2400, 38, 42, 60}) || ls[2].PerMinute != 40 || ls[2].Sender != "k.inoue@example.co.jp" {
		t.Fatalf("labels: kinds %v, messages %v, %+v", kinds, msgs, ls[2])
	}
	lure, other := 0, 0
	for _, r := range incidentRows(testTenant(), 2, ls[1].Start, ls[1].End) {
		lure++
		if !hasAll(r.Subject, ls[1].LureWords) {
			t.Fatalf("lure row %q lacks %v", r.Subject, ls[1].LureWords)
		}
	}
	for _, tr := range testDay(t) {
		if hasAll(tr.Subject, ls[1].LureWords) {
			other++
		}
	}
	if lure != 435 || other != 435 {
		t.Fatalf("%d lure rows, %d rows of the day with every lure word; want 435 and 435", lure, other)
	}
}
