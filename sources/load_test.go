package sources

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources/feed"
	"github.com/digestbot/digestbot/sources/fetch"
	"github.com/digestbot/digestbot/sources/page"
)

// The web fixtures are in testdata/web: invented pages and feeds of two
// outlets, the Bayport Courier and The Valley Times, served by two
// loopback servers (two hosts). "{{base}}" in a fixture is its own
// server's URL; "{{bayport}}" and "{{valley}}" name either server.

// route is what a test server answers at one path.
type route struct {
	file   string // fixture under testdata/web; "" for body
	body   []byte
	ctype  string
	status int // 0: 200
}

// site is a loopback test server for one outlet. It answers feeds
// conditionally (ETag) and counts requests.
type site struct {
	*httptest.Server
	t      *testing.T
	routes map[string]route
	vars   *strings.Replacer

	mu   sync.Mutex
	hits map[string]int
	cond map[string]int // conditional requests answered 304
}

func newSite(t *testing.T, routes map[string]route) *site {
	t.Helper()
	s := &site{t: t, routes: routes, hits: map[string]int{}, cond: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	s.mu.Unlock()
	rt, ok := s.routes[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if rt.status >= 300 {
		http.Error(w, http.StatusText(rt.status), rt.status)
		return
	}
	body := rt.body
	if rt.file != "" {
		data, err := os.ReadFile(filepath.Join("testdata", "web", rt.file))
		if err != nil {
			s.t.Errorf("fixture: %v", err)
			http.Error(w, "fixture missing", 500)
			return
		}
		body = data
		if s.vars != nil {
			body = []byte(s.vars.Replace(string(data)))
		}
	}
	etag := fmt.Sprintf(`"%x"`, sha256.Sum256(body))
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		s.mu.Lock()
		s.cond[r.URL.Path]++
		s.mu.Unlock()
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if rt.ctype != "" {
		w.Header().Set("Content-Type", rt.ctype)
	}
	w.Write(body)
}

func (s *site) count(path string) (hits, notModified int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path], s.cond[path]
}

// pdfBody is the start of a PDF: what a "report" link serves.
var pdfBody = []byte("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

// newsSites starts the Bayport and Valley servers.
func newsSites(t *testing.T) (bayport, valley *site) {
	t.Helper()
	const (
		html = "text/html; charset=utf-8"
		rss  = "application/rss+xml; charset=utf-8"
	)
	bayport = newSite(t, map[string]route{
		"/news/harbor-pier":     {file: "harbor-pier.html", ctype: html},
		"/news/harbor-pier/amp": {file: "harbor-pier-amp.html", ctype: html},
		"/news/bike-lanes":      {file: "bike-lanes.html", ctype: html},
		"/news/library-hours":   {status: http.StatusNotFound},
		"/wire/storm-rain":      {file: "storm-bayport.html", ctype: html},
		"/arts/mural-restored":  {file: "mural.html", ctype: html},
		"/feeds/top.rss":        {file: "top.rss", ctype: rss},
		"/feeds/local.json":     {file: "local.json", ctype: "application/feed+json"},
		"/feeds/home":           {file: "home.html", ctype: rss},
		"/feeds/consent":        {file: "consent-wall.html", ctype: rss},
		"/files/report":         {body: pdfBody, ctype: html},
		"/img/pier.jpg":         {body: []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"), ctype: "image/jpeg"},
		"/intl/cafe":            {file: "cafe-latin1.html", ctype: "text/html; charset=ISO-8859-1"},
		"/intl/kiosk":           {file: "kiosk-cp1251.html", ctype: "text/html; charset=windows-1251"},
		"/subs.opml":            {file: "subscriptions.opml", ctype: "text/x-opml"},
		"/feeds.txt":            {file: "feeds.txt", ctype: "text/plain"},
		"/api/status":           {body: []byte(`{"status":"ok","items":[1,2,3]}`), ctype: "application/json"},
		"/empty":                {body: nil, ctype: html},
	})
	valley = newSite(t, map[string]route{
		"/feeds/valley.atom": {file: "valley.atom", ctype: "application/atom+xml"},
		"/local/start-times": {file: "start-times.html", ctype: html},
		"/wire/storm":        {file: "storm-valley.html", ctype: html},
	})
	for _, s := range []*site{bayport, valley} {
		s.vars = strings.NewReplacer("{{base}}", s.URL, "{{bayport}}", bayport.URL, "{{valley}}", valley.URL)
	}
	return bayport, valley
}

// testClient is the real client, without retries, for loopback servers.
func testClient() *fetch.Client {
	return fetch.NewClient(fetch.ClientOptions{Retries: -1, Timeout: 10 * time.Second})
}

// getterFunc adapts a function to fetch.Getter.
type getterFunc func(ctx context.Context, r fetch.Request) (*fetch.Response, error)

func (f getterFunc) Fetch(ctx context.Context, r fetch.Request) (*fetch.Response, error) {
	return f(ctx, r)
}

var _ fetch.Getter = getterFunc(nil)

// titles lists the titles of arts, in order.
func titles(arts []news.Article) []string {
	var ts []string
	for _, a := range arts {
		ts = append(ts, a.Title)
	}
	return ts
}

// boilerplate are lines of the fixtures' chrome that must never be
// article text.
var boilerplate = []string{
	"We use cookies", "Accept all", "Manage preferences", "We and our partners", "Reject all",
	"Already have an account", "Support independent journalism", "Subscribe", "This article is for subscribers",
	"limit of free articles", "Create a free account", "Already a subscriber", "Sign up for our morning newsletter",
	"Related stories", "Ferry schedule changes", "Bait shop owner marks", "Most read", "Regatta draws",
	"Comments", "pierfan77", "My kids have been asking", "Now fix the parking lot", "Advertisement", "ADVERTISEMENT",
	"Photo:", "Workers replace planks", "Cyclists ride along", "Board members listen", "Facebook", "Copy link",
	"All rights reserved", "Privacy", "By Dana Whitfield", "By Priya Raman", "appeared first on", "Read more",
	"contributed to this report", "Trending now", "Tags:", "Log in", "thoughts on", "Thanks a lot",
	"Share this", "Nation & World", "Pollen counts", "Local News",
}

// checkClean fails when the text of a holds a boilerplate line.
func checkClean(t *testing.T, a news.Article) {
	t.Helper()
	for _, b := range boilerplate {
		if strings.Contains(a.Text, b) {
			t.Errorf("%s: text holds boilerplate %q:\n%s", a.Title, b, a.Text)
		}
	}
}

func TestLoadFeeds(t *testing.T) {
	bayport, valley := newsSites(t)
	top, atom, jsonFeed := bayport.URL+"/feeds/top.rss", valley.URL+"/feeds/valley.atom", bayport.URL+"/feeds/local.json"
	var progress []Progress
	arts, errs := Load(context.Background(), []string{top, atom, jsonFeed}, LoadOptions{
		Getter:   testClient(),
		Progress: func(p Progress) { progress = append(progress, p) },
	})

	// The one failure: the library item's page is gone, its teaser kept.
	if len(errs) != 1 {
		t.Fatalf("Load errors = %q; want 1", errs)
	}
	wantErr := "fetch " + bayport.URL + "/news/library-hours: HTTP 404 (kept the feed's teaser)"
	var se *fetch.StatusError
	if errs[0].Error() != wantErr || !errors.As(errs[0], &se) || se.Code != 404 {
		t.Errorf("Load error = %q; want %q wrapping a 404 *fetch.StatusError", errs[0], wantErr)
	}
	if want := []Progress{{1, 0, 3}, {2, 0, 3}, {3, 0, 3}}; len(progress) != 3 || progress[2] != want[2] {
		t.Errorf("Progress calls = %v; want them to end at %v", progress, want[2])
	}

	wantTitles := []string{
		// top.rss, in feed order; the bike-lanes item appears twice.
		"Harbor pier reopens after six weeks of repairs",
		"City council approves new bike lanes on Shore Road",
		"Library extends weekend hours for exam season",
		"City council approves new bike lanes on Shore Road",
		"Storm system to bring heavy rain to the coast",
		// valley.atom
		"School board delays start-time change",
		"Storm system to bring heavy rain to the coast",
		"Farmers market moves to riverside park",
		// local.json
		"Harbor pier reopens after six weeks of repairs",
		"Museum unveils restored harbor mural",
		"Transit agency adds late-night bus service",
	}
	if got := titles(arts); !slices.Equal(got, wantTitles) {
		t.Fatalf("Load titles =\n%q\nwant\n%q", got, wantTitles)
	}

	tests := []struct {
		i            int
		outlet, feed string
		url, id      string
		teaser       bool
		published    string
		has          []string // lines the text holds
	}{
		{0, "Bayport Courier", top, bayport.URL + "/news/harbor-pier", fetch.CanonicalOr(bayport.URL + "/news/harbor-pier"), false, "2025-05-12T08:30:00-04:00",
			[]string{"The harbor pier reopened to the public on Monday", "Ferry service from the north landing"}},
		{1, "Bayport Courier", top, bayport.URL + "/news/bike-lanes", fetch.CanonicalOr(bayport.URL + "/news/bike-lanes"), false, "2025-05-13T17:05:00-04:00",
			[]string{"The Bayport City Council voted 6-1 on Tuesday", "report back in a year"}},
		{2, "Bayport Courier", top, bayport.URL + "/news/library-hours", fetch.CanonicalOr(bayport.URL + "/news/library-hours"), true, "2025-05-13T12:00:00-04:00",
			[]string{"The Bayport Public Library will stay open until 9 p.m."}},
		{3, "Bayport Courier", top, bayport.URL + "/news/bike-lanes", fetch.CanonicalOr(bayport.URL + "/news/bike-lanes"), false, "2025-05-14T07:45:00-04:00",
			[]string{"Mayor Elena Ruiz said"}},
		{4, "Bayport Courier", top, bayport.URL + "/wire/storm-rain", fetch.CanonicalOr(bayport.URL + "/wire/storm-rain"), false, "2025-05-14T06:00:00-04:00",
			[]string{"A slow-moving storm system", "drier weather returning for the weekend"}},
		// A relative link is resolved against the feed's URL.
		{5, "The Valley Times", atom, valley.URL + "/local/start-times", fetch.CanonicalOr(valley.URL + "/local/start-times"), false, "2025-05-12T21:40:00-05:00",
			[]string{"The Westbrook school board voted Monday", "final schedule in December"}},
		{6, "The Valley Times", atom, valley.URL + "/wire/storm", fetch.CanonicalOr(valley.URL + "/wire/storm"), false, "2025-05-14T06:12:00-05:00",
			[]string{"A slow-moving storm system"}},
		// Full content in the feed: not followed; "?ref=feed" dropped.
		{7, "The Valley Times", atom, valley.URL + "/local/market", fetch.CanonicalOr(valley.URL + "/local/market"), false, "2025-05-11T09:00:00-05:00",
			[]string{"The Westbrook farmers market will move to Riverside Park"}},
		{8, "Bayport Courier", jsonFeed, bayport.URL + "/news/harbor-pier", fetch.CanonicalOr(bayport.URL + "/news/harbor-pier"), false, "2025-05-12T08:30:00-04:00",
			[]string{"The harbor pier reopened to the public on Monday"}},
		{9, "Bayport Courier", jsonFeed, bayport.URL + "/arts/mural-restored", fetch.CanonicalOr(bayport.URL + "/arts/mural-restored"), false, "2025-05-10T11:00:00-04:00",
			[]string{"Conservators found the original signature", "restore a second mural"}},
		{10, "Bayport Courier", jsonFeed, bayport.URL + "/news/late-night-bus", fetch.CanonicalOr(bayport.URL + "/news/late-night-bus"), false, "2025-05-09T15:20:00-04:00",
			[]string{"General manager Rosa Delgado said"}},
	}
	for _, tt := range tests {
		a := arts[tt.i]
		if a.Outlet != tt.outlet || a.Feed != tt.feed || a.URL != tt.url || a.ID != tt.id || a.Teaser != tt.teaser {
			t.Errorf("article %d %q: outlet %q, feed %q, URL %q, ID %q, teaser %v; want %q, %q, %q, %q, %v",
				tt.i, a.Title, a.Outlet, a.Feed, a.URL, a.ID, a.Teaser, tt.outlet, tt.feed, tt.url, tt.id, tt.teaser)
		}
		if want, _ := time.Parse(time.RFC3339, tt.published); !a.Published.Equal(want) {
			t.Errorf("article %d %q: published %v; want %v", tt.i, a.Title, a.Published, want)
		}
		for _, h := range tt.has {
			if !strings.Contains(a.Text, h) {
				t.Errorf("article %d %q: text lacks %q:\n%s", tt.i, a.Title, h, a.Text)
			}
		}
		if strings.Contains(a.Text, "BAYPORT —") || strings.Contains(a.Text, "WESTBROOK —") || strings.Contains(a.Text, "(CP)") {
			t.Errorf("article %d %q: dateline kept:\n%s", tt.i, a.Title, a.Text)
		}
		checkClean(t, a)
	}

	// Teasers were followed; full items were not.
	for _, p := range []string{"/news/bike-lanes", "/news/library-hours", "/wire/storm-rain", "/arts/mural-restored"} {
		if n, _ := bayport.count(p); n == 0 {
			t.Errorf("teaser page %s was not fetched", p)
		}
	}
	for _, p := range []string{"/news/harbor-pier", "/news/late-night-bus"} {
		if n, _ := bayport.count(p); n != 0 {
			t.Errorf("page %s of a full feed item was fetched %d times", p, n)
		}
	}
}

func TestLoadPages(t *testing.T) {
	bayport, _ := newsSites(t)
	pier := bayport.URL + "/news/harbor-pier"
	tests := []struct {
		name     string
		url      string
		title    string
		outlet   string
		id       string
		has      []string
		err      string
		sentinel error
	}{
		{name: "tracking parameters", url: pier + "?utm_source=newsletter&utm_medium=email&mc_cid=abc123#comments",
			title: "Harbor pier reopens after six weeks of repairs", outlet: "Bayport Courier", id: fetch.CanonicalOr(pier),
			has: []string{"The harbor pier reopened to the public on Monday", "The authority plans a second round of work in the fall"}},
		{name: "AMP page names its canonical page", url: pier + "/amp",
			title: "Harbor pier reopens after six weeks of repairs", outlet: "Bayport Courier", id: fetch.CanonicalOr(pier),
			has: []string{"Harbor master Lena Okafor said"}},
		{name: "Latin-1 page, charset only in the header", url: bayport.URL + "/intl/cafe",
			title: "Le café du port rouvre après deux ans de travaux", outlet: "L'Écho de Bayport", id: fetch.CanonicalOr(bayport.URL + "/intl/cafe"),
			has: []string{"a annoncé son propriétaire, Jérôme Lefèvre.", "« Nous avons gardé le comptoir en chêne"}},
		{name: "Windows-1251 page, charset only in the header", url: bayport.URL + "/intl/kiosk",
			title: "В порту открылся новый газетный киоск", id: fetch.CanonicalOr(bayport.URL + "/intl/kiosk"),
			has: []string{"Владелица киоска Анна Соколова сказала"}},
		{name: "PDF where HTML was promised", url: bayport.URL + "/files/report",
			err: "extract " + bayport.URL + "/files/report: unsupported content (application/pdf)", sentinel: fetch.ErrUnsupported},
		{name: "image", url: bayport.URL + "/img/pier.jpg",
			err: "extract " + bayport.URL + "/img/pier.jpg: unsupported content (image/jpeg)", sentinel: fetch.ErrUnsupported},
		{name: "home page: headlines only", url: bayport.URL + "/feeds/home",
			err: "extract " + bayport.URL + "/feeds/home: no article text", sentinel: page.ErrNoText},
		{name: "consent wall", url: bayport.URL + "/feeds/consent",
			err: "extract " + bayport.URL + "/feeds/consent: no article text", sentinel: page.ErrNoText},
		{name: "JSON that is not a feed", url: bayport.URL + "/api/status",
			err: "extract " + bayport.URL + "/api/status: unsupported content (application/json)", sentinel: fetch.ErrUnsupported},
		{name: "empty body", url: bayport.URL + "/empty",
			err: "extract " + bayport.URL + "/empty: empty file", sentinel: page.ErrEmpty},
		{name: "404", url: bayport.URL + "/news/library-hours",
			err: "fetch " + bayport.URL + "/news/library-hours: HTTP 404"},
		{name: "not http", url: "ftp://files.example/report.txt",
			err: "fetch ftp://files.example/report.txt: not an http(s) URL", sentinel: fetch.ErrNotHTTP},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, errs := Load(context.Background(), []string{tt.url}, LoadOptions{Getter: testClient()})
			if tt.err != "" {
				if len(arts) != 0 || len(errs) != 1 {
					t.Fatalf("Load(%s) = %d articles, errors %q; want the error %q", tt.url, len(arts), errs, tt.err)
				}
				if errs[0].Error() != tt.err || tt.sentinel != nil && !errors.Is(errs[0], tt.sentinel) {
					t.Errorf("Load(%s) error = %q; want %q wrapping %v", tt.url, errs[0], tt.err, tt.sentinel)
				}
				return
			}
			if len(errs) != 0 || len(arts) != 1 {
				t.Fatalf("Load(%s) = %d articles, errors %q; want 1 article", tt.url, len(arts), errs)
			}
			a := arts[0]
			if a.Title != tt.title || tt.outlet != "" && a.Outlet != tt.outlet || a.ID != tt.id {
				t.Errorf("Load(%s) = title %q, outlet %q, ID %q; want %q, %q, %q", tt.url, a.Title, a.Outlet, a.ID, tt.title, tt.outlet, tt.id)
			}
			if strings.Contains(a.URL, "utm_") || strings.Contains(a.URL, "#") {
				t.Errorf("Load(%s).URL = %q: tracking or fragment kept", tt.url, a.URL)
			}
			for _, h := range tt.has {
				if !strings.Contains(a.Text, h) {
					t.Errorf("Load(%s) text lacks %q:\n%s", tt.url, h, a.Text)
				}
			}
			checkClean(t, a)
		})
	}
}

func TestLoadFeedsOnly(t *testing.T) {
	bayport, _ := newsSites(t)
	tests := []struct {
		name   string
		url    string
		titles int
		err    string
	}{
		{"feed", bayport.URL + "/feeds/local.json", 3, ""},
		{"page that links its feed", bayport.URL + "/feeds/home", 5, "fetch " + bayport.URL + "/news/library-hours: HTTP 404 (kept the feed's teaser)"},
		{"consent wall at the feed URL", bayport.URL + "/feeds/consent", 0, "parse feed " + bayport.URL + "/feeds/consent: not a feed (text/html)"},
		{"article page", bayport.URL + "/arts/mural-restored", 0, "parse feed " + bayport.URL + "/arts/mural-restored: not a feed (text/html)"},
		{"PDF", bayport.URL + "/files/report", 0, "extract " + bayport.URL + "/files/report: unsupported content (application/pdf)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, errs := Load(context.Background(), []string{tt.url}, LoadOptions{Getter: testClient(), FeedsOnly: true})
			if len(arts) != tt.titles {
				t.Errorf("Load(%s) = %q; want %d articles", tt.url, titles(arts), tt.titles)
			}
			switch {
			case tt.err == "" && len(errs) != 0:
				t.Errorf("Load(%s) errors = %q; want none", tt.url, errs)
			case tt.err != "" && (len(errs) != 1 || errs[0].Error() != tt.err):
				t.Errorf("Load(%s) errors = %q; want [%q]", tt.url, errs, tt.err)
			}
			if strings.Contains(tt.err, "not a feed") && !errors.Is(errs[0], feed.ErrNotFeed) {
				t.Errorf("Load(%s) error %v does not wrap feed.ErrNotFeed", tt.url, errs[0])
			}
		})
	}
}

