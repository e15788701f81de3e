package graph

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// FuzzFilterClauses: any filter either fails validation with a FieldError
// naming a field, or renders clauses whose literals hold no lone quote and no
// control character, and whose URL stays within Graph's practical URL length.
func FuzzFilterClauses(f *testing.F) {
	f.Add("a@contoso.com", "*@fabrikam.com", "203.0.113.1", "' or 1 eq 1", "contains", "<m@x>")
	f.Add("", "", "", "", "", "")
	f.Add("o'brien@x.com", "b@y", "::ffff:10.0.0.1", "Rechnung\u00e4", "endsWith", "id'")
	f.Fuzz(func(t *testing.T, sender, rcpt, ip, subject, op, msgID string) {
		fl := trace.Filter{Sender: sender, Recipient: rcpt, FromIP: ip, Subject: subject, SubjectOp: trace.SubjectOp(op), MessageID: msgID}
		clauses, err := filterClauses(fl)
		if err != nil {
			if v, ok := err.(*FieldError); !ok || !strings.HasPrefix(v.Field, "filter.") {
				t.Fatalf("error %T %v does not name a filter field", err, err)
			}
			return
		}
		c := &Client{base: &url.URL{Scheme: "https", Host: "graph.microsoft.com"}}
		u := c.listURL(strings.Join(append([]string{rangeClause(time.Unix(0, 0), time.Unix(86400, 0))}, clauses...), " and "), pageSize)
		if len(u) > 16<<10 {
			t.Fatalf("URL of %d bytes", len(u))
		}
		for _, cl := range clauses {
			if strings.Count(cl, "'")%2 != 0 || strings.ContainsAny(cl, "\r\n\x00") {
				t.Fatalf("clause %q", cl)
			}
		}
	})
}

// FuzzParseCertificate: arbitrary PEM text never panics and errors name a field.
func FuzzParseCertificate(f *testing.F) {
	f.Add("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "")
	f.Add("", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
	f.Add("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAA==\n-----END ENCRYPTED PRIVATE KEY-----\n", "x")
	f.Fuzz(func(t *testing.T, cert, key string) {
		_, _, err := parseCertificate(cert, key, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
		if err == nil {
			return // only a real certificate with its key gets here
		}
		if v, ok := err.(*FieldError); !ok || (v.Field != "CertificatePEM" && v.Field != "PrivateKeyPEM") {
			t.Fatalf("error %T %v does not name the setting", err, err)
		}
	})
}
