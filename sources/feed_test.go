package sources

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources/clean"
	"github.com/digestbot/digestbot/sources/feed"
	"github.com/digestbot/digestbot/sources/fetch"
	"github.com/digestbot/digestbot/sources/page"
)

// loadBody reads a body as Load reads a fetched one, without fetching
// anything: teasers are kept.
func loadBody(u, contentType string, data []byte, feedsOnly bool) outcome {
	l := &loader{ctx: context.Background(), opts: LoadOptions{Workers: 1, FeedsOnly: feedsOnly}, sem: make(chan struct{}, 1)}
	return l.body(u, &fetch.Response{URL: u, Status: 200, ContentType: contentType, Body: data}, hop{discover: true})
}

func TestFeedEncodings(t *testing.T) {
	const item = "<item><title>Le café rouvre</title><link>https://echo.example/cafe</link><description>Le café du port a rouvert lundi après deux ans de travaux.</description></item>"
	latin1 := func(s string) []byte {
		b, err := charmap.ISO8859_1.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name        string
		contentType string
		data        []byte
	}{
		{"UTF-8", "application/rss+xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>L'Écho</title>` + item + `</channel></rss>`)},
		{"Latin-1 declared", "application/rss+xml", latin1(`<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>L'Écho</title>` + item + `</channel></rss>`)},
		{"Latin-1 in the header only", "application/rss+xml; charset=iso-8859-1", latin1(`<?xml version="1.0"?><rss version="2.0"><channel><title>L'Écho</title>` + item + `</channel></rss>`)},
		{"Windows-1252 with a wrong UTF-8 prolog", "text/xml", latin1(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>L'Écho</title>` + item + `</channel></rss>`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := loadBody("https://echo.example/rss", tt.contentType, tt.data, false)
			if len(out.errs) != 0 || len(out.arts) != 1 {
				t.Fatalf("load = %d articles, errors %q; want 1", len(out.arts), out.errs)
			}
			a := out.arts[0]
			if a.Title != "Le café rouvre" || a.Outlet != "L'Écho" || a.Text != "Le café du port a rouvert lundi après deux ans de travaux." || !a.Teaser {
				t.Errorf("article = %q, %q, %q, teaser %v", a.Title, a.Outlet, a.Text, a.Teaser)
			}
		})
	}
}

func TestFeedItems(t *testing.T) {
	long := strings.Repeat("The harbor authority said the pier would stay open through the summer season. ", 12)
	tests := []struct {
		name string
		feed string
		want []news.Article
	}{
		{"RSS 1.0 with dc:date", `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://bayport.example/"><title>Bayport Courier</title><link>https://bayport.example/</link></channel>
<item rdf:about="https://bayport.example/a"><title>Pier reopens on Monday</title><link>https://bayport.example/a?utm_source=rss</link>
<description>` + long + `</description><dc:date>2025-05-12T08:30:00Z</dc:date></item>
</rdf:RDF>`, []news.Article{{ID: "https://bayport.example/a", URL: "https://bayport.example/a", Title: "Pier reopens on Monday", Outlet: "Bayport Courier",
			Published: time.Date(2025, 5, 12, 8, 30, 0, 0, time.UTC), Text: strings.TrimSpace(long), Teaser: true}}},
		{"aggregator item names its source", `<rss version="2.0"><channel><title>Harbor News Roundup</title><link>https://roundup.example/</link>
<item><title>Storm to bring heavy rain - Continental Press</title><link>https://wire.example/storm</link><source url="https://wire.example/rss">Continental Press</source>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>` + long + `</p>]]></content:encoded></item>
</channel></rss>`, []news.Article{{ID: "https://wire.example/storm", URL: "https://wire.example/storm", Title: "Storm to bring heavy rain", Outlet: "Continental Press",
			Text: strings.TrimSpace(long)}}},
		{"relative link resolved against the feed's own link; GUID permalink", `<rss version="2.0"><channel><title>Valley Times</title><link>https://valley.example/local/</link>
<item><title>School board delays start-time change</title><link>../news/start-times</link><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">` + long + `</content:encoded></item>
<item><title>Farmers market moves</title><guid>https://valley.example/market</guid><description>` + long + `</description></item>
<item><title>Note without a link</title><guid isPermaLink="false">note-17</guid><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">` + long + `</content:encoded></item>
<item><title>Podcast episode 12</title><enclosure url="https://valley.example/ep12.mp3" type="audio/mpeg" length="1"/></item>
</channel></rss>`, []news.Article{
			{ID: "https://valley.example/news/start-times", URL: "https://valley.example/news/start-times", Title: "School board delays start-time change", Outlet: "Valley Times", Text: strings.TrimSpace(long)},
			{ID: "https://valley.example/market", URL: "https://valley.example/market", Title: "Farmers market moves", Outlet: "Valley Times", Text: strings.TrimSpace(long), Teaser: true},
			{ID: "note-17", URL: "feed.xml", Title: "Note without a link", Outlet: "Valley Times", Text: strings.TrimSpace(long)},
		}},
		{"Atom xhtml content, updated date only", `<feed xmlns="http://www.w3.org/2005/Atom"><title>Metro Wire Daily</title>
<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Transit agency adds <em>late-night</em> buses</div></title>
<link href="https://metro.example/bus"/><id>urn:uuid:1</id><updated>2025-05-09T15:20:00-04:00</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>` + long + `</p><figure><img src="x.jpg"/><figcaption>Buses wait at the depot on Friday, May 9, 2025. (Photo: Metro Wire)</figcaption></figure></div></content></entry></feed>`,
			[]news.Article{{ID: "https://metro.example/bus", URL: "https://metro.example/bus", Title: "Transit agency adds late-night buses", Outlet: "Metro Wire Daily",
				Published: time.Date(2025, 5, 9, 19, 20, 0, 0, time.UTC), Text: strings.TrimSpace(long)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &loader{ctx: context.Background(), opts: LoadOptions{Workers: 1}, sem: make(chan struct{}, 1)}
			data := []byte(tt.feed)
			out := l.feed("feed.xml", "", data, "", feed.Detect(data, feed.Root(data)), func() {})
			if len(out.errs) != 0 {
				t.Errorf("feed errors: %q", out.errs)
			}
			if len(out.arts) != len(tt.want) {
				t.Fatalf("feed = %q; want %q", titles(out.arts), titles(tt.want))
			}
			for i, w := range tt.want {
				w.Feed = "feed.xml"
				w.Language = "en" // every item's text is English
				g := out.arts[i]
				if !g.Published.Equal(w.Published) {
					t.Errorf("item %d published %v; want %v", i, g.Published, w.Published)
				}
				g.Published, w.Published = time.Time{}, time.Time{}
				if g != w {
					t.Errorf("item %d =\n%+v\nwant\n%+v", i, g, w)
				}
			}
		})
	}
}

func TestFeedErrors(t *testing.T) {
	tests := []struct {
		name, data string
		feedsOnly  bool
		err        string
		sentinel   error
	}{
		{"malformed RSS", `<rss version="2.0"><channel><title>x</title><item><title>a</item></channel>`, false, "parse feed https://x.example/rss: ", nil},
		{"HTML where a feed was wanted", "<!DOCTYPE html><html><body><p>Moved.</p></body></html>", true, "parse feed https://x.example/rss: not a feed (text/html)", feed.ErrNotFeed},
		{"text where a feed was wanted", "Service unavailable, try again later.", true, "parse feed https://x.example/rss: not a feed (text/plain)", feed.ErrNotFeed},
		{"sitemap", `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.example/</loc></url></urlset>`, false,
			"extract https://x.example/rss: unsupported content (application/xml)", fetch.ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct := "text/plain"
			out := loadBody("https://x.example/rss", ct, []byte(tt.data), tt.feedsOnly)
			if len(out.arts) != 0 || len(out.errs) != 1 || !strings.HasPrefix(out.errs[0].Error(), tt.err) || !out.failed {
				t.Fatalf("load(%q) = %d articles, errors %q; want the error %q", tt.data, len(out.arts), out.errs, tt.err)
			}
			if tt.sentinel != nil && !errors.Is(out.errs[0], tt.sentinel) {
				t.Errorf("error %q does not wrap %v", out.errs[0], tt.sentinel)
			}
		})
	}
}

// FuzzFeed feeds arbitrary bodies to the path a fetched URL takes (feed,
// page, list or text, nothing fetched). Run with
//
//	go test ./sources -run '^$' -fuzz FuzzFeed -fuzztime 1m
//
// Its seed corpus is in testdata/fuzz/FuzzFeed.
func FuzzFeed(f *testing.F) {
	for _, name := range []string{"top.rss", "valley.atom", "local.json", "harbor-pier.html", "subscriptions.opml"} {
		if data, err := os.ReadFile(filepath.Join("testdata", "web", name)); err == nil {
			f.Add(data, false)
		}
	}
	f.Add([]byte(`<rss><channel><item><title>&amp;lt;b&amp;gt;</title><description><![CDATA[<p>x]]></description></item></channel></rss>`), true)
	f.Fuzz(func(t *testing.T, data []byte, feedsOnly bool) {
		out := loadBody("https://fuzz.example/feed", "", data, feedsOnly)
		if out.failed != (len(out.arts) == 0 && len(out.errs) > 0) && out.failed {
			t.Fatalf("failed outcome with articles: %+v", out)
		}
		for _, a := range out.arts {
			for _, s := range []string{a.Title, a.Outlet, a.URL, a.ID, a.Text, a.Feed} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in %+v", a)
				}
			}
			if strings.Contains(a.Title, "\n") || a.Text == "" {
				t.Fatalf("bad article %+v", a)
			}
			if a.Text != clean.Clean(a.Text, a.Title) {
				t.Fatalf("text not clean: %q", a.Text)
			}
		}
		for _, err := range out.errs {
			if err == nil || !utf8.ValidString(err.Error()) {
				t.Fatalf("bad error %v", err)
			}
		}
	})
}

