package subject

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// KeywordTokens returns the distinct keywords of a template: words of alphabetic
// scripts, lower-cased, of two letters or more and not stop words; Han and Hangul
// runs as overlapping character bigrams, since those scripts do not separate
// words (請求書 gives 請求 and 求書). A Katakana run is one loanword (サービス,
// ドキュメント) and is kept whole: its bigrams (ービ) mean nothing. Hiragana runs are
// Japanese particles and endings (の, です, ください) and act as stop words.
// Placeholders (numbers, ids, addresses, URLs) and single characters are dropped.
func KeywordTokens(tmpl string) []string {
	var out []string
	scanRuns(tmpl, func(k runKind, t string) {
		switch k {
		case runWord, runKatakana:
			t = strings.TrimRight(t, "'’")
			if utf8.RuneCountInString(t) >= 2 && !isStopWord(t) {
				out = append(out, t)
			}
		case runHan, runHangul:
			out = appendBigrams(out, t)
		}
	})
	slices.Sort(out)
	return slices.Compact(out)
}

func appendBigrams(out []string, run string) []string {
	rs := []rune(run)
	for i := 0; i+1 < len(rs); i++ {
		if bg := string(rs[i : i+2]); !isStopBigram(bg) {
			out = append(out, bg)
		}
	}
	return out
}
