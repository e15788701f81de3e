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

// StopWords decides which tokens keywords and campaign merging leave out. The
// engine injects one per data source (the tenant's languages); Builtin is the
// default until a multilingual set is configured.
type StopWords interface {
	// Word reports whether a lower-cased word of an alphabetic script is a stop word.
	Word(w string) bool
	// Bigram reports whether a bigram of a Han or Hangul run carries no topic.
	Bigram(bg string) bool
}

// Builtin is the built-in stop-word set: English words and reply prefixes, and
// the topic-less bigrams of Japanese business mail.
var Builtin StopWords = builtin{}

type builtin struct{}

func (builtin) Word(w string) bool    { return englishStopWords[w] }
func (builtin) Bigram(bg string) bool { return cjkStopBigrams[bg] }

// Or returns sw, or Builtin when sw is nil.
func Or(sw StopWords) StopWords {
	if sw == nil {
		return Builtin
	}
	return sw
}

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
