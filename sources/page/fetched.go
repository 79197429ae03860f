package page

import (
	"fmt"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources/clean"
	"github.com/digestbot/digestbot/sources/fetch"
)

// Fetched extracts the article of an HTML page fetched from u (final
// after redirects): its main text, title, outlet (when the page or its
// text names one: the caller falls back to the host), date and language
// (declared is its server's Content-Language, a hint). Its URL is
// the final URL without tracking, its ID the canonical form of the page's
// rel=canonical link when that stays on the same site, else of the final
// URL.
func Fetched(u, final, page, declared string) (news.Article, error) {
	a, err := parseHTML(final, page, declared)
	if err != nil {
		return news.Article{}, fmt.Errorf("extract %s: %w", u, err)
	}
	if !hasProse(a.Text) {
		// Nothing but a list of headlines: a home or section page.
		return news.Article{}, fmt.Errorf("extract %s: %w", u, ErrNoText)
	}
	a.URL = fetch.CleanLink(final)
	a.ID = fetch.CanonicalOr(final)
	if c, _ := headLinks(page, final); c != "" && sameSite(c, final) {
		a.ID = fetch.CanonicalOr(c)
	}
	return a, nil
}

// hasProse reports whether text has a line of running text: six words or
// more ending like a sentence.
func hasProse(text string) bool {
	for _, l := range strings.Split(text, "\n") {
		if clean.EndsSentence(l) && clean.WordCount(l) >= 6 {
			return true
		}
	}
	return false
}

// sameSite reports whether two URLs are on one site: their hosts are
// equal once "www." and mobile prefixes are dropped, or one is a
// subdomain of the other.
func sameSite(a, b string) bool {
	ha, hb := fetch.SiteHost(a), fetch.SiteHost(b)
	if ha == "" || hb == "" {
		return false
	}
	return ha == hb || strings.HasSuffix(ha, "."+hb) || strings.HasSuffix(hb, "."+ha)
}

// feedTypes are the media types of feeds that pages link to.
var feedTypes = clean.WordSet("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
	"application/rdf+xml", "application/xml", "text/xml")

// headLinks returns the absolute rel=canonical link and the first
// rel=alternate feed link in a page's <head> (resolved against base);
// "" when there is none.
func headLinks(page, base string) (canonical, feed string) {
	baseURL := fetch.AbsURL(base)
	z := html.NewTokenizer(strings.NewReader(page))
	for range 5000 {
		switch z.Next() {
		case html.ErrorToken:
			return canonical, feed
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch atom.Lookup(name) {
			case atom.Body:
				return canonical, feed
			case atom.Link:
				var rel, href, typ string
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					switch string(k) {
					case "rel":
						rel = strings.ToLower(string(v))
					case "href":
						href = string(v)
					case "type":
						typ = strings.ToLower(strings.TrimSpace(string(v)))
					}
				}
				rels := strings.Fields(rel)
				for _, r := range rels {
					switch {
					case r == "canonical" && canonical == "":
						canonical = fetch.ResolveLink(baseURL, href)
					case r == "alternate" && feed == "" && feedTypes[typ]:
						feed = fetch.ResolveLink(baseURL, href)
					}
				}
			}
		}
	}
	return canonical, feed
}

// FeedLink returns the feed a page links to, "" when none.
func FeedLink(page, base string) string {
	_, feed := headLinks(page, base)
	return feed
}

// DecodeBody returns a fetched text body as UTF-8, honouring the charset
// its Content-Type header declares. A body that is valid UTF-8 is kept
// whatever is declared (servers often declare Latin-1 for UTF-8 pages);
// otherwise a byte-order mark, the header's charset, then an HTML <meta>
// charset decide, and Windows-1252 (a superset of Latin-1) when none
// does. A body that is not text fails with fetch.ErrUnsupported (naming its
// sniffed type) or ErrBinary.
func DecodeBody(name string, data []byte, contentType string) (string, error) {
	d, err := decodeUTF16(data)
	if err != nil {
		return "", binaryError(name, data)
	}
	data = d
	if utf8.Valid(data) {
		if isBinary(data) {
			return "", binaryError(name, data)
		}
		return string(data), nil
	}
	enc, encName, _ := charset.DetermineEncoding(data, contentType)
	if enc == nil || encName == "windows-1252" || encName == "utf-8" {
		if isBinary(data) {
			return "", binaryError(name, data)
		}
		return clean.DecodeWindows1252(data), nil
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil || isBinary(out) {
		return "", binaryError(name, data)
	}
	return string(out), nil
}

// binaryError reports a body that is not text: fetch.ErrUnsupported with its
// sniffed media type when it has a known one (a PDF, an image), else
// ErrBinary.
func binaryError(name string, data []byte) error {
	mt, _, _ := mime.ParseMediaType(http.DetectContentType(data))
	if mt == "" || mt == "application/octet-stream" || strings.HasPrefix(mt, "text/") {
		return fmt.Errorf("extract %s: %w", name, ErrBinary)
	}
	return fmt.Errorf("extract %s: %w (%s)", name, fetch.ErrUnsupported, mt)
}
