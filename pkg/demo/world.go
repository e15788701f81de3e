package demo

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Random streams of generated tenants; apart from the Japanese tenant's so
// its rows never change.
const (
	wStreamBaseline = 21
	wStreamDay      = 22
	wStreamIncident = 23
)

// world generates a tenant from a worldSpec. Like generator, it holds no
// mutable state and every row is a pure function of (spec, seed, anchor,
// replay, UTC hour).
type world struct {
	spec      *worldSpec
	d         *worldData
	loc       *time.Location
	seed      uint64
	anchorMs  int64
	replayOn  bool
	incidents bool
	// holidays caches nothing: the functions are cheap and pure.
	holidays func(int) []date
}

func newWorld(s *worldSpec, o Options) *world {
	return &world{spec: s, d: s.data(), loc: s.location(), seed: uint64(o.Seed), anchorMs: o.Anchor.UnixMilli(),
		replayOn: o.Replay, incidents: true, holidays: s.holidays}
}

// Daily messages per mailbox on a working day, in thousandths, per kind, and
// the share kept on weekends and holidays (percent). With group expansion and
// several recipients this is about 30 traces per mailbox per working day.
var worldRates = []struct {
	kind    kind
	perDay  int64
	profile *[24]int64
	weekend int64
}{
	{kindInternal, 7000, &profileBusiness, 12},
	{kindNotify, 1000, &profileNotify, 50},
	{kindOutbound, 3500, &profileBusiness, 10},
	{kindInbound, 5000, &profileInbound, 20},
	{kindBulk, 4500, &profileBulk, 70},
	{kindSpam, 1200, &profileFlat, 100},
	{kindPersonalIn, 300, &profileBusiness, 80},
	{kindPersonalOut, 200, &profileBusiness, 60},
}

func profileSum(p *[24]int64) int64 {
	var s int64
	for _, v := range p {
		s += v
	}
	return s
}

// hour returns every row received in UTC hour h, in time order.
func (w *world) hour(h int64) []row {
	var extra []row
	if w.incidents {
		for _, o := range w.occurrences(h*hourMs, (h+1)*hourMs) {
			extra = w.incidentRows(o, h, extra)
		}
		slices.SortStableFunc(extra, func(a, b row) int { return cmp.Compare(a.ms, b.ms) })
	}
	return mergeInto(w.baselineHour(h, len(extra)), extra)
}

// hourCounts: messages of each kind in hour h, by the local hour, weekday
// and holiday calendar. Integer arithmetic only.
func (w *world) hourCounts(h int64, r *rng) []int {
	t := msTime(h * hourMs).In(w.loc)
	dk := w.dayKindOf(t)
	local := dateOf(t)
	dayKey := uint64(local.y*10000 + int(local.m)*100 + local.d)
	day := newRNG(w.seed, wStreamDay, dayKey)
	dayFactor := int64(92 + day.intn(17))
	out := make([]int, len(worldRates))
	n := int64(w.spec.mailboxes)
	for i, k := range worldRates {
		sum := profileSum(k.profile)
		v := n * k.perDay * k.profile[t.Hour()] * dayFactor * int64(90+r.intn(21))
		if dk != workday {
			v = v * k.weekend / 100
		}
		d := sum * 1000 * 100 * 100
		out[i] = int(v / d)
		if r.int63n(d) < v%d {
			out[i]++
		}
	}
	return out
}

func (w *world) baselineHour(h int64, spare int) []row {
	r := newRNG(w.seed, wStreamBaseline, uint64(h))
	kinds, offs := arrivals(&r, w.hourCounts(h, &r), func(i int) kind { return worldRates[i].kind })
	t := msTime(h * hourMs).In(w.loc)
	rows := make([]row, 0, len(kinds)*2+spare)
	for i, k := range kinds {
		m := msg{ms: h*hourMs + offs[i], kind: k}
		m.id = newID(&r, h)
		c := wctx{month: int(t.Month()), day: t.Day()}
		rows = w.baselineMessage(&r, &m, &c, rows)
	}
	return rows
}

// wctx is what a subject may mention.
type wctx struct {
	month, day int
	org        string
	person     string
	lang       string
}

