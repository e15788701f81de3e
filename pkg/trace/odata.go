package trace

import "strings"

// Clauses renders the filter as Microsoft Graph $filter conditions, without the
// receivedDateTime range, in a fixed order so requests are reproducible. It does
// not validate values: the Graph client checks them before sending, and the query
// editor's preview shows the same text the client sends.
func (f Filter) Clauses() []string {
	var out []string
	for _, p := range []struct{ prop, val string }{
		{"id", f.ID}, {"messageId", f.MessageID}, {"senderAddress", f.Sender},
		{"recipientAddress", f.Recipient}, {"fromIP", f.FromIP}, {"toIP", f.ToIP},
	} {
		if p.val != "" {
			out = append(out, p.prop+" eq "+Quote(p.val))
		}
	}
	if f.Status != StatusUnknown {
		out = append(out, "status eq "+Quote(f.Status.String()))
	}
	if f.Subject != "" {
		op := f.SubjectOp
		if op == "" {
			op = SubjectContains
		}
		out = append(out, string(op)+"(subject,"+Quote(f.Subject)+")")
	}
	return out
}

// Quote makes an OData string literal: single quotes, embedded quotes doubled.
func Quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
