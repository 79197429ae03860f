package sources

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/news"
)

func TestNormalizeOutlet(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Bayport Courier", "Bayport Courier"},
		{"  The Valley Times | ", "The Valley Times"},
		{"The Associated Press", "AP"},
		{"BBC", "BBC"},
		{"Time", "Time"},
		{"e-flux", "e-flux"}, // a brand in lower case, not a slug
		{"n-tv", "n-tv"},
		{"https://www.theguardian.com/us", "theguardian.com"},
		// Not names.
		{"1", ""},
		{"2024", ""},
		{"(source)", ""},
		{"[Site Name]", ""},
		{"{{ site.name }}", ""},
		{"%SITE_NAME%", ""},
		{"unknown", ""},
		{"Untitled", ""},
		{"@nytimes", ""},
		{"tane-valley-radio", ""},
		{"001_8897f0a70533273d", ""},
		{"el-pais", ""},
		{"A name far too long to be the name of any outlet at all", ""},
		// Legal names become the name a reader knows, when one is left.
		{"The New York Times Company", "The New York Times"},
		{"Gannett Co., Inc.", "Gannett"},
		{"Acme News Inc.", "Acme News"},
		{"Marks & Spencer Group plc", "Marks & Spencer"},
		{"Harwick Media Group", "Harwick Media"},
		{"Tribune Publishing Company", "Tribune Publishing"},
		{"The Media Group", "The Media Group"},
		{"News Corp", "News Corp"},
		{"Johnson & Co.", "Johnson & Co"},
		{"Group", "Group"},
	}
	for _, tt := range tests {
		if got := normalizeOutlet(tt.in); got != tt.want {
			t.Errorf("normalizeOutlet(%q) = %q; want %q", tt.in, got, tt.want)
		}
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

// TestPageOutlet checks the order in which a saved page's outlet is
// found: og:site_name, the JSON-LD publisher (or the publication the
// article is part of), application-name, a name the text states, the host
// of the page's own address; a page with none of them has no outlet.
func TestPageOutlet(t *testing.T) {
	tests := []struct{ file, want string }{
		{"og-over-jsonld.html", "The Harwick Ledger"},
		{"jsonld-graph.html", "Marrow Valley Post"},
		{"jsonld-ispartof.html", "The Coastal Observer"},
		{"jsonld-person.html", "Quarry Notes"},
		{"legal-name.html", "The Tarnwick Times"},
		{"placeholder.html", "Northline"},
		{"digits.html", "kessickcourier.example"},
		{"slug.html", "tanevalleyradio.example"},
		{"unnamed.html", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := ReadFile(filepath.Join("testdata", "outlets", tt.file))
			if err != nil {
				t.Fatalf("ReadFile(%s): %v", tt.file, err)
			}
			if a.Outlet != tt.want {
				t.Errorf("ReadFile(%s).Outlet = %q; want %q", tt.file, a.Outlet, tt.want)
			}
			if a.Title != "Quarry road to close for resurfacing in June" {
				t.Errorf("ReadFile(%s).Title = %q", tt.file, a.Title)
			}
		})
	}
}

// TestFileOutlet checks plain-text files: the outlet is what the text
// says, or a masthead the file is named after; otherwise there is none,
// and never the file's name.
func TestFileOutlet(t *testing.T) {
	tests := []struct{ file, outlet, title string }{
		{"tane-valley-radio.txt", "Tane Valley Public Radio", "Quarry road bridge to close for three weeks in June"},
		// A headline named like the file is the headline, not a masthead.
		{"quarry-road-bridge-closure.txt", "", "Quarry Road Bridge Closure"},
		{"001_5e1f0c2a9b7d4e83.txt", "", ""},
		{"wire-copy.txt", "Northline", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := ReadFile(filepath.Join("testdata", "outlets", tt.file))
			if err != nil {
				t.Fatalf("ReadFile(%s): %v", tt.file, err)
			}
			if a.Outlet != tt.outlet || a.Title != tt.title {
				t.Errorf("ReadFile(%s) = outlet %q, title %q; want %q, %q", tt.file, a.Outlet, a.Title, tt.outlet, tt.title)
			}
		})
	}
	t.Run("stdin", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join("testdata", "outlets", "001_5e1f0c2a9b7d4e83.txt"))
		if err != nil {
			t.Fatal(err)
		}
		arts, errs := ReadPaths(context.Background(), []string{"-"}, strings.NewReader(string(data)))
		if len(errs) != 0 || len(arts) != 1 {
			t.Fatalf("ReadPaths(-) = %d articles, errors %q; want 1 article", len(arts), errs)
		}
		if arts[0].Outlet != "" {
			t.Errorf("ReadPaths(-).Outlet = %q; want none", arts[0].Outlet)
		}
	})
}

// TestLoadOutletPrecedence checks feeds and pages fetched over HTTP: the
// page's own name beats the feed's title, the item's <source> beats the
// page, the text's name beats the feed's title, and the host stands in
// when nothing names the outlet.
func TestLoadOutletPrecedence(t *testing.T) {
	const html, rss = "text/html; charset=utf-8", "application/rss+xml"
	page := func(name string) route {
		data, err := os.ReadFile(filepath.Join("testdata", "outlets", name))
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
	if got := Dedupe(arts); len(got) != 2 {
		t.Errorf("Dedupe(two unnamed files, one title) kept %d; want 2", len(got))
	}
}
