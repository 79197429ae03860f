package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// cp1252 maps the Windows-1252 bytes 0x80–0x9F that differ from Latin-1 to
// their characters; the five bytes Windows-1252 leaves undefined are absent.
var cp1252 = map[byte]rune{
	0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡',
	0x88: 'ˆ', 0x89: '‰', 0x8A: 'Š', 0x8B: '‹', 0x8C: 'Œ', 0x8E: 'Ž',
	0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—',
	0x98: '˜', 0x99: '™', 0x9A: 'š', 0x9B: '›', 0x9C: 'œ', 0x9E: 'ž', 0x9F: 'Ÿ',
}

// cp1252Byte is the inverse of cp1252.
var cp1252Byte = func() map[rune]byte {
	m := make(map[rune]byte, len(cp1252))
	for b, r := range cp1252 {
		m[r] = b
	}
	return m
}()

// mojibakeByte returns the byte that r stands for when UTF-8 text was
// decoded as Windows-1252 or Latin-1 (which keeps 0x80–0x9F as C1 controls).
func mojibakeByte(r rune) (byte, bool) {
	if r >= 0x80 && r <= 0xFF {
		return byte(r), true
	}
	b, ok := cp1252Byte[r]
	return b, ok
}

// DecodeWindows1252 decodes text that is not valid UTF-8: valid UTF-8
// sequences are kept, and every other byte is read as Windows-1252 (a
// superset of Latin-1's printable range), so Latin-1, Windows-1252 and
// mixed files all come out as UTF-8.
func DecodeWindows1252(data []byte) string {
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			c := data[0]
			if m, ok := cp1252[c]; ok {
				b.WriteRune(m)
			} else if c >= 0xA0 {
				b.WriteRune(rune(c))
			}
			// Undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) carry no text.
			data = data[1:]
			continue
		}
		b.WriteRune(r)
		data = data[size:]
	}
	return b.String()
}

// plausibleRepair reports whether r is a character that UTF-8 text about
// the news plausibly contains, so that a repaired sequence is trusted: Latin
// Letters and symbols, Greek, Cyrillic, general punctuation, currency signs,
// letterlike symbols (™) and emoji. "JOSÉ’S" is two valid Windows-1252
// characters whose bytes also decode as U+0252; the rune is implausible and
// the text is left alone.
func plausibleRepair(r rune) bool {
	switch {
	case r >= 0xA0 && r <= 0x17F: // Latin-1 Supplement, Latin Extended-A
	case r >= 0x370 && r <= 0x4FF: // Greek, Cyrillic
	case r >= 0x2010 && r <= 0x206F: // General Punctuation
	case r >= 0x20A0 && r <= 0x20CF: // currency
	case r >= 0x2100 && r <= 0x214F: // letterlike
	case r >= 0x1F300 && r <= 0x1FAFF: // emoji
	default:
		return false
	}
	return true
}

