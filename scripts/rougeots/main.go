// Command rougeots scores Open Text Summarizer (the Debian package ots) and
// digestbot with the same ROUGE, on every shared story, and prints one
// table of mean recalls per group of stories for docs/QUALITY.md.
//
// Usage:
//
//	go run ./scripts/rougeots [-stories ../shared/stories] [-ots ots]
//
// Every story is scored at 100 words and at its reference's length, as
// `digestbot eval` scores it (eval.Run: the text is cut to the budget with
// rouge.Truncate, then rouge.Evaluate). digestbot digests the cleaned
// articles with the default options, exactly as `digestbot eval` does, so
// its rows equal that command's summary. ots reads the story's article
// files as they are, joined into one text file (it summarizes one
// document), in two ways:
//
//   - fitted: the smallest --ratio (percent of sentences) whose extract
//     holds at least the budget's words, then cut to the budget — the
//     length comparable to the digest's;
//   - --ratio 10, cut to the budget, the baseline in
//     ../shared/stories/README.md.
//
// ots writes its extract in the text's order, so the cut keeps the
// extract's first sentences.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/digestbot/digestbot/eval"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/summarize"
)

func main() {
	stories := flag.String("stories", "../shared/stories", "the shared stories `folder`")
	ots := flag.String("ots", "ots", "the Open Text Summarizer `command`")
	flag.Parse()
	if err := run(context.Background(), *stories, *ots); err != nil {
		fmt.Fprintf(os.Stderr, "rougeots: %v\n", err)
		os.Exit(1)
	}
}

// system is one summarizer under test.
type system struct {
	name      string
	load      func(ctx context.Context, dir string) ([]news.Article, error)
	summarize func(articles []news.Article, words int) news.Digest
}

