package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/digestbot/digestbot/bot"
	botchat "github.com/digestbot/digestbot/bot/chat"
	"github.com/digestbot/digestbot/bot/discord"
	"github.com/digestbot/digestbot/bot/slack"
	"github.com/digestbot/digestbot/cli"
	"github.com/digestbot/digestbot/config"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/progress"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/sources/fetch"
	"github.com/digestbot/digestbot/store"
	"github.com/digestbot/digestbot/story"
	"github.com/digestbot/digestbot/summarize"
)

// newLogger returns a slog logger at level: text on a terminal, JSON
// otherwise (format "auto"), or as asked.
func newLogger(w io.Writer, level slog.Level, format string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" || format != "text" && !progress.IsTerminal(w) {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// owner names this process in the store's claims: host, process and a
// random suffix, so that two replicas never share a name.
func owner() string {
	host, _ := os.Hostname()
	var b [4]byte
	rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

var _ bot.Memory = (*store.Store)(nil)

// feedWindow returns the window of a feed of cfg, for sources.
func feedWindow(cfg *config.Config) func(feed string) sources.Window {
	return func(feed string) sources.Window {
		w := cfg.Window(feed)
		return sources.Window{MaxAge: w.MaxAge, MaxItems: w.MaxItems}
	}
}

func (e *env) runDaemon(ctx context.Context, args []string) error {
	fs := cli.NewFlagSet("run", e.stderr)
	path := fs.String("config", "", "configuration `FILE` (YAML)")
	once := fs.Bool("once", false, "run every brief now, once, deliver, and exit")
	lease := fs.Duration("lease", 30*time.Second, "how long a claimed delivery stays this process's without news of it (a send renews it); how soon a replica or a restart takes over the deliveries of a process that died")
	poll := fs.Duration("poll", 15*time.Second, "how often the outbox is checked for due deliveries")
	retry := fs.Duration("retry", time.Minute, "wait before retrying a failed delivery, doubling up to an hour")
	// A fast clock for tests and rehearsals, left out of the synopsis: the
	// scheduler reads clockStart at the wall-clock instant clockEpoch and
	// runs clockRate times faster (bot.FastClock).
	var clockStart, clockEpoch time.Time
	clockRate := 1.0
	fs.Func("clock-start", "test/rehearsal aid: the scheduler's clock starts at this RFC 3339 `TIME` instead of now", func(s string) (err error) {
		clockStart, err = time.Parse(time.RFC3339, s)
		return err
	})
	fs.Func("clock-epoch", "test/rehearsal aid: the wall-clock RFC 3339 `TIME` at which the clock reads --clock-start (default: at start); replicas given the same one share a clock", func(s string) (err error) {
		clockEpoch, err = time.Parse(time.RFC3339, s)
		return err
	})
	fs.Func("clock-rate", "test/rehearsal aid: the scheduler's clock runs `N` times faster than the wall clock; --lease, --poll and --retry count in its time (default 1)", func(s string) (err error) {
		if clockRate, err = strconv.ParseFloat(s, 64); err == nil && !(clockRate > 0 && clockRate <= 1e6) {
			err = errors.New("want a number above 0, at most 1e6")
		}
		return err
	})
	maxConcurrent := fs.Int("max-concurrent", 0, "slash-command digests made at once per platform (`N`); commands beyond them wait their turn (0: 4)")
	maxQueued := fs.Int("max-queued", 0, "slash commands that may wait for a turn per platform (`N`); beyond them a command is told to try again (0: 500)")
	if _, err := cli.Parse(fs, args, e.stdout); err != nil {
		return err
	}
	if *path == "" {
		fmt.Fprintln(e.stderr, "digestbot run: --config FILE is required")
		fs.Usage()
		return cli.ErrUsage
	}
	cfg, problems, err := config.Load(*path, e.getenv)
	if err != nil {
		fmt.Fprintf(e.stderr, "digestbot: %v\n", err)
		return cli.ErrReported
	}
	log := newLogger(e.stderr, cfg.Log.Level, cfg.Log.Format)
	for _, p := range problems {
		if p.Warning {
			log.Warn("configuration", "problem", p.String())
		} else {
			fmt.Fprintln(e.stderr, p)
		}
	}
	if config.HasErrors(problems) {
		return cli.ErrReported
	}
	st, err := store.Open(ctx, string(cfg.Store))
	if err != nil {
		return err
	}
	defer st.Close()

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := bot.NewMetrics(reg)
	// Unhealthy while the store does not answer or every delivery of the
	// last minutes failed: the runner's delivery metrics feed it.
	health := &bot.Health{Ping: st.Ping, Logger: log}
	metrics.Health = health
	client := fetch.NewClient(fetch.ClientOptions{Allow: cfg.AllowedRanges})
	pacer := &slack.Pacer{}
	posters := map[string]bot.Poster{}
	var briefs []bot.Brief
	for _, b := range cfg.Briefs {
		sched, err := bot.NewSchedule(b.Schedule, b.Cron, b.Location)
		if err != nil {
			return fmt.Errorf("brief %s: %w", b.Name, err)
		}
		bb := bot.Brief{Name: b.Name, Feeds: cfg.FeedURLs(b), Schedule: sched, Stories: b.Stories, AllOnFirstRun: b.FirstRun == "all", Languages: b.Languages,
			Summarizer: summarizer(summaryOptions(b.Digest))}
		for _, d := range b.To {
			key := d.Key()
			if d.Kind == config.KindStdout {
				key = bot.Direct
			}
			if posters[key] == nil {
				p, err := poster(d, e.getenv, e.stdout, pacer)
				if err != nil {
					return fmt.Errorf("brief %s: %w", b.Name, err)
				}
				posters[key] = bot.OutboxRetries(p, log)
			}
			bb.Dests = append(bb.Dests, key)
		}
		briefs = append(briefs, bb)
	}
	names := make([]string, len(briefs))
	for i, b := range briefs {
		names[i] = b.Name
	}
	reg.MustRegister(bot.NewStoreCollector(st, names, 2*time.Second))
	me := owner()
	// Feed windows are measured on the scheduler's clock, which a
	// rehearsal may run fast.
	clock := bot.NewClock(clockStart, clockEpoch, clockRate)
	var tally bot.FeedTally // what --once says of each brief's feeds
	report := tally.Add
	if !*once {
		report = nil
	}
	// Briefs read feeds only, through their windows, fetched conditionally
	// with the validators the store keeps.
	loadFeeds := sources.Fetcher{
		Options: sources.LoadOptions{Getter: client, FeedsOnly: true, MaxText: summarize.DefaultArticleBytes, Workers: sources.BriefWorkers,
			Now: clock.Now, Report: report},
		FeedWindow: feedWindow(cfg),
		Validators: func(ctx context.Context) sources.ValidatorStore {
			return st.ValidatorCache(ctx, func(err error) { log.Warn("feed state", "err", err) })
		},
		Logger: log,
	}
	bg := &bot.StoreBackground{Store: st, Logger: log, Count: func(arts []news.Article) bot.Grouper {
		return story.Grouper{Options: story.Options{Background: story.NewBackground(arts)}}
	}, Grouper: story.Grouper{}}
	runner := &bot.Runner{
		Memory:     st,
		Fetcher:    bg.Refreshing(loadFeeds, clock.Now),
		Grouper:    bg,
		KeyContext: discord.WithIdempotencyKey,
		Backoff:    *retry,
		Lease:      *lease,
		Posters:    posters,
		Permanent:  botchat.IsPermanent,
		Warning:    sources.IsItemError,
		Owner:      me,
		Logger:     log,
		Metrics:    metrics,
	}
	d := &bot.Daemon{Runner: runner, Briefs: briefs, Grace: cfg.Grace, Poll: *poll, Clock: clock, Retention: cfg.Retention, Reports: &tally, Logger: log,
		Prune: func(ctx context.Context, before time.Time, window time.Duration) (bot.Pruned, error) {
			p, err := st.Prune(ctx, before, window)
			return bot.Pruned(p), err
		}}
	log.Info("starting", "config", cfg.Path, "store", st.String(), "briefs", len(briefs), "owner", me)

	if *once {
		if err := d.RunOnce(ctx, e.stderr); err != nil {
			return cli.ErrReported // each problem was printed
		}
		return nil
	}

	// The daemon: HTTP endpoints, optional platform connections, schedules.
	// Topic queries search what the briefs stored, refreshed by a
	// conditional fetch of the slash-command feeds (unchanged feeds cost a
	// 304); pages a user sends are fetched as they are.
	p := newPipeline(sources.LoadOptions{Getter: client}, summarize.Options{})
	p.Languages = cfg.Slash.Languages
	p.Topics = runner.Recent(loadFeeds)
	c, err := newSlash(string(cfg.Slash.Slack.SigningSecret), cfg.Slash.Discord.PublicKey, e.getenv("DISCORD_API_URL"), p, cfg.SlashFeedURLs(), log)
	if err != nil {
		return err
	}
	c.Tune(e.getenv("SLACK_RESPONSE_HOSTS"), *maxConcurrent, *maxQueued, log)
	c.Instrument(bot.NewSlashMetrics(reg).Observe)
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen %s: %w", cfg.Listen, err)
	}
	d.Listener = ln
	d.Routes = map[string]http.Handler{"GET /healthz": health, "GET /metrics": promhttp.HandlerFor(reg, promhttp.HandlerOpts{})}
	c.Mount(d)
	d.Connections = map[string]func(context.Context) error{}
	if tok := string(cfg.Slash.Slack.AppToken); tok != "" && c.Slack != nil {
		d.Connections["slack socket mode"] = func(ctx context.Context) error {
			return slack.RunSocketMode(ctx, tok, string(cfg.Slash.Slack.BotToken), c.Slack, slack.WithAPIURL(e.getenv("SLACK_API_URL")))
		}
	}
	if cfg.Slash.Discord.Gateway && c.Discord != nil {
		d.Connections["discord gateway"] = func(ctx context.Context) error {
			return discord.RunGateway(ctx, string(cfg.Slash.Discord.BotToken), c.Discord, discord.GatewayOptions{})
		}
	}
	return d.Run(ctx)
}
