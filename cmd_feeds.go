package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"syscall"
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

// feedTally gathers what a load made of its feeds (sources.FeedReport),
// safe for concurrent use.
type feedTally struct {
	mu      sync.Mutex
	reports []sources.FeedReport
}

// add records a feed's report.
func (t *feedTally) add(r sources.FeedReport) {
	t.mu.Lock()
	t.reports = append(t.reports, r)
	t.mu.Unlock()
}

// take returns the reports gathered and forgets them.
func (t *feedTally) take() []sources.FeedReport {
	t.mu.Lock()
	defer t.mu.Unlock()
	rs := t.reports
	t.reports = nil
	return rs
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

// isNetworkError reports whether err is the network's doing: a name that
// does not resolve, a connection refused, reset or timed out.
func isNetworkError(err error) bool {
	var dns *net.DNSError
	var op *net.OpError
	var te interface{ Timeout() bool }
	return errors.As(err, &dns) || errors.As(err, &op) || errors.As(err, &te) && te.Timeout() ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH)
}

// noFeedRead is the one-line reason of a brief none of whose feeds could
// be read: "no feed could be read (5 of 5): check the network" when the
// network failed every one, else with the first failure.
func noFeedRead(failed []error, feeds int) string {
	network := true
	for _, err := range failed {
		network = network && isNetworkError(err)
	}
	why := "check the network"
	if !network && len(failed) > 0 {
		why = failed[0].Error()
		if len(failed) > 1 {
			why += fmt.Sprintf(" (and %d more)", len(failed)-1)
		}
	}
	return fmt.Sprintf("no feed could be read (%d of %d): %s", len(failed), feeds, why)
}

// itemsLeftOut says, for a feed whose report left items out, how many and
// why: "read FEED: 718 of 730 items left out: 718 older than 48h (the
// newest from 2019-10-08)". "" when it left none out.
func itemsLeftOut(r sources.FeedReport) string {
	if r.Skipped() == 0 {
		return ""
	}
	var why []string
	if r.Old > 0 {
		s := fmt.Sprintf("%d older than %s", r.Old, hoursText(r.Window.MaxAge))
		if r.Old == r.Items && !r.Newest.IsZero() {
			s += fmt.Sprintf(" (the newest from %s)", r.Newest.UTC().Format("2006-01-02 15:04 MST"))
		}
		why = append(why, s)
	}
	if r.Over > 0 {
		why = append(why, fmt.Sprintf("%d beyond the newest %d", r.Over, r.Window.MaxItems))
	}
	if r.TitleOnly > 0 {
		why = append(why, fmt.Sprintf("%d with only a title (no text in the feed or on their page)", r.TitleOnly))
	}
	return fmt.Sprintf("read %s: %d of %d items left out: %s", r.Feed, r.Skipped(), r.Items, strings.Join(why, ", "))
}

// hoursText writes a window's age as the flags and the file do: 48h,
// 336h, 90m.
func hoursText(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	s = strings.TrimSuffix(s, "0m")
	return s
}

// nothingToBrief is the one-line reason of a brief that found nothing to
// digest in feeds that were read: what their windows and items left.
func nothingToBrief(reports []sources.FeedReport, unusable int) string {
	var items, old, over, titleOnly int
	var newest time.Time
	var window sources.Window
	for _, r := range reports {
		items += r.Items
		old += r.Old
		over += r.Over
		titleOnly += r.TitleOnly
		if r.Newest.After(newest) {
			newest = r.Newest
		}
		window = r.Window
	}
	if items == 0 && unusable == 0 {
		return "nothing to make a brief of: the feeds hold no item"
	}
	var why []string
	if old > 0 {
		s := fmt.Sprintf("%d older than %s (--max-age, max_age)", old, hoursText(window.MaxAge))
		if !newest.IsZero() {
			s += fmt.Sprintf("; the newest is from %s", newest.UTC().Format("2006-01-02 15:04 MST"))
		}
		why = append(why, s)
	}
	if over > 0 {
		why = append(why, fmt.Sprintf("%d beyond each feed's newest %d (--max-items, max_items)", over, window.MaxItems))
	}
	if titleOnly > 0 {
		why = append(why, fmt.Sprintf("%d with only a title", titleOnly))
	}
	if unusable > 0 {
		why = append(why, fmt.Sprintf("%d without a sentence to digest", unusable))
	}
	return fmt.Sprintf("nothing to make a brief of: of the %d items the feeds hold, %s", items, strings.Join(why, ", "))
}

// plural writes a count of things: "1 warning", "3 warnings".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
