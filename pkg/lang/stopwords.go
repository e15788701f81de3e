package lang

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// stopwords-iso.json is the subset of stopwords-iso 1.1.0 (MIT, see NOTICE)
// for the languages below, one sorted list per ISO 639-1 code.
//
//go:embed stopwords-iso.json
var stopwordsJSON []byte

// supported are the languages with stop words, as ISO 639-1 codes.
var supported = []string{"de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "sv", "zh"}

// Set is a set of lower-case words.
type Set map[string]struct{}

// Has reports whether w (already lower-cased) is in the set.
func (s Set) Has(w string) bool {
	_, ok := s[w]
	return ok
}

var (
	loadOnce sync.Once
	byLang   map[string]Set
	loadErr  error
)

func lists() (map[string]Set, error) {
	loadOnce.Do(func() {
		var raw map[string][]string
		if err := json.Unmarshal(stopwordsJSON, &raw); err != nil {
			loadErr = fmt.Errorf("lang: embedded stop words: %w", err)
			return
		}
		byLang = make(map[string]Set, len(raw))
		for code, words := range raw {
			s := make(Set, len(words))
			for _, w := range words {
				s[normalize(w)] = struct{}{}
			}
			byLang[code] = s
		}
	})
	return byLang, loadErr
}

// Languages returns the ISO 639-1 codes that have stop words, sorted.
func Languages() []string { return slices.Clone(supported) }

// Supported reports whether code (any case) has stop words.
func Supported(code string) bool {
	_, ok := slices.BinarySearch(supported, strings.ToLower(code))
	return ok
}

// Check returns an error naming every code in langs that is not supported.
func Check(langs []string) error {
	var bad []string
	for _, l := range langs {
		if !Supported(l) {
			bad = append(bad, l)
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("language %s not supported: use ISO 639-1 codes among %s", strings.Join(bad, ", "), strings.Join(supported, ", "))
	}
	return nil
}

// StopWords returns the union of the stop words of langs; unknown codes add
// nothing (Check reports them).
func StopWords(langs ...string) Set {
	all, err := lists()
	if err != nil {
		panic(err) // the embedded file is part of the build; a test loads it
	}
	n := 0
	for _, l := range langs {
		n += len(all[strings.ToLower(l)])
	}
	out := make(Set, n)
	for _, l := range langs {
		for w := range all[strings.ToLower(l)] {
			out[w] = struct{}{}
		}
	}
	return out
}

// IsStopWord reports whether w is a stop word of any of langs (of every
// supported language when langs is empty).
func IsStopWord(w string, langs ...string) bool {
	all, err := lists()
	if err != nil {
		panic(err)
	}
	if len(langs) == 0 {
		langs = supported
	}
	w = normalize(w)
	for _, l := range langs {
		if all[strings.ToLower(l)].Has(w) {
			return true
		}
	}
	return false
}

// normalize lower-cases w and writes the typographic apostrophe as '.
func normalize(w string) string {
	return strings.ReplaceAll(strings.ToLower(w), "’", "'")
}
