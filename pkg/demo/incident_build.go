package demo

import (
	"strconv"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Incident 1: phishing wave from throw-away domains.

var waveDomains = []string{
	"m365-security-notice.test", "outlook-verify.test", "mailbox-quota.test", "sharepoint-docs.test",
	"voicemail-center.test", "account-protect.test", "it-helpdesk-jp.test", "secure-signin.test",
}

var (
	waveLocals   = []string{"no-reply", "security", "admin", "support", "postmaster"}
	waveSubjects = parseAll(
		"【{b}】パスワードの有効期限が本日切れます", "Action required: your {b} mailbox is full", "【緊急】{b}アカウントが一時停止されました",
		"You have {q} undelivered messages", "Voicemail received from 03-{n}", "{b}: 新しいドキュメントが共有されました",
		"Unusual sign-in activity on your {b} account",
	)
	mixWave = statusMix{{trace.StatusQuarantined, 520}, {trace.StatusFilteredAsSpam, 400}, {trace.StatusDelivered, 80}}
)

func buildWave(r *rng, m *msg, c *fillCtx, i int, rows []row) []row {
	m.sender = pick(r, waveLocals) + "@" + pick(r, waveDomains)
	m.fromIP = pick(r, spamNets).random(r)
	m.messageID = externalMessageID(r, domainOf(m.sender))
	m.size = sizeSpam.draw(r, maxSize)
	m.subject = pick(r, waveSubjects).fill(r, c)
	for _, i := range dir.staff(r, false, pick(r, fewRecipients)) {
		rows = append(rows, m.row(r, dir.boxes[i].addr, "", mixWave.pick(r)))
	}
	return rows
}

// Incident 2: invoice campaign from compromised small-business mailboxes.

var campaignDomains = []string{
	"acme-corp.example", "globex.example", "initech.example", "umbrella-trading.example", "vandelay-industries.example",
	"soylent-foods.example", "hooli.example", "wonka-industries.example", "stark-supplies.example", "wayne-logistics.example",
	"cyberdyne.example", "tyrell-corp.example", "dunder-mifflin.example", "prestige-worldwide.example", "bluth-company.example",
	"kramerica.example", "monarch-solutions.example", "pied-piper.example", "sterling-cooper.example", "massive-dynamic.example",
	"aperture-labs.example", "black-mesa.example", "gekko-partners.example", "oceanic-freight.example",
}

var (
	campaignCompanies = []string{"Acme Corp", "Globex Ltd", "Initech", "Umbrella Trading", "Vandelay Industries", "Stark Supplies", "Wayne Logistics", "Oceanic Freight"}
	campaignPrefixes  = []string{"", "", "", "", "", "", "RE: ", "RE: ", "RE: ", "FW: "}
	campaignLocals    = []string{"accounts", "j.martin"}
	mixCampaign       = statusMix{{trace.StatusDelivered, 650}, {trace.StatusQuarantined, 280}, {trace.StatusFilteredAsSpam, 70}}
	campaignSize      = sizeSpec{median: 150 * kb, sigma: 10}
	// Compromised senders sit in the usual countries, so only incident 6 is a
	// geography signal.
	campaignNets = []ipRange{netUS, netJP, netDE}
)

// campaignSubject is the one template of incident 2.
func campaignSubject(r *rng) string {
	return pick(r, campaignPrefixes) + "Invoice #" + strconv.Itoa(r.between(10000, 99999)) + " from " + pick(r, campaignCompanies) + " – payment overdue"
}

func buildCampaign(r *rng, m *msg, c *fillCtx, i int, rows []row) []row {
	s := r.intn(2 * len(campaignDomains)) // 48 senders
	d := campaignDomains[s/2]
	m.sender = campaignLocals[s%2] + "@" + d
	m.fromIP = campaignNets[s%len(campaignNets)].host(uint32(s + 77))
	m.messageID = externalMessageID(r, d)
	m.size = campaignSize.draw(r, maxSize)
	m.subject = campaignSubject(r)
	n := 1
	if r.chance(150) {
		n = 2
	}
	for _, i := range dir.staff(r, false, n) {
		rows = append(rows, m.row(r, dir.boxes[i].addr, "", mixCampaign.pick(r)))
	}
	return rows
}

// Incident 3: a compromised internal mailbox used as a spam cannon.

const compromisedBox = "k.inoue@" + domainJP

var (
	attackerIPs      = []string{netUS.host(0x71c301), netUS.host(0x71c302), netUS.host(0x71c303)}
	harvestDomains   = []string{"mail.example.org", "corp-mail.example", "webmail.example.org", "biz-net.example", "freemail.example.net", "sakura-shoji.example", "contoso.example", "northwind.example"}
	compromisedLures = parseAll("【{b}】ドキュメントが共有されました", "Please review the attached document", "支払明細のご確認（{m}月分）", "DocuSign: Please review and sign", "{k}様 ファイル共有のお知らせ", "Re: お問い合わせの件")
	mixCompromised   = statusMix{{trace.StatusFailed, 320}, {trace.StatusQuarantined, 260}, {trace.StatusFilteredAsSpam, 40}, {trace.StatusDelivered, 380}}
)

func buildCompromised(r *rng, m *msg, c *fillCtx, i int, rows []row) []row {
	m.sender = dir.boxes[compromisedIdx].addr
	m.fromIP = pick(r, attackerIPs)
	m.messageID = exoMessageID(r, exoJP, "JPNP286")
	m.size = sizeNotify.draw(r, maxSize)
	c.person = pick(r, surnames).kanji
	m.subject = pick(r, compromisedLures).fill(r, c)
	for k := range r.between(1, 3) {
		d := pick(r, harvestDomains)
		to := pick(r, usFirst) + "." + pick(r, surnames).latin + strconv.Itoa(k*100+r.intn(100)) + "@" + d
		rows = append(rows, m.row(r, to, mxOf(r, d), mixCompromised.pick(r)))
	}
	return rows
}

// mxOf returns a plausible destination IP for a domain.
func mxOf(r *rng, domain string) string {
	for i := range partners {
		if partners[i].domain == domain {
			return pick(r, partners[i].ips)
		}
	}
	if domain == freemailDomain {
		return pick(r, freemailIPs)
	}
	return netUS.host(uint32(mix64(uint64(len(domain)) * 131)))
}

// Incident 4: large attachments to a personal webmail address.

const (
	insiderBox     = "e.yamashita@" + domainJP
	insiderPrivate = "yamashita.emi88@" + freemailDomain
)

var exfilSubjects = parseAll("資料", "backup", "顧客リスト_{m}{d}", "Fwd: 設計図面_{n}", "見積データ", "無題", "CAD_{n}.zip", "営業資料まとめ")

func buildExfil(r *rng, m *msg, c *fillCtx, i int, rows []row) []row {
	fromStaff(r, m, insiderIdx)
	m.size = int64(r.between(15*mb, 25*mb))
	m.subject = pick(r, exfilSubjects).fill(r, c)
	return append(rows, m.row(r, insiderPrivate, pick(r, freemailIPs), trace.StatusDelivered))
}

// Incident 5: a sender listed on the threat-intel feed.

const intelSender = "urch@elchino-millions.site"

var (
	intelIPs      = []string{netUS.host(0x3d9e41), netUS.host(0x3d9e42)}
	intelSubjects = parseAll("RFQ-{n} urgent quotation request", "Payment advice - REF{N}", "DHL Shipment Notification {N}", "Re: PO {n} - revised order", "Remittance copy {m}/{d}")
	mixIntel      = statusMix{{trace.StatusDelivered, 550}, {trace.StatusQuarantined, 450}}
	intelSize     = sizeSpec{median: 600 * kb, sigma: 8}
	intelTargets  = []int{0, 3} // the sales and accounting groups' members
)

func buildIntelSender(r *rng, m *msg, c *fillCtx, i int, rows []row) []row {
	m.sender = intelSender
	m.fromIP = pick(r, intelIPs)
	m.messageID = externalMessageID(r, "elchino-millions.site")
	m.size = intelSize.draw(r, maxSize)
	m.subject = pick(r, intelSubjects).fill(r, c)
	to := dir.groups[pick(r, intelTargets)].members
	return append(rows, m.row(r, dir.boxes[pick(r, to)].addr, "", mixIntel.pick(r)))
}

// Incident 6: mail from and to countries outside the usual set.

type geoPeer struct{ addr, ip string }

const geoSalesBox = "a.murakami@" + domainJP

// Directory positions of the incident actors; dir.index panics at start-up if a
// name change in the directory orphans one.
var (
	compromisedIdx = dir.index(compromisedBox)
	insiderIdx     = dir.index(insiderBox)
	geoSalesIdx    = dir.index(geoSalesBox)
)

var (
	geoSenders = []geoPeer{
		{"sales@sibir-export.example", netRU.host(0x10203)}, {"d.ivanov@ural-metall.example", netRU.host(0x20304)},
		{"contato@rio-comercio.example", netBR.host(0x30405)}, {"vendas@paulista-agro.example", netBR.host(0x40506)},
		{"info@lagos-petro.example", netNG.host(0x50607)}, {"procurement@abuja-holdings.example", netNG.host(0x60708)},
		{"sales@hanoi-textile.example", netVN.host(0x70809)}, {"export@saigon-seafood.example", netVN.host(0x8090a)},
	}
	geoDestinations = []geoPeer{
		{"trade@taedong-trading.example", netKP.host(0x21)}, {"sales@zagros-industrial.example", netIR.host(0x3344)},
	}
	geoInSubjects  = parseAll("Business proposal", "Partnership inquiry", "Re: {P} price offer", "Urgent supply request", "Catalogue {M}")
	geoOutSubjects = parseAll("Re: {P}のお見積り", "Quotation No. {n} - {P}", "Price list {M}")
	mixGeo         = statusMix{{trace.StatusDelivered, 700}, {trace.StatusQuarantined, 200}, {trace.StatusFilteredAsSpam, 100}}
)

func geoActors() []string {
	var a []string
	for _, p := range geoSenders {
		a = append(a, p.ip)
	}
	for _, p := range geoDestinations {
		a = append(a, p.ip)
	}
	return a
}

// buildGeo sends every fifth message out to an embargoed country, alternating
// KP and IR, so even a short replay has both directions.
func buildGeo(r *rng, m *msg, c *fillCtx, i int, rows []row) []row {
	if i%5 == 4 {
		d := geoDestinations[i/5%2]
		fromStaff(r, m, geoSalesIdx)
		m.size = sizeBusiness.draw(r, maxSize)
		m.subject = pick(r, geoOutSubjects).fill(r, c)
		return append(rows, m.row(r, d.addr, d.ip, trace.StatusDelivered))
	}
	s := pick(r, geoSenders)
	m.sender, m.fromIP = s.addr, s.ip
	m.messageID = externalMessageID(r, domainOf(s.addr))
	m.size = sizeBusiness.draw(r, maxSize)
	m.subject = pick(r, geoInSubjects).fill(r, c)
	to := dir.staff(r, false, 1)[0]
	return append(rows, m.row(r, dir.boxes[to].addr, "", mixGeo.pick(r)))
}
