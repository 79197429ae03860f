// Package tokenize turns text into the units digestbot counts: words, their
// stems, and sentences. It is shared by the summarizer, the story grouper and
// the evaluator, so that all three count words the same way.
//
// Words are runs of letters and digits, lower-cased: "Ukraine’s U.S.-backed"
// gives "ukraine", "s", "u", "s", "backed", which is how ROUGE counts them.
// Stems are Porter2 (Snowball English) stems.
package tokenize

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// Words returns the lower-cased runs of letters and digits in s. Text
// written without spaces between words — Chinese, Japanese — gives its
// overlapping pairs of characters instead ("北京发布" gives "北京",
// "京发", "发布"; a lone character stands for itself), as a search engine
// indexes it: most words of these languages are two characters long, and
// a pair matches across texts where a whole run never would.
func Words(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		if (unicode.IsLetter(r) || unicode.IsDigit(r)) && !IsCJK(r) {
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
	if !hasCJK(s) {
		return out
	}
	// Put the pairs where their runs stand, in order.
	var all []string
	k := 0 // next word of out
	start = -1
	flush := func(i int) {
		if start < 0 {
			return
		}
		all = append(all, pairs(s[start:i])...)
		start = -1
	}
	inWord := false
	for i, r := range s {
		switch {
		case IsCJK(r):
			if start < 0 {
				start = i
			}
			inWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flush(i)
			if !inWord {
				all = append(all, out[k])
				k++
				inWord = true
			}
		default:
			flush(i)
			inWord = false
		}
	}
	flush(len(s))
	return all
}

// pairs returns the overlapping pairs of characters of a run of CJK
// characters; a run of one character is its own.
func pairs(run string) []string {
	rs := []rune(run)
	if len(rs) == 1 {
		return []string{run}
	}
	out := make([]string, 0, len(rs)-1)
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}

func hasCJK(s string) bool {
	for _, r := range s {
		if IsCJK(r) {
			return true
		}
	}
	return false
}

// Stem returns the Porter2 stem of a lower-cased word. Stop words are stemmed
// too, so that every word has exactly one form. Stems are remembered for
// the life of the process, up to maxCached words, because stemming is the
// costliest step of reading a story.
func Stem(word string) string {
	if len(word) <= 2 {
		return word
	}
	if s, ok := stems.Load(word); ok {
		return s.(string)
	}
	s := english.Stem(word, true)
	if cached.Load() < maxCached {
		if _, loaded := stems.LoadOrStore(strings.Clone(word), s); !loaded {
			cached.Add(1)
		}
	}
	return s
}

// maxCached bounds the stem cache: a news vocabulary is far smaller, and
// a bound keeps a long-running bot's memory flat whatever it reads.
const maxCached = 1 << 18

var (
	stems  sync.Map // word → stem
	cached atomic.Int64
)

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

// ContentStems returns the distinct stems of s's content words — words that
// are not stop words and longer than one letter — sorted. Two texts say the
// same thing in as far as they share these.
func ContentStems(s string) []string {
	var out []string
	for _, w := range Words(s) {
		if len(w) > 1 && !IsStopword(w) {
			out = append(out, Stem(w))
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// Overlap returns the share of the smaller of two sorted sets found in the
// other; 0 when either is empty.
func Overlap(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	return float64(shared(a, b)) / float64(min(len(a), len(b)))
}

// shared counts the strings that the sorted sets a and b both hold.
func shared(a, b []string) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}
