package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/tokenize"
)

// Delivery is one digest waiting in the outbox for one destination.
type Delivery struct {
	// ID is the delivery's idempotency key: the same brief run, story and
	// destination always give the same ID, so enqueueing twice is harmless.
	ID string
	// Dest is the destination's key (Runner.Posters).
	Dest string
	// Brief and StoryID say what is delivered.
	Brief, StoryID string
	// Payload is the digest, as JSON.
	Payload []byte
	// Attempts counts the claims so far, this one included.
	Attempts int
	// Due is when the delivery may first be sent.
	Due time.Time
}

// Memory is what the runner keeps between runs and replicas: runs claimed,
// articles read, stories posted, deliveries pending. The store package
// provides it; tests may use any implementation.
type Memory interface {
	// ClaimRunWith claims a scheduled run and, in the same transaction,
	// enqueues its deliveries; false when the run was claimed before.
	ClaimRunWith(ctx context.Context, brief string, scheduled time.Time, owner string, ds []Delivery) (bool, error)
	LastRun(ctx context.Context, brief string) (time.Time, bool, error)
	SaveArticles(ctx context.Context, arts []news.Article, seenAt time.Time) error
	RecentArticles(ctx context.Context, since time.Time, feeds []string, limit int) ([]news.Article, error)
	Posted(ctx context.Context, dest, storyID string) ([]string, bool, error)
	RecordPosted(ctx context.Context, dest, storyID string, bullets []string, at time.Time) error
	Claim(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]Delivery, error)
	Done(ctx context.Context, id, owner string) error
	Retry(ctx context.Context, id, owner string, next time.Time, errText string) error
	Fail(ctx context.Context, id, owner, errText string) error
}

// Brief is one scheduled digest of the top stories of some feeds.
type Brief struct {
	// Name identifies the brief in logs and in the store.
	Name string
	// Feeds are the feed URLs (or files) the brief reads.
	Feeds []string
	// Schedule says when it runs.
	Schedule Schedule
	// Stories is how many stories it digests.
	Stories int
	// Dests are the keys of the destinations it posts to (Runner.Posters).
	Dests []string
	// AllOnFirstRun makes the brief's first run post every story in the
	// window, not only the top Stories ("first_run: all").
	AllOnFirstRun bool
	// Summarize digests one story for this brief (its word budget and
	// bullet count); its only error is ctx's.
	Summarize func(ctx context.Context, s news.Story) (news.Digest, error)
}

// Direct is the destination key of a poster that is written to at once,
// never through the outbox nor remembered: the terminal.
const Direct = "stdout"

// Runner runs briefs: it fetches, groups, digests, and posts through a
// durable outbox, so that a crash or a platform outage neither loses nor
// repeats a post.
type Runner struct {
	// Memory keeps what must survive a restart.
	Memory Memory
	// Load fetches the feeds (conditionally: unchanged feeds give nothing).
	Load func(ctx context.Context, feeds []string) ([]news.Article, []error)
	// Group groups articles into stories, most covered first; stories of
	// the brief's previous run are given as known, so that a story keeps
	// its ID as articles join and leave it.
	Group func(arts []news.Article, known []news.Story) []news.Story
	// KeyContext, when set, marks a delivery's context with its
	// idempotency key, so that a platform that honours one shows a post
	// sent again after a crash only once (Discord's nonce).
	KeyContext func(ctx context.Context, key string) context.Context
	// Backoff is the wait before the first retry of a failed delivery,
	// doubling up to an hour; zero means a minute.
	Backoff time.Duration
	// Posters deliver to destinations, by key.
	Posters map[string]Poster
	// Permanent reports errors that retrying cannot cure (an invalid
	// token, an unknown channel); nil treats every error as passing.
	Permanent func(error) bool
	// Owner names this process in claims; replicas must differ.
	Owner string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Window is how far back articles count towards a brief's stories;
	// zero means 36 hours.
	Window time.Duration
	// Lease is how long a claimed delivery is this process's; it must
	// exceed the longest send, and should stay within the few minutes in
	// which Discord recognises a resent nonce. Zero means 2 minutes.
	Lease time.Duration
	// Logger receives what happens; nil discards it.
	Logger *slog.Logger
	// Metrics counts runs, fetch errors and deliveries; nil counts nothing.
	Metrics *Metrics

	wake  chan struct{} // an enqueue wakes the delivery loop
	once  sync.Once
	mu    sync.Mutex
	known map[string][]news.Story // brief → its stories of the last run
}

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Runner) log() *slog.Logger {
	if r.Logger != nil {
		return r.Logger
	}
	return slog.New(slog.DiscardHandler)
}

