package bot

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/summarize"
)

// updateArticles reads the invented articles of testdata/update by outlet:
// in each file "N-outlet.txt" the first line is the headline, the rest the
// text. courier, gazette and post tell a story; herald adds four facts to
// it, none central enough for the story's top bullets; echo only repeats
// what the first three said.
func updateArticles(t *testing.T) map[string]news.Article {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "update", "*.txt"))
	if err != nil || len(files) != 5 {
		t.Fatalf("testdata/update: %v (%d files; want 5)", err, len(files))
	}
	out := map[string]news.Article{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		title, text, _ := strings.Cut(string(b), "\n")
		_, outlet, _ := strings.Cut(strings.TrimSuffix(filepath.Base(f), ".txt"), "-")
		u := "https://" + outlet + ".example/barrier"
		out[outlet] = news.Article{ID: u, URL: u, Feed: "https://feeds.example/rss", Outlet: strings.ToUpper(outlet[:1]) + outlet[1:],
			Title: title, Text: text, Language: "en"}
	}
	return out
}

// heraldFacts are the four facts the herald adds, as its sentences say them.
var heraldFacts = []string{
	"Engineers from the Dutch firm Van Aalst will design the steel gates of the barrier",
	"The gates will close automatically when the river rises above 3.2 metres",
	"A public footpath and a cycle lane will run along the top of the barrier",
	"Anglers have asked for a fish pass so that salmon can still swim upstream",
}

// pick returns the named articles of arts, in that order.
func pick(arts map[string]news.Article, names ...string) []news.Article {
	out := make([]news.Article, len(names))
	for i, n := range names {
		out[i] = arts[n]
	}
	return out
}

func texts(bs []news.Bullet) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.Text
	}
	return out
}

