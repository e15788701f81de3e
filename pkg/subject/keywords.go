package subject

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// minWordLetters is the shortest keyword of an alphabetic script: words of one or
// two letters are articles, prepositions and abbreviations in every language
// (de, la, of, en, Hr, FYI aside), never the topic of a lure.
const minWordLetters = 3

// KeywordTokens returns the distinct keywords of a template with the built-in
// stop words; see KeywordTokensWith.
func KeywordTokens(tmpl string) []string { return KeywordTokensWith(tmpl, Builtin) }

// KeywordTokensWith returns the distinct keywords of a template: words of
// alphabetic scripts, lower-cased, of three letters or more and not stop words of
// sw; Han and Hangul runs as overlapping character bigrams, since those scripts do
// not separate words (請求書 gives 請求 and 求書). A Katakana run is one loanword
// (サービス, ドキュメント) and is kept whole from two characters: its bigrams (ービ)
// mean nothing. Hiragana runs are Japanese particles and endings (の, です,
// ください) and act as stop words. Placeholders (numbers, ids, addresses, URLs)
// are dropped.
func KeywordTokensWith(tmpl string, sw StopWords) []string {
	sw = Or(sw)
	var out []string
	scanRuns(tmpl, func(k runKind, t string) {
		switch k {
		case runWord:
			t = strings.TrimRight(t, "'’")
			if utf8.RuneCountInString(t) >= minWordLetters && !sw.Word(t) {
				out = append(out, t)
			}
		case runKatakana:
			if utf8.RuneCountInString(t) >= 2 {
				out = append(out, t)
			}
		case runHan, runHangul:
			out = appendBigrams(out, t, sw)
		}
	})
	slices.Sort(out)
	return slices.Compact(out)
}

func appendBigrams(out []string, run string, sw StopWords) []string {
	rs := []rune(run)
	for i := 0; i+1 < len(rs); i++ {
		if bg := string(rs[i : i+2]); !sw.Bigram(bg) {
			out = append(out, bg)
		}
	}
	return out
}
