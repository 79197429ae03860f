package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/render"
)

// RunOnce runs every brief now, once, delivers, waits for what other
// replicas are delivering, and says what is left. It exits 0 when every
// brief was made (or had been made this minute) and delivered, its
// warnings logged and counted; it fails (exit 1) with a line saying why
// when a feed could not be read at all, nothing could be made of a brief,
// or a delivery failed or still waits for a retry; deliveries that another
// live process holds and finishes are not failures. A signal stops it
// between briefs and between sends: the brief and the send in flight
// complete. Each problem is written to w, one line each, and its error
// (ErrOnceFailed) says only that there was one; the Daemon's Reports
// gather what became of the feeds' items, to say why a brief was empty.
func (d *Daemon) RunOnce(ctx context.Context, w io.Writer) error {
	log, runner := d.log(), d.Runner
	tally := d.Reports
	if tally == nil {
		tally = &FeedTally{}
	}
	now := time.Now().Truncate(time.Minute)
	failed := false
	for _, b := range d.Briefs {
		if ctx.Err() != nil {
			break
		}
		tally.Take()
		var rep RunReport
		err := RunDetached(ctx, func(ctx context.Context) (err error) {
			rep, err = runner.MakeRun(ctx, b, now)
			return err
		})
		if err != nil {
			fmt.Fprintf(w, "digestbot: %v\n", err)
			failed = true
			continue
		}
		if line, bad := onceOutcome(b, rep, now, tally.Take()); line != "" {
			fmt.Fprintf(w, "digestbot: brief %s: %s\n", b.Name, line)
			failed = failed || bad
		}
	}
	drained, err := runner.Drain(ctx, min(d.Poll, time.Second))
	switch {
	case errors.Is(err, context.Canceled):
		log.Warn("stopped by a signal; what is left waits for the next run", "sent", drained.Sent, "pending", len(drained.Waiting))
		return ErrOnceFailed
	case errors.Is(err, ErrStoreUnavailable):
		// One line per brief whose deliveries wait, when the store can
		// still say which; else one line.
		octx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second) // a hung store must not hold the exit
		ds, lerr := runner.Memory.Outstanding(octx)
		cancel()
		waiting := map[string]int{}
		var names []string
		for _, d := range ds {
			if waiting[d.Brief] == 0 {
				names = append(names, d.Brief)
			}
			waiting[d.Brief]++
		}
		if lerr != nil || len(names) == 0 {
			fmt.Fprintf(w, "digestbot: %v\n", err)
		}
		for _, name := range names {
			fmt.Fprintf(w, "digestbot: brief %s: %d deliveries wait: %v\n", name, waiting[name], err)
		}
		return ErrOnceFailed
	case err != nil:
		fmt.Fprintf(w, "digestbot: %v\n", err)
		return ErrOnceFailed
	}
	d.prune(ctx, time.Now())
	if drained.Failed > 0 {
		failed = true
	}
	if n := len(drained.Waiting); n > 0 {
		next, last := drained.Waiting[0].NextAttempt, ""
		for _, d := range drained.Waiting {
			if d.NextAttempt.Before(next) {
				next = d.NextAttempt
			}
			if last == "" {
				last = d.LastError // untried deliveries have none
			}
		}
		log.Warn("deliveries still pending; the next run will retry them", "pending", n, "next_attempt", next.Format(time.RFC3339), "last_error", last)
		failed = true
	}
	if failed {
		return ErrOnceFailed
	}
	return nil
}

// onceOutcome is the line `run --once` prints about one brief's run, ""
// when there is nothing to say, and whether the run failed: no feed read,
// some feeds not read, nothing to make a brief of. A run made already this
// minute is said plainly, and is no failure: it was made.
func onceOutcome(b Brief, rep RunReport, scheduled time.Time, reports []news.FeedReport) (line string, failed bool) {
	switch {
	case b.Follows != nil:
		return followOutcome(rep)
	case !rep.Made:
		return fmt.Sprintf("not run again: its run of %s was made already (one run a minute; run --once again from %s for a new one); what it left to deliver is delivered now",
			scheduled.Format("15:04 MST"), scheduled.Add(time.Minute).Format("15:04")), false
	case len(rep.Failed) > 0 && len(rep.Failed) >= rep.Feeds:
		return render.NoFeedRead(rep.Failed, rep.Feeds), true
	case len(rep.Failed) > 0:
		return fmt.Sprintf("%d of %d feeds could not be read (%v); the brief was made from the other %d", len(rep.Failed), rep.Feeds, rep.Failed[0], rep.Feeds-len(rep.Failed)), true
	case rep.Digested == 0 && rep.Stories == 0 && rep.Filtered > 0:
		return fmt.Sprintf("nothing to post: its filters (include, exclude, min_outlets) leave out all %s", render.Plural(rep.Filtered, "story", "stories")), false
	case rep.Digested == 0:
		if rep.Recent == 0 && len(reports) == 0 {
			return fmt.Sprintf("nothing to make a brief of: no article of its feeds in the last %s", render.Hours(DefaultWindow)), true
		}
		return render.NothingToBrief(reports, 0), true
	case rep.Deliveries == 0 && rep.Printed == 0:
		return fmt.Sprintf("nothing new to post: its %s were posted before", render.Plural(rep.Digested, "story", "stories")), false
	case len(rep.Warnings) > 0:
		return fmt.Sprintf("made, with %s (logged)", render.Plural(len(rep.Warnings), "warning", "warnings")), false
	}
	return "", false
}

// FeedTally gathers what the fetches made of their feeds
// (sources.LoadOptions.Report), safe for concurrent use; its zero value
// is ready.
type FeedTally struct {
	mu      sync.Mutex
	reports []news.FeedReport
}

// Add records a feed's report.
func (t *FeedTally) Add(r news.FeedReport) {
	t.mu.Lock()
	t.reports = append(t.reports, r)
	t.mu.Unlock()
}

// Take returns the reports gathered and forgets them.
func (t *FeedTally) Take() []news.FeedReport {
	t.mu.Lock()
	defer t.mu.Unlock()
	rs := t.reports
	t.reports = nil
	return rs
}

// ErrOnceFailed is RunOnce's error: a brief could not be made, or a
// delivery failed or waits for a retry. What failed was written, one line
// each.
var ErrOnceFailed = errors.New("run once: failed")

// Pruned counts the rows a prune removed, by table; it is news.Pruned,
// so that the store's Prune is the daemon's as it is.
type Pruned = news.Pruned

// pruneTimeout bounds one prune.
const pruneTimeout = 5 * time.Minute

// prune forgets what the store holds beyond the retention, as of now, and
// logs what it removed.
func (d *Daemon) prune(ctx context.Context, now time.Time) {
	if d.Prune == nil {
		return
	}
	log := d.log()
	pctx, cancel := context.WithTimeout(ctx, pruneTimeout)
	defer cancel()
	before := now.Add(-d.Retention)
	p, err := d.Prune(pctx, before, DefaultWindow)
	switch {
	case err != nil && ctx.Err() != nil:
		// Stopping: the prune was rolled back, the next start makes it.
	case err != nil:
		log.Error("prune", "err", err)
	case p.Skipped:
		log.Debug("prune: another replica is pruning")
	default:
		level := slog.LevelInfo
		if p.Total() == 0 {
			level = slog.LevelDebug
		}
		log.Log(ctx, level, "pruned", "before", before.UTC().Format(time.RFC3339), "rows", p.Total(),
			"articles", p.Articles, "posted", p.Posted, "deliveries", p.Outbox, "runs", p.Runs, "feed_claims", p.FeedClaims, "seen", p.Seen)
	}
}
