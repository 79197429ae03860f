package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/loopback"
)

// closedURL returns a feed URL on a loopback port that refuses
// connections. Its path is new each time: two free ports may be the same
// port, and two equal URLs would be read as one feed.
func closedURL(t *testing.T) string {
	t.Helper()
	return fmt.Sprintf("http://%s/feed-%d.rss", loopback.FreeAddr(t), closedFeeds.Add(1))
}

// closedFeeds numbers the URLs closedURL returns.
var closedFeeds atomic.Int64

// TestBriefExitCodes runs `brief` over feeds served on loopback, where
// pages, feeds or everything fail: a brief made from every feed exits 0,
// its warnings (pages that kept their teasers, items left out) counted and
// printed; a feed that cannot be read at all, or nothing to make a brief
// of, exits 1 with a one-line reason.
func TestBriefExitCodes(t *testing.T) {
	const feeds, items = 3, 5
	tests := []struct {
		name     string
		kind     func(f, i int) pageKind
		age      time.Duration
		args     []string
		closed   bool // every feed is on a port that refuses connections
		code     int
		brief    bool     // a brief is printed
		want     []string // lines (or their ends) of standard error
		lastLine string   // the last line of standard error
	}{
		{
			name: "every page read", kind: func(f, i int) pageKind { return pageOK },
			code: 0, brief: true,
		},
		{
			name: "one page gone: a warning",
			kind: func(f, i int) pageKind {
				if f == 1 && i == 2 {
					return pageGone
				}
				return pageOK
			},
			code: 0, brief: true,
			want:     []string{"/a/2: HTTP 404 (kept the feed's teaser)"},
			lastLine: "digestbot: the brief was made, with 1 warning (above)",
		},
		{
			name: "one feed gone",
			kind: func(f, i int) pageKind {
				if f == 2 && i < 0 {
					return pageGone
				}
				return pageOK
			},
			code: 1, brief: true,
			want:     []string{"/feed.rss: HTTP 404"},
			lastLine: "digestbot: 1 of 3 feeds could not be read; the brief was made from the other 2",
		},
		{
			name: "no network", closed: true,
			code: 1, brief: false,
			lastLine: "digestbot: no feed could be read (3 of 3): check the network",
		},
		{
			name: "every feed gone",
			kind: func(f, i int) pageKind {
				if i < 0 {
					return pageGone
				}
				return pageOK
			},
			code: 1, brief: false,
			lastLine: "(and 2 more)",
		},
		{
			name: "every item older than the window", kind: func(f, i int) pageKind { return pageOK }, age: 3 * time.Hour,
			args: []string{"--max-age", "2h"},
			code: 1, brief: false,
			want:     []string{"feed.rss: 5 of 5 items left out: 5 older than 2h (the newest from 2026-", "\ndigestbot: nothing to make a brief of: of the 15 items the feeds hold, 15 older than 2h (--max-age, max_age); the newest is from "},
			lastLine: " UTC",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var urls []string
			if tt.closed {
				for range feeds {
					urls = append(urls, closedURL(t))
				}
			} else {
				w := newFeedWorld(t, feeds, items, tt.kind)
				w.age = tt.age
				urls = w.feedURLs()
			}
			args := append([]string{"brief", "--quiet", "--feeds", strings.Join(urls, ",")}, tt.args...)
			code, out, errs := runCLI(t, "", args...)
			if code != tt.code {
				t.Errorf("exit %d; want %d. stderr:\n%s", code, tt.code, errs)
			}
			if got := strings.Contains(out, "  • "); got != tt.brief {
				t.Errorf("brief printed: %v; want %v. stdout:\n%s", got, tt.brief, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
			lines := strings.Split(strings.TrimSpace(errs), "\n")
			if last := lines[len(lines)-1]; tt.lastLine != "" && !strings.HasSuffix(last, tt.lastLine) {
				t.Errorf("last line of stderr %q; want it to end %q. stderr:\n%s", last, tt.lastLine, errs)
			}
			if tt.code == 0 && tt.lastLine == "" && errs != "" {
				t.Errorf("stderr %q; want nothing", errs)
			}
		})
	}
}

// TestBriefTitleOnlyItems: the items of a feed that have only a title
// (reddit, Google News, Science's RDF feed) and no readable page are left
// out of the brief with a word: a warning per page that failed, and a
// count per feed with the reason.
func TestBriefTitleOnlyItems(t *testing.T) {
	w := newFeedWorld(t, 2, 4, func(f, i int) pageKind { return pageOK })
	mux := http.NewServeMux()
	var srv *httptest.Server
	mux.HandleFunc("GET /rss/news_current.xml", func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "text/xml; charset=utf-8")
		date := time.Now().UTC().Format(time.RFC3339)
		fmt.Fprintf(rw, `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="%[1]s/rss/news_current.xml"><title>Science: Current Issue News</title><link>%[1]s/news</link><description>News from Science</description></channel>
<item rdf:about="%[1]s/content/article/frog"><title>A new frog sings in the Lindmoor hills</title><link>%[1]s/content/article/frog</link><dc:date>%[2]s</dc:date></item>
<item rdf:about="%[1]s/content/article/ice"><title>Sea ice thins faster than models said</title><link>%[1]s/content/article/ice</link><dc:date>%[2]s</dc:date></item>
<item rdf:about="%[1]s/content/article/moth"><title>Moths find their way by the Milky Way</title><dc:date>%[2]s</dc:date></item>
</rdf:RDF>`, srv.URL, date)
	})
	mux.HandleFunc("GET /content/article/", func(rw http.ResponseWriter, r *http.Request) {
		http.Error(rw, "Forbidden", http.StatusForbidden)
	})
	srv = httptest.NewServer(mux)
	defer srv.Close()
	feeds := append(w.feedURLs(), srv.URL+"/rss/news_current.xml")

	code, out, errs := runCLI(t, "", "brief", "--quiet", "--feeds", strings.Join(feeds, ","))
	if code != 0 || !strings.Contains(out, "  • ") {
		t.Fatalf("exit %d; want 0 and a brief of the other feeds. stderr:\n%s", code, errs)
	}
	for _, want := range []string{
		"digestbot: warning: fetch " + srv.URL + "/content/article/frog: HTTP 403 (only a title in the feed: item skipped)",
		"digestbot: warning: fetch " + srv.URL + "/content/article/ice: HTTP 403 (only a title in the feed: item skipped)",
		"digestbot: warning: read " + srv.URL + "/rss/news_current.xml: 3 of 3 items left out: 3 with only a title (no text in the feed or on their page)",
		"digestbot: the brief was made, with 2 warnings (above)",
	} {
		if !strings.Contains(errs, want+"\n") {
			t.Errorf("stderr lacks the line %q:\n%s", want, errs)
		}
	}
	if strings.Contains(out, "frog") || strings.Contains(out, "Moths") {
		t.Errorf("a title-only item made it into the brief:\n%s", out)
	}
}

