package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/cli"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/sources/fetch"
)

// slashOptions are the slash commands' options of the secrets given (the
// Slack signing secret, the Discord application's public key in hex) and
// of the feeds topic queries search; DISCORD_API_URL overrides Discord's
// API base URL.
func (e *env) slashOptions(slackSecret, discordKey string, feeds []string, log *slog.Logger) bot.SlashOptions {
	return bot.SlashOptions{SlackSecret: slackSecret, DiscordKey: discordKey, DiscordAPI: e.getenv("DISCORD_API_URL"), Feeds: feeds,
		Describe: sources.Describe, HTTPClient: chatClient, Logger: log}
}

func (e *env) serve(ctx context.Context, args []string) error {
	fs := cli.NewFlagSet("serve", e.stderr)
	listen := fs.String("listen", "127.0.0.1:8080", "listen on `ADDR` (host:port)")
	maxConcurrent := fs.Int("max-concurrent", 0, "digests made at once per platform (`N`); commands beyond them wait their turn (0: 4)")
	maxQueued := fs.Int("max-queued", 0, "commands that may wait for a turn per platform (`N`); beyond them a command is told to try again (0: 500)")
	var feeds cli.List
	fs.Var(&feeds, "feeds", "feeds that topic queries search (`FEED`; repeatable)")
	var langs cli.Languages
	fs.Var(&langs, "languages", "topic queries choose among stories in these languages only (`CODE`: ISO 639-1, such as en or fr; repeatable); default every language")
	var df digestFlags // topic queries read the feeds' recent items
	df.register(fs, words|window)
	if _, err := cli.Parse(fs, args, e.stdout); err != nil {
		return err
	}
	opts, window, err := df.options()
	if err != nil {
		return cli.ReportUsage(e.stderr, "serve", err)
	}
	log := newLogger(e.stderr, slog.LevelInfo, "auto")
	p := newPipeline(sources.LoadOptions{Getter: fetch.NewClient(fetch.ClientOptions{}), Stdin: e.stdin, Window: window}, opts)
	p.Languages = langs
	d := &bot.Daemon{Logger: log} // no store, no deliveries: healthy while it serves
	err = bot.Endpoints{Addr: *listen, Pipeline: p, Slash: e.slashOptions(e.getenv("SLACK_SIGNING_SECRET"), e.getenv("DISCORD_PUBLIC_KEY"), feeds, log),
		ResponseHosts: e.getenv("SLACK_RESPONSE_HOSTS"), MaxConcurrent: *maxConcurrent, MaxQueued: *maxQueued, RequireSecret: true}.Mount(d)
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
	if len(args) == 0 || args[0] != "register" {
		fmt.Fprintln(e.stderr, "usage: digestbot discord register [--guild ID]")
		return cli.ErrUsage
	}
	fs := cli.NewFlagSet("discord register", e.stderr)
	guild := fs.String("guild", "", "register in this guild only (`ID`)")
	if _, err := cli.Parse(fs, args[1:], e.stdout); err != nil {
		return err
	}
	token, app := e.getenv("DISCORD_BOT_TOKEN"), e.getenv("DISCORD_APP_ID")
	if token == "" || app == "" {
		fmt.Fprintln(e.stderr, "digestbot discord register: set DISCORD_BOT_TOKEN and DISCORD_APP_ID")
		return cli.ErrUsage
	}
	return bot.Command{Stderr: e.stderr}.RegisterDiscord(ctx, token, app, *guild, e.getenv("DISCORD_API_URL"), chatClient, e.stdout)
}

func (e *env) health(ctx context.Context, args []string) error {
	fs := cli.NewFlagSet("health", e.stderr)
	u := fs.String("url", "http://127.0.0.1:8080/healthz", "the health endpoint's `URL`")
	if _, err := cli.Parse(fs, args, e.stdout); err != nil {
		return err
	}
	healthy, err := bot.Command{Stderr: e.stderr}.Health(ctx, http.DefaultClient, *u, e.stdout)
	if err != nil {
		return err
	}
	return reported(!healthy)
}
