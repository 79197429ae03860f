package main

import (
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/config"
	"github.com/digestbot/digestbot/sources"
)

// windowFlags are --max-age and --max-items: the window through which
// digest, brief and post read every feed.
type windowFlags struct {
	maxAge   time.Duration
	maxItems int
}

// register adds the flags to fs, with the configuration's defaults.
func (w *windowFlags) register(fs *flag.FlagSet) {
	d := config.DefaultFeedWindow
	fs.DurationVar(&w.maxAge, "max-age", d.MaxAge, "read only the feed items published in the last `DURATION` (0: any age, for archives and tests)")
	fs.IntVar(&w.maxItems, "max-items", d.MaxItems, "read at most `N` items of each feed, the newest (0: every item)")
}

// window validates the flags and returns the window they set; each
// problem is named with its flag.
func (w *windowFlags) window() (sources.Window, error) {
	var errs []error
	if w.maxAge < 0 {
		errs = append(errs, &config.FieldError{Field: "max-age", Problem: fmt.Sprintf("%v is negative (0 reads items of any age)", w.maxAge)})
	}
	if w.maxItems < 0 {
		errs = append(errs, &config.FieldError{Field: "max-items", Problem: fmt.Sprintf("%d is negative (0 reads every item)", w.maxItems)})
	}
	return sources.Window{MaxAge: w.maxAge, MaxItems: w.maxItems}, errors.Join(errs...)
}

// splitProblems separates the errors of a load into the feeds (or other
// sources) that could not be read at all and the warnings: problems with
// items of feeds that were read (a page that kept its teaser, an item left
// out).
func splitProblems(errs []error) (failed, warnings []error) {
	for _, err := range errs {
		var leftOut *bot.LeftOutError
		if sources.IsItemError(err) || errors.As(err, &leftOut) {
			warnings = append(warnings, err)
		} else {
			failed = append(failed, err)
		}
	}
	return failed, warnings
}
