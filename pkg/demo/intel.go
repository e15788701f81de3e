package demo

import "slices"

// IntelEntry is one indicator of the demo threat-intel feed, shaped like the
// CrowdStrike feed SIEM apps match senders against.
type IntelEntry struct {
	Indicator  string
	Kind       string // "email" | "domain" | "ip"
	Confidence int    // 0-100: >=85 high, >=50 medium, >=15 low, else unverified
	Actor      string
	Labels     []string
}

var intelFeed = []IntelEntry{
	{intelSender, "email", 95, "MILLION SPIDER", []string{"KillChain/C2", "Malware/AgentTesla", "ThreatType/CredentialHarvesting"}},
	{"elchino-millions.site", "domain", 90, "MILLION SPIDER", []string{"KillChain/C2", "Malware/AgentTesla"}},
	{geoSenders[0].ip, "ip", 80, "Unassigned", []string{"KillChain/Delivery", "ThreatType/Spam"}},
	{geoSenders[4].ip, "ip", 70, "Unassigned", []string{"KillChain/Delivery", "ThreatType/Fraud"}},
	{geoDestinations[0].ip, "ip", 85, "Unassigned", []string{"ThreatType/Sanctions", "Country/KP"}},
	// Indicators that never appear in the demo traffic, and one low-confidence
	// domain that baseline spam uses, so panels can show confidence filtering.
	{"billing@paypa1-secure.test", "email", 88, "INKPOT SPIDER", []string{"KillChain/Delivery", "ThreatType/Phishing"}},
	{"invoice-update.test", "domain", 60, "Unassigned", []string{"ThreatType/Phishing"}},
	{"198.51.100.77", "ip", 40, "Unassigned", []string{"ThreatType/Scanner"}},
	{"prize-offer.test", "domain", 20, "Unassigned", []string{"ThreatType/Spam"}},
}

// IntelFeed returns the demo threat-intel feed (a fresh copy).
func IntelFeed() []IntelEntry {
	out := make([]IntelEntry, len(intelFeed))
	for i, e := range intelFeed {
		e.Labels = slices.Clone(e.Labels)
		out[i] = e
	}
	return out
}
