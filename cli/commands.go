package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/digestbot/digestbot/news"
)

// Parser reads the command line of each command: it registers the
// command's flags, parses its arguments and checks what they say, printing
// help to Stdout and each problem, with the usage where it helps, to
// Stderr. Its errors are those of Parse, or ErrUsage.
type Parser struct {
	Stdout, Stderr io.Writer
	// DefaultDigest and DefaultWindow are the defaults of the summary
	// flags and of the feed window (--max-age, --max-items).
	DefaultDigest Digest
	DefaultWindow news.FeedWindow
	// CheckFormat returns the problem of a --format, or nil when the
	// format is known; nil accepts every format.
	CheckFormat func(format string) error
}

// Dispatch runs the command of cmds that args[0] names with the rest of
// args. Without a command, or with an unknown one, it prints the usage to
// Stderr and returns ErrUsage; help prints it to Stdout, and --version
// runs cmds["version"].
func (p Parser) Dispatch(ctx context.Context, args []string, cmds map[string]func(context.Context, []string) error) error {
	if len(args) == 0 {
		fmt.Fprint(p.Stderr, Usage())
		return ErrUsage
	}
	if cmd, ok := cmds[args[0]]; ok {
		return cmd(ctx, args[1:])
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(p.Stdout, Usage())
		return nil
	case "-version", "--version":
		return cmds["version"](ctx, args[1:])
	default:
		fmt.Fprintf(p.Stderr, "digestbot: unknown command %q\n\n%s", args[0], Usage())
		return ErrUsage
	}
}

