package tokenize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The sentence rules for languages other than English (see Lang).

// fullStops end a sentence wherever they stand: the ideographic and
// full-width stops of Chinese and Japanese, the Urdu full stop and the
// Arabic question mark, the Devanagari danda.
const fullStops = "。！？｡۔؟।"

// stops end a sentence when a space and a word that can open one follow.
const stops = ".!?…"

// closers follow a sentence's last mark and stay with the sentence.
const closers = "\"”’'»«“)]）」』›"

// quotePairs maps an opening quotation mark to the marks that close it.
var quotePairs = map[rune]string{
	'«': "»", '»': "«", '„': "“”", '“': "”", '「': "」", '『': "』", '‹': "›", '"': "\"",
}

// quoteTracker follows the quotations open at a point of a text.
type quoteTracker struct{ open []rune }

// see updates the open quotations with the rune r.
func (q *quoteTracker) see(r rune) {
	if n := len(q.open); n > 0 && strings.ContainsRune(quotePairs[q.open[n-1]], r) {
		q.open = q.open[:n-1]
		return
	}
	if _, ok := quotePairs[r]; ok {
		q.open = append(q.open, r)
		return
	}
	// A closer of a quotation opened further out closes the inner ones.
	for i := len(q.open) - 1; i >= 0; i-- {
		if strings.ContainsRune(quotePairs[q.open[i]], r) {
			q.open = q.open[:i]
			return
		}
	}
}

// closes reports whether r closes the innermost open quotation.
func (q *quoteTracker) closes(r rune) bool {
	n := len(q.open)
	return n > 0 && strings.ContainsRune(quotePairs[q.open[n-1]], r)
}

// balancedQuotes reports whether every quotation of s closes.
func balancedQuotes(s string) bool {
	var q quoteTracker
	for _, r := range s {
		q.see(r)
	}
	return len(q.open) == 0
}

// splitRules splits one block into sentences by the rules on Lang.
func splitRules(block string, l *Lang) []string {
	block = strings.TrimSpace(block)
	if block == "" {
		return nil
	}
	// A stray quotation mark would hold the rest of the block in one
	// sentence: quotations count only where they all close.
	track := balancedQuotes(block)
	var q quoteTracker
	var out []string
	cut := func(from, to int) {
		if s := strings.TrimSpace(block[from:to]); s != "" {
			out = append(out, s)
		}
	}
	start, i := 0, 0
	for i < len(block) {
		r, n := utf8.DecodeRuneInString(block[i:])
		full := strings.ContainsRune(fullStops, r)
		if !full && !strings.ContainsRune(stops, r) {
			if track {
				q.see(r)
			}
			i += n
			continue
		}
		// The run of marks and the closers after it.
		at, j := i, i+n
		dots := r == '.'
		for j < len(block) {
			c, m := utf8.DecodeRuneInString(block[j:])
			if strings.ContainsRune(stops, c) || strings.ContainsRune(fullStops, c) {
				dots = dots && c == '.'
				full = full || strings.ContainsRune(fullStops, c)
				j += m
				continue
			}
			break
		}
		dots = dots && j-i == 1 // "..." is an ellipsis, not a period
		for j < len(block) {
			c, m := utf8.DecodeRuneInString(block[j:])
			if unicode.IsSpace(c) {
				// French sets » off with a space: a space, then the mark
				// that closes the open quotation.
				d, dm := utf8.DecodeRuneInString(block[j+m:])
				if (c == '\u00a0' || c == '\u202f' || q.closes(d)) && strings.ContainsRune(closers, d) {
					if track {
						q.see(d)
					}
					j += m + dm
					continue
				}
				break
			}
			if !strings.ContainsRune(closers, c) {
				break
			}
			if track {
				q.see(c)
			}
			j += m
		}
		i = j
		if j >= len(block) || len(q.open) > 0 {
			continue
		}
		if full {
			cut(start, j)
			start = j
			continue
		}
		// A space, then a word that can open a sentence.
		next, _ := utf8.DecodeRuneInString(block[j:])
		if !unicode.IsSpace(next) {
			continue
		}
		k := j
		for k < len(block) {
			c, m := utf8.DecodeRuneInString(block[k:])
			if !unicode.IsSpace(c) {
				break
			}
			k += m
		}
		if k >= len(block) {
			continue
		}
		c, _ := utf8.DecodeRuneInString(block[k:])
		if !opensSentence(c) {
			continue
		}
		if dots && l.abbrevBefore(block[start:at], unicode.IsUpper(c)) {
			continue
		}
		cut(start, j)
		start = k
	}
	cut(start, len(block))
	return out
}

// opensSentence reports whether a sentence may begin with r: a capital, a
// digit, a letter of a script without case, an opening mark.
func opensSentence(r rune) bool {
	if unicode.IsLower(r) {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("«»„“\"'‚‘‹([¿¡—–-", r)
}

// abbrevBefore reports whether the text before a period ends with a word
// after which the period does not end a sentence: an abbreviation of the
// language, a single letter, a word with a period inside, or an ordinal
// number where the language writes one with a period. capital says that
// a capital follows, which ends a sentence after an amount's unit (see
// unitAbbrevs).
func (l *Lang) abbrevBefore(text string, capital bool) bool {
	w := text
	if i := strings.LastIndexFunc(text, unicode.IsSpace); i >= 0 {
		w = text[i+1:]
	}
	w = strings.TrimLeft(w, "([{«»„“\"'‚‘‹¿¡—–-")
	if w == "" {
		return false
	}
	if strings.Contains(w, ".") {
		return true // "z.B", "J.-C", "т.е"
	}
	if utf8.RuneCountInString(w) == 1 && unicode.IsLetter(firstRune(w)) {
		return true // an initial, "z. B."
	}
	if lw := strings.ToLower(w); l.abbrevs[lw] {
		return !(capital && l.units[lw])
	}
	if l.ordinals && len(w) <= 3 && strings.Trim(w, "0123456789") == "" {
		return true // "am 3. Oktober"
	}
	return false
}

// IsCJK reports whether r is written without spaces between words: a Han
// character or Japanese kana (the prolonged sound mark included). news
// keeps its own copy, as it imports nothing of ours.
func IsCJK(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || r == 'ー')
}

// BalancedQuotes reports whether every quotation in s closes: «…», „…“,
// “…”, "…", 「…」 and the others of the languages Lang reads.
func BalancedQuotes(s string) bool { return balancedQuotes(s) }

// Unquoted returns s without what stands inside its quotations, each
// quotation replaced by a space; s itself when its quotations do not
// all close.
func Unquoted(s string) string {
	if !balancedQuotes(s) {
		return s
	}
	var q quoteTracker
	var b strings.Builder
	for _, r := range s {
		was := len(q.open)
		q.see(r)
		switch {
		case was == 0 && len(q.open) == 0:
			b.WriteRune(r)
		case was == 0:
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// AbbrevBefore reports whether the word that ends text is one after
// which a period does not end a sentence in the language: one of its
// abbreviations, a single letter, a word with a period inside, or, where
// the language writes ordinals with a period, a short number. English
// has no such list here: its abbreviations are the Punkt model's.
func (l *Lang) AbbrevBefore(text string) bool {
	if l.english {
		return false
	}
	return l.abbrevBefore(text, false)
}
