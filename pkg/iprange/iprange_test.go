package iprange

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
)

func blk(from, to, v string) Block[string] {
	return Block[string]{From: netip.MustParseAddr(from), To: netip.MustParseAddr(to), Value: v}
}

func where(i int) string { return fmt.Sprintf("block %d", i+1) }

func TestNestedBlocks(t *testing.T) {
	ix, err := New([]Block[string]{
		blk("1.0.0.0", "1.255.255.255", "outer"),
		blk("1.2.0.0", "1.2.255.255", "mid"),
		blk("1.2.3.0", "1.2.3.255", "inner"),
		blk("1.2.0.0", "1.2.0.9", "head"), // same start as mid
		blk("1.2.255.0", "1.2.255.255", "tail"),
		blk("1.255.0.0", "1.255.255.255", "end"), // same end as outer
		blk("1.2.3.0", "1.2.3.255", "inner"),     // listed twice
		blk("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "all6"),
		blk("ffff::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "top6"),
	}, where)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ ip, want string }{
		{"0.255.255.255", "all6"}, // IPv4 sits in the ::ffff:0:0/96 part of ::/0
		{"1.0.0.0", "outer"}, {"1.1.255.255", "outer"}, {"1.2.0.0", "head"}, {"1.2.0.9", "head"},
		{"1.2.0.10", "mid"}, {"1.2.2.255", "mid"}, {"1.2.3.0", "inner"}, {"1.2.3.255", "inner"},
		{"1.2.4.0", "mid"}, {"1.2.254.255", "mid"}, {"1.2.255.0", "tail"}, {"1.2.255.255", "tail"},
		{"1.3.0.0", "outer"}, {"1.254.255.255", "outer"}, {"1.255.0.0", "end"}, {"1.255.255.255", "end"},
		{"2.0.0.0", "all6"}, {"2001:db8::1", "all6"}, {"fffe::", "all6"}, {"ffff::1", "top6"},
		{"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "top6"},
	}
	for _, tc := range tests {
		if got, _ := ix.Lookup(netip.MustParseAddr(tc.ip)); got != tc.want {
			t.Errorf("Lookup(%s) = %q, want %q", tc.ip, got, tc.want)
		}
	}
	// all6 | outer | head | mid | inner | mid | tail | outer | end | all6 | top6
	if ix.Len() != 11 {
		t.Errorf("Len = %d, want 11", ix.Len())
	}
}

func TestAdjacentSameValueMerge(t *testing.T) {
	ix, err := New([]Block[string]{blk("1.0.0.0", "1.0.0.255", "A"), blk("1.0.1.0", "1.0.1.255", "A"), blk("1.0.2.0", "1.0.2.0", "B")}, where)
	if err != nil {
		t.Fatal(err)
	}
	if ix.Len() != 2 {
		t.Errorf("Len = %d, want 2", ix.Len())
	}
	if v, ok := ix.Lookup(netip.MustParseAddr("1.0.3.0")); ok {
		t.Errorf("1.0.3.0 = %q, want nothing", v)
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name   string
		blocks []Block[string]
		want   string
	}{
		{"crossing", []Block[string]{blk("1.0.0.0", "1.0.0.255", "A"), blk("1.0.0.128", "1.0.1.0", "B")},
			"block 2 (1.0.0.128–1.0.1.0) overlaps block 1 (1.0.0.0–1.0.0.255)"},
		{"same block, two values", []Block[string]{blk("1.0.0.0", "1.0.0.9", "A"), blk("1.0.0.0", "1.0.0.9", "B")},
			"block 2 (1.0.0.0–1.0.0.9) overlaps block 1 (1.0.0.0–1.0.0.9)"},
		{"crossing inside a parent", []Block[string]{blk("1.0.0.0", "1.0.255.255", "P"), blk("1.0.1.0", "1.0.1.255", "A"), blk("1.0.1.128", "1.0.2.0", "B")},
			"block 3 (1.0.1.128–1.0.2.0) overlaps block 2"},
		{"reversed", []Block[string]{blk("1.0.0.9", "1.0.0.0", "A")}, "block 1: start 1.0.0.9 is after end 1.0.0.0"},
		{"mixed", []Block[string]{blk("1.0.0.0", "2001::", "A")}, "not of the same IP version"},
		{"missing end", []Block[string]{{From: netip.MustParseAddr("1.0.0.0")}}, "needs a start and an end"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := New(tc.blocks, where); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestLenientCrossing(t *testing.T) {
	ix, err := NewLenient([]Block[string]{
		blk("1.0.0.0", "1.0.0.255", "A"), blk("1.0.0.128", "1.0.1.255", "B"), // B crosses A's end
		blk("1.0.1.0", "1.0.1.9", "C"),                                 // nested in B
		blk("2.0.0.0", "2.0.0.9", "D"), blk("2.0.0.0", "2.0.0.9", "E"), // same block twice
	}, where)
	if err != nil {
		t.Fatal(err)
	}
	for ip, want := range map[string]string{"1.0.0.0": "A", "1.0.0.127": "A", "1.0.0.128": "B", "1.0.0.255": "B",
		"1.0.1.0": "C", "1.0.1.9": "C", "1.0.1.10": "B", "1.0.1.255": "B", "1.0.2.0": "", "2.0.0.5": "D"} {
		if got, _ := ix.Lookup(netip.MustParseAddr(ip)); got != want {
			t.Errorf("Lookup(%s) = %q, want %q", ip, got, want)
		}
	}
}
