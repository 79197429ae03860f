package bot

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
)

// TestBriefFilter: a brief with include:, exclude: and min_outlets: posts
// only the stories that qualify, and a story left out takes no place among
// its top stories.
func TestBriefFilter(t *testing.T) {
	lead := strings.Repeat("Delegates met on Tuesday and talked late into the night. ", 4)
	story := func(id, title string, outlets ...string) []news.Article {
		var arts []news.Article
		for _, o := range outlets {
			arts = append(arts, news.Article{ID: id + "/" + o, Outlet: o, Feed: "https://feeds.example/rss", Title: title, Text: o + " reports: " + title + ". " + lead})
		}
		return arts
	}
	passing := story("budget", "Budget passes", "AP", "Reuters")
	passing[1].Text += "\nThe climate fund was left as it was."
	ranked := [][]news.Article{
		story("final", "Football final ends in climate protest", "AP", "Reuters", "BBC"), // excluded
		story("report", "Climate report published", "AP"),                                // too few outlets
		passing, // climate only in passing
		story("summit", "Climate summit opens", "AP", "Reuters"),
		story("tax", "Carbon tax for the climate", "AP", "BBC"),
		story("deal", "Climate deal signed", "AP", "BBC"), // past the brief's two stories
	}
	var arts []news.Article
	for _, s := range ranked {
		arts = append(arts, s...)
	}
	// The grouper gives the stories in the order ranked lists them,
	// whatever the order of the articles.
	group := GroupFunc(func(arts []news.Article, _ []news.Story) []news.Story {
		var out []news.Story
		for _, r := range ranked {
			s := news.Story{Title: r[0].Title}
			s.ID, _, _ = strings.Cut(r[0].ID, "/")
			for _, a := range arts {
				if strings.HasPrefix(a.ID, s.ID+"/") {
					s.Articles = append(s.Articles, a)
				}
			}
			out = append(out, s)
		}
		return out
	})
	// One bullet per article: its first line.
	summarizer := SummarizeFunc(func(ctx context.Context, s news.Story) (news.Digest, error) {
		var d news.Digest
		for i, a := range s.Articles {
			first, _, _ := strings.Cut(a.Text, "\n")
			d.Articles = append(d.Articles, news.Source{Outlet: a.Outlet})
			d.Bullets = append(d.Bullets, news.Bullet{Text: first, Sources: []int{i}})
		}
		return d, nil
	})

	tests := []struct {
		name     string
		filter   news.Filter
		want     []string
		filtered int // stories left out
	}{
		{"no filter", news.Filter{}, []string{"Football final ends in climate protest", "Climate report published"}, 0},
		{"filtered", news.Filter{Include: []string{"climate"}, Exclude: []string{"football"}, MinOutlets: 2},
			[]string{"Climate summit opens", "Carbon tax for the climate"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
			r, w, box, b := testRunner(t, clk)
			r.Grouper = group
			b.Stories, b.Filter, b.Summarizer = 2, tt.filter, summarizer
			w.set(arts...)
			rep, err := r.MakeRun(ctx, b, clk.Now())
			if err != nil {
				t.Fatal(err)
			}
			if rep.Stories != 6-tt.filtered || rep.Filtered != tt.filtered {
				t.Errorf("the run reports %d stories, %d filtered; want %d and %d", rep.Stories, rep.Filtered, 6-tt.filtered, tt.filtered)
			}
			if _, err := r.Deliver(ctx); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range box.posts() {
				got = append(got, d.Title)
			}
			slices.Sort(got) // the outbox's order
			slices.Sort(tt.want)
			if !slices.Equal(got, tt.want) {
				t.Errorf("posted %q; want %q", got, tt.want)
			}
		})
	}
}
