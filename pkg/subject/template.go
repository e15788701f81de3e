// Package subject owns the text of message subjects: normalising a subject to
// its template (placeholders for numbers, ids, dates, addresses and URLs), the
// keyword and shape tokens of a template, the stop words keywords leave out, and
// clustering templates into campaigns. It works on strings and token ids only:
// it knows nothing of tables, rows or queries.
package subject

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Subject normalisation: subjectTemplate, campaigns and keywords all start from the
// template of a subject, so that "RE: Invoice 4711 from a@b.example" and
// "Invoice 4712 from c@d.example" share "invoice <num> from <email>".

// replyPrefixes are stripped, repeatedly, from the start of a lower-cased subject
// when a colon follows (after optional spaces).
var replyPrefixes = []string{"re", "fw", "fwd", "aw", "wg", "返信", "転送"}

// Template normalises a subject: full-width forms folded and lower-cased,
// reply and forward prefixes stripped, URLs, e-mail addresses, dates, hex ids and
// numbers replaced by placeholders, whitespace collapsed.
func Template(subject string) string {
	var n Normalizer
	return string(n.Template(subject))
}

// Normalizer holds the buffers of subject normalisation, reused from one subject
// to the next so that normalising allocates nothing once they have grown.
type Normalizer struct{ folded, out []byte }

// Template returns the template of subject, valid until the next call. It runs
// once per distinct subject (pkg/columns caches it), tens of thousands of times on a cold
// start, so it makes one pass to fold and one to write, copies unchanged runs
// whole and steps over CJK characters (most of a Japanese subject) without
// decoding them: they never fold and are never spaces.
func (n *Normalizer) Template(subject string) []byte {
	n.folded = appendFold(n.folded[:0], subject)
	s := stripReplyPrefixes(n.folded)
	out := n.out[:0]
	for i := 0; i < len(s); {
		from := skipRun(s, i, true)
		i = skipRun(s, from, false)
		if from == i {
			break
		}
		if len(out) > 0 {
			out = append(out, ' ')
		}
		out = appendField(out, s[from:i])
	}
	n.out = out
	return out
}

// skipRun returns the end of the run of spaces (or of non-spaces) at i, with
// strings.Fields' idea of a space (unicode.IsSpace).
func skipRun(s []byte, i int, spaces bool) int {
	for i < len(s) {
		c, size, isSpace := s[i], 1, false
		switch {
		case c < utf8.RuneSelf:
			isSpace = asciiSpace[c]
		case keptCJK(s, i):
			size = 3
		default:
			var r rune
			r, size = utf8.DecodeRune(s[i:])
			isSpace = unicode.IsSpace(r)
		}
		if isSpace != spaces {
			return i
		}
		i += size
	}
	return i
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// keptCJK reports whether s[i:i+3] is a valid character in U+3001–U+D7FF (CJK,
// kana, Hangul and their punctuation), which foldRune keeps and is not a space.
func keptCJK[S ~string | ~[]byte](s S, i int) bool {
	if i+2 >= len(s) || s[i+1]&0xc0 != 0x80 || s[i+2]&0xc0 != 0x80 {
		return false
	}
	switch c := s[i]; {
	case c == 0xe3:
		return s[i+1] != 0x80 || s[i+2] != 0x80 // U+3000 is the ideographic space
	case c == 0xed:
		return s[i+1] < 0xa0 // above are surrogates, invalid UTF-8
	default:
		return c > 0xe3 && c < 0xed
	}
}

// appendFold appends s lower-cased, with full-width ASCII and wide spaces mapped
// to ASCII, so that Japanese input such as "ＲＥ：１２３" normalises like "re:123".
// Runs that need no change are copied whole. Once something changed, an invalid
// UTF-8 byte becomes U+FFFD, as re-encoding every rune would make it.
func appendFold(dst []byte, s string) []byte {
	start, done := len(dst), 0 // s[:done] is in dst
	for i := 0; i < len(s); {
		for i < len(s) && plainASCII[s[i]] {
			i++
		}
		switch {
		case i == len(s):
		case s[i] < utf8.RuneSelf: // upper case
			dst = append(append(dst, s[done:i]...), s[i]+'a'-'A')
			i++
			done = i
		case keptCJK(s, i):
			i += 3
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if f := foldRune(r); f != r || size == 1 && len(dst) > start {
				dst = utf8.AppendRune(append(dst, s[done:i]...), f)
				done = i + size
			}
			i += size
		}
	}
	return append(dst, s[done:]...)
}

// plainASCII marks the bytes folding keeps: ASCII but for upper-case letters.
var plainASCII = func() (set [256]bool) {
	for c := range utf8.RuneSelf {
		set[c] = c < 'A' || c > 'Z'
	}
	return set
}()

func foldRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
		return foldRune(r - 0xFEE0)
	case r == 0x3000 || r == 0xA0: // ideographic and no-break space
		return ' '
	case r < 0x3000 || r > 0xD7FF && r < 0xFF00 || r > 0xFFEF:
		return unicode.ToLower(r) // CJK, kana and Hangul have no case: skip the table search
	}
	return r
}