// hasMojibakeCandidate is the fast path of repairMojibake: it reports
// whether s has a character that can start a mis-decoded UTF-8 sequence
// (Â … ô) followed by one that can continue it (U+0080–U+00BF or a
// Windows-1252 symbol such as € or ™), or a U+FFFD that may be a lost
// closing quote. An accented letter in ordinary text is followed by a
// letter or a space and is not a candidate.
func hasMojibakeCandidate(s string) bool {
	lead := false
	for i := 0; i < len(s); {
		if s[i] < 0x80 {
			lead = false
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError {
			return true
		}
		if lead {
			if b, ok := mojibakeByte(r); ok && b >= 0x80 && b <= 0xBF {
				return true
			}
		}
		lead = r >= 0xC2 && r <= 0xF4
		i += size
	}
	return false
}

// repairMojibake undoes UTF-8 that was decoded as Windows-1252 or Latin-1:
// "â€™" becomes "’", "Ã©" becomes "é". A sequence is replaced only when its
// bytes form one valid, plausible UTF-8 character; "â€" followed by a lost
// byte and "�?" after an opening “ are the closing quote ” whose last byte
// Windows-1252 leaves undefined. It runs twice for text encoded twice.
func repairMojibake(s string) string {
	// Every repair shortens s by at least one rune, so the loop ends.
	for hasMojibakeCandidate(s) {
		t := repairOnce(s)
		if t == s {
			break
		}
		s = t
	}
	return s
}

func repairOnce(s string) string {
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	open := 0 // unmatched “ so far, for "�?"
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch r {
		case '“':
			open++
		case '”':
			if open > 0 {
				open--
			}
		}
		if r == utf8.RuneError && i+1 < len(rs) && rs[i+1] == '?' && open > 0 {
			b.WriteRune('”')
			open--
			i++
			continue
		}
		if r >= 0xC2 && r <= 0xF4 {
			n := 1
			if r >= 0xE0 {
				n = 2
			}
			if r >= 0xF0 {
				n = 3
			}
			if i+n <= len(rs) {
				if fixed, used, ok := decodeMojibake(rs[i:], n); ok {
					b.WriteRune(fixed)
					if fixed == '”' && open > 0 {
						open--
					} else if fixed == '“' {
						open++
					}
					i += used - 1
					continue
				}
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// decodeMojibake tries to read rs[0] and the n runes after it as the bytes
// of one UTF-8 character. It returns the character and how many runes it
// used.
func decodeMojibake(rs []rune, n int) (rune, int, bool) {
	var buf [4]byte
	lead, ok := mojibakeByte(rs[0])
	if !ok {
		return 0, 0, false
	}
	buf[0] = lead
	for k := 1; k <= n; k++ {
		if k >= len(rs) {
			// "â€" at the end of a line, its third byte lost.
			if lead == 0xE2 && k == 2 && buf[1] == 0x80 {
				return '”', k, true
			}
			return 0, 0, false
		}
		c, ok := mojibakeByte(rs[k])
		if !ok || c < 0x80 || c > 0xBF {
			// "â€" whose third byte was lost or replaced by U+FFFD: the
			// byte Windows-1252 leaves undefined is almost always the 0x9D
			// of ”.
			if lead == 0xE2 && k == 2 && buf[1] == 0x80 {
				if rs[k] == utf8.RuneError {
					return '”', k + 1, true
				}
				return '”', k, true
			}
			return 0, 0, false
		}
		buf[k] = c
	}
	r, size := utf8.DecodeRune(buf[:n+1])
	if r == utf8.RuneError && size == 3 && n == 2 {
		// "ï¿½": the bytes of U+FFFD itself, decoded twice. The character
		// it stood for is lost; keep the marker so that the sentence can be
		// left out.
		return utf8.RuneError, 3, true
	}
	if r == utf8.RuneError || size != n+1 || !plausibleRepair(r) {
		return 0, 0, false
	}
	return r, n + 1, true
}

// NormalizeLine repairs mojibake, drops control and zero-width
// characters, turns every kind of space into one ASCII space, and trims.
func NormalizeLine(s string) string {
	// Dropping a character can bring the two halves of a mis-decoded
	// sequence together, so repair and filter until neither changes s.
	for range 4 {
		t := filterRunes(repairMojibake(s))
		if t == s {
			break
		}
		s = t
	}
	return s
}

// filterRunes is one pass of NormalizeLine without the repair.
func filterRunes(s string) string {
	if !needsFilter(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case isSpace(r):
			space = true
			continue
		case dropRune(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// isSpace reports whether r is a space of any kind.
func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u00A0' || r == '\u1680' || (r >= '\u2000' && r <= '\u200A') ||
		r == '\u202F' || r == '\u205F' || r == '\u3000'
}

// dropRune reports whether r carries no text: controls, soft hyphens,
// zero-width and bidi marks, private-use and surrogate code points. U+FFFD
// stays: it marks a character that was lost and cannot be recovered, so
// that the summarizer can leave out the sentence that holds it instead of
// showing a word with a letter missing.
func dropRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7F && r < 0xA0, r == '\u00AD',
		r >= '\u200B' && r <= '\u200F', r >= '\u2028' && r <= '\u202E',
		r >= '\u2060' && r <= '\u206F', r == '\uFEFF', r >= '\uFFF9' && r <= '\uFFFC':
		return true
	}
	return r >= 0xE000 && (unicode.Is(unicode.Co, r) || unicode.Is(unicode.Cs, r))
}

// needsFilter reports whether filterRunes would change s: it has a
// character to drop, a space other than ' ', two spaces in a row, or
// spaces at either end.
func needsFilter(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return true
	}
	prevSpace := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if c < 0x20 || c == 0x7F {
				return true
			}
			if c == ' ' {
				if prevSpace {
					return true
				}
				prevSpace = true
			} else {
				prevSpace = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isSpace(r) || dropRune(r) {
			return true
		}
		prevSpace = false
		i += size
	}
	return false
}

// SplitLines normalizes text into trimmed lines, keeping empty lines so
// that blank-line paragraph breaks survive for unwrap.
func SplitLines(text string) []string {
	text = strings.TrimPrefix(text, "\uFEFF")
	if strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = NormalizeLine(l)
	}
	return lines
}

// unwrap joins hard-wrapped lines back into paragraphs. A text is taken to
// be hard-wrapped when its paragraphs are separated by blank lines, no line
// is longer than 100 characters, and most lines run on into the next one;
// then every run of non-empty lines is one paragraph, except that list
// items start a line of their own. Text without blank lines is never
// unwrapped, so Clean's own output is left as it is.
func unwrap(lines []string) []string {
	nonEmpty, runOn, long, blank := 0, 0, 0, 0
	for i, l := range lines {
		if l == "" {
			blank++
			continue
		}
		n := utf8.RuneCountInString(l)
		if n > 100 {
			return lines
		}
		nonEmpty++
		if n >= 50 {
			long++
		}
		if i+1 < len(lines) && lines[i+1] != "" {
			runOn++
		}
	}
	if blank == 0 || nonEmpty < 4 || long*2 < nonEmpty || runOn*2 < nonEmpty {
		return lines
	}
	var out []string
	var cur []string // the lines of the paragraph being joined
	var glued []bool // glued[k]: cur[k] continues a hyphenated word
	flush := func() {
		if len(cur) == 0 {
			return
		}
		var b strings.Builder
		for k, l := range cur {
			if k > 0 && !glued[k] {
				b.WriteByte(' ')
			}
			b.WriteString(l)
		}
		out = append(out, b.String())
		cur, glued = cur[:0], glued[:0]
	}
	for _, l := range lines {
		if l == "" {
			flush()
			out = append(out, "")
			continue
		}
		if reBullet.MatchString(Head(l, 12)) {
			flush()
		}
		glue := false
		if n := len(cur); n > 0 {
			prev := cur[n-1]
			if len(prev) > 1 && strings.HasSuffix(prev, "-") && !strings.HasSuffix(prev, " -") {
				// A word hyphenated at the line break: "opera-" + "tions".
				r, _ := utf8.DecodeLastRuneInString(prev[:len(prev)-1])
				f, _ := utf8.DecodeRuneInString(l)
				if unicode.IsLower(r) && unicode.IsLower(f) {
					cur[n-1] = prev[:len(prev)-1]
					glue = true
				}
			}
		}
		cur = append(cur, l)
		glued = append(glued, glue)
	}
	flush()
	return out
}