func TestLoadConditional(t *testing.T) {
	bayport, _ := newsSites(t)
	feed := bayport.URL + "/feeds/local.json"
	store := &memoryValidators{}
	opts := LoadOptions{Getter: testClient(), Validators: store}

	arts, errs := Load(context.Background(), []string{feed}, opts)
	if len(arts) != 3 || len(errs) != 0 {
		t.Fatalf("first Load = %d articles, errors %q; want 3, none", len(arts), errs)
	}
	etag, _, ok := store.Get(feed)
	if !ok || etag == "" {
		t.Fatalf("validators after the first Load = %q, %v; want the ETag", etag, ok)
	}

	arts, errs = Load(context.Background(), []string{feed}, opts)
	if len(arts) != 0 || len(errs) != 0 {
		t.Errorf("second Load of an unchanged feed = %q, errors %q; want nothing", titles(arts), errs)
	}
	if _, notModified := bayport.count("/feeds/local.json"); notModified != 1 {
		t.Errorf("server answered %d conditional requests with 304; want 1", notModified)
	}
	// A page is never fetched conditionally: validators are for feeds.
	page := bayport.URL + "/arts/mural-restored"
	for range 2 {
		if arts, errs := Load(context.Background(), []string{page}, opts); len(arts) != 1 || len(errs) != 0 {
			t.Errorf("Load(%s) = %d articles, errors %q; want 1", page, len(arts), errs)
		}
	}
	if _, _, ok := store.Get(page); ok {
		t.Errorf("validators stored for the page %s", page)
	}
}

