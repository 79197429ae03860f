package render

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/digestbot/digestbot/news"
)

// writeMarkdown writes d as CommonMark:
//
//	## Title
//
//	- bullet text — *AP, Reuters*
//
//	Sources:
//
//	- [Headline](https://…) — AP
//
// A bullet with evidence ends with a footnote reference for each of its
// articles, and the footnotes follow the sources:
//
//	## Title
//
//	- bullet text — *AP, Reuters*[^1][^2]
//	…
//	[^1]: AP: “the sentence it was cut from” <https://…>
//	[^2]: Reuters: “the sentence that states the same fact” <https://…>
//
// Every string from an article is escaped (see escapeMarkdown).
func writeMarkdown(buf *bytes.Buffer, d news.Digest) { writeMarkdownNoted(buf, d, new(footnotes)) }

// footnotes numbers the footnotes of one Markdown document: the digests
// of a brief share one numbering, so that no label is defined twice.
type footnotes struct{ last int }

// writeMarkdownNoted writes d as writeMarkdown does, numbering its
// footnotes after those fn has numbered.
func writeMarkdownNoted(buf *bytes.Buffer, d news.Digest, fn *footnotes) {
	l := markdownLayout
	first := fn.last + 1
	l.bullets.mark = func(b news.Bullet) string {
		var s strings.Builder
		for range evidenceOf(d, b) {
			fn.last++
			s.WriteString("[^" + strconv.Itoa(fn.last) + "]")
		}
		return s.String()
	}
	l.notes = func(buf *bytes.Buffer) {
		n := first
		for _, b := range d.Bullets {
			for _, e := range evidenceOf(d, b) {
				if n == first {
					buf.WriteByte('\n')
				}
				buf.WriteString("[^" + strconv.Itoa(n) + "]: " + markdownEvidence(d.Articles[e.Source], e.Sentence) + "\n")
				n++
			}
		}
	}
	writeDigest(buf, d, l)
}

// evidenceOf returns b's evidence whose article is one of d's.
func evidenceOf(d news.Digest, b news.Bullet) []news.Evidence {
	var out []news.Evidence
	for _, e := range b.Evidence {
		if e.Source >= 0 && e.Source < len(d.Articles) {
			out = append(out, e)
		}
	}
	return out
}

// markdownEvidence returns the text of one footnote: the article's name
// (SourceName), its sentence between quotation marks, and a link to it
// (footnoteLink), those it has.
func markdownEvidence(a news.Source, sentence string) string {
	s := "“" + escapeMarkdown(sentence) + "”"
	if name := escapeMarkdown(SourceName(a)); name != "" {
		s = name + ": " + s
	}
	if link := footnoteLink(a); link != "" {
		s += " " + link
	}
	return s
}

// footnoteLink returns a link to a's URL: an autolink ("<https://…>")
// for a web address that can be one, else a link titled with the file
// name or the address; "" without a URL or with one not safe to link (see
// linkable).
func footnoteLink(a news.Source) string {
	u := clean(a.URL)
	if u == "" || !linkable(u) {
		return ""
	}
	if autolinkable(u) {
		return "<" + u + ">"
	}
	text := escapeMarkdown(a.FileName())
	if text == "" {
		text = escapeMarkdown(u)
	}
	return "[" + text + "](" + escapeDestination(u) + ")"
}

// autolinkable reports whether u can be written as a CommonMark autolink
// that links to u as written: an http or https address of printable
// ASCII without space, '<' or '>', and without an '&' that starts an
// entity reference.
func autolinkable(u string) bool {
	lower := strings.ToLower(u)
	if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
		return false
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c <= ' ' || c >= 0x7f || c == '<' || c == '>' || c == '&' && entityRef().MatchString(u[i:]) {
			return false
		}
	}
	return true
}

// markdownLayout is the Markdown layout of a digest.
var markdownLayout = layout{
	// Every '#' is escaped in a heading, so that a trailing run is not
	// taken for the heading's optional closing sequence.
	title: func(s string) string { return escape(s, true) },
	heading: func(buf *bytes.Buffer, title string) {
		buf.WriteString("## ")
		buf.WriteString(title)
		buf.WriteString("\n\n")
	},
	bullets: bulletList{none: "*No bullets.*\n", item: "- ", open: " — *", close: "*", esc: escapeMarkdown},
	sources: "\nSources:\n\n",
	source:  func(_ int, a news.Source) string { return "- " + markdownSource(a) },
}

