package demo

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// wIncident is one of a generated tenant's six incidents, scaled to it.
type wIncident struct {
	number             int
	kind, name         string
	description        string
	before, dur        time.Duration
	count, replayCount int
	actors             []string
	build              func(w *world, r *rng, m *msg, c *wctx, i int, rows []row) []row
}

// Incident kinds, as Label.Kind spells them (DESIGN §6).
const (
	KindSpamWave       = "spam-wave"
	KindLure           = "lure"
	KindCompromised    = "compromised-account"
	KindLargeTransfers = "large-transfers"
	KindIntelSender    = "intel-sender"
	KindUnusualGeo     = "unusual-geography"
)

var kindOfNumber = [...]string{"", KindSpamWave, KindLure, KindCompromised, KindLargeTransfers, KindIntelSender, KindUnusualGeo}

func clampInt(v, lo, hi int) int { return min(max(v, lo), hi) }

// incidents are placed like the Japanese tenant's (same windows relative to
// the anchor) with counts scaled to the tenant.
func (s *worldSpec) incidents() []*wIncident {
	d := s.data()
	n := s.mailboxes
	spamPerHour := n * 1200 / 1000 / 24
	waveCount := max(24, 6*spamPerHour)
	lureCount := clampInt(n/5, 60, 2400)
	compCount := s.compromisedPerMinute * 60
	exfil := clampInt(12+n/100, 12, 40)
	intel := clampInt(6+n/100, 6, 60)
	geo := clampInt(20+n/100, 20, 80)
	var geoActors []string
	for _, p := range append(slices.Clone(d.geoIn), d.geoOut...) {
		geoActors = append(geoActors, p.ip)
	}
	return []*wIncident{
		{number: 1, name: "Spam / phishing wave", before: 21 * time.Hour, dur: 2 * time.Hour, count: waveCount, replayCount: max(6, waveCount/10),
			description: "Credential-phishing lures from throw-away domains arriving at three times the usual spam rate (at least 12 an hour) on top of it.", actors: d.waveDomains, build: (*world).buildWave},
		{number: 2, name: "Invoice lure campaign", before: 17 * time.Hour, dur: 4 * time.Hour, count: lureCount, replayCount: max(12, lureCount/10),
			description: "One lure in six subject variants from 20 compromised senders.", actors: d.lureDomains, build: (*world).buildLure},
		{number: 3, name: "Compromised internal account", before: 10 * time.Hour, dur: time.Hour, count: compCount, replayCount: s.compromisedPerMinute * 7,
			description: "An internal mailbox sends lures to harvested external addresses from an unusual IP at " + strconv.Itoa(s.compromisedPerMinute) + " messages a minute.",
			actors:      []string{d.boxes[d.compromised].addr}, build: (*world).buildCompromised},
		{number: 4, name: "Large outbound transfers", before: 7*time.Hour + 30*time.Minute, dur: 2 * time.Hour, count: exfil, replayCount: 4,
			description: "One user mails 15–25 MB attachments to a personal webmail address.", actors: []string{d.boxes[d.insider].addr, d.private}, build: (*world).buildExfil},
		{number: 5, name: "Threat-intel sender", before: 5 * time.Hour, dur: 3 * time.Hour, count: intel, replayCount: 3,
			description: "A sender on the tenant's intel feed mails staff.", actors: []string{s.intelSender}, build: (*world).buildIntel},
		{number: 6, name: "Unusual geography", before: time.Hour + 45*time.Minute, dur: time.Hour, count: geo, replayCount: 10,
			description: "Inbound mail from " + strings.Join(s.geoSenders, ", ") + " and outbound mail to embargoed " + strings.Join(s.embargoed, ", ") + ".",
			actors:      geoActors, build: (*world).buildGeo},
	}
}

type wOccurrence struct {
	inc        *wIncident
	index      int
	start, end int64
	count      int
}

func (o wOccurrence) incident() Incident {
	return Incident{Number: o.inc.number, Name: o.inc.name, Description: o.inc.description,
		Start: msTime(o.start), End: msTime(o.end), Actors: slices.Clone(o.inc.actors)}
}

