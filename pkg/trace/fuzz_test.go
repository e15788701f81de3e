package trace

import (
	"strings"
	"testing"
)

// unquote reads back an OData string literal; ok is false when the literal is
// not one quoted string (a lone quote inside would end it early).
func unquote(lit string) (string, bool) {
	if len(lit) < 2 || lit[0] != '\'' || lit[len(lit)-1] != '\'' {
		return "", false
	}
	body := lit[1 : len(lit)-1]
	if strings.Count(strings.ReplaceAll(body, "''", ""), "'") != 0 {
		return "", false
	}
	return strings.ReplaceAll(body, "''", "'"), true
}

// FuzzQuote: every value becomes exactly one OData literal that reads back as
// the value, so no value can end the literal and add a condition.
func FuzzQuote(f *testing.F) {
	for _, s := range []string{"", "a", "'", "''", "' or 1 eq 1 or '", "O'Brien", "x'; drop", "\x00'\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := unquote(Quote(s))
		if !ok || got != s {
			t.Fatalf("Quote(%q) = %s reads back as %q (ok %v)", s, Quote(s), got, ok)
		}
	})
}

// FuzzClauses: each clause of a rendered filter is "<property> eq <literal>" or
// "<op>(subject,<literal>)" with a literal that reads back as the field's value.
func FuzzClauses(f *testing.F) {
	f.Add("a@contoso.com", "' or 1 eq 1", "hello", "contains", uint8(3))
	f.Add("", "", "", "", uint8(0))
	f.Add("*@x.com", "b@y.com", "it's", "startsWith", uint8(9))
	f.Fuzz(func(t *testing.T, sender, rcpt, subject, op string, status uint8) {
		fl := Filter{Sender: sender, Recipient: rcpt, Subject: subject, SubjectOp: SubjectOp(op), Status: Status(status)}
		want := map[string]string{"senderAddress": sender, "recipientAddress": rcpt}
		for _, c := range fl.Clauses() {
			if prop, lit, ok := strings.Cut(c, " eq "); ok && prop != "status" {
				if got, ok := unquote(lit); !ok || got != want[prop] {
					t.Fatalf("clause %q of %+v does not read back", c, fl)
				}
				continue
			}
			if strings.HasPrefix(c, "status eq ") {
				continue
			}
			open := strings.Index(c, "(subject,")
			if open < 0 || !strings.HasSuffix(c, ")") {
				t.Fatalf("unexpected clause %q", c)
			}
			if got, ok := unquote(c[open+len("(subject,") : len(c)-1]); !ok || got != subject {
				t.Fatalf("subject clause %q does not read back as %q", c, subject)
			}
		}
	})
}

// FuzzCompileRegex: no pattern panics or escapes the bounds.
func FuzzCompileRegex(f *testing.F) {
	for _, s := range []string{"", "a+", "((a|b){30}){30}", "[", `\p{Greek}+`, "(?i)phish|invoice", strings.Repeat("a", 600)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		re, err := CompileRegex(expr)
		if err == nil && (len(expr) > MaxRegexLen || re == nil) {
			t.Fatalf("accepted %q", expr)
		}
	})
}

func TestCompileRegexBounds(t *testing.T) {
	for _, tc := range []struct {
		expr string
		ok   bool
		msg  string
	}{
		{"(?i)invoice|payment", true, ""},
		{"((ab|cd|ef){30}){30}", false, "expands to 9062 steps"},
		{strings.Repeat("x", MaxRegexLen+1), false, "the limit is 512"},
		{"(", false, "bad regex"},
	} {
		_, err := CompileRegex(tc.expr)
		if (err == nil) != tc.ok || (err != nil && !strings.Contains(err.Error(), tc.msg)) {
			t.Errorf("%.20q: err %v", tc.expr, err)
		}
	}
}
