package page

import (
	"bytes"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources/clean"
	"github.com/digestbot/digestbot/sources/fetch"
)

// maxHTMLElements bounds the documents readability analyses; larger ones
// are reduced to their text without it.
const maxHTMLElements = 50000

// LooksLikeHTML reports whether data is an HTML document or fragment,
// judged by its content: its first non-space character opens a tag and one
// of the usual document or paragraph tags appears near the start, or it
// has a doctype, <html> or <body> there.
func LooksLikeHTML(data []byte) bool {
	start := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), " \t\r\n\f")
	h := bytes.ToLower(start[:min(len(start), 1024)])
	for _, strong := range []string{"<!doctype html", "<html", "<body"} {
		if bytes.Contains(h, []byte(strong)) {
			return true
		}
	}
	if len(h) == 0 || h[0] != '<' {
		return false
	}
	for _, tag := range []string{"<head", "<meta ", "<title>", "<p>", "<p ", "<div", "<article", "<section", "<h1", "<h2", "<br", "<span", "<!--"} {
		if bytes.Contains(h, []byte(tag)) {
			return true
		}
	}
	return false
}

// decodeHTML returns the document as UTF-8: valid UTF-8 is kept whatever
// the page declares; otherwise the charset of a byte-order mark or a
// <meta> tag is used, and Windows-1252 when there is none.
func decodeHTML(data []byte) string {
	if utf8.Valid(data) {
		return string(data)
	}
	enc, name, _ := charset.DetermineEncoding(data, "")
	if name == "windows-1252" || enc == nil {
		return clean.DecodeWindows1252(data)
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return clean.DecodeWindows1252(data)
	}
	return string(out)
}

// pageMeta is what the <head> of a page says about its article.
type pageMeta struct {
	ogTitle, title, h1 string
	// siteName is og:site_name; appName is application-name.
	siteName, appName string
	// ogURL is og:url, the page's own address.
	ogURL string
	// jsonLD are the page's application/ld+json blocks.
	jsonLD    []string
	published time.Time
	// lang is <html lang> (or xml:lang), metaLang a <meta> Content-Language
	// or language, locale og:locale: the languages the page declares.
	lang, metaLang, locale string
}

// maxJSONLD bounds the JSON-LD blocks read from one page.
const maxJSONLD = 16

// readMeta collects the Open Graph title, site name and address, the
// application-name, the JSON-LD blocks, the <title>, the first <h1>, the
// publication time and the declared languages of a parsed page.
func readMeta(doc *html.Node) pageMeta {
	var m pageMeta
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				m.lang = attr(n, "lang")
				if m.lang == "" {
					m.lang = attr(n, "xml:lang")
				}
			case atom.Meta:
				key := strings.ToLower(attr(n, "property") + attr(n, "name") + attr(n, "itemprop") + attr(n, "http-equiv"))
				content := strings.TrimSpace(attr(n, "content"))
				switch key {
				case "content-language", "language", "dc.language":
					firstOf(&m.metaLang, content)
				case "og:locale":
					firstOf(&m.locale, content)
				case "og:title":
					firstOf(&m.ogTitle, content)
				case "og:site_name":
					firstOf(&m.siteName, content)
				case "application-name":
					firstOf(&m.appName, content)
				case "og:url":
					firstOf(&m.ogURL, content)
				case "article:published_time", "datepublished", "date", "pubdate", "publish-date", "dc.date.issued":
					if m.published.IsZero() {
						m.published = parseMetaTime(content)
					}
				}
			case atom.Title:
				if m.title == "" {
					m.title = TextOf(n)
				}
			case atom.H1:
				if m.h1 == "" {
					m.h1 = TextOf(n)
				}
			case atom.Script:
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && len(m.jsonLD) < maxJSONLD && n.FirstChild != nil {
					m.jsonLD = append(m.jsonLD, n.FirstChild.Data)
				}
				return
			case atom.Style, atom.Template:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return m
}