func (w *world) original(inc *wIncident) wOccurrence {
	start := w.anchorMs - inc.before.Milliseconds()
	return wOccurrence{inc: inc, start: start, end: start + inc.dur.Milliseconds(), count: inc.count}
}

func (w *world) replay(inc *wIncident, n int64) wOccurrence {
	start := w.anchorMs + n*replayPeriod.Milliseconds() + (replayFirst + time.Duration(inc.number-1)*replayStep).Milliseconds()
	return wOccurrence{inc: inc, index: int(n) + 1, start: start, end: start + replayDur.Milliseconds(), count: inc.replayCount}
}

func (w *world) occurrences(from, to int64) []wOccurrence {
	var out []wOccurrence
	for _, inc := range w.spec.incidentList() {
		if o := w.original(inc); o.start < to && o.end > from {
			out = append(out, o)
		}
		if !w.replayOn {
			continue
		}
		off := w.replay(inc, 0).start - w.anchorMs
		period := replayPeriod.Milliseconds()
		lo := max(0, floorDiv(from-w.anchorMs-off-replayDur.Milliseconds(), period))
		for n := lo; n <= floorDiv(to-1-w.anchorMs-off, period); n++ {
			if o := w.replay(inc, n); o.start < to && o.end > from {
				out = append(out, o)
			}
		}
	}
	return out
}

// incidentRows is generator.incidentRows for a generated tenant: message i
// arrives in the i-th equal slice of the occurrence, from its own stream.
func (w *world) incidentRows(o wOccurrence, h int64, rows []row) []row {
	from, to := h*hourMs, (h+1)*hourMs
	span, count := o.end-o.start, int64(o.count)
	lo := max(0, (from-o.start)*count/span-1)
	hi := min(count-1, (to-o.start)*count/span+1)
	for i := lo; i <= hi; i++ {
		r := newRNG(w.seed, wStreamIncident<<8|uint64(o.inc.number), uint64(o.index)<<32|uint64(i))
		s0, s1 := o.start+i*span/count, o.start+(i+1)*span/count
		at := s0 + r.int63n(max(1, s1-s0))
		if at < from || at >= to {
			continue
		}
		m := msg{ms: at, kind: kindIncident, incident: uint8(o.inc.number), id: newID(&r, h)}
		t := msTime(at).In(w.loc)
		c := wctx{month: int(t.Month()), day: t.Day(), lang: w.spec.lure.lang}
		rows = o.inc.build(w, &r, &m, &c, int(i), rows)
	}
	return rows
}

var waveSubjectsW = parseAll("Action required: your mailbox is full", "Unusual sign-in activity on your account", "You have {q} undelivered messages",
	"Your password expires today", "Voicemail received from +{n}", "A document was shared with you")

func (w *world) buildWave(r *rng, m *msg, c *wctx, _ int, rows []row) []row {
	m.sender = pick(r, waveLocals) + "@" + pick(r, w.d.waveDomains)
	m.fromIP = pick(r, w.d.spamNets).random(r)
	m.messageID = externalMessageID(r, domainOf(m.sender))
	m.size = sizeSpam.draw(r, maxSize)
	c.lang = "en"
	m.subject = w.fill(r, pick(r, waveSubjectsW), c)
	for _, i := range w.staff(r, min(pick(r, fewRecipients), len(w.d.boxes)), -1) {
		rows = append(rows, m.row(r, w.d.boxes[i].addr, "", mixWave.pick(r)))
	}
	return rows
}

func (w *world) buildLure(r *rng, m *msg, c *wctx, i int, rows []row) []row {
	s := i % len(w.d.lureSenders) // every sender takes part
	m.sender = w.d.lureSenders[s]
	m.fromIP = w.d.lureIPs[s]
	m.messageID = externalMessageID(r, domainOf(m.sender))
	m.size = campaignSize.draw(r, maxSize)
	// The company named is the sender's own (a hijacked thread).
	c.org = lureCompany(domainOf(m.sender))
	m.subject = w.fill(r, w.spec.lureTemplates()[i%len(w.spec.lure.variants)], c)
	for _, k := range w.staff(r, 1, -1) {
		rows = append(rows, m.row(r, w.d.boxes[k].addr, "", mixCampaign.pick(r)))
	}
	return rows
}