func (w *world) fill(r *rng, t template, c *wctx) string {
	var b []byte
	tx := texts[c.lang]
	for _, p := range t {
		if p.slot == 0 {
			b = append(b, p.lit...)
			continue
		}
		switch p.slot {
		case 'n':
			b = strconv.AppendInt(b, int64(r.between(1000, 99999)), 10)
		case 'N':
			b = strconv.AppendInt(b, int64(r.between(10000, 99999)), 10)
		case 'm':
			b = strconv.AppendInt(b, int64(c.month), 10)
		case 'd':
			b = strconv.AppendInt(b, int64(c.day), 10)
		case 'q':
			b = strconv.AppendInt(b, int64(r.between(1, 4)), 10)
		case 'M':
			b = append(b, tx.months[c.month-1]...)
		case 't':
			b = append(b, pick(r, tx.topics)...)
		case 'P':
			b = append(b, pick(r, tx.products)...)
		case 'c':
			b = append(b, c.org...)
		case 'k':
			b = append(b, c.person...)
		}
	}
	return string(b)
}

func (w *world) baselineMessage(r *rng, m *msg, c *wctx, rows []row) []row {
	switch m.kind {
	case kindInternal:
		return w.internal(r, m, c, rows)
	case kindNotify:
		return w.notify(r, m, c, rows)
	case kindOutbound:
		return w.outbound(r, m, c, rows)
	case kindInbound:
		return w.inbound(r, m, c, rows)
	case kindBulk:
		return w.bulkMsg(r, m, c, rows)
	case kindSpam:
		return w.spam(r, m, c, rows)
	case kindPersonalIn:
		return w.personalIn(r, m, c, rows)
	default:
		return w.personalOut(r, m, c, rows)
	}
}

func (w *world) fromStaff(r *rng, m *msg, i int) wbox {
	b := w.d.boxes[i]
	m.sender = b.addr
	m.fromIP = pick(r, w.d.egress)
	m.messageID = exoMessageID(r, "GV0P278MB", "EURPRD01")
	return b
}