// parseMetaTime reads the date formats pages put in their <meta> tags.
func parseMetaTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TextOf returns the text inside n with its spaces collapsed.
func TextOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// parseHTML extracts the article of a page: metadata from its <head>
// (the outlet as pageMeta.outlet, else as DetectOutlet finds it in the
// text, else, for a saved page, the host of its canonical address), the
// main text chosen by readability (Readability.js 0.6, as ported by
// readeck), rendered one block per line and cleaned. When readability
// finds nothing the whole body is rendered instead, without its
// navigation, header, footer and asides. Its language is detected from
// its text, with the language the page declares — <html lang>, a <meta>
// Content-Language, og:locale, else declared, its server's
// Content-Language — as a hint. The HTML5 parser accepts any input but one
// whose elements nest deeper than MaxDepth: that fails with ErrTooDeep.
func parseHTML(name, page, declared string) (news.Article, error) {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		if strings.Contains(err.Error(), "open stack of elements exceeds") {
			return news.Article{}, ErrTooDeep
		}
		// No other failure is known; keep going with text.
		return parsePlain(name, page, declared), nil
	}
	meta := readMeta(doc)
	text := extract(doc, name)
	lines := clean.SplitLines(text)
	title := ""
	for _, t := range []string{meta.ogTitle, meta.title, meta.h1} {
		if title == "" {
			title = t
		}
	}
	outlet := meta.outlet()
	if outlet == "" {
		outlet = DetectOutlet(lines)
	}
	if outlet == "" {
		// The footer's copyright line is outside the article.
		if doc, err := html.Parse(strings.NewReader(page)); err == nil {
			outlet = DetectOutlet(clean.SplitLines(renderText(doc)))
		}
	}
	if outlet == "" && !fetch.IsHTTPURL(name) {
		// A saved page: the host of the address it names for itself.
		// (A fetched page's host is its caller's to add: a feed's title
		// comes first.)
		own := meta.ogURL
		if c, _ := headLinks(page, ""); c != "" {
			own = c
		}
		outlet = fetch.SiteHost(own)
	}
	// The first of og:title, <title> and <h1> that is a proper headline
	// (not "Just a moment...", a section's name or a description), else
	// the first there is.
	title = CleanTitle(clean.NormalizeLine(title), outlet)
	for _, t := range []string{meta.ogTitle, meta.title, meta.h1} {
		if t = CleanTitle(clean.NormalizeLine(t), outlet); t != "" {
			if _, ok := news.Headline(t); ok {
				title = t
				break
			}
		}
	}
	body := clean.Lines(lines, title)
	if body == "" {
		// Readability chose a block with no article text in it (a
		// comment thread, a list of links): fall back to the whole page.
		if doc, err := html.Parse(strings.NewReader(page)); err == nil {
			body = clean.Clean(RenderBlocks(doc), title)
		}
	}
	a := news.Article{
		ID:        name,
		URL:       name,
		Title:     title,
		Outlet:    outlet,
		Published: meta.published,
		Text:      body,
	}
	if body != "" {
		DetectLanguage(&a, DeclaredLanguage(meta.lang, meta.metaLang, meta.locale, declared))
	}
	return a, nil
}

// outlet returns the publication the page's metadata names: og:site_name,
// else the publisher of its JSON-LD article (see jsonLDOutlet), else its
// application-name; "" when none is a name (see NormalizeOutlet).
func (m pageMeta) outlet() string {
	if o := NormalizeOutlet(clean.NormalizeLine(m.siteName)); o != "" {
		return o
	}
	if o := jsonLDOutlet(m.jsonLD); o != "" {
		return o
	}
	return NormalizeOutlet(clean.NormalizeLine(m.appName))
}

// extract returns the main text of a parsed page, one block per line. It
// falls back to the whole body when readability finds nothing, fails or
// panics: the page is untrusted input and a third-party parser's bug must
// not bring the caller down.
func extract(doc *html.Node, name string) (text string) {
	func() {
		defer func() {
			if recover() != nil {
				text = ""
			}
		}()
		pageURL := &url.URL{Scheme: "file", Path: "/" + strings.TrimLeft(name, "/")}
		parser := readability.NewParser()
		parser.MaxElemsToParse = maxHTMLElements
		if art, err := parser.ParseAndMutate(doc, pageURL); err == nil && art.Node != nil {
			text = RenderBlocks(art.Node)
		}
	}()
	if strings.TrimSpace(text) == "" {
		text = ""
	}
	return text
}

