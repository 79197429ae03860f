// Command digestbot reads every article about a news story and writes a
// short bullet digest, each bullet naming the outlets that report it; it
// briefs feeds, posts to Slack and Discord, and runs as a daemon. main
// parses the command line (package cli, whose help/ documents every
// command) and the configuration, and wires the packages together.
package main

import (
	"context"
	"io"
	"os"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/cli"
	"github.com/digestbot/digestbot/config"
)

func main() {
	ctx, cancel := cli.SignalContext(os.Stderr)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	cancel()
	os.Exit(cli.ExitCode(err, os.Stderr))
}

// env is what the program gets from its process — main supplies the real
// ones, end-to-end tests their own — and the parser of its command line.
type env struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
	cli            cli.Parser
}

// run is the whole program: main only supplies the process's environment,
// and end-to-end tests call run directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr, cli: cli.Parser{Stdout: stdout, Stderr: stderr,
		DefaultDigest: cli.Digest(config.DefaultDigest), DefaultWindow: config.DefaultFeedWindow, CheckFormat: bot.CheckFormat}}
	return e.cli.Dispatch(ctx, args, map[string]func(context.Context, []string) error{
		"digest":  e.digest,
		"brief":   e.brief,
		"eval":    e.eval,
		"post":    e.post,
		"serve":   e.serve,
		"run":     e.runDaemon,
		"config":  e.config,
		"discord": e.discord,
		"health":  e.health,
		"version": e.cli.Version,
	})
}