func (r *Runner) init() {
	r.once.Do(func() { r.wake = make(chan struct{}, 1) })
}

// RunBrief runs brief b for its run scheduled at scheduled: exactly once
// across restarts and replicas. The run's digests are made first; then the
// run is claimed and its deliveries enqueued in one transaction, so that a
// crash at any point either leaves the run unclaimed (a restart makes it)
// or claimed with all its posts in the outbox. Stories already posted to a
// destination are posted again only as an update with their new bullets.
//
// A run is bounded by runTimeout (a shorter deadline of ctx's wins): a run
// that cannot make its digests in time is not claimed.
func (r *Runner) RunBrief(ctx context.Context, b Brief, scheduled time.Time) error {
	r.init()
	ctx, cancel := context.WithTimeout(ctx, runTimeout)
	defer cancel()
	log := r.log().With("brief", b.Name, "scheduled", scheduled.Format(time.RFC3339))
	last, ranBefore, err := r.Memory.LastRun(ctx, b.Name)
	if err != nil {
		return fmt.Errorf("brief %s: %w", b.Name, err)
	}
	if ranBefore && !last.Before(scheduled) {
		log.Info("run already made; skipping")
		r.Metrics.run(b.Name, "skipped")
		return nil
	}
	start := r.now()
	arts, errs := r.Load(ctx, b.Feeds)
	for _, err := range errs {
		log.Warn("feed failed", "err", err)
	}
	r.Metrics.fetchErrors(len(errs))
	if err := r.Memory.SaveArticles(ctx, arts, start); err != nil {
		return fmt.Errorf("brief %s: %w", b.Name, err)
	}
	recent, err := r.Memory.RecentArticles(ctx, start.Add(-r.window()), b.Feeds, 5000)
	if err != nil {
		return fmt.Errorf("brief %s: %w", b.Name, err)
	}
	r.mu.Lock()
	known := r.known[b.Name]
	r.mu.Unlock()
	stories := r.Group(recent, known)
	r.mu.Lock()
	if r.known == nil {
		r.known = map[string][]news.Story{}
	}
	r.known[b.Name] = stories
	r.mu.Unlock()
	// Each destination gets the brief's top stories that have something
	// new for it: a story posted there before without new facts gives its
	// place to the next one. Stories are digested once, as needed.
	limit := b.Stories
	if limit <= 0 || !ranBefore && b.AllOnFirstRun {
		limit = len(stories)
	}
	digests := make([]*news.Digest, len(stories))
	digest := func(i int) (news.Digest, error) {
		if digests[i] == nil {
			d, err := b.Summarize(ctx, stories[i])
			if err != nil {
				return news.Digest{}, err
			}
			if stories[i].Title != "" {
				d.Title = stories[i].Title
			}
			r.Metrics.digestDone(r.now().Sub(start))
			digests[i] = &d
		}
		return *digests[i], nil
	}
	var deliveries []Delivery
	var direct []news.Digest
	for _, dest := range b.Dests {
		taken := 0
		for i := 0; i < len(stories) && taken < limit; i++ {
			d, err := digest(i)
			if err != nil {
				r.Metrics.run(b.Name, "error")
				return fmt.Errorf("brief %s: story %s: %w", b.Name, stories[i].ID, err)
			}
			if len(d.Bullets) == 0 {
				continue
			}
			if dest == Direct {
				direct = append(direct, d)
				taken++
				continue
			}
			del, ok, err := r.delivery(ctx, b, scheduled, stories[i].ID, dest, d)
			if err != nil {
				return fmt.Errorf("brief %s: %w", b.Name, err)
			}
			if ok {
				deliveries = append(deliveries, del)
				taken++
			}
		}
	}
	won, err := r.Memory.ClaimRunWith(ctx, b.Name, scheduled, r.Owner, deliveries)
	if err != nil {
		r.Metrics.run(b.Name, "error")
		return fmt.Errorf("brief %s: %w", b.Name, err)
	}
	if !won {
		log.Info("run already claimed; skipping")
		r.Metrics.run(b.Name, "skipped")
		return nil
	}
	// The terminal is written to at once; it is not a delivery to retry.
	if p := r.Posters[Direct]; p != nil {
		for _, d := range direct {
			if err := p.Post(ctx, d); err != nil {
				log.Error("terminal", "err", err)
			}
		}
	}
	log.Info("brief run", "articles", len(arts), "recent", len(recent), "stories", len(stories), "deliveries", len(deliveries), "fetch_errors", len(errs))
	r.Metrics.run(b.Name, "ok")
	select {
	case r.wake <- struct{}{}:
	default:
	}
	if len(errs) > 0 {
		return &FeedErrors{Brief: b.Name, Feeds: len(b.Feeds), Errs: errs}
	}
	return nil
}

