package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/cli"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/progress"
	"github.com/digestbot/digestbot/render"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/sources/fetch"
	"github.com/digestbot/digestbot/story"
	"github.com/digestbot/digestbot/summarize"
)

// formatHelp documents --format: the render package's formats, and the
// exact payloads the chat platforms take.
const formatHelp = "output `format`: text, markdown, json, slack (Block Kit payload) or discord (embed payload)"

// loader returns the sources.Load options of a command run: one HTTP client
// for everything, feeds read through window, progress on a terminal unless
// quiet, and of each article only the head that a digest reads. end ends
// the progress line; call it once the load returned.
func (e *env) loader(quiet bool, window sources.Window) (opts sources.LoadOptions, end func()) {
	opts = sources.LoadOptions{Getter: fetch.NewClient(fetch.ClientOptions{}), Stdin: e.stdin, MaxText: summarize.DefaultArticleBytes, Window: window}
	if quiet || !isTerminal(e.stderr) {
		return opts, func() {}
	}
	pl := progress.NewLine(e.stderr, time.Second)
	opts.Progress, opts.Fetches = pl.Sources, pl.Fetches
	return opts, sync.OnceFunc(pl.End)
}

// isTerminal reports whether w is a terminal, where progress is shown.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// read loads the inputs of one story, feeds through window, and checks
// that each article has a sentence to digest; it prints one line per
// problem, and one per feed whose window or items left all out.
func (e *env) read(ctx context.Context, inputs []string, quiet bool, window sources.Window) ([]news.Article, int) {
	lo, end := e.loader(quiet, window)
	var tally bot.FeedTally
	lo.Report = tally.Add
	usable, errs, unusable := newPipeline(lo, summarize.Options{}).Read(ctx, inputs, bot.Scope{})
	end()
	errs = append(errs, unusable...)
	for _, err := range errs {
		fmt.Fprintf(e.stderr, "digestbot: %v\n", err)
	}
	for _, r := range tally.Take() {
		if r.Items > 0 && r.Skipped() == r.Items {
			fmt.Fprintf(e.stderr, "digestbot: %s\n", render.ItemsLeftOut(r))
		}
	}
	return usable, len(errs)
}

// make reads the inputs of one story and digests them within timeout; it
// prints one line per problem and returns how many inputs failed.
func (e *env) make(ctx context.Context, inputs []string, quiet bool, window sources.Window, opts summarize.Options, timeout time.Duration) (news.Digest, int, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	usable, failed := e.read(ctx, inputs, quiet, window)
	if len(usable) == 0 {
		fmt.Fprintln(e.stderr, "digestbot: no usable input")
		return news.Digest{}, failed, cli.ErrReported
	}
	d, err := summarizer(opts).Summarize(ctx, news.Story{Articles: usable})
	if err != nil {
		return news.Digest{}, failed, timedOut(err, timeout)
	}
	return d, failed, nil
}

func (e *env) digest(ctx context.Context, args []string) error {
	fs := cli.NewFlagSet("digest", e.stderr)
	var df digestFlags
	df.register(fs, true)
	var wf windowFlags
	wf.register(fs)
	format := fs.String("format", "text", formatHelp)
	quiet := fs.Bool("quiet", false, "do not show progress on a terminal")
	timeout := timeoutFlag(fs)
	inputs, err := cli.Parse(fs, args, e.stdout)
	if err != nil {
		return err
	}
	if len(inputs) == 0 {
		fmt.Fprintln(e.stderr, "digestbot digest: no INPUT given")
		fs.Usage()
		return cli.ErrUsage
	}
	if err := bot.CheckFormat(*format); err != nil {
		fmt.Fprintf(e.stderr, "digestbot digest: %v\n", err)
		return cli.ErrUsage
	}
	opts, err := df.options()
	if err != nil {
		return cli.ReportUsage(e.stderr, "digest", err)
	}
	window, err := wf.window()
	if err != nil {
		return cli.ReportUsage(e.stderr, "digest", err)
	}
	d, failed, err := e.make(ctx, inputs, *quiet, window, opts, *timeout)
	if err != nil {
		return err
	}
	if err := bot.WriteDigests(e.stdout, []news.Digest{d}, *format, false); err != nil {
		return err
	}
	if failed > 0 {
		return cli.ErrReported
	}
	return nil
}

// languagesHelp documents --languages.
const languagesHelp = "only stories in these languages (`CODE`: ISO 639-1, such as en or fr; repeat the flag or separate with commas); default every language"