func stripReplyPrefixes(s []byte) []byte {
	for {
		s = bytes.TrimLeft(s, " \t")
		rest, ok := cutReplyPrefix(s)
		if !ok {
			return s
		}
		s = rest
	}
}

func cutReplyPrefix(s []byte) ([]byte, bool) {
	for _, p := range replyPrefixes {
		if len(s) >= len(p) && string(s[:len(p)]) == p {
			if rest := bytes.TrimLeft(s[len(p):], " "); len(rest) > 0 && rest[0] == ':' {
				return rest[1:], true
			}
		}
	}
	return s, false
}

// appendField appends one whitespace-separated word of a subject with placeholders.
func appendField(out, field []byte) []byte {
	lead, core, trail := trimPunct(field)
	switch {
	case isURL(core):
		return append(append(append(out, lead...), "<url>"...), trail...)
	case isEmail(core):
		return append(append(append(out, lead...), "<email>"...), trail...)
	}
	return appendTokens(out, field)
}

// wrapPunct marks the ASCII punctuation that may wrap an address or URL.
var wrapPunct = func() (set [256]bool) {
	for _, c := range []byte(`<>()[]{}"'.,;:!?`) {
		set[c] = true
	}
	return set
}()

func trimPunct(s []byte) (lead, core, trail []byte) {
	i, j := 0, len(s)
	for i < j && wrapPunct[s[i]] {
		i++
	}
	for j > i && wrapPunct[s[j-1]] {
		j--
	}
	return s[:i], s[i:j], s[j:]
}

var (
	urlScheme = []byte("://")
	urlWWW    = []byte("www.")
)

func isURL(s []byte) bool {
	return bytes.Contains(s, urlScheme) || len(s) > 4 && bytes.HasPrefix(s, urlWWW)
}

func isEmail(s []byte) bool {
	at := bytes.IndexByte(s, '@')
	return at > 0 && bytes.LastIndexByte(s, '@') == at && bytes.IndexByte(s[at+1:], '.') >= 0
}

