package bot

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
)

// mixUp returns a Summarize that, for the story of the article with ID
// id, adds a bullet from another story's article: a digest whose
// headline and bullets disagree, as a bug in the brief's wiring would
// make one. Other stories are digested one bullet per article.
func mixUp(id string, other news.Article) func(ctx context.Context, arts []news.Article) (news.Digest, error) {
	return func(ctx context.Context, arts []news.Article) (news.Digest, error) {
		d := news.Digest{Title: arts[0].Title}
		for i, a := range arts {
			d.Articles = append(d.Articles, news.Source{Outlet: a.Outlet, Title: a.Title})
			d.Bullets = append(d.Bullets, news.Bullet{Text: a.Text, Sources: []int{i}})
		}
		if arts[0].ID == id {
			d.Bullets = append(d.Bullets, news.Bullet{Text: other.Text, Sources: []int{0}})
		}
		return d, nil
	}
}

// TestBriefLeavesOutDisagreeingDigests checks that Brief checks every
// digest against its story: one with a bullet from another story's
// article is left out, with an error, and the others are returned with
// their stories.
func TestBriefLeavesOutDisagreeingDigests(t *testing.T) {
	p, _, _ := fakePipeline(t)
	vote := news.Article{ID: "b1", Outlet: "Courier", Title: "Mayor wins second term", Text: "The mayor won the election with 60 percent."}
	p.Summarize = mixUp("a1", vote)
	stories, digests, errs := p.Brief(context.Background(), []string{"https://news.example/rss"}, 5)
	if len(errs) != 1 || !errors.Is(errs[0], news.ErrDisagree) {
		t.Errorf("Brief errors %v; want one news.ErrDisagree for the flood story", errs)
	}
	if len(stories) != 1 || len(digests) != 1 || stories[0].ID != "s2" || digests[0].Title != "Mayor wins second term" {
		t.Errorf("Brief = stories %v, %d digests; want the vote story alone", storyIDs(stories), len(digests))
	}
	for _, d := range digests {
		for _, b := range d.Bullets {
			if b.Text == vote.Text && d.Title != vote.Title {
				t.Errorf("digest %q carries the vote's bullet", d.Title)
			}
		}
	}
}

// TestDigestTopicChecksTheDigest checks that a topic's digest is checked
// against its story too.
func TestDigestTopicChecksTheDigest(t *testing.T) {
	p, _, _ := fakePipeline(t)
	p.Summarize = mixUp("a1", news.Article{Text: "The mayor won the election with 60 percent."})
	if _, err := p.DigestTopic(context.Background(), []string{"https://news.example/rss"}, []string{"flood"}); !errors.Is(err, news.ErrDisagree) {
		t.Errorf("DigestTopic with a bullet of another story: %v; want news.ErrDisagree", err)
	}
}

// TestRunBriefPostsNoDisagreeingDigest checks that a scheduled run checks
// every digest against its story before anything is claimed or posted: a
// digest with another story's bullet fails the run, and nothing goes out.
func TestRunBriefPostsNoDisagreeingDigest(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	r, w, box, b := testRunner(t, clk)
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"))
	b.Summarize = func(ctx context.Context, s news.Story) (news.Digest, error) {
		d, err := mixUp("a1", news.Article{Text: "Rovers beat United 3-1 with two late goals"})(ctx, s.Articles)
		d.Title = "" // the story's title, as the real digests without a headline get
		return d, err
	}
	if err := r.RunBrief(ctx, b, clk.Now()); !errors.Is(err, news.ErrDisagree) {
		t.Fatalf("RunBrief = %v; want news.ErrDisagree", err)
	}
	if n, _ := r.Deliver(ctx); n != 0 || len(box.posts()) != 0 {
		t.Errorf("delivered %d, posted %d; want nothing", n, len(box.posts()))
	}
}
