package demo

import (
	"strings"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// matcher applies a trace.Filter the way Graph's $filter does: one value per
// property, ANDed; addresses match exactly or as "*@domain"; the subject
// matches contains / startsWith / endsWith; strings compare case-insensitively.
type matcher struct {
	f       trace.Filter
	subject string // lower-cased
}

func newMatcher(f trace.Filter) matcher {
	return matcher{f: f, subject: strings.ToLower(f.Subject)}
}

func (m *matcher) match(t *trace.Trace) bool {
	f := &m.f
	switch {
	case f.ID != "" && !strings.EqualFold(f.ID, t.ID),
		f.MessageID != "" && !strings.EqualFold(f.MessageID, t.MessageID),
		f.Sender != "" && !addressMatch(f.Sender, t.Sender),
		f.Recipient != "" && !addressMatch(f.Recipient, t.Recipient),
		f.Status != trace.StatusUnknown && f.Status != t.Status,
		f.FromIP != "" && !strings.EqualFold(f.FromIP, t.FromIP),
		f.ToIP != "" && !strings.EqualFold(f.ToIP, t.ToIP):
		return false
	}
	return m.subject == "" || subjectMatch(m.f.SubjectOp, m.subject, t.Subject)
}

// addressMatch compares an address with a pattern that is either an address
// or "*@domain".
func addressMatch(pattern, addr string) bool {
	if d, ok := strings.CutPrefix(pattern, "*@"); ok {
		return len(addr) > len(d) && addr[len(addr)-len(d)-1] == '@' && strings.EqualFold(addr[len(addr)-len(d):], d)
	}
	return strings.EqualFold(pattern, addr)
}

// subjectMatch: an empty operator means contains.
func subjectMatch(op trace.SubjectOp, lowerNeedle, subject string) bool {
	s := strings.ToLower(subject)
	switch op {
	case trace.SubjectStartsWith:
		return strings.HasPrefix(s, lowerNeedle)
	case trace.SubjectEndsWith:
		return strings.HasSuffix(s, lowerNeedle)
	default:
		return strings.Contains(s, lowerNeedle)
	}
}
