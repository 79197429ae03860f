package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/config"
	"github.com/digestbot/digestbot/eval"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/story"
	"github.com/digestbot/digestbot/summarize"
)

func (e *env) eval(ctx context.Context, args []string) error {
	stdout, stderr := e.stdout, e.stderr
	fs := newFlagSet("eval", "[flags] DIR\n\nDIR is a story folder (articles/*.txt and reference.txt) or a folder of them.\nWithout --words, every story is scored twice: at 100 words and at its reference's length.\nWith --feeds, or when DIR holds *.events.json files, DIR holds feeds whose items are labelled\nby event, and only their grouping is scored.", stderr)
	var df digestFlags
	df.register(fs, false)
	words := fs.String("words", "", "word budget: `N` words, or ref for each reference's own length (default: both 100 and ref)")
	lead := fs.Bool("lead", true, "also score the lead baseline: the first article's first words")
	ablate := fs.String("ablate", "", "switch components off, for ablation: a comma-separated `list` of cleaning, position, cross-source, redundancy, compression, title")
	similarity := fs.String("similarity", "tfidf", "sentence similarity of the graph: tfidf or bm25")
	feeds := fs.Bool("feeds", false, "score story grouping on the event-labelled feeds in DIR (<feed>.events.json beside each feed); also when DIR holds such files")
	grouping := fs.Bool("grouping", true, "also group all the stories' articles shuffled together and score the grouping (B-cubed)")
	labels := fs.String("labels", "", "read the 100-word digests against the editor's judgements in `FILE` (eval/labels.tsv): shares of OK bullets, proper headlines, main news first")
	unjudged := fs.String("unjudged", "", "with --labels, write what the digests show that FILE does not judge yet to `FILE` (- for standard output), for a reader to label")
	dirs, err := parse(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(dirs) != 1 {
		fmt.Fprintln(stderr, "digestbot eval: want exactly one DIR")
		fs.Usage()
		return errUsage
	}
	if *feeds || eval.HasFeedLabels(dirs[0]) {
		return evalFeeds(ctx, stdout, dirs[0])
	}
	df.Words = config.DefaultDigest.Words // the budget is checked below, where ref is allowed
	opts, err := df.options()
	if err != nil {
		return reportUsage(stderr, "eval", err)
	}
	load := func(ctx context.Context, dir string) ([]news.Article, error) {
		arts, errs := sources.ReadPaths(ctx, []string{dir}, nil)
		return arts, errors.Join(errs...)
	}
	for _, c := range strings.Split(*ablate, ",") {
		switch strings.TrimSpace(c) {
		case "":
		case "cleaning":
			load = readRaw
		case "position":
			opts.Params.DisablePosition = true
		case "cross-source":
			opts.Params.DisableCrossSource = true
		case "redundancy":
			opts.Params.DisableRedundancy = true
		case "compression":
			opts.Params.DisableCompression = true
		case "title":
			opts.Params.DisableTitle = true
		default:
			fmt.Fprintf(stderr, "digestbot eval: --ablate: unknown component %q\n", c)
			return errUsage
		}
	}
	switch *similarity {
	case "tfidf":
		opts.Params.Similarity = summarize.TFIDF
	case "bm25":
		opts.Params.Similarity = summarize.BM25
	default:
		fmt.Fprintf(stderr, "digestbot eval: --similarity %q: want tfidf or bm25\n", *similarity)
		return errUsage
	}
	budgets := []string{"100", "ref"}
	if *words != "" {
		budgets = []string{strings.ToLower(*words)}
	}
	var passes []eval.Pass
	var errs []error
	for _, b := range budgets {
		eo := eval.Options{
			Lead: *lead,
			Load: load,
			Summarize: func(a []news.Article, words int) news.Digest {
				o := opts
				o.Words = words
				// The only error is ctx's, which eval.Run reports.
				d, _ := summarize.Summarize(ctx, a, o)
				return d
			},
		}
		if b == "ref" {
			eo.Budget = eval.ReferenceWords
		} else if eo.Words, err = strconv.Atoi(b); err != nil || eo.Words < 6 {
			fmt.Fprintf(stderr, "digestbot eval: --words %q: want a number of at least 6, or ref\n", b)
			return errUsage
		}
		results, err := eval.Run(ctx, dirs[0], eo)
		if err != nil {
			errs = append(errs, err)
		}
		fmt.Fprintf(stdout, "== budget: %s words\n", b)
		if err := eval.Report(stdout, results); err != nil {
			return err
		}
		fmt.Fprintln(stdout)
		passes = append(passes, eval.Pass{Budget: b, Results: results})
	}
	if *labels != "" {
		if err := readDigests(stdout, passes, *labels, *unjudged); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout, "== summary")
	if err := eval.Summary(stdout, passes); err != nil {
		return err
	}
	if *grouping {
		r, err := eval.Grouping(ctx, dirs[0], load, func(a []news.Article) []news.Story { return story.Group(a, story.Options{}) }, 1)
		if err != nil {
			errs = append(errs, err)
		}
		fmt.Fprintln(stdout, "\n== grouping (all stories' articles shuffled together)")
		if err := eval.ReportGrouping(stdout, r); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		// One failing pass usually fails for the same stories in the
		// other; name each problem once.
		return dedupe(errs)
	}
	return nil
}

// evalFeeds scores story grouping on the event-labelled feeds in dir
// (see eval.FeedGrouping), each feed read by feedArticles and grouped as
// a brief groups it.
func evalFeeds(ctx context.Context, stdout io.Writer, dir string) error {
	r, err := eval.FeedGrouping(ctx, dir, feedArticles, func(a []news.Article) []news.Story { return story.Group(a, story.Options{}) })
	fmt.Fprintln(stdout, "== grouping of the labelled feeds (B-cubed over the labelled items a brief keeps; each feed grouped alone, then all at once)")
	if werr := eval.ReportFeedGrouping(stdout, r); werr != nil {
		return werr
	}
	return err
}

// feedArticles reads the feed file at path as a brief reads a feed —
// sources.Load, de-duplicated, articles without a sentence to digest set
// aside — but locally: no page is fetched, so teasers stay teasers.
func feedArticles(ctx context.Context, path string) ([]news.Article, error) {
	p := newPipeline(sources.LoadOptions{}, summarize.Options{})
	usable, errs, _ := p.Read(ctx, []string{path}, bot.Scope{})
	return usable, errors.Join(errs...)
}

// readRaw reads every file of dir as an article without cleaning it: the
// baseline of the cleaning ablation.
func readRaw(ctx context.Context, dir string) ([]news.Article, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var arts []news.Article
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(p)
		if err != nil {
			return arts, err
		}
		arts = append(arts, news.Article{ID: p, URL: p, Outlet: e.Name(), Text: string(data)})
	}
	return arts, ctx.Err()
}

