package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/cli"
	"github.com/digestbot/digestbot/config"
	"github.com/digestbot/digestbot/eval"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/story"
	"github.com/digestbot/digestbot/summarize"
)

func (e *env) eval(ctx context.Context, args []string) error {
	stdout, stderr := e.stdout, e.stderr
	fs := cli.NewFlagSet("eval", stderr)
	var df digestFlags
	df.register(fs, 0)
	words := fs.String("words", "", "word budget: `N` words, or ref for each reference's own length (default: both 100 and ref)")
	lead := fs.Bool("lead", true, "also score the lead baseline: the first article's first words")
	ablate := fs.String("ablate", "", "switch components off, for ablation: a comma-separated `list` of cleaning, position, cross-source, redundancy, compression, title")
	similarity := fs.String("similarity", "tfidf", "sentence similarity of the graph: tfidf or bm25")
	feeds := fs.Bool("feeds", false, "score story grouping on the event-labelled feeds in DIR (<feed>.events.json beside each feed); also when DIR holds such files")
	grouping := fs.Bool("grouping", true, "also group all the stories' articles shuffled together and score the grouping (B-cubed)")
	labels := fs.String("labels", "", "read the 100-word digests against the editor's judgements in `FILE` (eval/labels.tsv): shares of OK bullets, proper headlines, main news first")
	unjudged := fs.String("unjudged", "", "with --labels, write what the digests show that FILE does not judge yet to `FILE` (- for standard output), for a reader to label")
	dirs, err := cli.Parse(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(dirs) != 1 {
		fmt.Fprintln(stderr, "digestbot eval: want exactly one DIR")
		fs.Usage()
		return cli.ErrUsage
	}
	if *feeds || eval.HasFeedLabels(dirs[0]) {
		return eval.RunFeedGrouping(ctx, stdout, dirs[0], feedArticles, groupStories)
	}
	df.Words = config.DefaultDigest.Words // the budget is checked below, where ref is allowed
	opts, _, err := df.options()
	if err != nil {
		return cli.ReportUsage(stderr, "eval", err)
	}
	load := func(ctx context.Context, dir string) ([]news.Article, error) {
		arts, errs := sources.ReadPaths(ctx, []string{dir}, nil)
		return arts, errors.Join(errs...)
	}
	for _, c := range strings.Split(*ablate, ",") {
		if strings.TrimSpace(c) == "cleaning" {
			load = eval.ReadRaw // the cleaning is sources', not the ranker's
		} else if err := opts.Params.Ablate(c); err != nil {
			fmt.Fprintf(stderr, "digestbot eval: --ablate: %v\n", err)
			return cli.ErrUsage
		}
	}
	if opts.Params.Similarity, err = summarize.ParseSimilarity(*similarity); err != nil {
		fmt.Fprintf(stderr, "digestbot eval: --%v\n", err)
		return cli.ErrUsage
	}
	budgets := []string{"100", "ref"}
	if *words != "" {
		budgets = []string{strings.ToLower(*words)}
	}
	for _, b := range budgets {
		if n, err := strconv.Atoi(b); b != "ref" && (err != nil || n < 6) {
			fmt.Fprintf(stderr, "digestbot eval: --words %q: want a number of at least 6, or ref\n", b)
			return cli.ErrUsage
		}
	}
	suite := eval.Suite{Budgets: budgets, Lead: *lead, Load: load, Labels: *labels, Unjudged: *unjudged,
		Summarize: func(ctx context.Context, a []news.Article, words int) news.Digest {
			o := opts
			o.Words = words
			d, _ := summarize.Summarize(ctx, a, o) // the only error is ctx's, which eval.Run reports
			return d
		}}
	if *grouping {
		suite.Group = groupStories
	}
	return suite.Run(ctx, stdout, dirs[0])
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
