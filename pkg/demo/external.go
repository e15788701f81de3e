package demo

import "strconv"

// org is an external organisation the company exchanges mail with. All domains
// are under the reserved .example TLD (RFC 2606) or clearly fictional.
type org struct {
	domain   string
	name     string // as written in subjects (Japanese for JP partners)
	country  string
	hosted   bool     // on Microsoft 365: its IPs are EOP addresses
	ips      []string // sending servers, also used as its MX (toIP)
	contacts []string
}

type partnerDef struct {
	domain, name, country string
	hosted                bool
	weight                int
}

// Partners: mostly Japanese, then US, one Chinese and one German supplier.
var partnerDefs = []partnerDef{
	{"sakura-shoji.example", "さくら商事", "JP", true, 14},
	{"tokai-buhin.example", "東海部品", "JP", false, 12},
	{"kansai-seiki.example", "関西精機", "JP", true, 10},
	{"hokuriku-denki.example", "北陸電機", "JP", false, 8},
	{"nihon-butsuryu.example", "日本物流", "JP", true, 9},
	{"shinonome-bank.example", "しののめ銀行", "JP", false, 5},
	{"chiyoda-kensetsu.example", "千代田建設", "JP", true, 6},
	{"kyushu-kagaku.example", "九州化学", "JP", false, 6},
	{"northwind.example", "Northwind Traders", "US", true, 8},
	{"contoso.example", "Contoso", "US", true, 7},
	{"fabrikam.example", "Fabrikam", "US", false, 5},
	{"adatum.example", "Adatum", "US", true, 4},
	{"tailspin.example", "Tailspin Toys", "US", false, 3},
	{"shenzhen-dianzi.example", "Shenzhen Dianzi", "CN", false, 4},
	{"rheintal-mb.example", "Rheintal Maschinenbau", "DE", false, 3},
}

var (
	partners       = buildPartners()
	partnerWeights = func() weights {
		w := make([]int, len(partnerDefs))
		for i, p := range partnerDefs {
			w[i] = p.weight
		}
		return newWeights(w...)
	}()
)

var (
	cnNames = []string{"li.wei", "wang.fang", "zhang.min", "liu.yang", "chen.jing", "zhao.lei", "huang.li", "zhou.tao"}
	deNames = []string{"k.mueller", "s.schmidt", "t.schneider", "a.fischer", "m.weber", "j.wagner", "l.becker", "f.hoffmann"}
)

func buildPartners() []org {
	out := make([]org, len(partnerDefs))
	for i, p := range partnerDefs {
		o := org{domain: p.domain, name: p.name, country: p.country, hosted: p.hosted}
		net := countryNet(p.country)
		if p.hosted {
			net = netEOP
		}
		for k := range 3 {
			o.ips = append(o.ips, net.host(uint32(mix64(uint64(i*8+k)))))
		}
		for k := range 6 + i%7 {
			o.contacts = append(o.contacts, contactName(p.country, i, k)+"@"+p.domain)
		}
		out[i] = o
	}
	return out
}

func countryNet(cc string) ipRange {
	switch cc {
	case "JP":
		return netJP
	case "CN":
		return netCN
	case "DE":
		return netDE
	default:
		return netUS
	}
}

// contactName returns the k-th distinct contact name of partner org: names
// cycle through the lists and gain a number once a list is used up.
func contactName(cc string, org, k int) string {
	const cycle = 8
	name := ""
	switch i := k % cycle; cc {
	case "JP":
		s := surnames[(org*11+i*7+5)%len(surnames)]
		name = initials[(org+i)%len(initials)] + "." + s.latin
	case "CN":
		name = cnNames[(org+i)%len(cnNames)]
	case "DE":
		name = deNames[(org+i)%len(deNames)]
	default:
		name = usFirst[(org*3+i)%len(usFirst)] + "." + usLast[(org+i*7)%len(usLast)]
	}
	if k >= cycle {
		name += strconv.Itoa(k/cycle + 1)
	}
	return name
}

// bulkSender is a newsletter or notification service.
type bulkSender struct {
	addr, name string
	ips        []string
	family     int // index into bulkFamilies
}

func newBulk(addr, name string, net ipRange, family, n int) bulkSender {
	b := bulkSender{addr: addr, name: name, family: family}
	for k := range 2 {
		b.ips = append(b.ips, net.host(uint32(mix64(uint64(n*4+k+1000)))))
	}
	return b
}

var bulkSenders = []bulkSender{
	newBulk("news@keizai-weekly.example", "経済ウィークリー", netJP, 0, 0),
	newBulk("mag@it-media.example", "ITメディア通信", netJP, 0, 1),
	newBulk("seminar@biz-seminar.example", "ビジネスセミナー事務局", netJP, 1, 2),
	newBulk("info@office-supply.example", "オフィス用品ストア", netJP, 2, 3),
	newBulk("no-reply@travel-booking.example", "出張予約サービス", netJP, 3, 4),
	newBulk("notice@cardservice.example", "法人カードサービス", netJP, 3, 5),
	newBulk("digest@techbrief.example", "TechBrief", netUS, 4, 6),
	newBulk("noreply@cloudsvc.example", "CloudSvc", netUS, 5, 7),
	newBulk("alerts@monitoring.example", "Monitoring", netEOP, 5, 8),
	newBulk("updates@devhub.example", "DevHub", netUS, 4, 9),
	newBulk("news@cn-tradefair.example", "China Trade Fair", netCN, 4, 10),
	newBulk("newsletter@industrie-messe.example", "Industrie Messe", netDE, 4, 11),
}

var bulkWeights = newWeights(12, 9, 8, 6, 7, 5, 10, 12, 10, 6, 3, 2)

// Baseline spam comes from throw-away domains on the reserved .test TLD.
var (
	spamWords1 = []string{"lucky", "prize", "secure", "deal", "cheap", "bonus", "smart", "global", "best", "rich"}
	spamWords2 = []string{"mail", "offer", "center", "club", "shop", "info", "trade", "gift"}
	spamLocals = []string{"info", "support", "service", "admin", "noreply", "promo", "news", "contact"}
	spamNets   = []ipRange{netUS, netUS, netCN, netDE}
)

func spamAddress(r *rng) string {
	return pick(r, spamLocals) + "@" + pick(r, spamWords1) + "-" + pick(r, spamWords2) + ".test"
}

// Personal webmail, used by staff for private mail and by incident 4.
const freemailDomain = "freemail.example.net"

var freemailIPs = []string{netUS.host(0x5a5a01), netUS.host(0x5a5a02), netUS.host(0x5a5a03)}

func freemailAddress(r *rng) string {
	return pick(r, usFirst) + "." + surnames[r.intn(len(surnames))].latin + strconv.Itoa(r.between(1, 99)) + "@" + freemailDomain
}

// Office egress addresses: the source IP of mail the staff send.
var (
	egressJP = []string{netJP.host(0x0b2c11), netJP.host(0x0b2c12)}
	egressUS = []string{netUS.host(0x2e4f21)}
)
