package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"sync"
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

// progressLine shows on a terminal how a load goes: the sources done and
// failed, the fetches done of those begun, and the time since it began,
// redrawn every second so that a slow fetch shows as time passing rather
// than as a frozen line.
type progressLine struct {
	w     io.Writer
	start time.Time
	stop  chan struct{}
	ended sync.WaitGroup

	mu    sync.Mutex
	p     sources.Progress
	f     sources.Fetches
	drawn bool
}

// newProgressLine starts a progress line on w, redrawn every tick.
func newProgressLine(w io.Writer, tick time.Duration) *progressLine {
	pl := &progressLine{w: w, start: time.Now(), stop: make(chan struct{})}
	pl.ended.Go(func() {
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-pl.stop:
				return
			case <-t.C:
				pl.mu.Lock()
				pl.draw()
				pl.mu.Unlock()
			}
		}
	})
	return pl
}

// sources records the progress of the sources (sources.LoadOptions.Progress).
func (pl *progressLine) sources(p sources.Progress) {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	pl.p = p
	pl.draw()
}

// fetches records the progress of the fetches (sources.LoadOptions.Fetches).
func (pl *progressLine) fetches(f sources.Fetches) {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	pl.f = f
	pl.draw()
}

// draw writes the line over the previous one; pl.mu is held.
func (pl *progressLine) draw() {
	fmt.Fprintf(pl.w, "\r%s", progressText(pl.p, pl.f, time.Since(pl.start)))
	pl.drawn = true
}

// end stops the redrawing and ends the line, so that what is printed next
// starts on a line of its own.
func (pl *progressLine) end() {
	close(pl.stop)
	pl.ended.Wait()
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if pl.drawn {
		pl.draw()
		fmt.Fprintln(pl.w)
	}
}

// progressText is the progress line: "sources: 3 of 20 done (1 failed);
// fetches: 480 of 512 done (3 failed); 12s". The sources are left out
// until their number is known.
func progressText(p sources.Progress, f sources.Fetches, elapsed time.Duration) string {
	var parts []string
	if p.Total > 0 { // known once the first source is done
		s := fmt.Sprintf("sources: %d of %d done", p.Done, p.Total)
		if p.Failed > 0 {
			s += fmt.Sprintf(" (%d failed)", p.Failed)
		}
		parts = append(parts, s)
	}
	if f.Begun > 0 {
		s := fmt.Sprintf("fetches: %d of %d done", f.Done, f.Begun)
		if f.Failed > 0 {
			s += fmt.Sprintf(" (%d failed)", f.Failed)
		}
		parts = append(parts, s)
	}
	parts = append(parts, fmt.Sprintf("%ds ", int(elapsed.Seconds()))) // the space clears a longer line's end
	return strings.Join(parts, "; ")
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
