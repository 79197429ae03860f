package render

import (
	"testing"

	"github.com/digestbot/digestbot/news"
)

func TestTitleSource(t *testing.T) {
	arts := []news.Source{
		{Outlet: "AP", Title: "Leaders meet in Paris to talk climate", URL: "https://ap.example/1"},
		{Outlet: "Reuters", Title: "Paris summit agrees climate fund - Reuters", URL: "https://reuters.example/2"},
		{Outlet: "BBC", Title: "Paris summit agrees climate fund", URL: "bbc.txt"},
		{Outlet: "Le Monde", Title: "Live: Paris summit agrees climate fund, protests outside", URL: "https://lemonde.example/3"},
		{Outlet: "CNN", Title: "CNN | Talks end late", URL: "https://cnn.example/4"},
		{Outlet: "Wire", Title: "Talks end late", URL: "wire.txt"},
	}
	cases := []struct {
		name  string
		title string
		want  int
	}{
		{"headline of a later article, not the first", "Paris summit agrees climate fund", 1},
		{"case and punctuation aside", "PARIS SUMMIT AGREES CLIMATE FUND!", 1},
		{"outlet as a prefix; linked preferred to a file", "Talks end late", 4},
		{"kicker of the digest's title", "Update: Leaders meet in Paris to talk climate", 0},
		{"only inside a longer headline", "protests outside", 3},
		{"no article's headline", "Fund of $100bn agreed for 2030", -1},
		{"a word short of a headline is still inside it", "Leaders meet in Paris", 0},
		{"empty", "", -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := TitleSource(news.Digest{Title: tc.title, Articles: arts}); got != tc.want {
				t.Errorf("TitleSource(%q) = %d; want %d", tc.title, got, tc.want)
			}
		})
	}
	if got := TitleSource(news.Digest{Title: "Talks end late"}); got != -1 {
		t.Errorf("TitleSource without articles = %d; want -1", got)
	}
}
