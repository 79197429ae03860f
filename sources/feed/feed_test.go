package feed

import (
	"slices"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/sources/clean"
)

func TestDetectFeed(t *testing.T) {
	tests := []struct {
		name string
		data string
		want Format
		root string
	}{
		{"RSS 2.0", `<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>`, RSS, "rss"},
		{"RSS with BOM and comment", "\xEF\xBB\xBF\n<!-- generator -->\n<?xml-stylesheet href=\"/feed.xsl\"?>\n<rss><channel/></rss>", RSS, "rss"},
		{"RSS 1.0", `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel/></rdf:RDF>`, RSS, "rdf"},
		{"Atom", `<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>`, Atom, "feed"},
		{"Latin-1 declared", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Caf\xe9</title></channel></rss>", RSS, "rss"},
		{"JSON Feed 1.1", `{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": []}`, JSON, ""},
		{"JSON Feed 1 over http", ` {"title": "x", "version": "http://jsonfeed.org/version/1", "items": []}`, JSON, ""},
		{"other JSON", `{"version": "2.1", "items": []}`, NotFeed, ""},
		{"JSON array", `[{"version": "https://jsonfeed.org/version/1.1"}]`, NotFeed, ""},
		{"HTML", "<!DOCTYPE html>\n<html><head><title>Feed</title></head><body><rss>no</rss></body></html>", NotFeed, "html"},
		{"XHTML", `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>`, NotFeed, "html"},
		{"OPML", `<?xml version="1.0"?><opml version="2.0"><body/></opml>`, NotFeed, "opml"},
		{"sitemap", `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>`, NotFeed, "urlset"},
		{"text mentioning rss", "Our <rss> feed moved.", NotFeed, ""},
		{"empty", "", NotFeed, ""},
		{"PDF", "%PDF-1.7\n", NotFeed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := Root([]byte(tt.data))
			if got := Detect([]byte(tt.data), root); got != tt.want || root != tt.root {
				t.Errorf("detectFeed(%q) = %v, root %q; want %v, %q", tt.data, got, root, tt.want, tt.root)
			}
		})
	}
}

func TestFeedOutlet(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Bayport Courier - Top Stories", "Bayport Courier"},
		{"The Valley Times — Local", "The Valley Times"},
		{"NYT > World News", "NYT"},
		{"Reuters: World News", "Reuters"},
		{"Associated Press | Top headlines", "AP"},
		{"BBC News", "BBC News"},
		{"Metro &amp; Harbor <b>Daily</b>", "Metro & Harbor Daily"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := feedOutlet(tt.in); got != tt.want {
			t.Errorf("feedOutlet(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestMarkupBlocks(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<p>The council voted 6-1 to add bike lanes. <a href="/x">Read more »</a></p>`, "The council voted 6-1 to add bike lanes."},
		{`<p>The pier reopened on Monday […]</p>`, "The pier reopened on Monday"},
		{`The pier reopened on Monday. Continue reading →`, "The pier reopened on Monday."},
		{`<p>One.</p><p>Two, <a href="/more">more than</a> three.</p>`, "One.\nTwo, more than three."},
		{`Ham &amp; eggs`, "Ham & eggs"},
		{`<p>Readers should <a href="/read-more">read more</a> books, the librarian said.</p>`, "Readers should read more books, the librarian said."},
	}
	for _, tt := range tests {
		got := strings.Join(clean.SplitLines(markupBlocks(tt.in)), "\n")
		got = strings.TrimSpace(got)
		var lines []string
		for _, l := range strings.Split(got, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
		if got := strings.Join(lines, "\n"); got != tt.want {
			t.Errorf("markupBlocks(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestSubscriptionList(t *testing.T) {
	tests := []struct {
		name string
		data string
		urls []string
		errs int
		ok   bool
	}{
		{"URLs and comments", "# morning\nhttps://a.example/feed\n\nhttp://b.example/rss  # B\n", []string{"https://a.example/feed", "http://b.example/rss"}, 0, true},
		{"one URL", "https://a.example/story\n", []string{"https://a.example/story"}, 0, true},
		{"duplicates", "https://a.example/feed\nhttps://a.example/feed\n", []string{"https://a.example/feed"}, 0, true},
		{"a bad line", "https://a.example/feed\nfeeds.example/rss\nhttps://c.example/feed\n", []string{"https://a.example/feed", "https://c.example/feed"}, 1, true},
		{"article text", "The pier reopened on Monday.\nhttps://a.example/story\n", nil, 0, false},
		{"mostly not URLs", "one\ntwo\nhttps://a.example/feed\n", nil, 0, false},
		{"no URL", "# nothing\n", nil, 0, false},
		{"OPML", `<opml><body><outline text="x"><outline xmlUrl="https://a.example/feed"/><outline xmlUrl="javascript:x"/></outline></body></opml>`, []string{"https://a.example/feed"}, 1, true},
		{"HTML", "<html><body><p>https://a.example/feed</p></body></html>", nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			urls, errs, ok := SubscriptionList("list", []byte(tt.data))
			if ok != tt.ok || !slices.Equal(urls, tt.urls) || len(errs) != tt.errs {
				t.Errorf("subscriptionList(%q) = %q, %q, %v; want %q, %d errors, %v", tt.data, urls, errs, ok, tt.urls, tt.errs, tt.ok)
			}
		})
	}
}

func TestFeedOutletSections(t *testing.T) {
	tests := []struct{ in, want string }{
		{"US news | The Guardian", "The Guardian"},
		{"World news | The Guardian", "The Guardian"},
		{"Top Stories - Bayport Courier - Local", "Bayport Courier"},
		{"Top Stories", ""},
		{"Latest News", ""},
		{"Bayport Courier - Top Stories", "Bayport Courier"},
		{"tane-valley-radio", ""},
		{"1", ""},
	}
	for _, tt := range tests {
		if got := feedOutlet(tt.in); got != tt.want {
			t.Errorf("feedOutlet(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
