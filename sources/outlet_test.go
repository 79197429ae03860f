package sources

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources/dedupe"
)

// TestLoadOutletPrecedence checks feeds and pages fetched over HTTP: the
// page's own name beats the feed's title, the item's <source> beats the
// page, the text's name beats the feed's title, and the host stands in
// when nothing names the outlet.
func TestLoadOutletPrecedence(t *testing.T) {
	const html, rss = "text/html; charset=utf-8", "application/rss+xml"
	page := func(name string) route {
		data, err := os.ReadFile(filepath.Join("page", "testdata", "outlets", name))
		if err != nil {
			t.Fatal(err)
		}
		return route{body: data, ctype: html}
	}
	prose := "The county will close the Quarry Road bridge for three weeks in June while crews replace the worn road surface. " +
		strings.Repeat("Drivers will be sent along Mill Lane, which adds about six minutes to the trip, the roads department said. ", 8)
	item := func(title, link, source, desc string) string {
		s := "<item><title>" + title + "</title><link>{{base}}" + link + "</link>"
		if source != "" {
			s += `<source url="https://wire.example/rss">` + source + "</source>"
		}
		return s + "<description>" + desc + "</description></item>"
	}
	full := func(title, link, content string) string {
		return "<item><title>" + title + "</title><link>{{base}}" + link + "</link><content:encoded><![CDATA[<p>" +
			content + "</p>]]></content:encoded></item>"
	}
	feed := func(title string, items ...string) route {
		return route{body: []byte(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>` + title +
			"</title><link>{{base}}/</link>" + strings.Join(items, "") + "</channel></rss>"), ctype: rss}
	}
	s := newSite(t, map[string]route{
		"/og":       page("og-over-jsonld.html"),
		"/unnamed":  page("unnamed.html"),
		"/dateline": page("placeholder.html"),
		"/aggregator.rss": feed("Top Stories | Roundup",
			item("Quarry road to close", "/og", "", "The bridge closes in June."),
			item("Quarry road to close again", "/og", "Continental Press", "The bridge closes in June."),
			item("Quarry road closes", "/unnamed", "", "The bridge closes in June.")),
		"/untitled.rss": feed("", item("Quarry road to close", "/unnamed", "", "The bridge closes in June.")),
		"/full.rss": feed("World news | The Quarry Gazette",
			full("Bridge to close in June", "/full-1", prose),
			full("Bridge closure from the wire", "/full-2", "HARWICK (Northline) — "+prose)),
	})
	// Bodies are served as they are: fill in the server's own address.
	for p, r := range s.routes {
		r.body = []byte(strings.ReplaceAll(string(r.body), "{{base}}", s.URL))
		s.routes[p] = r
	}
	tests := []struct {
		url  string
		want []string // the outlet of each article, in order
	}{
		{s.URL + "/og", []string{"The Harwick Ledger"}},
		{s.URL + "/unnamed", []string{"127.0.0.1"}},
		{s.URL + "/dateline", []string{"Northline"}},
		// The page names its outlet; the aggregator's feed title does not.
		{s.URL + "/aggregator.rss", []string{"The Harwick Ledger", "Continental Press", "Roundup"}},
		{s.URL + "/untitled.rss", []string{"127.0.0.1"}},
		// Full items: the feed's title without its section, else the
		// name the item's text states.
		{s.URL + "/full.rss", []string{"The Quarry Gazette", "Northline"}},
	}
	for _, tt := range tests {
		t.Run(strings.TrimPrefix(tt.url, s.URL), func(t *testing.T) {
			arts, errs := Load(context.Background(), []string{tt.url}, LoadOptions{Getter: testClient(), Untrusted: false})
			if len(errs) != 0 {
				t.Fatalf("Load(%s) errors: %q", tt.url, errs)
			}
			var got []string
			for _, a := range arts {
				got = append(got, a.Outlet)
			}
			if strings.Join(got, "\x00") != strings.Join(tt.want, "\x00") {
				t.Errorf("Load(%s) outlets = %q; want %q", tt.url, got, tt.want)
			}
		})
	}
}

// TestDedupeKeepsUnnamedFilesApart checks that files without an outlet are
// not taken for one outlet's copies of one article.
func TestDedupeKeepsUnnamedFilesApart(t *testing.T) {
	text := func(topic string) string {
		return "The " + topic + " will close for three weeks in June while crews replace the worn surface and repaint the railings, officials said on Monday."
	}
	arts := []news.Article{
		{ID: "a/1.txt", URL: "a/1.txt", Title: "Council votes on the budget tonight", Text: text("Quarry Road bridge")},
		{ID: "b/1.txt", URL: "b/1.txt", Title: "Council votes on the budget tonight", Text: text("harbour footbridge")},
	}
	if got := dedupe.Dedupe(arts); len(got) != 2 {
		t.Errorf("Dedupe(two unnamed files, one title) kept %d; want 2", len(got))
	}
}