// writeFixture writes a fixture with its variables replaced into dir.
func writeFixture(t *testing.T, dir, name string, vars *strings.Replacer) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "web", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(vars.Replace(string(data))), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadLists(t *testing.T) {
	bayport, valley := newsSites(t)
	dir := t.TempDir()
	txt := writeFixture(t, dir, "feeds.txt", bayport.vars)
	opml := writeFixture(t, dir, "subscriptions.opml", bayport.vars)
	listed, err := os.ReadFile(txt)
	if err != nil {
		t.Fatal(err)
	}
	wantFeeds := []string{bayport.URL + "/feeds/top.rss", valley.URL + "/feeds/valley.atom", bayport.URL + "/feeds/local.json"}
	tests := []struct {
		name   string
		inputs []string
		stdin  string
		total  int
	}{
		{"text list", []string{txt}, "", 3},
		{"OPML", []string{opml}, "", 3},
		{"list on stdin", []string{"-"}, string(listed), 3},
		{"remote OPML", []string{bayport.URL + "/subs.opml"}, "", 4},
		{"remote text list", []string{bayport.URL + "/feeds.txt"}, "", 4},
		{"a feed listed twice is loaded once", []string{txt, bayport.URL + "/feeds/top.rss", opml}, "", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var last Progress
			arts, errs := Load(context.Background(), tt.inputs, LoadOptions{
				Getter:    testClient(),
				Stdin:     strings.NewReader(tt.stdin),
				FeedsOnly: true,
				Progress:  func(p Progress) { last = p },
			})
			var feeds []string
			for _, a := range arts {
				if !slices.Contains(feeds, a.Feed) {
					feeds = append(feeds, a.Feed)
				}
			}
			if !slices.Equal(feeds, wantFeeds) {
				t.Errorf("feeds loaded = %q; want %q", feeds, wantFeeds)
			}
			if len(arts) != 11 || len(errs) != 1 {
				t.Errorf("Load = %d articles, errors %q; want 11 and the library's 404", len(arts), errs)
			}
			if want := (Progress{Done: tt.total, Total: tt.total}); last != want {
				t.Errorf("last progress = %+v; want %+v", last, want)
			}
		})
	}
}

