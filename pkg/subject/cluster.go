package subject

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Campaign clustering groups subject templates that are variants of one another,
// such as "invoice <num> from acme corp" and "invoice <num> from globex ltd". The
// placeholders already equate numbers, ids and addresses; what is left to vary
// are names, and names take positions, not fixed words. So templates are compared
// word by word (after the idea of the Drain log parser):
//
//  1. Templates of the same length sharing their first or their last word are
//     candidates. A template joins the candidate with the most equal positions if
//     more than half of its positions are equal and at least two of those are
//     content words (not placeholders, single characters or Japanese particles);
//     the positions that differ become <*>.
//  2. Clusters whose patterns are equal once runs of <*> are collapsed merge, so
//     names of one and of three words end up together.
//  3. A template left on its own joins a pattern that matches it when <*> stands
//     for one or more words, under the same two-word and half-the-words rules.
//
// Unrelated subjects share at most a word or two and fail the majority rule.
// Templates are visited largest first, so a campaign's common form seeds its
// cluster. The work is per distinct template, not per row.

const (
	Wildcard       = "<*>"
	maxCandidates  = 64 // clusters compared per leaf, largest first
	minContentWord = 2
)

type cluster struct {
	pattern []uint32
	parent  int32 // union-find; itself when a root
}

type leafKey struct {
	n    int
	tok  uint32
	last bool
}

type clusterer struct {
	wildcard uint32
	content  func(token uint32) bool // a word that can carry a match
	clusters []cluster
	leaves   map[leafKey][]int32
}

// Cluster assigns each template (given by its shape tokens) to a cluster
// and returns the display pattern of each template's cluster root.
func Cluster(shapes [][]uint32, weight []int64, wildcard uint32, content func(uint32) bool) (assign []int32, patterns [][]uint32) {
	c := &clusterer{wildcard: wildcard, content: content, leaves: map[leafKey][]int32{}}
	order := make([]int, len(shapes))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(weight[b], weight[a]) })
	assign = make([]int32, len(shapes))
	for _, t := range order {
		assign[t] = c.add(shapes[t])
	}
	c.mergeCollapsed()
	c.absorbSingles()
	patterns = make([][]uint32, len(c.clusters))
	for i := range c.clusters {
		patterns[i] = c.collapse(c.clusters[i].pattern)
	}
	for t, ci := range assign {
		assign[t] = c.root(ci)
	}
	return assign, patterns
}

// add puts one template into the best matching cluster or a new one.
func (c *clusterer) add(tokens []uint32) int32 {
	best, bestEq := int32(-1), 0
	for _, key := range c.keys(tokens) {
		cands := c.leaves[key]
		for _, ci := range cands[:min(len(cands), maxCandidates)] {
			eq, content := c.similarity(c.clusters[ci].pattern, tokens)
			if 2*eq > len(tokens) && content >= minContentWord && eq > bestEq {
				best, bestEq = ci, eq
			}
		}
	}
	if best >= 0 {
		p := c.clusters[best].pattern
		for i, t := range tokens {
			if p[i] != t {
				p[i] = c.wildcard
			}
		}
		return best
	}
	id := int32(len(c.clusters))
	c.clusters = append(c.clusters, cluster{pattern: slices.Clone(tokens), parent: id})
	for _, key := range c.keys(tokens) {
		c.leaves[key] = append(c.leaves[key], id)
	}
	return id
}

func (c *clusterer) keys(tokens []uint32) []leafKey {
	if len(tokens) < 3 {
		return nil // two words or fewer only ever match themselves
	}
	n := len(tokens)
	return []leafKey{{n, tokens[0], false}, {n, tokens[n-1], true}}
}

// similarity counts the positions where pattern and tokens hold the same word, and
// how many of those are content words.
func (c *clusterer) similarity(pattern, tokens []uint32) (eq, content int) {
	for i, t := range tokens {
		if pattern[i] == t && t != c.wildcard {
			eq++
			if c.content(t) {
				content++
			}
		}
	}
	return eq, content
}

// mergeCollapsed merges clusters whose patterns are equal once runs of <*> collapse.
func (c *clusterer) mergeCollapsed() {
	first := map[string]int32{}
	for i := range c.clusters {
		p := c.clusters[i].pattern
		if !slices.Contains(p, c.wildcard) {
			continue
		}
		key := idsKey(c.collapse(p))
		if j, ok := first[key]; ok {
			c.clusters[i].parent = j
			continue
		}
		first[key] = int32(i)
	}
}