// skipped are the elements whose text is never article text.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Canvas: true, atom.Video: true,
	atom.Audio: true, atom.Figure: true, atom.Figcaption: true, atom.Picture: true, atom.Img: true,
	atom.Button: true, atom.Form: true, atom.Input: true, atom.Select: true, atom.Textarea: true,
	atom.Nav: true, atom.Aside: true, atom.Footer: true, atom.Header: true, atom.Head: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Math: true, atom.Label: true, atom.Menu: true, atom.Dialog: true,
}

// blocks are the elements that start and end a line of text.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Blockquote: true, atom.Pre: true,
	atom.Section: true, atom.Article: true, atom.Main: true, atom.Ul: true, atom.Ol: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Table: true, atom.Tr: true, atom.Td: true,
	atom.Th: true, atom.Tbody: true, atom.Thead: true, atom.Br: true, atom.Hr: true,
	atom.Address: true, atom.Details: true, atom.Summary: true, atom.Body: true, atom.Html: true,
	atom.Center: true, atom.Fieldset: true, atom.Caption: true,
}

// RenderBlocks renders the text under n one block per line: paragraphs,
// list items (with a "• " marker) and other block elements each on a line
// of their own, <br> breaking a line. Headings, figures and captions,
// navigation, forms, media and hidden elements are left out: the page's
// structure says they are not running text.
func RenderBlocks(n *html.Node) string {
	var b strings.Builder
	newline := func() {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
	}
	writeText(&b, n, func(n *html.Node, a atom.Atom) bool {
		if skipped[a] || hidden(n) || blocks[a] && picturedBlock(n) {
			return false
		}
		if blocks[a] {
			newline()
		}
		if a == atom.Li {
			b.WriteString("• ")
		}
		return true
	}, func(a atom.Atom) {
		if blocks[a] {
			newline()
		}
	})
	return b.String()
}

// writeText writes the text under n to b, a line break in text as a
// space. On each element, enter says whether to go in (and may write
// first), and leave is called once its children are written.
func writeText(b *strings.Builder, n *html.Node, enter func(n *html.Node, a atom.Atom) bool, leave func(a atom.Atom)) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(strings.ReplaceAll(n.Data, "\n", " "))
		return
	case html.ElementNode:
		if !enter(n, tagAtom(n)) {
			return
		}
	case html.CommentNode, html.DoctypeNode:
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		writeText(b, c, enter, leave)
	}
	if n.Type == html.ElementNode {
		leave(tagAtom(n))
	}
}

// tagAtom returns n's tag; readability creates elements by name only.
func tagAtom(n *html.Node) atom.Atom {
	if n.DataAtom != 0 {
		return n.DataAtom
	}
	return atom.Lookup([]byte(n.Data))
}

// picturedBlock reports whether the block n opens with a picture and has
// little text: the text is the picture's caption.
func picturedBlock(n *html.Node) bool {
	c := n.FirstChild
	for c != nil && c.Type == html.TextNode && strings.TrimSpace(c.Data) == "" {
		c = c.NextSibling
	}
	if c == nil || c.Type != html.ElementNode {
		return false
	}
	switch tagAtom(c) {
	case atom.Img, atom.Picture, atom.Figure, atom.Svg:
		return clean.WordCount(strings.Join(strings.Fields(TextOf(n)), " ")) <= 60
	}
	return false
}

// renderText renders all the text under n one block per line, footers
// and navigation included.
func renderText(n *html.Node) string {
	var b strings.Builder
	writeText(&b, n, func(_ *html.Node, a atom.Atom) bool {
		switch a {
		case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head:
			return false
		}
		return true
	}, func(a atom.Atom) {
		if blocks[a] || skipped[a] {
			b.WriteByte('\n')
		}
	})
	return b.String()
}

// hidden reports whether n is hidden from readers.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "style":
			s := strings.ReplaceAll(strings.ToLower(a.Val), " ", "")
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// MarkupText returns the text of a string that may hold HTML (a feed's
// title): tags dropped, entities decoded, spaces collapsed.
func MarkupText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.Join(strings.Fields(s), " ")
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return strings.Join(strings.Fields(s), " ")
	}
	return TextOf(doc)
}

// firstOf sets *dst to v unless an earlier tag set it: the first wins.
func firstOf(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}
