package demo

import (
	"strconv"
	"strings"
)

// worldData is what a generated tenant's spec expands to; built once per spec
// and read-only after.
type worldData struct {
	boxes    []wbox
	senders  weights
	groups   []group
	partners []org
	pweights weights
	bulk     []wbulk
	bweights weights
	langs    []string
	lweights weights
	egress   []string
	// incident actors
	compromised, insider, geoSales int // mailbox indices
	lureSenders                    []string
	lureDomains                    []string
	lureIPs                        []string
	waveDomains                    []string
	attackerIPs                    []string
	geoIn, geoOut                  []geoPeer
	private                        string
	intelIPs                       []string
	// spamNets: baseline spam and the wave come from the usual countries'
	// hosting, so only incident 6 is a geography signal.
	spamNets []ipRange
}

type wbox struct {
	addr, surname string
	lang          string // the language this person writes internal mail in
}

type wbulk struct {
	addr, name, lang string
	ips              []string
}

// freemailIPsW are the webmail's addresses for generated tenants.
var freemailIPsW = freemailIPs

func buildWorld(s *worldSpec) *worldData {
	w := &worldData{}
	for _, l := range s.langs {
		w.langs = append(w.langs, l.code)
	}
	lw := make([]int, len(s.langs))
	for i, l := range s.langs {
		lw[i] = l.weight
	}
	w.lweights = newWeights(lw...)
	w.buildBoxes(s)
	w.buildPartners(s)
	w.buildBulk(s)
	home := homeNet(s.home)
	w.egress = []string{home.host(0xe1), home.host(0xe2)}
	w.buildActors(s)
	for _, cc := range s.usual() {
		w.spamNets = append(w.spamNets, countryNetFor(cc))
	}
	return w
}

func (w *worldData) buildBoxes(s *worldSpec) {
	first, last := firstNames[s.home], lastNames[s.home]
	combos := len(first) * len(last)
	weightsOf := make([]int, s.mailboxes)
	for i := range s.mailboxes {
		f, l := first[i%len(first)], last[(i/len(first)+i*3)%len(last)]
		addr := f + "." + l
		if i >= combos {
			addr += strconv.Itoa(i / combos)
		}
		// People write in the tenant's languages by a fixed share.
		r := newRNG(uint64(len(s.name)), 77, uint64(i))
		w.boxes = append(w.boxes, wbox{addr: addr + "@" + s.domain, surname: capitalise(l), lang: w.langs[w.lweights.pick(&r)]})
		// Zipf-like: a few heavy senders, a long tail (a fixed permutation of ranks).
		rank := (i * 7919) % s.mailboxes
		weightsOf[i] = s.mailboxes*40/(rank+s.mailboxes/25+1) + 1
	}
	w.senders = newWeights(weightsOf...)
	nGroups := min(40, max(4, s.mailboxes/50))
	for g := range nGroups {
		var m []int
		for i := g; i < s.mailboxes && len(m) < 4+g%12; i += nGroups {
			m = append(m, i)
		}
		w.groups = append(w.groups, group{addr: "team" + strconv.Itoa(g+1) + "@" + s.domain, members: m})
	}
	w.compromised = s.mailboxes / 3
	w.insider = s.mailboxes/5 + 1
	w.geoSales = s.mailboxes / 7
}

func (w *worldData) buildPartners(s *worldSpec) {
	n := min(400, max(12, s.mailboxes/8))
	cw := make([]int, len(s.partnerCountries))
	for i, c := range s.partnerCountries {
		cw[i] = c.weight
	}
	cpick := newWeights(cw...)
	pw := make([]int, n)
	for i := range n {
		r := newRNG(uint64(len(s.domain)), 78, uint64(i))
		cc := s.partnerCountries[cpick.pick(&r)].cc
		stems, forms := companyStems[cc], companyForms[cc]
		stem, form := stems[i%len(stems)], forms[(i/len(stems))%len(forms)]
		name := stem + " " + form
		if i >= len(stems)*len(forms) {
			name = stem + " " + strconv.Itoa(i/len(stems)) + " " + form
		}
		o := org{domain: slug(name) + ".example", name: name, country: cc, hosted: r.chance(400)}
		net := homeNet(cc)
		if o.hosted {
			net = netEOP
		}
		for k := range 2 {
			o.ips = append(o.ips, net.host(uint32(mix64(uint64(i*8+k+5000)))))
		}
		for k := range 3 + i%6 {
			o.contacts = append(o.contacts, contactLocals[(i+k)%len(contactLocals)]+strconv.Itoa(k/len(contactLocals)+1)+"@"+o.domain)
		}
		w.partners = append(w.partners, o)
		pw[i] = 1 + 60/(i%20+1)
	}
	w.pweights = newWeights(pw...)
}

