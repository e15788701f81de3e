package columns

import (
	"strings"
	"testing"
)

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

func TestProfileOps(t *testing.T) {
	home, embargoed := []string{"jp", "US"}, []string{"KP", "IR"}
	tests := []struct {
		op   Op
		want map[string]bool // country → kept
	}{
		{OpHome, map[string]bool{"JP": true, "US": true, "DE": false, "": false}},
		{OpNotHome, map[string]bool{"JP": false, "US": false, "DE": true, "": false}},
		{OpEmbargoed, map[string]bool{"KP": true, "IR": true, "DE": false, "": false}},
		{OpNotEmbargoed, map[string]bool{"KP": false, "DE": true, "": true}},
	}
	for _, tt := range tests {
		f, keep, err := CheckFilter(Filter{Dimension: DimFromCountry, Op: tt.op})
		if err != nil || !keep {
			t.Fatalf("%s: CheckFilter = %v, %v", tt.op, keep, err)
		}
		f, err = ResolveProfile(f, home, embargoed)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Compile(f)
		if err != nil {
			t.Fatal(err)
		}
		for c, want := range tt.want {
			if got := p.match(c); got != want {
				t.Errorf("%s on %q = %v, want %v", tt.op, c, got, want)
			}
		}
	}
	if _, _, err := CheckFilter(Filter{Dimension: DimFromCountry, Op: OpNotHome, Values: []string{"JP"}}); err == nil {
		t.Error("notHome with values: no error")
	}
	if _, _, err := CheckFilter(Filter{Dimension: DimSender, Op: OpNotHome}); err == nil {
		t.Error("notHome on sender: no error")
	}
	if _, err := ResolveProfile(Filter{Dimension: DimToCountry, Op: OpEmbargoed}, home, nil); err == nil || !strings.Contains(err.Error(), "embargoed countries") {
		t.Errorf("empty profile: %v", err)
	}
}
