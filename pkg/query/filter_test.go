package query

import (
	"reflect"
	"testing"
)

func TestDescribe(t *testing.T) {
	f := func(dim, op string, values ...string) map[string]any {
		return map[string]any{"dimension": dim, "op": op, "values": values}
	}
	tests := []struct {
		name     string
		filters  []map[string]any
		pushdown string
		local    []string
	}{
		{"quote doubled", []map[string]any{f("sender", "eq", "o'hara@example.com")},
			"senderAddress eq 'o''hara@example.com'", []string{"sender eq 'o''hara@example.com'"}},
		{"one in value pushes down", []map[string]any{f("status", "in", "failed")},
			"status eq 'failed'", []string{"status in 'failed'"}},
		{"two values stay local", []map[string]any{f("status", "in", "failed", "quarantined")},
			"", []string{"status in ('failed', 'quarantined')"}},
		{"every property in Graph's order", []map[string]any{
			f("subject", "startsWith", "Invoice"), f("toIP", "eq", "198.51.100.1"), f("fromIP", "eq", "203.0.113.7"),
			f("id", "eq", "c1d2"), f("messageId", "eq", "<a@b>"), f("recipient", "eq", "*@example.co.jp"),
			f("sender", "eq", "x@y.example")},
			"id eq 'c1d2' and messageId eq '<a@b>' and senderAddress eq 'x@y.example' and recipientAddress eq '*@example.co.jp'" +
				" and fromIP eq '203.0.113.7' and toIP eq '198.51.100.1' and startsWith(subject,'Invoice')", nil},
		{"domain becomes a wildcard", []map[string]any{f("recipientDomain", "eq", "example.co.jp")},
			"recipientAddress eq '*@example.co.jp'", []string{"recipientDomain eq 'example.co.jp'"}},
		{"exact sender beats its domain", []map[string]any{f("senderDomain", "eq", "evil.example"), f("sender", "eq", "a@evil.example")},
			"senderAddress eq 'a@evil.example'", nil},
		{"first subject condition only", []map[string]any{f("subject", "contains", "a"), f("subject", "endsWith", "b")},
			"contains(subject,'a')", nil},
		{"never pushed: neq, regex, cidr, size, derived", []map[string]any{
			f("sender", "neq", "a@b"), f("subject", "regex", "^x"), f("fromIP", "cidr", "10.0.0.0/8"),
			f("size", "gt", "1MB"), f("direction", "eq", "inbound"), f("subject", "eq", "hello")},
			"", []string{"sender neq 'a@b'", "subject regex '^x'", "fromIP cidr '10.0.0.0/8'", "size gt 1MB",
				"direction eq 'inbound'", "subject eq 'hello'"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := parseTest(dq(t, map[string]any{"filters": tt.filters}))
			if err != nil {
				t.Fatal(err)
			}
			pushdown, local := Describe(q)
			if pushdown != tt.pushdown {
				t.Errorf("pushdown = %q\nwant       %q", pushdown, tt.pushdown)
			}
			if tt.local != nil && !reflect.DeepEqual(local, tt.local) {
				t.Errorf("local = %q, want %q", local, tt.local)
			}
			if len(local) != len(tt.filters) {
				t.Errorf("%d local filters for %d filters: every filter also runs locally", len(local), len(tt.filters))
			}
		})
	}
}
