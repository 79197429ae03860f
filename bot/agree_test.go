package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
)

// mixUp returns a Summarize that, for the story of the article with ID
// id, adds a bullet from another story's article: a digest whose
// headline and bullets disagree, as a bug in the brief's wiring would
// make one. Other stories are digested one bullet per article.
func mixUp(id string, other news.Article) SummarizeFunc {
	return func(ctx context.Context, s news.Story) (news.Digest, error) {
		arts := s.Articles
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
	p.Summarizer = mixUp("a1", vote)
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
	p.Summarizer = mixUp("a1", news.Article{Text: "The mayor won the election with 60 percent."})
	if _, err := p.DigestTopic(context.Background(), []string{"https://news.example/rss"}, []string{"flood"}); !errors.Is(err, news.ErrDisagree) {
		t.Errorf("DigestTopic with a bullet of another story: %v; want news.ErrDisagree", err)
	}
}

// TestRunBriefPostsNoDisagreeingDigest checks that a scheduled run checks
// every digest against its story before anything is claimed or posted: a
// digest with another story's bullet is left out, with a warning in the
// run's report, and the brief's other stories are posted, as a brief
// leaves such a digest out: one bad digest does not silence a brief.
func TestRunBriefPostsNoDisagreeingDigest(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	r, w, box, b := testRunner(t, clk)
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"), art("b1", "Rovers beat United 3-1 with two late goals"))
	r.Grouper = GroupFunc(func(arts []news.Article, known []news.Story) []news.Story {
		return []news.Story{
			{ID: "flood", Title: "Harwick flood barrier", Articles: arts[:1]},
			{ID: "match", Title: "Rovers beat United", Articles: arts[1:]},
		}
	})
	b.Summarizer = SummarizeFunc(func(ctx context.Context, s news.Story) (news.Digest, error) {
		d, err := mixUp("a1", news.Article{Text: "Rovers beat United 3-1 with two late goals"})(ctx, s)
		d.Title = "" // the story's title, as the real digests without a headline get
		return d, err
	})
	rep, err := r.MakeRun(ctx, b, clk.Now())
	if err != nil {
		t.Fatalf("MakeRun = %v; want the run made without the flood story", err)
	}
	if !rep.Made || rep.Deliveries != 1 || len(rep.Warnings) != 1 || !errors.Is(rep.Warnings[0], news.ErrDisagree) {
		t.Errorf("report %+v; want the run made, 1 delivery, one news.ErrDisagree warning", rep)
	}
	if n, _ := r.Deliver(ctx); n != 1 {
		t.Errorf("delivered %d; want 1", n)
	}
	posts := box.posts()
	if len(posts) != 1 || posts[0].Title != "Rovers beat United" {
		t.Fatalf("posted %d digests; want the match story's alone", len(posts))
	}
	for _, b := range posts[0].Bullets {
		if strings.Contains(b.Text, "flood") {
			t.Errorf("posted bullet %q of the flood story", b.Text)
		}
	}
}