func TestLoadNestedList(t *testing.T) {
	bayport, _ := newsSites(t)
	list := filepath.Join(t.TempDir(), "lists.txt")
	os.WriteFile(list, []byte(bayport.URL+"/feeds.txt\n"), 0o644)
	arts, errs := Load(context.Background(), []string{list}, LoadOptions{Getter: testClient()})
	want := "read " + bayport.URL + "/feeds.txt: unsupported content (a subscription list inside a subscription list)"
	if len(arts) != 0 || len(errs) != 1 || errs[0].Error() != want || !errors.Is(errs[0], fetch.ErrUnsupported) {
		t.Errorf("Load(list of lists) = %d articles, errors %q; want [%q]", len(arts), errs, want)
	}
}

func TestLoadListErrors(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "feeds.txt")
	os.WriteFile(list, []byte("# feeds\nhttps://one.example/feed.xml\nhtps://two.example/feed.xml\nhttps://three.example/rss\n"), 0o644)
	emptyOPML := filepath.Join(dir, "empty.opml")
	os.WriteFile(emptyOPML, []byte(`<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="nothing"/></body></opml>`), 0o644)

	_, errs := Load(context.Background(), []string{list, emptyOPML}, LoadOptions{})
	want := []string{
		"fetch https://one.example/feed.xml: fetching URLs is not enabled",
		"fetch https://three.example/rss: fetching URLs is not enabled",
		`read ` + list + `:3: "htps://two.example/feed.xml": not an http(s) URL`,
		"read " + emptyOPML + ": no articles (no feed URLs in the subscription list)",
	}
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	if !slices.Equal(got, want) {
		t.Errorf("Load errors =\n%q\nwant\n%q", got, want)
	}
	if !errors.Is(errs[0], ErrNoGetter) || !errors.Is(errs[2], fetch.ErrNotHTTP) || !errors.Is(errs[3], page.ErrNoArticles) {
		t.Errorf("Load errors %v do not wrap ErrNoGetter, fetch.ErrNotHTTP, page.ErrNoArticles", errs)
	}
}

