package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/tokenize"
)

// Small text predicates shared by the cleaning rules and the title and
// outlet finders.

// WordCount returns the number of space-separated words in s. Chinese and
// Japanese write no spaces: a run of their characters counts a word for
// every two characters, about the length of a word there, so that a
// sentence of theirs is as long to these rules as one in English.
func WordCount(s string) int {
	n, in, cjk := 0, false, 0 // cjk: the length of the run of such characters just read
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		switch {
		case r == ' ':
			in, cjk = false, 0
		case tokenize.IsCJK(r):
			if cjk%2 == 0 {
				n++
			}
			in, cjk = true, cjk+1
		default:
			if !in || cjk > 0 && !unicode.IsPunct(r) {
				n++ // a word after a space, or a word after Chinese ("增长GDP")
			}
			in, cjk = true, 0
		}
	}
	return n
}

// Head returns at most the first n bytes of s, cut at a rune boundary.
func Head(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// tail returns at most the last n bytes of s, cut at a rune boundary.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := len(s) - n
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return s[i:]
}

// TrimClosers removes closing quotes and brackets from the end of s.
func TrimClosers(s string) string {
	return strings.TrimRightFunc(s, func(r rune) bool {
		switch r {
		case '"', '\'', '’', '”', '»', ')', ']', '›', '*':
			return true
		}
		return false
	})
}

// EndsSentence reports whether s ends like a sentence: with . ! ? or …,
// their full-width forms (。！？．), the Urdu full stop ۔, the Arabic
// question mark ؟ or the Devanagari danda ।, possibly followed by closing
// quotes or brackets.
func EndsSentence(s string) bool {
	t := TrimClosers(s)
	r, _ := utf8.DecodeLastRuneInString(t)
	switch r {
	case '.', '!', '?', '…', '。', '！', '？', '．', '۔', '؟', '।':
		return true
	}
	return false
}

// EndsQuote reports whether s ends with a closing quote after a comma or
// other punctuation, as a quoted sentence cut before its attribution does:
// “Our thoughts are with his family,”.
func EndsQuote(s string) bool {
	r, size := utf8.DecodeLastRuneInString(s)
	if r != '”' && r != '"' && r != '’' {
		return false
	}
	p, _ := utf8.DecodeLastRuneInString(s[:len(s)-size])
	return unicode.IsPunct(p)
}

// Letters counts the letters and digits in s.
func Letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// SmallWords are the words a headline in title case leaves lower-case.
var SmallWords = map[string]bool{
	"a": true, "an": true, "and": true, "as": true, "at": true, "but": true, "by": true,
	"for": true, "from": true, "in": true, "into": true, "is": true, "its": true, "of": true,
	"on": true, "or": true, "over": true, "the": true, "to": true, "up": true, "via": true,
	"vs": true, "with": true, "after": true, "amid": true, "than": true, "that": true,
	"out": true, "off": true, "per": true, "are": true, "be": true, "was": true, "his": true,
	"her": true, "their": true, "who": true, "not": true,
}

// IsTitleCase reports whether most of the words of s that are not small
// words start with a capital letter, as headlines and section headings do;
// an all-capitals line counts too. At least three such words are needed.
func IsTitleCase(s string) bool {
	caps, n := 0, 0
	for _, w := range strings.Fields(s) {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if w == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsDigit(r) {
			continue
		}
		if SmallWords[strings.ToLower(w)] {
			continue
		}
		n++
		if unicode.IsUpper(r) {
			caps++
		}
	}
	return n >= 3 && caps*10 >= n*8
}

// IsUpperLine reports whether s has letters and none of them is lower-case.
func IsUpperLine(s string) bool {
	up := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			up++
		}
	}
	return up >= 2
}

// HeadingLike reports whether a line reads as a heading, a label or a
// fragment rather than running text: it does not end like a sentence and
// is short (at most ten words), or is a headline in title case or capitals
// of up to 25 words. A short line ending in a colon ("Symptoms include:")
// is a label too; a quote cut before its attribution is not.
func HeadingLike(s string, words int) bool {
	if words == 0 {
		return true
	}
	if strings.HasSuffix(s, ":") {
		return words <= 4
	}
	if strings.HasSuffix(s, ";") || strings.HasSuffix(s, ",") {
		return false // a list item or a clause, not a heading
	}
	if words <= 12 && IsUpperLine(s) {
		return true // "'WHOSE STREET? OUR STREET!'"
	}
	if EndsSentence(s) || EndsQuote(s) {
		return false
	}
	if words <= 10 {
		return true
	}
	return words <= 25 && (IsTitleCase(s) || IsUpperLine(s))
}

// NormKey reduces s to lower-case letters and digits separated by single
// spaces, the form in which paragraphs and titles are compared.
func NormKey(s string) string {
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			i++
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			default:
				space = true
				continue
			}
			if space && len(b) > 0 {
				b = append(b, ' ')
			}
			space = false
			b = append(b, c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			space = true
			continue
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		b = utf8.AppendRune(b, unicode.ToLower(r))
	}
	return string(b)
}

// asciiLower lower-cases the ASCII letters of s and leaves every other
// byte as it is: enough to compare s with ASCII keywords, and faster than
// strings.ToLower on text with curly quotes.
func asciiLower(s string) string {
	i := 0
	for i < len(s) && !(s[i] >= 'A' && s[i] <= 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// normHashes returns FNV-1a hashes of NormKey(s) and of its first n words,
// without building the key.
func normHashes(s string, n int) (full, first uint64) {
	const offset, prime = 14695981039346656037, 1099511628211
	full = offset
	words, inWord := 0, false
	add := func(b byte) { full = (full ^ uint64(b)) * prime }
	endWord := func() {
		if inWord {
			words++
			if words == n {
				first = full
			}
		}
		inWord = false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			i++
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			default:
				endWord()
				continue
			}
			if !inWord && words > 0 {
				add(' ')
			}
			inWord = true
			add(c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			endWord()
			continue
		}
		if !inWord && words > 0 {
			add(' ')
		}
		inWord = true
		var buf [utf8.UTFMax]byte
		for _, b := range buf[:utf8.EncodeRune(buf[:], unicode.ToLower(r))] {
			add(b)
		}
	}
	endWord()
	if words < n {
		first = full
	}
	return full, first
}
