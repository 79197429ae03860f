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

// splitWords returns the words of s with their offsets.
func splitWords(s string) []word {
	var out []word
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
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
		if end < len(s) {
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
		w.stop = tokenize.IsStopword(strings.Trim(w.lower, ".")) || (utf8.RuneCountInString(w.lower) == 1 && !unicode.IsDigit(rune(w.lower[0])))
		out = append(out, w)
		i = end
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

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

// stemmer memoises Porter2 stems within one summary.
type stemmer map[string]string

func (st stemmer) stem(w string) string {
	if s, ok := st[w]; ok {
		return s
	}
	s := w
	if !strings.Contains(w, ".") {
		s = tokenize.Stem(w)
	}
	st[w] = s
	return s
}
