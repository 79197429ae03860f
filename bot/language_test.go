package bot

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
)

// The stories of a brief over feeds in three languages: the English one
// has most outlets, then the French, then the German; one story's
// language is not known.
var (
	ferryEN = news.Story{ID: "en", Title: "Ferry crews strike", Articles: []news.Article{
		{ID: "e1", Outlet: "Echo", Language: "en", Text: "Ferry crews walked out in Kessington."},
		{ID: "e2", Outlet: "Wire", Language: "en", Text: "The Brannock crossing stood still."},
		{ID: "e3", Outlet: "Radio", Text: "Ferries idle at Brannock."},
	}}
	ferryFR = news.Story{ID: "fr", Title: "Grève des ferries", Articles: []news.Article{
		{ID: "f1", Outlet: "Journal", Language: "fr", Text: "Les équipages ont cessé le travail."},
		{ID: "f2", Outlet: "Quotidien", Language: "fr", Text: "La traversée est à l'arrêt."},
	}}
	ferryDE = news.Story{ID: "de", Title: "Fährstreik", Articles: []news.Article{
		{ID: "d1", Outlet: "Zeitung", Language: "de", Text: "Die Fährleute streiken."},
	}}
	unknownStory = news.Story{ID: "xx", Title: "Ferries", Articles: []news.Article{{ID: "x1", Outlet: "Photo", Text: "1,240"}}}
)

func storyIDs(stories []news.Story) []string {
	var ids []string
	for _, s := range stories {
		ids = append(ids, s.ID)
	}
	return ids
}

func TestKeepLanguages(t *testing.T) {
	all := []news.Story{ferryEN, ferryFR, ferryDE, unknownStory}
	tests := []struct {
		langs []string
		want  []string
	}{
		{nil, []string{"en", "fr", "de", "xx"}},
		{[]string{}, []string{"en", "fr", "de", "xx"}},
		{[]string{"fr"}, []string{"fr"}},
		{[]string{"de", "en"}, []string{"en", "de"}},
		{[]string{"es"}, nil},
	}
	for _, tc := range tests {
		if got := storyIDs(KeepLanguages(all, tc.langs)); !slices.Equal(got, tc.want) {
			t.Errorf("KeepLanguages(%q) = %q; want %q", tc.langs, got, tc.want)
		}
	}
}

// languagePipeline groups whatever it loads into the three ferry stories.
func languagePipeline() (Pipeline, *[]string) {
	var digested []string
	p := Pipeline{
		Fetcher: FetchFunc(func(ctx context.Context, inputs []string, scope Scope) ([]news.Article, []error) {
			return []news.Article{{ID: "any"}}, nil
		}),
		Grouper: GroupFunc(func([]news.Article, []news.Story) []news.Story {
			return []news.Story{ferryEN, ferryFR, ferryDE, unknownStory}
		}),
		Summarizer: SummarizeFunc(func(ctx context.Context, s news.Story) (news.Digest, error) {
			arts := s.Articles
			digested = append(digested, arts[0].ID)
			return news.Digest{Title: arts[0].Text, Language: news.MainLanguage(arts)}, nil
		}),
	}
	return p, &digested
}

// TestBriefLanguages checks that a brief that names its languages chooses
// its top stories among those in them: the stories are filtered, then
// counted.
func TestBriefLanguages(t *testing.T) {
	tests := []struct {
		langs []string
		n     int
		want  []string // the stories digested
	}{
		{nil, 1, []string{"en"}},
		{[]string{"fr"}, 1, []string{"fr"}},
		{[]string{"de", "fr"}, 1, []string{"fr"}},
		{[]string{"de", "fr"}, 5, []string{"fr", "de"}},
		{[]string{"es"}, 5, nil},
	}
	for _, tc := range tests {
		p, digested := languagePipeline()
		p.Languages = tc.langs
		stories, digests, errs := p.Brief(context.Background(), []string{"https://feeds.example/rss"}, tc.n)
		if len(errs) != 0 {
			t.Errorf("Brief(%q): %v", tc.langs, errs)
		}
		if got := storyIDs(stories); !slices.Equal(got, tc.want) || len(digests) != len(tc.want) {
			t.Errorf("Brief(languages %q, %d stories) = %q with %d digests (digested %q); want %q", tc.langs, tc.n, got, len(digests), *digested, tc.want)
		}
		for i, d := range digests {
			if d.Language != stories[i].Language() {
				t.Errorf("Brief(%q): digest %d in %q; want its story's %q", tc.langs, i, d.Language, stories[i].Language())
			}
		}
	}
}

// TestDigestTopicLanguages checks that a topic is looked for only among
// the stories in the configured languages.
func TestDigestTopicLanguages(t *testing.T) {
	p, _ := languagePipeline()
	p.Languages = []string{"fr"}
	d, err := p.DigestTopic(context.Background(), []string{"https://feeds.example/rss"}, []string{"traversée"})
	if err != nil || d.Language != "fr" {
		t.Errorf("DigestTopic(traversée) in fr = %+v, %v; want the French story", d, err)
	}
	_, err = p.DigestTopic(context.Background(), []string{"https://feeds.example/rss"}, []string{"brannock"})
	if !errors.Is(err, ErrNothingToDigest) || !strings.Contains(err.Error(), "in fr") {
		t.Errorf("DigestTopic(brannock) in fr = %v; want no story in fr", err)
	}
}

// TestRunBriefLanguages checks that a scheduled brief posts only stories
// in its languages, chosen before its top stories are counted.
func TestRunBriefLanguages(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	r, w, box, b := testRunner(t, clk)
	r.Grouper = GroupFunc(func(arts []news.Article, known []news.Story) []news.Story {
		return []news.Story{ferryEN, ferryFR, ferryDE, unknownStory}
	})
	w.set(art("a1", "anything"))
	b.Stories = 1
	b.Languages = []string{"de", "fr"}
	if err := r.RunBrief(ctx, b, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, d := range box.posts() {
		titles = append(titles, d.Title)
	}
	if !slices.Equal(titles, []string{"Grève des ferries"}) {
		t.Errorf("posted %q; want the French story alone, the first in the brief's languages", titles)
	}
}
