package demo

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// Details returns the hop-by-hop events of one trace as getDetailsByRecipient
// would at Now: only events that have happened, consistent with the status the
// trace shows. It regenerates just the hour encoded in the id.
func (t *Tenant) Details(ctx context.Context, id, recipient string) ([]trace.Detail, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	h, ok := hourOfID(id)
	now := t.now()
	nowMs := now.UnixMilli()
	if !ok || h > hourOf(nowMs) || h < hourOf(now.Add(-Retention).UnixMilli()) {
		return nil, fmt.Errorf("%w: %s for %s", ErrNotFound, id, recipient)
	}
	rows := t.hourRows(h)
	for i := range rows {
		rw := &rows[i]
		if strings.EqualFold(rw.ID, id) && strings.EqualFold(rw.Recipient, recipient) &&
			rw.ms <= nowMs && !rw.Received.Before(now.Add(-Retention)) {
			return events(rw, recipientsOf(rows, i), nowMs), nil
		}
	}
	return nil, fmt.Errorf("%w: %s for %s", ErrNotFound, id, recipient)
}

// shape is how many recipients the sender addressed and how many rows the
// message has after group expansion.
type shape struct{ addressed, rows int }

// recipientsOf measures the message row i belongs to. Mail to a group is
// addressed to the group alone; its other rows are the members.
func recipientsOf(rows []row, i int) shape {
	var s shape
	group := false
	for j := range rows {
		if rows[j].ms == rows[i].ms && rows[j].ID == rows[i].ID {
			s.rows++
			group = group || rows[j].Status == trace.StatusExpanded
		}
	}
	s.addressed = s.rows
	if group {
		s.addressed = 1
	}
	return s
}

// event is a detail before it is cut at now.
type event struct {
	ms                        int64
	name, description, action string
	data                      string
}

// events builds the story of a row: Submit (internal senders), Receive, Spam
// Diagnostics (external senders), Defer (slow rows), then the final event.
func events(rw *row, n shape, nowMs int64) []trace.Detail {
	r := newRNG(0, streamDetails, mix64(uint64(rw.ms))^hashString(rw.ID+rw.Recipient))
	srv := exoServer(&r, rw.Sender)
	var evs []event
	if isInternal(rw.Sender) {
		evs = append(evs, event{ms: rw.ms - int64(r.between(150, 900)), name: "Submit",
			description: "The message was submitted.",
			data:        mep("String", "SubmissionAssistant", "MailboxTransportSubmissionEmailAssistant") + mep("Integer", "RcptCount", strconv.Itoa(n.addressed))})
	}
	evs = append(evs, event{ms: rw.ms, name: "Receive",
		description: "Message received by: " + srv,
		data: mep("String", "ClientIP", rw.FromIP) + mep("String", "ClientName", clientName(rw)) +
			mep("Integer", "RecipientCount", strconv.Itoa(n.addressed)) + mep("Long", "MessageSize", strconv.FormatInt(rw.Size, 10))})
	if !isInternal(rw.Sender) {
		evs = append(evs, spamDiagnostics(&r, rw))
	}
	if rw.settle >= slowSettle {
		evs = append(evs, event{ms: rw.ms + deferredSince, name: "Defer",
			description: "The message was temporarily deferred and will be retried.",
			data:        mep("String", "RecipientStatus", "451 4.4.0 Message deferred; retrying")})
	}
	evs = append(evs, finalEvent(rw, srv, n.rows-1))
	return cut(evs, rw, nowMs)
}

// cut keeps what has happened by now; the final event shows only once the
// row's status has settled, matching List.
func cut(evs []event, rw *row, nowMs int64) []trace.Detail {
	var out []trace.Detail
	for k, e := range evs {
		if k == len(evs)-1 && nowMs-rw.ms < int64(rw.settle) || e.ms > nowMs {
			continue
		}
		out = append(out, trace.Detail{
			ID: rw.ID, MessageID: rw.MessageID, Time: msTime(e.ms), Event: e.name,
			Action: e.action, Description: e.description, Data: "<root>" + e.data + "</root>",
		})
	}
	return out
}

