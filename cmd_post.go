package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/bot/discord"
	"github.com/digestbot/digestbot/bot/slack"
	"github.com/digestbot/digestbot/cli"
	"github.com/digestbot/digestbot/config"
	"github.com/digestbot/digestbot/render"
)

// chatClient is the HTTP client of every call to Slack and Discord.
var chatClient = &http.Client{Timeout: 30 * time.Second}

// poster builds the Poster of a destination. Bot tokens come from the
// destination (a configuration fills them) or else from the environment;
// API base URLs from SLACK_API_URL and DISCORD_API_URL.
func poster(d config.Destination, getenv func(string) string, stdout io.Writer, slackPacer *slack.Pacer) (bot.Poster, error) {
	token := string(d.Token)
	if token == "" && d.TokenEnv() != "" {
		token = getenv(d.TokenEnv())
	}
	switch d.Kind {
	case config.KindStdout:
		return &bot.Writer{W: stdout, Format: render.Text}, nil
	case config.KindSlack:
		if token == "" {
			return nil, fmt.Errorf("%s: no bot token: set %s", d.Name(), d.TokenEnv())
		}
		return &slack.Channel{Token: token, Channel: d.Target, APIURL: getenv("SLACK_API_URL"),
			PostOptions: slack.PostOptions{HTTPClient: chatClient, StampTime: true, Pacer: slackPacer}}, nil
	case config.KindSlackWebhook:
		return &slack.Webhook{URL: d.Target, PostOptions: slack.PostOptions{HTTPClient: chatClient, StampTime: true}}, nil
	case config.KindDiscord:
		if token == "" {
			return nil, fmt.Errorf("%s: no bot token: set %s", d.Name(), d.TokenEnv())
		}
		return &discord.Channel{Token: token, ChannelID: d.Target, APIURL: getenv("DISCORD_API_URL"),
			PostOptions: discord.PostOptions{HTTPClient: chatClient}}, nil
	case config.KindDiscordWebhook:
		return &discord.Webhook{URL: d.Target, APIURL: getenv("DISCORD_API_URL"),
			PostOptions: discord.PostOptions{HTTPClient: chatClient}}, nil
	}
	return nil, fmt.Errorf("%s: unknown kind of destination", d.Name())
}

func (e *env) post(ctx context.Context, args []string) error {
	a, err := e.cli.Post(args)
	if err != nil {
		return err
	}
	var posters []bot.Poster
	pacer := &slack.Pacer{}
	for _, s := range a.To {
		d, err := config.ParseDestination(s)
		if err == nil {
			var p bot.Poster
			if p, err = poster(d, e.getenv, e.stdout, pacer); err == nil {
				posters = append(posters, p)
				continue
			}
		}
		fmt.Fprintf(e.stderr, "digestbot post: --to: %v\n", err)
	}
	if len(posters) < len(a.To) {
		return cli.ErrUsage
	}
	c, err := e.command("post", a.DigestFlags, false)
	if err != nil {
		return err
	}
	d, failed, err := c.Digest(ctx, a.Inputs)
	if err != nil {
		return err
	}
	posted := c.Post(ctx, d, posters)
	return cli.Reported(!posted || failed)
}
