package columns

import "testing"

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
		p, err := Compile(Filter{Dimension: tt.dim, Op: tt.op, Values: tt.values})
		if err != nil {
			t.Fatal(err)
		}
		if got := p.match(tt.in); got != tt.want {
			t.Errorf("%s %s %q on %q = %v", tt.dim, tt.op, tt.values, tt.in, got)
		}
	}
}

func TestCIDRAndSize(t *testing.T) {
	p, err := Compile(Filter{Dimension: DimFromIP, Op: OpCIDR, Values: []string{"2001:db8::/32", "203.0.113.7"}})
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