// FeedErrors reports feeds that could not be read during a brief run that
// otherwise completed: the brief was made from the others.
type FeedErrors struct {
	// Brief names the brief.
	Brief string
	// Feeds is how many feeds the brief reads.
	Feeds int
	// Errs are the failures, one per source.
	Errs []error
}

func (e *FeedErrors) Error() string {
	return fmt.Sprintf("brief %s: %d of %d feeds failed: %v", e.Brief, len(e.Errs), e.Feeds, errors.Join(e.Errs...))
}

// delivery returns the delivery of story id's digest to dest — only its
// new bullets when the story was posted there before — or false when
// nothing in it is new.
func (r *Runner) delivery(ctx context.Context, b Brief, scheduled time.Time, id, dest string, d news.Digest) (Delivery, bool, error) {
	posted, ok, err := r.Memory.Posted(ctx, dest, id)
	if err != nil {
		return Delivery{}, false, err
	}
	if ok {
		d = Update(d, posted)
		if len(d.Bullets) == 0 {
			return Delivery{}, false, nil
		}
	}
	payload, err := json.Marshal(d)
	if err != nil {
		return Delivery{}, false, err
	}
	key := sha256.Sum256([]byte(b.Name + "\x00" + scheduled.UTC().Format(time.RFC3339Nano) + "\x00" + dest + "\x00" + id))
	return Delivery{ID: hex.EncodeToString(key[:16]), Dest: dest, Brief: b.Name, StoryID: id, Payload: payload, Due: r.now()}, true, nil
}

// Update returns d with only the bullets that say something posted does
// not — a bullet is old when it shares more than half of the shorter
// one's content words with a posted one — titled as an update. Without new
// bullets the result has none.
func Update(d news.Digest, posted []string) news.Digest {
	old := make([][]string, len(posted))
	for i, p := range posted {
		old[i] = tokenize.ContentStems(p)
	}
	var fresh []news.Bullet
	for _, b := range d.Bullets {
		words := tokenize.ContentStems(b.Text)
		seen := false
		for _, o := range old {
			if tokenize.Overlap(words, o) > 0.5 {
				seen = true
				break
			}
		}
		if !seen {
			fresh = append(fresh, b)
		}
	}
	d.Bullets = fresh
	if len(fresh) > 0 && !strings.HasPrefix(d.Title, "Update: ") {
		d.Title = "Update: " + d.Title
	}
	return d
}

func (r *Runner) window() time.Duration {
	if r.Window > 0 {
		return r.Window
	}
	return 36 * time.Hour
}

