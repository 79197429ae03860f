package sources

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/sources/page"
)

// nest returns n levels of <tag>, closed.
func nest(tag string, n int) string {
	return strings.Repeat("<"+tag+">", n) + strings.Repeat("</"+tag+">", n)
}

// TestLoadRefusesDeepDocuments: a feed, a page or a subscription list
// nested deeper than page.MaxDepth is refused before it is parsed, with an
// error naming it, at the cost of reading it once — the feed parser built
// a tree of every level, 485 MB for one 4.9 MB Atom document.
func TestLoadRefusesDeepDocuments(t *testing.T) {
	const size = 4_900_000
	deep := func(head, tag, tail string) []byte {
		k := (size - len(head) - len(tail)) / (2*len(tag) + 5)
		return []byte(head + nest(tag, k) + tail)
	}
	docs := map[string]route{
		"/atom.xml":  {body: deep(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>x</title>`, "x", `</entry></feed>`), ctype: "application/atom+xml"},
		"/rss.xml":   {body: deep(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>x</title><description>`, "a", `</description></item></channel></rss>`), ctype: "application/rss+xml"},
		"/page.html": {body: deep(`<!doctype html><html><head><title>t</title></head><body>`, "div", `</body></html>`), ctype: "text/html"},
		"/list.opml": {body: deep(`<?xml version="1.0"?><opml version="2.0"><body>`, "outline", `</body></opml>`), ctype: "text/x-opml"},
	}
	s := newSite(t, docs)
	dir := t.TempDir()
	var inputs []string
	for path, r := range docs {
		inputs = append(inputs, s.URL+path)
		file := filepath.Join(dir, strings.TrimPrefix(path, "/"))
		if err := os.WriteFile(file, r.body, 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, file)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	arts, errs := Load(context.Background(), inputs, LoadOptions{Getter: testClient(), Workers: 1})
	runtime.ReadMemStats(&after)
	if len(arts) > 0 {
		t.Errorf("Load gave %d articles; want none", len(arts))
	}
	for _, in := range inputs {
		found := false
		for _, err := range errs {
			if strings.Contains(err.Error(), in+":") {
				found = true
				if !errors.Is(err, page.ErrTooDeep) || !strings.Contains(err.Error(), "nested deeper than 512 levels") {
					t.Errorf("%s: %v; want page.ErrTooDeep", in, err)
				}
			}
		}
		if !found {
			t.Errorf("no error names %s; errors: %v", in, errs)
		}
	}
	// Reading the eight documents (39 MB) is all it takes.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 200<<20 {
		t.Errorf("Load allocated %d MB for 8 documents of 4.9 MB; want them refused before they are parsed", alloc>>20)
	}
}