func TestLoadLocal(t *testing.T) {
	bayport, valley := newsSites(t)
	dir := t.TempDir()
	feed := writeFixture(t, dir, "top.rss", bayport.vars)
	writeFixture(t, dir, "valley.atom", valley.vars)
	page := writeFixture(t, dir, "bike-lanes.html", bayport.vars)
	os.WriteFile(filepath.Join(dir, "note.txt"), []byte("The ferry to Gull Point will run every half hour from June 1, the harbor authority said on Friday.\n"), 0o644)

	t.Run("feed file without a getter keeps its teasers", func(t *testing.T) {
		arts, errs := Load(context.Background(), []string{feed}, LoadOptions{})
		if len(errs) != 0 {
			t.Errorf("Load errors = %q; want none", errs)
		}
		var teasers []string
		for _, a := range arts {
			if a.Teaser {
				teasers = append(teasers, a.Title)
			}
			if a.Feed != feed {
				t.Errorf("%q: Feed = %q; want %q", a.Title, a.Feed, feed)
			}
		}
		want := []string{"City council approves new bike lanes on Shore Road", "Library extends weekend hours for exam season",
			"City council approves new bike lanes on Shore Road", "Storm system to bring heavy rain to the coast"}
		if !slices.Equal(teasers, want) {
			t.Errorf("teasers = %q; want %q", teasers, want)
		}
	})
	t.Run("feed file with a getter follows its teasers", func(t *testing.T) {
		arts, errs := Load(context.Background(), []string{feed}, LoadOptions{Getter: testClient()})
		if len(arts) != 5 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "library-hours: HTTP 404") {
			t.Errorf("Load = %d articles, errors %q; want 5 and the library's 404", len(arts), errs)
		}
		if a := arts[1]; a.Teaser || !strings.Contains(a.Text, "Mayor Elena Ruiz") {
			t.Errorf("bike-lanes item: teaser %v, text %q; want the page's text", a.Teaser, a.Text)
		}
	})
	t.Run("directory", func(t *testing.T) {
		arts, errs := Load(context.Background(), []string{dir}, LoadOptions{})
		// bike-lanes.html, note.txt, top.rss (5 items), valley.atom (3).
		if len(arts) != 10 || len(errs) != 0 {
			t.Errorf("Load(dir) = %q, errors %q; want 10 articles", titles(arts), errs)
		}
	})
	t.Run("page and text files read as ReadPaths reads them", func(t *testing.T) {
		want, _ := ReadPaths(context.Background(), []string{page, filepath.Join(dir, "note.txt")}, nil)
		got, errs := Load(context.Background(), []string{page, filepath.Join(dir, "note.txt")}, LoadOptions{})
		if len(errs) != 0 || !slices.EqualFunc(got, want, func(a, b news.Article) bool { return a == b }) {
			t.Errorf("Load = %+v, %q; want %+v", got, errs, want)
		}
	})
	t.Run("missing file, empty directory, no stdin", func(t *testing.T) {
		empty := filepath.Join(dir, "empty")
		os.Mkdir(empty, 0o755)
		_, errs := Load(context.Background(), []string{filepath.Join(dir, "nope.txt"), empty, "-"}, LoadOptions{})
		want := []string{
			"read " + filepath.Join(dir, "nope.txt") + ": no such file or directory",
			"read " + empty + "/: no articles",
			"read stdin: invalid argument",
		}
		var got []string
		for _, e := range errs {
			got = append(got, e.Error())
		}
		if !slices.Equal(got, want) || !errors.Is(errs[0], os.ErrNotExist) {
			t.Errorf("Load errors = %q; want %q", got, want)
		}
	})
}

