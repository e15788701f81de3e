package demo

import "strconv"

// AcceptedDomains are the demo tenant's accepted domains: a sender in one of
// them is internal, which is how the query engine derives direction.
var AcceptedDomains = []string{"example.co.jp", "example.com"}

// HomeCountry is the demo company's country (ISO 3166-1 alpha-2).
const HomeCountry = "JP"

const (
	domainJP = "example.co.jp"
	domainUS = "example.com"
	jpStaff  = 270 // Tokyo head office, t.tanaka@example.co.jp style
	usStaff  = 30  // US sales office, john.smith@example.com style
)

type surname struct{ latin, kanji string }

var surnames = []surname{
	{"tanaka", "田中"}, {"suzuki", "鈴木"}, {"takahashi", "高橋"}, {"watanabe", "渡辺"}, {"ito", "伊藤"},
	{"yamamoto", "山本"}, {"nakamura", "中村"}, {"kobayashi", "小林"}, {"kato", "加藤"}, {"yoshida", "吉田"},
	{"yamada", "山田"}, {"sasaki", "佐々木"}, {"yamaguchi", "山口"}, {"matsumoto", "松本"}, {"inoue", "井上"},
	{"kimura", "木村"}, {"hayashi", "林"}, {"shimizu", "清水"}, {"yamazaki", "山崎"}, {"mori", "森"},
	{"abe", "阿部"}, {"ikeda", "池田"}, {"hashimoto", "橋本"}, {"yamashita", "山下"}, {"ishikawa", "石川"},
	{"nakajima", "中島"}, {"maeda", "前田"}, {"fujita", "藤田"}, {"ogawa", "小川"}, {"goto", "後藤"},
	{"okada", "岡田"}, {"hasegawa", "長谷川"}, {"murakami", "村上"}, {"kondo", "近藤"}, {"ishii", "石井"},
	{"saito", "斎藤"}, {"sakamoto", "坂本"}, {"endo", "遠藤"}, {"aoki", "青木"}, {"fujii", "藤井"},
	{"nishimura", "西村"}, {"fukuda", "福田"}, {"ota", "太田"}, {"miura", "三浦"}, {"fujiwara", "藤原"},
	{"okamoto", "岡本"}, {"matsuda", "松田"}, {"nakagawa", "中川"}, {"nakano", "中野"}, {"harada", "原田"},
}

// Initials of Japanese given names; 't' first so that mailbox 0 is t.tanaka.
var initials = []string{"t", "h", "k", "m", "y", "s", "a", "n", "r", "e"}

var (
	usFirst = []string{"john", "emily", "michael", "sarah", "david", "jessica", "robert", "ashley", "james", "megan"}
	usLast  = []string{"smith", "johnson", "williams", "brown", "jones", "miller", "davis", "wilson", "anderson", "taylor"}
)

type mailbox struct {
	addr    string
	surname string // kanji (JP staff) or capitalised last name (US staff)
	dept    int
	us      bool
}

// group is a distribution group; mail to it yields one "expanded" row for the
// group and one row per member.
type group struct {
	addr    string
	members []int // indices into directory.boxes
}

type directory struct {
	boxes   []mailbox
	senders weights // who writes how much (a few heavy senders, a long tail)
	jp, us  []int
	groups  []group
	// departed are addresses of people who left: inbound mail to them fails.
	departed []string
}

var deptGroups = []string{"eigyo", "kaihatsu", "somu", "keiri", "jinji", "joho-system", "seizo", "hinshitsu"}

var dir = newDirectory()

func newDirectory() *directory {
	d := &directory{}
	for i := range jpStaff {
		s := surnames[i%len(surnames)]
		// For a fixed surname the initial index runs through consecutive values,
		// so (initial, surname) never repeats.
		in := initials[(i/len(surnames)+(i%len(surnames))*3)%len(initials)]
		d.jp = append(d.jp, len(d.boxes))
		d.boxes = append(d.boxes, mailbox{addr: in + "." + s.latin + "@" + domainJP, surname: s.kanji, dept: i % len(deptGroups)})
	}
	for i := range usStaff {
		f, l := usFirst[i%len(usFirst)], usLast[(i/len(usFirst)+i*3)%len(usLast)]
		d.us = append(d.us, len(d.boxes))
		d.boxes = append(d.boxes, mailbox{addr: f + "." + l + "@" + domainUS, surname: capitalise(l), dept: -1, us: true})
	}
	w := make([]int, len(d.boxes))
	for i := range w {
		// A fixed permutation of ranks (37 is prime to 300) with Zipf-like weights.
		w[i] = 12000 / ((i*37)%len(w) + 12)
	}
	d.senders = newWeights(w...)
	d.groups = d.buildGroups()
	for i := range 20 {
		s := surnames[(i*7+3)%len(surnames)]
		d.departed = append(d.departed, "former."+s.latin+strconv.Itoa(i+1)+"@"+domainJP)
	}
	return d
}

func (d *directory) buildGroups() []group {
	var gs []group
	for k, name := range deptGroups {
		var m []int
		for _, i := range d.jp {
			if d.boxes[i].dept == k && len(m) < 5+k {
				m = append(m, i)
			}
		}
		gs = append(gs, group{addr: name + "@" + domainJP, members: m})
	}
	gs = append(gs, group{addr: "info@" + domainJP, members: []int{d.jp[2], d.jp[10], d.jp[18], d.jp[26]}})
	gs = append(gs, group{addr: "us-office@" + domainUS, members: d.us[:12]})
	return gs
}

func (d *directory) isGroup(addr string) (group, bool) {
	for _, g := range d.groups {
		if g.addr == addr {
			return g, true
		}
	}
	return group{}, false
}

// sender picks an internal sender weighted by activity.
func (d *directory) sender(r *rng) int { return d.senders.pick(r) }

// colleagues appends n distinct internal recipients other than from; US staff
// mostly write to US staff and vice versa.
func (d *directory) colleagues(r *rng, from, n int, out []int) []int {
	pool := d.jp
	if d.boxes[from].us && !r.chance(300) {
		pool = d.us
	}
	for len(out) < n {
		c := pool[r.intn(len(pool))]
		if c != from && !containsInt(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// staff returns n distinct recipients for external mail; preferUS sends half of
// it to the US office (US partners write to it).
func (d *directory) staff(r *rng, preferUS bool, n int) []int {
	pool := d.jp
	if preferUS && r.chance(500) {
		pool = d.us
	}
	out := make([]int, 0, n)
	for len(out) < n {
		c := pool[r.intn(len(pool))]
		if !containsInt(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// index returns the position of a mailbox; a missing one is a programming error.
func (d *directory) index(addr string) int {
	for i, b := range d.boxes {
		if b.addr == addr {
			return i
		}
	}
	panic("demo: mailbox " + addr + " is not in the directory")
}
