package eval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/digestbot/digestbot/news"
)

// Suite is what `digestbot eval DIR` scores: the story folders of a
// directory at each budget, then, if asked, the 100-word digests read
// against an editor's labels, a summary of every pass, and the grouping
// of all the stories' articles shuffled together.
type Suite struct {
	// Budgets are the word budgets of the passes: a number of words, or
	// "ref" for each reference's own length.
	Budgets []string
	// Lead also scores the lead baseline (Options.Lead).
	Lead bool
	// Load reads a story's articles (Options.Load).
	Load func(ctx context.Context, dir string) ([]news.Article, error)
	// Summarize digests articles within a budget of words.
	Summarize func(ctx context.Context, articles []news.Article, words int) news.Digest
	// Group, when set, groups articles into stories, and the grouping of
	// all the stories' articles shuffled together is scored.
	Group func([]news.Article) []news.Story
	// Labels, when set, is the file of the editor's judgements
	// (eval/labels.tsv) the 100-word digests are read against;
	// Unjudged, when set, where what they do not judge yet is written
	// ("-": the report's writer).
	Labels, Unjudged string
}

// Run scores the stories under dir and writes the reports to w. Its error
// names each story that could not be scored once, or is w's.
func (s Suite) Run(ctx context.Context, w io.Writer, dir string) error {
	var passes []Pass
	var errs []error
	for _, b := range s.Budgets {
		var err error
		eo := Options{
			Lead: s.Lead,
			Load: s.Load,
			Summarize: func(a []news.Article, words int) news.Digest {
				return s.Summarize(ctx, a, words)
			},
		}
		if b == "ref" {
			eo.Budget = ReferenceWords
		} else if eo.Words, err = strconv.Atoi(b); err != nil {
			return fmt.Errorf("eval: budget %q: %w", b, err)
		}
		results, err := Run(ctx, dir, eo)
		if err != nil {
			errs = append(errs, err)
		}
		fmt.Fprintf(w, "== budget: %s words\n", b)
		if err := Report(w, results); err != nil {
			return err
		}
		fmt.Fprintln(w)
		passes = append(passes, Pass{Budget: b, Results: results})
	}
	if s.Labels != "" {
		if err := readDigests(w, passes, s.Labels, s.Unjudged); err != nil {
			return err
		}
	}
	fmt.Fprintln(w, "== summary")
	if err := Summary(w, passes); err != nil {
		return err
	}
	if s.Group != nil {
		r, err := Grouping(ctx, dir, s.Load, s.Group, 1)
		if err != nil {
			errs = append(errs, err)
		}
		fmt.Fprintln(w, "\n== grouping (all stories' articles shuffled together)")
		if err := ReportGrouping(w, r); err != nil {
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

// RunFeedGrouping scores story grouping on the event-labelled feeds in
// dir (see FeedGrouping), each feed read by load and grouped by group,
// and writes the report to w.
func RunFeedGrouping(ctx context.Context, w io.Writer, dir string, load func(ctx context.Context, path string) ([]news.Article, error), group func([]news.Article) []news.Story) error {
	r, err := FeedGrouping(ctx, dir, load, group)
	fmt.Fprintln(w, "== grouping of the labelled feeds (B-cubed over the labelled items a brief keeps; each feed grouped alone, then all at once)")
	if werr := ReportFeedGrouping(w, r); werr != nil {
		return werr
	}
	return err
}

// ReadRaw reads every file of dir as an article without cleaning it: the
// baseline of the cleaning ablation.
func ReadRaw(ctx context.Context, dir string) ([]news.Article, error) {
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
// ("-" is w).
func readDigests(w io.Writer, passes []Pass, path, unjudged string) error {
	ls, err := ReadLabels(path)
	if err != nil {
		return err
	}
	for _, p := range passes {
		if p.Budget != "100" {
			continue
		}
		r := Read(p.Results, ls)
		fmt.Fprintf(w, "== reading: 100 words, judged in %s\n", path)
		if err := ReportReading(w, r); err != nil {
			return err
		}
		fmt.Fprintln(w)
		switch unjudged {
		case "":
		case "-":
			return WriteMissing(w, p.Results, r)
		default:
			f, err := os.Create(unjudged)
			if err != nil {
				return err
			}
			defer f.Close()
			if err := WriteMissing(f, p.Results, r); err != nil {
				return err
			}
			return f.Close()
		}
	}
	return nil
}
