package demo

import (
	"slices"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Final status shares per kind of baseline row.
var (
	mixInternal = statusMix{{trace.StatusDelivered, 996}, {trace.StatusFailed, 4}}
	mixNotify   = statusMix{{trace.StatusDelivered, 998}, {trace.StatusFailed, 2}}
	mixOutbound = statusMix{{trace.StatusDelivered, 970}, {trace.StatusFailed, 30}}
	mixInbound  = statusMix{{trace.StatusDelivered, 985}, {trace.StatusQuarantined, 4}, {trace.StatusFilteredAsSpam, 6}, {trace.StatusFailed, 5}}
	mixBulk     = statusMix{{trace.StatusDelivered, 880}, {trace.StatusFilteredAsSpam, 70}, {trace.StatusQuarantined, 40}, {trace.StatusFailed, 10}}
	mixSpam     = statusMix{{trace.StatusFilteredAsSpam, 520}, {trace.StatusQuarantined, 380}, {trace.StatusDelivered, 100}}
	mixPersonal = statusMix{{trace.StatusDelivered, 985}, {trace.StatusFilteredAsSpam, 10}, {trace.StatusFailed, 5}}
)

// Sizes per kind.
var (
	sizeInternal = sizeSpec{median: 24 * kb, sigma: 20, attach: 180}
	sizeNotify   = sizeSpec{median: 12 * kb, sigma: 8}
	sizeBusiness = sizeSpec{median: 40 * kb, sigma: 20, attach: 300}
	sizeBulk     = sizeSpec{median: 70 * kb, sigma: 12}
	sizeSpam     = sizeSpec{median: 18 * kb, sigma: 14, attach: 50}
	sizePersonal = sizeSpec{median: 30 * kb, sigma: 20, attach: 150}
)

var (
	systemSenders = []string{"workflow@" + domainJP, "noreply@" + domainJP}
	// Draws for "mostly one, sometimes two or three" recipients.
	fewRecipients = []int{1, 1, 1, 1, 1, 1, 1, 2, 2, 3}
)

// Private mail to webmail stays small, so only incident 4 moves big files there.
const personalLimit = 4 * mb

// baselineHour returns the baseline rows of hour h in time order, with room
// for spare more.
func (g *generator) baselineHour(h int64, spare int) []row {
	r := newRNG(g.seed, streamBaseline, uint64(h))
	kinds, offs := arrivals(&r, g.hourCounts(h, &r), func(i int) kind { return rates[i].kind })
	t := msTime(h * hourMs).In(jst)
	date := fillCtx{month: int(t.Month()), day: t.Day()}
	rows := make([]row, 0, len(kinds)*9/4+8+spare) // ~1.9 rows per message on average
	for i, k := range kinds {
		m := msg{ms: h*hourMs + offs[i], kind: k}
		m.id = newID(&r, h)
		c := date
		rows = baselineMessage(&r, &m, &c, rows)
	}
	return rows
}

func baselineMessage(r *rng, m *msg, c *fillCtx, rows []row) []row {
	switch m.kind {
	case kindInternal:
		return internalMessage(r, m, c, rows)
	case kindNotify:
		return notifyMessage(r, m, c, rows)
	case kindOutbound:
		return outboundMessage(r, m, c, rows)
	case kindInbound:
		return inboundMessage(r, m, c, rows)
	case kindBulk:
		return bulkMessage(r, m, c, rows)
	case kindSpam:
		return spamMessage(r, m, c, rows)
	case kindPersonalIn:
		return personalIn(r, m, c, rows)
	default:
		return personalOut(r, m, c, rows)
	}
}

// fromStaff fills the sender side of a message written by mailbox i.
func fromStaff(r *rng, m *msg, i int) mailbox {
	b := dir.boxes[i]
	m.sender = b.addr
	if b.us {
		m.fromIP = pick(r, egressUS)
		m.messageID = exoMessageID(r, exoUS, "NAMPRD11")
	} else {
		m.fromIP = pick(r, egressJP)
		m.messageID = exoMessageID(r, exoJP, "JPNP286")
	}
	return b
}

// recipientCount draws 1 (often) to 6 (rarely) recipients.
func recipientCount(r *rng) int {
	switch x := r.intn(100); {
	case x < 55:
		return 1
	case x < 75:
		return 2
	case x < 87:
		return 3
	default:
		return r.between(4, 6)
	}
}

func internalMessage(r *rng, m *msg, c *fillCtx, rows []row) []row {
	from := dir.sender(r)
	b := fromStaff(r, m, from)
	m.size = sizeInternal.draw(r, maxSize)
	if r.chance(60) {
		return toGroup(r, m, c, b, rows)
	}
	to := dir.colleagues(r, from, recipientCount(r), make([]int, 0, 6))
	c.person = dir.boxes[to[0]].surname
	m.subject = internalSubject(r, b, c)
	for _, i := range to {
		rows = append(rows, m.row(r, dir.boxes[i].addr, "", mixInternal.pick(r)))
	}
	return rows
}

func internalSubject(r *rng, b mailbox, c *fillCtx) string {
	if b.us || r.chance(80) {
		return pick(r, subjInternalEN).fill(r, c)
	}
	return pick(r, subjInternalJP).fill(r, c)
}

// toGroup sends to a distribution group: the group's row is "expanded" and each
// member gets its own row.
func toGroup(r *rng, m *msg, c *fillCtx, b mailbox, rows []row) []row {
	g := dir.groups[r.intn(len(dir.groups)-1)]
	if b.us {
		g = dir.groups[len(dir.groups)-1]
	}
	c.person = "皆"
	m.subject = internalSubject(r, b, c)
	rows = append(rows, m.row(r, g.addr, "", trace.StatusExpanded))
	for _, i := range g.members {
		if dir.boxes[i].addr != m.sender {
			rows = append(rows, m.row(r, dir.boxes[i].addr, "", mixInternal.pick(r)))
		}
	}
	return rows
}

func notifyMessage(r *rng, m *msg, c *fillCtx, rows []row) []row {
	m.sender = pick(r, systemSenders)
	m.fromIP = egressJP[0]
	m.messageID = exoMessageID(r, exoJP, "JPNP286")
	m.size = sizeNotify.draw(r, maxSize)
	m.subject = pick(r, subjNotify).fill(r, c)
	to := dir.jp[r.intn(len(dir.jp))]
	return append(rows, m.row(r, dir.boxes[to].addr, "", mixNotify.pick(r)))
}

func outboundMessage(r *rng, m *msg, c *fillCtx, rows []row) []row {
	from := dir.sender(r)
	b := fromStaff(r, m, from)
	p := &partners[partnerWeights.pick(r)]
	m.size = sizeBusiness.draw(r, maxSize)
	n := min(len(p.contacts), pick(r, fewRecipients))
	first := r.intn(len(p.contacts))
	c.org, c.person = p.name, b.surname
	m.subject = partnerSubject(r, p, c, subjOutboundJP, subjOutboundEN)
	mx := pick(r, p.ips)
	for k := range n {
		rows = append(rows, m.row(r, p.contacts[(first+k)%len(p.contacts)], mx, mixOutbound.pick(r)))
	}
	if r.chance(200) { // a colleague in copy
		cc := dir.colleagues(r, from, 1, make([]int, 0, 1))[0]
		rows = append(rows, m.row(r, dir.boxes[cc].addr, "", mixInternal.pick(r)))
	}
	return rows
}

func partnerSubject(r *rng, p *org, c *fillCtx, jp, en []template) string {
	if p.country == "JP" {
		return pick(r, jp).fill(r, c)
	}
	return pick(r, en).fill(r, c)
}

func inboundMessage(r *rng, m *msg, c *fillCtx, rows []row) []row {
	p := &partners[partnerWeights.pick(r)]
	m.sender = pick(r, p.contacts)
	m.fromIP = pick(r, p.ips)
	m.messageID = partnerMessageID(r, p)
	m.size = sizeBusiness.draw(r, maxSize)
	c.org = p.name
	if r.chance(40) {
		info := dir.groups[len(dir.groups)-2]
		c.person = "ご担当者"
		m.subject = partnerSubject(r, p, c, subjInboundJP, subjInboundEN)
		rows = append(rows, m.row(r, info.addr, "", trace.StatusExpanded))
		for _, i := range info.members {
			rows = append(rows, m.row(r, dir.boxes[i].addr, "", mixInbound.pick(r)))
		}
		return rows
	}
	to := dir.staff(r, p.country == "US", pick(r, fewRecipients))
	c.person = dir.boxes[to[0]].surname
	m.subject = partnerSubject(r, p, c, subjInboundJP, subjInboundEN)
	for _, i := range to {
		rows = append(rows, m.row(r, dir.boxes[i].addr, "", mixInbound.pick(r)))
	}
	if r.chance(15) { // someone still writes to a person who left
		rows = append(rows, m.row(r, pick(r, dir.departed), "", trace.StatusFailed))
	}
	return rows
}

func partnerMessageID(r *rng, p *org) string {
	if p.hosted {
		return exoMessageID(r, "OS3PR01MB", "JPNPRD01")
	}
	return externalMessageID(r, p.domain)
}

func bulkMessage(r *rng, m *msg, c *fillCtx, rows []row) []row {
	s := &bulkSenders[bulkWeights.pick(r)]
	m.sender = s.addr
	m.fromIP = pick(r, s.ips)
	m.messageID = externalMessageID(r, "mail."+domainOf(s.addr))
	m.size = sizeBulk.draw(r, maxSize)
	c.org = s.name
	m.subject = pick(r, bulkFamilies[s.family]).fill(r, c)
	n := 1
	if r.chance(150) {
		n = r.between(2, 4)
	}
	for _, i := range dir.staff(r, false, n) {
		rows = append(rows, m.row(r, dir.boxes[i].addr, "", mixBulk.pick(r)))
	}
	return rows
}

func spamMessage(r *rng, m *msg, c *fillCtx, rows []row) []row {
	m.sender = spamAddress(r)
	m.fromIP = pick(r, spamNets).random(r)
	m.messageID = externalMessageID(r, domainOf(m.sender))
	m.size = sizeSpam.draw(r, maxSize)
	m.subject = pick(r, subjSpam).fill(r, c)
	n := pick(r, fewRecipients)
	for _, i := range dir.staff(r, false, n) {
		rows = append(rows, m.row(r, dir.boxes[i].addr, "", mixSpam.pick(r)))
	}
	if r.chance(100) { // directory harvesting hits old addresses
		rows = append(rows, m.row(r, pick(r, dir.departed), "", trace.StatusFailed))
	}
	return rows
}

func personalIn(r *rng, m *msg, c *fillCtx, rows []row) []row {
	m.sender = freemailAddress(r)
	m.fromIP = pick(r, freemailIPs)
	m.messageID = externalMessageID(r, freemailDomain)
	m.size = sizePersonal.draw(r, personalLimit)
	to := dir.staff(r, false, 1)[0]
	c.person = dir.boxes[to].surname
	m.subject = pick(r, subjPersonal).fill(r, c)
	return append(rows, m.row(r, dir.boxes[to].addr, "", mixPersonal.pick(r)))
}

func personalOut(r *rng, m *msg, c *fillCtx, rows []row) []row {
	b := fromStaff(r, m, dir.sender(r))
	m.size = sizePersonal.draw(r, personalLimit)
	c.person = b.surname
	m.subject = pick(r, subjPersonal).fill(r, c)
	return append(rows, m.row(r, freemailAddress(r), pick(r, freemailIPs), mixPersonal.pick(r)))
}

func domainOf(addr string) string {
	for i := len(addr) - 1; i >= 0; i-- {
		if addr[i] == '@' {
			return addr[i+1:]
		}
	}
	return ""
}

// arrivals spreads counts[i] messages of kindOf(i) over one hour: the kinds
// shuffled over sorted arrival offsets so that they interleave. Both the demo
// tenant and the generated tenants draw from r in this order, which fixes
// their numbers.
func arrivals(r *rng, counts []int, kindOf func(int) kind) ([]kind, []int64) {
	total := 0
	for _, n := range counts {
		total += n
	}
	kinds := make([]kind, 0, total)
	for i, n := range counts {
		for range n {
			kinds = append(kinds, kindOf(i))
		}
	}
	for i := len(kinds) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		kinds[i], kinds[j] = kinds[j], kinds[i]
	}
	offs := make([]int64, len(kinds))
	for i := range offs {
		offs[i] = r.int63n(hourMs)
	}
	slices.Sort(offs)
	return kinds, offs
}
