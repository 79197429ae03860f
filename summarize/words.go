package summarize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/tokenize"
)

// word is one word of a sentence: a run of letters and digits, with dotted
// abbreviations ("U.S.") kept whole and a possessive "’s" folded into it.
type word struct {
	lower      string // lower-cased form, dots kept ("u.s.")
	start, end int    // byte offsets in the sentence
	stop       bool   // a function word, no content of its own
}

// contentWords counts the words of ws that are not function words.
func contentWords(ws []word) int {
	n := 0
	for _, w := range ws {
		if !w.stop {
			n++
		}
	}
	return n
}

// splitWordsIn returns the words of s with their offsets, in the language
// l: its function words marked as l knows them, a possessive folded in
// English only. Chinese and Japanese characters give their overlapping
// pairs, as tokenize.Words does, each a word spanning its two characters.
func splitWordsIn(l *tokenize.Lang, s string) []word {
	var out []word
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if tokenize.IsCJK(r) {
			i = cjkPairs(l, s, i, &out)
			continue
		}
		if !isWordRune(r) {
			i += n
			continue
		}
		start := i
		end := scanRun(s, i)
		// Dotted abbreviation: U.S., U.K., a.m.
		if end-start <= 2 && end < len(s) && s[end] == '.' {
			j := end
			for j < len(s) && s[j] == '.' {
				k := scanRun(s, j+1)
				if k == j+1 || k-(j+1) > 2 {
					break
				}
				j = k
			}
			if j > end {
				end = j
				if end < len(s) && s[end] == '.' {
					end++
				}
			}
		}
		w := word{lower: strings.ToLower(s[start:end]), start: start, end: end}
		// Fold a possessive or contraction suffix ("’s", "'s") into the word.
		if end < len(s) && l.English() {
			if a, an := utf8.DecodeRuneInString(s[end:]); a == '\'' || a == '’' {
				if k := scanRun(s, end+an); k > end+an && k-(end+an) <= 2 {
					suf := strings.ToLower(s[end+an : k])
					if suf == "s" {
						end = k
						w.end = end
					}
				}
			}
		}
		w.stop = l.IsStopword(strings.Trim(w.lower, ".")) || (utf8.RuneCountInString(w.lower) == 1 && !unicode.IsDigit(rune(w.lower[0])))
		out = append(out, w)
		i = end
	}
	return out
}

// cjkPairs appends to out the overlapping character pairs of the run of
// CJK characters at s[i:] (the character itself for a run of one) and
// returns the run's end.
func cjkPairs(l *tokenize.Lang, s string, i int, out *[]word) int {
	var at []int // offsets of the run's characters, and its end
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !tokenize.IsCJK(r) {
			break
		}
		at = append(at, i)
		i += n
	}
	at = append(at, i)
	if len(at) == 2 {
		*out = append(*out, word{lower: s[at[0]:at[1]], start: at[0], end: at[1], stop: l.IsStopword(s[at[0]:at[1]])})
		return i
	}
	for k := 0; k+2 < len(at); k++ {
		p := s[at[k]:at[k+2]]
		*out = append(*out, word{lower: p, start: at[k], end: at[k+2], stop: l.IsStopword(p)})
	}
	return i
}

func isWordRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !tokenize.IsCJK(r)
}

// scanRun returns the end of the run of word runes starting at i.
func scanRun(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			break
		}
		i += n
	}
	return i
}

// stemmer memoises stems within one summary: Porter2 stems of English
// words, and those of other languages under their language's code.
type stemmer map[string]string

func (st stemmer) stem(w string) string {
	return st.memo(w, w, tokenize.Stem)
}

// stemIn returns the stem of w in the language l.
func (st stemmer) stemIn(l *tokenize.Lang, w string) string {
	if l.English() {
		return st.stem(w)
	}
	return st.memo(l.Code()+"\x00"+w, w, l.Stem)
}

// memo returns the stem of w memoised under key k, stemming it with stem
// the first time; a word with a dot is left as it is.
func (st stemmer) memo(k, w string, stem func(string) string) string {
	if s, ok := st[k]; ok {
		return s
	}
	s := w
	if !strings.Contains(w, ".") {
		s = stem(w)
	}
	st[k] = s
	return s
}
