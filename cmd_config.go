package main

import (
	"context"
	"fmt"

	"github.com/digestbot/digestbot/cli"
	"github.com/digestbot/digestbot/config"
)

func (e *env) config(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprintln(e.stderr, "usage: digestbot config check FILE")
		return cli.ErrUsage
	}
	fs := cli.NewFlagSet("config check", e.stderr)
	files, err := cli.Parse(fs, args[1:], e.stdout)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		fmt.Fprintln(e.stderr, "digestbot config check: want exactly one FILE")
		return cli.ErrUsage
	}
	_, problems, err := config.Load(files[0], e.getenv)
	if err != nil {
		fmt.Fprintf(e.stderr, "digestbot: %v\n", err)
		return cli.ErrReported
	}
	for _, p := range problems {
		fmt.Fprintln(e.stderr, p)
	}
	if config.HasErrors(problems) {
		return cli.ErrReported
	}
	fmt.Fprintf(e.stdout, "%s: ok\n", files[0])
	return nil
}
