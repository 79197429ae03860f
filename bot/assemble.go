package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	botchat "github.com/digestbot/digestbot/bot/chat"
	"github.com/digestbot/digestbot/bot/discord"
	"github.com/digestbot/digestbot/bot/slack"
	"github.com/digestbot/digestbot/news"
)

// DaemonStore is the store of a daemon that runs briefs: the runner's
// Memory, the articles the grouping background counts, the figures
// /metrics reads at each scrape, and a ping for /healthz.
type DaemonStore interface {
	Memory
	Follows
	RecentArticles
	StoreStats
	Ping(ctx context.Context) error
}

// DaemonOptions are what NewDaemon assembles a daemon from: plain values,
// and the adapters the command wires in.
type DaemonOptions struct {
	// Store keeps what survives a restart; Prune tidies it (Daemon.Prune).
	Store DaemonStore
	Prune func(ctx context.Context, before time.Time, window time.Duration) (Pruned, error)
	// Briefs are run on their schedules, delivered by Posters (by key);
	// each poster retries only briefly, leaving outages to the outbox
	// (OutboxRetries).
	Briefs  []Brief
	Posters map[string]Poster
	// Feeds reads the briefs' feeds; the grouping background is counted
	// afresh before a fetch when it is older than an hour.
	Feeds Fetcher
	// Background makes the grouper that weighs names against the store's
	// recent articles (StoreBackground.Count); Grouper groups before the
	// first count.
	Background func(arts []news.Article) Grouper
	Grouper    Grouper
	// Warning and Owner are the Runner's.
	Warning func(error) bool
	Owner   string
	// Clock is the scheduler's; Lease, Backoff, Poll, Grace and Retention
	// count in its time (see Runner and Daemon).
	Clock                                  Clock
	Lease, Backoff, Poll, Grace, Retention time.Duration
	// Reports, when set, gathers what the fetches made of their feeds, for
	// RunOnce.
	Reports *FeedTally
	// Follow configures the stories chat channels follow.
	Follow FollowOptions
	// Logger receives what happens.
	Logger *slog.Logger
}

// FollowOptions configure following (/digest follow): the follow run
// checks the followed stories every Every in Feeds' articles, and posts
// to each channel with the platform's bot token.
type FollowOptions struct {
	// Every is how often followed stories are checked; zero turns
	// following off.
	Every time.Duration
	// Feeds are what follow searches and checks (the topic feeds, unless
	// the configuration says otherwise); Languages, when set, the
	// languages of the stories it chooses from.
	Feeds, Languages []string
	// Summarizer digests a followed story.
	Summarizer Summarizer
	// Getenv reads the bot tokens (SLACK_BOT_TOKEN, DISCORD_BOT_TOKEN) and
	// API base URLs of the channels' posters (ChannelPosters).
	Getenv func(string) string
	// NoEvidence keeps the channels' posters from posting each digest's
	// evidence under it (the configuration's evidence: off).
	NoEvidence bool
}

// NewDaemon assembles the daemon that runs briefs: a Runner that makes
// them and delivers through the store's outbox, the metrics of the Go
// runtime, the process, the runs and the store, and a Health that turns
// unhealthy while the store does not answer or every delivery of the last
// minutes failed. Endpoints.Mount serves it.
func NewDaemon(o DaemonOptions) *Daemon {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := NewMetrics(reg)
	health := &Health{Ping: o.Store.Ping, Logger: o.Logger}
	metrics.Health = health
	names := make([]string, len(o.Briefs))
	for i, b := range o.Briefs {
		names[i] = b.Name
	}
	reg.MustRegister(NewStoreCollector(o.Store, names, 2*time.Second))
	posters := make(map[string]Poster, len(o.Posters))
	for key, p := range o.Posters {
		posters[key] = OutboxRetries(p, o.Logger)
	}
	bg := &StoreBackground{Store: o.Store, Logger: o.Logger, Count: o.Background, Grouper: o.Grouper}
	runner := &Runner{
		Memory:     o.Store,
		Fetcher:    bg.Refreshing(o.Feeds, o.Clock.Now),
		Grouper:    bg,
		KeyContext: discord.WithIdempotencyKey,
		Backoff:    o.Backoff,
		Lease:      o.Lease,
		Posters:    posters,
		Permanent:  botchat.IsPermanent,
		Warning:    o.Warning,
		Owner:      o.Owner,
		Logger:     o.Logger,
		Metrics:    metrics,
	}
	d := &Daemon{Runner: runner, Briefs: o.Briefs, Grace: o.Grace, Poll: o.Poll, Clock: o.Clock, Retention: o.Retention,
		Reports: o.Reports, Logger: o.Logger, Prune: o.Prune, Health: health, Registry: reg}
	if f := o.Follow; f.Every > 0 {
		fb := Brief{Name: FollowRun, Feeds: f.Feeds, Schedule: EverySchedule(f.Every), Languages: f.Languages, Summarizer: f.Summarizer, Follows: o.Store}
		runner.Channels = (&ChannelPosters{Getenv: f.Getenv, Logger: o.Logger, NoEvidence: f.NoEvidence}).Poster
		d.Briefs = append(slices.Clip(d.Briefs), fb)
		d.Following = &Following{Runner: runner, Brief: fb, Every: f.Every}
	}
	return d
}

