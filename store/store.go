package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/digestbot/digestbot/news"
)

// ErrNotOwner is returned (wrapped) by Done, Retry, Fail, Release,
// Sending and Extend when the delivery is unknown, already finished, or
// leased to another owner: the caller's lease was lost, and another worker
// may be sending it. It is news.ErrNotOwner, which the bot checks for.
var ErrNotOwner = news.ErrNotOwner

// ErrSchemaTooNew is returned (wrapped) by Open when the database was
// migrated by a newer digestbot than this one.
var ErrSchemaTooNew = errors.New("database schema is newer than this digestbot")

// Store is what digestbot remembers between runs: conditional-GET state per
// feed, the recent articles' text, posted stories, the outbox and
// scheduled-run claims. It is backed by SQLite or PostgreSQL (see Open)
// and is safe for concurrent use.
type Store struct {
	b    backend
	name string // the data source, without secrets, for errors
	now  func() time.Time
}

// backend is one database's implementation of Store. Store normalizes the
// arguments (times in UTC at microsecond precision, deduplicated ids) and
// wraps errors; backends only speak SQL.
type backend interface {
	// migrate applies those of ms the database lacks; ms ends with the
	// latest version the caller knows.
	migrate(ctx context.Context, now time.Time, ms []migration) error
	validators(ctx context.Context, url string) (etag, lastModified string, ok bool, err error)
	setValidators(ctx context.Context, url, etag, lastModified string, at time.Time) error
	// prune removes what Prune says, in one transaction.
	prune(ctx context.Context, before time.Time, window time.Duration) (Pruned, error)
	// ping checks that the database answers and is the one opened.
	ping(ctx context.Context) error
	// outbox returns the number of deliveries not done and the creation
	// time of the oldest of them (zero when there are none).
	outbox(ctx context.Context) (int, time.Time, error)
	// lastRuns returns the latest claimed_at of each brief's runs.
	lastRuns(ctx context.Context) (map[string]time.Time, error)
	// saveArticles upserts arts: IDs unique and sorted, strings valid
	// UTF-8 without NUL, times normalized, Published zero for NULL.
	saveArticles(ctx context.Context, arts []news.Article, at time.Time) error
	// recentArticles returns the articles last seen at or after since
	// whose feed is in feeds (nil: any), ordered by first_seen then ID (in
	// byte order, as Go compares strings); when limit is positive, only
	// the last limit of them.
	recentArticles(ctx context.Context, since time.Time, feeds []string, limit int) ([]news.Article, error)
	posted(ctx context.Context, dest, storyID string) ([]string, bool, error)
	claim(ctx context.Context, owner string, now, until time.Time, limit int) ([]news.Delivery, error)
	done(ctx context.Context, id, owner string, at time.Time) (bool, error)
	// sending marks the start of a send by owner, whose lease must still
	// run at now, and extends the lease to until.
	sending(ctx context.Context, id, owner string, now, until time.Time) (bool, error)
	// extend extends owner's lease to until.
	extend(ctx context.Context, id, owner string, until time.Time) (bool, error)
	// sent marks the delivery done, whoever holds it, with post's ref,
	// and records the story's bullets as posted to dest, and post as its
	// thread there when it has none and post has a ref, in one
	// transaction.
	sent(ctx context.Context, id, dest, storyID string, bullets []string, post news.Post, at time.Time) error
	// thread returns the thread of the story at dest; ok is false when
	// it has none.
	thread(ctx context.Context, dest, storyID string) (post news.Post, ok bool, err error)
	// release frees owner's lease without counting the attempt, due again
	// at next.
	release(ctx context.Context, id, owner string, next time.Time) (bool, error)
	// outstanding returns the deliveries not done, without payloads.
	outstanding(ctx context.Context) ([]news.Delivery, error)
	retry(ctx context.Context, id, owner string, next time.Time, errText string) (bool, error)
	fail(ctx context.Context, id, owner, errText string, at time.Time) (bool, error)
	claimRunWith(ctx context.Context, brief string, scheduled time.Time, owner string, at time.Time, ds []news.Delivery) (bool, error)
	lastRun(ctx context.Context, brief string) (time.Time, bool, error)
	// claimFeeds claims those of urls (sorted, unique) not fetched after
	// since and free at now for owner until until, and returns them.
	claimFeeds(ctx context.Context, urls []string, owner string, since, now, until time.Time) ([]string, error)
	// feedsFetched marks those of urls owner holds fetched at at and ends
	// its lease on them.
	feedsFetched(ctx context.Context, urls []string, owner string, at time.Time) error
	// fetchedSince returns those of urls marked fetched after since.
	fetchedSince(ctx context.Context, urls []string, since time.Time) ([]string, error)
	// follow adds sub (normalized, Created set) unless its channel
	// follows its words already, within limit per channel (see Follow).
	follow(ctx context.Context, sub news.Subscription, limit int) (news.Subscription, bool, error)
	// subscriptions returns dest's subscriptions ("": every channel's), by ID.
	subscriptions(ctx context.Context, dest string) ([]news.Subscription, error)
	unfollow(ctx context.Context, dest string, id int64) (bool, error)
	close() error
}

