package demo

import "github.com/exotrace/messagetrace-datasource/pkg/trace"

// kind is what produced a row; Details uses it to tell the story of the message.
type kind uint8

const (
	kindInternal kind = iota
	kindNotify
	kindOutbound
	kindInbound
	kindBulk
	kindSpam
	kindPersonalIn
	kindPersonalOut
	kindIncident
)

// row is a trace plus what the generator knows about it.
type row struct {
	trace.Trace
	ms       int64 // Received in Unix milliseconds
	settle   int32 // ms after Received until the final Status is reported
	kind     kind
	incident uint8 // 1..6 for incident rows, 0 for the baseline
}

// msg is what every row of one message shares.
type msg struct {
	id, messageID, sender, subject, fromIP string
	ms                                     int64
	size                                   int64
	kind                                   kind
	incident                               uint8
}

func (m *msg) row(r *rng, recipient, toIP string, st trace.Status) row {
	return row{
		Trace: trace.Trace{
			ID: m.id, MessageID: m.messageID, Received: msTime(m.ms),
			Sender: m.sender, Recipient: recipient, Subject: m.subject,
			Size: m.size, FromIP: m.fromIP, ToIP: toIP, Status: st,
		},
		ms: m.ms, settle: settleDelay(r), kind: m.kind, incident: m.incident,
	}
}

// Status reporting lags delivery: most rows settle within two minutes, a few
// take up to ten (DESIGN.md: statuses change for minutes after arrival).
func settleDelay(r *rng) int32 {
	switch x := r.intn(100); {
	case x < 70:
		return int32(r.between(20_000, 120_000))
	case x < 95:
		return int32(r.between(120_000, 300_000))
	default:
		return int32(r.between(300_000, 600_000))
	}
}

const (
	maxSettleMs   = 600_000
	deferredSince = 60_000  // a slow row turns from gettingStatus to pending after a minute
	slowSettle    = 180_000 // rows settling slower than this were deferred once
)

// statusAt is the status Graph would report at now.
func (rw *row) statusAt(nowMs int64) trace.Status {
	age := nowMs - rw.ms
	switch {
	case age >= int64(rw.settle):
		return rw.Status
	case rw.settle >= slowSettle && age >= deferredSince:
		return trace.StatusPending
	default:
		return trace.StatusGettingStatus
	}
}

// statusMix gives the final status of a row as per-mille shares summing to 1000.
type statusMix []share

type share struct {
	status   trace.Status
	perMille int
}

func (m statusMix) pick(r *rng) trace.Status {
	x := r.intn(1000)
	for _, s := range m {
		if x < s.perMille {
			return s.status
		}
		x -= s.perMille
	}
	return m[len(m)-1].status
}
