package main

import (
	"errors"
	"flag"
	"fmt"
	"sync"
	"time"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/config"
	"github.com/digestbot/digestbot/progress"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/sources/fetch"
	"github.com/digestbot/digestbot/story"
	"github.com/digestbot/digestbot/summarize"
)

// digestFlags are the flags of the commands that make digests: the
// summary options (all of them; eval registers its own --words), the
// window through which feeds are read, and for a command-line run its
// progress line and time limit.
type digestFlags struct {
	config.Digest
	maxAge   time.Duration
	maxItems int
	quiet    bool
	timeout  time.Duration
}

// Which flags digestFlags.register adds besides the summary options.
const (
	words  = 1 << iota // --words
	window             // --max-age and --max-items
	cliRun             // --quiet and --timeout
)

// register adds the summary flags to fs, and those of which.
func (f *digestFlags) register(fs *flag.FlagSet, which int) {
	d, w := config.DefaultDigest, config.DefaultFeedWindow
	if which&words != 0 {
		fs.IntVar(&f.Words, "words", d.Words, "word budget: the digest's bullets hold at most `N` words")
	}
	fs.IntVar(&f.Bullets, "bullets", d.Bullets, "at most `N` bullets (0: 10, or one per 10 words of a larger budget)")
	fs.IntVar(&f.MaxBulletWords, "max-bullet-words", d.MaxBulletWords, "at most `N` words in a bullet")
	fs.StringVar(&f.Order, "order", d.Order, "bullet order: rank (most supported facts first) or source (narrative order)")
	if which&window != 0 {
		fs.DurationVar(&f.maxAge, "max-age", w.MaxAge, "read only the feed items published in the last `DURATION` (0: any age, for archives and tests)")
		fs.IntVar(&f.maxItems, "max-items", w.MaxItems, "read at most `N` items of each feed, the newest (0: every item)")
	}
	if which&cliRun != 0 {
		fs.BoolVar(&f.quiet, "quiet", false, "do not show progress on a terminal")
		fs.DurationVar(&f.timeout, "timeout", 5*time.Minute, "give up making the digest after `D` (fetching included)")
	}
}

// options validates the flags and returns the summary options and the
// feed window they set; each problem is named with its flag.
func (f *digestFlags) options() (summarize.Options, sources.Window, error) {
	if err := f.Validate(); err != nil {
		return summarize.Options{}, sources.Window{}, err
	}
	var errs []error
	if f.maxAge < 0 {
		errs = append(errs, &config.FieldError{Field: "max-age", Problem: fmt.Sprintf("%v is negative (0 reads items of any age)", f.maxAge)})
	}
	if f.maxItems < 0 {
		errs = append(errs, &config.FieldError{Field: "max-items", Problem: fmt.Sprintf("%d is negative (0 reads every item)", f.maxItems)})
	}
	return summaryOptions(f.Digest), sources.Window{MaxAge: f.maxAge, MaxItems: f.maxItems}, errors.Join(errs...)
}

// summaryOptions turns the digest options of flags or a configured brief
// into summarize's.
func summaryOptions(d config.Digest) summarize.Options {
	o := summarize.Options{Words: d.Words, Bullets: d.Bullets, MaxBulletWords: d.MaxBulletWords, Order: summarize.ByRank}
	if d.Order == "source" {
		o.Order = summarize.BySource
	}
	return o
}

// command builds the bot.Command of a command-line run: one HTTP client
// for everything, feeds read through window (and only feeds, by a brief's
// workers, for a brief), progress on a terminal unless --quiet.
func (e *env) command(f *digestFlags, opts summarize.Options, window sources.Window, brief bool) bot.Command {
	tally := &bot.FeedTally{}
	lo := sources.LoadOptions{Getter: fetch.NewClient(fetch.ClientOptions{}), Stdin: e.stdin, Window: window, Report: tally.Add, FeedsOnly: brief}
	if brief {
		lo.Workers = sources.BriefWorkers
	}
	c := bot.Command{Reports: tally, Warning: sources.IsItemError, Stderr: e.stderr}
	if !f.quiet && progress.IsTerminal(e.stderr) {
		pl := progress.NewLine(e.stderr, time.Second)
		lo.Progress, lo.Fetches = pl.Sources, pl.Fetches
		c.Fetched = sync.OnceFunc(pl.End)
	}
	c.Pipeline = newPipeline(lo, opts)
	c.Pipeline.Timeout = f.timeout
	return c
}

// newPipeline wires sources, story grouping and summarize into the bot's
// pipeline; of each article it reads only the head that a digest reads.
func newPipeline(lo sources.LoadOptions, opts summarize.Options) bot.Pipeline {
	lo.MaxText = summarize.DefaultArticleBytes
	return bot.Pipeline{Fetcher: sources.Fetcher{Options: lo}, Grouper: story.Grouper{}, Summarizer: summarize.Stories{Options: opts}}
}