// lureCompany names the compromised sender's firm: compromised-ch-3.example
// writes as "Compromised Ch 3".
func lureCompany(domain string) string {
	words := strings.Split(strings.TrimSuffix(domain, ".example"), "-")
	for i, wd := range words {
		words[i] = capitalise(wd)
	}
	return strings.Join(words, " ")
}

func (w *world) buildCompromised(r *rng, m *msg, c *wctx, _ int, rows []row) []row {
	m.sender = w.d.boxes[w.d.compromised].addr
	m.fromIP = pick(r, w.d.attackerIPs)
	m.messageID = exoMessageID(r, "GV0P278MB", "EURPRD01")
	m.size = sizeNotify.draw(r, maxSize)
	c.lang = "en"
	m.subject = w.fill(r, pick(r, compromisedLuresW), c)
	for k := range r.between(1, 3) {
		d := pick(r, harvestDomains)
		to := pick(r, usFirst) + "." + pick(r, usLast) + strconv.Itoa(k*100+r.intn(100)) + "@" + d
		rows = append(rows, m.row(r, to, netUS.host(uint32(mix64(uint64(len(d))*131))), mixCompromised.pick(r)))
	}
	return rows
}

var compromisedLuresW = parseAll("Please review the attached document", "DocuSign: Please review and sign", "Shared file: {n}.pdf", "Re: your request")

func (w *world) buildExfil(r *rng, m *msg, c *wctx, _ int, rows []row) []row {
	w.fromStaff(r, m, w.d.insider)
	m.size = int64(r.between(15*mb, 25*mb))
	c.lang = "en"
	m.subject = w.fill(r, pick(r, parseAll("backup", "files {n}", "Fwd: drawings {n}", "customer list", "CAD_{n}.zip")), c)
	return append(rows, m.row(r, w.d.private, pick(r, freemailIPsW), trace.StatusDelivered))
}

func (w *world) buildIntel(r *rng, m *msg, c *wctx, _ int, rows []row) []row {
	m.sender = w.spec.intelSender
	m.fromIP = pick(r, w.d.intelIPs)
	m.messageID = externalMessageID(r, domainOf(m.sender))
	m.size = intelSize.draw(r, maxSize)
	c.lang = "en"
	m.subject = w.fill(r, intelSubjects[r.intn(len(intelSubjects))], c)
	to := r.intn(len(w.d.boxes))
	return append(rows, m.row(r, w.d.boxes[to].addr, "", mixIntel.pick(r)))
}

// buildGeo sends every fifth message out to an embargoed country, cycling
// through the destinations.
func (w *world) buildGeo(r *rng, m *msg, c *wctx, i int, rows []row) []row {
	c.lang = "en"
	if i%5 == 4 {
		d := w.d.geoOut[i/5%len(w.d.geoOut)]
		w.fromStaff(r, m, w.d.geoSales)
		m.size = sizeBusiness.draw(r, maxSize)
		m.subject = w.fill(r, pick(r, geoOutSubjectsW), c)
		return append(rows, m.row(r, d.addr, d.ip, trace.StatusDelivered))
	}
	s := w.d.geoIn[i%len(w.d.geoIn)]
	m.sender, m.fromIP = s.addr, s.ip
	m.messageID = externalMessageID(r, domainOf(s.addr))
	m.size = sizeBusiness.draw(r, maxSize)
	m.subject = w.fill(r, pick(r, geoInSubjectsW), c)
	to := r.intn(len(w.d.boxes))
	return append(rows, m.row(r, w.d.boxes[to].addr, "", mixGeo.pick(r)))
}

var (
	geoInSubjectsW  = parseAll("Business proposal", "Partnership inquiry", "Urgent supply request", "Catalogue {M}")
	geoOutSubjectsW = parseAll("Quotation {n}", "Price list {M}", "Re: order {n}")
)

// incidentList caches the spec's incidents.
func (s *worldSpec) incidentList() []*wIncident {
	s.data()
	s.incOnce.Do(func() { s.incs = s.incidents() })
	return s.incs
}

// lureTemplates parses the lure's variants once.
func (s *worldSpec) lureTemplates() []template {
	s.lureOnce.Do(func() { s.lureTpl = parseAll(s.lure.variants...) })
	return s.lureTpl
}
