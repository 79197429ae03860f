package main

import (
	"context"
	"fmt"

	"github.com/digestbot/digestbot/config"
)

func (e *env) config(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprintln(e.stderr, "usage: digestbot config check FILE")
		return errUsage
	}
	fs := newFlagSet("config check", "FILE\n\nPrints every problem of the configuration file at once, each with its line and field;\nexits 1 if any is an error (warnings alone exit 0).", e.stderr)
	files, err := parse(fs, args[1:], e.stdout)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		fmt.Fprintln(e.stderr, "digestbot config check: want exactly one FILE")
		return errUsage
	}
	_, problems, err := config.Load(files[0], e.getenv)
	if err != nil {
		fmt.Fprintf(e.stderr, "digestbot: %v\n", err)
		return errReported
	}
	for _, p := range problems {
		fmt.Fprintln(e.stderr, p)
	}
	if config.HasErrors(problems) {
		return errReported
	}
	fmt.Fprintf(e.stdout, "%s: ok\n", files[0])
	return nil
}