// TestUpdateListsNewFactsBeyondTheTopBullets reproduces what a user saw:
// an article with four new facts joined a posted story and no update came,
// for none of its facts ranked among the story's top bullets. Over the real
// summarizer, the update now lists exactly those facts, and an article
// that only repeats what was posted gives none.
func TestUpdateListsNewFactsBeyondTheTopBullets(t *testing.T) {
	ctx := context.Background()
	arts := updateArticles(t)
	digest := func(names ...string) news.Digest {
		t.Helper()
		d, err := summarize.Summarize(ctx, pick(arts, names...), summarize.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	first := digest("courier", "gazette", "post")
	was := told(first)

	joined := digest("courier", "gazette", "post", "herald")
	for _, b := range joined.Bullets {
		if slices.Contains(b.Sources, 3) {
			t.Fatalf("the herald's fact %q is a top bullet: the story no longer reproduces the report", b.Text)
		}
	}
	old := joined
	old.Facts = nil // what Update had: the top bullets only
	if u := Update(old, was); len(u.Bullets) != 0 {
		t.Fatalf("the top bullets alone give an update %q; the story no longer reproduces the report", texts(u.Bullets))
	}

	u := Update(joined, was)
	if got := texts(u.Bullets); !slices.Equal(sorted(got), sorted(heraldFacts)) {
		t.Errorf("update = %q\nwant the herald's four facts %q", got, heraldFacts)
	}
	if !strings.HasPrefix(u.Title, "Update: ") {
		t.Errorf("update titled %q; want \"Update: …\"", u.Title)
	}
	for _, b := range u.Bullets {
		if !slices.Contains(b.Sources, 3) {
			t.Errorf("new fact %q credited to %v; want the herald (3) among its sources", b.Text, b.Sources)
		}
	}
	// Once the update is posted, the same story has nothing new.
	if again := Update(joined, append(was, told(u)...)); len(again.Bullets) != 0 {
		t.Errorf("after the update, Update = %q; want nothing new", texts(again.Bullets))
	}

	echoed := digest("courier", "gazette", "post", "echo")
	if u := Update(echoed, was); len(u.Bullets) != 0 {
		t.Errorf("an article repeating posted facts gives the update %q; want none", texts(u.Bullets))
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// TestRunBriefUpdatesWithFactsBeyondTheTopBullets runs the report's
// scenario through briefs, the outbox and a real SQLite store with the
// real summarizer: the story is posted, the herald's article joins and
// one update holds its four facts; a run with nothing new and a run with
// an article that only repeats post nothing.
func TestRunBriefUpdatesWithFactsBeyondTheTopBullets(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	r, w, box, b := testRunner(t, clk)
	b.Summarizer = summarize.Stories{}
	arts := updateArticles(t)
	day := clk.Now()
	run := func(names ...string) []news.Digest {
		t.Helper()
		day = day.Add(24 * time.Hour)
		clk.set(day)
		w.set(pick(arts, names...)...)
		if err := r.RunBrief(ctx, b, day); err != nil {
			t.Fatal(err)
		}
		before := len(box.posts())
		if _, err := r.Deliver(ctx); err != nil {
			t.Fatal(err)
		}
		return box.posts()[before:]
	}
	if got := run("courier", "gazette", "post"); len(got) != 1 || strings.HasPrefix(got[0].Title, "Update") {
		t.Fatalf("first run posted %d digests; want the story once", len(got))
	}
	got := run("courier", "gazette", "post", "herald")
	if len(got) != 1 {
		t.Fatalf("the herald's run posted %d digests; want one update", len(got))
	}
	if !strings.HasPrefix(got[0].Title, "Update: ") || !slices.Equal(sorted(texts(got[0].Bullets)), sorted(heraldFacts)) {
		t.Errorf("update %q %q; want the herald's four facts %q", got[0].Title, texts(got[0].Bullets), heraldFacts)
	}
	if got := run("courier", "gazette", "post", "herald"); len(got) != 0 {
		t.Errorf("a run with nothing new posted %q", texts(got[0].Bullets))
	}
	if got := run("courier", "gazette", "post", "herald", "echo"); len(got) != 0 {
		t.Errorf("a run with an article that only repeats posted %q", texts(got[0].Bullets))
	}
}

// TestUpdateNewFacts: which facts of a digest are new against what was
// told, in invented cases.
func TestUpdateNewFacts(t *testing.T) {
	bullets := func(texts ...string) []news.Bullet {
		var out []news.Bullet
		for _, s := range texts {
			out = append(out, news.Bullet{Text: s})
		}
		return out
	}
	approved := "The council approved the flood barrier on Tuesday night"
	many := bullets("Engineers from Van Aalst will design the gates", "The gates close when the river rises above 3.2 metres",
		"A footpath will run along the top of the barrier", "Anglers asked for a fish pass for salmon",
		"Residents packed the public gallery for four hours", "Opponents wanted tree planting upstream instead",
		"Insurers will cut premiums for 4,000 homes")
	for _, c := range []struct {
		name string
		d    news.Digest
		told []string
		want []string
	}{
		{"facts beyond the top bullets",
			news.Digest{Bullets: bullets(approved), Facts: bullets(approved, "Anglers asked for a fish pass for salmon", "Residents packed the public gallery for four hours")},
			[]string{approved}, []string{"Anglers asked for a fish pass for salmon"}}, // one bullet: one new fact
		{"the bullets when there are no facts",
			news.Digest{Bullets: bullets(approved, "Work on the barrier starts in spring")},
			[]string{approved}, []string{"Work on the barrier starts in spring"}},
		{"a paraphrase of what was told is not new",
			news.Digest{Bullets: bullets(approved, "x", "x"), Facts: bullets("Councillors approved the barrier against floods", "Anglers asked for a fish pass for salmon")},
			[]string{approved}, []string{"Anglers asked for a fish pass for salmon"}},
		{"a new number is new",
			news.Digest{Bullets: bullets("x", "x"), Facts: bullets("At least 15 people died in the floods")},
			[]string{"At least 12 people died in the floods"}, []string{"At least 15 people died in the floods"}},
		{"a new name is new",
			news.Digest{Bullets: bullets("x", "x"), Facts: bullets("The ministers will meet again in Berlin")},
			[]string{"The ministers will meet again in Paris"}, []string{"The ministers will meet again in Berlin"}},
		{"two tellings of one new fact give one",
			news.Digest{Bullets: bullets("x", "x", "x"), Facts: bullets("Anglers asked for a fish pass for salmon", "Anglers asked for a salmon fish pass", "A footpath will run along the top of the barrier")},
			[]string{approved}, []string{"Anglers asked for a fish pass for salmon", "A footpath will run along the top of the barrier"}},
		{"at most five",
			news.Digest{Bullets: bullets("1", "2", "3", "4", "5", "6", "7", "8"), Facts: many},
			[]string{approved}, texts(many[:5])},
		{"nothing new",
			news.Digest{Bullets: bullets(approved), Facts: bullets(approved, "The council approved the barrier")},
			[]string{approved}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.d.Title = "Barrier"
			u := Update(c.d, c.told)
			if got := texts(u.Bullets); !slices.Equal(got, c.want) && len(got)+len(c.want) > 0 {
				t.Errorf("Update = %q; want %q", got, c.want)
			}
			wantTitle := "Barrier"
			if len(c.want) > 0 {
				wantTitle = "Update: Barrier"
			}
			if u.Title != wantTitle {
				t.Errorf("title %q; want %q", u.Title, wantTitle)
			}
			if len(u.Facts) != len(c.d.Facts) {
				t.Errorf("Update kept %d facts of %d; want all, for the record", len(u.Facts), len(c.d.Facts))
			}
			if again := Update(u, c.told); again.Title != u.Title || !slices.Equal(texts(again.Bullets), texts(u.Bullets)) {
				t.Errorf("Update of the update = %q %q; want the same", again.Title, texts(again.Bullets))
			}
		})
	}
}

func TestTold(t *testing.T) {
	d := news.Digest{Bullets: []news.Bullet{{Text: "a"}, {Text: "b"}}, Facts: []news.Bullet{{Text: "c"}, {Text: "a"}, {Text: "d"}}}
	if got, want := told(d), []string{"a", "b", "c", "d"}; !slices.Equal(got, want) {
		t.Errorf("told = %q; want %q", got, want)
	}
}