func run(ctx context.Context, stories, otsCmd string) error {
	tmp, err := os.MkdirTemp("", "rougeots")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	o := &ots{cmd: otsCmd, file: filepath.Join(tmp, "story.txt"), ratios: map[int]bool{}}
	var otsErr error
	otsDigest := func(extract func(text string, words int) (string, error)) func([]news.Article, int) news.Digest {
		return func(arts []news.Article, words int) news.Digest {
			out, err := extract(joined(arts), words)
			if err != nil && otsErr == nil {
				otsErr = err
			}
			return news.Digest{Bullets: []news.Bullet{{Text: out}}}
		}
	}
	systems := []system{
		{
			name: "digestbot",
			load: func(ctx context.Context, dir string) ([]news.Article, error) {
				arts, errs := sources.ReadPaths(ctx, []string{dir}, nil)
				return arts, errors.Join(errs...)
			},
			summarize: func(arts []news.Article, words int) news.Digest {
				d, _ := summarize.Summarize(context.Background(), arts, summarize.Options{Words: words})
				return d
			},
		},
		{
			name:      "ots, fitted ratio",
			load:      eval.ReadRaw,
			summarize: otsDigest(o.fit),
		},
		{
			name:      "ots --ratio 10",
			load:      eval.ReadRaw,
			summarize: otsDigest(func(text string, _ int) (string, error) { return o.summarize(text, 10) }),
		},
	}
	type pass struct {
		budget string
		runs   [][]eval.Result // by system
	}
	var passes []pass
	for _, budget := range []string{"100", "ref"} {
		p := pass{budget: budget}
		for i, s := range systems {
			opts := eval.Options{Words: 100, Load: s.load, Summarize: s.summarize, Lead: i == 0}
			if budget == "ref" {
				opts.Budget = eval.ReferenceWords
			}
			rs, err := eval.Run(ctx, stories, opts)
			if err != nil {
				return err
			}
			if otsErr != nil {
				return otsErr
			}
			p.runs = append(p.runs, rs)
		}
		passes = append(passes, p)
	}

	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 1, ' ', tabwriter.Debug)
	fmt.Fprintln(tw, "| budget\t stories\t digestbot R1 / R2\t lead R1 / R2\t ots, fitted ratio R1 / R2\t ots --ratio 10 R1 / R2\t R2: digestbot > ots fitted\t")
	fmt.Fprintln(tw, "|---\t---\t---\t---\t---\t---\t---\t")
	for _, p := range passes {
		for _, g := range groups(p.runs[0]) {
			cells := []string{p.budget, g.label}
			mean := func(rs []eval.Result, lead bool) string {
				var r1, r2 float64
				for _, i := range g.members {
					s := rs[i].Scores
					if lead {
						s = *rs[i].Lead
					}
					r1 += s.R1.Recall
					r2 += s.R2.Recall
				}
				n := float64(len(g.members))
				return fmt.Sprintf("%.3f / %.3f", r1/n, r2/n)
			}
			cells = append(cells, mean(p.runs[0], false), mean(p.runs[0], true), mean(p.runs[1], false), mean(p.runs[2], false))
			beats := 0
			for _, i := range g.members {
				if p.runs[0][i].Scores.R2.Recall > p.runs[1][i].Scores.R2.Recall {
					beats++
				}
			}
			cells = append(cells, fmt.Sprintf("%d of %d", beats, len(g.members)))
			fmt.Fprintf(tw, "| %s\t\n", strings.Join(cells, "\t "))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	lo, hi := 100, 0
	for r := range o.ratios {
		lo, hi = min(lo, r), max(hi, r)
	}
	fmt.Printf("\nots fitted --ratio: %d to %d percent of sentences\n", lo, hi)
	return nil
}

// group is a set of results: the stories sharing a name prefix, or all.
type group struct {
	label   string
	members []int
}

// groups returns the results grouped as eval.Summary groups them: by the
// story name's prefix before its first '-' (a group of one under the
// story's name), then all stories.
func groups(rs []eval.Result) []group {
	var gs []group
	index := map[string]int{}
	var all []int
	for i, r := range rs {
		prefix := r.Story
		if k := strings.IndexByte(prefix, '-'); k > 0 {
			prefix = prefix[:k]
		}
		k, ok := index[prefix]
		if !ok {
			k = len(gs)
			index[prefix] = k
			gs = append(gs, group{label: prefix})
		}
		gs[k].members = append(gs[k].members, i)
		all = append(all, i)
	}
	for k := range gs {
		if len(gs[k].members) == 1 {
			gs[k].label = rs[gs[k].members[0]].Story
		} else {
			gs[k].label = fmt.Sprintf("%s (%d)", gs[k].label, len(gs[k].members))
		}
	}
	return append(gs, group{label: fmt.Sprintf("mean (%d)", len(rs)), members: all})
}

// joined returns the articles as one document, each ending with a blank
// line, as scripts/benchinput joins them.
func joined(arts []news.Article) string {
	var b strings.Builder
	for _, a := range arts {
		b.WriteString(strings.TrimRight(a.Text, "\n"))
		b.WriteString("\n\n")
	}
	return b.String()
}

// ots runs Open Text Summarizer on a text through a file: it does not read
// standard input reliably when it is a pipe.
type ots struct {
	cmd    string
	file   string
	ratios map[int]bool // the fitted ratios, for the report
}

func (o *ots) summarize(text string, ratio int) (string, error) {
	if err := os.WriteFile(o.file, []byte(text), 0o644); err != nil {
		return "", err
	}
	var out, stderr bytes.Buffer
	c := exec.Command(o.cmd, "--ratio", strconv.Itoa(ratio), o.file)
	c.Stdout, c.Stderr = &out, &stderr
	if err := c.Run(); err != nil {
		return "", fmt.Errorf("%s --ratio %d: %w: %s", o.cmd, ratio, err, strings.TrimSpace(stderr.String()))
	}
	return out.String(), nil
}

// fit returns the extract of text at the smallest ratio that holds at
// least words words (at ratio 100 when none does).
func (o *ots) fit(text string, words int) (string, error) {
	r := max(1, 100*words/max(news.CountWords(text), 1))
	for {
		out, err := o.summarize(text, r)
		if err != nil || r >= 100 || news.CountWords(out) >= words {
			o.ratios[r] = true
			return out, err
		}
		r++
	}
}