// appendTokens replaces dates, hex ids and numbers inside one word. Bytes that
// cannot start one (letters inside a word, punctuation, UTF-8 of other scripts)
// are copied straight through.
func appendTokens(out, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if !isAlnum(c) || i > 0 && isAlnum(s[i-1]) && !isDigit(c) {
			out, i = append(out, c), i+1
			continue
		}
		if i == 0 || !isAlnum(s[i-1]) {
			if end := matchDate(s, i); end > i {
				out, i = append(out, "<date>"...), end
				continue
			}
			if end := matchHex(s, i); end > i {
				out, i = append(out, "<hex>"...), end
				continue
			}
		}
		if end := matchNumber(s, i); end > i {
			out, i = append(out, "<num>"...), end
			continue
		}
		out, i = append(out, c), i+1
	}
	return out
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isAlnum(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isHex(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func digitsAt(s []byte, i int) int {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	return j - i
}

// matchDate matches y-m-d or d-m-y with one of - / . as separator, returning the end.
func matchDate(s []byte, i int) int {
	n1 := digitsAt(s, i)
	if n1 == 0 || i+n1 >= len(s) {
		return i
	}
	sep := s[i+n1]
	if sep != '-' && sep != '/' && sep != '.' {
		return i
	}
	j := i + n1 + 1
	n2 := digitsAt(s, j)
	if n2 < 1 || n2 > 2 || j+n2 >= len(s) || s[j+n2] != sep {
		return i
	}
	k := j + n2 + 1
	n3 := digitsAt(s, k)
	ymd := n1 == 4 && n3 >= 1 && n3 <= 2
	dmy := n1 <= 2 && n3 == 4
	if !ymd && !dmy {
		return i
	}
	return k + n3
}

// matchHex matches an id of at least 8 hex digits (dashes allowed, as in GUIDs) with
// both a digit and a letter, ending at a word boundary.
func matchHex(s []byte, i int) int {
	j, hex, digits := i, 0, 0
	for j < len(s) && (isHex(s[j]) || s[j] == '-') {
		if isDigit(s[j]) {
			digits++
		}
		if s[j] != '-' {
			hex++
		}
		j++
	}
	for j > i && s[j-1] == '-' {
		j--
	}
	if hex < 8 || digits == 0 || digits == hex || j < len(s) && isAlnum(s[j]) {
		return i
	}
	return j
}

// matchNumber matches digits with inner separators: 1,234.50 or 12:30.
func matchNumber(s []byte, i int) int {
	j := i + digitsAt(s, i)
	if j == i {
		return i
	}
	for j+1 < len(s) && (s[j] == '.' || s[j] == ',' || s[j] == ':') && isDigit(s[j+1]) {
		j += 1 + digitsAt(s, j+1)
	}
	return j
}

// runKind classifies a run of characters of one script in a template.
type runKind uint8

const (
	runWord runKind = iota // letters of alphabetic scripts (Latin, Cyrillic …)
	runHan
	runHiragana
	runKatakana
	runHangul
	runPlaceholder // <num>, <hex>, <date>, <email>, <url>
)

var placeholders = []string{"<num>", "<hex>", "<date>", "<email>", "<url>"}

// scanRuns splits a template into runs of one kind; everything else separates runs.
func scanRuns(s string, emit func(runKind, string)) {
	start, kind := -1, runWord
	flush := func(end int) {
		if start >= 0 {
			emit(kind, s[start:end])
			start = -1
		}
	}
	for i := 0; i < len(s); {
		if p := placeholderAt(s, i); p != "" {
			flush(i)
			emit(runPlaceholder, p)
			i += len(p)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		k, ok := classify(r, kind, start >= 0 && i > start)
		switch {
		case !ok:
			flush(i)
		case start < 0:
			start, kind = i, k
		case k != kind:
			flush(i)
			start, kind = i, k
		}
		i += size
	}
	flush(len(s))
}

func placeholderAt(s string, i int) string {
	if s[i] != '<' {
		return ""
	}
	for _, p := range placeholders {
		if strings.HasPrefix(s[i:], p) {
			return p
		}
	}
	return ""
}

// classify returns the run kind of r; inRun and cur let marks that belong to the
// previous character (the kana prolonged-sound mark, an apostrophe inside a word)
// continue the current run.
func classify(r rune, cur runKind, inRun bool) (runKind, bool) {
	switch {
	case unicode.Is(unicode.Han, r):
		return runHan, true
	case unicode.Is(unicode.Hiragana, r):
		return runHiragana, true
	case unicode.Is(unicode.Katakana, r):
		return runKatakana, true
	case r == 'ー' && inRun && (cur == runKatakana || cur == runHiragana):
		return cur, true
	case unicode.Is(unicode.Hangul, r):
		return runHangul, true
	case unicode.IsLetter(r):
		return runWord, true
	case (r == '\'' || r == '’') && inRun && cur == runWord:
		return runWord, true
	}
	return 0, false
}