func TestLoadUntrusted(t *testing.T) {
	bayport, _ := newsSites(t)
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.txt")
	os.WriteFile(secret, []byte("The vault code is written on the back of the harbor master's calendar.\n"), 0o644)

	t.Run("paths and stdin are refused", func(t *testing.T) {
		arts, errs := Load(context.Background(), []string{secret, dir, "-"}, LoadOptions{Untrusted: true, Stdin: strings.NewReader("text")})
		if len(arts) != 0 || len(errs) != 3 {
			t.Fatalf("Load = %d articles, errors %q; want 3 errors", len(arts), errs)
		}
		for _, err := range errs {
			if !errors.Is(err, ErrLocalInput) {
				t.Errorf("error %q does not wrap ErrLocalInput", err)
			}
		}
	})
	t.Run("loopback URLs are refused by the client", func(t *testing.T) {
		arts, errs := Load(context.Background(), []string{bayport.URL + "/feeds/top.rss"}, LoadOptions{Getter: testClient(), Untrusted: true})
		if len(arts) != 0 || len(errs) != 1 || !errors.Is(errs[0], fetch.ErrForbiddenAddress) {
			t.Errorf("Load = %d articles, errors %q; want fetch.ErrForbiddenAddress", len(arts), errs)
		}
	})
	t.Run("every fetch is untrusted, feed items' pages included", func(t *testing.T) {
		c := fetch.NewClient(fetch.ClientOptions{Retries: -1, Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}})
		var mu sync.Mutex
		var trusted []string
		g := getterFunc(func(ctx context.Context, r fetch.Request) (*fetch.Response, error) {
			if !r.Untrusted {
				mu.Lock()
				trusted = append(trusted, r.URL)
				mu.Unlock()
			}
			return c.Fetch(ctx, r)
		})
		arts, _ := Load(context.Background(), []string{bayport.URL + "/feeds/top.rss"}, LoadOptions{Getter: g, Untrusted: true})
		if len(arts) != 5 || len(trusted) != 0 {
			t.Errorf("Load = %d articles, trusted fetches %q; want 5 articles, none", len(arts), trusted)
		}
	})
}

