// Package tokenize turns text into the units digestbot counts: words, their
// stems, and sentences. It is shared by the summarizer, the story grouper and
// the evaluator, so that all three count words the same way.
//
// Words are runs of letters and digits, lower-cased: "Ukraine’s U.S.-backed"
// gives "ukraine", "s", "u", "s", "backed", which is how ROUGE counts them.
// Stems are Porter2 (Snowball English) stems.
package tokenize

import (
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// Words returns the lower-cased runs of letters and digits in s.
func Words(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, strings.ToLower(s[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, strings.ToLower(s[start:]))
	}
	return out
}

// Stem returns the Porter2 stem of a lower-cased word. Stop words are stemmed
// too, so that every word has exactly one form.
func Stem(word string) string {
	if len(word) <= 2 {
		return word
	}
	return english.Stem(word, true)
}

// Stems returns the stems of the words of s, in order.
func Stems(s string) []string {
	ws := Words(s)
	for i, w := range ws {
		ws[i] = Stem(w)
	}
	return ws
}

// IsStopword reports whether the lower-cased word w carries no content of
// its own: function words, and the reporting verbs and hedges that every
// news sentence shares ("said", "would").
func IsStopword(w string) bool {
	if english.IsStopWord(w) {
		return true
	}
	switch w {
	case "said", "says", "say", "saying", "told", "also", "would", "could",
		"may", "might", "must", "shall", "can", "will", "us", "mr", "mrs",
		"ms", "dr", "one", "two", "get", "got", "like", "many", "much",
		"new", "year", "years", "last", "first", "since", "however",
		"according", "including", "still", "even", "yet", "well", "way",
		"make", "made", "just", "ago", "around", "among", "per", "via",
		"another", "every", "whether", "though", "although", "despite",
		"s", "t", "d", "ll", "re", "ve", "m":
		return true
	}
	return false
}
