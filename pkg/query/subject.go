package query

import (
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

// subjectTemplate normalises a subject: full-width forms folded and lower-cased,
// reply and forward prefixes stripped, URLs, e-mail addresses, dates, hex ids and
// numbers replaced by placeholders, whitespace collapsed. It runs once per
// distinct subject (derive.go), tens of thousands of times on a cold start, so
// it makes one pass to fold and one to write.
func subjectTemplate(subject string) string {
	s := stripReplyPrefixes(foldLower(subject))
	out := make([]byte, 0, len(s)+8)
	for field := range strings.FieldsSeq(s) {
		if len(out) > 0 {
			out = append(out, ' ')
		}
		out = appendField(out, field)
	}
	return string(out)
}

// foldLower lower-cases s and maps full-width ASCII and wide spaces to ASCII, so
// that Japanese input such as "ＲＥ：１２３" normalises like "re:123". A subject
// that needs no change (most Japanese ones) is returned as it is, without copying.
func foldLower(s string) string {
	var b []byte
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		folded := foldRune(r)
		if folded != r && b == nil {
			b = append(make([]byte, 0, len(s)), s[:i]...)
		}
		if b != nil {
			b = utf8.AppendRune(b, folded)
		}
		i += size
	}
	if b == nil {
		return s
	}
	return string(b)
}

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

func stripReplyPrefixes(s string) string {
	for {
		s = strings.TrimLeft(s, " \t")
		rest, ok := cutReplyPrefix(s)
		if !ok {
			return s
		}
		s = rest
	}
}

func cutReplyPrefix(s string) (string, bool) {
	for _, p := range replyPrefixes {
		if rest, ok := strings.CutPrefix(s, p); ok {
			if rest = strings.TrimLeft(rest, " "); strings.HasPrefix(rest, ":") {
				return rest[1:], true
			}
		}
	}
	return s, false
}

// appendField appends one whitespace-separated word of a subject with placeholders.
func appendField(out []byte, field string) []byte {
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

func trimPunct(s string) (lead, core, trail string) {
	i, j := 0, len(s)
	for i < j && wrapPunct[s[i]] {
		i++
	}
	for j > i && wrapPunct[s[j-1]] {
		j--
	}
	return s[:i], s[i:j], s[j:]
}

func isURL(s string) bool {
	return strings.Contains(s, "://") || len(s) > 4 && strings.HasPrefix(s, "www.")
}

func isEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && strings.LastIndexByte(s, '@') == at && strings.Contains(s[at+1:], ".")
}

// appendTokens replaces dates, hex ids and numbers inside one word. Bytes that
// cannot start one (letters inside a word, punctuation, UTF-8 of other scripts)
// are copied straight through.
func appendTokens(out []byte, s string) []byte {
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

func digitsAt(s string, i int) int {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	return j - i
}

// matchDate matches y-m-d or d-m-y with one of - / . as separator, returning the end.
func matchDate(s string, i int) int {
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
func matchHex(s string, i int) int {
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
func matchNumber(s string, i int) int {
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