// TestWindowFlags: --max-age and --max-items bound what digest and brief
// read of each feed, before any page is fetched; 0 lifts them.
func TestWindowFlags(t *testing.T) {
	tests := []struct {
		name  string
		cmd   string
		args  []string
		pages []int // the items whose pages are fetched
	}{
		{"brief: the default reads every recent item", "brief", nil, seq(0, 12)},
		{"brief --max-items", "brief", []string{"--max-items", "4"}, seq(0, 4)},
		{"brief --max-age", "brief", []string{"--max-age", "35m"}, seq(0, 4)},
		{"digest --max-items", "digest", []string{"--max-items", "3"}, seq(0, 3)},
		{"digest --max-age 0 --max-items 0", "digest", []string{"--max-age", "0", "--max-items", "0"}, seq(0, 12)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newFeedWorld(t, 1, 12, func(f, i int) pageKind { return pageOK }) // item i is i×10 minutes old
			args := []string{tt.cmd, "--quiet"}
			if tt.cmd == "brief" {
				args = append(args, "--feeds")
			}
			args = append(append(args, w.feedURLs()[0]), tt.args...)
			code, _, errs := runCLI(t, "", args...)
			if code != 0 {
				t.Fatalf("exit %d, stderr:\n%s", code, errs)
			}
			for i := range 12 {
				want := 0
				for _, p := range tt.pages {
					if p == i {
						want = 1
					}
				}
				if got := w.hits(0, i); got != want {
					t.Errorf("page of item %d fetched %d times; want %d", i, got, want)
				}
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

// TestPodcastFeedReadsRecentItems: `digest` of the 730-episode podcast
// capture (2008–2019) reads no episode of the last 48 hours, fetches
// none of their pages, and says why in one line rather than one error per
// episode.
func TestPodcastFeedReadsRecentItems(t *testing.T) {
	feed := filepath.Join("..", "shared", "feeds", "rssparser-giantbomb-podcast.rss")
	if _, err := os.Stat(feed); err != nil {
		t.Skipf("skipping: %s not found (../shared is beside the clone in CI only)", feed)
	}
	code, _, errs := runCLI(t, "", "digest", "--quiet", feed)
	want := "digestbot: read " + feed + ": 730 of 730 items left out: 730 older than 48h (the newest from 2019-"
	if code != 1 || !strings.Contains(errs, want) || strings.Count(errs, "\n") != 2 {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and two lines, one saying %q…", code, errs, want)
	}
}

// TestFlagErrorsBeforeFetching: a bad flag is refused before any feed or
// page is fetched.
func TestFlagErrorsBeforeFetching(t *testing.T) {
	w := newFeedWorld(t, 1, 3, func(f, i int) pageKind { return pageOK })
	feed := w.feedURLs()[0]
	for _, args := range [][]string{
		{"brief", "--feeds", feed, "--format", "xml"},
		{"brief", "--feeds", feed, "--max-items", "-1"},
		{"brief", "--feeds", feed, "--max-age", "-5m"},
		{"brief", "--feeds", feed, "--max-age", "soon"},
		{"digest", feed, "--format", "xml"},
		{"digest", feed, "--max-age=-1h"},
		{"post", "--to", "slack-webhook:http://127.0.0.1:9/hook", feed, "--max-items", "-2"},
	} {
		code, _, errs := runCLI(t, "", args...)
		if code != 2 {
			t.Errorf("%s: exit %d, stderr %q; want 2", strings.Join(args, " "), code, errs)
		}
	}
	if n := w.feedHits.Load() + w.pageHits.Load(); n != 0 {
		t.Errorf("%d requests were made; want none before the flags are checked", n)
	}
}

// TestBriefWarnsOfUnusableItems: an item read whose text has no sentence
// to digest (here only questions) is left out of the brief with a warning
// that names it, and the brief is made of the rest.
func TestBriefWarnsOfUnusableItems(t *testing.T) {
	w := newFeedWorld(t, 2, 4, func(f, i int) pageKind { return pageOK })
	mux := http.NewServeMux()
	var srv *httptest.Server
	mux.HandleFunc("GET /photos.xml", func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(rw, `<?xml version="1.0"?><rss version="2.0"><channel><title>Harwick Photos</title><link>%[1]s/</link><description>Pictures</description>
<item><title>Gallery: the barrier opens</title><link>%[1]s/gallery</link><guid>%[1]s/gallery</guid><pubDate>%[2]s</pubDate>
<description>Who will pay for the new flood barrier in Harwick? What will the mayor tell the council on Tuesday? When will the work on the river wall begin?</description></item></channel></rss>`, srv.URL, time.Now().UTC().Format(time.RFC1123Z))
	})
	mux.HandleFunc("GET /gallery", func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "text/html")
		fmt.Fprint(rw, `<html><head><title>Gallery</title></head><body><figure><img src="a.jpg"><figcaption>Photos of the Harwick flood barrier opening, Tuesday evening</figcaption></figure></body></html>`)
	})
	srv = httptest.NewServer(mux)
	defer srv.Close()
	feeds := append(w.feedURLs(), srv.URL+"/photos.xml")

	code, out, errs := runCLI(t, "", "brief", "--quiet", "--feeds", strings.Join(feeds, ","))
	if code != 0 || !strings.Contains(out, "  • ") {
		t.Fatalf("exit %d; want 0 and a brief of the other feeds. stderr:\n%s", code, errs)
	}
	if !strings.Contains(errs, "digestbot: warning: read "+srv.URL+"/gallery: no sentences: left out\n") {
		t.Errorf("stderr lacks the warning for the gallery item:\n%s", errs)
	}
	if strings.Contains(out, "Who will pay") {
		t.Errorf("the gallery item made it into the brief:\n%s", out)
	}
}