// Open opens the store named by dsn and applies any pending schema
// migrations. A postgres:// or postgresql:// URL opens PostgreSQL (pgx
// connection-string parameters such as pool_max_conns and search_path are
// honoured); anything else is the path of a SQLite file, created with mode
// 0600 if missing (its directory must exist).
func Open(ctx context.Context, dsn string) (*Store, error) {
	return openWith(ctx, dsn, migrations)
}

// openWith is Open migrating with ms, a prefix of migrations: tests make
// the database of an older build with it.
func openWith(ctx context.Context, dsn string, ms []migration) (*Store, error) {
	s := &Store{now: time.Now}
	var err error
	switch {
	case dsn == "":
		return nil, errors.New("store: open: no database given")
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		s.name = redact(dsn)
		s.b, err = openPostgres(ctx, dsn)
	case strings.Contains(dsn, "://"):
		return nil, fmt.Errorf("store: open %s: unsupported database URL (want a file path or postgres://)", redact(dsn))
	default:
		s.name = dsn
		s.b, err = openSQLite(ctx, dsn)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", s.name, err)
	}
	if err := s.b.migrate(ctx, utc(s.now()), ms); err != nil {
		s.b.close()
		return nil, fmt.Errorf("store: migrate %s: %w", s.name, err)
	}
	return s, nil
}

// Close releases the store's connections. Calls in flight may fail.
func (s *Store) Close() error {
	if err := s.b.close(); err != nil {
		return fmt.Errorf("store: close %s: %w", s.name, err)
	}
	return nil
}

// String returns the store's data source, without secrets, for logs.
func (s *Store) String() string { return s.name }

// Validators returns the conditional-GET validators last stored for the
// feed at url; ok is false when none were.
func (s *Store) Validators(ctx context.Context, url string) (etag, lastModified string, ok bool, err error) {
	etag, lastModified, ok, err = s.b.validators(ctx, url)
	if err != nil {
		return "", "", false, fmt.Errorf("store: validators %s: %w", url, err)
	}
	return etag, lastModified, ok, nil
}

// SetValidators stores the ETag and Last-Modified values of the feed at
// url, replacing earlier ones.
func (s *Store) SetValidators(ctx context.Context, url, etag, lastModified string) error {
	if err := s.b.setValidators(ctx, url, etag, lastModified, utc(s.now())); err != nil {
		return fmt.Errorf("store: set validators %s: %w", url, err)
	}
	return nil
}

// Pruned counts the rows Prune removed, by table; it is news.Pruned, which
// the bot logs.
type Pruned = news.Pruned

