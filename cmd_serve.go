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
	err = bot.Endpoints{Addr: a.Listen, Pipeline: p, Slash: e.slashOptions(e.getenv("SLACK_SIGNING_SECRET"), e.getenv("DISCORD_PUBLIC_KEY"), a.Feeds, log),
		ResponseHosts: e.getenv("SLACK_RESPONSE_HOSTS"), MaxConcurrent: a.MaxConcurrent, MaxQueued: a.MaxQueued, RequireSecret: true}.Mount(d)
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
