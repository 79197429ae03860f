package main

import (
	"context"
	"fmt"

	"github.com/digestbot/digestbot/cli"
	"github.com/digestbot/digestbot/config"
)

func (e *env) config(ctx context.Context, args []string) error {
	file, err := e.cli.ConfigCheck(args)
	if err != nil {
		return err
	}
	_, problems, err := config.Load(file, e.getenv)
	if err != nil {
		return err // cli.ExitCode prints it: exit 1
	}
	if config.Report(problems, e.stderr, nil) {
		return cli.ErrReported
	}
	fmt.Fprintf(e.stdout, "%s: ok\n", file)
	return nil
}
