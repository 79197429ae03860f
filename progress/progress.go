// Package progress shows on a terminal how a load of sources goes
// (sources.LoadOptions.Progress and Fetches): one line, redrawn in place
// every second and as the load advances, ended when it is done.
package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/digestbot/digestbot/sources"
)

// Line shows on a terminal how a load goes: the sources done and
// failed, the fetches done of those begun, and the time since it began,
// redrawn every second so that a slow fetch shows as time passing rather
// than as a frozen line.
type Line struct {
	w     io.Writer
	start time.Time
	stop  chan struct{}
	ended sync.WaitGroup

	mu    sync.Mutex
	p     sources.Progress
	f     sources.Fetches
	drawn bool
}

// NewLine starts a progress line on w, redrawn every tick.
func NewLine(w io.Writer, tick time.Duration) *Line {
	pl := &Line{w: w, start: time.Now(), stop: make(chan struct{})}
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

// Show draws the progress of the load lo configures on w, redrawn every
// second, and returns the function that ends the line, which may be called
// more than once.
func Show(lo *sources.LoadOptions, w io.Writer) (end func()) {
	pl := NewLine(w, time.Second)
	lo.Progress, lo.Fetches = pl.Sources, pl.Fetches
	return sync.OnceFunc(pl.End)
}

// Sources records the progress of the sources (sources.LoadOptions.Progress).
func (pl *Line) Sources(p sources.Progress) {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	pl.p = p
	pl.draw()
}

// Fetches records the progress of the fetches (sources.LoadOptions.Fetches).
func (pl *Line) Fetches(f sources.Fetches) {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	pl.f = f
	pl.draw()
}

// draw writes the line over the previous one; pl.mu is held.
func (pl *Line) draw() {
	fmt.Fprintf(pl.w, "\r%s", Text(pl.p, pl.f, time.Since(pl.start)))
	pl.drawn = true
}

// End stops the redrawing and ends the line, so that what is printed next
// starts on a line of its own.
func (pl *Line) End() {
	close(pl.stop)
	pl.ended.Wait()
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if pl.drawn {
		pl.draw()
		fmt.Fprintln(pl.w)
	}
}

// Text is the progress line: "sources: 3 of 20 done (1 failed);
// fetches: 480 of 512 done (3 failed); 12s". The sources are left out
// until their number is known.
func Text(p sources.Progress, f sources.Fetches, elapsed time.Duration) string {
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
