package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/eval"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/story"
)

// sharedFeeds holds real feed captures with every item labelled by event
// (see its README). Their texts are read at run time and never copied
// into the repository.
var sharedFeeds = filepath.Join("..", "shared", "feeds")

// needSharedFeeds skips t when the labelled feeds are absent.
func needSharedFeeds(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(sharedFeeds); err != nil {
		t.Skipf("skipping: %s not found (../shared is beside the clone in CI only)", sharedFeeds)
	}
}

// TestGroupingNeverMixesEvents scores story grouping on the labelled
// feeds as `digestbot eval` does — each feed read as a brief reads it,
// locally, and grouped on its own; B-cubed over the labelled items kept —
// against the bars: pooled precision at least 0.97, recall at
// least 0.90, at most one story that mixes events.
func TestGroupingNeverMixesEvents(t *testing.T) {
	needSharedFeeds(t)
	r, err := eval.FeedGrouping(context.Background(), sharedFeeds, feedArticles,
		func(a []news.Article) []news.Story { return story.Group(a, story.Options{}) })
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(r.Feeds, r.Pooled, r.Together) {
		t.Logf("%-32s scored %3d of %3d, %3d events in %3d stories, %d mixed: B3 P %.3f R %.3f", s.Feed, s.Kept, s.Labelled, s.Events, s.Stories, len(s.Mixed), s.Precision, s.Recall)
		for _, m := range s.Mixed {
			t.Logf("  mixed: %q: %v", m.Title, m.Events)
		}
	}
	p := r.Pooled
	if p.Kept < 150 {
		t.Errorf("scored %d labelled items; want at least 150 of the 195 (the articles are not mapped back)", p.Kept)
	}
	if p.Precision < 0.97 || p.Recall < 0.90 || len(p.Mixed) > 1 {
		t.Errorf("pooled B3 P %.3f R %.3f with %d mixed stories; want P ≥ 0.97, R ≥ 0.90, at most 1 mixed", p.Precision, p.Recall, len(p.Mixed))
	}
}

// TestEvalFeeds checks the command-line mode: a folder of labelled feeds
// is detected by its *.events.json files, or named by --feeds, and its
// figures are printed.
func TestEvalFeeds(t *testing.T) {
	needSharedFeeds(t)
	for _, args := range [][]string{{"eval", sharedFeeds}, {"eval", "--feeds", sharedFeeds}} {
		code, out, errs := runCLI(t, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d, stderr %q", args, code, errs)
		}
		for _, want := range []string{"B3-P", "rssparser-guardian.rss", "pooled", "together"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v printed %q; want %q in it", args, out, want)
			}
		}
	}
	// A folder without labels is refused in the feeds mode.
	code, _, errs := runCLI(t, "", "eval", "--feeds", t.TempDir())
	if code == 0 || !strings.Contains(errs, "events.json") {
		t.Errorf("eval --feeds of a folder without labels: exit %d, stderr %q; want a failure naming the labels", code, errs)
	}
}