func (w *world) staff(r *rng, n int, not int) []int {
	out := make([]int, 0, n)
	for len(out) < n {
		c := r.intn(len(w.d.boxes))
		if c != not && !containsInt(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func (w *world) internal(r *rng, m *msg, c *wctx, rows []row) []row {
	from := w.d.senders.pick(r)
	b := w.fromStaff(r, m, from)
	m.size = sizeInternal.draw(r, maxSize)
	c.lang = b.lang
	if r.chance(200) {
		g := w.d.groups[r.intn(len(w.d.groups))]
		m.subject = w.fill(r, pick(r, texts[c.lang].internal), c)
		rows = append(rows, m.row(r, g.addr, "", trace.StatusExpanded))
		for _, i := range g.members {
			if w.d.boxes[i].addr != m.sender {
				rows = append(rows, m.row(r, w.d.boxes[i].addr, "", mixInternal.pick(r)))
			}
		}
		return rows
	}
	to := w.staff(r, min(recipientCount(r), len(w.d.boxes)-1), from)
	c.person = w.d.boxes[to[0]].surname
	m.subject = w.fill(r, pick(r, texts[c.lang].internal), c)
	for _, i := range to {
		rows = append(rows, m.row(r, w.d.boxes[i].addr, "", mixInternal.pick(r)))
	}
	return rows
}

func (w *world) notify(r *rng, m *msg, c *wctx, rows []row) []row {
	m.sender = "noreply@" + w.spec.domain
	m.fromIP = w.d.egress[0]
	m.messageID = exoMessageID(r, "GV0P278MB", "EURPRD01")
	m.size = sizeNotify.draw(r, maxSize)
	to := r.intn(len(w.d.boxes))
	c.lang = w.d.boxes[to].lang
	m.subject = w.fill(r, pick(r, texts[c.lang].notify), c)
	return append(rows, m.row(r, w.d.boxes[to].addr, "", mixNotify.pick(r)))
}

func (w *world) partner(r *rng) *org { return &w.d.partners[w.d.pweights.pick(r)] }

func (w *world) outbound(r *rng, m *msg, c *wctx, rows []row) []row {
	b := w.fromStaff(r, m, w.d.senders.pick(r))
	p := w.partner(r)
	m.size = sizeBusiness.draw(r, maxSize)
	c.org, c.person, c.lang = p.name, b.surname, countryLang[p.country]
	m.subject = w.fill(r, pick(r, texts[c.lang].business), c)
	mx := pick(r, p.ips)
	n := min(len(p.contacts), pick(r, fewRecipients))
	first := r.intn(len(p.contacts))
	for k := range n {
		rows = append(rows, m.row(r, p.contacts[(first+k)%len(p.contacts)], mx, mixOutbound.pick(r)))
	}
	return rows
}

// inbound is partner mail; 40 % of it is a recurring template (invoice, price
// notice, delivery note) that many partners send every working day.
func (w *world) inbound(r *rng, m *msg, c *wctx, rows []row) []row {
	p := w.partner(r)
	m.sender = pick(r, p.contacts)
	m.fromIP = pick(r, p.ips)
	m.messageID = externalMessageID(r, p.domain)
	m.size = sizeBusiness.draw(r, maxSize)
	c.org, c.lang = p.name, countryLang[p.country]
	to := w.staff(r, min(pick(r, fewRecipients), len(w.d.boxes)), -1)
	c.person = w.d.boxes[to[0]].surname
	fam := texts[c.lang].business
	if r.chance(400) {
		fam = texts[c.lang].recurring
	}
	m.subject = w.fill(r, pick(r, fam), c)
	for _, i := range to {
		rows = append(rows, m.row(r, w.d.boxes[i].addr, "", mixInbound.pick(r)))
	}
	return rows
}

func (w *world) bulkMsg(r *rng, m *msg, c *wctx, rows []row) []row {
	s := &w.d.bulk[w.d.bweights.pick(r)]
	m.sender = s.addr
	m.fromIP = pick(r, s.ips)
	m.messageID = externalMessageID(r, domainOf(s.addr))
	m.size = sizeBulk.draw(r, maxSize)
	c.org, c.lang = s.name, s.lang
	m.subject = w.fill(r, pick(r, texts[c.lang].letters), c)
	n := 1
	if r.chance(150) {
		n = r.between(2, 4)
	}
	for _, i := range w.staff(r, min(n, len(w.d.boxes)), -1) {
		rows = append(rows, m.row(r, w.d.boxes[i].addr, "", mixBulk.pick(r)))
	}
	return rows
}

func (w *world) spam(r *rng, m *msg, c *wctx, rows []row) []row {
	m.sender = spamAddress(r)
	m.fromIP = pick(r, w.d.spamNets).random(r)
	m.messageID = externalMessageID(r, domainOf(m.sender))
	m.size = sizeSpam.draw(r, maxSize)
	c.lang = "en"
	m.subject = w.fill(r, pick(r, worldSpam), c)
	for _, i := range w.staff(r, min(pick(r, fewRecipients), len(w.d.boxes)), -1) {
		rows = append(rows, m.row(r, w.d.boxes[i].addr, "", mixSpam.pick(r)))
	}
	return rows
}

func (w *world) personalIn(r *rng, m *msg, c *wctx, rows []row) []row {
	m.sender = freemailAddress(r)
	m.fromIP = pick(r, freemailIPsW)
	m.messageID = externalMessageID(r, freemailDomain)
	m.size = sizePersonal.draw(r, personalLimit)
	to := r.intn(len(w.d.boxes))
	c.person, c.lang = w.d.boxes[to].surname, w.d.boxes[to].lang
	m.subject = w.fill(r, pick(r, texts[c.lang].personal), c)
	return append(rows, m.row(r, w.d.boxes[to].addr, "", mixPersonal.pick(r)))
}

func (w *world) personalOut(r *rng, m *msg, c *wctx, rows []row) []row {
	b := w.fromStaff(r, m, w.d.senders.pick(r))
	m.size = sizePersonal.draw(r, personalLimit)
	c.person, c.lang = b.surname, b.lang
	m.subject = w.fill(r, pick(r, texts[c.lang].personal), c)
	return append(rows, m.row(r, freemailAddress(r), pick(r, freemailIPsW), mixPersonal.pick(r)))
}
