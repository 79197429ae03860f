package bot

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/news"
)

// fakePipeline serves fixed articles: a flood story told by two outlets and
// an election story told by one.
func fakePipeline(t *testing.T) (Pipeline, *[]string, *bool) {
	var gotInputs []string
	var gotUntrusted bool
	flood := []news.Article{
		{ID: "a1", Outlet: "Courier", Title: "Council approves flood barrier", Text: "The council approved a river barrier on Tuesday."},
		{ID: "a2", Outlet: "Wire", Title: "Harwick votes for river wall", Text: "Harwick will build a flood wall along the river."},
	}
	vote := []news.Article{{ID: "b1", Outlet: "Courier", Title: "Mayor wins second term", Text: "The mayor won the election with 60 percent."}}
	p := Pipeline{
		Fetcher: FetchFunc(func(ctx context.Context, inputs []string, scope Scope) ([]news.Article, []error) {
			gotInputs, gotUntrusted = inputs, scope.Untrusted
			if len(inputs) > 0 && strings.Contains(inputs[0], "broken") {
				return nil, []error{errors.New("fetch https://broken.example/: HTTP 404")}
			}
			return append(append([]news.Article{}, flood...), vote...), nil
		}),
		Grouper: GroupFunc(func(arts []news.Article, _ []news.Story) []news.Story {
			return []news.Story{{ID: "s1", Title: "Flood barrier", Articles: flood}, {ID: "s2", Articles: vote}}
		}),
		Summarizer: SummarizeFunc(func(ctx context.Context, s news.Story) (news.Digest, error) {
			arts := s.Articles
			d := news.Digest{Title: arts[0].Title}
			for _, a := range arts {
				d.Articles = append(d.Articles, news.Source{Outlet: a.Outlet, Title: a.Title})
			}
			return d, nil
		}),
	}
	return p, &gotInputs, &gotUntrusted
}

func TestDigestURLs(t *testing.T) {
	p, inputs, untrusted := fakePipeline(t)
	d, err := p.DigestURLs(context.Background(), []string{"https://news.example/a"})
	if err != nil || len(d.Articles) != 3 {
		t.Fatalf("DigestURLs = %+v, %v; want a digest of 3 articles", d, err)
	}
	if !*untrusted || (*inputs)[0] != "https://news.example/a" {
		t.Errorf("Load got %q untrusted=%v; want the user's URL, untrusted", *inputs, *untrusted)
	}
	_, err = p.DigestURLs(context.Background(), []string{"https://broken.example/"})
	if !errors.Is(err, ErrNothingToDigest) || !strings.Contains(err.Error(), "HTTP 404") {
		t.Errorf("DigestURLs of a broken page = %v; want ErrNothingToDigest naming the failure", err)
	}
}

func TestDigestTopic(t *testing.T) {
	p, _, untrusted := fakePipeline(t)
	tests := []struct {
		words []string
		title string // "" for no match
	}{
		{[]string{"flood", "barrier"}, "Council approves flood barrier"},
		{[]string{"river"}, "Council approves flood barrier"},
		{[]string{"election"}, "Mayor wins second term"},
		{[]string{"flood", "election"}, ""},
		{[]string{"volcano"}, ""},
	}
	for _, tt := range tests {
		d, err := p.DigestTopic(context.Background(), []string{"https://feeds.example/world.rss"}, tt.words)
		if tt.title == "" {
			if !errors.Is(err, ErrNothingToDigest) || !strings.Contains(err.Error(), "matches") {
				t.Errorf("DigestTopic(%q) = %q, %v; want a clear no-match error", tt.words, d.Title, err)
			}
			continue
		}
		if err != nil || d.Title != tt.title {
			t.Errorf("DigestTopic(%q) = %q, %v; want %q", tt.words, d.Title, err, tt.title)
		}
	}
	if *untrusted {
		t.Error("configured feeds were loaded as untrusted")
	}
	if _, err := p.DigestTopic(context.Background(), nil, []string{"flood"}); !errors.Is(err, ErrNothingToDigest) {
		t.Errorf("DigestTopic without feeds = %v; want ErrNothingToDigest", err)
	}
}

func TestBrief(t *testing.T) {
	p, _, _ := fakePipeline(t)
	stories, digests, errs := p.Brief(context.Background(), []string{"https://feeds.example/world.rss"}, 1)
	if len(errs) != 0 || len(stories) != 1 || len(digests) != 1 {
		t.Fatalf("Brief = %d stories, %d digests, %v; want 1 and 1", len(stories), len(digests), errs)
	}
	if digests[0].Title != "Council approves flood barrier" {
		t.Errorf("brief digest titled %q; want its own headline, which the summarizer checked", digests[0].Title)
	}
	// A digest without a headline of its own takes the story's.
	summarize := p.Summarizer
	p.Summarizer = SummarizeFunc(func(ctx context.Context, s news.Story) (news.Digest, error) {
		d, err := summarize.Summarize(ctx, s)
		d.Title = ""
		return d, err
	})
	if _, digests, _ := p.Brief(context.Background(), []string{"https://feeds.example/world.rss"}, 1); len(digests) != 1 || digests[0].Title != "Flood barrier" {
		t.Errorf("brief digest without a headline of its own: %+v; want the story's title", digests)
	}
}
