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

// Memory is what the runner keeps between runs and replicas: runs claimed,
// articles read, stories posted, deliveries pending. The store package
// provides it; tests may use any implementation.
type Memory interface {
	// ClaimRunWith claims a scheduled run and, in the same transaction,
	// enqueues its deliveries; false when the run was claimed before.
	ClaimRunWith(ctx context.Context, brief string, scheduled time.Time, owner string, ds []news.Delivery) (bool, error)
	LastRun(ctx context.Context, brief string) (time.Time, bool, error)
	SaveArticles(ctx context.Context, arts []news.Article, seenAt time.Time) error
	RecentArticles(ctx context.Context, since time.Time, feeds []string, limit int) ([]news.Article, error)
	Posted(ctx context.Context, dest, storyID string) ([]string, bool, error)
	// Claim leases due deliveries to owner.
	Claim(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]news.Delivery, error)
	// Sending records that owner begins a send now, while its lease runs,
	// and extends the lease: the last write before the send.
	Sending(ctx context.Context, id, owner string, now time.Time, lease time.Duration) error
	// Extend extends owner's lease while a send goes on.
	Extend(ctx context.Context, id, owner string, until time.Time) error
	// Sent finishes a delivery that was posted and records its bullets as
	// posted, and where the post landed, in one transaction, whoever
	// holds it: a story's first post with a reference at a destination
	// becomes its thread there. The runner records what the post told of
	// the story: its bullets and the facts the story held (see Update).
	Sent(ctx context.Context, id, dest, storyID string, bullets []string, post news.Post, at time.Time) error
	// Thread returns the story's first post at dest that told where it
	// landed, with the digest it showed; false when there is none.
	Thread(ctx context.Context, dest, storyID string) (news.Post, bool, error)
	// Done finishes a delivery that needs no send.
	Done(ctx context.Context, id, owner string) error
	// Retry gives a delivery whose send certainly failed back, due at next.
	Retry(ctx context.Context, id, owner string, next time.Time, errText string) error
	// Release gives an untried delivery back, due at next.
	Release(ctx context.Context, id, owner string, next time.Time) error
	// Fail gives up on a delivery.
	Fail(ctx context.Context, id, owner, errText string) error
	// Outstanding lists the deliveries not done, without payloads.
	Outstanding(ctx context.Context) ([]news.Delivery, error)
	// FeedClaims share each feed's fetch among the replicas that run a
	// brief at once (see feedclaim.go).
	FeedClaims
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
	// Languages, when set, are the languages (ISO 639-1) of the stories
	// the brief posts: the others are left out before its top stories are
	// chosen (KeepLanguages). Empty: every story.
	Languages []string
	// Filter chooses the stories the brief may post (include, exclude,
	// a minimum of outlets): the others are left out before its top
	// stories are chosen, so that they take no place. Zero: every story.
	Filter news.Filter
	// Summarizer digests one story for this brief (its word budget and
	// bullet count), and says which articles it cannot.
	Summarizer Summarizer
	// Follows, when set, makes the brief the follow run (FollowRun, see
	// follow.go): its destinations are the channels that follow its
	// stories, and Dests, Stories and AllOnFirstRun are not used.
	Follows Follows
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
	// Fetcher fetches the feeds (conditionally: unchanged feeds give
	// nothing); a brief's fetch has an empty Scope.
	Fetcher Fetcher
	// Grouper groups articles into stories, most covered first; stories
	// of the brief's previous run are given as known, so that a story
	// keeps its ID as articles join and leave it.
	Grouper Grouper
	// KeyContext, when set, marks a delivery's context with its
	// idempotency key, so that a platform that honours one shows a post
	// sent again after a crash only once (Discord's nonce).
	KeyContext func(ctx context.Context, key string) context.Context
	// Backoff is the wait before the first retry of a failed delivery,
	// doubling up to an hour; zero means a minute.
	Backoff time.Duration
	// Posters deliver to destinations, by key.
	Posters map[string]Poster
	// Channels, when set, builds the poster of a destination that Posters
	// lacks: a chat channel that follows stories (ChannelPosters.Poster).
	Channels func(dest string) (Poster, error)
	// Permanent reports errors that retrying cannot cure (an invalid
	// token, an unknown channel); nil treats every error as passing.
	Permanent func(error) bool
	// Warning reports the errors of Fetcher that cost a feed only some of
	// its items (a page that kept its teaser, an item left out): a run
	// logs and counts them, and they do not make a feed failed. nil takes
	// every error of Fetcher for a feed that could not be read.
	Warning func(error) bool
	// Owner names this process in claims; replicas must differ.
	Owner string
	// Now tells the time; nil means Clock's.
	Now func() time.Time
	// Clock tells the time and waits (lease renewals, retries of a
	// record, Drain's polls); nil means the wall clock. Run sets it.
	Clock Clock
	// Window is how far back articles count towards a brief's stories;
	// zero means 36 hours.
	Window time.Duration
	// Lease is how long a claimed delivery stays this process's without
	// news of it. A send in progress renews it every third of a lease, so
	// the lease only bounds how soon the delivery of a process that died
	// mid-send is taken up again (by a replica or a restart) — which must
	// stay within the few minutes in which Discord recognises a resent
	// nonce. Zero means 30 seconds.
	Lease time.Duration
	// RecordPatience is how long the record of a post that went out is
	// retried while the store cannot be written, sending nothing else
	// meanwhile; after it the post may be sent again once the store is
	// back. Zero means 10 minutes; once the process is stopping, at most
	// 30 seconds more.
	RecordPatience time.Duration
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
	return r.clock().Now()
}

