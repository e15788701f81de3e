package demo

import (
	"slices"
	"strings"
)

// Label is the ground truth of one original incident, for tests and
// evaluations of detection: when it starts, what kind it is, and what a
// detector should find.
type Label struct {
	Incident
	Kind     string // KindSpamWave ... KindUnusualGeo
	Messages int    // messages in the original occurrence
	// LureWords are the content words every variant of the lure contains
	// (lower case); Variants its subject templates, slots written <n> (a
	// number) and <company> (the sender's firm). Lure only.
	LureWords []string
	Variants  []string
	// LureLanguage is the lure's language (ISO 639-1).
	LureLanguage string
	// Sender is the mailbox or address at the centre of incidents 3, 4 and 5.
	Sender string
	// PerMinute is incident 3's sending rate.
	PerMinute int
	// UnusualCountries and EmbargoedCountries are incident 6's inbound and
	// outbound countries.
	UnusualCountries, EmbargoedCountries []string
}

// Labels returns the ground truth of the six original incidents of the
// tenant opts names.
func Labels(opts Options) []Label {
	o := opts.normalized()
	incs := Incidents(o)
	out := make([]Label, len(incs))
	for i, inc := range incs {
		out[i] = Label{Incident: inc, Kind: kindOfNumber[inc.Number]}
	}
	if ws := findWorld(o.Tenant); ws != nil {
		d := ws.data()
		for i, inc := range ws.incidentList() {
			out[i].Messages = inc.count
		}
		out[1].LureWords, out[1].LureLanguage = slices.Clone(ws.lure.words), ws.lure.lang
		for _, v := range ws.lure.variants {
			out[1].Variants = append(out[1].Variants, strings.NewReplacer("{n}", "<n>", "{c}", "<company>").Replace(v))
		}
		out[2].Sender, out[2].PerMinute = d.boxes[d.compromised].addr, ws.compromisedPerMinute
		out[3].Sender = d.boxes[d.insider].addr
		out[4].Sender = ws.intelSender
		out[5].UnusualCountries, out[5].EmbargoedCountries = slices.Clone(ws.geoSenders), slices.Clone(ws.embargoed)
		return out
	}
	for i, s := range specs {
		out[i].Messages = s.count
	}
	out[1].LureWords, out[1].LureLanguage = []string{"invoice", "payment", "overdue"}, "en"
	out[1].Variants = []string{"Invoice #<n> from <company> – payment overdue", "RE: Invoice #<n> from <company> – payment overdue", "FW: Invoice #<n> from <company> – payment overdue"}
	out[2].Sender, out[2].PerMinute = compromisedBox, specs[2].count/60
	out[3].Sender = insiderBox
	out[4].Sender = intelSender
	out[5].UnusualCountries, out[5].EmbargoedCountries = []string{"RU", "BR", "NG", "VN"}, []string{"KP", "IR"}
	return out
}

// IntelFeed returns the threat-intel feed of this tenant: the Japanese
// tenant's is IntelFeed(); a generated tenant lists its incident-5 sender and
// domain, one incident-6 sender IP and its first embargoed destination, and
// decoys that never appear in its traffic.
func (t *Tenant) IntelFeed() []IntelEntry {
	if t.w == nil {
		return IntelFeed()
	}
	s, d := t.w.spec, t.w.d
	return []IntelEntry{
		{s.intelSender, "email", 95, "MILLION SPIDER", []string{"KillChain/C2", "Malware/AgentTesla"}},
		{domainOf(s.intelSender), "domain", 90, "MILLION SPIDER", []string{"KillChain/C2"}},
		{d.geoIn[0].ip, "ip", 75, "Unassigned", []string{"KillChain/Delivery", "ThreatType/Spam"}},
		{d.geoOut[0].ip, "ip", 85, "Unassigned", []string{"ThreatType/Sanctions", "Country/" + s.embargoed[0]}},
		{"billing@paypa1-secure.test", "email", 88, "INKPOT SPIDER", []string{"KillChain/Delivery", "ThreatType/Phishing"}},
		{"198.51.100.77", "ip", 40, "Unassigned", []string{"ThreatType/Scanner"}},
	}
}
