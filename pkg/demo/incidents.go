package demo

import (
	"slices"
	"time"
)

// Incident describes one occurrence of a labelled incident.
type Incident struct {
	Number      int
	Name        string
	Start, End  time.Time // rows fall in [Start, End)
	Actors      []string  // addresses, domains or IPs that identify it
	Description string
}

// incidentSpec places an incident relative to the anchor and says how to build
// its messages; build writes message i of an occurrence.
type incidentSpec struct {
	number      int
	name        string
	description string
	before      time.Duration // the original occurrence starts this long before the anchor
	dur         time.Duration
	count       int // messages in the original occurrence
	replayCount int // messages in each replay
	actors      []string
	build       func(r *rng, m *msg, c *fillCtx, i int, rows []row) []row
}

// The original occurrences all lie in the 24 h before the anchor and end at
// least 45 minutes before it, so a "last 24 hours" dashboard shows every one.
var specs = []*incidentSpec{
	{
		number: 1, name: "Spam / phishing wave", before: 21 * time.Hour, dur: 2 * time.Hour, count: 620, replayCount: 60,
		description: "Credential-phishing lures from throw-away domains: quarantined and filteredAsSpam rows at several times the usual rate.",
		actors:      waveDomains, build: buildWave,
	},
	{
		number: 2, name: "Invoice campaign", before: 17 * time.Hour, dur: 4 * time.Hour, count: 384, replayCount: 40,
		description: `Emotet-style invoice lures from dozens of compromised senders, all variants of "Invoice #<n> from <company> – payment overdue" (some with RE:/FW:).`,
		actors:      campaignDomains, build: buildCampaign,
	},
	{
		number: 3, name: "Compromised internal account", before: 10 * time.Hour, dur: time.Hour, count: 2400, replayCount: 280,
		description: "An internal mailbox sends thousands of lures to harvested external addresses from an unusual IP: many failed and quarantined.",
		actors:      []string{compromisedBox}, build: buildCompromised,
	},
	{
		number: 4, name: "Large outbound transfers", before: 7*time.Hour + 30*time.Minute, dur: 2 * time.Hour, count: 38, replayCount: 6,
		description: "One user mails 15–25 MB attachments to a personal webmail address.",
		actors:      []string{insiderBox, insiderPrivate}, build: buildExfil,
	},
	{
		number: 5, name: "Threat-intel sender", before: 5 * time.Hour, dur: 3 * time.Hour, count: 42, replayCount: 4,
		description: "A sender on the intel feed (AgentTesla lures) mails purchasing and accounting staff.",
		actors:      []string{intelSender}, build: buildIntelSender,
	},
	{
		number: 6, name: "Unusual geography", before: time.Hour + 45*time.Minute, dur: time.Hour, count: 60, replayCount: 10,
		description: "Inbound mail from RU, BR, NG and VN addresses (outside the usual JP/US/CN/DE) and outbound mail to KP and IR.",
		actors:      geoActors(), build: buildGeo,
	},
}

// Replay schedule (Options.Replay): in every hour after the anchor, incident k
// runs for replayDur starting replayFirst + (k-1)*replayStep into the hour, so
// the six never overlap and the last ends 44 minutes in. An alert rule
// evaluated every 5 minutes with for: 5m and a look-back of 5 to 10 minutes
// fires once and resolves once per incident per hour.
const (
	replayPeriod = time.Hour
	replayFirst  = 2 * time.Minute
	replayStep   = 7 * time.Minute
	replayDur    = 7 * time.Minute
)

// Incidents describes the original (non-replayed) occurrence of each of the six
// incidents for opts.
func Incidents(opts Options) []Incident {
	o := opts.normalized()
	if ws := findWorld(o.Tenant); ws != nil {
		w := newWorld(ws, o)
		var out []Incident
		for _, inc := range ws.incidentList() {
			out = append(out, w.original(inc).incident())
		}
		return out
	}
	g := newGenerator(o)
	out := make([]Incident, 0, len(specs))
	for _, s := range specs {
		out = append(out, g.original(s).incident())
	}
	return out
}

// Occurrences lists every occurrence overlapping [from, to]: the originals and,
// with Replay, the hourly replays (including ones scheduled after Now), in
// start order. Useful for annotations and for tests of the live demo.
func Occurrences(opts Options, from, to time.Time) []Incident {
	o := opts.normalized()
	var out []Incident
	if ws := findWorld(o.Tenant); ws != nil {
		for _, oc := range newWorld(ws, o).occurrences(from.UnixMilli(), to.UnixMilli()+1) {
			out = append(out, oc.incident())
		}
	} else {
		for _, oc := range newGenerator(o).occurrences(from.UnixMilli(), to.UnixMilli()+1) {
			out = append(out, oc.incident())
		}
	}
	slices.SortStableFunc(out, func(a, b Incident) int { return a.Start.Compare(b.Start) })
	return out
}

// occurrence is one run of an incident: index 0 is the original, n+1 the n-th replay.
type occurrence struct {
	spec       *incidentSpec
	index      int
	start, end int64 // ms
	count      int
}

func (o occurrence) incident() Incident {
	return Incident{
		Number: o.spec.number, Name: o.spec.name, Description: o.spec.description,
		Start: msTime(o.start), End: msTime(o.end), Actors: slices.Clone(o.spec.actors),
	}
}

func (g *generator) original(s *incidentSpec) occurrence {
	start := g.anchorMs - s.before.Milliseconds()
	return occurrence{spec: s, start: start, end: start + s.dur.Milliseconds(), count: s.count}
}

func (g *generator) replay(s *incidentSpec, n int64) occurrence {
	start := g.anchorMs + n*replayPeriod.Milliseconds() + (replayFirst + time.Duration(s.number-1)*replayStep).Milliseconds()
	return occurrence{spec: s, index: int(n) + 1, start: start, end: start + replayDur.Milliseconds(), count: s.replayCount}
}

// occurrences returns the occurrences overlapping [from, to) (ms).
func (g *generator) occurrences(from, to int64) []occurrence {
	var out []occurrence
	for _, s := range specs {
		if o := g.original(s); o.start < to && o.end > from {
			out = append(out, o)
		}
		if !g.replayOn {
			continue
		}
		off := g.replay(s, 0).start - g.anchorMs
		period := replayPeriod.Milliseconds()
		lo := max(0, floorDiv(from-g.anchorMs-off-replayDur.Milliseconds(), period))
		for n := lo; n <= floorDiv(to-1-g.anchorMs-off, period); n++ {
			if o := g.replay(s, n); o.start < to && o.end > from {
				out = append(out, o)
			}
		}
	}
	return out
}