// Version is the version command: it prints the module version and the
// VCS revision, time and state the go command stamped into the binary
// (VersionLine).
func (p Parser) Version(ctx context.Context, args []string) error {
	if _, err := Parse(NewFlagSet("version", p.Stderr), args, p.Stdout); err != nil {
		return err
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprintln(p.Stdout, VersionLine(info))
	return nil
}

// formatHelp documents --format: the render package's formats, and the
// exact payloads the chat platforms take.
const formatHelp = "output `format`: text, markdown, json, slack (Block Kit payload) or discord (embed payload)"

// checkFormat prints the problem of format for cmd, if any, and returns
// ErrUsage with it.
func (p Parser) checkFormat(cmd, format string) error {
	if p.CheckFormat == nil {
		return nil
	}
	if err := p.CheckFormat(format); err != nil {
		fmt.Fprintf(p.Stderr, "digestbot %s: %v\n", cmd, err)
		return ErrUsage
	}
	return nil
}

// missing prints problem and the usage of fs, and returns ErrUsage.
func missing(fs *flag.FlagSet, problem string) error {
	fmt.Fprintln(fs.Output(), problem)
	fs.Usage()
	return ErrUsage
}

// DigestArgs are what digest was given.
type DigestArgs struct {
	DigestFlags
	// Format is --format.
	Format string
	// Inputs are the INPUT arguments: at least one.
	Inputs []string
}

// Digest parses the command line of digest.
func (p Parser) Digest(args []string) (DigestArgs, error) {
	var a DigestArgs
	fs := NewFlagSet("digest", p.Stderr)
	a.register(fs, words|window|cliRun, p.DefaultDigest, p.DefaultWindow)
	fs.StringVar(&a.Format, "format", "text", formatHelp)
	inputs, err := Parse(fs, args, p.Stdout)
	if err != nil {
		return a, err
	}
	if a.Inputs = inputs; len(inputs) == 0 {
		return a, missing(fs, "digestbot digest: no INPUT given")
	}
	return a, p.checkFormat("digest", a.Format)
}

// BriefArgs are what brief was given.
type BriefArgs struct {
	DigestFlags
	// Feeds are --feeds, then the arguments: at least one.
	Feeds []string
	// Stories is --stories: at least 1.
	Stories int
	// Languages is --languages: ISO 639-1 codes, none for every language.
	Languages []string
	// Format is --format.
	Format string
}

// Brief parses the command line of brief.
func (p Parser) Brief(args []string) (BriefArgs, error) {
	var a BriefArgs
	fs := NewFlagSet("brief", p.Stderr)
	fs.Var((*List)(&a.Feeds), "feeds", "feeds to read (`FEED`; repeat the flag or separate with commas)")
	a.register(fs, words|window|cliRun, p.DefaultDigest, p.DefaultWindow)
	fs.IntVar(&a.Stories, "stories", 5, "digest the top `N` stories")
	fs.Var((*Languages)(&a.Languages), "languages", "only stories in these languages (`CODE`: ISO 639-1, such as en or fr; repeat the flag or separate with commas); default every language")
	fs.StringVar(&a.Format, "format", "text", formatHelp)
	rest, err := Parse(fs, args, p.Stdout)
	if err != nil {
		return a, err
	}
	a.Feeds = append(a.Feeds, rest...)
	if len(a.Feeds) == 0 {
		return a, missing(fs, "digestbot brief: no --feeds given")
	}
	if a.Stories < 1 {
		fmt.Fprintln(p.Stderr, "digestbot brief: --stories must be at least 1")
		return a, ErrUsage
	}
	return a, p.checkFormat("brief", a.Format)
}

// PostArgs are what post was given.
type PostArgs struct {
	DigestFlags
	// To are the --to destinations, as written: at least one.
	To []string
	// Inputs are the INPUT arguments: at least one.
	Inputs []string
	// DryRun is --dry-run: show what would be sent to each destination,
	// send nothing.
	DryRun bool
}

// Post parses the command line of post.
func (p Parser) Post(args []string) (PostArgs, error) {
	var a PostArgs
	fs := NewFlagSet("post", p.Stderr)
	fs.Var((*Repeated)(&a.To), "to", "where to post (`DEST`; repeatable)")
	fs.BoolVar(&a.DryRun, "dry-run", false, "send nothing: print, under a line naming each destination, the exact body of each request it would be sent (the inputs are still read)")
	a.register(fs, words|window|cliRun, p.DefaultDigest, p.DefaultWindow)
	inputs, err := Parse(fs, args, p.Stdout)
	if err != nil {
		return a, err
	}
	if a.Inputs = inputs; len(a.To) == 0 || len(inputs) == 0 {
		return a, missing(fs, "digestbot post: want at least one --to and one INPUT")
	}
	return a, nil
}

// ServeArgs are what serve was given.
type ServeArgs struct {
	// DigestFlags are the summary flags and the window through which
	// topic queries read the feeds' recent items.
	DigestFlags
	// Listen is --listen: host:port.
	Listen string
	// MaxConcurrent and MaxQueued are --max-concurrent and --max-queued.
	MaxConcurrent, MaxQueued int
	// Feeds are the feeds topic queries search (--feeds).
	Feeds []string
	// Languages is --languages: ISO 639-1 codes, none for every language.
	Languages []string
}

// Serve parses the command line of serve.
func (p Parser) Serve(args []string) (ServeArgs, error) {
	var a ServeArgs
	fs := NewFlagSet("serve", p.Stderr)
	fs.StringVar(&a.Listen, "listen", "127.0.0.1:8080", "listen on `ADDR` (host:port)")
	fs.IntVar(&a.MaxConcurrent, "max-concurrent", 0, "digests made at once per platform (`N`); commands beyond them wait their turn (0: 4)")
	fs.IntVar(&a.MaxQueued, "max-queued", 0, "commands that may wait for a turn per platform (`N`); beyond them a command is told to try again (0: 500)")
	fs.Var((*List)(&a.Feeds), "feeds", "feeds that topic queries search (`FEED`; repeatable)")
	fs.Var((*Languages)(&a.Languages), "languages", "topic queries choose among stories in these languages only (`CODE`: ISO 639-1, such as en or fr; repeatable); default every language")
	a.register(fs, words|window, p.DefaultDigest, p.DefaultWindow)
	_, err := Parse(fs, args, p.Stdout)
	return a, err
}

// RunArgs are what run was given.
type RunArgs struct {
	// Config is the configuration file (--config): required.
	Config string
	// Once is --once: run every brief now, deliver, and exit.
	Once bool
	// Lease, Poll and Retry are --lease, --poll and --retry.
	Lease, Poll, Retry time.Duration
	// Clock is the scheduler's clock: the wall clock, unless a test or
	// rehearsal runs it fast.
	Clock Clock
	// MaxConcurrent and MaxQueued are --max-concurrent and --max-queued.
	MaxConcurrent, MaxQueued int
}

// Run parses the command line of run.
func (p Parser) Run(args []string) (RunArgs, error) {
	var a RunArgs
	fs := NewFlagSet("run", p.Stderr)
	fs.StringVar(&a.Config, "config", "", "configuration `FILE` (YAML)")
	fs.BoolVar(&a.Once, "once", false, "run every brief now, once, deliver, and exit")
	fs.DurationVar(&a.Lease, "lease", 30*time.Second, "how long a claimed delivery stays this process's without news of it (a send renews it); how soon a replica or a restart takes over the deliveries of a process that died")
	fs.DurationVar(&a.Poll, "poll", 15*time.Second, "how often the outbox is checked for due deliveries")
	fs.DurationVar(&a.Retry, "retry", time.Minute, "wait before retrying a failed delivery, doubling up to an hour")
	a.Clock.register(fs) // a fast clock for tests and rehearsals, left out of the synopsis
	fs.IntVar(&a.MaxConcurrent, "max-concurrent", 0, "slash-command digests made at once per platform (`N`); commands beyond them wait their turn (0: 4)")
	fs.IntVar(&a.MaxQueued, "max-queued", 0, "slash commands that may wait for a turn per platform (`N`); beyond them a command is told to try again (0: 500)")
	if _, err := Parse(fs, args, p.Stdout); err != nil {
		return a, err
	}
	if a.Config == "" {
		return a, missing(fs, "digestbot run: --config FILE is required")
	}
	return a, nil
}

// EvalArgs are what eval was given. The summary flags are not checked:
// scoring the grouping of feeds does not use them.
type EvalArgs struct {
	DigestFlags
	// Dir is the DIR argument.
	Dir string
	// Words is --words as written: a number, ref, or "" for both 100 and
	// ref (see Budgets).
	Words string
	// Lead, Feeds and Grouping are --lead, --feeds and --grouping.
	Lead, Feeds, Grouping bool
	// Ablate is --ablate as written: a comma-separated list.
	Ablate string
	// Similarity is --similarity.
	Similarity string
	// Labels and Unjudged are --labels and --unjudged: files.
	Labels, Unjudged string
}

// Eval parses the command line of eval.
func (p Parser) Eval(args []string) (EvalArgs, error) {
	var a EvalArgs
	fs := NewFlagSet("eval", p.Stderr)
	a.register(fs, 0, p.DefaultDigest, p.DefaultWindow)
	fs.StringVar(&a.Words, "words", "", "word budget: `N` words, or ref for each reference's own length (default: both 100 and ref)")
	fs.BoolVar(&a.Lead, "lead", true, "also score the lead baseline: the first article's first words")
	fs.StringVar(&a.Ablate, "ablate", "", "switch components off, for ablation: a comma-separated `list` of cleaning, position, cross-source, redundancy, compression, title")
	fs.StringVar(&a.Similarity, "similarity", "tfidf", "sentence similarity of the graph: tfidf or bm25")
	fs.BoolVar(&a.Feeds, "feeds", false, "score story grouping on the event-labelled feeds in DIR (<feed>.events.json beside each feed); also when DIR holds such files")
	fs.BoolVar(&a.Grouping, "grouping", true, "also group all the stories' articles shuffled together and score the grouping (B-cubed)")
	fs.StringVar(&a.Labels, "labels", "", "read the 100-word digests against the editor's judgements in `FILE` (eval/labels.tsv): shares of OK bullets, proper headlines, main news first")
	fs.StringVar(&a.Unjudged, "unjudged", "", "with --labels, write what the digests show that FILE does not judge yet to `FILE` (- for standard output), for a reader to label")
	dirs, err := Parse(fs, args, p.Stdout)
	if err != nil {
		return a, err
	}
	if len(dirs) != 1 {
		return a, missing(fs, "digestbot eval: want exactly one DIR")
	}
	a.Dir = dirs[0]
	return a, nil
}

// Budgets returns the word budgets of --words: 100 and ref by default.
// It prints the problem of a budget that is neither a number of at least
// 6 nor ref, and returns ErrUsage.
func (a EvalArgs) Budgets(stderr io.Writer) ([]string, error) {
	budgets := []string{"100", "ref"}
	if a.Words != "" {
		budgets = []string{strings.ToLower(a.Words)}
	}
	for _, b := range budgets {
		if n, err := strconv.Atoi(b); b != "ref" && (err != nil || n < 6) {
			fmt.Fprintf(stderr, "digestbot eval: --words %q: want a number of at least 6, or ref\n", b)
			return nil, ErrUsage
		}
	}
	return budgets, nil
}

// ConfigCheck parses the command line of config check: its one FILE.
func (p Parser) ConfigCheck(args []string) (file string, err error) {
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprintln(p.Stderr, "usage: digestbot config check FILE")
		return "", ErrUsage
	}
	files, err := Parse(NewFlagSet("config check", p.Stderr), args[1:], p.Stdout)
	if err != nil {
		return "", err
	}
	if len(files) != 1 {
		fmt.Fprintln(p.Stderr, "digestbot config check: want exactly one FILE")
		return "", ErrUsage
	}
	return files[0], nil
}

// DiscordRegister parses the command line of discord register: the guild
// of --guild, or "" for every guild.
func (p Parser) DiscordRegister(args []string) (guild string, err error) {
	if len(args) == 0 || args[0] != "register" {
		fmt.Fprintln(p.Stderr, "usage: digestbot discord register [--guild ID]")
		return "", ErrUsage
	}
	fs := NewFlagSet("discord register", p.Stderr)
	fs.StringVar(&guild, "guild", "", "register in this guild only (`ID`)")
	_, err = Parse(fs, args[1:], p.Stdout)
	return guild, err
}

// Health parses the command line of health: the endpoint's URL (--url).
func (p Parser) Health(args []string) (url string, err error) {
	fs := NewFlagSet("health", p.Stderr)
	fs.StringVar(&url, "url", "http://127.0.0.1:8080/healthz", "the health endpoint's `URL`")
	_, err = Parse(fs, args, p.Stdout)
	return url, err
}

// Reported returns ErrReported if a run failed: its problems were
// printed.
func Reported(failed bool) error {
	if failed {
		return ErrReported
	}
	return nil
}
