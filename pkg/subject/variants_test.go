package subject

import (
	"reflect"
	"strings"
	"testing"
)

// fixedStops is an injected stop-word set: only the words given.
type fixedStops map[string]bool

func (s fixedStops) Word(w string) bool  { return s[w] }
func (fixedStops) Bigram(bg string) bool { return false }

func TestKeywordTokensShortWordsAndInjectedStops(t *testing.T) {
	tests := []struct {
		in   string
		sw   StopWords
		want []string
	}{
		{"Rechnung Nr. 12 für Sie – bitte zahlen", nil, []string{"bitte", "für", "rechnung", "sie", "zahlen"}},
		{"Rechnung Nr. 12 für Sie – bitte zahlen", fixedStops{"für": true, "sie": true, "bitte": true}, []string{"rechnung", "zahlen"}},
		{"FYI: ok to go, PO ready", nil, []string{"fyi", "ready"}},
		{"ID カード 確認", nil, []string{"カード", "確認"}},
		{"회의 안내", nil, []string{"안내", "회의"}},
	}
	for _, tt := range tests {
		if got := KeywordTokensWith(Template(tt.in), tt.sw); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("KeywordTokensWith(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldDiacritics(t *testing.T) {
	for in, want := range map[string]string{
		"paymént": "payment", "überfällig": "uberfallig", "łódź": "lodz", "straße": "strase",
		"invoice": "invoice", "請求": "請求", "×": "×",
	} {
		if got := FoldDiacritics(in); got != want {
			t.Errorf("FoldDiacritics(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestContentWords(t *testing.T) {
	got := ContentWords("<*>: paymént overdüe for invoice <num> – the reminder", nil)
	if want := []string{"invoice", "overdue", "payment", "reminder"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ContentWords = %q, want %q", got, want)
	}
}

func TestMergeVariants(t *testing.T) {
	patterns := []string{
		"invoice <num> from <*> payment overdue",   // 0: the lure's main form
		"overdue payment: invoice <num> (<*>)",     // 1: reordered
		"reminder: invoice <num> payment overdue",  // 2: a prefix
		"invoice <num> from <*> – paymént overdüe", // 3: diacritics
		"payment received for invoice <num>",       // 4: two of four words: apart
		"invoice <num> from <*>",                   // 5: one word: apart
		"weekly newsletter <*>",                    // 6
		"newsletter weekly",                        // 7: same words as 6
	}
	words := make([][]string, len(patterns))
	for i, p := range patterns {
		words[i] = ContentWords(p, nil)
	}
	weight := []int64{100, 50, 40, 30, 60, 200, 10, 5}
	got := MergeVariants(words, weight, DefaultMinJaccard)
	if want := []int32{0, 0, 0, 0, 4, 5, 6, 6}; !reflect.DeepEqual(got, want) {
		t.Errorf("MergeVariants = %v, want %v", got, want)
	}
}

func TestMatches(t *testing.T) {
	d := &tokenIDs{ids: map[string]uint32{}}
	shape := func(s string) []uint32 { // words, <*> and placeholders as Cluster's patterns hold them
		var out []uint32
		for _, tok := range strings.Fields(s) {
			out = append(out, d.id(tok))
		}
		return out
	}
	wildcard := d.id(Wildcard)
	content := func(tok uint32) bool { return IsContentWord(d.names[tok]) }
	pattern := shape("invoice <num> from <*> payment overdue")
	tests := []struct {
		tmpl string
		want bool
	}{
		{"invoice <num> from acme payment overdue", true},
		{"invoice <num> from umbrella health corp payment overdue", true}, // <*> is one or more words
		{"invoice <num> from acme", false},
		{"payment overdue", false},
	}
	for _, tt := range tests {
		if got := Matches(pattern, shape(tt.tmpl), wildcard, content); got != tt.want {
			t.Errorf("Matches(%q) = %v, want %v", tt.tmpl, got, tt.want)
		}
	}
	if !Matches(shape("order confirmation <num>"), shape("order confirmation <num>"), wildcard, content) {
		t.Error("a template does not match its own pattern")
	}
}
