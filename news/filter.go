package news

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Filter chooses the stories a brief or a subscription wants: those about
// one of Include's words or phrases, about none of Exclude's, and told by
// at least MinOutlets outlets. The zero Filter keeps every story.
//
// A story is about a word or phrase when it occurs, as whole words,
//
//   - in the story's title or the title of one of its articles, or
//   - in the lead of one of its articles: its first paragraph, and the next
//     ones while the lead is under LeadWords words, or
//   - anywhere in the text of at least two of its articles and at least
//     half of them.
//
// A story is not about what one of many articles mentions in passing:
// excluding "football" leaves out a match report, not a summit story one
// of whose articles recalls a match in its ninth paragraph; including
// "AI" posts stories about AI, not every long story that names it once.
//
// Words match whole (“ai” is not in “said”), a phrase as the same words in
// the same order within one paragraph (“New York” is in “New York-based”),
// case-insensitively and ignoring accents of Latin letters (“Sao Paulo” is
// in “São Paulo”, “ZURICH” in “Zürich”). Only letters and digits are
// matched: punctuation separates words (“U.S.” is the words “u” and “s”;
// “C++” is “c”). In text written without spaces between words (Chinese,
// Japanese, Thai) a phrase matches its characters wherever they stand in
// a run.
type Filter struct {
	// Include are the words or phrases a story must be about one of; none
	// means every story.
	Include []string
	// Exclude are the words or phrases a story may be about none of.
	Exclude []string
	// MinOutlets is the fewest distinct outlets (Story.Outlets) a story
	// needs; 0 or 1 means any story.
	MinOutlets int
}

// LeadWords is how many words (CountWords) an article's lead holds at
// least, paragraphs permitting: a first paragraph shorter than that (a
// dateline, a one-line teaser) takes the next ones with it.
const LeadWords = 30

// IsZero reports whether f keeps every story.
func (f Filter) IsZero() bool {
	return len(f.Include) == 0 && len(f.Exclude) == 0 && f.MinOutlets <= 1
}

// Check returns every problem with f at once, or nil: a word or phrase
// with no letter or digit to match, one given twice, one both included
// and excluded (as FoldPhrase compares them), a negative MinOutlets.
func (f Filter) Check() error {
	var errs []error
	included := map[string]bool{}
	for _, list := range []struct {
		name    string
		phrases []string
	}{{"include", f.Include}, {"exclude", f.Exclude}} {
		seen := map[string]bool{}
		for _, p := range list.phrases {
			key := FoldPhrase(p)
			switch {
			case key == "":
				errs = append(errs, fmt.Errorf("%s %q: no letter or digit to match", list.name, p))
			case seen[key]:
				errs = append(errs, fmt.Errorf("%s %q: given twice", list.name, p))
			case list.name == "exclude" && included[key]:
				errs = append(errs, fmt.Errorf("exclude %q: also included", p))
			}
			seen[key] = true
			if list.name == "include" {
				included[key] = true
			}
		}
	}
	if f.MinOutlets < 0 {
		errs = append(errs, fmt.Errorf("min outlets %d: negative", f.MinOutlets))
	}
	return errors.Join(errs...)
}

// Keep reports whether f keeps s.
func (f Filter) Keep(s Story) bool {
	if f.IsZero() {
		return true
	}
	return f.compile().keep(s)
}

// Stories returns the stories f keeps, in their order: stories itself
// when f is zero.
func (f Filter) Stories(stories []Story) []Story {
	if f.IsZero() {
		return stories
	}
	m := f.compile()
	var out []Story
	for _, s := range stories {
		if m.keep(s) {
			out = append(out, s)
		}
	}
	return out
}

// FoldPhrase returns phrase as a Filter matches it: its words, folded
// (lower case, without accents), separated by single spaces; "" when it
// has no letter or digit. Two phrases with the same FoldPhrase match the
// same text: "New York" and "new-york".
func FoldPhrase(phrase string) string {
	var b strings.Builder
	eachWord(phrase, nil, func(w []byte) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.Write(w)
	})
	return b.String()
}

// filterMatcher is a compiled Filter: its phrases as folded words, the
// included first.
type filterMatcher struct {
	minOutlets int
	included   int        // phrases[:included] are Include's
	phrases    [][]string // each phrase's folded words; nil for one without
	first      map[string][]int
	// starts holds the first bytes of the phrases' first words: a word
	// that starts otherwise starts no phrase, without a look in first.
	starts [256]bool
}

func (f Filter) compile() *filterMatcher {
	m := &filterMatcher{minOutlets: f.MinOutlets, included: len(f.Include), first: map[string][]int{}}
	for i, p := range append(append([]string(nil), f.Include...), f.Exclude...) {
		var words []string
		eachWord(p, nil, func(w []byte) { words = append(words, string(w)) })
		m.phrases = append(m.phrases, words)
		if len(words) > 0 {
			m.first[words[0]] = append(m.first[words[0]], i)
			m.starts[words[0][0]] = true
		}
	}
	return m
}

// keep reports whether the filter keeps s.
func (m *filterMatcher) keep(s Story) bool {
	if m.minOutlets > 1 && s.Outlets() < m.minOutlets {
		return false
	}
	if len(m.phrases) == 0 {
		return true
	}
	about := m.about(s)
	for i := m.included; i < len(about); i++ {
		if about[i] {
			return false
		}
	}
	if m.included == 0 {
		return true
	}
	for _, a := range about[:m.included] {
		if a {
			return true
		}
	}
	return false
}

