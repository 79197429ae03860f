package news

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckDigest(t *testing.T) {
	story := Story{Title: "Harwick approves flood barrier", Articles: []Article{
		{URL: "https://courier.example/barrier", Outlet: "Courier", Title: "Harwick approves flood barrier",
			Text: "The council of Harwick approved the flood barrier on Tuesday night, after a four-hour debate.\nThe barrier will cost 86 million dollars."},
		{URL: "https://ledger.example/harwick", Outlet: "Ledger", Title: "Barrier vote: what it means for Harwick",
			Text: "Work on the barrier starts in May, the council said.\n北京市发布新规。"},
	}}
	other := Article{URL: "https://sport.example/rovers", Outlet: "Sport Today", Title: "Rovers beat United 3-1",
		Text: "Rovers came from behind to beat United 3-1 on Tuesday night."}
	sources := []Source{{Outlet: "Courier", Title: "Harwick approves flood barrier", URL: "https://courier.example/barrier"}, {Outlet: "Ledger"}}
	good := Digest{Title: "Harwick approves flood barrier", Articles: sources, Bullets: []Bullet{
		{Text: "Council of Harwick approved the flood barrier on Tuesday night.", Sources: []int{0}},
		{Text: "Barrier will cost 86 million dollars", Sources: []int{1, 0}}, // carried by both, read in the second
		{Text: "Work on the barrier starts in May.", Sources: []int{1}},
		{Text: "北京市发布", Sources: []int{1}},
	}}
	with := func(f func(d *Digest)) Digest {
		d := good
		d.Articles = append([]Source(nil), good.Articles...)
		d.Bullets = append([]Bullet(nil), good.Bullets...)
		f(&d)
		return d
	}
	tests := []struct {
		name string
		d    Digest
		want string // in the error; "" for none
	}{
		{"a digest of the story", good, ""},
		{"no headline of its own", with(func(d *Digest) { d.Title = "" }), ""},
		{"a headline alone", Digest{Title: "Harwick approves flood barrier"}, ""},
		{"bullets without sources", with(func(d *Digest) { d.Articles = nil }), "0 sources for the story's 2 articles"},
		{"a fact headline from a line", with(func(d *Digest) { d.Title = "Council approved the flood barrier" }), ""},
		{"a headline from the other article's title", with(func(d *Digest) { d.Title = "Barrier vote" }), ""},
		{"a headline from another story", with(func(d *Digest) { d.Title = "Rovers beat United" }), "the headline is in none"},
		{"a bullet from another story", with(func(d *Digest) {
			d.Bullets[2] = Bullet{Text: "Rovers came from behind to beat United 3-1.", Sources: []int{1}}
		}), `bullet 2 "Rovers came from behind to beat United 3-1." is in none`},
		{"a bullet with a word added", with(func(d *Digest) {
			d.Bullets[0] = Bullet{Text: "The council of Harwick rejected the flood barrier.", Sources: []int{0}}
		}), "bullet 0"},
		{"a bullet across two lines", with(func(d *Digest) {
			d.Bullets[0] = Bullet{Text: "after a four-hour debate the barrier will cost 86 million", Sources: []int{0}}
		}), "bullet 0"},
		{"a bullet citing no article", with(func(d *Digest) { d.Bullets[1].Sources = nil }), "cites no article"},
		{"a bullet citing an article beyond the story", with(func(d *Digest) { d.Bullets[1].Sources = []int{0, 2} }), "cites article 2 of 2"},
		{"a source of another story", with(func(d *Digest) { d.Articles[1] = Source{Outlet: other.Outlet, Title: other.Title, URL: other.URL} }), "source 1"},
		{"a source more", with(func(d *Digest) { d.Articles = append(d.Articles, Source{Outlet: "Sport Today"}) }), "3 sources for the story's 2 articles"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckDigest(story, tt.d)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("CheckDigest = %v; want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrDisagree)):
				t.Errorf("CheckDigest = %v; want an ErrDisagree naming %q", err, tt.want)
			}
		})
	}
}

func TestArticleSays(t *testing.T) {
	a := Article{Title: "Harwick approves flood barrier", Text: "The council of Harwick approved the flood barrier on Tuesday night.\nIt will cost 86 million."}
	tests := []struct {
		text string
		want bool
	}{
		{"Harwick approves barrier", true},
		{"council approved the barrier.", true},
		{"It will cost 86 million", true},
		{"barrier will cost 86 million", false}, // across two lines
		{"the council rejected the barrier", false},
	}
	for _, tt := range tests {
		if got := a.Says(tt.text); got != tt.want {
			t.Errorf("Says(%q) = %v; want %v", tt.text, got, tt.want)
		}
	}
}
