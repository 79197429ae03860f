// Package cli holds how digestbot's command line reads and answers: the
// help texts (help/*.txt, documentation embedded as written), flag sets
// that take flags before, between and after the positional arguments, the
// repeatable list flags, the version line, and the exit status of an
// error.
package cli

import (
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

//go:embed help/*.txt
var help embed.FS

// ErrUsage marks a command line that could not be parsed; it exits 2.
var ErrUsage = errors.New("usage")

// ErrReported marks a failure whose problems were already printed, one
// line each; it exits 1 without printing more.
var ErrReported = errors.New("reported")

// ExitCode prints err (unless it was already reported) and returns the
// process's exit status: 0 for success or --help, 2 for a usage error, 1
// otherwise.
func ExitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, ErrUsage):
		return 2
	case errors.Is(err, ErrReported):
		return 1
	default:
		fmt.Fprintf(stderr, "digestbot: %v\n", err)
		return 1
	}
}

// Usage is the program's help: its commands, one line each.
func Usage() string { return text("usage") }

// text returns the help text named name (help/NAME.txt, a space in name
// read as a hyphen).
func text(name string) string {
	b, err := help.ReadFile("help/" + strings.ReplaceAll(name, " ", "-") + ".txt")
	if err != nil {
		panic(fmt.Sprintf("cli: no help text for %q: %v", name, err)) // a text missing from help/ is a bug
	}
	return string(b)
}

// NewFlagSet returns the flag set of command name ("config check"), which
// prints its help text and flags to stderr, or to stdout when --help asks
// for them.
func NewFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), text(name))
		fs.PrintDefaults()
	}
	return fs
}

// Parse parses flags that may come before, between or after the
// positional arguments, and returns the positional ones. --help prints
// the help to stdout and returns flag.ErrHelp; a bad flag returns an
// error wrapping ErrUsage.
func Parse(fs *flag.FlagSet, args []string, stdout io.Writer) ([]string, error) {
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
			return nil, fmt.Errorf("%w: %v", ErrUsage, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// ReportUsage prints each problem of err, one per line and each naming
// its flag, as command cmd's, and returns ErrUsage.
func ReportUsage(stderr io.Writer, cmd string, err error) error {
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(stderr, "digestbot %s: --%s\n", cmd, line)
	}
	return ErrUsage
}
