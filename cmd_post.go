package main

import (
	"context"
	"fmt"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/bot/slack"
	"github.com/digestbot/digestbot/cli"
	"github.com/digestbot/digestbot/config"
)

// destination is a configured destination as the bot needs it: the one
// place where a config.Destination becomes the bot's.
func destination(d config.Destination) bot.Destination {
	return bot.Destination{Kind: d.Kind, Target: d.Target, Token: string(d.Token), TokenEnv: d.TokenEnv(), Name: d.Name(), Key: d.Key()}
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
			if p, err = bot.NewPoster(destination(d), e.getenv, e.stdout, pacer); err == nil {
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