func TestLoadCanceled(t *testing.T) {
	bayport, valley := newsSites(t)
	c := testClient()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop := bayport.URL + "/feeds/local.json"
	g := getterFunc(func(ctx context.Context, r fetch.Request) (*fetch.Response, error) {
		if r.URL == stop {
			cancel() // the user gives up while this feed loads
			<-ctx.Done()
			return nil, fmt.Errorf("fetch %s: %w", r.URL, ctx.Err())
		}
		return c.Fetch(ctx, r)
	})
	inputs := []string{bayport.URL + "/news/harbor-pier", stop, valley.URL + "/feeds/valley.atom"}
	arts, errs := Load(ctx, inputs, LoadOptions{Getter: g, Workers: 1})
	if got := titles(arts); !slices.Equal(got, []string{"Harbor pier reopens after six weeks of repairs"}) {
		t.Errorf("Load after cancel = %q; want the page loaded before it", got)
	}
	if len(errs) != 2 {
		t.Fatalf("Load errors = %q; want 2", errs)
	}
	for i, want := range []string{"fetch " + stop + ": context canceled", "fetch " + valley.URL + "/feeds/valley.atom: context canceled"} {
		if errs[i].Error() != want || !errors.Is(errs[i], context.Canceled) {
			t.Errorf("error %d = %q; want %q", i, errs[i], want)
		}
	}

	// A teaser whose page fetch is cut off is kept.
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	g2 := getterFunc(func(ctx context.Context, r fetch.Request) (*fetch.Response, error) {
		if strings.HasSuffix(r.URL, "/arts/mural-restored") {
			cancel2()
			return nil, fmt.Errorf("fetch %s: %w", r.URL, ctx.Err())
		}
		return c.Fetch(ctx, r)
	})
	arts, errs = Load(ctx2, []string{bayport.URL + "/feeds/local.json"}, LoadOptions{Getter: g2, Workers: 1})
	if len(arts) != 3 || !arts[1].Teaser || len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Errorf("Load = %q (teaser %v), errors %q; want 3 articles, the mural's teaser kept", titles(arts), len(arts) > 1 && arts[1].Teaser, errs)
	}
}

