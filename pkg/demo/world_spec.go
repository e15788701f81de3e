package demo

import (
	"slices"
	"sync"
	"time"
)

// worldSpec parameterises a generated tenant: size, place, languages and the
// scale of its incidents. Everything else follows from it and the seed.
type worldSpec struct {
	name, description string
	mailboxes         int
	domain            string // the one accepted domain
	home              string // ISO 3166-1 alpha-2
	zone              string // IANA
	held              bool
	anchor            time.Time // documented test anchor (a local Friday noon)
	// langs weight the languages of internal mail; partners write in their
	// country's language.
	langs []langShare
	// partners: countries the tenant trades with, by weight.
	partnerCountries []countryShare
	// geoSenders are incident 6's inbound countries (outside the usual set);
	// embargoed its outbound destinations.
	geoSenders, embargoed []string
	lure                  lureSpec
	// compromisedPerMinute is incident 3's sending rate.
	compromisedPerMinute int
	intelSender          string
	// holidays are the country's public holidays as local dates.
	holidays func(year int) []date

	once     sync.Once
	built    *worldData
	incOnce  sync.Once
	incs     []*wIncident
	lureOnce sync.Once
	lureTpl  []template
}

type langShare struct {
	code   string
	weight int
}

type countryShare struct {
	cc     string
	weight int
}

// lureSpec is incident 2: six subject variants sharing the content words.
type lureSpec struct {
	lang     string
	variants []string // templates: {n} number, {c} company
	words    []string // content words every variant contains (lower case)
	senders  int
}

func (s *worldSpec) info() TenantInfo {
	return TenantInfo{
		Name: s.name, Description: s.description, Mailboxes: s.mailboxes,
		AcceptedDomains: []string{s.domain}, HomeCountry: s.home, UsualCountries: s.usual(),
		TimeZone: s.zone, Languages: s.languages(), HeldOut: s.held, TestAnchor: s.anchor,
	}
}

// usual are the countries of baseline traffic: home, partners and the hosts of
// newsletters and SaaS (US, and IE for Europe-hosted services).
func (s *worldSpec) usual() []string {
	set := []string{s.home, "US"}
	for _, p := range s.partnerCountries {
		set = append(set, p.cc)
	}
	slices.Sort(set)
	return slices.Compact(set)
}