func (r *Runner) lease() time.Duration {
	if r.Lease > 0 {
		return r.Lease
	}
	return 2 * time.Minute
}

// Deliver sends the deliveries that are due, once each, and returns how
// many were sent. A delivery that fails is retried later with backoff
// (1 minute doubling to 1 hour), or given up when the error is permanent.
func (r *Runner) Deliver(ctx context.Context) (sent int, err error) {
	for ctx.Err() == nil {
		ds, err := r.Memory.Claim(ctx, r.Owner, r.now(), r.lease(), 10)
		if err != nil {
			return sent, err
		}
		if len(ds) == 0 {
			return sent, nil
		}
		for _, d := range ds {
			if r.deliver(ctx, d) {
				sent++
			}
		}
	}
	return sent, ctx.Err()
}

// deliver sends one claimed delivery and records the outcome.
func (r *Runner) deliver(ctx context.Context, d Delivery) bool {
	log := r.log().With("delivery", d.ID, "dest", d.Dest, "brief", d.Brief, "story", d.StoryID, "attempt", d.Attempts)
	p := r.Posters[d.Dest]
	if p == nil {
		log.Error("no such destination; giving up")
		r.Metrics.delivery(d.Dest, "failed")
		if err := r.Memory.Fail(ctx, d.ID, r.Owner, "no such destination in the configuration"); err != nil {
			log.Error("outbox", "err", err)
		}
		return false
	}
	var digest news.Digest
	if err := json.Unmarshal(d.Payload, &digest); err != nil {
		log.Error("bad payload; giving up", "err", err)
		r.Memory.Fail(ctx, d.ID, r.Owner, "bad payload: "+err.Error())
		return false
	}
	// A later run may have posted this story meanwhile (this delivery was
	// waiting out an outage): send only what is still new.
	if posted, ok, err := r.Memory.Posted(ctx, d.Dest, d.StoryID); err != nil {
		log.Warn("outbox: cannot tell what was posted; will retry", "err", err)
		r.Memory.Retry(ctx, d.ID, r.Owner, r.now().Add(r.backoff(d.Attempts)), err.Error())
		return false
	} else if ok {
		if digest = Update(digest, posted); len(digest.Bullets) == 0 {
			log.Info("already posted by a later run; dropping")
			if err := r.Memory.Done(ctx, d.ID, r.Owner); err != nil {
				log.Error("outbox", "err", err)
			}
			return false
		}
	}
	// The send gets the lease's time, not less: a send cut short by our own
	// shutdown would be retried and might post twice.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.lease()*9/10)
	if r.KeyContext != nil {
		sctx = r.KeyContext(sctx, d.ID)
	}
	err := p.Post(sctx, digest)
	cancel()
	if err == nil {
		r.Metrics.delivery(d.Dest, "sent")
		if err := r.Memory.Done(ctx, d.ID, r.Owner); err != nil {
			log.Error("outbox: sent but not marked done", "err", err)
		}
		var texts []string
		for _, b := range digest.Bullets {
			texts = append(texts, b.Text)
		}
		if err := r.Memory.RecordPosted(ctx, d.Dest, d.StoryID, texts, r.now()); err != nil {
			log.Error("outbox: sent but not recorded", "err", err)
		}
		log.Info("delivered", "title", digest.Title, "bullets", len(digest.Bullets))
		return true
	}
	if r.Permanent != nil && r.Permanent(err) {
		log.Error("delivery failed for good", "err", err)
		r.Metrics.delivery(d.Dest, "failed")
		if ferr := r.Memory.Fail(ctx, d.ID, r.Owner, err.Error()); ferr != nil {
			log.Error("outbox", "err", ferr)
		}
		return false
	}
	next := r.now().Add(r.backoff(d.Attempts))
	log.Warn("delivery failed; will retry", "err", err, "next", next.Format(time.RFC3339))
	r.Metrics.delivery(d.Dest, "retry")
	if rerr := r.Memory.Retry(ctx, d.ID, r.Owner, next, err.Error()); rerr != nil {
		log.Error("outbox", "err", rerr)
	}
	return false
}

