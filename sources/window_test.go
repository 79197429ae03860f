package sources

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/digestbot/digestbot/sources/feed"
	"github.com/digestbot/digestbot/sources/fetch"
)

// articlePage is an HTML page of an invented article: a few sentences
// about item n.
func articlePage(title string, n int) string {
	return fmt.Sprintf(`<!doctype html><html><head><title>%s</title></head><body><article><h1>%s</h1>
<p>The Harwick council voted on Tuesday to approve item number %d of its spending plan for the coming year.</p>
<p>Mayor Dana Whitfield said the vote on item %d kept a promise made to residents of the east bank.</p>
<p>Work will begin next spring and should be finished within two years, the city engineer said.</p></article></body></html>`, title, title, n, n)
}

// windowSite serves /feed.rss with items items, item i published i hours
// before now (undated when dated is false), whose teasers link /a/{i};
// it counts the pages asked for.
func windowSite(t *testing.T, items int, now time.Time, dated bool) (*httptest.Server, *sync.Map) {
	t.Helper()
	hits := &sync.Map{}
	var srv *httptest.Server
	mux := http.NewServeMux()
	mux.HandleFunc("GET /feed.rss", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>Harwick Courier</title><link>%s/</link>`, srv.URL)
		for i := range items {
			date := ""
			if dated {
				date = "<pubDate>" + now.Add(-time.Duration(i)*time.Hour).Format(time.RFC1123Z) + "</pubDate>"
			}
			fmt.Fprintf(&b, "<item><title>Council item %d</title><link>%s/a/%d</link><description>The council met.</description>%s</item>\n", i, srv.URL, i, date)
		}
		b.WriteString("</channel></rss>")
		w.Write([]byte(b.String()))
	})
	mux.HandleFunc("GET /a/{i}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("i"), &n)
		v, _ := hits.LoadOrStore(n, new(atomic.Int32))
		v.(*atomic.Int32).Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, articlePage(fmt.Sprintf("Council item %d", n), n))
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, hits
}

// pagesFetched lists the item pages a windowSite was asked for, in order.
func pagesFetched(hits *sync.Map) []int {
	var out []int
	hits.Range(func(k, v any) bool {
		out = append(out, k.(int))
		return true
	})
	slices.Sort(out)
	return out
}

// TestLoadWindow reads a feed of 30 teasers through windows: only the
// items a window keeps become articles, only their pages are fetched, and
// the feed's report counts the others. Windows names one feed's own.
func TestLoadWindow(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		dated      bool
		window     Window
		own        *Window // Windows[feed], when set
		want       []int   // items kept (and pages fetched)
		old, over  int
		wantNewest time.Time
	}{
		{"no window reads every item", true, Window{}, nil, seq(0, 30), 0, 0, now},
		{"max age", true, Window{MaxAge: 5*time.Hour + 30*time.Minute}, nil, seq(0, 6), 24, 0, now},
		{"max items: the newest", true, Window{MaxItems: 4}, nil, seq(0, 4), 0, 26, now},
		{"both", true, Window{MaxAge: 10 * time.Hour, MaxItems: 3}, nil, seq(0, 3), 19, 8, now},
		{"undated items: max age keeps them, max items the first", false, Window{MaxAge: time.Hour, MaxItems: 5}, nil, seq(0, 5), 0, 25, time.Time{}},
		{"the feed's own window wins", true, Window{MaxItems: 1}, &Window{MaxAge: 2*time.Hour + time.Minute}, seq(0, 3), 27, 0, now},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hits := windowSite(t, 30, now, tt.dated)
			feed := srv.URL + "/feed.rss"
			var reports []FeedReport
			opts := LoadOptions{Getter: testClient(), Window: tt.window, Now: func() time.Time { return now },
				Report: func(r FeedReport) { reports = append(reports, r) }}
			if tt.own != nil {
				opts.Windows = map[string]Window{feed: *tt.own}
			}
			arts, errs := Load(context.Background(), []string{feed}, opts)
			if len(errs) != 0 {
				t.Errorf("errors %q; want none", errs)
			}
			var want []string
			for _, i := range tt.want {
				want = append(want, fmt.Sprintf("Council item %d", i))
			}
			if got := titles(arts); !slices.Equal(got, want) {
				t.Errorf("articles %q; want %q", got, want)
			}
			if got := pagesFetched(hits); !slices.Equal(got, tt.want) {
				t.Errorf("pages fetched %v; want only those of the items kept, %v", got, tt.want)
			}
			if len(reports) != 1 {
				t.Fatalf("%d reports; want 1", len(reports))
			}
			r := reports[0]
			if r.Feed != feed || r.Items != 30 || r.Old != tt.old || r.Over != tt.over || r.TitleOnly != 0 || !r.Newest.Equal(tt.wantNewest) {
				t.Errorf("report %+v; want feed %s, 30 items, %d old, %d over, none title-only, newest %v", r, feed, tt.old, tt.over, tt.wantNewest)
			}
		})
	}
}

func seq(from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

// TestLoadTitleOnly reads feeds whose items carry only a title, as they
// come from reddit (Atom; the content is a table of links), Google News
// (RSS; the description repeats the headline as a link) and Science's RDF
// feed (RSS 1.0; no description at all), with their pages refused (429,
// 403) or empty of text (Google's redirect page). No such item is lost
// without a word: each is counted in its feed's report, and each whose
// page failed has an error naming the page, marked as an item's
// (ItemError) and as an item left out (ErrTitleOnly). An item whose page
// can be read becomes an article as before.
func TestLoadTitleOnly(t *testing.T) {
	var srv *httptest.Server
	mux := http.NewServeMux()
	serve := func(path, ctype, body string) {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			fmt.Fprint(w, strings.ReplaceAll(body, "{{base}}", srv.URL))
		})
	}
	serve("/r/worldnews.rss", "application/atom+xml; charset=UTF-8", `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"><category term="worldnews" label="r/worldnews"/><updated>2026-12-07T20:05:00+00:00</updated><id>/r/worldnews.rss</id><link rel="self" href="{{base}}/r/worldnews.rss" type="application/atom+xml" /><link rel="alternate" href="{{base}}/r/worldnews" type="text/html" /><title>World News</title>
<entry><author><name>/u/harbourwatch</name><uri>{{base}}/user/harbourwatch</uri></author><category term="worldnews" label="r/worldnews"/><content type="html">&lt;table&gt; &lt;tr&gt;&lt;td&gt; &amp;#32; submitted by &amp;#32; &lt;a href=&quot;{{base}}/user/harbourwatch&quot;&gt; /u/harbourwatch &lt;/a&gt; &lt;br/&gt; &lt;span&gt;&lt;a href=&quot;{{base}}/elsewhere/ferry&quot;&gt;[link]&lt;/a&gt;&lt;/span&gt; &amp;#32; &lt;span&gt;&lt;a href=&quot;{{base}}/r/worldnews/comments/1abc/ferry/&quot;&gt;[comments]&lt;/a&gt;&lt;/span&gt; &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</content><id>t3_1abc</id><link href="{{base}}/r/worldnews/comments/1abc/ferry/" /><updated>2026-12-07T20:00:00+00:00</updated><published>2026-12-07T20:00:00+00:00</published><title>Ferry crews strike in Kessington over pay</title></entry>
<entry><author><name>/u/tidewatch</name><uri>{{base}}/user/tidewatch</uri></author><category term="worldnews" label="r/worldnews"/><content type="html">&lt;table&gt; &lt;tr&gt;&lt;td&gt; &amp;#32; submitted by &amp;#32; &lt;a href=&quot;{{base}}/user/tidewatch&quot;&gt; /u/tidewatch &lt;/a&gt; &lt;br/&gt; &lt;span&gt;&lt;a href=&quot;{{base}}/elsewhere/lock&quot;&gt;[link]&lt;/a&gt;&lt;/span&gt; &amp;#32; &lt;span&gt;&lt;a href=&quot;{{base}}/r/worldnews/comments/1abd/lock/&quot;&gt;[comments]&lt;/a&gt;&lt;/span&gt; &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</content><id>t3_1abd</id><link href="{{base}}/r/worldnews/comments/1abd/lock/" /><updated>2026-12-07T19:00:00+00:00</updated><published>2026-12-07T19:00:00+00:00</published><title>New lock opens in Ostermunde after four years</title></entry>
</feed>`)
	mux.HandleFunc("GET /r/worldnews/comments/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Too Many Requests", http.StatusTooManyRequests)
	})
	serve("/news/rss", "application/xml; charset=utf-8", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><generator>NFE/5.0</generator><title>Top stories - Google News</title><link>{{base}}/news?hl=en-US</link><language>en-US</language><webMaster>news-webmaster@google.com</webMaster><copyright>2026 Google Inc.</copyright><lastBuildDate>Mon, 07 Dec 2026 20:10:00 GMT</lastBuildDate><description>Google News</description>
<item><title>Ferry crews strike in Kessington over pay - Coastline Wire</title><link>{{base}}/rss/articles/CBMiVkFVX3lxTE1?oc=5</link><guid isPermaLink="false">CBMiVkFVX3lxTE1</guid><pubDate>Mon, 07 Dec 2026 20:00:00 GMT</pubDate><description>&lt;a href="{{base}}/rss/articles/CBMiVkFVX3lxTE1?oc=5" target="_blank"&gt;Ferry crews strike in Kessington over pay&lt;/a&gt;&amp;nbsp;&amp;nbsp;&lt;font color="#6f6f6f"&gt;Coastline Wire&lt;/font&gt;</description><source url="https://coastline.example">Coastline Wire</source></item>
<item><title>Harwick approves river wall - Northline Wire</title><link>{{base}}/readable/wall</link><guid isPermaLink="false">CBMiWall</guid><pubDate>Mon, 07 Dec 2026 18:00:00 GMT</pubDate><description>&lt;a href="{{base}}/readable/wall" target="_blank"&gt;Harwick approves river wall&lt;/a&gt;&amp;nbsp;&amp;nbsp;&lt;font color="#6f6f6f"&gt;Northline Wire&lt;/font&gt;</description><source url="https://northline.example">Northline Wire</source></item>
</channel></rss>`)
	mux.HandleFunc("GET /rss/articles/", func(w http.ResponseWriter, r *http.Request) {
		// Google's article links answer with a page that a script
		// redirects from: no article text.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><head><title>Google News</title><script>window.location.replace("https://coastline.example/ferry");</script></head><body><c-wiz><a href="https://coastline.example/ferry">Opening</a></c-wiz></body></html>`)
	})
	serve("/readable/wall", "text/html; charset=utf-8", articlePage("Harwick approves river wall", 7))
	serve("/rss/news_current.xml", "text/xml; charset=utf-8", `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/">
<channel rdf:about="{{base}}/rss/news_current.xml"><title>Science: Current Issue News</title><link>{{base}}/news</link><description>News from Science</description>
<items><rdf:Seq><rdf:li rdf:resource="{{base}}/content/article/frog"/><rdf:li rdf:resource="{{base}}/content/article/ice"/></rdf:Seq></items></channel>
<item rdf:about="{{base}}/content/article/frog"><title>A new frog sings in the Lindmoor hills</title><link>{{base}}/content/article/frog</link><dc:creator>Ana Ruiz</dc:creator><dc:date>2026-12-07T14:00:00Z</dc:date><prism:publicationName>Science</prism:publicationName></item>
<item rdf:about="{{base}}/content/article/ice"><title>Sea ice thins faster than models said</title><link>{{base}}/content/article/ice</link><dc:date>2026-12-07T13:00:00Z</dc:date><prism:publicationName>Science</prism:publicationName></item>
</rdf:RDF>`)
	mux.HandleFunc("GET /content/article/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Forbidden", http.StatusForbidden)
	})
	srv = httptest.NewServer(mux)
	defer srv.Close()

	reddit, google, science := srv.URL+"/r/worldnews.rss", srv.URL+"/news/rss", srv.URL+"/rss/news_current.xml"
	reports := map[string]FeedReport{}
	arts, errs := Load(context.Background(), []string{reddit, google, science}, LoadOptions{
		Getter: testClient(), Report: func(r FeedReport) { reports[r.Feed] = r },
	})
	if got, want := titles(arts), []string{"Harwick approves river wall"}; !slices.Equal(got, want) {
		t.Errorf("articles %q; want %q (the one item whose page can be read)", got, want)
	}
	for _, tt := range []struct {
		feed             string
		items, titleOnly int
	}{{reddit, 2, 2}, {google, 2, 1}, {science, 2, 2}} {
		if r := reports[tt.feed]; r.Items != tt.items || r.TitleOnly != tt.titleOnly {
			t.Errorf("report of %s = %+v; want %d items, %d left out as title-only", tt.feed, r, tt.items, tt.titleOnly)
		}
	}
	wantErrs := []string{
		"fetch " + srv.URL + "/r/worldnews/comments/1abc/ferry/: HTTP 429",
		"fetch " + srv.URL + "/r/worldnews/comments/1abd/lock/: HTTP 429",
		"extract " + srv.URL + "/rss/articles/CBMiVkFVX3lxTE1?oc=5: no article text",
		"fetch " + srv.URL + "/content/article/frog: HTTP 403",
		"fetch " + srv.URL + "/content/article/ice: HTTP 403",
	}
	if len(errs) != len(wantErrs) {
		t.Fatalf("errors %q; want one per title-only item whose page failed: %q", errs, wantErrs)
	}
	for i, err := range errs {
		want := wantErrs[i] + " (only a title in the feed: item skipped)"
		if err.Error() != want || !errors.Is(err, ErrTitleOnly) || !IsItemError(err) {
			t.Errorf("error %d = %q (title-only %v, item's %v); want %q, an item's, title-only", i, err, errors.Is(err, ErrTitleOnly), IsItemError(err), want)
		}
	}

	// Without fetching (no fetch.Getter), every such item is counted too.
	for _, f := range []string{reddit, google, science} {
		resp, err := testClient().Fetch(context.Background(), fetch.Request{URL: f})
		if err != nil {
			t.Fatal(err)
		}
		var rep FeedReport
		l := &loader{ctx: context.Background(), opts: LoadOptions{Workers: 1, Report: func(r FeedReport) { rep = r }}, sem: make(chan struct{}, 1)}
		out := l.feed(f, f, resp.Body, resp.ContentType, feed.Detect(resp.Body, feed.Root(resp.Body)), func() {})
		if len(out.arts) != 0 || len(out.errs) != 0 || rep.Items != 2 || rep.TitleOnly != 2 {
			t.Errorf("%s read without fetching: %d articles, errors %q, report %+v; want both items counted as title-only", f, len(out.arts), out.errs, rep)
		}
	}
}

