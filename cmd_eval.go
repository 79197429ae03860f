package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/cli"
	"github.com/digestbot/digestbot/eval"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/story"
	"github.com/digestbot/digestbot/summarize"
)

func (e *env) eval(ctx context.Context, args []string) error {
	a, err := e.cli.Eval(args)
	if err != nil {
		return err
	}
	if a.Feeds || eval.HasFeedLabels(a.Dir) {
		return eval.RunFeedGrouping(ctx, e.stdout, a.Dir, feedArticles, groupStories)
	}
	opts, _, err := e.options("eval", a.DigestFlags)
	if err != nil {
		return err
	}
	load := func(ctx context.Context, dir string) ([]news.Article, error) {
		arts, errs := sources.ReadPaths(ctx, []string{dir}, nil)
		return arts, errors.Join(errs...)
	}
	for _, c := range strings.Split(a.Ablate, ",") {
		if strings.TrimSpace(c) == "cleaning" {
			load = eval.ReadRaw // the cleaning is sources', not the ranker's
		} else if err := opts.Params.Ablate(c); err != nil {
			fmt.Fprintf(e.stderr, "digestbot eval: --ablate: %v\n", err)
			return cli.ErrUsage
		}
	}
	if opts.Params.Similarity, err = summarize.ParseSimilarity(a.Similarity); err != nil {
		fmt.Fprintf(e.stderr, "digestbot eval: --%v\n", err)
		return cli.ErrUsage
	}
	budgets, err := a.Budgets(e.stderr)
	if err != nil {
		return err
	}
	suite := eval.Suite{Budgets: budgets, Lead: a.Lead, Load: load, Labels: a.Labels, Unjudged: a.Unjudged,
		Summarize: func(ctx context.Context, arts []news.Article, words int) news.Digest {
			o := opts
			o.Words = words
			d, _ := summarize.Summarize(ctx, arts, o) // the only error is ctx's, which eval.Run reports
			return d
		}}
	if a.Grouping {
		suite.Group = groupStories
	}
	return suite.Run(ctx, e.stdout, a.Dir)
}

// groupStories groups articles into stories as a brief does.
func groupStories(a []news.Article) []news.Story { return story.Group(a, story.Options{}) }

// feedArticles reads the feed file at path as a brief reads a feed —
// sources.Load, de-duplicated, articles without a sentence to digest set
// aside — but locally: no page is fetched, so teasers stay teasers.
func feedArticles(ctx context.Context, path string) ([]news.Article, error) {
	p := newPipeline(sources.LoadOptions{}, summarize.Options{})
	usable, errs, _ := p.Read(ctx, []string{path}, bot.Scope{})
	return usable, errors.Join(errs...)
}
