package sources

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	atomfeed "github.com/mmcdole/gofeed/atom"
	jsonfeed "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/digestbot/digestbot/news"
)

// teaserWords is the length under which a feed item's text is taken for a
// teaser of its article, and the page is read instead.
const teaserWords = 80

// feedFormat is the format of a feed, as its content says.
type feedFormat int

const (
	notFeed feedFormat = iota
	formatRSS
	formatAtom
	formatJSON
)

// sniffPeek is how many leading bytes are read to find an XML document's
// root element.
const sniffPeek = 64 << 10

// xmlRoot returns the lower-cased local name of the root element of an
// XML (or HTML) document, "" when data does not start like markup. Only
// the first sniffPeek bytes are read.
func xmlRoot(data []byte) string {
	data = bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), " \t\r\n")
	if len(data) == 0 || data[0] != '<' {
		return ""
	}
	d := xml.NewDecoder(bytes.NewReader(data[:min(len(data), sniffPeek)]))
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	for range 1000 {
		tok, err := d.RawToken()
		if err != nil {
			return ""
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return strings.ToLower(t.Name.Local)
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return ""
			}
		}
	}
	return ""
}

// isJSONFeed reports whether data is a JSON object whose version is a JSON
// Feed version ("https://jsonfeed.org/version/1.1").
func isJSONFeed(data []byte) bool {
	data = bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), " \t\r\n")
	if len(data) == 0 || data[0] != '{' {
		return false
	}
	var v struct {
		Version string `json:"version"`
	}
	if json.Unmarshal(data, &v) != nil {
		return false
	}
	ver := strings.TrimPrefix(strings.TrimPrefix(v.Version, "https://"), "http://")
	return strings.HasPrefix(ver, "jsonfeed.org/version/")
}

// detectFeed returns the format of a feed judged by its content: an XML
// root element rss, rdf:RDF or feed, or a JSON object with a JSON Feed
// version. root is xmlRoot(data).
func detectFeed(data []byte, root string) feedFormat {
	switch root {
	case "rss", "rdf":
		return formatRSS
	case "feed":
		return formatAtom
	case "":
		if isJSONFeed(data) {
			return formatJSON
		}
	}
	return notFeed
}

// feedDoc is a parsed feed: the universal form and, per item, the
// publication an aggregator names as the item's source.
type feedDoc struct {
	*gofeed.Feed
	sources []string
}

// parseFeedDoc parses a feed of a known format. gofeed runs on untrusted
// input: a panic in it is returned as an error.
func parseFeedDoc(data []byte, format feedFormat) (doc feedDoc, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("feed parser failed: %v", r)
		}
	}()
	r := bytes.NewReader(data)
	switch format {
	case formatRSS:
		rf, err := (&rss.Parser{}).Parse(r)
		if err != nil {
			return feedDoc{}, err
		}
		f, err := (&gofeed.DefaultRSSTranslator{DisableContentImageScan: true}).Translate(rf)
		if err != nil {
			return feedDoc{}, err
		}
		doc = feedDoc{Feed: f, sources: make([]string, len(f.Items))}
		for i, it := range rf.Items {
			if i < len(doc.sources) && it != nil && it.Source != nil {
				doc.sources[i] = it.Source.Title
			}
		}
	case formatAtom:
		af, err := (&atomfeed.Parser{}).Parse(r)
		if err != nil {
			return feedDoc{}, err
		}
		f, err := (&gofeed.DefaultAtomTranslator{}).Translate(af)
		if err != nil {
			return feedDoc{}, err
		}
		doc = feedDoc{Feed: f, sources: make([]string, len(f.Items))}
		for i, e := range af.Entries {
			if i < len(doc.sources) && e != nil && e.Source != nil {
				doc.sources[i] = e.Source.Title
			}
		}
	case formatJSON:
		jf, err := (&jsonfeed.Parser{}).Parse(r)
		if err != nil {
			return feedDoc{}, err
		}
		f, err := (&gofeed.DefaultJSONTranslator{}).Translate(jf)
		if err != nil {
			return feedDoc{}, err
		}
		doc = feedDoc{Feed: f, sources: make([]string, len(f.Items))}
	default:
		return feedDoc{}, ErrNotFeed
	}
	return doc, nil
}

// feedItem is one item of a feed on its way to an Article.
type feedItem struct {
	art news.Article
	// link is the absolute URL of the item's page; "" when it has none.
	link string
	// teaser reports that art.Text is only a summary: the page is to be
	// read.
	teaser bool
	// outletFrom is where art.Outlet comes from: the item's page names
	// its outlet better unless the item itself did.
	outletFrom outletSource
	// declared is the language the item (dc:language) or else its feed
	// (<language>, xml:lang, JSON Feed's language) declares: a hint to the
	// detection of art.Language, which the loader sets once it knows the
	// text, the page's or the teaser.
	declared string
}

// outletSource is where a feed item's outlet was found, weakest first.
type outletSource int