// dedupe joins errors, dropping repeats of the same message.
func dedupe(errs []error) error {
	seen := map[string]bool{}
	var out []error
	for _, err := range errs {
		for _, line := range strings.Split(err.Error(), "\n") {
			if !seen[line] {
				seen[line] = true
				out = append(out, errors.New(line))
			}
		}
	}
	return errors.Join(out...)
}

// readDigests reads the 100-word digests of passes against the labels in
// path, reports the shares, and writes what is not judged yet to unjudged
// ("-" is standard output).
func readDigests(stdout io.Writer, passes []eval.Pass, path, unjudged string) error {
	ls, err := eval.ReadLabels(path)
	if err != nil {
		return err
	}
	for _, p := range passes {
		if p.Budget != "100" {
			continue
		}
		r := eval.Read(p.Results, ls)
		fmt.Fprintf(stdout, "== reading: 100 words, judged in %s\n", path)
		if err := eval.ReportReading(stdout, r); err != nil {
			return err
		}
		fmt.Fprintln(stdout)
		switch unjudged {
		case "":
		case "-":
			return eval.WriteMissing(stdout, p.Results, r)
		default:
			f, err := os.Create(unjudged)
			if err != nil {
				return err
			}
			defer f.Close()
			if err := eval.WriteMissing(f, p.Results, r); err != nil {
				return err
			}
			return f.Close()
		}
	}
	return nil
}
