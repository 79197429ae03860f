package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/bot/discord"
	"github.com/digestbot/digestbot/bot/slack"
	"github.com/digestbot/digestbot/config"
	"github.com/digestbot/digestbot/news"
)

// chat are the slash-command endpoints of both platforms, answering with
// one pipeline.
type chat struct {
	slack   *slack.Commands
	discord *discord.Interactions
}

// newChat builds the handlers whose secrets are given: the Slack signing
// secret, the Discord application's public key (hex). feeds are the feeds
// topic queries search.
func newChat(slackSecret, discordKey, discordAPI string, p bot.Pipeline, feeds []string, log *slog.Logger) (*chat, error) {
	c := &chat{}
	answer := func(ctx context.Context, urls, words []string) (news.Digest, error) {
		defer returnMemory()
		if len(urls) > 0 {
			d, err := p.DigestURLs(ctx, urls)
			return d, explain(ctx, err, urls)
		}
		d, err := p.DigestTopic(ctx, feeds, words)
		return d, explain(ctx, err, nil)
	}
	if slackSecret != "" {
		c.slack = &slack.Commands{
			SigningSecret: slackSecret,
			Digest:        func(ctx context.Context, q slack.Query) (news.Digest, error) { return answer(ctx, q.URLs, q.Words) },
			HTTPClient:    chatClient,
			Logger:        log,
		}
	}
	if discordKey != "" {
		pk, err := discord.ParsePublicKey(discordKey)
		if err != nil {
			return nil, fmt.Errorf("DISCORD_PUBLIC_KEY: %w", err)
		}
		c.discord = &discord.Interactions{
			PublicKey:  pk,
			Digest:     func(ctx context.Context, q discord.Query) (news.Digest, error) { return answer(ctx, q.URLs, q.Words) },
			APIURL:     discordAPI,
			HTTPClient: chatClient,
			Logger:     log,
		}
	}
	return c, nil
}

// returnMemory collects the garbage of a digest and gives the memory back
// to the operating system at once. A digest of large pages may take a
// couple of hundred MB for a moment; without this the heap keeps it until
// the runtime's next collection, which an idle daemon makes only every two
// minutes, and then returns it slowly. It costs one collection of the
// heap in use, a few milliseconds.
func returnMemory() { debug.FreeOSMemory() }

// newChatFrom builds the handlers of a configuration.
func newChatFrom(cfg *config.Config, getenv func(string) string, p bot.Pipeline, log *slog.Logger) (*chat, error) {
	return newChat(string(cfg.Slash.Slack.SigningSecret), cfg.Slash.Discord.PublicKey, getenv("DISCORD_API_URL"), p, cfg.SlashFeedURLs(), log)
}

// tune sets what the operator may change about the handlers: the hosts a
// Slack response_url may point at, from SLACK_RESPONSE_HOSTS (comma
// separated; empty keeps Slack's own hosts, slack.DefaultResponseHosts),
// how many digests each platform makes at once and how many commands may
// wait for a turn (0 keeps each default).
func (c *chat) tune(responseHosts string, maxConcurrent, maxQueued int, log *slog.Logger) {
	if c.slack != nil {
		c.slack.MaxConcurrent, c.slack.MaxQueued = maxConcurrent, maxQueued
		for h := range strings.SplitSeq(responseHosts, ",") {
			if h = strings.TrimSpace(h); h != "" {
				c.slack.ResponseHosts = append(c.slack.ResponseHosts, h)
			}
		}
		if c.slack.ResponseHosts != nil {
			log.Info("slack response_url hosts", "hosts", c.slack.ResponseHosts)
		}
	}
	if c.discord != nil {
		c.discord.MaxConcurrent, c.discord.MaxQueued = maxConcurrent, maxQueued
	}
}

// instrument tells observe the outcome and latency of every command, with
// the platform ("slack", "discord") it came from.
func (c *chat) instrument(observe func(platform, outcome string, d time.Duration)) {
	if c.slack != nil {
		c.slack.Observe = func(outcome string, d time.Duration) { observe("slack", outcome, d) }
	}
	if c.discord != nil {
		c.discord.Observe = func(outcome string, d time.Duration) { observe("discord", outcome, d) }
	}
}

// daemon returns a daemon serving the endpoints on ln, health's at GET
// /healthz and the metrics of reg at GET /metrics, and waiting for the
// answers in flight when it stops.
func (c *chat) daemon(ln net.Listener, health http.Handler, reg *prometheus.Registry, log *slog.Logger) *bot.Daemon {
	d := &bot.Daemon{
		Listener: ln,
		Routes: map[string]http.Handler{
			"GET /healthz": health,
			"GET /metrics": promhttp.HandlerFor(reg, promhttp.HandlerOpts{}),
		},
		Logger:   log,
		LogAttrs: []any{"slack", c.slack != nil, "discord", c.discord != nil},
	}
	if c.slack != nil {
		d.Routes["POST /slack/commands"] = c.slack
		d.Shutdown = append(d.Shutdown, c.slack.Shutdown)
	}
	if c.discord != nil {
		d.Routes["POST /discord/interactions"] = c.discord
		d.Shutdown = append(d.Shutdown, c.discord.Shutdown)
	}
	return d
}

