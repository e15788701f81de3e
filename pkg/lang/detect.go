package lang

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// Detection is deterministic and needs no model: a subject's script decides
// CJK languages (kana: ja, Hangul: ko, Han alone: zh, or ja when the tenant
// also writes kana), and alphabetic words vote for the languages whose stop
// words and letters they use, each vote split among the languages sharing it
// so "de" (en, fr, es, nl, pt, sv) counts little and "und" (de) a lot.

// alphabetic are the supported languages written in the Latin alphabet.
var alphabetic = []string{"de", "en", "es", "fr", "it", "nl", "pl", "pt", "sv"}

// markers are letters that only some alphabetic languages use.
var markers = map[rune][]string{
	'ß': {"de"}, 'ü': {"de"}, 'ä': {"de", "sv"}, 'ö': {"de", "sv"}, 'å': {"sv"},
	'œ': {"fr"}, 'ç': {"fr", "pt"}, 'è': {"fr", "it"}, 'ê': {"fr", "pt"}, 'â': {"fr", "pt"},
	'î': {"fr"}, 'ô': {"fr", "pt"}, 'û': {"fr"}, 'ë': {"fr", "nl"}, 'ï': {"fr", "nl"},
	'é': {"fr", "es", "it", "pt"}, 'à': {"fr", "it", "pt"}, 'ù': {"fr", "it"}, 'ì': {"it"}, 'ò': {"it"},
	'ñ': {"es"}, 'á': {"es", "pt"}, 'í': {"es", "pt"}, 'ó': {"es", "pt", "pl"}, 'ú': {"es", "pt"},
	'ã': {"pt"}, 'õ': {"pt"}, 'ą': {"pl"}, 'ć': {"pl"}, 'ę': {"pl"}, 'ł': {"pl"}, 'ń': {"pl"},
	'ś': {"pl"}, 'ź': {"pl"}, 'ż': {"pl"},
}

// share is one vote split n ways, in integers so results never depend on
// floating point: 2520 is divisible by 1 to 9.
const share = 2520

var (
	votesOnce sync.Once
	wordVotes map[string][]string // stop word (2+ letters) -> alphabetic languages listing it
)

func votes() map[string][]string {
	votesOnce.Do(func() {
		all, err := lists()
		if err != nil {
			panic(err)
		}
		wordVotes = map[string][]string{}
		for _, l := range alphabetic {
			for w := range all[l] {
				if len([]rune(w)) >= 2 {
					wordVotes[w] = append(wordVotes[w], l)
				}
			}
		}
	})
	return wordVotes
}

// sampleLangs returns the languages one subject is written in: at most one CJK
// language (ja for Han alone, decided later) and at most one alphabetic one.
func sampleLangs(s string) (cjk string, hanOnly bool, alpha string) {
	s = normalize(s)
	var han, kana, hangul int
	for _, r := range s {
		switch scriptOf(r) {
		case scriptHan:
			han++
		case scriptHiragana, scriptKatakana:
			if r != 'ー' {
				kana++
			}
		case scriptHangul:
			hangul++
		}
	}
	switch {
	case kana > 0:
		cjk = "ja"
	case hangul > 0 && hangul >= han:
		cjk = "ko"
	case han > 0:
		cjk, hanOnly = "zh", true
	}
	return cjk, hanOnly, alphabeticLang(s)
}

// alphabeticLang scores the Latin words of s; "" when nothing votes or the
// best two tie.
func alphabeticLang(s string) string {
	score := map[string]int{}
	vs := votes()
	words := strings.FieldsFunc(s, func(r rune) bool { return scriptOf(r) != scriptAlpha })
	for _, w := range words {
		if ls := vs[w]; len(ls) > 0 {
			for _, l := range ls {
				score[l] += share / len(ls)
			}
		}
	}
	seen := map[rune]bool{}
	for _, r := range s {
		if ls, ok := markers[unicode.ToLower(r)]; ok && !seen[r] {
			seen[r] = true
			for _, l := range ls {
				score[l] += share / len(ls)
			}
		}
	}
	best, second := "", 0
	for _, l := range alphabetic {
		switch v := score[l]; {
		case best == "" || v > score[best]:
			second = score[best]
			best = l
		case v > second:
			second = v
		}
	}
	if score[best] == 0 || score[best] == second {
		return ""
	}
	return best
}

// Detection thresholds: a language is detected when at least minSamples
// subjects and minPermille of the subjects that showed a language use it.
// 1 % keeps a minority language (a tenth of the staff writing Spanish whose
// subjects rarely have a stop word) while stray matches stay far below it.
const (
	minSamples  = 3
	minPermille = 10
)

// Detect returns the languages of samples (subjects), most used first (ties
// by code). Han-only subjects count as Japanese when at least a tenth of the
// CJK subjects have kana, since Japanese subjects are often kanji alone.
func Detect(samples []string) []string {
	counts := map[string]int{}
	var hanOnly, kanaSubjects, cjkSubjects int
	for _, s := range samples {
		cjk, ho, alpha := sampleLangs(s)
		switch {
		case ho:
			hanOnly++
			cjkSubjects++
		case cjk != "":
			counts[cjk]++
			cjkSubjects++
			if cjk == "ja" {
				kanaSubjects++
			}
		}
		if alpha != "" {
			counts[alpha]++
		}
	}
	if hanOnly > 0 {
		if kanaSubjects*10 >= cjkSubjects {
			counts["ja"] += hanOnly
		} else {
			counts["zh"] += hanOnly
		}
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	var out []string
	for l, n := range counts {
		if n >= minSamples && n*1000 >= total*minPermille {
			out = append(out, l)
		}
	}
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b))
	})
	return out
}

// DetectOne returns the languages of a single subject: its CJK language (zh
// for Han alone) and its alphabetic one, each only if found.
func DetectOne(s string) []string {
	cjk, _, alpha := sampleLangs(s)
	var out []string
	for _, l := range []string{cjk, alpha} {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}