func (e *env) brief(ctx context.Context, args []string) error {
	fs := cli.NewFlagSet("brief", e.stderr)
	var feeds cli.List
	fs.Var(&feeds, "feeds", "feeds to read (`FEED`; repeat the flag or separate with commas)")
	var df digestFlags
	df.register(fs, true)
	var wf windowFlags
	wf.register(fs)
	stories := fs.Int("stories", 5, "digest the top `N` stories")
	var langs cli.Languages
	fs.Var(&langs, "languages", languagesHelp)
	format := fs.String("format", "text", formatHelp)
	quiet := fs.Bool("quiet", false, "do not show progress on a terminal")
	timeout := timeoutFlag(fs)
	rest, err := cli.Parse(fs, args, e.stdout)
	if err != nil {
		return err
	}
	feeds = append(feeds, rest...)
	if len(feeds) == 0 {
		fmt.Fprintln(e.stderr, "digestbot brief: no --feeds given")
		fs.Usage()
		return cli.ErrUsage
	}
	if *stories < 1 {
		fmt.Fprintln(e.stderr, "digestbot brief: --stories must be at least 1")
		return cli.ErrUsage
	}
	if err := bot.CheckFormat(*format); err != nil {
		fmt.Fprintf(e.stderr, "digestbot brief: %v\n", err)
		return cli.ErrUsage
	}
	opts, err := df.options()
	if err != nil {
		return cli.ReportUsage(e.stderr, "brief", err)
	}
	window, err := wf.window()
	if err != nil {
		return cli.ReportUsage(e.stderr, "brief", err)
	}
	lo, end := e.loader(*quiet, window)
	lo.FeedsOnly, lo.Workers = true, sources.BriefWorkers
	var tally bot.FeedTally
	lo.Report = tally.Add
	p := newPipeline(lo, opts)
	p.Timeout = *timeout
	p.Languages = langs
	fetched := 0 // the errors of reading the feeds come first
	fetch := p.Fetcher
	p.Fetcher = bot.FetchFunc(func(ctx context.Context, inputs []string, scope bot.Scope) ([]news.Article, []error) {
		arts, errs := fetch.Fetch(ctx, inputs, scope)
		end()
		fetched = len(errs)
		return arts, errs
	})
	_, digests, errs := p.Brief(ctx, feeds, *stories)
	end()
	unusable := 0 // read, but nothing in it to digest: a warning, counted
	for _, err := range errs[fetched:] {
		if _, ok := err.(*bot.LeftOutError); ok {
			unusable++
		}
	}
	loaded := fetched + unusable
	return e.briefResult(digests, errs[:loaded], errs[loaded:], tally.Take(), unusable, *format, *timeout)
}

// briefResult prints a brief and its problems, and says how it ends: 0
// when a brief was made from every feed, warnings counted and printed
// (pages that kept their teasers, items left out); 1 with a one-line
// reason when a feed could not be read at all, nothing could be made, or
// the time ran out while digesting (later). loadErrs are the errors of
// reading the feeds, reports what was made of each feed read.
func (e *env) briefResult(digests []news.Digest, loadErrs, later []error, reports []news.FeedReport, unusable int, format string, timeout time.Duration) error {
	failed, warnings := splitProblems(loadErrs)
	for _, err := range failed {
		fmt.Fprintf(e.stderr, "digestbot: %v\n", timedOut(err, timeout))
	}
	for _, err := range later {
		fmt.Fprintf(e.stderr, "digestbot: %v\n", timedOut(err, timeout))
	}
	for _, err := range warnings {
		fmt.Fprintf(e.stderr, "digestbot: warning: %v\n", err)
	}
	for _, r := range reports {
		if r.TitleOnly > 0 || r.Items > 0 && r.Skipped() == r.Items {
			fmt.Fprintf(e.stderr, "digestbot: warning: %s\n", render.ItemsLeftOut(r))
		}
	}
	feeds := len(reports) + len(failed)
	switch {
	case len(digests) == 0 && len(reports) == 0 && len(failed) > 0:
		fmt.Fprintf(e.stderr, "digestbot: %s\n", render.NoFeedRead(failed, feeds))
		return cli.ErrReported
	case len(digests) == 0:
		fmt.Fprintf(e.stderr, "digestbot: %s\n", render.NothingToBrief(reports, unusable))
		return cli.ErrReported
	}
	if err := bot.WriteDigests(e.stdout, digests, format, true); err != nil {
		return err
	}
	if len(failed) > 0 {
		fmt.Fprintf(e.stderr, "digestbot: %d of %d feeds could not be read; the brief was made from the other %d\n", len(failed), feeds, feeds-len(failed))
		return cli.ErrReported
	}
	if len(later) > 0 {
		return cli.ErrReported
	}
	if len(warnings) > 0 {
		fmt.Fprintf(e.stderr, "digestbot: the brief was made, with %s (above)\n", render.Plural(len(warnings), "warning", "warnings"))
	}
	return nil
}

// newPipeline wires sources, story grouping and summarize into the bot's
// pipeline; of each article it reads only the head that a digest reads.
func newPipeline(lo sources.LoadOptions, opts summarize.Options) bot.Pipeline {
	lo.MaxText = summarize.DefaultArticleBytes
	return bot.Pipeline{
		Fetcher: sources.Fetcher{Options: lo},
		Grouper: bot.GroupFunc(func(arts []news.Article, known []news.Story) []news.Story {
			return story.Group(arts, story.Options{Known: known})
		}),
		Summarizer: summarizer(opts),
	}
}

// summarizer digests stories with summarize and opts.
type summarizer summarize.Options

// Check says why a has no sentence to digest.
func (summarizer) Check(a news.Article) error { return summarize.Check(a) }

// Summarize digests the story's articles.
func (o summarizer) Summarize(ctx context.Context, s news.Story) (news.Digest, error) {
	return summarize.Summarize(ctx, s.Articles, summarize.Options(o))
}