// Owner names this process in the store's claims: host, process and a
// random suffix, so that two replicas never share a name.
func Owner() string {
	host, _ := os.Hostname()
	var b [4]byte
	rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// ErrNoSecret is Endpoints.Mount's error when neither platform's secret
// was given: without one no request can be verified.
var ErrNoSecret = errors.New("no slash-command secret")

// Endpoints are the HTTP side of a daemon — the slash commands of both
// platforms, /healthz and /metrics — and the connections that bring
// commands without HTTP (Slack's Socket Mode, Discord's gateway).
type Endpoints struct {
	// Addr is where they are served (host:port).
	Addr string
	// Pipeline answers the slash commands that Slash configures.
	Pipeline Pipeline
	Slash    SlashOptions
	// ResponseHosts, MaxConcurrent and MaxQueued tune them (Slash.Tune).
	ResponseHosts            string
	MaxConcurrent, MaxQueued int
	// RequireSecret makes Mount fail with ErrNoSecret when neither
	// platform has a secret, before it listens.
	RequireSecret bool
	// SlackAppToken, when set and Slack has an endpoint, also takes
	// Slack's commands over Socket Mode, posting with SlackBotToken through
	// SlackAPI (empty: Slack's own).
	SlackAppToken, SlackBotToken, SlackAPI string
	// DiscordGateway, when Discord has an endpoint, also takes Discord's
	// commands over its gateway, with DiscordBotToken.
	DiscordGateway  bool
	DiscordBotToken string
}

// Mount builds the slash commands, listens on Addr and adds to d the
// endpoints, d's Health at /healthz (healthy while it serves when d has
// none), d's Registry at /metrics with the commands' outcomes and
// latencies, and the connections.
func (e Endpoints) Mount(d *Daemon) error {
	if e.Slash.Follow == nil && d.Following != nil {
		e.Slash.Follow = d.Following.Answer
	}
	c, err := NewSlash(e.Pipeline, e.Slash)
	if err != nil {
		return err
	}
	c.Tune(e.ResponseHosts, e.MaxConcurrent, e.MaxQueued, e.Slash.Logger)
	if e.RequireSecret && c.Slack == nil && c.Discord == nil {
		return ErrNoSecret
	}
	if d.Registry == nil {
		d.Registry = prometheus.NewRegistry()
	}
	if d.Health == nil {
		d.Health = &Health{}
	}
	c.Instrument(NewSlashMetrics(d.Registry).Observe)
	ln, err := net.Listen("tcp", e.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", e.Addr, err)
	}
	d.Listener = ln
	d.Routes = map[string]http.Handler{"GET /healthz": d.Health, "GET /metrics": promhttp.HandlerFor(d.Registry, promhttp.HandlerOpts{})}
	c.Mount(d)
	d.Connections = map[string]func(context.Context) error{}
	if tok := e.SlackAppToken; tok != "" && c.Slack != nil {
		d.Connections["slack socket mode"] = func(ctx context.Context) error {
			return slack.RunSocketMode(ctx, tok, e.SlackBotToken, c.Slack, slack.WithAPIURL(e.SlackAPI))
		}
	}
	if e.DiscordGateway && c.Discord != nil {
		d.Connections["discord gateway"] = func(ctx context.Context) error {
			return discord.RunGateway(ctx, e.DiscordBotToken, c.Discord, discord.GatewayOptions{})
		}
	}
	return nil
}
