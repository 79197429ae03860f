package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/story"
	"github.com/digestbot/digestbot/summarize"
)

// TestBulletCapAlwaysHolds digests every page, feed and text fixture of
// the repository, every shared story and every shared feed capture — feeds
// grouped into stories as a brief groups them — under bullet caps of 10,
// 12 and 20 words: no bullet is ever longer than its cap, whatever the
// input (teasers, one-sentence articles, long sentences), and every digest
// tells its story alone (news.CheckDigest), as a brief checks it.
func TestBulletCapAlwaysHolds(t *testing.T) {
	var inputs []string
	for _, pattern := range []string{
		"sources/page/testdata/*.html", "sources/page/testdata/*.txt", "sources/testdata/web/*.html",
		"sources/testdata/web/*.rss", "sources/testdata/web/*.atom", "sources/testdata/web/*.json",
		"internal/faults/testdata/*.xml", "examples/story",
		"../shared/stories/*/articles", "../shared/feeds/*.rss", "../shared/feeds/*.atom",
	} {
		m, _ := filepath.Glob(pattern)
		inputs = append(inputs, m...)
	}
	if _, err := os.Stat("../shared/stories"); err != nil {
		t.Logf("../shared is absent: only the repository's own fixtures are digested")
	}
	ctx := context.Background()
	digests := 0
	for _, in := range inputs {
		arts, _ := sources.Load(ctx, []string{in}, sources.LoadOptions{}) // local only: teasers stay teasers
		if len(arts) == 0 {
			continue
		}
		stories := []news.Story{{Articles: arts}}
		if !strings.HasSuffix(in, "articles") && !strings.HasSuffix(in, "story") {
			// A feed: its stories as a brief groups them, and each item
			// alone (a teaser is often one long sentence).
			stories = story.Group(arts, story.Options{})
			for _, a := range arts {
				stories = append(stories, news.Story{Articles: []news.Article{a}})
			}
		}
		for _, s := range stories {
			for _, limit := range []int{10, 12, 20} {
				d, err := summarize.Summarize(ctx, s.Articles, summarize.Options{MaxBulletWords: limit})
				if err != nil {
					t.Fatalf("%s: %v", in, err)
				}
				digests++
				if err := news.CheckDigest(s, d); err != nil {
					t.Errorf("%s, cap %d: %v", in, limit, err)
				}
				for _, b := range d.Bullets {
					if n := news.CountWords(b.Text); n > limit {
						t.Errorf("%s, cap %d: bullet of %d words: %q", in, limit, n, b.Text)
					}
				}
			}
		}
	}
	t.Logf("%d inputs, %d digests", len(inputs), digests)
}