// markdownSource returns one entry of the sources list: a link to the
// article titled with its headline, then its outlet. Without a URL, or with
// one whose scheme is not http, https or file (a "javascript:" URL from a
// feed), the headline is shown without a link. A local file shows its name
// without the folders once: as the link's text when it has no headline,
// else in place of a missing outlet.
func markdownSource(a news.Source) string {
	title, outlet, url := escapeMarkdown(a.Title), escapeMarkdown(a.Outlet), clean(a.URL)
	file := escapeMarkdown(a.FileName())
	if outlet == "" && title != "" {
		outlet, file = file, "" // "[Headline](dir/story.txt) — story.txt"
	}
	var s string
	switch {
	case url != "" && linkable(url):
		if title == "" {
			title = file
		}
		if title == "" {
			title = escapeMarkdown(url)
		}
		s = "[" + title + "](" + escapeDestination(url) + ")"
	case title != "":
		s = title
	}
	switch {
	case s == "" && outlet == "":
		return "(unknown)"
	case s == "":
		return outlet
	case outlet == "":
		return s
	}
	return s + " — " + outlet
}

// markdownSpecials are the characters escapeMarkdown escapes wherever they
// are: those that start emphasis, code, links, autolinks and HTML, GFM
// strikethrough, and the backslash itself.
const markdownSpecials = "\\*_`[]<>~"

// entityRef matches an HTML entity or numeric character reference, which
// Markdown would show as the character it names.
var entityRef = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)
})

// orderedMarker matches text that would start an ordered list ("2024. ").
var orderedMarker = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]{1,9}[.)]( |$)`) })

// escapeMarkdown returns s cleaned to one line (see clean) with a backslash
// before every character Markdown would read as markup, so the text shows
// as written: the characters in markdownSpecials anywhere; '&' where it
// starts an entity reference; and at the start, '#', '-', '+' and an
// ordered-list number, which would start a heading or a nested list.
func escapeMarkdown(s string) string { return escape(s, false) }

// escape is escapeMarkdown that, with allHash, escapes every '#'.
func escape(s string, allHash bool) string {
	s = clean(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	switch {
	case s == "":
		return ""
	case s[0] == '-' || s[0] == '+' || s[0] == '#' && !allHash:
		b.WriteByte('\\')
	case orderedMarker().MatchString(s):
		i := strings.IndexAny(s, ".)")
		b.WriteString(s[:i])
		b.WriteByte('\\')
		s = s[i:]
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte(markdownSpecials, c) >= 0 || allHash && c == '#' ||
			c == '&' && entityRef().MatchString(s[i:]) {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// destinationEscaper percent-encodes the characters that would end or break
// a Markdown link destination: space, parentheses and angle brackets.
var destinationEscaper = strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E")

// escapeDestination makes u a Markdown link destination that links to u:
// paths with spaces ("examples/my story/a.txt") stay valid links, and an
// "&amp;" in a URL is not decoded to "&".
func escapeDestination(u string) string {
	u = destinationEscaper.Replace(u)
	if !strings.Contains(u, "&") {
		return u
	}
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		if u[i] == '&' && entityRef().MatchString(u[i:]) {
			b.WriteByte('\\')
		}
		b.WriteByte(u[i])
	}
	return b.String()
}

// linkable reports whether u is safe to link to: a path (no scheme, or a
// one-letter Windows drive), or an http, https or file URL.
func linkable(u string) bool {
	i := strings.IndexByte(u, ':')
	if i < 0 {
		return true
	}
	scheme := u[:i]
	for j, c := range scheme {
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (j == 0 || !('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return true // not a scheme: "a/b:c" is a path
		}
	}
	if len(scheme) <= 1 {
		return true
	}
	switch strings.ToLower(scheme) {
	case "http", "https", "file":
		return true
	}
	return false
}