// seedPage wraps an article's paragraphs in the markup of a news page:
// consent banner, navigation, share bar, figure, ads between paragraphs,
// a paywall prompt, related links, comments and a footer.
func seedPage(title string, paras []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s | Harbor Herald</title>
<meta property="og:site_name" content="Harbor Herald"><meta property="og:title" content="%s"></head><body>
<div class="consent"><p>We use cookies to improve your experience on our site.</p><button>Accept all</button><button>Manage preferences</button></div>
<header><a href="/">Harbor Herald</a><nav><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<main><article><h1>%s</h1><div class="byline">By Staff Reporter | <time>May 12, 2025</time></div>
<div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
<figure><img src="/lead.jpg" alt=""><figcaption>Delegates arrive for the meeting on Tuesday, Jan. 6, 2026. (Photo: Harbor Herald)</figcaption></figure>
<div class="article-body">
`, html.EscapeString(title), html.EscapeString(title), html.EscapeString(title))
	for i, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
		switch i {
		case 1:
			b.WriteString(`<div class="ad"><span>Advertisement</span></div>` + "\n")
		case 3:
			b.WriteString(`<div class="paywall"><p>Already have an account? Sign in.</p><p>You have reached your limit of free articles.</p></div>` + "\n")
		case 5:
			b.WriteString(`<div class="newsletter"><p>Sign up for our daily newsletter to get the top stories in your inbox.</p></div>` + "\n")
		}
	}
	b.WriteString(`</div><aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Ministers gather for talks in Brussels</a></li>
<li><a href="/b">Markets steady ahead of the summit</a></li><li><a href="/c">What to watch this week</a></li></ul></aside></article>
<section class="comments"><h2>12 Comments</h2><div class="comment"><b>harborwatcher</b><p>Great reporting as always, keep it up!</p></div></section></main>
<footer><ul><li><a href="/about">About</a></li><li><a href="/privacy">Privacy</a></li></ul><p>© 2025 Harbor Herald. All rights reserved.</p></footer></body></html>`)
	return b.String()
}

// TestSeedPages wraps the text of each seed article of ../shared (real
// news under its outlet's copyright, read in place and never copied into
// the repository) in a page template at test time, serves it, and checks
// that Load keeps every paragraph and none of the template's boilerplate.
func TestSeedPages(t *testing.T) {
	needShared(t)
	seeds, _ := filepath.Glob(filepath.Join(sharedDir, "seeds", "*.txt"))
	if len(seeds) == 0 {
		t.Skipf("no seeds in %s", filepath.Join(sharedDir, "seeds"))
	}
	pages := make(map[string]string)
	wants := make(map[string][]string)
	for _, path := range seeds {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		a, err := page.Parse(path, data)
		if err != nil {
			t.Fatalf("Parse(%s): %v", path, err)
		}
		title := a.Title
		if title == "" {
			title = "Seed article " + filepath.Base(path)
		}
		paras := strings.Split(a.Text, "\n")
		name := "/" + strings.TrimSuffix(filepath.Base(path), ".txt")
		pages[name] = seedPage(title, paras)
		wants[name] = paras
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(p))
	}))
	defer srv.Close()
	for name, want := range wants {
		t.Run(strings.TrimPrefix(name, "/"), func(t *testing.T) {
			arts, errs := Load(context.Background(), []string{srv.URL + name}, LoadOptions{Getter: testClient()})
			if len(errs) != 0 || len(arts) != 1 {
				t.Fatalf("Load = %d articles, errors %q", len(arts), errs)
			}
			got := strings.Split(arts[0].Text, "\n")
			// Every paragraph is kept, in order (compared by clean.NormKey:
			// the page may join a list item's marker differently).
			k := 0
			for i, p := range want {
				for k < len(got) && clean.NormKey(got[k]) != clean.NormKey(p) {
					k++
				}
				if k == len(got) {
					t.Errorf("paragraph %d of %d lost or out of order (%d words)", i+1, len(want), clean.WordCount(p))
					k = 0
				}
			}
			for _, b := range []string{"We use cookies", "Accept all", "Already have an account", "limit of free articles",
				"Sign up for our daily newsletter", "Related stories", "Ministers gather", "Comments", "Great reporting",
				"All rights reserved", "Photo: Harbor Herald", "By Staff Reporter", "Advertisement"} {
				if strings.Contains(arts[0].Text, b) {
					t.Errorf("text holds boilerplate %q", b)
				}
			}
			if arts[0].Outlet != "Harbor Herald" {
				t.Errorf("outlet = %q; want Harbor Herald", arts[0].Outlet)
			}
		})
	}
}

// The articles in ../shared are real scraped news under their outlets'
// copyright: the tests read them in place and never copy their text into
// the repository.

// sharedDir is the evaluation data next to the repository.
var sharedDir = filepath.Join("..", "..", "shared")

func needShared(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(sharedDir); err != nil {
		t.Skipf("evaluation data not found at %s (it is not part of the repository): %v", sharedDir, err)
	}
}
