package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// filterStories are three stories, each told by two outlets in words of
// their own: a title and paragraphs per outlet. The budget story names
// the climate once, in passing, in one article.
var filterStories = []struct {
	name     string
	articles [2][]string
}{
	{"summit", [2][]string{
		{"Leaders open climate summit in Lisbon",
			"Leaders of forty countries opened a climate summit in Lisbon on Monday, pledging to cut emissions faster than agreed in Paris.",
			"Portugal's prime minister told delegates that the summit must end with a binding timetable for coal.",
			"Delegates from island nations said the pledges were still too weak to protect their coasts."},
		{"Climate summit opens in Lisbon with new pledges",
			"A climate summit opened in Lisbon on Monday as leaders of forty countries pledged faster cuts to emissions.",
			"The Portuguese prime minister asked the delegates for a binding timetable to end coal power.",
			"Island nations said the new pledges would not protect their coasts from rising seas."},
	}},
	{"final", [2][]string{
		{"Porto win the football cup final",
			"Porto won the football cup final on Sunday, beating Braga three goals to one in front of fifty thousand fans.",
			"Their striker scored twice in the second half after Braga had led at the break.",
			"The coach said the cup was the best moment of his career."},
		{"Porto beat Braga to lift the cup",
			"Porto beat Braga three goals to one on Sunday to win the football cup final before fifty thousand fans.",
			"The striker scored two goals in the second half after Braga led at half time.",
			"Porto's coach called the cup the best moment of his career."},
	}},
	{"budget", [2][]string{
		{"Parliament passes the spring budget",
			"Parliament passed the spring budget on Friday by twelve votes, after a night of debate over pensions and rents.",
			"The finance minister said the budget raises pensions by three percent and freezes rents for a year.",
			"Opposition members said the rent freeze would hurt small landlords in the cities.",
			"A fund for the climate was left unchanged, the minister added."},
		{"Budget passes after a night of debate",
			"The spring budget passed parliament by twelve votes on Friday after a night of debate on pensions and rents.",
			"Pensions rise by three percent and rents are frozen for a year, the finance minister said.",
			"The opposition said small landlords in the cities would suffer from the rent freeze."},
	}},
}

// filterSites serves filterStories: one site (and feed) per outlet.
func filterSites(t *testing.T) []string {
	t.Helper()
	var feeds []string
	for o, outlet := range []string{"Lisbon Courier", "Porto Herald"} {
		mux := http.NewServeMux()
		srv := httptest.NewServer(mux)
		t.Cleanup(srv.Close)
		mux.HandleFunc("GET /feed.rss", func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			fmt.Fprintf(rw, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>%s</title><link>%s/</link>`, outlet, srv.URL)
			for i, s := range filterStories {
				fmt.Fprintf(rw, "<item><title>%s</title><link>%s/a/%d</link><guid>%s/a/%d</guid><pubDate>%s</pubDate></item>\n",
					s.articles[o][0], srv.URL, i, srv.URL, i, time.Now().Add(-time.Duration(i+1)*time.Hour).UTC().Format(time.RFC1123Z))
			}
			fmt.Fprint(rw, "</channel></rss>")
		})
		mux.HandleFunc("GET /a/{i}", func(rw http.ResponseWriter, r *http.Request) {
			var i int
			if _, err := fmt.Sscan(r.PathValue("i"), &i); err != nil || i < 0 || i >= len(filterStories) {
				http.NotFound(rw, r)
				return
			}
			a := filterStories[i].articles[o]
			rw.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(rw, `<!doctype html><html><head><title>%s</title><meta property="og:site_name" content="%s"></head><body><article><h1>%s</h1><p>%s</p></article></body></html>`,
				a[0], outlet, a[0], strings.Join(a[1:], "</p><p>"))
		})
		feeds = append(feeds, srv.URL+"/feed.rss")
	}
	return feeds
}

// TestBriefFilterFromConfig: a brief's include:, exclude: and min_outlets:
// reach its runs, and a run whose filters leave out every story says so
// and is no failure.
func TestBriefFilterFromConfig(t *testing.T) {
	const (
		summit = "climate summit"
		final  = "cup final"
		budget = "budget"
	)
	tests := []struct {
		name      string
		filter    string
		want, not []string
		line      string // the plain line, "" for none
	}{
		{"no filter", "", []string{summit, final, budget}, nil, ""},
		{"include", "    include: [Climate]\n", []string{summit}, []string{final, budget}, ""},
		{"exclude and outlets", "    exclude: football\n    min_outlets: 2\n", []string{summit, budget}, []string{final}, ""},
		{"too few outlets", "    min_outlets: 3\n", nil, []string{summit, final, budget},
			"digestbot: brief morning: nothing to post: its filters (include, exclude, min_outlets) leave out all 3 stories"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := onceConfig(t, filterSites(t)...)
			data, _ := os.ReadFile(cfg)
			os.WriteFile(cfg, append(data, tt.filter...), 0o644)
			code, out, errs := runCLI(t, "", "run", "--config", cfg, "--once")
			if code != 0 {
				t.Fatalf("exit %d; want 0. stderr:\n%s", code, errs)
			}
			if plain := plainLines(errs); tt.line == "" && len(plain) > 0 || tt.line != "" && !slices.Equal(plain, []string{tt.line}) {
				t.Errorf("said %q; want %q", plain, tt.line)
			}
			out = strings.ToLower(out)
			for _, s := range tt.want {
				if !strings.Contains(out, s) {
					t.Errorf("the brief does not tell of the %s:\n%s", s, out)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(out, s) {
					t.Errorf("the brief tells of the %s:\n%s", s, out)
				}
			}
		})
	}
}