func (e *env) serve(ctx context.Context, args []string) error {
	fs := newFlagSet("serve", "[flags]\n\nServes POST /slack/commands (when SLACK_SIGNING_SECRET is set) and POST /discord/interactions\n(when DISCORD_PUBLIC_KEY is set, hex), GET /healthz, and GET /metrics (slash commands by outcome).\n/digest with URLs digests those pages; with words it searches the --feeds for the best-matching story.", e.stderr)
	listen := fs.String("listen", "127.0.0.1:8080", "listen on `ADDR` (host:port)")
	maxConcurrent := fs.Int("max-concurrent", 0, "digests made at once per platform (`N`); commands beyond them wait their turn (0: 4)")
	maxQueued := fs.Int("max-queued", 0, "commands that may wait for a turn per platform (`N`); beyond them a command is told to try again (0: 500)")
	var feeds feedList
	fs.Var(&feeds, "feeds", "feeds that topic queries search (`FEED`; repeatable)")
	var langs languageList
	fs.Var(&langs, "languages", "topic queries choose among stories in these languages only (`CODE`: ISO 639-1, such as en or fr; repeatable); default every language")
	var df digestFlags
	df.register(fs, true)
	var wf windowFlags // topic queries read the feeds' recent items
	wf.register(fs)
	if _, err := parse(fs, args, e.stdout); err != nil {
		return err
	}
	opts, err := df.options()
	if err != nil {
		return reportUsage(e.stderr, "serve", err)
	}
	window, err := wf.window()
	if err != nil {
		return reportUsage(e.stderr, "serve", err)
	}
	log := newLogger(e.stderr, slog.LevelInfo, "auto")
	lo, _ := e.loader(true, window) // quiet: no progress line to end
	p := newPipeline(lo, opts)
	p.Languages = langs
	c, err := newChat(e.getenv("SLACK_SIGNING_SECRET"), e.getenv("DISCORD_PUBLIC_KEY"), e.getenv("DISCORD_API_URL"), p, feeds, log)
	if err != nil {
		return err
	}
	c.tune(e.getenv("SLACK_RESPONSE_HOSTS"), *maxConcurrent, *maxQueued, log)
	if c.slack == nil && c.discord == nil {
		fmt.Fprintln(e.stderr, "digestbot serve: set SLACK_SIGNING_SECRET or DISCORD_PUBLIC_KEY: without a secret no request can be verified")
		return errUsage
	}
	reg := prometheus.NewRegistry()
	c.instrument(bot.NewSlashMetrics(reg).Observe)
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("listen %s: %w", *listen, err)
	}
	return c.daemon(ln, &bot.Health{}, reg, log).Run(ctx) // no store, no deliveries: healthy while it serves
}

func (e *env) discord(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "register" {
		fmt.Fprintln(e.stderr, "usage: digestbot discord register [--guild ID]")
		return errUsage
	}
	fs := newFlagSet("discord register", "[--guild ID]\n\nCreates the /digest command for the application DISCORD_APP_ID with the bot token\nDISCORD_BOT_TOKEN: globally, or in one guild (instantly) with --guild.", e.stderr)
	guild := fs.String("guild", "", "register in this guild only (`ID`)")
	if _, err := parse(fs, args[1:], e.stdout); err != nil {
		return err
	}
	token, app := e.getenv("DISCORD_BOT_TOKEN"), e.getenv("DISCORD_APP_ID")
	if token == "" || app == "" {
		fmt.Fprintln(e.stderr, "digestbot discord register: set DISCORD_BOT_TOKEN and DISCORD_APP_ID")
		return errUsage
	}
	if err := discord.Register(ctx, token, app, *guild, e.getenv("DISCORD_API_URL"), chatClient); err != nil {
		return err
	}
	where := "globally"
	if *guild != "" {
		where = "in guild " + *guild
	}
	fmt.Fprintf(e.stdout, "registered /%s %s\n", discord.CommandName, where)
	return nil
}

func (e *env) health(ctx context.Context, args []string) error {
	fs := newFlagSet("health", "[--url URL]\n\nAsks a running digestbot whether it is healthy (for container health checks): exit 0 if\nGET URL answers 200; else exit 1, printing why (the store does not answer, every delivery\nof the last 15 minutes failed).", e.stderr)
	u := fs.String("url", "http://127.0.0.1:8080/healthz", "the health endpoint's `URL`")
	if _, err := parse(fs, args, e.stdout); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		// The reasons, one per line, each on a line of its own here.
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
		fmt.Fprintf(e.stderr, "digestbot: health: %s answered %s\n", *u, resp.Status)
		if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
			for line := range strings.Lines(string(body)) {
				if line = strings.TrimSpace(line); line != "" {
					fmt.Fprintf(e.stderr, "digestbot: health: %s\n", line)
				}
			}
		}
		return errReported
	}
	fmt.Fprintln(e.stdout, "ok")
	return nil
}