func (r *Runner) clock() Clock {
	if r.Clock != nil {
		return r.Clock
	}
	return SystemClock{}
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

// RunReport is what one run of a brief did, for a caller that must say
// how it went (`run --once`).
type RunReport struct {
	// Made reports that this call made the run. It is false when the run
	// had been made before, by this process or another (nothing was
	// fetched), or was claimed by another while this one was making it
	// (nothing of this call's is posted).
	Made bool
	// Feeds is how many feeds the brief reads; Failed are the errors of
	// those that could not be read at all, one each, and Warnings the
	// problems with items of the others (Runner.Warning).
	Feeds    int
	Failed   []error
	Warnings []error
	// Articles counts the articles read now, Recent those of the window
	// that the stories were grouped from.
	Articles, Recent int
	// Stories counts the stories grouped (in the brief's languages, kept
	// by its filter), and Digested those digested with bullets to post:
	// none means nothing could be made.
	Stories, Digested int
	// Filtered counts the stories in the brief's languages that its
	// filter left out.
	Filtered int
	// Deliveries counts the posts put in the outbox, Printed the digests
	// written to the terminal. Both are zero when every story had been
	// posted before without anything new.
	Deliveries, Printed int
}

// RunBrief runs brief b for its run scheduled at scheduled: exactly once
// across restarts and replicas. The run's digests are made first; then the
// run is claimed and its deliveries enqueued in one transaction, so that a
// crash at any point either leaves the run unclaimed (a restart makes it)
// or claimed with all its posts in the outbox. Stories already posted to a
// destination are posted again only as an update with their new bullets.
//
// A run is bounded by runTimeout (a shorter deadline of ctx's wins): a run
// that cannot make its digests in time is not claimed. A run made although
// some feeds could not be read returns a *FeedErrors naming them; the
// warnings of the others are logged.
func (r *Runner) RunBrief(ctx context.Context, b Brief, scheduled time.Time) error {
	rep, err := r.MakeRun(ctx, b, scheduled)
	if err != nil {
		return err
	}
	if len(rep.Failed) > 0 {
		return &FeedErrors{Brief: b.Name, Feeds: rep.Feeds, Errs: rep.Failed}
	}
	return nil
}

// feedErrors adds the errors of a run's fetch to rep, as warnings (a
// feed item that Warning says is one) or failed feeds, logging and
// counting each.
func (r *Runner) feedErrors(rep *RunReport, errs []error, log *slog.Logger) {
	for _, err := range errs {
		if r.Warning != nil && r.Warning(err) {
			rep.Warnings = append(rep.Warnings, err)
			log.Warn("feed item", "err", err)
		} else {
			rep.Failed = append(rep.Failed, err)
			log.Warn("feed failed", "err", err)
		}
	}
	r.Metrics.fetchErrors(len(errs))
}

// MakeRun is RunBrief, which it does, reporting what the run did; its
// error is only that of a run that could not be made (the store, the
// deadline), never a feed's.
func (r *Runner) MakeRun(ctx context.Context, b Brief, scheduled time.Time) (RunReport, error) {
	if b.Follows != nil {
		return r.makeFollowRun(ctx, b, scheduled)
	}
	r.init()
	ctx, cancel := context.WithTimeout(ctx, runTimeout)
	defer cancel()
	rep := RunReport{Feeds: len(b.Feeds)}
	log := r.log().With("brief", b.Name, "scheduled", scheduled.Format(time.RFC3339))
	last, ranBefore, err := r.Memory.LastRun(ctx, b.Name)
	if err != nil {
		return rep, fmt.Errorf("brief %s: %w", b.Name, err)
	}
	if ranBefore && !last.Before(scheduled) {
		log.Info("run already made; skipping")
		r.Metrics.run(b.Name, "skipped")
		return rep, nil
	}
	start := r.now()
	fetched, recent, errs, err := r.recent(ctx, r.Fetcher, b.Feeds, Scope{}, start, true)
	r.feedErrors(&rep, errs, log)
	rep.Articles = fetched
	if err != nil {
		return rep, fmt.Errorf("brief %s: %w", b.Name, err)
	}
	rep.Recent = len(recent)
	recent, leftOut := usable(b.Summarizer, recent)
	if len(leftOut) > 0 {
		log.Debug("articles without a sentence to digest left out", "articles", len(leftOut))
	}
	r.mu.Lock()
	known := r.known[b.Name]
	r.mu.Unlock()
	stories := r.Grouper.Group(recent, known)
	r.mu.Lock()
	if r.known == nil {
		r.known = map[string][]news.Story{}
	}
	r.known[b.Name] = stories
	r.mu.Unlock()
	stories, rep.Filtered = b.choose(stories)
	rep.Stories = len(stories)
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
			d, bad, err := digestStory(ctx, b.Summarizer, stories[i])
			if err != nil {
				return news.Digest{}, err
			}
			if bad != nil {
				// The story is left out, as a brief leaves it out; the
				// others are posted.
				log.Error("story left out", "story", stories[i].ID, "err", bad)
				rep.Warnings = append(rep.Warnings, fmt.Errorf("story %s: %w", stories[i].ID, bad))
			}
			r.Metrics.digestDone(r.now().Sub(start))
			digests[i] = &d
			if len(d.Bullets) > 0 {
				rep.Digested++
			}
		}
		return *digests[i], nil
	}
	var deliveries []news.Delivery
	var direct []news.Digest
	for _, dest := range b.Dests {
		taken := 0
		for i := 0; i < len(stories) && taken < limit; i++ {
			d, err := digest(i)
			if err != nil {
				r.Metrics.run(b.Name, "error")
				return rep, fmt.Errorf("brief %s: story %s: %w", b.Name, stories[i].ID, err)
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
				return rep, fmt.Errorf("brief %s: %w", b.Name, err)
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
		return rep, fmt.Errorf("brief %s: %w", b.Name, err)
	}
	if !won {
		log.Info("run already claimed; skipping")
		r.Metrics.run(b.Name, "skipped")
		return rep, nil
	}
	rep.Made, rep.Deliveries = true, len(deliveries)
	// The terminal is written to at once; it is not a delivery to retry.
	if p := r.Posters[Direct]; p != nil {
		for _, d := range direct {
			if err := p.Post(ctx, d); err != nil {
				log.Error("terminal", "err", err)
				continue
			}
			rep.Printed++
		}
	}
	log.Info("brief run", "articles", fetched, "recent", len(recent), "stories", len(stories), "filtered", rep.Filtered, "deliveries", len(deliveries),
		"fetch_errors", len(errs), "feeds_failed", len(rep.Failed), "warnings", len(rep.Warnings))
	r.Metrics.run(b.Name, "ok")
	select {
	case r.wake <- struct{}{}:
	default:
	}
	return rep, nil
}

// recentLimit is the most articles of a brief's window that are grouped.
const recentLimit = 5000

// recent fetches the feeds within scope, stores the articles fetched as
// seen at now, and returns how many were fetched and the articles of the
// feeds seen within Window before now: those of earlier fetches too, for
// a feed fetched conditionally gives only what changed, and those other
// replicas fetched. A run's fetch (shared: a brief's or the follow run's,
// whole feeds, now its start) is shared with the replicas running at the
// same time (fetchShared); a chat query's, which may leave pages out
// (Scope.MaxPages), is its own. errs are the fetch's, one per feed; err
// is the store's.
func (r *Runner) recent(ctx context.Context, f Fetcher, feeds []string, scope Scope, now time.Time, shared bool) (fetched int, recent []news.Article, errs []error, err error) {
	var saveErr error
	if shared {
		fetched, errs, saveErr = r.fetchShared(ctx, f, feeds, now)
	} else {
		var arts []news.Article
		arts, errs = f.Fetch(ctx, feeds, scope)
		fetched, saveErr = len(arts), r.Memory.SaveArticles(ctx, arts, now)
	}
	recent, err = r.Memory.RecentArticles(ctx, now.Add(-r.window()), feeds, recentLimit)
	return fetched, recent, errs, errors.Join(saveErr, err)
}

// Recent is a Fetcher of what the briefs see: it fetches the feeds with f
// (conditionally), stores what is new, and returns the articles of the
// feeds seen within the runner's Window, by the wall clock. Chat topic
// queries read it, so that they search the briefs' stories; a store that
// fails adds its error.
func (r *Runner) Recent(f Fetcher) Fetcher {
	return FetchFunc(func(ctx context.Context, feeds []string, scope Scope) ([]news.Article, []error) {
		_, recent, errs, err := r.recent(ctx, f, feeds, scope, time.Now(), false)
		if err, ok := err.(interface{ Unwrap() []error }); ok {
			errs = append(errs, err.Unwrap()...) // each of the store's, as they came
		}
		return recent, errs
	})
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
func (r *Runner) delivery(ctx context.Context, b Brief, scheduled time.Time, id, dest string, d news.Digest) (news.Delivery, bool, error) {
	posted, ok, err := r.Memory.Posted(ctx, dest, id)
	if err != nil {
		return news.Delivery{}, false, err
	}
	if ok {
		d = Update(d, posted)
		if len(d.Bullets) == 0 {
			return news.Delivery{}, false, nil
		}
	}
	payload, err := json.Marshal(d)
	if err != nil {
		return news.Delivery{}, false, err
	}
	key := sha256.Sum256([]byte(b.Name + "\x00" + scheduled.UTC().Format(time.RFC3339Nano) + "\x00" + dest + "\x00" + id))
	return news.Delivery{ID: hex.EncodeToString(key[:16]), Dest: dest, Brief: b.Name, StoryID: id, Payload: payload, NextAttempt: r.now()}, true, nil
}

// UpdateFacts is the most new facts an update lists: an update is read as
// a short addendum to a post, never longer than the digest itself.
const UpdateFacts = 5

// Update returns d as an update to what a destination was told of its
// story (told: the bullets posted, and the facts the story held when they
// were): its bullets are d's new facts, titled "Update: …". A new fact is
// a fact of the story (d.Facts, most central first; d.Bullets when a
// digest has none) that neither what was told nor a new fact kept before
// it covers (tokenize.Covered: one of them holds most of the words of
// what it says, and they hold all of its numbers and names) — whether or not it
// ranks among the story's top bullets. It lists at most UpdateFacts, and
// no more than d has bullets. Without new facts the result has no
// bullets. d.Facts are kept: the record of the post adds them to what
// was told (told).
func Update(d news.Digest, told []string) news.Digest {
	l := tokenize.For(d.Language)
	known := make([]tokenize.Gist, 0, len(told)+UpdateFacts)
	for _, t := range told {
		known = append(known, l.Gist(t))
	}
	facts := d.Facts
	if len(facts) == 0 {
		facts = d.Bullets
	}
	limit := min(UpdateFacts, len(d.Bullets))
	var fresh []news.Bullet
	for _, f := range facts {
		if len(fresh) == limit {
			break
		}
		g := l.Gist(f.Text)
		if tokenize.Covered(g, known) {
			continue
		}
		fresh = append(fresh, f)
		known = append(known, g)
	}
	d.Bullets = fresh
	if len(fresh) > 0 && !strings.HasPrefix(d.Title, "Update: ") {
		d.Title = "Update: " + d.Title
	}
	return d
}

// told returns what a destination is told of a story by posting d: its
// bullets, and every other fact the story holds, shown or not, for a fact
// the story held when it was posted is no news later (Update).
func told(d news.Digest) []string {
	out := make([]string, 0, len(d.Bullets)+len(d.Facts))
	seen := make(map[string]bool, cap(out))
	for _, bs := range [][]news.Bullet{d.Bullets, d.Facts} {
		for _, b := range bs {
			if !seen[b.Text] {
				seen[b.Text] = true
				out = append(out, b.Text)
			}
		}
	}
	return out
}

// DefaultWindow is how far back articles count towards a brief's stories
// unless Runner.Window says otherwise.
const DefaultWindow = 36 * time.Hour

func (r *Runner) window() time.Duration {
	if r.Window > 0 {
		return r.Window
	}
	return DefaultWindow
}

func (r *Runner) lease() time.Duration {
	if r.Lease > 0 {
		return r.Lease
	}
	return 30 * time.Second
}

func (r *Runner) recordPatience() time.Duration {
	if r.RecordPatience > 0 {
		return r.RecordPatience
	}
	return 10 * time.Minute
}

// sendTimeout bounds one send, the platform adapter's own retries
// included; the lease is renewed meanwhile.
const sendTimeout = 2 * time.Minute

// stopGrace is how long a stopping process still tries to record a post
// that went out.
const stopGrace = 30 * time.Second

// ErrStoreUnavailable marks a delivery pass that stopped because the store
// could not be read or written: nothing is sent that could not be
// recorded, and the pass resumes when the store is back.
var ErrStoreUnavailable = errors.New("the store cannot be used; nothing more is sent until it can")

func storeErr(op string, err error) error {
	return fmt.Errorf("%w: %s: %w", ErrStoreUnavailable, op, err)
}

// detached returns a context for the store writes that finish a delivery:
// they must happen even while the process is stopping, within a bound.
func detached(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
}

// pass counts what a delivery pass did.
type pass struct {
	sent, failed int
}

// Deliver sends the deliveries that are due, one at a time, until none is
// left or ctx ends, and returns how many were sent. Each is claimed, then
// marked as being sent — the last write before the send, so that a store
// that cannot be written stops the pass before anything goes out whose
// success could not be recorded — then sent, then recorded as sent
// together with its bullets and where the post landed in one transaction.
// An update of a story (it was posted to the destination before) goes in
// the thread of the story's first post where the destination can reply
// (Threader), and once it is recorded that first post is edited to say
// it was updated where the destination can edit (Editor): once, never
// retried, a failure only logged. So is the digest's evidence, posted
// under it where the destination can (Evidencer), after the edit. A
// delivery that fails is retried later with backoff (Backoff, doubling up to an hour), or given
// up when the error is permanent; the other due deliveries to a
// destination that just failed wait as long, untried. Once ctx ends no
// send starts, but the one in flight completes and is recorded. The error
// wraps ErrStoreUnavailable when the store stopped the pass.
func (r *Runner) Deliver(ctx context.Context) (sent int, err error) {
	p, err := r.deliverPass(ctx, map[string]time.Time{})
	return p.sent, err
}

// deliverPass is Deliver, with failing the destinations that failed
// before it (to when each may be tried again), whose deliveries it gives
// back untried; it adds those that fail in it.
func (r *Runner) deliverPass(ctx context.Context, failing map[string]time.Time) (pass, error) {
	r.init()
	var p pass
	seen := map[string]bool{} // the deliveries claimed in this pass
	for ctx.Err() == nil {
		ds, err := r.Memory.Claim(ctx, r.Owner, r.now(), r.lease(), 1)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			return p, storeErr("claim a delivery", err)
		}
		if len(ds) == 0 {
			return p, nil
		}
		d := ds[0]
		next, failed := failing[d.Dest]
		if seen[d.ID] {
			// Given back already and due again: the clock passed the
			// backoff during the pass. What is left waits for the next.
			if !failed {
				next = d.NextAttempt
			}
			return p, r.release(ctx, d, next)
		}
		seen[d.ID] = true
		if failed {
			if err := r.release(ctx, d, next); err != nil {
				return p, err
			}
			continue
		}
		o, err := r.deliver(ctx, d)
		switch {
		case o.sent:
			p.sent++
		case o.failed:
			p.failed++
		}
		if !o.retryAt.IsZero() {
			failing[d.Dest] = o.retryAt
		}
		if err != nil {
			return p, err
		}
	}
	return p, ctx.Err()
}

// release gives a claimed delivery back untried, due at next.
func (r *Runner) release(ctx context.Context, d news.Delivery, next time.Time) error {
	bctx, cancel := detached(ctx)
	defer cancel()
	if err := r.Memory.Release(bctx, d.ID, r.Owner, next); err != nil {
		return storeErr("give back delivery "+d.ID, err)
	}
	return nil
}

// outcome is what became of one claimed delivery.
type outcome struct {
	sent, failed bool
	// retryAt, when set, is when the destination, which just failed, may
	// be tried again.
	retryAt time.Time
}

// deliver sends one claimed delivery and records the outcome. Its error
// wraps ErrStoreUnavailable: the pass must stop.
func (r *Runner) deliver(ctx context.Context, d news.Delivery) (outcome, error) {
	log := r.log().With("delivery", d.ID, "dest", d.Dest, "brief", d.Brief, "story", d.StoryID, "attempt", d.Attempts)
	bctx, cancel := detached(ctx)
	defer cancel()
	giveUp := func(why string) (outcome, error) {
		log.Error("delivery given up", "reason", why)
		r.Metrics.delivery(d.Dest, "failed")
		if err := r.Memory.Fail(bctx, d.ID, r.Owner, why); err != nil {
			return outcome{failed: true}, storeErr("give up delivery "+d.ID, err)
		}
		return outcome{failed: true}, nil
	}
	p, why := r.poster(d.Dest)
	if p == nil {
		return giveUp(why)
	}
	var digest news.Digest
	if err := json.Unmarshal(d.Payload, &digest); err != nil {
		return giveUp("bad payload: " + err.Error())
	}
	// A later run may have posted this story meanwhile (this delivery was
	// waiting out an outage): send only what is still new.
	posted, ok, err := r.Memory.Posted(bctx, d.Dest, d.StoryID)
	if err != nil {
		r.Memory.Release(bctx, d.ID, r.Owner, d.NextAttempt) // best effort: the lease frees it anyway
		return outcome{}, storeErr("read what was posted", err)
	}
	if ok {
		if digest = Update(digest, posted); len(digest.Bullets) == 0 {
			log.Info("already posted by a later run; dropping")
			if err := r.Memory.Done(bctx, d.ID, r.Owner); err != nil {
				return outcome{}, storeErr("finish delivery "+d.ID, err)
			}
			return outcome{}, nil
		}
	}
	// An update goes in the thread of the story's first post, where the
	// destination tells where posts land (see Threader and Editor).
	var thread news.Post
	threaded := false
	if _, refs := p.(Referrer); ok && refs {
		if thread, threaded, err = r.Memory.Thread(bctx, d.Dest, d.StoryID); err != nil {
			r.Memory.Release(bctx, d.ID, r.Owner, d.NextAttempt) // best effort: the lease frees it anyway
			return outcome{}, storeErr("read the story's thread", err)
		}
	}
	if ctx.Err() != nil { // stopping: start no send
		return outcome{}, r.release(ctx, d, d.NextAttempt)
	}
	if err := r.Memory.Sending(bctx, d.ID, r.Owner, r.now(), r.lease()); err != nil {
		if errors.Is(err, news.ErrNotOwner) {
			log.Warn("lease lost before the send; leaving the delivery to its new holder")
			return outcome{}, nil
		}
		r.Memory.Release(bctx, d.ID, r.Owner, d.NextAttempt) // best effort
		return outcome{}, storeErr("mark delivery "+d.ID+" as being sent", err)
	}
	if !d.SendingAt.IsZero() {
		// Its last sender stopped between the send and its record: the
		// post may be out already. Discord finds it by its nonce; other
		// destinations may show it twice (see the README).
		log.Warn("sending again: an earlier send began and was never recorded", "began", d.SendingAt.Format(time.RFC3339Nano))
		r.Metrics.delivery(d.Dest, "resent")
	}
	renewing := r.keepLease(ctx, d, log)
	// The send runs to its end even when a signal comes: a send cut short
	// might be on the platform already, and would be sent again.
	sctx, scancel := context.WithTimeout(context.WithoutCancel(ctx), sendTimeout)
	if r.KeyContext != nil {
		sctx = r.KeyContext(sctx, d.ID)
	}
	sent, err := post(sctx, p, digest, thread, threaded)
	scancel()
	if err == nil {
		began := r.clock().Now()
		rerr := r.record(ctx, d, digest, sent, log)
		renewing()
		r.Metrics.delivery(d.Dest, "sent")
		if rerr != nil {
			log.Error("posted, but the store could not record it; it may be posted again", "err", rerr)
			return outcome{sent: true}, storeErr("record delivery "+d.ID, rerr)
		}
		log.Info("delivered", "title", digest.Title, "bullets", len(digest.Bullets), "record_ms", r.clock().Now().Sub(began).Milliseconds(),
			"ref", sent.Ref, "thread", thread.Ref)
		if threaded {
			// Only once the update is recorded: an edit is never the
			// reason for a post to go out again.
			markUpdated(ctx, p, thread, r.now(), log)
		}
		// The digest's evidence follows it, in its thread (an update's
		// after the update), also only once it is recorded: sent at most
		// once, its failure only logged (see Evidencer).
		ectx, root := ctx, ""
		if r.KeyContext != nil {
			ectx = r.KeyContext(ctx, evidenceKey(d.ID))
		}
		if threaded {
			root = thread.Ref
		}
		if err := postEvidence(ectx, p, root, sent.Ref, digest); err != nil {
			log.Warn("posted, but could not post its sources in its thread", "err", err)
		}
		return outcome{sent: true}, nil
	}
	renewing()
	if r.Permanent != nil && r.Permanent(err) {
		return giveUp(err.Error())
	}
	next := r.now().Add(r.backoff(d.Attempts))
	log.Warn("delivery failed; will retry", "err", err, "next", next.Format(time.RFC3339))
	r.Metrics.delivery(d.Dest, "retry")
	if rerr := r.Memory.Retry(bctx, d.ID, r.Owner, next, err.Error()); rerr != nil {
		return outcome{retryAt: next}, storeErr("put delivery "+d.ID+" back for a retry", rerr)
	}
	return outcome{retryAt: next}, nil
}

// keepLease renews d's lease every third of a lease until the returned
// function is called, which waits for the renewer to stop. It renews on
// through shutdown: the send in flight completes.
func (r *Runner) keepLease(ctx context.Context, d news.Delivery, log *slog.Logger) (stop func()) {
	return r.renewEvery(nil, func() error {
		bctx, cancel := detached(ctx)
		defer cancel()
		return r.Memory.Extend(bctx, d.ID, r.Owner, r.now().Add(r.lease()))
	}, log, "could not renew the lease of the delivery in flight")
}

// renewEvery calls renew every third of a lease, on the runner's clock,
// until the returned function is called, which waits for the renewer to
// stop, or until cancelled is closed (nil: never). A failed renewal is
// logged as msg.
func (r *Runner) renewEvery(cancelled <-chan struct{}, renew func() error, log *slog.Logger, msg string) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		clock := r.clock()
		for {
			select {
			case <-done:
				return
			case <-cancelled:
				return
			case <-clock.After(r.lease() / 3):
			}
			if err := renew(); err != nil {
				log.Warn(msg, "err", err)
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

// record records that d was posted, with what it told (told) and where
// the post landed (sent). While the
// store cannot be written it tries again, with backoff, for
// RecordPatience (30 s once ctx has ended), and nothing else is sent
// meanwhile: what is posted must be recorded before anything more is.
func (r *Runner) record(ctx context.Context, d news.Delivery, digest news.Digest, sent news.Post, log *slog.Logger) error {
	bullets := told(digest)
	clock := r.clock()
	start := clock.Now()
	var stopping time.Time
	wait := 100 * time.Millisecond
	for n := 1; ; n++ {
		bctx, cancel := detached(ctx)
		err := r.Memory.Sent(bctx, d.ID, d.Dest, d.StoryID, bullets, sent, r.now())
		cancel()
		if err == nil {
			if n > 1 {
				log.Info("recorded the post once the store was back", "tries", n)
			}
			return nil
		}
		now := clock.Now()
		if n == 1 {
			log.Error("posted, but the store cannot record it yet; sending nothing more until it can", "err", err)
		}
		if ctx.Err() != nil && stopping.IsZero() {
			stopping = now
		}
		if now.Sub(start) >= r.recordPatience() || !stopping.IsZero() && now.Sub(stopping) >= stopGrace {
			return err
		}
		<-clock.After(wait)
		wait = min(wait*2, 5*time.Second)
	}
}

// DrainReport is what Drain did and what is left.
type DrainReport struct {
	// Sent and Failed count the deliveries this process sent and gave up.
	Sent, Failed int
	// Waiting are the deliveries left: each waits for a retry after a
	// failure (NextAttempt), or, when Drain was stopped, for the process
	// that holds it (Owner).
	Waiting []news.Delivery
}

// Drain delivers what is due and waits for the deliveries that other
// processes hold, until each delivery is done or waits for a retry after
// a failure: a replica that lost the race for some deliveries waits for
// the one sending them instead of reporting them pending, and takes over
// those whose lease ends undone (their holder died). It polls the outbox
// every poll. `run --once` ends with it.
func (r *Runner) Drain(ctx context.Context, poll time.Duration) (DrainReport, error) {
	r.init()
	var rep DrainReport
	told := map[string]bool{}
	// A destination that failed is not tried again in this Drain however
	// short the backoff: its deliveries wait for the next run.
	failing := map[string]time.Time{}
	for {
		p, err := r.deliverPass(ctx, failing)
		rep.Sent += p.sent
		rep.Failed += p.failed
		if err != nil && !errors.Is(err, context.Canceled) {
			return rep, err
		}
		octx, cancel := detached(ctx) // a hung store must not hold a stopping Drain
		ds, err := r.Memory.Outstanding(octx)
		cancel()
		if err != nil {
			return rep, storeErr("list the outbox", err)
		}
		now := r.now()
		var held, later []news.Delivery
		due := false
		for _, d := range ds {
			switch {
			case d.Owner != "" && d.LeaseUntil.After(now):
				held = append(held, d)
			case d.NextAttempt.After(now) || !failing[d.Dest].IsZero():
				later = append(later, d)
			default:
				due = true
			}
		}
		if len(held) == 0 && !due || ctx.Err() != nil {
			rep.Waiting = append(later, held...)
			return rep, ctx.Err()
		}
		for _, d := range held {
			if !told[d.Owner] && d.Owner != r.Owner {
				told[d.Owner] = true
				r.log().Info("waiting for another process to finish the deliveries it holds", "owner", d.Owner, "brief", d.Brief, "lease_until", d.LeaseUntil.Format(time.RFC3339))
			}
		}
		select {
		case <-ctx.Done():
		case <-r.clock().After(poll):
		}
	}
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
	r.Clock, r.Now = clock, clock.Now
	if poll <= 0 {
		poll = 15 * time.Second
	}
	log := r.log()
	now := clock.Now()
	for _, b := range briefs {
		if t, ok := b.Schedule.Missed(now, grace); ok {
			if last, ran, err := r.Memory.LastRun(ctx, b.Name); err == nil && (!ran || last.Before(t)) {
				log.Info("making up a missed run", "brief", b.Name, "scheduled", t.Format(time.RFC3339))
				if err := RunDetached(ctx, func(ctx context.Context) error { return r.RunBrief(ctx, b, t) }); err != nil && !isFeedErrors(err) {
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
			if err := RunDetached(ctx, func(ctx context.Context) error { return r.RunBrief(ctx, b, next[i]) }); err != nil && !isFeedErrors(err) {
				log.Error("brief failed", "brief", b.Name, "err", err)
			}
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

// RunDetached runs a brief run f that has started: a signal (the end of
// ctx) does not cut it short, only its own deadline of 5 minutes does, so
// that the first SIGTERM lets the work in flight finish.
func RunDetached(ctx context.Context, f func(context.Context) error) error {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), runTimeout)
	defer cancel()
	return f(rctx)
}

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