// absorbSingles lets a template that matched nothing join a wildcard pattern.
func (c *clusterer) absorbSingles() {
	byFirst := map[uint32][]int32{}
	for i := range c.clusters {
		if c.clusters[i].parent == int32(i) && slices.Contains(c.clusters[i].pattern, c.wildcard) {
			p := c.collapse(c.clusters[i].pattern)
			byFirst[p[0]] = append(byFirst[p[0]], int32(i))
		}
	}
	for i := range c.clusters {
		t := c.clusters[i].pattern
		if c.clusters[i].parent != int32(i) || len(t) == 0 || slices.Contains(t, c.wildcard) {
			continue
		}
		cands := slices.Concat(byFirst[t[0]], byFirst[c.wildcard])
		for _, j := range cands[:min(len(cands), maxCandidates)] {
			if c.absorbs(c.collapse(c.clusters[j].pattern), t) {
				c.clusters[i].parent = j
				break
			}
		}
	}
}

// absorbs reports whether pattern matches tokens with <*> as one or more words and
// its literal words are at least half of tokens, two of them content words.
func (c *clusterer) absorbs(pattern, tokens []uint32) bool {
	literal, content := 0, 0
	for _, p := range pattern {
		if p != c.wildcard {
			literal++
			if c.content(p) {
				content++
			}
		}
	}
	return 2*literal >= len(tokens) && content >= minContentWord && globMatch(pattern, tokens, c.wildcard)
}

// globMatch matches tokens against pattern, where wildcard stands for 1+ tokens.
func globMatch(pattern, tokens []uint32, wildcard uint32) bool {
	if len(pattern) == 0 {
		return len(tokens) == 0
	}
	if pattern[0] != wildcard {
		return len(tokens) > 0 && pattern[0] == tokens[0] && globMatch(pattern[1:], tokens[1:], wildcard)
	}
	for k := 1; k <= len(tokens); k++ {
		if globMatch(pattern[1:], tokens[k:], wildcard) {
			return true
		}
	}
	return false
}

func (c *clusterer) root(i int32) int32 {
	for c.clusters[i].parent != i {
		i = c.clusters[i].parent
	}
	return i
}

// collapse folds runs of <*> into one.
func (c *clusterer) collapse(p []uint32) []uint32 {
	out := make([]uint32, 0, len(p))
	for i, t := range p {
		if t == c.wildcard && i > 0 && p[i-1] == c.wildcard {
			continue
		}
		out = append(out, t)
	}
	return out
}

func idsKey(ids []uint32) string {
	b := make([]byte, 0, 4*len(ids))
	for _, id := range ids {
		b = append(b, byte(id), byte(id>>8), byte(id>>16), byte(id>>24))
	}
	return string(b)
}

// IsContentWord tells whether a shape token can carry a match: not a placeholder, a
// single character or a run of hiragana (Japanese particles and endings such as
// の, について, which would otherwise make "<*>の件" a template of everything).
// English function words do count: "invoice <num> from <*>" is a template.
func IsContentWord(tok string) bool {
	if strings.HasPrefix(tok, "<") || utf8.RuneCountInString(tok) < 2 {
		return false
	}
	for _, r := range tok {
		if !unicode.Is(unicode.Hiragana, r) && r != 'ー' {
			return true
		}
	}
	return false
}

// ShapeTokens splits a template into the words clustering compares: runs of one
// script (so Japanese text splits at kanji/kana changes) and placeholders;
// punctuation only separates.
func ShapeTokens(tmpl string) []string {
	var out []string
	scanRuns(tmpl, func(_ runKind, t string) { out = append(out, t) })
	return out
}

// JoinShape spells a pattern: words separated by spaces, except between words of
// scripts written without spaces, where a <*> takes its neighbour's spacing.
func JoinShape(words []string) string {
	var b strings.Builder
	for i, w := range words {
		prev := ""
		if i > 0 {
			prev = words[i-1]
		}
		joined := (spaceless(lastRune(prev)) || prev == Wildcard) && (spaceless(firstRune(w)) || w == Wildcard)
		if i > 0 && !joined {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

func spaceless(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || r == 'ー'
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}