// backoff is the wait after the n-th failed attempt: Backoff (a minute),
// doubling, at most an hour.
func (r *Runner) backoff(attempts int) time.Duration {
	d := r.Backoff
	if d <= 0 {
		d = time.Minute
	}
	for i := 1; i < attempts && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// Clock tells the time and waits; tests give a fake one.
type Clock interface {
	Now() time.Time
	// After returns a channel that receives once d has passed.
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the wall clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// After returns time.After(d).
func (SystemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Run is the daemon: it makes up a run missed within grace while the bot
// was down, then runs each brief on its schedule and delivers the outbox
// every poll interval and after each run, until ctx ends. In-flight work
// finishes: a brief run and the delivery being sent complete before Run
// returns.
func (r *Runner) Run(ctx context.Context, briefs []Brief, grace time.Duration, clock Clock, poll time.Duration) error {
	r.init()
	if clock == nil {
		clock = SystemClock{}
	}
	r.Now = clock.Now
	if poll <= 0 {
		poll = 15 * time.Second
	}
	log := r.log()
	now := clock.Now()
	for _, b := range briefs {
		if t, ok := b.Schedule.Missed(now, grace); ok {
			if last, ran, err := r.Memory.LastRun(ctx, b.Name); err == nil && (!ran || last.Before(t)) {
				log.Info("making up a missed run", "brief", b.Name, "scheduled", t.Format(time.RFC3339))
				if err := r.RunBrief(ctx, b, t); err != nil && !isFeedErrors(err) {
					log.Error("brief failed", "brief", b.Name, "err", err)
				}
			}
		} else if prev, ok := b.Schedule.Missed(now, 48*time.Hour); ok {
			if last, ran, err := r.Memory.LastRun(ctx, b.Name); err == nil && ran && last.Before(prev) {
				log.Warn("missed run is older than the grace window; skipping it", "brief", b.Name, "scheduled", prev.Format(time.RFC3339), "grace", grace.String())
			}
		}
	}
	next := make([]time.Time, len(briefs))
	for i, b := range briefs {
		next[i] = b.Schedule.Next(now)
	}
	var wg sync.WaitGroup
	wg.Go(func() { r.deliverLoop(ctx, clock, poll) })
	defer wg.Wait()
	for {
		soonest := -1
		for i := range briefs {
			if !next[i].IsZero() && (soonest < 0 || next[i].Before(next[soonest])) {
				soonest = i
			}
		}
		var timer <-chan time.Time
		if soonest >= 0 {
			timer = clock.After(max(next[soonest].Sub(clock.Now()), 0))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-timer:
		}
		now := clock.Now()
		for i, b := range briefs {
			if next[i].IsZero() || next[i].After(now) {
				continue
			}
			if ctx.Err() != nil {
				return nil // stopping: take no new run
			}
			// A run that has started finishes even when a signal comes:
			// it is cut off only by its own deadline.
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), runTimeout)
			if err := r.RunBrief(rctx, b, next[i]); err != nil && !isFeedErrors(err) {
				log.Error("brief failed", "brief", b.Name, "err", err)
			}
			cancel()
			next[i] = b.Schedule.Next(next[i])
		}
	}
}

// isFeedErrors reports a run that completed although some feeds failed;
// RunBrief has logged each failure already.
func isFeedErrors(err error) bool {
	var fe *FeedErrors
	return errors.As(err, &fe)
}

// runTimeout bounds one brief run: fetching, grouping, digesting.
const runTimeout = 5 * time.Minute

// deliverLoop delivers the outbox every poll and whenever a run wakes it.
func (r *Runner) deliverLoop(ctx context.Context, clock Clock, poll time.Duration) {
	for {
		if _, err := r.Deliver(ctx); err != nil && !errors.Is(err, context.Canceled) {
			r.log().Error("outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
		case <-clock.After(poll):
		}
	}
}
