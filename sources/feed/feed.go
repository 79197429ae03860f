package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	atomfeed "github.com/mmcdole/gofeed/atom"
	jsonfeed "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources/clean"
	"github.com/digestbot/digestbot/sources/fetch"
	"github.com/digestbot/digestbot/sources/internal/lazyre"
	"github.com/digestbot/digestbot/sources/page"
)

// ErrNotFeed is returned when a resource expected to be a feed is not.
var ErrNotFeed = errors.New("not a feed")

// teaserWords is the length under which a feed item's text is taken for a
// teaser of its article, and the page is read instead.
const teaserWords = 80

// Format is the format of a feed, as its content says.
type Format int

// The formats Detect tells apart.
const (
	// NotFeed is content that is not a feed.
	NotFeed Format = iota
	// RSS is RSS 2.0 or RSS 1.0 (RDF).
	RSS
	// Atom is an Atom feed.
	Atom
	// JSON is a JSON Feed.
	JSON
)

// sniffPeek is how many leading bytes are read to find an XML document's
// root element.
const sniffPeek = 64 << 10

// Root returns the lower-cased local name of the root element of an
// XML (or HTML) document, "" when data does not start like markup. Only
// the first sniffPeek bytes are read.
func Root(data []byte) string {
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

// Detect returns the format of a feed judged by its content: an XML
// root element rss, rdf:RDF or feed, or a JSON object with a JSON Feed
// version. root is Root(data).
func Detect(data []byte, root string) Format {
	switch root {
	case "rss", "rdf":
		return RSS
	case "feed":
		return Atom
	case "":
		if isJSONFeed(data) {
			return JSON
		}
	}
	return NotFeed
}

// Doc is a parsed feed: the universal form and, per item, the
// publication an aggregator names as the item's source.
type Doc struct {
	*gofeed.Feed
	sources []string
}

// ParseDoc parses a feed of a known format. gofeed runs on untrusted
// input: a panic in it is returned as an error.
func ParseDoc(data []byte, format Format) (doc Doc, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("feed parser failed: %v", r)
		}
	}()
	r := bytes.NewReader(data)
	switch format {
	case RSS:
		rf, err := (&rss.Parser{}).Parse(r)
		if err != nil {
			return Doc{}, err
		}
		f, err := (&gofeed.DefaultRSSTranslator{DisableContentImageScan: true}).Translate(rf)
		if err != nil {
			return Doc{}, err
		}
		doc = Doc{Feed: f, sources: make([]string, len(f.Items))}
		for i, it := range rf.Items {
			if i < len(doc.sources) && it != nil && it.Source != nil {
				doc.sources[i] = it.Source.Title
			}
		}
	case Atom:
		af, err := (&atomfeed.Parser{}).Parse(r)
		if err != nil {
			return Doc{}, err
		}
		f, err := (&gofeed.DefaultAtomTranslator{}).Translate(af)
		if err != nil {
			return Doc{}, err
		}
		doc = Doc{Feed: f, sources: make([]string, len(f.Items))}
		for i, e := range af.Entries {
			if i < len(doc.sources) && e != nil && e.Source != nil {
				doc.sources[i] = e.Source.Title
			}
		}
	case JSON:
		jf, err := (&jsonfeed.Parser{}).Parse(r)
		if err != nil {
			return Doc{}, err
		}
		f, err := (&gofeed.DefaultJSONTranslator{}).Translate(jf)
		if err != nil {
			return Doc{}, err
		}
		doc = Doc{Feed: f, sources: make([]string, len(f.Items))}
	default:
		return Doc{}, ErrNotFeed
	}
	return doc, nil
}

// Item is one item of a feed on its way to an Article.
type Item struct {
	// Art is the item as an article.
	Art news.Article
	// Link is the absolute URL of the item's page; "" when it has none.
	Link string
	// Teaser reports that Art.Text is only a summary: the page is to be
	// read.
	Teaser bool
	// OutletFrom is where Art.Outlet comes from: the item's page names
	// its outlet better unless the item itself did.
	OutletFrom OutletSource
	// Declared is the language the item (dc:language) or else its feed
	// (<language>, xml:lang, JSON Feed's language) declares: a hint to the
	// detection of Art.Language, which the loader sets once it knows the
	// text, the page's or the teaser.
	Declared string
}

// OutletSource is where a feed item's outlet was found, weakest first.
type OutletSource int

// Where an item's outlet was found, weakest first.
const (
	// OutletFromHost is the host of the item's link, or of the feed.
	OutletFromHost OutletSource = iota
	// OutletFromFeed is the feed's title.
	OutletFromFeed
	// OutletFromText is the item's text ("(Reuters) -", "© 2024 AP").
	OutletFromText
	// OutletFromItem is the item's <source>, as aggregators give it.
	OutletFromItem
)