// TestLoadPageBudget: MaxPages bounds the fetches of one Load, feeds and
// the pages of their items included; items whose page is not fetched keep
// their teasers, and the feed says so once.
func TestLoadPageBudget(t *testing.T) {
	var feed strings.Builder
	feed.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Teasers</title><link>{{BASE}}</link>`)
	routes := map[string]route{}
	for i := range 100 {
		fmt.Fprintf(&feed, "<item><title>Item %d</title><link>{{BASE}}/item/%d</link><description>The council met on Tuesday about item %d.</description><guid>i%d</guid></item>", i, i, i, i)
		routes[fmt.Sprintf("/item/%d", i)] = route{ctype: "text/html", body: []byte(fmt.Sprintf(
			"<!doctype html><html><head><title>Item %d</title></head><body><article><p>The council of Harwick approved item %d of its budget on Tuesday night after a long debate.</p><p>The vote was seven to two, the city clerk said on Wednesday.</p></article></body></html>", i, i))}
	}
	feed.WriteString("</channel></rss>")
	s := newSite(t, routes)
	s.vars = strings.NewReplacer("{{BASE}}", s.URL)
	routes["/feed.rss"] = route{ctype: "application/rss+xml", body: []byte(s.vars.Replace(feed.String()))}
	for i := range 20 {
		routes[fmt.Sprintf("/page/%d", i)] = routes[fmt.Sprintf("/item/%d", i)]
	}
	hits := func() int {
		s.mu.Lock()
		defer s.mu.Unlock()
		n := 0
		for _, h := range s.hits {
			n += h
		}
		return n
	}

	t.Run("a teaser feed", func(t *testing.T) {
		start := hits()
		arts, errs := Load(context.Background(), []string{s.URL + "/feed.rss"}, LoadOptions{Getter: testClient(), MaxPages: 10})
		if n := hits() - start; n != 10 {
			t.Errorf("Load made %d requests; want 10, the budget", n)
		}
		teasers := 0
		for _, a := range arts {
			if a.Teaser {
				teasers++
			}
		}
		if len(arts) != 100 || teasers != 91 {
			t.Errorf("got %d articles, %d of them teasers; want 100, 91 teasers (9 pages fetched)", len(arts), teasers)
		}
		if len(errs) != 1 || !errors.Is(errs[0], ErrPageBudget) || !strings.Contains(errs[0].Error(), s.URL+"/feed.rss") || !strings.Contains(errs[0].Error(), "91 items") {
			t.Errorf("errors %v; want one, naming the feed and the 91 items not followed", errs)
		}
	})
	t.Run("a list of pages", func(t *testing.T) {
		var urls []string
		for i := range 20 {
			urls = append(urls, fmt.Sprintf("%s/page/%d", s.URL, i))
		}
		start := hits()
		arts, errs := Load(context.Background(), urls, LoadOptions{Getter: testClient(), MaxPages: 5})
		if n := hits() - start; n != 5 {
			t.Errorf("Load made %d requests; want 5, the budget", n)
		}
		if len(arts) != 5 || len(errs) != 15 {
			t.Fatalf("got %d articles and %d errors; want 5 and 15", len(arts), len(errs))
		}
		for _, err := range errs {
			if !errors.Is(err, ErrPageBudget) {
				t.Errorf("%v; want ErrPageBudget", err)
			}
		}
	})
	t.Run("no budget", func(t *testing.T) {
		start := hits()
		Load(context.Background(), []string{s.URL + "/feed.rss"}, LoadOptions{Getter: testClient()})
		if n := hits() - start; n != 101 {
			t.Errorf("Load without a budget made %d requests; want 101", n)
		}
	})
}

// TestParseWaitsForTheBudget: documents are parsed within the process's
// parse budget: while it is spent, a page waits, and gives up when its
// Load's context ends.
func TestParseWaitsForTheBudget(t *testing.T) {
	s := newSite(t, map[string]route{"/page": {ctype: "text/html", body: []byte(
		"<!doctype html><html><head><title>A</title></head><body><article><p>The council of Harwick approved the flood barrier on Tuesday night after a long debate.</p></article></body></html>")}})
	if err := documents.parse.Acquire(context.Background(), parseBudget); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan []error)
	go func() {
		_, errs := Load(ctx, []string{s.URL + "/page"}, LoadOptions{Getter: testClient()})
		done <- errs
	}()
	// The page is fetched, then waits for its turn to be parsed.
	for {
		if hits, _ := s.count("/page"); hits > 0 {
			break
		}
		runtime.Gosched()
	}
	select {
	case errs := <-done:
		t.Fatalf("Load finished while the parse budget was spent: %v", errs)
	default:
	}
	cancel()
	errs := <-done
	documents.parse.Release(parseBudget)
	if len(errs) != 1 || !errors.Is(errs[0], context.Canceled) || !strings.Contains(errs[0].Error(), s.URL+"/page") {
		t.Errorf("errors %v; want one naming the page, context canceled", errs)
	}
	if arts, errs := Load(context.Background(), []string{s.URL + "/page"}, LoadOptions{Getter: testClient()}); len(arts) != 1 {
		t.Errorf("with the budget free: %d articles, %v; want the page", len(arts), errs)
	}
}

// TestLoadMaxText: a Load keeps the head of each article's text that
// MaxText allows, cut at a line's end, from pages and feeds alike.
func TestLoadMaxText(t *testing.T) {
	var paras strings.Builder
	for i := range 50 {
		fmt.Fprintf(&paras, "<p>The council of Harwick approved item %d of its budget on Tuesday night after a long debate.</p>\n", i)
	}
	page := []byte("<!doctype html><html><head><title>Budget</title></head><body><article>" + paras.String() + "</article></body></html>")
	s := newSite(t, map[string]route{
		"/page": {ctype: "text/html", body: page},
		"/feed.rss": {ctype: "application/rss+xml", body: []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>x</link><item><title>Budget</title><link>x/a</link><description><![CDATA[` +
			paras.String() + `]]></description><guid>a</guid></item></channel></rss>`)},
	})
	arts, errs := Load(context.Background(), []string{s.URL + "/page", s.URL + "/feed.rss"}, LoadOptions{Getter: testClient(), MaxText: 1000})
	if len(arts) != 2 {
		t.Fatalf("got %d articles, errors %v; want 2", len(arts), errs)
	}
	for _, a := range arts {
		if len(a.Text) > 1000 || len(a.Text) < 800 || !strings.HasSuffix(a.Text, "debate.") {
			t.Errorf("%s: text of %d bytes ending %q; want at most 1,000, cut at a line's end", a.URL, len(a.Text), a.Text[max(0, len(a.Text)-20):])
		}
	}
}
