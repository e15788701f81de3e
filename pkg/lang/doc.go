// Package lang knows the languages subjects are written in: stop words for the
// languages the plugin supports (from stopwords-iso, see NOTICE), a tokenizer
// for keyword counting, and a deterministic detector that tells which
// languages a tenant's subjects use.
//
// Tokens: text is lower-cased and split into runs of one script. Alphabetic
// scripts (Latin, Greek, Cyrillic) give words split at anything that is not a
// letter or digit, apostrophes included, so "l'échéance" gives "l" and
// "échéance"; words of one or two letters and words with no letter (numbers,
// invoice ids) are dropped, which removes elided articles and abbreviations.
// Han and Katakana runs give overlapping bigrams (a one-character run is kept
// as is), because those scripts do not separate words; a Hiragana run is
// grammar (particles, endings) unless it has three or more characters. Hangul
// words are space-separated and kept whole.
package lang
