package render

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/news"
)

// untitled stands in for an empty headline, so every story has a heading.
const untitled = "(untitled)"

// writeText writes d as plain text for a terminal:
//
//	Title
//	=====
//
//	  • bullet text (AP, Reuters)
//
//	Sources:
//	  [1] AP — Headline — https://…
//	  [2] Headline — story.txt
//
// A bullet is credited to the outlets of its sources; a local file that
// names no outlet is shown by its file name, without the folders, in the
// sources only.
func writeText(buf *bytes.Buffer, d news.Digest) { writeDigest(buf, d, textLayout) }

// textLayout is the plain-text layout of a digest.
var textLayout = layout{
	title: clean,
	heading: func(buf *bytes.Buffer, title string) {
		buf.WriteString(title)
		buf.WriteByte('\n')
		buf.WriteString(strings.Repeat("=", max(width(title), 3)))
		buf.WriteString("\n\n")
	},
	bullets: bulletList{none: "  (no bullets)\n", item: "  • ", open: " (", close: ")", esc: clean},
	sources: "\nSources:\n",
	source:  textSource,
}

// textSource returns the i-th entry of the sources list: its outlet,
// headline and URL or file name, those it has.
func textSource(i int, a news.Source) string {
	var parts []string
	where := a.URL
	if f := a.FileName(); f != "" {
		where = f // a local file: its name, without the folders
	}
	for _, p := range []string{a.Outlet, a.Title, where} {
		if p = clean(p); p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "(unknown)")
	}
	return "  [" + strconv.Itoa(i+1) + "] " + strings.Join(parts, " — ")
}

// layout is how a text format writes a digest: its title, made safe by
// title (untitled when that leaves nothing), under heading; its bullets;
// then, when it has any, its sources under the line sources, one a line
// as source writes them.
type layout struct {
	title   func(string) string
	heading func(buf *bytes.Buffer, title string)
	bullets bulletList
	sources string
	source  func(i int, a news.Source) string
	// notes, when set, writes what follows the sources (Markdown's
	// footnotes).
	notes func(buf *bytes.Buffer)
}

// writeDigest writes d as l lays it out.
func writeDigest(buf *bytes.Buffer, d news.Digest, l layout) {
	title := l.title(d.Title)
	if title == "" {
		title = untitled
	}
	l.heading(buf, title)
	writeBullets(buf, d, l.bullets)
	if len(d.Articles) == 0 {
		return
	}
	buf.WriteString(l.sources)
	for i, a := range d.Articles {
		buf.WriteString(l.source(i, a))
		buf.WriteByte('\n')
	}
	if l.notes != nil {
		l.notes(buf)
	}
}

// Clean makes text from an article safe to show on one line of any
// output: line breaks, tabs and other spaces become one space; control
// characters (such as the ESC that starts a terminal escape sequence),
// bidirectional formatting characters (which could make text show in
// another order than it is stored in) and U+FFFD are dropped; space at
// either end is trimmed. The chat renderers use it too.
func Clean(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) && r != '\u00a0' && r != '\u202f':
			space = true
			continue
		case unicode.IsControl(r), isBidiControl(r), r == utf8.RuneError:
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

func clean(s string) string { return Clean(s) }

// bulletList is how a format writes a digest's bullets: none when there
// are none, else each as item, its text, and, when any is named, its
// outlets between open and close, then what mark returns, when set; esc
// makes a string from an article safe in the format.
type bulletList struct {
	none, item, open, close string
	esc                     func(string) string
	mark                    func(news.Bullet) string
}

// writeBullets writes d's bullets as l says, one a line.
func writeBullets(buf *bytes.Buffer, d news.Digest, l bulletList) {
	if len(d.Bullets) == 0 {
		buf.WriteString(l.none)
	}
	for _, b := range d.Bullets {
		buf.WriteString(l.item)
		buf.WriteString(l.esc(b.Text))
		if outlets := nonEmpty(d.Outlets(b), l.esc); len(outlets) > 0 {
			buf.WriteString(l.open)
			buf.WriteString(strings.Join(outlets, ", "))
			buf.WriteString(l.close)
		}
		if l.mark != nil {
			buf.WriteString(l.mark(b))
		}
		buf.WriteByte('\n')
	}
}

// nonEmpty returns the strings of ss passed through esc, without those
// esc leaves empty.
func nonEmpty(ss []string, esc func(string) string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s = esc(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// isBidiControl reports whether r is a bidirectional formatting character:
// an embedding, override or isolate, or a directional mark.
func isBidiControl(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' ||
		r == '\u200e' || r == '\u200f' || r == '\u061c'
}

// width estimates how many terminal columns s takes: combining marks and
// format characters take none, East Asian wide characters two, the rest one.
func width(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		case isWide(r):
			n += 2
		default:
			n++
		}
	}
	return n
}

// isWide reports whether r is in the main East Asian wide or fullwidth
// blocks, or is an emoji that terminals draw two columns wide.
func isWide(r rune) bool {
	switch {
	case r >= 0x1100 && r <= 0x115f, // Hangul Jamo initials
		r >= 0x2e80 && r <= 0x303e, // CJK radicals, punctuation
		r >= 0x3041 && r <= 0x33ff, // Kana, CJK compatibility
		r >= 0x3400 && r <= 0x4dbf, // CJK extension A
		r >= 0x4e00 && r <= 0x9fff, // CJK unified ideographs
		r >= 0xa000 && r <= 0xa4cf, // Yi
		r >= 0xac00 && r <= 0xd7a3, // Hangul syllables
		r >= 0xf900 && r <= 0xfaff, // CJK compatibility ideographs
		r >= 0xfe30 && r <= 0xfe4f, // CJK compatibility forms
		r >= 0xff00 && r <= 0xff60, // fullwidth forms
		r >= 0xffe0 && r <= 0xffe6,
		r >= 0x1f300 && r <= 0x1f64f, // pictographs, emoticons
		r >= 0x1f900 && r <= 0x1f9ff,
		r >= 0x20000 && r <= 0x3fffd: // CJK extensions B and later
		return true
	}
	return false
}