func TestLoadWorkers(t *testing.T) {
	bayport, valley := newsSites(t)
	c := testClient()
	var mu sync.Mutex
	inFlight, peak := 0, 0
	g := getterFunc(func(ctx context.Context, r fetch.Request) (*fetch.Response, error) {
		mu.Lock()
		inFlight++
		peak = max(peak, inFlight)
		mu.Unlock()
		defer func() {
			mu.Lock()
			inFlight--
			mu.Unlock()
		}()
		return c.Fetch(ctx, r)
	})
	inputs := []string{bayport.URL + "/feeds/top.rss", valley.URL + "/feeds/valley.atom", bayport.URL + "/feeds/local.json"}
	arts, _ := Load(context.Background(), inputs, LoadOptions{Getter: g, Workers: 2})
	if len(arts) != 11 || peak > 2 {
		t.Errorf("Load = %d articles with %d fetches at once; want 11 with at most 2", len(arts), peak)
	}
}

// memoryValidators is a ValidatorStore in memory for tests, safe for concurrent
// use. Its zero value is ready to use.
type memoryValidators struct {
	mu sync.Mutex
	m  map[string][2]string
}

// Get implements ValidatorStore.
func (v *memoryValidators) Get(url string) (etag, lastModified string, ok bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	e, ok := v.m[url]
	return e[0], e[1], ok
}

// Put implements ValidatorStore.
func (v *memoryValidators) Put(url, etag, lastModified string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.m == nil {
		v.m = make(map[string][2]string)
	}
	v.m[url] = [2]string{etag, lastModified}
}
