package subject

import (
	"cmp"
	"slices"
	"unicode/utf8"
)

// Variants of one lure. A campaign rotates its subject to slip past filters:
// the same words reordered ("Payment overdue: invoice 12" beside "Invoice 12 from
// Acme – payment overdue"), a prefix added ("Reminder: …"), a letter swapped for
// one with a diacritic (paymént). Clustering word by word keeps each form apart,
// so clusters of one window whose content words mostly coincide are merged
// afterwards: numbers and names are already gone (placeholders, and <*> where
// a cluster's senders differ), and what is left is what the mail is about.

// DefaultMinJaccard is the overlap above which two clusters are one lure: 0.6
// keeps "payment received for invoice <num>" ({payment, received, invoice})
// apart from "invoice <num> payment overdue" (two of four words shared).
const DefaultMinJaccard = 0.6

// minSharedWords is the fewest content words two merged clusters share.
const minSharedWords = 2

// ContentWords returns the distinct words a pattern is about, for MergeVariants:
// its keywords under sw (three letters or more, no stop words, placeholders and
// <*> left out), diacritics folded so that paymént and payment are one word.
func ContentWords(pattern string, sw StopWords) []string {
	words := KeywordTokensWith(pattern, sw)
	for i, w := range words {
		words[i] = FoldDiacritics(w)
	}
	slices.Sort(words)
	return slices.Compact(words)
}

// MergeVariants returns, per cluster, the cluster it merges into (itself when it
// leads): clusters are visited heaviest first and each joins the earlier one it
// overlaps most, if their content-word sets have a Jaccard index of at least
// minJaccard and share at least two words. words[i] must be sorted and distinct.
func MergeVariants(words [][]string, weight []int64, minJaccard float64) []int32 {
	order := make([]int, len(words))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(weight[b], weight[a]) })
	lead := make([]int32, len(words))
	index := map[string][]int32{} // word → clusters visited that hold it
	for _, i := range order {
		lead[i] = int32(i)
		shared := map[int32]int{}
		for _, w := range words[i] {
			for _, j := range index[w] {
				shared[j]++
			}
		}
		best, bestJ := int32(-1), 0.0
		for j, n := range shared {
			jac := float64(n) / float64(len(words[i])+len(words[j])-n)
			if n >= minSharedWords && jac >= minJaccard && (jac > bestJ || jac == bestJ && j < best) {
				best, bestJ = j, jac
			}
		}
		if best >= 0 {
			lead[i] = lead[best]
		}
		for _, w := range words[i] {
			index[w] = append(index[w], int32(i))
		}
	}
	return lead
}

// FoldDiacritics maps the lower-case letters of Latin-1 and Latin Extended-A to
// their base letter (é → e, ł → l, ß → s); other characters are kept.
func FoldDiacritics(w string) string {
	plain := true
	for i := 0; i < len(w); i++ {
		plain = plain && w[i] < utf8.RuneSelf
	}
	if plain {
		return w
	}
	out := make([]rune, 0, len(w))
	for _, r := range w {
		out = append(out, foldDiacritic(r))
	}
	return string(out)
}

// latin1Base and latinExtABase spell the base letter of U+00C0–U+00FF and
// U+0100–U+017F; '.' marks a character that is not a letter (× and ÷).
const (
	latin1Base    = "aaaaaaaceeeeiiiidnooooo.ouuuuytsaaaaaaaceeeeiiiidnooooo.ouuuuyty"
	latinExtABase = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs"
)

func foldDiacritic(r rune) rune {
	switch {
	case r >= 0xC0 && r <= 0xFF && latin1Base[r-0xC0] != '.':
		return rune(latin1Base[r-0xC0])
	case r >= 0x100 && r <= 0x17F:
		return rune(latinExtABase[r-0x100])
	}
	return r
}

// Matches reports whether a template (its shape tokens) belongs to a cluster
// pattern: equal to it, or matched with <*> as one or more words under the rules
// clustering uses to absorb a template (literal words at least half the
// template's, two of them content words).
func Matches(pattern, tokens []uint32, wildcard uint32, content func(uint32) bool) bool {
	if slices.Equal(pattern, tokens) {
		return true
	}
	c := &clusterer{wildcard: wildcard, content: content}
	return slices.Contains(pattern, wildcard) && c.absorbs(pattern, tokens)
}
