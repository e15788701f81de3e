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
			q, err := Parse(dq(t, map[string]any{"filters": tt.filters}))
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

func TestTextMatcher(t *testing.T) {
	tests := []struct {
		dim    Dimension
		op     Op
		values []string
		in     string
		want   bool
	}{
		{DimSender, OpEq, []string{"A@X.example"}, "a@x.example", true},
		{DimSender, OpEq, []string{"*@x.example"}, "b@X.EXAMPLE", true},
		{DimSender, OpEq, []string{"*@x.example"}, "b@sub.x.example", false},
		{DimSubject, OpEq, []string{"*@x.example"}, "b@x.example", false}, // wildcards are for addresses only
		{DimSender, OpNotIn, []string{"a@x", "b@x"}, "c@x", true},
		{DimSender, OpNotIn, []string{"a@x", "b@x"}, "B@x", false},
		{DimSubject, OpContains, []string{"zz", "VOICE"}, "Invoice", true},
		{DimSubject, OpStartsWith, []string{"inv"}, "Invoice", true},
		{DimSubject, OpEndsWith, []string{"inv"}, "Invoice", false},
		{DimStatus, OpNeq, []string{"delivered"}, "failed", true},
	}
	for _, tt := range tests {
		p, err := compile(Filter{Dimension: tt.dim, Op: tt.op, Values: tt.values})
		if err != nil {
			t.Fatal(err)
		}
		if got := p.match(tt.in); got != tt.want {
			t.Errorf("%s %s %q on %q = %v", tt.dim, tt.op, tt.values, tt.in, got)
		}
	}
}

func TestCIDRAndSize(t *testing.T) {
	p, err := compile(Filter{Dimension: DimFromIP, Op: OpCIDR, Values: []string{"2001:db8::/32", "203.0.113.7"}})
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]bool{"2001:db8::1": true, "203.0.113.7": true, "::ffff:203.0.113.7": true,
		"203.0.113.8": false, "": false, "not-an-ip": false} {
		if got := p.match(in); got != want {
			t.Errorf("cidr on %q = %v", in, got)
		}
	}
	for in, want := range map[string]int64{"15MB": 15 << 20, "10 kb": 10 << 10, "1GB": 1 << 30, "512B": 512, "42": 42} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v", in, got, err)
		}
	}
}
