package main

import (
	"context"
	"fmt"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/cli"
	"github.com/digestbot/digestbot/config"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/sources/fetch"
	"github.com/digestbot/digestbot/store"
	"github.com/digestbot/digestbot/story"
	"github.com/digestbot/digestbot/summarize"
)

var _ bot.DaemonStore = (*store.Store)(nil)

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
	o := bot.DaemonOptions{Store: st, Briefs: briefs, Posters: posters, Warning: sources.IsItemError, Owner: bot.Owner(), Clock: bot.NewClock(a.Clock.Start, a.Clock.Epoch, a.Clock.Rate),
		Lease: a.Lease, Backoff: a.Retry, Poll: a.Poll, Grace: cfg.Grace, Retention: cfg.Retention, Logger: log, Prune: st.Prune,
		Background: func(arts []news.Article) bot.Grouper { return story.NewBackgroundGrouper(arts) }, Grouper: story.Grouper{}}
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
		if err := d.RunOnce(ctx, e.stderr); err != nil {
			return cli.ErrReported // each problem was printed
		}
		return nil
	}
	// Topic queries search what the briefs stored, refreshed by a
	// conditional fetch of the slash-command feeds (unchanged feeds cost a
	// 304); pages a user sends are fetched as they are.
	p := newPipeline(sources.LoadOptions{Getter: client}, summarize.Options{})
	p.Languages = cfg.Slash.Languages
	p.Topics = d.Runner.Recent(feeds)
	err = bot.Endpoints{Addr: cfg.Listen, Pipeline: p, Slash: e.slashOptions(string(cfg.Slash.Slack.SigningSecret), cfg.Slash.Discord.PublicKey, cfg.SlashFeedURLs(), log),
		ResponseHosts: e.getenv("SLACK_RESPONSE_HOSTS"), MaxConcurrent: a.MaxConcurrent, MaxQueued: a.MaxQueued,
		SlackAppToken: string(cfg.Slash.Slack.AppToken), SlackBotToken: string(cfg.Slash.Slack.BotToken), SlackAPI: e.getenv("SLACK_API_URL"),
		DiscordGateway: cfg.Slash.Discord.Gateway, DiscordBotToken: string(cfg.Slash.Discord.BotToken)}.Mount(d)
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
			Languages: b.Languages, Summarizer: summarize.Stories{Options: summaryOptions(b.Digest)}}
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
