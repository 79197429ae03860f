package main

import (
	"context"
	"fmt"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/cli"
	"github.com/digestbot/digestbot/news"
)

// formatHelp documents --format: the render package's formats, and the
// exact payloads the chat platforms take.
const formatHelp = "output `format`: text, markdown, json, slack (Block Kit payload) or discord (embed payload)"

func (e *env) digest(ctx context.Context, args []string) error {
	fs := cli.NewFlagSet("digest", e.stderr)
	var df digestFlags
	df.register(fs, words|window|cliRun)
	format := fs.String("format", "text", formatHelp)
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
	opts, window, err := df.options()
	if err != nil {
		return cli.ReportUsage(e.stderr, "digest", err)
	}
	d, failed, err := e.command(&df, opts, window, false).Digest(ctx, inputs)
	if err != nil {
		return err
	}
	if err := bot.WriteDigests(e.stdout, []news.Digest{d}, *format, false); err != nil {
		return err
	}
	return reported(failed)
}

// reported returns cli.ErrReported if a run failed: its problems were
// printed.
func reported(failed bool) error {
	if failed {
		return cli.ErrReported
	}
	return nil
}

func (e *env) brief(ctx context.Context, args []string) error {
	fs := cli.NewFlagSet("brief", e.stderr)
	var feeds cli.List
	fs.Var(&feeds, "feeds", "feeds to read (`FEED`; repeat the flag or separate with commas)")
	var df digestFlags
	df.register(fs, words|window|cliRun)
	stories := fs.Int("stories", 5, "digest the top `N` stories")
	var langs cli.Languages
	fs.Var(&langs, "languages", "only stories in these languages (`CODE`: ISO 639-1, such as en or fr; repeat the flag or separate with commas); default every language")
	format := fs.String("format", "text", formatHelp)
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
	opts, window, err := df.options()
	if err != nil {
		return cli.ReportUsage(e.stderr, "brief", err)
	}
	c := e.command(&df, opts, window, true)
	c.Pipeline.Languages = langs
	failed, err := c.Brief(ctx, feeds, *stories, e.stdout, *format)
	if err != nil {
		return err
	}
	return reported(failed)
}
