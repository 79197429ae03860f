package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/eval"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/story"
	"github.com/digestbot/digestbot/summarize"
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

// TestBriefsOfLabelledFeedsAgree makes a brief of every story of each
// labelled feed, as `digestbot brief` makes one (bot.Pipeline over the
// feed read locally, story.Group, summarize), and checks that each
// digest's headline and bullets tell one event: the articles its headline
// is read in and those its bullets cite are all labelled with the same
// event (unlabelled items aside), or with two events whose pair the
// labels list as doubtful — the labelling editor could not tell whether
// they are one. The pipeline also checks every digest against its story
// (news.CheckDigest), as every brief does.
func TestBriefsOfLabelledFeedsAgree(t *testing.T) {
	needSharedFeeds(t)
	paths, err := filepath.Glob(filepath.Join(sharedFeeds, "*"+eval.LabelSuffix))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no labels in %s: %v", sharedFeeds, err)
	}
	ctx := context.Background()
	for _, lp := range paths {
		labels, err := eval.ReadFeedLabels(lp)
		if err != nil {
			t.Fatal(err)
		}
		feed := filepath.Join(sharedFeeds, filepath.Base(labels.Feed))
		arts, err := feedArticles(ctx, feed)
		if err != nil {
			t.Fatal(err)
		}
		event := map[string]string{} // by article ID
		for i, e := range labels.Events(arts) {
			event[arts[i].ID] = e
		}
		byKey := map[string]string{} // item key → event
		for _, it := range labels.Items {
			byKey[it.Key] = it.Event
		}
		doubtful := map[[2]string]bool{}
		for _, d := range labels.Doubtful {
			if len(d) >= 2 && byKey[d[0]] != "" && byKey[d[1]] != "" {
				doubtful[[2]string{byKey[d[0]], byKey[d[1]]}] = true
				doubtful[[2]string{byKey[d[1]], byKey[d[0]]}] = true
			}
		}
		p := newPipeline(sources.LoadOptions{}, summarize.Options{})
		p.Fetcher = bot.FetchFunc(func(context.Context, []string, bot.Scope) ([]news.Article, []error) { return arts, nil })
		stories, digests, errs := p.Brief(ctx, []string{feed}, 0)
		for _, err := range errs {
			t.Errorf("%s: %v", feed, err)
		}
		disagree := 0
		for i, d := range digests {
			s := stories[i]
			seen := map[string]bool{}
			var events, told []string // each event once; "event (what)" for the first article of each
			note := func(a news.Article, what string) {
				if e := event[a.ID]; e != "" && !seen[e] {
					seen[e] = true
					events = append(events, e)
					told = append(told, e+" ("+what+")")
				}
			}
			for _, a := range s.Articles {
				if a.Says(d.Title) {
					note(a, "headline")
				}
			}
			for _, b := range d.Bullets {
				for _, k := range b.Sources {
					note(s.Articles[k], "bullet "+strconv.Quote(b.Text))
				}
			}
			apart := false
			for x := range events {
				for _, y := range events[x+1:] {
					apart = apart || !doubtful[[2]string{events[x], y}]
				}
			}
			switch {
			case apart:
				disagree++
				t.Errorf("%s: digest %q tells %d events: %s", filepath.Base(feed), d.Title, len(events), strings.Join(told, "; "))
			case len(events) > 1:
				t.Logf("%s: digest %q tells two events the labels doubt: %s", filepath.Base(feed), d.Title, strings.Join(told, "; "))
			}
		}
		t.Logf("%s: %d stories digested, %d disagree", filepath.Base(feed), len(digests), disagree)
	}
}