func finalEvent(rw *row, srv string, members int) event {
	e := event{ms: rw.ms + int64(rw.settle)}
	switch rw.Status {
	case trace.StatusExpanded:
		e.name, e.description = "Expand", fmt.Sprintf("The distribution group %s was expanded into %d recipients.", rw.Recipient, members)
		e.data = mep("Integer", "ExpansionCount", strconv.Itoa(members))
	case trace.StatusFailed:
		code := failureCode(rw)
		e.name, e.description = "Fail", "Reason: [{LED="+code+"};{MSG=};{FQDN=};{IP=};{LRT=}]"
		e.data = mep("String", "RecipientStatus", code)
	case trace.StatusQuarantined:
		e.name, e.action = "Quarantine", "Quarantined"
		e.description = "The message was quarantined (" + quarantineReason(rw) + ")."
		e.data = mep("String", "QuarantineReason", quarantineReason(rw))
	case trace.StatusFilteredAsSpam:
		e.name, e.action = "Fail", "Rejected"
		e.description = "The message was blocked by spam filtering (SCL 9)."
		e.data = mep("String", "RecipientStatus", "550 5.7.1 Message rejected as spam by Content Filtering")
	default:
		if rw.ToIP != "" {
			e.name = "Send external"
			e.description = "Message sent to " + rw.ToIP + " using TLS1.3 with AES256"
			e.data = mep("String", "RemoteIp", rw.ToIP) + mep("String", "RecipientStatus", "250 2.6.0 Queued mail for delivery")
			return e
		}
		e.name, e.description = "Deliver", "The message was successfully delivered."
		e.data = mep("String", "DeliveryPriority", "Normal") + mep("String", "MailboxDatabase", srv)
	}
	return e
}

func spamDiagnostics(r *rng, rw *row) event {
	verdict, scl, text := "NSPM", 1, "Spam filter verdict: not spam (SCL 1)."
	switch rw.Status {
	case trace.StatusQuarantined, trace.StatusFilteredAsSpam:
		verdict, scl, text = "SPM", 9, "Spam filter verdict: spam (SCL 9)."
	}
	custom := "S:SFA=SUM|SFV=" + verdict + "|IPV=NLI|SCL=" + strconv.Itoa(scl) +
		"|CIP=" + rw.FromIP + "|CTRY=" + GeoIP(rw.FromIP) + "|LANG=" + language(rw.Subject) + "|SFS=" + strconv.Itoa(r.between(1000, 9999))
	return event{ms: rw.ms + int64(r.between(300, 2500)), name: "Spam Diagnostics", description: text, data: mep("String", "CustomData", custom)}
}

func failureCode(rw *row) string {
	switch {
	case rw.incident == 3:
		return "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP"
	case strings.HasPrefix(rw.Recipient, "former."):
		return "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"
	case rw.ToIP != "":
		return "550 5.1.1 User unknown"
	default:
		return "554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException"
	}
}

func quarantineReason(rw *row) string {
	switch {
	case rw.incident == 1 || rw.incident == 5:
		return "High confidence phish"
	case rw.incident == 2:
		return "Malware"
	case rw.kind == kindBulk:
		return "Bulk"
	default:
		return "Spam"
	}
}

// mep renders one <MEP> element as message trace data blobs carry them.
func mep(typ, name, value string) string {
	return `<MEP Name="` + name + `" ` + typ + `="` + xmlEscape(value) + `" />`
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func xmlEscape(s string) string { return xmlEscaper.Replace(s) }

// isInternal knows every demo tenant's domains: no tenant writes to another's.
func isInternal(addr string) bool {
	d := domainOf(addr)
	for _, a := range AcceptedDomains {
		if strings.EqualFold(d, a) {
			return true
		}
	}
	for _, s := range worldSpecs {
		if strings.EqualFold(d, s.domain) {
			return true
		}
	}
	return false
}

func exoServer(r *rng, sender string) string {
	if strings.HasSuffix(sender, "@"+domainUS) {
		return exoUS + strconv.Itoa(r.between(1000, 9999)) + ".NAMPRD11.PROD.OUTLOOK.COM"
	}
	return exoJP + strconv.Itoa(r.between(1000, 9999)) + ".JPNP286.PROD.OUTLOOK.COM"
}

func clientName(rw *row) string {
	if isInternal(rw.Sender) {
		return "Outlook"
	}
	return "mail." + domainOf(rw.Sender)
}

func language(subject string) string {
	for _, c := range subject {
		if c >= 0x3000 {
			return "ja"
		}
	}
	return "en"
}

func hashString(s string) uint64 {
	h := uint64(1469598103934665603)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}
