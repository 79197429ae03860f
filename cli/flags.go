package cli

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/digestbot/digestbot/news"
)

// Digest are the summary flags: the word budget, the number and length of
// the bullets, and their order (rank or source). Its fields are those of
// the configuration's digest, so that main converts one into the other.
type Digest struct {
	Words, Bullets, MaxBulletWords int
	Order                          string
}

// DigestFlags are the flags of the commands that make digests: the
// summary flags (all of them; eval has its own --words), the window
// through which feeds are read, and for a command-line run its progress
// line and time limit.
type DigestFlags struct {
	Digest
	// Window is --max-age and --max-items.
	Window news.FeedWindow
	// Quiet is --quiet: no progress line on a terminal.
	Quiet bool
	// Timeout is --timeout: how long the digest may take, fetching
	// included.
	Timeout time.Duration
}

// Which flags DigestFlags.register adds besides the summary options.
const (
	words  = 1 << iota // --words
	window             // --max-age and --max-items
	cliRun             // --quiet and --timeout
)

// register adds the summary flags to fs, and those of which, with the
// defaults d and w.
func (f *DigestFlags) register(fs *flag.FlagSet, which int, d Digest, w news.FeedWindow) {
	f.Digest = d // eval's --words is its own: the budget stays d's
	if which&words != 0 {
		fs.IntVar(&f.Words, "words", d.Words, "word budget: the digest's bullets hold at most `N` words")
	}
	fs.IntVar(&f.Bullets, "bullets", d.Bullets, "at most `N` bullets (0: 10, or one per 10 words of a larger budget)")
	fs.IntVar(&f.MaxBulletWords, "max-bullet-words", d.MaxBulletWords, "at most `N` words in a bullet")
	fs.StringVar(&f.Order, "order", d.Order, "bullet order: rank (most supported facts first) or source (narrative order)")
	if which&window != 0 {
		fs.DurationVar(&f.Window.MaxAge, "max-age", w.MaxAge, "read only the feed items published in the last `DURATION` (0: any age, for archives and tests)")
		fs.IntVar(&f.Window.MaxItems, "max-items", w.MaxItems, "read at most `N` items of each feed, the newest (0: every item)")
	}
	if which&cliRun != 0 {
		fs.BoolVar(&f.Quiet, "quiet", false, "do not show progress on a terminal")
		fs.DurationVar(&f.Timeout, "timeout", 5*time.Minute, "give up making the digest after `D` (fetching included)")
	}
}

// CheckWindow returns the problems of --max-age and --max-items, each
// naming its flag, or nil.
func (f DigestFlags) CheckWindow() error {
	var errs []error
	if f.Window.MaxAge < 0 {
		errs = append(errs, fmt.Errorf("max-age: %v is negative (0 reads items of any age)", f.Window.MaxAge))
	}
	if f.Window.MaxItems < 0 {
		errs = append(errs, fmt.Errorf("max-items: %d is negative (0 reads every item)", f.Window.MaxItems))
	}
	return errors.Join(errs...)
}

// Clock is the scheduler's clock of the run flags --clock-start,
// --clock-epoch and --clock-rate: a fast clock for tests and rehearsals.
type Clock struct {
	// Start is where the clock starts (zero: now).
	Start time.Time
	// Epoch is the wall-clock time at which it reads Start (zero: at
	// start).
	Epoch time.Time
	// Rate is how many times faster than the wall clock it runs.
	Rate float64
}

// register adds the clock's flags to fs.
func (c *Clock) register(fs *flag.FlagSet) {
	c.Rate = 1
	fs.Func("clock-start", "test/rehearsal aid: the scheduler's clock starts at this RFC 3339 `TIME` instead of now", func(s string) (err error) {
		c.Start, err = time.Parse(time.RFC3339, s)
		return err
	})
	fs.Func("clock-epoch", "test/rehearsal aid: the wall-clock RFC 3339 `TIME` at which the clock reads --clock-start (default: at start); replicas given the same one share a clock", func(s string) (err error) {
		c.Epoch, err = time.Parse(time.RFC3339, s)
		return err
	})
	fs.Func("clock-rate", "test/rehearsal aid: the scheduler's clock runs `N` times faster than the wall clock; --lease, --poll and --retry count in its time (default 1)", func(s string) (err error) {
		if c.Rate, err = strconv.ParseFloat(s, 64); err == nil && !(c.Rate > 0 && c.Rate <= 1e6) {
			err = errors.New("want a number above 0, at most 1e6")
		}
		return err
	})
}
