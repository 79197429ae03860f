package summarize_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/summarize"
	"github.com/digestbot/digestbot/tokenize"
)

// rescue is an invented story of three articles.
var rescue = []news.Article{
	{ID: "a", Outlet: "Coast Times", Language: "en", Title: "Fishermen rescued off Cape Morra", Text: "Coastguards rescued six fishermen from a sinking trawler off Cape Morra on Sunday.\n" +
		"The trawler Northern Star sent a distress call shortly after dawn.\n" +
		"A lifeboat from Port Ellis reached the crew within forty minutes.\n" +
		"Two of the fishermen were treated in hospital for hypothermia.\n" +
		"The cause of the leak is not yet known, the harbour master said."},
	{ID: "b", Outlet: "Harbour Post", Language: "en", Title: "Six saved as trawler sinks", Text: "Six fishermen were saved when their trawler sank off Cape Morra on Sunday morning.\n" +
		"The Northern Star had left Port Ellis the night before.\n" +
		"Rescuers winched four men into a helicopter and took two aboard the lifeboat.\n" +
		"The skipper, Tom Varga, thanked the rescue crews.\n" +
		"Marine investigators will examine the wreck next week."},
	{ID: "c", Outlet: "Bay News", Language: "en", Title: "Trawler sinks off Cape Morra", Text: "A trawler sank off Cape Morra on Sunday, and all six of its crew survived.\n" +
		"Waves of up to five metres battered the coast overnight.\n" +
		"The Northern Star was built in 1987 and had passed an inspection in May.\n" +
		"Local fishermen said the boat was well maintained."},
}

// TestFacts: a digest's facts are every fact its candidates hold, each
// bullet's among them, distinct, most central first, credited, capped;
// and asking for them changes no bullet.
func TestFacts(t *testing.T) {
	stories := map[string][]news.Article{"rescue": rescue}
	if dirs, _ := filepath.Glob(filepath.Join(sharedStories, "*", "articles")); len(dirs) > 0 {
		for _, name := range []string{"paris-summit", "multinews-007", "multinews-040"} {
			stories[name], _ = loadStory(t, name)
		}
	}
	for name, arts := range stories {
		t.Run(name, func(t *testing.T) {
			d := mustSummarize(t, arts, summarize.Options{})
			if len(d.Bullets) == 0 || len(d.Facts) <= len(d.Bullets) {
				t.Fatalf("%d bullets, %d facts; want facts beyond the bullets", len(d.Bullets), len(d.Facts))
			}
			l := tokenize.For(d.Language)
			var gists []tokenize.Gist
			for i, f := range d.Facts {
				if n := news.CountWords(f.Text); n < 6 || n > 20 {
					t.Errorf("fact %q has %d words; want a bullet's 6–20", f.Text, n)
				}
				if i > 0 && f.Score > d.Facts[i-1].Score {
					t.Errorf("fact %q (%.3f) after one of %.3f: want the most central first", f.Text, f.Score, d.Facts[i-1].Score)
				}
				if len(f.Sources) == 0 || !slices.IsSorted(f.Sources) || f.Sources[0] < 0 || f.Sources[len(f.Sources)-1] >= len(d.Articles) {
					t.Errorf("fact %q credited to %v; want sorted indexes of its articles", f.Text, f.Sources)
				}
				gists = append(gists, l.Gist(f.Text))
			}
			for i := range gists {
				for j := range i {
					if tokenize.Covered(gists[i], gists[j:j+1]) && tokenize.Covered(gists[j], gists[i:i+1]) {
						t.Errorf("facts %q and %q say the same", d.Facts[j].Text, d.Facts[i].Text)
					}
				}
			}
			for _, b := range d.Bullets {
				k := slices.IndexFunc(d.Facts, func(f news.Bullet) bool { return f.Text == b.Text })
				switch {
				case k >= 0 && (d.Facts[k].Score != b.Score || !slices.Equal(d.Facts[k].Sources, b.Sources)):
					t.Errorf("bullet %q: fact %+v; want the bullet's score and sources", b.Text, d.Facts[k])
				case k < 0 && !tokenize.Covered(l.Gist(b.Text), gists):
					t.Errorf("bullet %q is not among the facts", b.Text)
				}
			}
			for _, n := range []int{-1, 3} {
				o := mustSummarize(t, arts, summarize.Options{Facts: n})
				if !slices.EqualFunc(o.Bullets, d.Bullets, func(a, b news.Bullet) bool { return a.Text == b.Text && a.Score == b.Score }) || o.Title != d.Title {
					t.Errorf("Facts: %d changed the digest: %+v", n, o.Bullets)
				}
				if want := max(0, min(n, len(d.Facts))); len(o.Facts) != want {
					t.Errorf("Facts: %d gave %d facts; want %d", n, len(o.Facts), want)
				}
			}
		})
	}
}