// TestLoadFetchesProgress: the Fetches callback counts every fetch, the
// feed's and its items' pages, as each begins and ends.
func TestLoadFetchesProgress(t *testing.T) {
	srv, _ := windowSite(t, 5, time.Now(), true)
	var last Fetches
	calls := 0
	_, errs := Load(context.Background(), []string{srv.URL + "/feed.rss", srv.URL + "/missing.rss"}, LoadOptions{
		Getter: testClient(), Fetches: func(f Fetches) { last = f; calls++ },
	})
	if len(errs) != 1 {
		t.Errorf("errors %q; want the missing feed's", errs)
	}
	if want := (Fetches{Begun: 7, Done: 7, Failed: 1}); last != want || calls != 14 {
		t.Errorf("last Fetches %+v after %d calls; want %+v after 14 (a call as each of 7 fetches begins and ends)", last, calls, want)
	}
}

// TestLoadBusyHostHoldsNoWorker: fetches waiting for a busy host's turn
// hold none of the Workers, so that the pages of other hosts are fetched
// meanwhile. One host holds every request until the test lets go; the
// other host's feed must be read in full before that.
func TestLoadBusyHostHoldsNoWorker(t *testing.T) {
	hold := make(chan struct{})
	var letGo sync.Once
	release := func() { letGo.Do(func() { close(hold) }) }
	slowMux := http.NewServeMux()
	slowMux.HandleFunc("GET /feed.rss", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Slow Courier</title>`)
		for i := range 12 {
			fmt.Fprintf(&b, "<item><title>Slow item %d</title><link>http://%s/a/%d</link><description>The council met.</description></item>\n", i, r.Host, i)
		}
		b.WriteString("</channel></rss>")
		w.Write([]byte(b.String()))
	})
	slowMux.HandleFunc("GET /a/{i}", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hold:
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, articlePage("Slow item "+r.PathValue("i"), 1))
	})
	slow := httptest.NewServer(slowMux)
	defer slow.Close()
	defer release() // before the server closes
	quick, hits := windowSite(t, 6, time.Now(), true)

	done := make(chan []error, 1)
	go func() {
		_, errs := Load(context.Background(), []string{slow.URL + "/feed.rss", quick.URL + "/feed.rss"}, LoadOptions{
			Getter: fetch.NewClient(fetch.ClientOptions{Retries: -1, PerHost: 2, Timeout: time.Minute}), Workers: 3,
		})
		done <- errs
	}()
	deadline := time.Now().Add(20 * time.Second)
	for len(pagesFetched(hits)) < 6 {
		if time.Now().After(deadline) {
			t.Fatalf("the quick host's pages fetched while the slow host holds its requests: %v; want all 6", pagesFetched(hits))
		}
		time.Sleep(10 * time.Millisecond)
	}
	release()
	if errs := <-done; len(errs) != 0 {
		t.Errorf("errors %q; want none", errs)
	}
}

// TestListWindow checks that a feed found through a subscription list —
// a file or a URL — or through a page that links it is read within the
// list's or the page's window, which Windows names, not without one.
func TestListWindow(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	srv, _ := windowSite(t, 30, now, true)
	feed := srv.URL + "/feed.rss"
	lists := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/list.txt":
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprintln(w, feed)
		case "/page.html":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<html><head><title>Council</title><link rel="alternate" type="application/rss+xml" href="%s"></head><body><p>News.</p></body></html>`, feed)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(lists.Close)
	file := filepath.Join(t.TempDir(), "feeds.txt")
	if err := os.WriteFile(file, []byte(feed+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	four := Window{MaxItems: 4}
	tests := []struct {
		name, input string
		feedsOnly   bool
	}{
		{"a list file", file, false},
		{"a list by URL", lists.URL + "/list.txt", false},
		{"a page that links its feed", lists.URL + "/page.html", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var reports []FeedReport
			arts, errs := Load(context.Background(), []string{tt.input}, LoadOptions{
				Getter: testClient(), Now: func() time.Time { return now }, FeedsOnly: tt.feedsOnly,
				Windows: map[string]Window{tt.input: four},
				Report:  func(r FeedReport) { reports = append(reports, r) },
			})
			if len(errs) != 0 {
				t.Errorf("errors %q; want none", errs)
			}
			if len(arts) != 4 {
				t.Errorf("%d articles; want the 4 of the list's window", len(arts))
			}
			if len(reports) != 1 || reports[0].Window != four || reports[0].Over != 26 {
				t.Errorf("reports %+v; want one, with the list's window and 26 items over it", reports)
			}
		})
	}
}