// languages are every language the tenant's subjects are written in: its
// staff's, its partners' and English (spam, SaaS), in that order.
func (s *worldSpec) languages() []string {
	var out []string
	add := func(l string) {
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	for _, l := range s.langs {
		add(l.code)
	}
	for _, p := range s.partnerCountries {
		add(countryLang[p.cc])
	}
	add("en")
	return out
}

func (s *worldSpec) data() *worldData {
	s.once.Do(func() { s.built = buildWorld(s) })
	return s.built
}

func (s *worldSpec) location() *time.Location {
	loc, err := time.LoadLocation(s.zone)
	if err != nil {
		panic("demo: time zone " + s.zone + ": " + err.Error()) // time/tzdata is linked in, so this is a typo
	}
	return loc
}

func findWorld(name string) *worldSpec {
	for _, s := range worldSpecs {
		if s.name == name {
			return s
		}
	}
	return nil
}

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// worldSpecs are the generated tenants beside the Japanese one.
var worldSpecs = []*worldSpec{
	{
		name: "ch-small", description: "Swiss engineering office, German- and French-speaking",
		mailboxes: 50, domain: "alpenblick-ingenieure.example", home: "CH", zone: "Europe/Zurich",
		anchor:           time.Date(2026, 11, 20, 12, 0, 0, 0, mustZone("Europe/Zurich")),
		langs:            []langShare{{"de", 60}, {"fr", 30}, {"en", 10}},
		partnerCountries: []countryShare{{"CH", 50}, {"DE", 25}, {"FR", 15}, {"IT", 10}},
		geoSenders:       []string{"NG", "VN", "ID", "TR"}, embargoed: []string{"IR", "CU"},
		lure: lureSpec{lang: "fr", senders: 20, words: []string{"facture", "échéance", "dépassée"}, variants: []string{
			"Facture n° {n} — l'échéance est dépassée",
			"RE: Facture n° {n} — l'échéance est dépassée",
			"Rappel : facture {n} de {c}, l'échéance est dépassée",
			"{c} – facture n° {n} : échéance dépassée",
			"TR: échéance dépassée pour la facture {n}",
			"Dernier avis : votre facture {n}, échéance dépassée",
		}},
		compromisedPerMinute: 8, intelSender: "buchhaltung@zahlungs-dienst.site", holidays: holidaysCH,
	},
	{
		name: "br-medium", description: "Brazilian distributor with Argentine and Spanish partners",
		mailboxes: 2000, domain: "distribuidora-aurora.example", home: "BR", zone: "America/Sao_Paulo",
		anchor:           time.Date(2026, 11, 20, 12, 0, 0, 0, mustZone("America/Sao_Paulo")),
		langs:            []langShare{{"pt", 80}, {"es", 10}, {"en", 10}},
		partnerCountries: []countryShare{{"BR", 60}, {"AR", 15}, {"ES", 10}, {"US", 10}, {"CN", 5}},
		geoSenders:       []string{"RU", "NG", "IN", "VN"}, embargoed: []string{"KP", "IR"},
		lure: lureSpec{lang: "pt", senders: 20, words: []string{"boleto", "vencido", "protesto"}, variants: []string{
			"Boleto {n} vencido – aviso de protesto",
			"RE: Boleto {n} vencido – aviso de protesto",
			"{c}: boleto vencido nº {n}, evite o protesto",
			"Aviso de protesto: boleto {n} vencido",
			"ENC: boleto {n} vencido (protesto em 48h)",
			"Último aviso {c} – boleto vencido {n} e protesto",
		}},
		compromisedPerMinute: 15, intelSender: "cobranca@boleto-rapido.site", holidays: holidaysBR,
	},
	{
		name: "us-large", description: "US retailer with 30,000 mailboxes",
		mailboxes: 30000, domain: "northstar-retail.example", home: "US", zone: "America/Chicago",
		anchor:           time.Date(2026, 11, 20, 12, 0, 0, 0, mustZone("America/Chicago")),
		langs:            []langShare{{"en", 90}, {"es", 10}},
		partnerCountries: []countryShare{{"US", 70}, {"GB", 14}, {"CN", 10}, {"JP", 3}, {"IN", 3}},
		geoSenders:       []string{"RU", "NG", "VN", "TR"}, embargoed: []string{"IR", "CU", "KP"},
		lure: lureSpec{lang: "en", senders: 20, words: []string{"wire", "transfer", "overdue"}, variants: []string{
			"Wire transfer {n} overdue - action required",
			"RE: Wire transfer {n} overdue - action required",
			"{c}: overdue wire transfer #{n}",
			"Overdue wire transfer notice {n}",
			"FW: wire transfer {n} is overdue",
			"Final notice from {c} - wire transfer {n} overdue",
		}},
		compromisedPerMinute: 40, intelSender: "ap-team@vendor-remit.site", holidays: holidaysUS,
	},
	{
		name: "au-heldout", description: "Australian logistics firm (held out while thresholds are chosen)",
		mailboxes: 800, domain: "southern-cross-freight.example", home: "AU", zone: "Australia/Sydney", held: true,
		anchor:           time.Date(2026, 11, 20, 12, 0, 0, 0, mustZone("Australia/Sydney")),
		langs:            []langShare{{"en", 85}, {"it", 10}, {"zh", 5}},
		partnerCountries: []countryShare{{"AU", 60}, {"NZ", 15}, {"CN", 10}, {"US", 10}, {"IT", 5}},
		geoSenders:       []string{"RU", "NG", "BR", "ID"}, embargoed: []string{"KP", "IR"},
		lure: lureSpec{lang: "en", senders: 20, words: []string{"remittance", "outstanding", "balance"}, variants: []string{
			"Remittance advice {n}: outstanding balance",
			"RE: Remittance advice {n}: outstanding balance",
			"{c} remittance - outstanding balance {n}",
			"Outstanding balance on remittance {n}",
			"FW: remittance {n} outstanding balance due",
			"Urgent: {c} outstanding balance, remittance {n}",
		}},
		compromisedPerMinute: 12, intelSender: "accounts@freight-settle.site", holidays: holidaysAU,
	},
}