const (
	outletFromHost outletSource = iota // the host of the item's link, or of the feed
	outletFromFeed                     // the feed's title
	outletFromText                     // the item's text ("(Reuters) -", "© 2024 AP")
	outletFromItem                     // the item's <source>, as aggregators give it
)

// feedItems turns a feed's items into articles. feedURL names the feed
// (Article.Feed, errors); base resolves relative links (the URL the feed
// was read from, after redirects; "" for a file, where the feed's own
// link is used).
func feedItems(doc feedDoc, feedURL, base string) []feedItem {
	baseURL := absURL(base)
	if baseURL == nil {
		baseURL = absURL(doc.Link)
	}
	outlet := feedOutlet(doc.Title)
	var items []feedItem
	for i, it := range doc.Items {
		if it == nil {
			continue
		}
		itemOutlet, from := outlet, outletFromFeed
		if i < len(doc.sources) {
			if o := normalizeOutlet(normalizeLine(doc.sources[i])); o != "" {
				itemOutlet, from = o, outletFromItem
			}
		}
		link := it.Link
		for _, l := range it.Links {
			if link == "" {
				link = l
			}
		}
		if link == "" && isHTTPURL(it.GUID) {
			link = it.GUID // an RSS guid is a permalink unless it says not
		}
		link = resolveLink(baseURL, link)
		body, descOnly := it.Content, false
		if strings.TrimSpace(markupText(body)) == "" {
			body, descOnly = it.Description, true
		}
		blocks := markupBlocks(body)
		if from < outletFromText {
			if o := detectOutlet(splitLines(blocks)); o != "" {
				itemOutlet, from = o, outletFromText
			}
		}
		if itemOutlet == "" {
			itemOutlet, from = hostOutlet(link), outletFromHost
			if itemOutlet == "" && baseURL != nil {
				itemOutlet = hostOutlet(baseURL.String())
			}
		}
		title := cleanTitle(normalizeLine(markupText(it.Title)), itemOutlet)
		text := Clean(dropFeedFooters(blocks), title)
		if text == "" && link == "" && title == "" {
			continue // nothing to read and nowhere to read it
		}
		id := ""
		if c, err := CanonicalURL(link); err == nil {
			id = c
		} else if g := strings.TrimSpace(it.GUID); g != "" {
			id = g
		} else {
			id = feedURL + "#" + title
		}
		a := news.Article{
			ID:        id,
			Title:     title,
			Outlet:    itemOutlet,
			URL:       cleanLink(link),
			Published: itemTime(it),
			Text:      text,
			Feed:      feedURL,
		}
		if link == "" {
			a.URL = feedURL
		}
		teaser := descOnly || news.CountWords(text) < teaserWords
		a.Teaser = teaser
		declared := doc.Language
		if it.DublinCoreExt != nil && len(it.DublinCoreExt.Language) > 0 {
			declared = declaredLanguage(it.DublinCoreExt.Language[0], doc.Language)
		}
		items = append(items, feedItem{art: a, link: link, teaser: teaser, outletFrom: from, declared: declared})
	}
	return items
}

// itemTime is when the item was published, else updated; zero when the
// feed does not say.
func itemTime(it *gofeed.Item) time.Time {
	if it.PublishedParsed != nil {
		return *it.PublishedParsed
	}
	if it.UpdatedParsed != nil {
		return *it.UpdatedParsed
	}
	return time.Time{}
}

// reFeedSection matches the separator between a publication's name and a
// section in a feed title: "The Valley Times - Local", "NYT > World",
// "Reuters: Top News".
var reFeedSection = lazyCompile(` (?:-|–|—|\||>|»|::|·) |: `)

// feedOutlet returns the publication a feed title names: the title
// without a section after a separator ("The Valley Times – Local" is "The
// Valley Times"), or before it when that part is only a section's name
// ("World news | The Guardian" is "The Guardian"), normalized like other
// outlet names (see normalizeOutlet). A title that is only a section's name
// ("Top Stories") names no publication.
func feedOutlet(title string) string {
	title = normalizeLine(markupText(title))
	locs := reFeedSection.FindAllStringIndex(title, -1)
	if len(locs) == 0 || locs[0][0] == 0 {
		if isSectionName(title) {
			return "" // "Top Stories", "Latest News": no publication
		}
		return normalizeOutlet(title)
	}
	var parts []string
	start := 0
	for _, loc := range locs {
		parts = append(parts, title[start:loc[0]])
		start = loc[1]
	}
	parts = append(parts, title[start:])
	if isSectionName(parts[0]) {
		for i := len(parts) - 1; i > 0; i-- {
			if !isSectionName(parts[i]) {
				return normalizeOutlet(parts[i])
			}
		}
	}
	return normalizeOutlet(parts[0])
}

