package tokenize

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Gist is what a sentence states, in the units that tell whether other
// sentences state it too: its content stems, and its details — the
// numbers and names it gives — which a repeat of its words with another
// number or name does not state.
type Gist struct {
	stems   []string   // content stems, sorted
	said    []string   // stems, less those of names: what it says of them
	numbers []string   // words with a digit, sorted, distinct
	names   [][]string // each name as the stems of its words
}

// Gist returns what s states, read in the language l. Numbers are words
// with a digit ("12", "2030"; "1,200" is "1" and "200", as Words reads
// it). Names are runs of capitalised words that are not function words
// ("President Joe Biden", "Paris"); a sentence's first word is one only
// when a capitalised word follows it or it is written in capitals
// ("NASA"), for any sentence opens with a capital ("Councillors
// approved …"). The parts of a hyphenated word are read apart
// ("Kremlin-linked" names Kremlin). A run of only one-letter words
// ("U.S.") is left out, and
// so are the names of days and months: outlets tell the same fact "on
// Tuesday", "Tuesday night" or without a day, and a date's number is a
// number.
// German capitalises every noun, so its names are left out: its details
// are its numbers.
func (l *Lang) Gist(s string) Gist {
	g := Gist{stems: l.ContentStems(s)}
	var run []string
	first := false // run is the sentence's first word alone, so far
	flush := func() {
		if len(run) > 0 && !first {
			g.names = append(g.names, run)
		}
		run, first = nil, false
	}
	names := l.code != "de" && l.code != "lb"
	i := 0 // tokens read: the parts of words between hyphens
	for _, field := range strings.Fields(s) {
		for _, f := range strings.Split(field, "-") {
			w := strings.TrimLeftFunc(f, notWordRune)
			r, _ := utf8.DecodeRuneInString(w)
			ws := Words(w)
			capital := names && unicode.IsUpper(r) && len(ws) > 0 && !l.IsStopword(ws[0]) && !calendar[ws[0]]
			if !capital {
				flush()
			} else if len(run) > 0 {
				first = false // a run of two or more words is a name
			}
			for _, x := range ws {
				switch {
				case strings.ContainsFunc(x, unicode.IsDigit):
					g.numbers = append(g.numbers, x)
				case capital && len(x) > 1 && !l.IsStopword(x):
					if i == 0 && len(run) == 0 {
						first = !allCaps(w)
					}
					run = append(run, l.Stem(x))
				}
			}
			i++
		}
		// A name ends at punctuation: "Paris, France" is two places.
		if strings.TrimRightFunc(field, notWordRune) != field {
			flush()
		}
	}
	flush()
	slices.Sort(g.numbers)
	g.numbers = slices.Compact(g.numbers)
	g.said = g.stems
	if len(g.names) > 0 {
		g.said = slices.DeleteFunc(slices.Clone(g.stems), func(st string) bool {
			return slices.ContainsFunc(g.names, func(name []string) bool { return slices.Contains(name, st) })
		})
		if len(g.said) == 0 {
			g.said = g.stems
		}
	}
	return g
}

// calendar holds the English names of days and months, which Gist does
// not count as names.
var calendar = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"january": true, "february": true, "march": true, "april": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// allCaps reports whether w has two or more letters, all capitals.
func allCaps(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}

// Empty reports whether g holds no content word: a sentence of function
// words only states nothing to compare.
func (g Gist) Empty() bool { return len(g.stems) == 0 }

// Covered reports whether g states nothing that known do not: one of them
// holds more than half of the content stems of what g says of its names
// (its stems less its names': a repeat, or a paraphrase that keeps most
// words), and every number of g and every name of g is in one of them (a
// name when any of its words is). A sentence that repeats known words
// with a new number ("15 people died" after "12 people died") or a new
// name is not covered; nor is one that says something else of a known
// name ("Okafor called the decision historic" after "Okafor said the vote
// ended years of debate"). An empty g is covered by anything.
func Covered(g Gist, known []Gist) bool {
	if len(known) == 0 {
		return false
	}
	if g.Empty() {
		return true
	}
	most := false
	for _, k := range known {
		if contained(g.said, k.stems) > 0.5 {
			most = true
			break
		}
	}
	if !most {
		return false
	}
	for _, n := range g.numbers {
		if !slices.ContainsFunc(known, func(k Gist) bool { return has(k.numbers, n) }) {
			return false
		}
	}
	for _, name := range g.names {
		if !slices.ContainsFunc(known, func(k Gist) bool { return slices.ContainsFunc(name, func(w string) bool { return has(k.stems, w) }) }) {
			return false
		}
	}
	return true
}

// has reports whether the sorted set set holds s.
func has(set []string, s string) bool {
	_, ok := slices.BinarySearch(set, s)
	return ok
}

// contained returns the share of the sorted set a found in the sorted set
// b; 0 when a is empty.
func contained(a, b []string) float64 {
	if len(a) == 0 {
		return 0
	}
	return float64(shared(a, b)) / float64(len(a))
}
