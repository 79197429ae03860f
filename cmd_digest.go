package main

import (
	"context"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/cli"
	"github.com/digestbot/digestbot/news"
)

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
