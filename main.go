// Command digestbot reads every article about a news story and writes a
// short bullet digest, each bullet naming the outlets that report it; it
// briefs feeds, posts to Slack and Discord, and runs as a daemon. main
// parses the command line (package cli, whose help/ documents every
// command) and the configuration, and wires the packages together.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/cli"
	"github.com/digestbot/digestbot/config"
	"github.com/digestbot/digestbot/eval"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/progress"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/sources/fetch"
	"github.com/digestbot/digestbot/store"
	"github.com/digestbot/digestbot/story"
	"github.com/digestbot/digestbot/summarize"
)

func main() {
	ctx, cancel := cli.SignalContext(os.Stderr)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	cancel()
	os.Exit(cli.ExitCode(err, os.Stderr))
}

// env is what the program gets from its process — main supplies the real
// ones, end-to-end tests their own — and the parser of its command line.
type env struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
	cli            cli.Parser
}

// run is the whole program: main only supplies the process's environment,
// and end-to-end tests call run directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr, cli: cli.Parser{Stdout: stdout, Stderr: stderr,
		DefaultDigest: cli.Digest(config.DefaultDigest), DefaultWindow: config.DefaultFeedWindow, CheckFormat: bot.CheckFormat}}
	return e.cli.Dispatch(ctx, args, map[string]func(context.Context, []string) error{
		"digest":  e.digest,
		"brief":   e.brief,
		"eval":    e.eval,
		"post":    e.post,
		"serve":   e.serve,
		"run":     e.runDaemon,
		"config":  e.config,
		"discord": e.discord,
		"health":  e.health,
		"version": e.cli.Version,
	})
}

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
	c := bot.Command{Reports: tally, Warning: sources.IsItemError, Stderr: e.stderr, Stdout: e.stdout}
	if !f.Quiet && cli.IsTerminal(e.stderr) {
		c.Fetched = progress.Show(&lo, e.stderr)
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

func (e *env) digest(ctx context.Context, args []string) error {
	a, err := e.cli.Digest(args)
	if err != nil {
		return err
	}
	c, err := e.command("digest", a.DigestFlags, false)
	if err != nil {
		return err
	}
	d, failed, err := c.Digest(ctx, a.Inputs)
	if err != nil {
		return err
	}
	if err := bot.WriteDigests(e.stdout, []news.Digest{d}, a.Format, false); err != nil {
		return err
	}
	return cli.Reported(failed)
}

func (e *env) brief(ctx context.Context, args []string) error {
	a, err := e.cli.Brief(args)
	if err != nil {
		return err
	}
	c, err := e.command("brief", a.DigestFlags, true)
	if err != nil {
		return err
	}
	c.Pipeline.Languages = a.Languages
	failed, err := c.Brief(ctx, a.Feeds, a.Stories, e.stdout, a.Format)
	if err != nil {
		return err
	}
	return cli.Reported(failed)
}

// destination is a configured destination as the bot needs it: the one
// place where a config.Destination becomes the bot's.
func destination(d config.Destination) bot.Destination {
	return bot.Destination{Kind: d.Kind, Target: d.Target, Token: string(d.Token), TokenEnv: d.TokenEnv(),
		Name: d.Name(), Key: d.Key(), NoEvidence: d.Evidence == config.EvidenceOff}
}

func (e *env) post(ctx context.Context, args []string) error {
	a, err := e.cli.Post(args)
	if err != nil {
		return err
	}
	c, err := e.command("post", a.DigestFlags, false)
	if err != nil {
		return err
	}
	posters, ok := c.Posters(a.To, func(s string) (bot.Destination, error) {
		d, err := config.ParseDestination(s)
		return destination(d), err
	}, e.getenv)
	if !ok {
		return cli.ErrUsage
	}
	d, failed, err := c.Digest(ctx, a.Inputs)
	if err != nil {
		return err
	}
	return cli.Reported(!c.Post(ctx, d, posters, a.DryRun) || failed)
}

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
	load := sources.ReadStory
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

// feedArticles reads a feed file as a brief reads a feed, but locally: no
// page is fetched, so teasers stay teasers.
func feedArticles(ctx context.Context, path string) ([]news.Article, error) {
	return newPipeline(sources.LoadOptions{}, summarize.Options{}).ReadInput(ctx, path)
}

// groupStories groups articles into stories as a brief does.
func groupStories(a []news.Article) []news.Story { return story.Group(a, story.Options{}) }

func (e *env) config(ctx context.Context, args []string) error {
	file, err := e.cli.ConfigCheck(args)
	if err != nil {
		return err
	}
	_, problems, err := config.Load(file, e.getenv)
	if err != nil {
		return err // cli.ExitCode prints it: exit 1
	}
	if config.Report(problems, e.stderr, nil) {
		return cli.ErrReported
	}
	fmt.Fprintf(e.stdout, "%s: ok\n", file)
	return nil
}

func (e *env) runDaemon(ctx context.Context, args []string) error {
	a, err := e.cli.Run(args)
	if err != nil {
		return err
	}
	cfg, problems, err := config.Load(a.Config, e.getenv)
	if err != nil {
		return err // cli.ExitCode prints it: exit 1
	}
	log := cli.NewLogger(e.stderr, cfg.Log.Level, cfg.Log.Format)
	if config.Report(problems, e.stderr, func(p config.Problem) { log.Warn("configuration", "problem", p.String()) }) {
		return cli.ErrReported
	}
	st, err := store.Open(ctx, string(cfg.Store))
	if err != nil {
		return err
	}
	defer st.Close()
	briefs, posters, err := e.briefs(cfg)
	if err != nil {
		return err
	}
	o := bot.DaemonOptions{
		Store: st, Briefs: briefs, Posters: posters, Owner: bot.Owner(), Logger: log, Prune: st.Prune,
		Clock: bot.NewClock(a.Clock.Start, a.Clock.Epoch, a.Clock.Rate), Warning: sources.IsItemError,
		Lease: a.Lease, Backoff: a.Retry, Poll: a.Poll, Grace: cfg.Grace, Retention: cfg.Retention,
		Grouper:    story.Grouper{},
		Background: func(arts []news.Article) bot.Grouper { return story.NewBackgroundGrouper(arts) },
		Follow: bot.FollowOptions{Every: cfg.Follow.Every, Feeds: cfg.FollowFeedURLs(), Languages: cfg.Slash.Languages,
			Summarizer: summarize.Stories{}, Getenv: e.getenv, NoEvidence: cfg.Evidence == config.EvidenceOff},
	}
	// Briefs read feeds only, through their windows (measured on the
	// scheduler's clock, which a rehearsal may run fast), fetched
	// conditionally with the validators the store keeps; --once tallies
	// what each feed gave.
	client := fetch.NewClient(fetch.ClientOptions{Allow: cfg.AllowedRanges})
	lo := sources.LoadOptions{Getter: client, MaxText: summarize.DefaultArticleBytes, Now: o.Clock.Now}.ForBriefs()
	if a.Once {
		o.Reports = &bot.FeedTally{}
		lo.Report = o.Reports.Add
	}
	feeds := sources.Fetcher{Options: lo, FeedWindow: cfg.Window, Logger: log, Validators: func(ctx context.Context) sources.ValidatorStore {
		return st.ValidatorCache(ctx, func(err error) { log.Warn("feed state", "err", err) })
	}}
	o.Feeds = feeds
	d := bot.NewDaemon(o)
	log.Info("starting", "config", cfg.Path, "store", st.String(), "briefs", len(briefs), "owner", o.Owner)
	if a.Once {
		return cli.Reported(d.RunOnce(ctx, e.stderr) != nil) // each problem was printed
	}
	// Topic queries search what the briefs stored, refreshed by a
	// conditional fetch of the slash-command feeds (unchanged feeds cost a
	// 304); pages a user sends are fetched as they are.
	p := newPipeline(sources.LoadOptions{Getter: client}, summarize.Options{})
	p.Languages = cfg.Slash.Languages
	p.Topics = d.Runner.Recent(feeds)
	slash := e.slashOptions(string(cfg.Slash.Slack.SigningSecret), cfg.Slash.Discord.PublicKey, cfg.SlashFeedURLs(), log)
	err = bot.Endpoints{Addr: cfg.Listen, Pipeline: p, Slash: slash,
		ResponseHosts: e.getenv("SLACK_RESPONSE_HOSTS"), MaxConcurrent: a.MaxConcurrent, MaxQueued: a.MaxQueued,
		SlackAppToken: string(cfg.Slash.Slack.AppToken), SlackBotToken: string(cfg.Slash.Slack.BotToken),
		SlackAPI: e.getenv("SLACK_API_URL"), DiscordGateway: cfg.Slash.Discord.Gateway,
		DiscordBotToken: string(cfg.Slash.Discord.BotToken)}.Mount(d)
	if err != nil {
		return err
	}
	return d.Run(ctx)
}

// briefs turns the configuration's briefs into the bot's, and their
// destinations into posters by key (bot.Posters).
func (e *env) briefs(cfg *config.Config) ([]bot.Brief, map[string]bot.Poster, error) {
	posters := bot.Posters{Getenv: e.getenv, Stdout: e.stdout, ByKey: map[string]bot.Poster{}}
	var briefs []bot.Brief
	for _, b := range cfg.Briefs {
		sched, err := bot.NewSchedule(b.Schedule, b.Cron, b.Location)
		if err != nil {
			return nil, nil, fmt.Errorf("brief %s: %w", b.Name, err)
		}
		bb := bot.Brief{Name: b.Name, Feeds: cfg.FeedURLs(b), Schedule: sched, Stories: b.Stories, AllOnFirstRun: b.FirstRun == "all",
			Languages: b.Languages, Filter: b.Filter, Summarizer: summarize.Stories{Options: summaryOptions(b.Digest)}}
		for _, d := range b.To {
			key, err := posters.Add(destination(d))
			if err != nil {
				return nil, nil, fmt.Errorf("brief %s: %w", b.Name, err)
			}
			bb.Dests = append(bb.Dests, key)
		}
		briefs = append(briefs, bb)
	}
	return briefs, posters.ByKey, nil
}

// slashOptions are the slash commands' options of the secrets given (the
// Slack signing secret, the Discord application's public key in hex) and
// of the feeds topic queries search; DISCORD_API_URL overrides Discord's
// API base URL.
func (e *env) slashOptions(slackSecret, discordKey string, feeds []string, log *slog.Logger) bot.SlashOptions {
	return bot.SlashOptions{SlackSecret: slackSecret, DiscordKey: discordKey, DiscordAPI: e.getenv("DISCORD_API_URL"), Feeds: feeds,
		Describe: sources.Describe, HTTPClient: bot.ChatClient, Logger: log}
}

func (e *env) serve(ctx context.Context, args []string) error {
	a, err := e.cli.Serve(args)
	if err != nil {
		return err
	}
	opts, window, err := e.options("serve", a.DigestFlags)
	if err != nil {
		return err
	}
	log := cli.NewLogger(e.stderr, slog.LevelInfo, "auto")
	p := newPipeline(sources.LoadOptions{Getter: fetch.NewClient(fetch.ClientOptions{}), Stdin: e.stdin, Window: window}, opts)
	p.Languages = a.Languages
	d := &bot.Daemon{Logger: log} // no store, no deliveries: healthy while it serves
	slash := e.slashOptions(e.getenv("SLACK_SIGNING_SECRET"), e.getenv("DISCORD_PUBLIC_KEY"), a.Feeds, log)
	err = bot.Endpoints{Addr: a.Listen, Pipeline: p, Slash: slash, ResponseHosts: e.getenv("SLACK_RESPONSE_HOSTS"),
		MaxConcurrent: a.MaxConcurrent, MaxQueued: a.MaxQueued, RequireSecret: true}.Mount(d)
	if errors.Is(err, bot.ErrNoSecret) {
		fmt.Fprintln(e.stderr, "digestbot serve: set SLACK_SIGNING_SECRET or DISCORD_PUBLIC_KEY: without a secret no request can be verified")
		return cli.ErrUsage
	}
	if err != nil {
		return err
	}
	return d.Run(ctx)
}

func (e *env) discord(ctx context.Context, args []string) error {
	guild, err := e.cli.DiscordRegister(args)
	if err != nil {
		return err
	}
	token, app := e.getenv("DISCORD_BOT_TOKEN"), e.getenv("DISCORD_APP_ID")
	if token == "" || app == "" {
		fmt.Fprintln(e.stderr, "digestbot discord register: set DISCORD_BOT_TOKEN and DISCORD_APP_ID")
		return cli.ErrUsage
	}
	return bot.Command{Stderr: e.stderr}.RegisterDiscord(ctx, token, app, guild, e.getenv("DISCORD_API_URL"), bot.ChatClient, e.stdout)
}

func (e *env) health(ctx context.Context, args []string) error {
	url, err := e.cli.Health(args)
	if err != nil {
		return err
	}
	healthy, err := bot.Command{Stderr: e.stderr}.Health(ctx, http.DefaultClient, url, e.stdout)
	if err != nil {
		return err
	}
	return cli.Reported(!healthy)
}
