package lang

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// script is the kind of writing a rune belongs to, as far as tokens care.
type script uint8

const (
	scriptNone     script = iota // separators, punctuation, symbols
	scriptAlpha                  // Latin, Greek, Cyrillic and other alphabets
	scriptDigit                  // digits join alphabetic words
	scriptHan                    // Chinese characters (also Japanese kanji)
	scriptHiragana               // Japanese grammar kana
	scriptKatakana               // Japanese loanwords
	scriptHangul                 // Korean
)

func scriptOf(r rune) script {
	switch {
	case unicode.Is(unicode.Han, r):
		return scriptHan
	case unicode.Is(unicode.Hiragana, r):
		return scriptHiragana
	case unicode.Is(unicode.Katakana, r) || r == 'ー': // the long-vowel mark is "Common" but belongs to its word
		return scriptKatakana
	case unicode.Is(unicode.Hangul, r):
		return scriptHangul
	case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
		return scriptAlpha
	case unicode.IsDigit(r):
		return scriptDigit
	}
	return scriptNone
}

// minAlphaLen is the shortest alphabetic token kept: shorter ones are elided
// articles (l', d'), abbreviations (n°, re, fw) and initials.
const minAlphaLen = 3

// Tokens splits s into lower-cased keyword tokens by the rules in the package
// doc. Stop words are kept; Keywords removes them.
func Tokens(s string) []string {
	var out []string
	eachRun(normalize(s), func(run string, sc script) {
		out = appendTokens(out, run, sc, nil)
	})
	return out
}

// Keywords is Tokens without the words in stop.
func Keywords(s string, stop Set) []string {
	var out []string
	eachRun(normalize(s), func(run string, sc script) {
		out = appendTokens(out, run, sc, stop)
	})
	return out
}

// eachRun calls f for every maximal run of one token script; letters and
// digits form one alphabetic run.
func eachRun(s string, f func(run string, sc script)) {
	start, cur := -1, scriptNone
	flush := func(end int) {
		if start >= 0 {
			f(s[start:end], cur)
		}
		start, cur = -1, scriptNone
	}
	for i, r := range s {
		sc := scriptOf(r)
		if sc == scriptDigit && (cur == scriptAlpha || cur == scriptDigit || cur == scriptNone) {
			sc = scriptAlpha // alphanumeric words; a pure number is dropped later
		}
		if sc != cur {
			flush(i)
			if sc != scriptNone {
				start, cur = i, sc
			}
		}
	}
	flush(len(s))
}

func appendTokens(out []string, run string, sc script, stop Set) []string {
	keep := func(w string) bool { return stop == nil || !stop.Has(w) }
	switch sc {
	case scriptAlpha:
		if utf8.RuneCountInString(run) >= minAlphaLen && strings.IndexFunc(run, unicode.IsLetter) >= 0 && keep(run) {
			out = append(out, run)
		}
	case scriptHiragana:
		segs := [][]rune{[]rune(run)}
		if stop != nil {
			segs = withoutStopWords(segs[0], stop)
		}
		for _, seg := range segs {
			if len(seg) >= 3 {
				out = append(out, string(seg))
			}
		}
	case scriptHangul:
		if keep(run) {
			out = append(out, run)
		}
	case scriptHan, scriptKatakana:
		if stop == nil {
			return appendBigrams(out, []rune(run))
		}
		for _, seg := range withoutStopWords([]rune(run), stop) {
			out = appendBigrams(out, seg)
		}
	}
	return out
}

// appendBigrams appends the overlapping bigrams of a Han or Katakana segment;
// a one-character segment is kept as is.
func appendBigrams(out []string, rs []rune) []string {
	if len(rs) == 1 {
		return append(out, string(rs))
	}
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}

// maxStopRunes is the longest CJK stop word matched inside a run.
const maxStopRunes = 8

// withoutStopWords cuts the stop words out of a CJK run (longest match first,
// left to right) and returns the pieces between them, so a bigram never spans
// a particle: 关于我们的发票 gives 发票, not 于我 or 的发.
func withoutStopWords(rs []rune, stop Set) [][]rune {
	var segs [][]rune
	start := 0
	for i := 0; i < len(rs); {
		n := 0
		for l := min(maxStopRunes, len(rs)-i); l >= 1; l-- {
			if stop.Has(string(rs[i : i+l])) {
				n = l
				break
			}
		}
		if n == 0 {
			i++
			continue
		}
		if i > start {
			segs = append(segs, rs[start:i])
		}
		i += n
		start = i
	}
	if start < len(rs) {
		segs = append(segs, rs[start:])
	}
	return segs
}