// sectionWords are the words of a news site's section names.
var sectionWords = wordSet("news", "world", "us", "u.s.", "uk", "local", "top", "stories", "story", "headlines",
	"latest", "breaking", "politics", "business", "sport", "sports", "opinion", "opinions", "technology", "tech",
	"science", "health", "entertainment", "culture", "arts", "lifestyle", "life", "travel", "home", "front", "page",
	"all", "the", "and", "&", "of", "from", "in", "feed", "rss", "national", "international", "economy",
	"environment", "climate", "education", "weather", "video", "videos", "podcast", "podcasts", "blog", "blogs",
	"europe", "asia", "africa", "americas", "australia", "us-news", "uk-news", "world-news", "money", "markets",
	"media", "books", "music", "film", "food", "style", "fashion", "society", "comment", "analysis", "features",
	"most", "popular", "recent", "articles", "posts", "updates", "live", "today", "daily")

// isSectionName reports whether every word of s is a section word: "US
// news", "Top Stories", "World".
func isSectionName(s string) bool {
	words := strings.Fields(strings.ToLower(s))
	for _, w := range words {
		if !sectionWords[strings.Trim(w, ",.:;!?")] {
			return false
		}
	}
	return len(words) > 0
}

// hostOutlet is the outlet of last resort: the host of a URL without its
// "www." or mobile prefix.
func hostOutlet(raw string) string {
	u, err := parseHTTP(raw)
	if err != nil {
		return ""
	}
	return stripHostPrefixes(u.Hostname())
}

// absURL parses an absolute http(s) URL; nil otherwise.
func absURL(s string) *url.URL {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" || u.Scheme != "http" && u.Scheme != "https" {
		return nil
	}
	return u
}

// isHTTPURL reports whether s is an absolute http(s) URL.
func isHTTPURL(s string) bool { return absURL(s) != nil }

// resolveLink makes a feed's link absolute against base; a link that is
// still not an http(s) URL is dropped.
func resolveLink(base *url.URL, link string) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Host == "" || u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	return u.String()
}

// markupText returns the text of a string that may hold HTML (a feed's
// title): tags dropped, entities decoded, spaces collapsed.
func markupText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.Join(strings.Fields(s), " ")
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return strings.Join(strings.Fields(s), " ")
	}
	return textOf(doc)
}

// lastInBlock reports whether no text follows n in its parent.
func lastInBlock(n *html.Node) bool {
	for s := n.NextSibling; s != nil; s = s.NextSibling {
		if strings.TrimSpace(textOf(s)) != "" || s.Type == html.TextNode && strings.TrimSpace(s.Data) != "" {
			return false
		}
	}
	return true
}

// moreMarker is the link or marker that closes a feed's teaser: "Read
// more »", "Continue reading →", "[…]".
const moreMarker = `(?:\[(?:…|\.\.\.)\]|(?:…|\.\.\.)?\s*(?:read more|continue reading|read the (?:full|rest of the) (?:story|article|post)|keep reading)(?:\s*[»›→>]|\s*(?:…|\.\.\.))*)`

var (
	// reMoreLink matches a marker at the end of a line.
	reMoreLink = lazyCompile(`(?i)\s*` + moreMarker + `\s*$`)
	// reMoreOnly matches a link's text that is only a marker.
	reMoreOnly = lazyCompile(`(?i)^\s*` + moreMarker + `\s*$`)
)

// markupBlocks renders the HTML of a feed item's content one block per
// line, as a page's article is rendered, without the "Read more" link
// that closes a teaser; plain text is returned as it is, without such a
// marker at its end.
func markupBlocks(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return reMoreLink.ReplaceAllString(s, "")
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return s
	}
	dropMoreLinks(doc)
	lines := strings.Split(renderBlocks(doc), "\n")
	for i, l := range lines {
		lines[i] = reMoreLink.ReplaceAllString(l, "")
	}
	return strings.Join(lines, "\n")
}

// dropMoreLinks removes the links whose whole text is a "Read more"
// marker and that close their block.
func dropMoreLinks(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && c.DataAtom == atom.A && reMoreOnly.MatchString(textOf(c)) && lastInBlock(c) {
			n.RemoveChild(c)
		} else {
			dropMoreLinks(c)
		}
		c = next
	}
}

// reFeedFooter matches the lines that feed generators append to an item:
// "The post … appeared first on …".
var reFeedFooter = lazyCompile(`^(?:The post .{1,300} appeared first on .{1,120}|This (?:entry|post) was posted in .{1,200})$`)

// dropFeedFooters removes the lines that feed generators append to an
// item's content.
func dropFeedFooters(text string) string {
	if !strings.Contains(text, "appeared first on") && !strings.Contains(text, "was posted in") {
		return text
	}
	lines := strings.Split(text, "\n")
	kept := lines[:0]
	for _, l := range lines {
		if reFeedFooter.MatchString(strings.TrimSpace(l)) {
			continue
		}
		kept = append(kept, l)
	}
	return strings.Join(kept, "\n")
}