// Prune forgets what is older than before, except what the bot still
// needs to post each story exactly once:
//
//   - articles last seen before it, but not a feed's latest listing (the
//     articles saved together at the latest time any article of that feed
//     was seen): a feed that has not changed since still lists them, and
//     when it changes they come back, and must not come back as new;
//   - stories last posted to a destination before it, but not those with
//     a delivery pending to that destination, nor those whose story may
//     still be regrouped: first posted while an article still kept was
//     within window of being read (first seen at or before the first
//     post, last seen at most window before it). window is how far back
//     the bot groups articles into stories (bot.Runner.Window, 36 hours);
//   - deliveries done or given up before it (pending ones never);
//   - feed claims whose lease ended before it (ClaimFeeds; a fetched
//     feed's lease ends when it is marked): its latest fetch is older
//     than any read still waits for;
//   - runs scheduled before it, except each brief's latest (LastRun still
//     answers);
//   - seen marks older than it (no build writes them any more).
//
// before should leave a margin over window (weeks): an article that left
// its feed before it and is listed again later comes back as new.
// On PostgreSQL, replicas pruning at once take turns: all but one skip.
func (s *Store) Prune(ctx context.Context, before time.Time, window time.Duration) (Pruned, error) {
	if window < 0 {
		return Pruned{}, fmt.Errorf("store: prune: negative window %v", window)
	}
	p, err := s.b.prune(ctx, utc(before), window)
	if err != nil {
		return Pruned{}, fmt.Errorf("store: prune: %w", err)
	}
	return p, nil
}

// storyCover tells whether a story first posted at some time may have
// been made from an article still kept: whether the time falls between
// an article's first sighting and its last plus the grouping window.
type storyCover struct {
	starts []time.Time // first_seen, ascending
	reach  []time.Time // reach[i]: the latest last_seen+window of articles 0..i
}

// newStoryCover indexes the (first seen, last seen) spans of articles.
func newStoryCover(spans [][2]time.Time, window time.Duration) storyCover {
	slices.SortFunc(spans, func(a, b [2]time.Time) int { return a[0].Compare(b[0]) })
	c := storyCover{starts: make([]time.Time, len(spans)), reach: make([]time.Time, len(spans))}
	for i, sp := range spans {
		c.starts[i] = sp[0]
		c.reach[i] = sp[1].Add(window)
		if i > 0 && c.reach[i-1].After(c.reach[i]) {
			c.reach[i] = c.reach[i-1]
		}
	}
	return c
}

// covers reports whether some article was first seen at or before t and
// last seen at most the window before t.
func (c storyCover) covers(t time.Time) bool {
	n, _ := slices.BinarySearchFunc(c.starts, t, func(s, t time.Time) int {
		if s.After(t) {
			return 1
		}
		return -1
	})
	return n > 0 && !c.reach[n-1].Before(t)
}

// Ping checks that the database answers: for SQLite, also that the file
// at the store's path is still the one opened, readable, and an SQLite
// database (a file removed, replaced or overwritten under a running bot
// loses what it writes from then on).
func (s *Store) Ping(ctx context.Context) error {
	if err := s.b.ping(ctx); err != nil {
		return fmt.Errorf("store: ping %s: %w", s.name, err)
	}
	return nil
}

// Outbox returns the number of deliveries not yet done, leased or not,
// and when the oldest of them was enqueued (zero when there is none).
func (s *Store) Outbox(ctx context.Context) (pending int, oldest time.Time, err error) {
	pending, oldest, err = s.b.outbox(ctx)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("store: outbox: %w", err)
	}
	return pending, oldest, nil
}

// LastRuns returns, for each brief that ever ran, when its latest run was
// claimed: made, with its deliveries in the outbox (ClaimRunWith).
func (s *Store) LastRuns(ctx context.Context) (map[string]time.Time, error) {
	m, err := s.b.lastRuns(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: last runs: %w", err)
	}
	return m, nil
}

