// Command digestbot reads every article about a news story, ranks their
// sentences with TextRank across all sources at once, and writes a short
// bullet digest: a headline and 5–10 short, distinct bullets, each naming
// the outlets that report it.
//
// Usage:
//
//	digestbot digest [flags] INPUT...        digest one story from files, pages or feeds
//	digestbot brief --feeds FEED... [flags]  digest the top stories of some feeds
//	digestbot post --to DEST... INPUT...     digest one story and post it to Slack or Discord
//	digestbot serve [--listen ADDR]          answer /digest from Slack and Discord
//	digestbot run --config FILE [--once]     the daemon: scheduled briefs, slash commands, outbox
//	digestbot config check FILE              check a configuration file
//	digestbot discord register [--guild ID]  create the /digest command on Discord
//	digestbot eval [flags] DIR               score digests of evaluation stories with ROUGE
//	digestbot health [--url URL]             ask a running digestbot whether it is healthy
//	digestbot version                        print the version and VCS revision (also --version)
//
// Run "digestbot COMMAND --help" for a command's flags.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/digestbot/digestbot/cli"
)

func main() {
	// The first SIGINT or SIGTERM cancels the context: stop taking new
	// work, finish what is in flight. A second one exits at once.
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-sigs
		cancel()
		<-sigs
		fmt.Fprintln(os.Stderr, "digestbot: second signal: exiting now")
		os.Exit(130)
	}()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	cancel()
	os.Exit(cli.ExitCode(err, os.Stderr))
}

// env is what the program gets from its process: main supplies the real
// ones, end-to-end tests their own.
type env struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
}

// run is the whole program: main only supplies the process's environment,
// and end-to-end tests call run directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, cli.Usage())
		return cli.ErrUsage
	}
	cmds := map[string]func(context.Context, []string) error{
		"digest":  e.digest,
		"brief":   e.brief,
		"eval":    e.eval,
		"post":    e.post,
		"serve":   e.serve,
		"run":     e.runDaemon,
		"config":  e.config,
		"discord": e.discord,
		"health":  e.health,
		"version": e.version,
	}
	if cmd, ok := cmds[args[0]]; ok {
		return cmd(ctx, args[1:])
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, cli.Usage())
		return nil
	case "-version", "--version":
		return e.version(ctx, args[1:])
	default:
		fmt.Fprintf(stderr, "digestbot: unknown command %q\n\n%s", args[0], cli.Usage())
		return cli.ErrUsage
	}
}

// version prints what build this is: the module version and the VCS
// revision, time and state the go command stamped into the binary.
func (e *env) version(ctx context.Context, args []string) error {
	if _, err := cli.Parse(cli.NewFlagSet("version", e.stderr), args, e.stdout); err != nil {
		return err
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprintln(e.stdout, cli.VersionLine(info))
	return nil
}
