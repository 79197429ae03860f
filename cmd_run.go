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
	"github.com/digestbot/digestbot/config"
	"github.com/digestbot/digestbot/news"
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
	if format == "json" || format != "text" && !isTerminal(w) {
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
	fs := newFlagSet("run", "--config FILE [--once]\n\nRuns the briefs of the configuration on their schedules, serves the slash-command endpoints,\n/healthz and /metrics, and delivers through the store's outbox. With --once, runs every brief\nnow, delivers, and exits.", e.stderr)
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
	if _, err := parse(fs, args, e.stdout); err != nil {
		return err
	}
	if *path == "" {
		fmt.Fprintln(e.stderr, "digestbot run: --config FILE is required")
		fs.Usage()
		return errUsage
	}
	cfg, problems, err := config.Load(*path, e.getenv)
	if err != nil {
		fmt.Fprintf(e.stderr, "digestbot: %v\n", err)
		return errReported
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
		return errReported
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
		opts := summarize.Options{Words: b.Digest.Words, Bullets: b.Digest.Bullets, MaxBulletWords: b.Digest.MaxBulletWords, Order: summarize.ByRank}
		if b.Digest.Order == "source" {
			opts.Order = summarize.BySource
		}
		bb := bot.Brief{Name: b.Name, Feeds: cfg.FeedURLs(b), Schedule: sched, Stories: b.Stories, AllOnFirstRun: b.FirstRun == "all", Languages: b.Languages,
			Summarizer: summarizer(opts)}
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
	var tally feedTally // what --once says of each brief's feeds
	report := tally.add
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
	bg := &storeBackground{store: st, log: log}
	runner := &bot.Runner{
		Memory: st,
		Fetcher: bot.FetchFunc(func(ctx context.Context, feeds []string, scope bot.Scope) ([]news.Article, []error) {
			bg.refresh(ctx, clock.Now())
			return loadFeeds.Fetch(ctx, feeds, scope)
		}),
		Grouper: bot.GroupFunc(func(arts []news.Article, known []news.Story) []news.Story {
			return story.Group(arts, story.Options{Known: known, Background: bg.get()})
		}),
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
	log.Info("starting", "config", cfg.Path, "store", st.String(), "briefs", len(briefs), "owner", me)

	if *once {
		return e.runOnce(ctx, runner, st, briefs, *poll, cfg.Retention, &tally, log)
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
	d := c.Daemon(ln, health, promhttp.HandlerFor(reg, promhttp.HandlerOpts{}), log)
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
	d.Runner, d.Briefs, d.Grace, d.Poll, d.Clock = runner, briefs, cfg.Grace, *poll, clock
	d.Prune = func(ctx context.Context, now time.Time) { prune(ctx, st, cfg.Retention, now, log) }
	return d.Run(ctx)
}

// runOnce runs every brief now, once, delivers, waits for what other
// replicas are delivering, and says what is left. It exits 0 when every
// brief was made (or had been made this minute) and delivered, its
// warnings logged and counted; it fails (exit 1) with a line saying why
// when a feed could not be read at all, nothing could be made of a brief,
// or a delivery failed or still waits for a retry; deliveries that another
// live process holds and finishes are not failures. A signal stops it
// between briefs and between sends: the brief and the send in flight
// complete.
func (e *env) runOnce(ctx context.Context, runner *bot.Runner, st *store.Store, briefs []bot.Brief, poll, retention time.Duration, tally *feedTally, log *slog.Logger) error {
	now := time.Now().Truncate(time.Minute)
	failed := false
	for _, b := range briefs {
		if ctx.Err() != nil {
			break
		}
		tally.take()
		var rep bot.RunReport
		err := bot.RunDetached(ctx, func(ctx context.Context) (err error) {
			rep, err = runner.MakeRun(ctx, b, now)
			return err
		})
		if err != nil {
			fmt.Fprintf(e.stderr, "digestbot: %v\n", err)
			failed = true
			continue
		}
		if line, bad := onceOutcome(b, rep, now, tally.take()); line != "" {
			fmt.Fprintf(e.stderr, "digestbot: brief %s: %s\n", b.Name, line)
			failed = failed || bad
		}
	}
	drained, err := runner.Drain(ctx, min(poll, time.Second))
	switch {
	case errors.Is(err, context.Canceled):
		log.Warn("stopped by a signal; what is left waits for the next run", "sent", drained.Sent, "pending", len(drained.Waiting))
		return errReported
	case errors.Is(err, bot.ErrStoreUnavailable):
		// One line per brief whose deliveries wait, when the store can
		// still say which; else one line.
		octx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second) // a hung store must not hold the exit
		ds, lerr := st.Outstanding(octx)
		cancel()
		waiting := map[string]int{}
		var names []string
		for _, d := range ds {
			if waiting[d.Brief] == 0 {
				names = append(names, d.Brief)
			}
			waiting[d.Brief]++
		}
		if lerr != nil || len(names) == 0 {
			fmt.Fprintf(e.stderr, "digestbot: %v\n", err)
		}
		for _, name := range names {
			fmt.Fprintf(e.stderr, "digestbot: brief %s: %d deliveries wait: %v\n", name, waiting[name], err)
		}
		return errReported
	case err != nil:
		fmt.Fprintf(e.stderr, "digestbot: %v\n", err)
		return errReported
	}
	prune(ctx, st, retention, time.Now(), log)
	if drained.Failed > 0 {
		failed = true
	}
	if n := len(drained.Waiting); n > 0 {
		next, last := drained.Waiting[0].NextAttempt, ""
		for _, d := range drained.Waiting {
			if d.NextAttempt.Before(next) {
				next = d.NextAttempt
			}
			if last == "" {
				last = d.LastError // untried deliveries have none
			}
		}
		log.Warn("deliveries still pending; the next run will retry them", "pending", n, "next_attempt", next.Format(time.RFC3339), "last_error", last)
		failed = true
	}
	if failed {
		return errReported
	}
	return nil
}

// onceOutcome is the line `run --once` prints about one brief's run, ""
// when there is nothing to say, and whether the run failed: no feed read,
// some feeds not read, nothing to make a brief of. A run made already this
// minute is said plainly, and is no failure: it was made.
func onceOutcome(b bot.Brief, rep bot.RunReport, scheduled time.Time, reports []sources.FeedReport) (line string, failed bool) {
	switch {
	case !rep.Made:
		return fmt.Sprintf("not run again: its run of %s was made already (one run a minute; run --once again from %s for a new one); what it left to deliver is delivered now",
			scheduled.Format("15:04 MST"), scheduled.Add(time.Minute).Format("15:04")), false
	case len(rep.Failed) > 0 && len(rep.Failed) >= rep.Feeds:
		return noFeedRead(rep.Failed, rep.Feeds), true
	case len(rep.Failed) > 0:
		return fmt.Sprintf("%d of %d feeds could not be read (%v); the brief was made from the other %d", len(rep.Failed), rep.Feeds, rep.Failed[0], rep.Feeds-len(rep.Failed)), true
	case rep.Digested == 0:
		if rep.Recent == 0 && len(reports) == 0 {
			return fmt.Sprintf("nothing to make a brief of: no article of its feeds in the last %s", hoursText(bot.DefaultWindow)), true
		}
		return nothingToBrief(reports, 0), true
	case rep.Deliveries == 0 && rep.Printed == 0:
		return fmt.Sprintf("nothing new to post: its %s were posted before", plural(rep.Digested, "story", "stories")), false
	case len(rep.Warnings) > 0:
		return fmt.Sprintf("made, with %s (logged)", plural(len(rep.Warnings), "warning", "warnings")), false
	}
	return "", false
}
