package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// pageKind is how a page of a feed world answers.
type pageKind int

const (
	pageOK   pageKind = iota
	pageSlow          // answers after feedWorld.slow
	pageDead          // accepts the request and never answers
	pageGone          // 404
)

// feedWorld is a set of news sites on loopback, one httptest server (one
// host) per feed: each serves /feed.rss, whose items are teasers dated in
// the last hours (so that their pages are followed), and the items' pages
// /a/{i}. Every story is told by several feeds, in words of their own.
type feedWorld struct {
	sites []*httptest.Server
	slow  time.Duration
	age   time.Duration // how old the newest item of each feed is
	quit  chan struct{} // ends the dead pages' waits

	feedHits, pageHits atomic.Int64
	mu                 sync.Mutex
	hitsByPath         map[string]int
}

// newFeedWorld serves feeds feeds of items items each; kind says how the
// page of item i of feed f answers, and kind(f, -1) how the feed itself
// does (pageGone: 404; anything else: the feed).
func newFeedWorld(tb testing.TB, feeds, items int, kind func(f, i int) pageKind) *feedWorld {
	tb.Helper()
	w := &feedWorld{slow: 2 * time.Second, quit: make(chan struct{}), hitsByPath: map[string]int{}}
	now := time.Now()
	for f := range feeds {
		mux := http.NewServeMux()
		var srv *httptest.Server
		mux.HandleFunc("GET /feed.rss", func(rw http.ResponseWriter, r *http.Request) {
			w.feedHits.Add(1)
			if kind(f, -1) == pageGone {
				http.NotFound(rw, r)
				return
			}
			rw.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			var b strings.Builder
			fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>%s</title><link>%s/</link>`, worldOutlet(f), srv.URL)
			for i := range items {
				ev := worldEvent(f, i, feeds, items)
				fmt.Fprintf(&b, "<item><title>%s</title><link>%s/a/%d</link><guid>%s/a/%d</guid><description>%s</description><pubDate>%s</pubDate></item>\n",
					worldTitle(ev, f), srv.URL, i, srv.URL, i, worldLead(ev), now.Add(-w.age-time.Duration(i)*10*time.Minute).UTC().Format(time.RFC1123Z))
			}
			b.WriteString("</channel></rss>")
			rw.Write([]byte(b.String()))
		})
		mux.HandleFunc("GET /a/{i}", func(rw http.ResponseWriter, r *http.Request) {
			w.pageHits.Add(1)
			w.mu.Lock()
			w.hitsByPath[fmt.Sprintf("%d%s", f, r.URL.Path)]++
			w.mu.Unlock()
			var i int
			if _, err := fmt.Sscan(r.PathValue("i"), &i); err != nil || i < 0 || i >= items {
				http.NotFound(rw, r)
				return
			}
			switch kind(f, i) {
			case pageGone:
				http.NotFound(rw, r)
				return
			case pageDead:
				select {
				case <-r.Context().Done():
				case <-w.quit:
				}
				return
			case pageSlow:
				select {
				case <-time.After(w.slow):
				case <-r.Context().Done():
					return
				case <-w.quit:
					return
				}
			}
			ev := worldEvent(f, i, feeds, items)
			rw.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(rw, `<!doctype html><html><head><title>%s</title><meta property="og:site_name" content="%s"></head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a></nav><article><h1>%s</h1>%s</article><footer>&copy; 2026 %s</footer></body></html>`,
				worldTitle(ev, f), worldOutlet(f), worldTitle(ev, f), worldBody(ev, f), worldOutlet(f))
		})
		srv = httptest.NewServer(mux)
		w.sites = append(w.sites, srv)
	}
	tb.Cleanup(func() {
		close(w.quit)
		for _, s := range w.sites {
			s.Close()
		}
	})
	return w
}

// feedURLs are the world's feeds.
func (w *feedWorld) feedURLs() []string {
	var out []string
	for _, s := range w.sites {
		out = append(out, s.URL+"/feed.rss")
	}
	return out
}

// hits returns how often the page of item i of feed f was asked for.
func (w *feedWorld) hits(f, i int) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.hitsByPath[fmt.Sprintf("%d/a/%d", f, i)]
}

// worldEvent is the story item i of feed f tells: each story is told by
// four feeds (or fewer when there are fewer).
func worldEvent(f, i, feeds, items int) int {
	per := min(4, feeds)
	return (f/per)*items + i
}

var (
	worldTowns   = []string{"Harwick", "Lindmoor", "Brannock", "Ostermunde", "Kessington", "Westbrook", "Bayport", "Skerrin", "Haddon", "Marlowe", "Tanefield", "Corrow", "Ellery", "Fenwick", "Garrow", "Hollins", "Ivesby", "Jarrow", "Kilbride", "Lowther"}
	worldThings  = []string{"flood barrier", "ferry terminal", "bridge repair", "school budget", "water plant", "tram line", "hospital wing", "library", "harbour wall", "bus depot", "wind farm", "market hall", "sports ground", "fire station", "museum", "cycle path", "housing plan", "port crane", "rail tunnel", "clinic"}
	worldPeople  = []string{"Dana Whitfield", "Alma Reyes", "Tomas Ferrand", "Odile Varga", "Jens Kahler", "Rosa Delgado", "Elena Ruiz", "Priya Raman", "Marcus Hale", "Ines Moreau", "Colm Brady", "Sofia Lind", "Yusuf Okafor", "Greta Holm", "Piet Janssen", "Nadia Kerr", "Owen Price", "Lena Voss", "Raj Mehta", "Carla Dunn"}
	worldOutlets = []string{"Courier", "Wire", "Gazette", "Herald", "Times", "Post", "Echo", "Ledger", "Chronicle", "Observer"}
)

func worldOutlet(f int) string {
	return fmt.Sprintf("The %s %s", worldTowns[f%len(worldTowns)], worldOutlets[f%len(worldOutlets)])
}

// worldFacts are the facts of a story, which every feed telling it
// reports in its own order and words.
func worldFacts(ev int) (town, thing, person string, cost, votes, year int) {
	town = worldTowns[ev%len(worldTowns)]
	thing = worldThings[(ev/len(worldTowns))%len(worldThings)]
	person = worldPeople[(ev*7)%len(worldPeople)]
	return town, thing, person, 10 + ev%90, 5 + ev%4, 2027 + ev%5
}

func worldTitle(ev, f int) string {
	town, thing, _, cost, _, _ := worldFacts(ev)
	if f%2 == 0 {
		return fmt.Sprintf("%s approves $%d million %s (story %d)", town, cost, thing, ev)
	}
	return fmt.Sprintf("Council in %s backs %s plan worth $%d million (story %d)", town, thing, cost, ev)
}

func worldLead(ev int) string {
	town, thing, _, _, _, _ := worldFacts(ev)
	return fmt.Sprintf("The %s council voted on the %s.", town, thing)
}

func worldBody(ev, f int) string {
	town, thing, person, cost, votes, year := worldFacts(ev)
	sentences := []string{
		fmt.Sprintf("The %s city council voted %d-2 on Tuesday night to approve a $%d million %s, story number %d.", town, votes, cost, thing, ev),
		fmt.Sprintf("Mayor %s called the vote a promise kept to the residents of %s.", person, town),
		fmt.Sprintf("Work on the %s will begin next spring and should be finished in %d, the city engineer said.", thing, year),
		fmt.Sprintf("Two council members said the cost of $%d million was too high for a city of its size.", cost),
		fmt.Sprintf("The money comes from a state grant and a city bond, officials in %s said.", town),
		fmt.Sprintf("Residents packed the council chamber for the vote on the %s in %s.", thing, town),
		fmt.Sprintf("%s said the %s would serve the whole region for fifty years.", person, thing),
	}
	var b strings.Builder
	for k := range sentences {
		fmt.Fprintf(&b, "<p>%s</p>\n", sentences[(k+f)%len(sentences)])
	}
	return b.String()
}
