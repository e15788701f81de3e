package graph

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

const maxValueLen = 1000

// filterClauses validates f and returns its $filter conditions (without the time
// range), rendered by trace.Filter.Clauses so the editor's preview shows exactly
// this text. Nothing is sent when a value is invalid: an address such as
// "' or 1 eq 1" is rejected, not escaped.
func filterClauses(f trace.Filter) ([]string, error) {
	checks := []struct {
		field string
		value *string
		check func(string) (string, error)
	}{
		{"id", &f.ID, checkText},
		{"messageId", &f.MessageID, checkText},
		{"sender", &f.Sender, checkAddress},
		{"recipient", &f.Recipient, checkAddress},
		{"fromIP", &f.FromIP, checkIP},
		{"toIP", &f.ToIP, checkIP},
	}
	for _, c := range checks {
		if *c.value == "" {
			continue
		}
		norm, err := c.check(*c.value)
		if err != nil {
			return nil, &FieldError{Field: "filter." + c.field, Reason: err.Error()}
		}
		*c.value = norm
	}
	if err := checkSubject(f.Subject, f.SubjectOp); err != nil {
		return nil, err
	}
	return f.Clauses(), nil
}

func checkSubject(v string, op trace.SubjectOp) error {
	if v == "" {
		return nil
	}
	if _, err := checkText(v); err != nil {
		return &FieldError{Field: "filter.subject", Reason: err.Error()}
	}
	switch op {
	case "", trace.SubjectContains, trace.SubjectStartsWith, trace.SubjectEndsWith:
		return nil
	}
	return &FieldError{Field: "filter.subjectOp", Reason: fmt.Sprintf("%q is not supported: use contains, startsWith or endsWith", string(op))}
}

// rangeClause is the receivedDateTime condition; Graph wants both bounds, ge/le,
// whole seconds, UTC, unquoted.
func rangeClause(from, to time.Time) string {
	const layout = "2006-01-02T15:04:05Z"
	return "receivedDateTime ge " + from.UTC().Format(layout) + " and receivedDateTime le " + to.UTC().Format(layout)
}

// quote makes an OData string literal.
func quote(s string) string { return trace.Quote(s) }

// checkText accepts any printable value of reasonable length.
func checkText(v string) (string, error) {
	switch {
	case !utf8.ValidString(v):
		return "", fmt.Errorf("is not valid UTF-8")
	case len(v) > maxValueLen:
		return "", fmt.Errorf("is longer than %d bytes", maxValueLen)
	case strings.IndexFunc(v, unicode.IsControl) >= 0:
		return "", fmt.Errorf("%q contains control characters", v)
	}
	return v, nil
}

// checkAddress accepts local@domain or *@domain (Graph's whole-domain match).
func checkAddress(v string) (string, error) {
	if _, err := checkText(v); err != nil {
		return "", err
	}
	bad := fmt.Errorf("%q is not an email address: use local@domain, or *@domain for a whole domain", v)
	at := strings.LastIndexByte(v, '@')
	if at <= 0 || strings.ContainsAny(v, " \t") {
		return "", bad
	}
	local, domain := v[:at], v[at+1:]
	if strings.Contains(local, "@") || (strings.Contains(local, "*") && local != "*") || !validDomain(domain) {
		return "", bad
	}
	return v, nil
}

// validDomain checks dot-separated labels of letters, digits and hyphens
// (Unicode letters allowed for internationalised domains).
func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 || len(d) > 253 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return false
		}
		for _, r := range l {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return false
			}
		}
	}
	return true
}

// checkIP accepts an IPv4 or IPv6 address and returns its canonical spelling.
func checkIP(v string) (string, error) {
	a, err := netip.ParseAddr(strings.TrimSpace(v))
	if err != nil || a.Zone() != "" {
		return "", fmt.Errorf("%q is not an IP address", v)
	}
	return a.Unmap().String(), nil
}
