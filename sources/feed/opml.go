package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"

	"github.com/digestbot/digestbot/sources/fetch"
	"github.com/digestbot/digestbot/sources/page"
)

// Subscription lists: the inputs that name feeds rather than hold
// articles. Two forms are read, both recognised by their content:
//   - OPML, the export format of feed readers: every <outline> with an
//     xmlUrl attribute, at any depth, is a feed;
//   - a text file of URLs: one http(s) URL per line, blank lines and
//     lines starting with "#" skipped, and " # comment" after a URL cut.
//     A file is such a list when every other line is a single word and
//     at least half of them, and at least one, are http(s) URLs; the
//     other words are reported as errors naming their line.

// maxListURLs bounds the URLs taken from one subscription list.
const maxListURLs = 5000

// SubscriptionList reports whether data is a subscription list and
// returns its URLs (duplicates dropped, in order) and an error for each
// entry that is not an http(s) URL. name names the list in errors.
func SubscriptionList(name string, data []byte) (urls []string, errs []error, ok bool) {
	if Root(data) == "opml" {
		urls, errs = parseOPML(name, data)
		return urls, errs, true
	}
	return urlList(name, data)
}

// opmlOutline is an <outline> of an OPML body, with its children.
type opmlOutline struct {
	XMLURL   string        `xml:"xmlUrl,attr"`
	Children []opmlOutline `xml:"outline"`
}

// parseOPML returns the feed URLs of an OPML document.
func parseOPML(name string, data []byte) ([]string, []error) {
	var doc struct {
		Body struct {
			Outlines []opmlOutline `xml:"outline"`
		} `xml:"body"`
	}
	if err := page.CheckXMLDepth(data, page.MaxDepth); err != nil {
		return nil, []error{fmt.Errorf("read %s: subscription list: %w", name, err)}
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	if err := d.Decode(&doc); err != nil {
		return nil, []error{fmt.Errorf("read %s: subscription list: %w", name, err)}
	}
	var (
		urls []string
		errs []error
	)
	seen := make(map[string]bool)
	var walk func([]opmlOutline)
	walk = func(os []opmlOutline) {
		for _, o := range os {
			if u := strings.TrimSpace(o.XMLURL); u != "" && !seen[u] && len(urls) < maxListURLs {
				seen[u] = true
				if fetch.IsHTTPURL(u) {
					urls = append(urls, u)
				} else {
					errs = append(errs, fmt.Errorf("read %s: feed %q: %w", name, u, fetch.ErrNotHTTP))
				}
			}
			walk(o.Children)
		}
	}
	walk(doc.Body.Outlines)
	if len(urls) == 0 && len(errs) == 0 {
		errs = append(errs, fmt.Errorf("read %s: %w (no feed URLs in the subscription list)", name, page.ErrNoArticles))
	}
	return urls, errs
}

// urlList reads a text list of URLs; ok is false when data is not one.
func urlList(name string, data []byte) (urls []string, errs []error, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if len(data) > 1<<20 || !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return nil, nil, false
	}
	type entry struct {
		line int
		word string
	}
	var entries []entry
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if j := strings.Index(line, " #"); j >= 0 {
			line = strings.TrimSpace(line[:j])
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.ContainsAny(line, " \t") {
			return nil, nil, false // running text, not a list
		}
		entries = append(entries, entry{i + 1, line})
	}
	good := 0
	for _, e := range entries {
		if fetch.IsHTTPURL(e.word) {
			good++
		}
	}
	if good == 0 || good*2 < len(entries) {
		return nil, nil, false
	}
	seen := make(map[string]bool)
	for _, e := range entries {
		switch {
		case !fetch.IsHTTPURL(e.word):
			errs = append(errs, fmt.Errorf("read %s:%d: %q: %w", name, e.line, e.word, fetch.ErrNotHTTP))
		case !seen[e.word] && len(urls) < maxListURLs:
			seen[e.word] = true
			urls = append(urls, e.word)
		}
	}
	return urls, errs, true
}
