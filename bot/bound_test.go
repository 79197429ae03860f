package bot

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
)

// TestPipelineDigestsUnderADeadline: every way the pipeline makes a digest
// loads and summarizes under a deadline — its Timeout, or the caller's
// when that is sooner — and a digest that runs out of time fails with
// the context's error.
func TestPipelineDigestsUnderADeadline(t *testing.T) {
	ways := []struct {
		name string
		run  func(p Pipeline, ctx context.Context) error
	}{
		{"DigestURLs", func(p Pipeline, ctx context.Context) error {
			_, err := p.DigestURLs(ctx, []string{"https://news.example/a"})
			return err
		}},
		{"DigestTopic", func(p Pipeline, ctx context.Context) error {
			_, err := p.DigestTopic(ctx, []string{"https://feeds.example/world.rss"}, []string{"flood"})
			return err
		}},
		{"Brief", func(p Pipeline, ctx context.Context) error {
			_, _, errs := p.Brief(ctx, []string{"https://feeds.example/world.rss"}, 5)
			return errors.Join(errs...)
		}},
	}
	for _, w := range ways {
		t.Run(w.name, func(t *testing.T) {
			for _, tt := range []struct {
				timeout, caller, want time.Duration
			}{
				{0, 0, DefaultTimeout},
				{time.Minute, 0, time.Minute},
				{time.Hour, time.Minute, time.Minute},
			} {
				p, _, _ := fakePipeline(t)
				p.Timeout = tt.timeout
				var loadLeft, sumLeft time.Duration
				load, summarize := p.Fetcher, p.Summarizer
				p.Fetcher = FetchFunc(func(ctx context.Context, inputs []string, scope Scope) ([]news.Article, []error) {
					if d, ok := ctx.Deadline(); ok {
						loadLeft = time.Until(d)
					}
					return load.Fetch(ctx, inputs, scope)
				})
				p.Summarizer = SummarizeFunc(func(ctx context.Context, s news.Story) (news.Digest, error) {
					if d, ok := ctx.Deadline(); ok {
						sumLeft = time.Until(d)
					}
					return summarize.Summarize(ctx, s)
				})
				ctx := context.Background()
				if tt.caller > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, tt.caller)
					defer cancel()
				}
				if err := w.run(p, ctx); err != nil {
					t.Fatal(err)
				}
				for _, got := range []struct {
					what string
					left time.Duration
				}{{"Load", loadLeft}, {"Summarize", sumLeft}} {
					if got.left <= 0 || got.left > tt.want {
						t.Errorf("Timeout %v, caller's %v: %s ran with %v left; want a deadline within %v", tt.timeout, tt.caller, got.what, got.left, tt.want)
					}
				}
			}
			p, _, _ := fakePipeline(t)
			p.Summarizer = SummarizeFunc(func(ctx context.Context, s news.Story) (news.Digest, error) {
				return news.Digest{}, context.DeadlineExceeded
			})
			if err := w.run(p, context.Background()); !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("a digest out of time: error %v; want context.DeadlineExceeded", err)
			}
		})
	}
}

// TestRunBriefDigestsUnderADeadline: a brief run summarizes under a
// deadline, and a run whose digests run out of time fails unclaimed, so
// that nothing half-made is posted.
func TestRunBriefDigestsUnderADeadline(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	r, w, box, b := testRunner(t, clk)
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"))
	summarize := b.Summarizer
	var left time.Duration
	b.Summarizer = SummarizeFunc(func(ctx context.Context, s news.Story) (news.Digest, error) {
		if d, ok := ctx.Deadline(); ok {
			left = time.Until(d)
		}
		return summarize.Summarize(ctx, s)
	})
	day1 := clk.Now()
	if err := r.RunBrief(ctx, b, day1); err != nil {
		t.Fatal(err)
	}
	if left <= 0 || left > runTimeout {
		t.Errorf("RunBrief summarized with %v left; want a deadline within %v", left, runTimeout)
	}

	day2 := day1.Add(24 * time.Hour)
	clk.set(day2)
	w.set(art("a2", "The barrier will cost 86 million dollars in all"))
	b.Summarizer = SummarizeFunc(func(ctx context.Context, s news.Story) (news.Digest, error) {
		return news.Digest{}, context.DeadlineExceeded
	})
	if err := r.RunBrief(ctx, b, day2); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("RunBrief with digests out of time = %v; want context.DeadlineExceeded", err)
	}
	if last, _, _ := r.Memory.LastRun(ctx, b.Name); !last.Equal(day1) {
		t.Errorf("last run %v after a run out of time; want %v: it must stay unclaimed", last, day1)
	}
	if n, _ := r.Deliver(ctx); n != 1 || len(box.posts()) != 1 {
		t.Errorf("delivered %d, posted %d; want only the first run's post", n, len(box.posts()))
	}
}

// TestPipelineBudgetsPages: a chat command's Load may fetch at most
// MaxPages pages, feeds included — a topic query at least each of its
// feeds — while a brief, which the operator configures, is not budgeted.
func TestPipelineBudgetsPages(t *testing.T) {
	feeds := func(n int) []string {
		var fs []string
		for i := range n {
			fs = append(fs, fmt.Sprintf("https://feeds.example/%d.rss", i))
		}
		return fs
	}
	tests := []struct {
		name     string
		maxPages int
		run      func(p Pipeline)
		want     Scope
	}{
		{"DigestURLs", 0, func(p Pipeline) { p.DigestURLs(context.Background(), []string{"https://news.example/a"}) }, Scope{Untrusted: true, MaxPages: DefaultMaxPages}},
		{"DigestURLs, MaxPages 12", 12, func(p Pipeline) { p.DigestURLs(context.Background(), []string{"https://news.example/a"}) }, Scope{Untrusted: true, MaxPages: 12}},
		{"DigestTopic", 0, func(p Pipeline) { p.DigestTopic(context.Background(), feeds(3), []string{"flood"}) }, Scope{MaxPages: DefaultMaxPages}},
		{"DigestTopic of more feeds than pages", 0, func(p Pipeline) { p.DigestTopic(context.Background(), feeds(40), []string{"flood"}) }, Scope{MaxPages: 40}},
		{"Brief", 0, func(p Pipeline) { p.Brief(context.Background(), feeds(3), 5) }, Scope{}},
	}
	for _, tt := range tests {
		p, _, _ := fakePipeline(t)
		p.MaxPages = tt.maxPages
		var got Scope
		load := p.Fetcher
		p.Fetcher = FetchFunc(func(ctx context.Context, inputs []string, scope Scope) ([]news.Article, []error) {
			got = scope
			return load.Fetch(ctx, inputs, scope)
		})
		tt.run(p)
		if got != tt.want {
			t.Errorf("%s: Load's scope %+v; want %+v", tt.name, got, tt.want)
		}
	}
}