// about reports, for each phrase, whether s is about it (see Filter).
func (m *filterMatcher) about(s Story) []bool {
	n := len(m.phrases)
	about := make([]bool, n)
	texts := make([]int, n) // articles whose text holds the phrase
	inText := make([]bool, n)
	var buf []byte
	headline := func(i int) { about[i] = true }
	buf = m.scan(s.Title, buf, headline)
	for _, a := range s.Articles {
		buf = m.scan(a.Title, buf, headline)
		clear(inText)
		lead, rest := splitLead(a.Text)
		buf = m.scan(lead, buf, func(i int) { about[i], inText[i] = true, true })
		buf = m.scan(rest, buf, func(i int) { inText[i] = true })
		for i, in := range inText {
			if in {
				texts[i]++
			}
		}
	}
	for i, c := range texts {
		if c >= 2 && 2*c >= len(s.Articles) {
			about[i] = true
		}
	}
	return about
}

// splitLead cuts an article's text after its lead: its first paragraph,
// and the next ones while the lead is under LeadWords words.
func splitLead(text string) (lead, rest string) {
	words, end := 0, 0
	for end < len(text) && words < LeadWords {
		line := text[end:]
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line = line[:i+1]
		}
		words += CountWords(line)
		end += len(line)
	}
	return text[:end], text[end:]
}

// scan calls found with the index of each phrase that occurs in text, as
// whole words within one line (found may be called more than once for a
// phrase). buf is scratch space, returned for reuse.
func (m *filterMatcher) scan(text string, buf []byte, found func(int)) []byte {
	type partial struct{ phrase, next int }
	var active, next []partial
	for line := range strings.Lines(text) {
		active = active[:0]
		buf = eachWord(line, buf, func(w []byte) {
			next = next[:0]
			for _, p := range active {
				words := m.phrases[p.phrase]
				if words[p.next] != string(w) {
					continue
				}
				if p.next+1 == len(words) {
					found(p.phrase)
					continue
				}
				next = append(next, partial{p.phrase, p.next + 1})
			}
			if !m.starts[w[0]] {
				active, next = next, active
				return
			}
			for _, i := range m.first[string(w)] {
				if len(m.phrases[i]) == 1 {
					found(i)
					continue
				}
				next = append(next, partial{i, 1})
			}
			active, next = next, active
		})
	}
	return buf
}

// eachWord calls emit with each word of s, folded (see foldRune): a run
// of letters, digits and marks, or a single character of a script written
// without spaces between words. Combining accents (U+0300–U+036F) are
// dropped, as foldRune drops those of precomposed letters. buf is scratch
// space, returned for reuse; emit must not keep the word it is given.
func eachWord(s string, buf []byte, emit func([]byte)) []byte {
	buf = buf[:0]
	flush := func() {
		if len(buf) > 0 {
			emit(buf)
			buf = buf[:0]
		}
	}
	for _, r := range s {
		if r < 0x80 { // most text: no call per character
			switch {
			case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
				buf = append(buf, byte(r))
			case 'A' <= r && r <= 'Z':
				buf = append(buf, byte(r+'a'-'A'))
			default:
				flush()
			}
			continue
		}
		switch {
		case r >= 0x0300 && r <= 0x036F:
			// a combining accent: part of the word, dropped
		case unspaced(r):
			flush()
			buf = utf8.AppendRune(buf, foldRune(r))
			flush()
		case unicode.IsLetter(r) || unicode.IsDigit(r) || len(buf) > 0 && unicode.IsMark(r):
			buf = utf8.AppendRune(buf, foldRune(r))
		default:
			flush()
		}
	}
	flush()
	return buf
}

// unspaced reports whether r belongs to a script written without spaces
// between words (Han, kana, Thai, Lao, Khmer, Myanmar), where a filter
// matches characters, not runs.
func unspaced(r rune) bool {
	if r < 0x0E00 {
		return false
	}
	return isCJK(r) || unicode.In(r, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}

// latinBase maps U+00C0–U+017F to lower-case base letters: '.' keeps the
// letter (Æ, ß, Œ …) and marks the two signs (×, ÷).
const latinBase = "aaaaaa.ceeeeiiii.nooooo.ouuuuy.." + "aaaaaa.ceeeeiiii.nooooo.ouuuuy.y" +
	"aaaaaaccccccccdd" + "ddeeeeeeeeeegggg" + "gggghhhhiiiiiiii" + "ii..jjkk.lllllll" +
	"lllnnnnnn...oooo" + "oo..rrrrrrssssss" + "ssttttttuuuuuuuu" + "uuuuwwyyyzzzzzzs"

// foldRune returns r as filters compare it: lower case, the Latin letters
// of Latin-1 and Latin Extended-A (and Romanian's ș, ț) without their
// accents, and any other letter as its case-folding class's least member.
func foldRune(r rune) rune {
	switch {
	case r < 0x80:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	case r >= 0xC0 && r <= 0x17F:
		if c := latinBase[r-0xC0]; c != '.' {
			return rune(c)
		}
	case r == 0x218 || r == 0x219:
		return 's'
	case r == 0x21A || r == 0x21B:
		return 't'
	}
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	if least < 0x80 {
		return foldRune(least)
	}
	return least
}