// SaveArticles stores arts as read at seenAt, so that a later run whose
// feeds have nothing new (304 Not Modified) can group them into stories
// again (RecentArticles). Articles are keyed by ID: saving one already
// stored replaces its fields with the new copy's, unless the stored copy
// was seen after seenAt, and keeps the time it was first seen; its
// last-seen time becomes the later of the two. Within arts, the last copy
// of an ID wins. All of arts are saved or none: an article without an ID
// is an error.
//
// Times are kept in UTC at microsecond precision; a Published outside the
// years 1 to 9999 is kept as unknown (zero). Strings are kept as valid
// UTF-8 without NUL bytes, which PostgreSQL's text cannot hold: invalid
// bytes become U+FFFD and NULs are dropped.
func (s *Store) SaveArticles(ctx context.Context, arts []news.Article, seenAt time.Time) error {
	if len(arts) == 0 {
		return nil
	}
	byID := make(map[string]int, len(arts)) // ID → index in clean
	clean := make([]news.Article, 0, len(arts))
	for i, a := range arts {
		if a.ID == "" {
			return fmt.Errorf("store: save %d articles: article %d (%q) has no ID", len(arts), i, a.Title)
		}
		a = cleanArticle(a)
		if j, ok := byID[a.ID]; ok {
			clean[j] = a
			continue
		}
		byID[a.ID] = len(clean)
		clean = append(clean, a)
	}
	// One lock order for concurrent batches.
	slices.SortFunc(clean, func(a, b news.Article) int { return strings.Compare(a.ID, b.ID) })
	if err := s.b.saveArticles(ctx, clean, utc(seenAt)); err != nil {
		return fmt.Errorf("store: save %d articles: %w", len(arts), err)
	}
	return nil
}

// RecentArticles returns the articles saved by SaveArticles and last seen
// at or after since, ordered by the time they were first seen, then by ID.
// When feeds is not nil, only articles whose Feed is one of feeds are
// returned (an empty list returns none). When limit is positive and more
// articles match, the limit articles first seen last are returned.
func (s *Store) RecentArticles(ctx context.Context, since time.Time, feeds []string, limit int) ([]news.Article, error) {
	if limit < 0 {
		return nil, fmt.Errorf("store: recent articles: negative limit %d", limit)
	}
	if feeds != nil {
		if len(feeds) == 0 {
			return nil, nil
		}
		list := make([]string, len(feeds))
		for i, f := range feeds {
			list[i] = cleanText(f)
		}
		slices.Sort(list)
		feeds = slices.Compact(list)
	}
	arts, err := s.b.recentArticles(ctx, utc(since), feeds, limit)
	if err != nil {
		return nil, fmt.Errorf("store: recent articles: %w", err)
	}
	return arts, nil
}

// cleanArticle returns a as stored: see SaveArticles.
func cleanArticle(a news.Article) news.Article {
	for _, f := range []*string{&a.ID, &a.Title, &a.Outlet, &a.URL, &a.Text, &a.Feed, &a.Language} {
		*f = cleanText(*f)
	}
	if y := a.Published.UTC().Year(); a.Published.IsZero() || y < 1 || y > 9999 {
		a.Published = time.Time{}
	} else {
		a.Published = utc(a.Published)
	}
	return a
}

