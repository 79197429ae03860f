// Command digestbot reads every article about a news story, ranks their
// sentences with TextRank across all sources at once, and writes a short
// bullet digest: a headline and 5–10 short, distinct bullets, each naming
// the outlets that report it.
//
// Usage:
//
//	digestbot digest [flags] PATH...   digest the articles at PATH (file, folder, - for stdin)
//	digestbot eval [flags] DIR         score digests of evaluation stories with ROUGE
//
// Run "digestbot COMMAND --help" for a command's flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/config"
	"github.com/digestbot/digestbot/eval"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/render"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/summarize"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// errUsage marks a command line that could not be parsed; it exits 2.
var errUsage = errors.New("usage")

// errReported marks a failure whose problems were already printed, one
// line each; it exits 1 without printing more.
var errReported = errors.New("reported")

// exitCode prints err (unless it was already reported) and returns the
// process's exit status: 0 for success, 2 for a usage error, 1 otherwise.
func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, errReported):
		return 1
	default:
		fmt.Fprintf(stderr, "digestbot: %v\n", err)
		return 1
	}
}

const usage = `digestbot reads articles about a news story and writes a short bullet digest.

Usage:
  digestbot digest [flags] PATH...   digest the articles at PATH: a file, a folder of articles, or - for stdin
  digestbot eval [flags] DIR         score digests of the story folders under DIR with ROUGE

Run "digestbot COMMAND --help" for a command's flags.
`

// run is the whole program: main only supplies the process's environment,
// and end-to-end tests call run directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "digest":
		return runDigest(ctx, args[1:], stdin, stdout, stderr)
	case "eval":
		return runEval(ctx, args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "digestbot: unknown command %q\n\n%s", args[0], usage)
		return errUsage
	}
}

// digestFlags are the summary options shared by digest and eval.
type digestFlags struct{ config.Digest }

// register adds the flags to fs; eval registers its own --words.
func (f *digestFlags) register(fs *flag.FlagSet, words bool) {
	d := config.DefaultDigest
	if words {
		fs.IntVar(&f.Words, "words", d.Words, "word budget: the digest's bullets hold at most `N` words")
	}
	fs.IntVar(&f.Bullets, "bullets", d.Bullets, "at most `N` bullets (0: 10, or one per 10 words of a larger budget)")
	fs.IntVar(&f.MaxBulletWords, "max-bullet-words", d.MaxBulletWords, "at most `N` words in a bullet")
	fs.StringVar(&f.Order, "order", d.Order, "bullet order: rank (most supported facts first) or source (narrative order)")
}

// options validates the flags and turns them into summary options; each
// problem is named with its flag.
func (f *digestFlags) options() (summarize.Options, error) {
	if err := f.Validate(); err != nil {
		return summarize.Options{}, err
	}
	o := summarize.Options{Words: f.Words, Bullets: f.Bullets, MaxBulletWords: f.MaxBulletWords, Order: summarize.ByRank}
	if f.Order == "source" {
		o.Order = summarize.BySource
	}
	return o, nil
}

// reportUsage prints each problem of a usage error on its own line.
func reportUsage(stderr io.Writer, cmd string, err error) error {
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(stderr, "digestbot %s: --%s\n", cmd, line)
	}
	return errUsage
}

// newFlagSet returns a flag set that prints its usage to stderr, or to
// stdout when --help asks for it.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: digestbot %s %s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags that may come before, between or after the
// positional arguments, and returns the positional ones.
func parse(fs *flag.FlagSet, args []string, stdout io.Writer) ([]string, error) {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(stdout)
			fs.Usage()
			return nil, flag.ErrHelp
		}
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func runDigest(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("digest", "[flags] PATH...\n\nPATH is an article file (text or HTML), a folder of articles, or - for standard input.", stderr)
	var df digestFlags
	df.register(fs, true)
	format := fs.String("format", "text", "output `format`: text, markdown or json")
	paths, err := parse(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "digestbot digest: no PATH given")
		fs.Usage()
		return errUsage
	}
	f, err := render.ParseFormat(*format)
	if err != nil {
		fmt.Fprintf(stderr, "digestbot digest: %v\n", err)
		return errUsage
	}
	opts, err := df.options()
	if err != nil {
		return reportUsage(stderr, "digest", err)
	}

	articles, errs := sources.ReadPaths(ctx, paths, stdin)
	usable := articles[:0]
	for _, a := range articles {
		if err := summarize.Check(a); err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", a.URL, err))
			continue
		}
		usable = append(usable, a)
	}
	for _, err := range errs {
		fmt.Fprintf(stderr, "digestbot: %v\n", err)
	}
	if len(usable) == 0 {
		fmt.Fprintln(stderr, "digestbot: no usable input")
		return errReported
	}
	d := summarize.Summarize(usable, opts)
	if err := bot.Deliver(ctx, d, &bot.Writer{W: stdout, Format: f}); err != nil {
		return err
	}
	if len(errs) > 0 {
		return errReported
	}
	return nil
}

func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval", "[flags] DIR\n\nDIR is a story folder (articles/*.txt and reference.txt) or a folder of them.\nWithout --words, every story is scored twice: at 100 words and at its reference's length.", stderr)
	var df digestFlags
	df.register(fs, false)
	words := fs.String("words", "", "word budget: `N` words, or ref for each reference's own length (default: both 100 and ref)")
	lead := fs.Bool("lead", true, "also score the lead baseline: the first article's first words")
	ablate := fs.String("ablate", "", "switch components off, for ablation: a comma-separated `list` of cleaning, position, cross-source, redundancy, compression, title")
	similarity := fs.String("similarity", "tfidf", "sentence similarity of the graph: tfidf or bm25")
	dirs, err := parse(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(dirs) != 1 {
		fmt.Fprintln(stderr, "digestbot eval: want exactly one DIR")
		fs.Usage()
		return errUsage
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
				return summarize.Summarize(a, o)
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
	fmt.Fprintln(stdout, "== summary")
	if err := eval.Summary(stdout, passes); err != nil {
		return err
	}
	if len(errs) > 0 {
		// One failing pass usually fails for the same stories in the
		// other; name each problem once.
		return dedupe(errs)
	}
	return nil
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