// Items turns a feed's items into articles. feedURL names the feed
// (Article.Feed, errors); base resolves relative links (the URL the feed
// was read from, after redirects; "" for a file, where the feed's own
// link is used).
func Items(doc Doc, feedURL, base string) []Item {
	baseURL := fetch.AbsURL(base)
	if baseURL == nil {
		baseURL = fetch.AbsURL(doc.Link)
	}
	outlet := feedOutlet(doc.Title)
	var items []Item
	for i, it := range doc.Items {
		if it == nil {
			continue
		}
		itemOutlet, from := outlet, OutletFromFeed
		if i < len(doc.sources) {
			if o := page.NormalizeOutlet(clean.NormalizeLine(doc.sources[i])); o != "" {
				itemOutlet, from = o, OutletFromItem
			}
		}
		link := it.Link
		for _, l := range it.Links {
			if link == "" {
				link = l
			}
		}
		if link == "" && fetch.IsHTTPURL(it.GUID) {
			link = it.GUID // an RSS guid is a permalink unless it says not
		}
		link = fetch.ResolveLink(baseURL, link)
		body, descOnly := it.Content, false
		if strings.TrimSpace(page.MarkupText(body)) == "" {
			body, descOnly = it.Description, true
		}
		blocks := markupBlocks(body)
		if from < OutletFromText {
			if o := page.DetectOutlet(clean.SplitLines(blocks)); o != "" {
				itemOutlet, from = o, OutletFromText
			}
		}
		if itemOutlet == "" {
			itemOutlet, from = fetch.SiteHost(link), OutletFromHost
			if itemOutlet == "" && baseURL != nil {
				itemOutlet = fetch.SiteHost(baseURL.String())
			}
		}
		title := page.CleanTitle(clean.NormalizeLine(page.MarkupText(it.Title)), itemOutlet)
		text := clean.Clean(dropFeedFooters(blocks), title)
		if text == "" && link == "" && title == "" {
			continue // nothing to read and nowhere to read it
		}
		id := ""
		if c, err := fetch.CanonicalURL(link); err == nil {
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
			URL:       fetch.CleanLink(link),
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
			declared = page.DeclaredLanguage(it.DublinCoreExt.Language[0], doc.Language)
		}
		items = append(items, Item{Art: a, Link: link, Teaser: teaser, OutletFrom: from, Declared: declared})
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
var reFeedSection = lazyre.New(` (?:-|–|—|\||>|»|::|·) |: `)

// feedOutlet returns the publication a feed title names: the title
// without a section after a separator ("The Valley Times – Local" is "The
// Valley Times"), or before it when that part is only a section's name
// ("World news | The Guardian" is "The Guardian"), normalized like other
// outlet names (see page.NormalizeOutlet). A title that is only a section's name
// ("Top Stories") names no publication.
func feedOutlet(title string) string {
	title = clean.NormalizeLine(page.MarkupText(title))
	locs := reFeedSection.FindAllStringIndex(title, -1)
	if len(locs) == 0 || locs[0][0] == 0 {
		if isSectionName(title) {
			return "" // "Top Stories", "Latest News": no publication
		}
		return page.NormalizeOutlet(title)
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
				return page.NormalizeOutlet(parts[i])
			}
		}
	}
	return page.NormalizeOutlet(parts[0])
}

// sectionWords are the words of a news site's section names.
var sectionWords = clean.WordSet("news", "world", "us", "u.s.", "uk", "local", "top", "stories", "story", "headlines",
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

// lastInBlock reports whether no text follows n in its parent.
func lastInBlock(n *html.Node) bool {
	for s := n.NextSibling; s != nil; s = s.NextSibling {
		if strings.TrimSpace(page.TextOf(s)) != "" || s.Type == html.TextNode && strings.TrimSpace(s.Data) != "" {
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
	reMoreLink = lazyre.New(`(?i)\s*` + moreMarker + `\s*$`)
	// reMoreOnly matches a link's text that is only a marker.
	reMoreOnly = lazyre.New(`(?i)^\s*` + moreMarker + `\s*$`)
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
	lines := strings.Split(page.RenderBlocks(doc), "\n")
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
		if c.Type == html.ElementNode && c.DataAtom == atom.A && reMoreOnly.MatchString(page.TextOf(c)) && lastInBlock(c) {
			n.RemoveChild(c)
		} else {
			dropMoreLinks(c)
		}
		c = next
	}
}

// reFeedFooter matches the lines that feed generators append to an item:
// "The post … appeared first on …".
var reFeedFooter = lazyre.New(`^(?:The post .{1,300} appeared first on .{1,120}|This (?:entry|post) was posted in .{1,200})$`)

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

// reXMLEncoding finds the encoding an XML declaration names.
var reXMLEncoding = lazyre.New(`^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// UTF8 prepares a feed's bytes for the parser: a feed that is not
// valid UTF-8 and whose XML declaration names no other encoding is
// decoded with the charset of its Content-Type (else Windows-1252), so
// that a Latin-1 feed served with "charset=ISO-8859-1" and no declaration
// reads right. A declared encoding is left to the parser.
func UTF8(data []byte, contentType string) []byte {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if utf8.Valid(data) {
		return data
	}
	if m := reXMLEncoding.FindSubmatch(data[:min(len(data), 300)]); m != nil && !strings.EqualFold(string(m[1]), "utf-8") {
		return data
	}
	text, err := page.DecodeBody("", data, contentType)
	if err != nil {
		return data
	}
	return []byte(text)
}
