package table

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

func TestMessageIDsRoundTrip(t *testing.T) {
	cases := []struct {
		in      string
		encoded int // bytes in the arena, length prefix included
	}{
		// Exchange Online: the server name is the host's first label, then 16 upper-hex digits.
		{"<TYCP286MB1234ABCDEF0123456789@TYCP286MB1234.JPNPRD01.PROD.OUTLOOK.COM>", 1 + 1 + 1 + (1 + 8)},
		// The same without the server prefix: a literal, a 20-digit run, an odd digit.
		{"<TYCP286MB1234ABCDEF0123456789@OTHER.PROD.OUTLOOK.COM>", 1 + 1 + 1 + (1 + 8) + (1 + 10) + (1 + 1)},
		{"<abcd1234@abcd>", 1 + 1 + 1 + (1 + 2)},    // the host is one label
		{"<abc1@abc.x>", 1 + 1 + 1 + (1 + 2)},       // too short a label to strip
		{"<abcdabcd@abcdx.y>", 1 + 1 + 1 + (1 + 4)}, // the label is not a prefix
		// Other servers: 24 lower-hex digits.
		{"<0123456789abcdef01234567@example.com>", 1 + 1 + 1 + 1 + 12},
		{"<1a2b3c4d5e6f7a8b.0badcafe@mail.example.org>", 1 + 1 + 1 + (1 + 8) + (1 + 1) + (1 + 4)},
		{"", 1 + 1},
		{"<>", 1 + 1},
		{"<", 1 + 1 + 1 + 1},
		{"no-at-sign", 1 + 1 + 1 + 10},
		{"a@b@c.example", 1 + 1 + 1 + 1 + 3},
		{"<MiXeD0aBcD@x>", 1 + 1 + 1 + 1 + 10},       // mixed-case letters: no run of one case reaches 4
		{"<12345@x>", 1 + 1 + 1 + (1 + 2) + (1 + 1)}, // odd run: last digit literal
		{"<日本語のID@例え.jp>", 1 + 1 + 1 + 1 + len("日本語のID")}, // non-ASCII stays literal
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			d := NewDict()
			var m MessageIDs
			m.Append(c.in, d)
			if got := m.String(0, d.View()); got != c.in {
				t.Fatalf("decoded %q", got)
			}
			if len(m.data) != c.encoded {
				t.Fatalf("encoded in %d bytes, want %d", len(m.data), c.encoded)
			}
		})
	}
}

func TestMessageIDsLongRunsAndRandom(t *testing.T) {
	d := NewDict()
	var m MessageIDs
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "0123456789abcdefABCDEF<>@.-_xyzXYZ日"
	var inputs []string
	inputs = append(inputs, "<"+string(bytes.Repeat([]byte("ab"), 200))+"@h>") // runs longer than a segment
	for i := 0; i < 5000; i++ {
		b := make([]byte, r.IntN(150))
		for k := range b {
			b[k] = alphabet[r.IntN(len(alphabet))] // also splits the multi-byte rune: invalid UTF-8 is kept as is
		}
		inputs = append(inputs, string(b))
	}
	for _, s := range inputs {
		m.Append(s, d)
	}
	view := d.View()
	for i, s := range inputs {
		if got := m.String(i, view); got != s {
			t.Fatalf("row %d: decoded %q, want %q", i, got, s)
		}
	}
}

func TestMessageIDsShareAndKey(t *testing.T) {
	d := NewDict()
	var m MessageIDs
	for _, s := range []string{"<a1b2c3d4@x.example>", "<ffff0000@y.example>", "<a1b2c3d4@x.example>"} {
		m.Append(s, d)
	}
	if !m.SameAs(0, 2) || m.SameAs(0, 1) {
		t.Fatal("rows of one Message-ID must share their encoding, others not")
	}
	// Another table on the same dictionary encodes equal strings equally.
	var other MessageIDs
	other.Append("<a1b2c3d4@x.example>", d)
	if !bytes.Equal(m.Key(0), other.Key(0)) || bytes.Equal(m.Key(0), m.Key(1)) {
		t.Fatal("Key must be equal exactly for equal strings")
	}
	before := len(m.data)
	m.Seal()
	if m.seen != nil || len(m.data) != before || cap(m.data) != before || m.String(2, d.View()) != "<a1b2c3d4@x.example>" {
		t.Fatal("Seal must keep the rows and drop the map")
	}
}

func TestCompactTableRows(t *testing.T) {
	in := []trace.Trace{
		{ID: "8e6f4c2a-0000-4000-8000-000000000001", MessageID: "<0123456789abcdef@h.example>", Received: time.UnixMilli(1000).UTC(), Recipient: "a@x", Size: 1},
		{ID: "8e6f4c2a-0000-4000-8000-000000000001", MessageID: "<0123456789abcdef@h.example>", Received: time.UnixMilli(1000).UTC(), Recipient: "b@x", Size: 1},
	}
	d := NewDict()
	tab := NewCompact(d, 2)
	for _, tr := range in {
		tab.Append(tr)
	}
	tab.Seal()
	if tab.MessageID != nil || d.Len() != 4 { // "", "h.example", "a@x", "b@x"
		t.Fatalf("MessageID column %v, dictionary of %d strings", tab.MessageID, d.Len())
	}
	for i, want := range in {
		if got := tab.Row(i); got != want {
			t.Fatalf("row %d: %+v", i, got)
		}
	}
}

func TestSealTrims(t *testing.T) {
	d := NewDict()
	tab := New(d, 0)
	for i := 0; i < 5; i++ {
		tab.Append(trace.Trace{ID: "x", MessageID: "<m@h>", Received: time.UnixMilli(int64(i)).UTC(), Size: int64(i)})
	}
	tab.Seal()
	for name, c := range map[string]int{"time": cap(tab.Time), "size": cap(tab.Size), "idtext": cap(tab.IDText), "messageid": cap(tab.MessageID), "toip": cap(tab.ToIP)} {
		if c != 5 {
			t.Fatalf("%s capacity %d after Seal, want 5", name, c)
		}
	}
	if got := tab.Row(4); got.ID != "x" || got.Size != 4 || got.MessageID != "<m@h>" {
		t.Fatalf("row 4 after Seal: %+v", got)
	}
}