// cleanText returns s as valid UTF-8 without NUL bytes.
func cleanText(s string) string {
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// articlesUpsert is the conflict clause of both backends' article insert,
// whose rows have first_seen = last_seen = the time seen: the copy seen
// last wins (a tie goes to the new one), except that a teaser never
// replaces a full text read before, and the language goes with the text
// it was detected from; first_seen keeps the earliest time and last_seen
// the latest. Both databases compare their times in order (SQLite's
// fixed-width text too).
const articlesUpsert = `ON CONFLICT (id) DO UPDATE SET
	title      = CASE WHEN excluded.last_seen >= articles.last_seen THEN excluded.title ELSE articles.title END,
	outlet     = CASE WHEN excluded.last_seen >= articles.last_seen THEN excluded.outlet ELSE articles.outlet END,
	url        = CASE WHEN excluded.last_seen >= articles.last_seen THEN excluded.url ELSE articles.url END,
	published  = CASE WHEN excluded.last_seen >= articles.last_seen THEN excluded.published ELSE articles.published END,
	text       = CASE WHEN excluded.last_seen >= articles.last_seen AND (NOT excluded.teaser OR articles.teaser) THEN excluded.text ELSE articles.text END,
	teaser     = CASE WHEN excluded.last_seen >= articles.last_seen AND (NOT excluded.teaser OR articles.teaser) THEN excluded.teaser ELSE articles.teaser END,
	language   = CASE WHEN excluded.last_seen >= articles.last_seen AND (NOT excluded.teaser OR articles.teaser) THEN excluded.language ELSE articles.language END,
	feed       = CASE WHEN excluded.last_seen >= articles.last_seen THEN excluded.feed ELSE articles.feed END,
	first_seen = CASE WHEN excluded.first_seen < articles.first_seen THEN excluded.first_seen ELSE articles.first_seen END,
	last_seen  = CASE WHEN excluded.last_seen > articles.last_seen THEN excluded.last_seen ELSE articles.last_seen END`

// Posted returns the bullets of the story storyID already posted to dest,
// in the order they were first posted; ok is false when the story was
// never posted there.
func (s *Store) Posted(ctx context.Context, dest, storyID string) (bullets []string, ok bool, err error) {
	bullets, ok, err = s.b.posted(ctx, dest, storyID)
	if err != nil {
		return nil, false, fmt.Errorf("store: posted %s to %s: %w", storyID, dest, err)
	}
	return bullets, ok, nil
}

// Claim leases up to limit due deliveries to owner until now+lease and
// returns them, oldest due first. A delivery is due when it is not done,
// its NextAttempt is not after now, and it is free or its lease has
// expired, so the deliveries of an owner that died are claimed again once
// their lease runs out. Each claim counts as an attempt. Concurrent
// callers, in this process or another sharing the database, never get the
// same delivery while its lease runs: the lease must outlast a send.
func (s *Store) Claim(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]news.Delivery, error) {
	if owner == "" || lease <= 0 || limit <= 0 {
		return nil, fmt.Errorf("store: claim: need an owner (%q), a positive lease (%v) and limit (%d)", owner, lease, limit)
	}
	now = utc(now)
	ds, err := s.b.claim(ctx, owner, now, now.Add(lease), limit)
	if err != nil {
		return nil, fmt.Errorf("store: claim for %s: %w", owner, err)
	}
	slices.SortFunc(ds, func(a, b news.Delivery) int {
		return cmp.Or(a.NextAttempt.Compare(b.NextAttempt), a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	return ds, nil
}

// Done marks the delivery id sent. owner must still hold it: an expired
// lease is fine as long as nobody claimed the delivery since; otherwise
// the error wraps ErrNotOwner. Done is idempotent for its owner.
func (s *Store) Done(ctx context.Context, id, owner string) error {
	ok, err := s.b.done(ctx, id, owner, utc(s.now()))
	return ownerErr("done", id, owner, ok, err)
}

// Sending records that owner begins to send the delivery id now, and
// extends its lease to now+lease: call it right before the send, so that a
// store that cannot be written stops the send before it happens (a send
// whose success could not be recorded would be sent again). The error
// wraps ErrNotOwner when owner's lease has ended or another owner holds
// the delivery: it must not be sent.
func (s *Store) Sending(ctx context.Context, id, owner string, now time.Time, lease time.Duration) error {
	if lease <= 0 {
		return fmt.Errorf("store: sending %s: need a positive lease (%v)", id, lease)
	}
	now = utc(now)
	ok, err := s.b.sending(ctx, id, owner, now, now.Add(lease))
	return ownerErr("sending", id, owner, ok, err)
}

// Extend extends owner's lease on the delivery id to until, while a long
// send goes on. The error wraps ErrNotOwner when owner no longer holds it.
func (s *Store) Extend(ctx context.Context, id, owner string, until time.Time) error {
	ok, err := s.b.extend(ctx, id, owner, utc(until))
	return ownerErr("extend", id, owner, ok, err)
}

// Sent records, in one transaction, that the delivery id was posted: it is
// done, and bullets are recorded as posted to dest for the story storyID:
// those not recorded before are appended to the story's, those already
// recorded are kept once, so passing either the full digest or only an
// update's new bullets gives the same result. post is where the message
// landed: its Ref is kept with the delivery, and when the story has no
// thread at dest yet and post has a Ref, post becomes the story's thread
// there (see Thread), with its Payload. It succeeds whoever holds the
// delivery now — the post is out, and saying so is what keeps it from
// being sent again — and is idempotent.
func (s *Store) Sent(ctx context.Context, id, dest, storyID string, bullets []string, post news.Post, at time.Time) error {
	if id == "" || dest == "" || storyID == "" {
		return fmt.Errorf("store: sent %q (%q to %q): empty id, story or destination", id, storyID, dest)
	}
	if post.Ref == "" || post.Payload == nil {
		post.Payload = []byte{}
	}
	post.Ref = cleanText(post.Ref)
	if err := s.b.sent(ctx, id, dest, storyID, dedupe(bullets), post, utc(at)); err != nil {
		return fmt.Errorf("store: sent %s: %w", id, err)
	}
	return nil
}

// Thread returns the story storyID's thread at dest: its first post there
// whose adapter told where it landed (Sent), with the digest it showed.
// ok is false when there is none: the story was never posted there, or
// only where posts tell nothing (a Slack webhook), or before this build.
func (s *Store) Thread(ctx context.Context, dest, storyID string) (post news.Post, ok bool, err error) {
	post, ok, err = s.b.thread(ctx, dest, storyID)
	if err != nil {
		return news.Post{}, false, fmt.Errorf("store: thread of %s at %s: %w", storyID, dest, err)
	}
	return post, ok, nil
}

// Release gives the delivery id, held by owner, back to the outbox without
// counting the attempt its claim counted, due again at next: for
// deliveries claimed but not tried (the process is stopping, or their
// destination just failed). The error wraps ErrNotOwner when owner no
// longer holds it.
func (s *Store) Release(ctx context.Context, id, owner string, next time.Time) error {
	ok, err := s.b.release(ctx, id, owner, utc(next))
	return ownerErr("release", id, owner, ok, err)
}

// Outstanding returns the deliveries not yet done, leased or not, without
// their payloads, oldest first: what a process that must finish its work
// waits for, and who holds it.
func (s *Store) Outstanding(ctx context.Context) ([]news.Delivery, error) {
	ds, err := s.b.outstanding(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: outstanding deliveries: %w", err)
	}
	return ds, nil
}

// Retry releases the delivery id, held by owner, to be claimed again from
// next on, recording errText as its last error. The error wraps
// ErrNotOwner when owner no longer holds it.
func (s *Store) Retry(ctx context.Context, id, owner string, next time.Time, errText string) error {
	ok, err := s.b.retry(ctx, id, owner, utc(next), errText)
	return ownerErr("retry", id, owner, ok, err)
}

// Fail gives up on the delivery id, held by owner: it is finished without
// being sent, with errText as its last error, and never claimed again.
// The error wraps ErrNotOwner when owner no longer holds it.
func (s *Store) Fail(ctx context.Context, id, owner, errText string) error {
	ok, err := s.b.fail(ctx, id, owner, errText, utc(s.now()))
	return ownerErr("fail", id, owner, ok, err)
}

func ownerErr(op, id, owner string, ok bool, err error) error {
	switch {
	case err != nil:
		return fmt.Errorf("store: %s %s: %w", op, id, err)
	case !ok:
		return fmt.Errorf("store: %s %s by %s: %w", op, id, owner, ErrNotOwner)
	}
	return nil
}

// ClaimRunWith claims the run of brief scheduled at scheduled for owner,
// and in the same transaction enqueues its deliveries (ds may be empty).
// It returns true to exactly one caller ever, across processes and
// replicas sharing the database; every other call for the same brief and
// time returns false. A claimed run is never offered again, even if its
// owner dies, and the deliveries are written with the claim: a run is
// either claimed with all its deliveries or not at all, so a crash between
// the two can neither lose the run's posts nor leave a claimed run that no
// restart will make. It returns false, enqueueing nothing, when the run was
// claimed before.
//
// A delivery supersedes the pending deliveries of an earlier run for the
// same story and destination that nobody holds (free, or leased by an
// owner whose lease has ended): they are finished as done, since the new
// one carries the story's newest digest and, when it is sent, posts only
// what the destination does not show yet. The new delivery takes the
// place of the ones it supersedes: their earliest due and creation times
// and their attempts, so that a story that changes at every run neither
// goes to the back of the queue each time (and never reaches a slow
// destination) nor skips the backoff of a failing one.
func (s *Store) ClaimRunWith(ctx context.Context, brief string, scheduled time.Time, owner string, ds []news.Delivery) (bool, error) {
	if brief == "" {
		return false, errors.New("store: claim run: empty brief name")
	}
	now := s.now()
	for i := range ds {
		d := &ds[i]
		if d.ID == "" || d.Dest == "" {
			return false, fmt.Errorf("store: claim run %s: delivery %q to %q: empty id or destination", brief, d.ID, d.Dest)
		}
		fillDelivery(d, now)
	}
	ok, err := s.b.claimRunWith(ctx, brief, utc(scheduled), owner, utc(now), ds)
	if err != nil {
		return false, fmt.Errorf("store: claim run %s at %s with %d deliveries: %w", brief, scheduled.UTC().Format(time.RFC3339), len(ds), err)
	}
	return ok, nil
}

// fillDelivery gives d what the outbox needs: a creation time (now when
// unset), a due time (its creation when unset), both as stored (UTC,
// microseconds), and a payload that is not nil. An ID already in the
// outbox (pending or done) is left unchanged by the insert.
func fillDelivery(d *news.Delivery, now time.Time) {
	if d.CreatedAt.IsZero() {
		d.CreatedAt = now
	}
	if d.NextAttempt.IsZero() {
		d.NextAttempt = d.CreatedAt
	}
	d.CreatedAt, d.NextAttempt = utc(d.CreatedAt), utc(d.NextAttempt)
	if d.Payload == nil {
		d.Payload = []byte{}
	}
}

// LastRun returns the latest scheduled time claimed for brief, in UTC; ok
// is false when the brief never ran.
func (s *Store) LastRun(ctx context.Context, brief string) (time.Time, bool, error) {
	t, ok, err := s.b.lastRun(ctx, brief)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("store: last run %s: %w", brief, err)
	}
	return t, ok, nil
}

// ValidatorCache is a Store's conditional-GET state seen through the
// fetcher's interface, Get(url) and Put(url, etag, lastModified), which
// has no context and no error: it uses the context it was made with, and
// reports errors to a callback.
type ValidatorCache struct {
	s       *Store
	ctx     context.Context
	onError func(error)
}

// ValidatorCache returns s's feed validators bound to ctx. Errors go to
// onError; when it is nil they are logged with slog.Default.
func (s *Store) ValidatorCache(ctx context.Context, onError func(error)) *ValidatorCache {
	if onError == nil {
		onError = func(err error) { slog.Default().Error("feed validators", "err", err) }
	}
	return &ValidatorCache{s: s, ctx: ctx, onError: onError}
}

// Get returns the validators stored for url; ok is false when there are
// none or they could not be read (the error goes to the callback).
func (c *ValidatorCache) Get(url string) (etag, lastModified string, ok bool) {
	etag, lastModified, ok, err := c.s.Validators(c.ctx, url)
	if err != nil {
		c.onError(err)
		return "", "", false
	}
	return etag, lastModified, ok
}

// Put stores the validators of url; an error goes to the callback.
func (c *ValidatorCache) Put(url, etag, lastModified string) {
	if err := c.s.SetValidators(c.ctx, url, etag, lastModified); err != nil {
		c.onError(err)
	}
}

// utc returns t in UTC at microsecond precision, the precision both
// databases keep, without a monotonic reading.
func utc(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// dedupe returns ids without repeats or empty strings, in first-seen order.
func dedupe(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, id)
	}
	return out
}

// merge appends to old the bullets of add it does not hold.
func merge(old, add []string) []string {
	out := slices.Clone(old)
	for _, b := range add {
		if !slices.Contains(out, b) {
			out = append(out, b)
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}

// redact returns a database URL fit for errors and logs: without its
// password, in the user info or the query.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		if i := strings.Index(dsn, "://"); i >= 0 {
			return dsn[:i+3] + "…"
		}
		return "…"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}