func (w *worldData) buildBulk(s *worldSpec) {
	n := min(60, max(10, s.mailboxes/100))
	bw := make([]int, n)
	for i := range n {
		p := w.partners[(i*5)%len(w.partners)]
		lang := countryLang[p.country]
		if i%3 == 0 {
			lang = w.langs[0]
		}
		net := homeNet(p.country)
		if i%4 == 3 {
			net = netUS // SaaS newsletters are sent from US clouds
		}
		b := wbulk{addr: "newsletter@news." + p.domain, name: p.name, lang: lang}
		for k := range 2 {
			b.ips = append(b.ips, net.host(uint32(mix64(uint64(i*4+k+9000)))))
		}
		w.bulk = append(w.bulk, b)
		bw[i] = 3 + i%5
	}
	w.bweights = newWeights(bw...)
}

func (w *worldData) buildActors(s *worldSpec) {
	pre := strings.SplitN(s.name, "-", 2)[0]
	for i := range s.lure.senders / 2 {
		d := "compromised-" + pre + "-" + strconv.Itoa(i+1) + ".example"
		w.lureDomains = append(w.lureDomains, d)
		w.lureSenders = append(w.lureSenders, "accounts@"+d, "office@"+d)
		// Compromised small businesses sit in the usual countries.
		cc := s.partnerCountries[i%len(s.partnerCountries)].cc
		w.lureIPs = append(w.lureIPs, homeNet(cc).host(uint32(7700+i*3)), homeNet(cc).host(uint32(7701+i*3)))
	}
	for i := range 6 {
		w.waveDomains = append(w.waveDomains, pre+"-secure-login"+strconv.Itoa(i+1)+".test")
	}
	w.attackerIPs = []string{netUS.host(0x7a0001 + uint32(len(pre))), netUS.host(0x7a0002 + uint32(len(pre)))}
	for i, cc := range s.geoSenders {
		n := countryNetFor(cc)
		w.geoIn = append(w.geoIn, geoPeer{addr: "export" + strconv.Itoa(i+1) + "@trade-" + strings.ToLower(cc) + "-" + pre + ".example", ip: n.host(uint32(0x4400 + i))})
	}
	for i, cc := range s.embargoed {
		n := countryNetFor(cc)
		w.geoOut = append(w.geoOut, geoPeer{addr: "buyer@import-" + strings.ToLower(cc) + "-" + pre + ".example", ip: n.host(uint32(0x55 + i))})
	}
	w.private = strings.Split(w.boxes[w.insider].addr, "@")[0] + ".home@" + freemailDomain
	w.intelIPs = []string{netUS.host(0x3e0001 + uint32(len(pre))), netUS.host(0x3e0002 + uint32(len(pre)))}
}

// slug turns a company name into a domain label (ASCII, hyphens).
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if f, ok := fold[r]; ok {
			r = f
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

var fold = map[rune]rune{'ä': 'a', 'à': 'a', 'á': 'a', 'â': 'a', 'ã': 'a', 'ç': 'c', 'é': 'e', 'è': 'e', 'ê': 'e',
	'í': 'i', 'î': 'i', 'ó': 'o', 'ô': 'o', 'ö': 'o', 'õ': 'o', 'ú': 'u', 'ü': 'u', 'û': 'u', 'ñ': 'n'}
