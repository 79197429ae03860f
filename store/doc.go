// Package store is what digestbot remembers between runs, so that a bot
// left running for months, restarted or killed at any point, or run as
// several replicas, neither loses nor repeats a post.
//
// One type, Store, has two implementations behind it, chosen by Open from
// the configured data source: a SQLite file (modernc.org/sqlite, pure Go;
// the default, nothing to install) for one process, and PostgreSQL
// (github.com/jackc/pgx/v5) for replicas sharing the work. Both pass the
// same test suite.
//
// # Schema
//
// Migrations are versioned and applied by Open, all pending ones in one
// transaction (PostgreSQL replicas starting together take turns), each
// recorded in schema_migrations (version, name, applied_at). A database
// migrated by a newer build is refused (ErrSchemaTooNew). Migrations are
// append-only: version 1 ("initial") made every table below but articles,
// which version 2 ("articles") added, and subscriptions (version 6).
//
//	feed_validators  url → etag, last_modified, updated_at
//	                 conditional-GET state per feed (Validators, SetValidators)
//	feed_claims      url → owner, lease_until, fetched_at
//	                 each feed's fetch leased to one replica, and the end
//	                 of its latest fetch (since version 8), so that
//	                 replicas running the same brief fetch each feed once
//	                 and the others read its articles from the store
//	                 (ClaimFeeds, FeedsFetched, FetchedSince; Prune)
//	seen             id → seen_at (latest)
//	                 articles already read, before articles took over; no
//	                 build writes it, and Prune clears it
//	articles         id → title, outlet, url, published (NULL: unknown),
//	                 text, teaser, feed, first_seen, last_seen, language
//	                 recent articles, whole, so that a run whose feeds
//	                 answer 304 Not Modified can regroup the day's stories
//	                 (SaveArticles, RecentArticles, Prune); since version 2,
//	                 language (ISO 639-1, '' unknown) since version 4
//	posted           (dest, story_id) → bullets, first_posted_at, posted_at
//	                 stories posted per destination, with every bullet posted
//	                 so far, so that an update shows only new facts
//	outbox           id → dest, brief, story_id, payload, attempts,
//	                 next_attempt, last_error, created_at, owner, lease_until,
//	                 done_at, failed
//	                 deliveries, written before sending, leased to a worker,
//	                 done after the platform accepts (ClaimRunWith, Claim,
//	                 Sending, Extend, Sent, Done, Retry, Release, Fail,
//	                 Outbox, Outstanding)
//	runs             (brief, scheduled) → owner, claimed_at
//	                 scheduled runs, each claimed exactly once, with its
//	                 deliveries (ClaimRunWith, LastRun, LastRuns)
//	subscriptions    id → dest, platform, team, channel, words, story_id,
//	                 title, user_id, created_at, include_words,
//	                 exclude_words, min_outlets; (dest, words) unique
//	                 the stories chat channels follow and their filters,
//	                 at most a limit per channel counted in the insert's
//	                 transaction (Follow, Following, Subscriptions,
//	                 Unfollow); since version 6 (filters since 7), never
//	                 pruned
//
// Times are kept in UTC at microsecond precision: timestamptz in
// PostgreSQL; in SQLite, fixed-width RFC 3339 text
// ("2006-01-02T15:04:05.000000Z"), whose text order is time order and
// which reads well in the sqlite3 shell.
//
// # Claims and leases
//
// Every time that decides a claim is passed in (now), so the scheduler's
// clock, real or fake, rules, and tests never sleep. A run is claimed by
// inserting its (brief, scheduled) key: the database's unique key lets
// exactly one caller win, ever. Deliveries are leased to an owner until
// now+lease; a lease that expires (its owner died) lets another owner
// claim the work again, so the lease must outlast the work, send
// timeouts included. In PostgreSQL, Claim selects due rows FOR UPDATE SKIP
// LOCKED and leases them in the same statement; in SQLite, one UPDATE …
// RETURNING in a write transaction does, writers being serialized.
//
// # Retention
//
// Prune forgets old rows, but never what exactly-once posting still needs:
// pending deliveries, each brief's latest run, a feed's latest listing of
// articles, and the record of a story posted while an article still kept
// could regroup it. Ping tells a health check whether the database answers
// (and, for SQLite, whether the file is still the one opened).
//
// # SQLite
//
// The file is created with mode 0600 and opened in WAL mode with
// synchronous=FULL, foreign keys on and a busy timeout of 10 s. Writes go
// through a single connection whose transactions begin IMMEDIATE; reads
// use a small pool of read-only connections. Its directory must be
// writable: SQLite keeps the -wal and -shm files beside the database.
package store
