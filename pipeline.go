package main

import (
	"sync"
	"time"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/cli"
	"github.com/digestbot/digestbot/config"
	"github.com/digestbot/digestbot/progress"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/sources/fetch"
	"github.com/digestbot/digestbot/story"
	"github.com/digestbot/digestbot/summarize"
)

// options checks the summary and feed-window flags of cmd, printing each
// problem named with its flag, and returns summarize's options and the
// feed window they set.
func (e *env) options(cmd string, f cli.DigestFlags) (summarize.Options, sources.Window, error) {
	err := config.Digest(f.Digest).Validate()
	if err == nil {
		err = f.CheckWindow()
	}
	if err != nil {
		return summarize.Options{}, sources.Window{}, cli.ReportUsage(e.stderr, cmd, err)
	}
	return summaryOptions(config.Digest(f.Digest)), f.Window, nil
}

// summaryOptions turns the digest options of flags or a configured brief
// into summarize's; Validate has checked the order is rank or source,
// summarize's names.
func summaryOptions(d config.Digest) summarize.Options {
	return summarize.Options{Words: d.Words, Bullets: d.Bullets, MaxBulletWords: d.MaxBulletWords, Order: summarize.Order(d.Order)}
}

// command builds the bot.Command of a command-line run of cmd from its
// flags (see options): one HTTP client for everything, feeds read through
// the flags' window (and only feeds, by a brief's workers, for a brief),
// progress on a terminal unless --quiet.
func (e *env) command(cmd string, f cli.DigestFlags, brief bool) (bot.Command, error) {
	opts, window, err := e.options(cmd, f)
	if err != nil {
		return bot.Command{}, err
	}
	tally := &bot.FeedTally{}
	lo := sources.LoadOptions{Getter: fetch.NewClient(fetch.ClientOptions{}), Stdin: e.stdin, Window: window, Report: tally.Add}
	if brief {
		lo = lo.ForBriefs()
	}
	c := bot.Command{Reports: tally, Warning: sources.IsItemError, Stderr: e.stderr}
	if !f.Quiet && cli.IsTerminal(e.stderr) {
		pl := progress.NewLine(e.stderr, time.Second)
		lo.Progress, lo.Fetches = pl.Sources, pl.Fetches
		c.Fetched = sync.OnceFunc(pl.End)
	}
	c.Pipeline = newPipeline(lo, opts)
	c.Pipeline.Timeout = f.Timeout
	return c, nil
}

// newPipeline wires sources, story grouping and summarize into the bot's
// pipeline; of each article it reads only the head that a digest reads.
func newPipeline(lo sources.LoadOptions, opts summarize.Options) bot.Pipeline {
	lo.MaxText = summarize.DefaultArticleBytes
	return bot.Pipeline{Fetcher: sources.Fetcher{Options: lo}, Grouper: story.Grouper{}, Summarizer: summarize.Stories{Options: opts}}
}
