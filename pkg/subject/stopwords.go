package subject

// englishStopWords are words too common in subjects to say anything, plus the
// reply and forward prefixes that survive inside a subject.
var englishStopWords = setOf(
	"a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as",
	"at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can",
	"could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further",
	"had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in",
	"into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "no", "nor", "not", "now",
	"of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "same",
	"she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
	"these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was",
	"we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
	"would", "you", "your", "yours", "re", "fw", "fwd", "aw", "wg", "via", "per", "please", "pls",
	"dear", "hi", "hello", "regarding", "don't", "can't", "won't", "it's", "i'm", "we're", "you're",
)

// cjkStopBigrams are bigrams of Han runs that carry no topic:
// company-form and salutation words of Japanese mail (株式会社, 各位, 御中, 様方).
var cjkStopBigrams = setOf(
	"株式", "式会", "会社", "有限", "限会", "合同", "同会", "各位", "御中", "様方", "貴社", "弊社",
	"本日", "以下", "件名", "宛先", "送信", "返信", "転送",
)

// isStopWord reports whether a word of an alphabetic script (lower-cased) is
// left out of keywords. Keywords ask only this, so the word list can change
// (more languages) without touching them.
func isStopWord(w string) bool { return englishStopWords[w] }

// isStopBigram reports whether a bigram of a Han or Hangul run is left out of keywords.
func isStopBigram(bg string) bool { return cjkStopBigrams[bg] }

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
