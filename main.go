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
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/digestbot/digestbot/config"
	"github.com/digestbot/digestbot/summarize"
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
	os.Exit(exitCode(err, os.Stderr))
}

// errUsage marks a command line that could not be parsed; it exits 2.
var errUsage = errors.New("usage")

// errReported marks a failure whose problems were already printed, one
// line each; it exits 1 without printing more.
var errReported = errors.New("reported")

// exitCode prints err (unless it was already reported) and returns the
// process's exit status: 0 for success, 2 for a usage error, 1 otherwise.
func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, errReported):
		return 1
	default:
		fmt.Fprintf(stderr, "digestbot: %v\n", err)
		return 1
	}
}

const usage = `digestbot reads articles about news stories and writes short bullet digests.

Usage:
  digestbot digest [flags] INPUT...        digest one story: INPUT is a file, a folder, a web page, a feed, or - for stdin
  digestbot brief --feeds FEED... [flags]  group the feeds' articles into stories and digest the top ones
  digestbot post --to DEST... INPUT...     digest one story and post it (slack:#channel, discord:ID, slack-webhook:URL, discord-webhook:URL)
  digestbot serve [--listen ADDR]          answer /digest from Slack and Discord over HTTP
  digestbot run --config FILE [--once]     run the briefs of a configuration on their schedules (or once, now)
  digestbot config check FILE              check a configuration file and print every problem
  digestbot discord register [--guild ID]  create the /digest command on Discord
  digestbot eval [flags] DIR               score digests of the story folders under DIR with ROUGE
  digestbot health [--url URL]             ask a running digestbot whether it is healthy
  digestbot version                        print the version and VCS revision (also --version)

Run "digestbot COMMAND --help" for a command's flags.
`

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
		fmt.Fprint(stderr, usage)
		return errUsage
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
		fmt.Fprint(stdout, usage)
		return nil
	case "-version", "--version":
		return e.version(ctx, args[1:])
	default:
		fmt.Fprintf(stderr, "digestbot: unknown command %q\n\n%s", args[0], usage)
		return errUsage
	}
}

// digestFlags are the summary options shared by digest and eval.
type digestFlags struct{ config.Digest }

// register adds the flags to fs; eval registers its own --words.
func (f *digestFlags) register(fs *flag.FlagSet, words bool) {
	d := config.DefaultDigest
	if words {
		fs.IntVar(&f.Words, "words", d.Words, "word budget: the digest's bullets hold at most `N` words")
	}
	fs.IntVar(&f.Bullets, "bullets", d.Bullets, "at most `N` bullets (0: 10, or one per 10 words of a larger budget)")
	fs.IntVar(&f.MaxBulletWords, "max-bullet-words", d.MaxBulletWords, "at most `N` words in a bullet")
	fs.StringVar(&f.Order, "order", d.Order, "bullet order: rank (most supported facts first) or source (narrative order)")
}

// options validates the flags and turns them into summary options; each
// problem is named with its flag.
func (f *digestFlags) options() (summarize.Options, error) {
	if err := f.Validate(); err != nil {
		return summarize.Options{}, err
	}
	o := summarize.Options{Words: f.Words, Bullets: f.Bullets, MaxBulletWords: f.MaxBulletWords, Order: summarize.ByRank}
	if f.Order == "source" {
		o.Order = summarize.BySource
	}
	return o, nil
}

// defaultTimeout bounds the making of a digest or a brief from the command
// line, fetching included.
const defaultTimeout = 5 * time.Minute

// timeoutFlag registers --timeout on fs.
func timeoutFlag(fs *flag.FlagSet) *time.Duration {
	return fs.Duration("timeout", defaultTimeout, "give up making the digest after `D` (fetching included)")
}

// timedOut words an error of a digest that ran out of time.
func timedOut(err error, d time.Duration) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("gave up after %v (--timeout): %w", d, err)
	}
	return err
}

// reportUsage prints each problem of a usage error on its own line.
func reportUsage(stderr io.Writer, cmd string, err error) error {
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(stderr, "digestbot %s: --%s\n", cmd, line)
	}
	return errUsage
}

// newFlagSet returns a flag set that prints its usage to stderr, or to
// stdout when --help asks for it.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: digestbot %s %s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags that may come before, between or after the
// positional arguments, and returns the positional ones.
func parse(fs *flag.FlagSet, args []string, stdout io.Writer) ([]string, error) {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(stdout)
			fs.Usage()
			return nil, flag.ErrHelp
		}
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
