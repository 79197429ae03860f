package store

import "fmt"

// migration is one schema version: the statements that bring a database
// from the version before to this one, for each backend. Migrations are
// append-only: a released one is never edited, a change is a new version.
type migration struct {
	version  int
	name     string
	sqlite   []string
	postgres []string
}

// migrations are applied in order, in one transaction that also records
// them in schema_migrations. Times are TEXT in SQLite (fixed-width RFC 3339
// in UTC with microseconds, so that text order is time order) and
// timestamptz in PostgreSQL.
var migrations = []migration{
	{
		version: 1,
		name:    "initial",
		sqlite: []string{
			`CREATE TABLE feed_validators (
				url           TEXT PRIMARY KEY,
				etag          TEXT NOT NULL,
				last_modified TEXT NOT NULL,
				updated_at    TEXT NOT NULL
			)`,
			`CREATE TABLE feed_claims (
				url         TEXT PRIMARY KEY,
				owner       TEXT NOT NULL,
				lease_until TEXT NOT NULL
			)`,
			`CREATE TABLE seen (
				id      TEXT PRIMARY KEY,
				seen_at TEXT NOT NULL
			)`,
			`CREATE INDEX seen_seen_at ON seen (seen_at)`,
			`CREATE TABLE posted (
				dest            TEXT NOT NULL,
				story_id        TEXT NOT NULL,
				bullets         TEXT NOT NULL, -- JSON array of strings
				first_posted_at TEXT NOT NULL,
				posted_at       TEXT NOT NULL,
				PRIMARY KEY (dest, story_id)
			)`,
			`CREATE INDEX posted_posted_at ON posted (posted_at)`,
			`CREATE TABLE outbox (
				id           TEXT PRIMARY KEY,
				dest         TEXT NOT NULL,
				brief        TEXT NOT NULL,
				story_id     TEXT NOT NULL,
				payload      BLOB NOT NULL,
				attempts     INTEGER NOT NULL DEFAULT 0,
				next_attempt TEXT NOT NULL,
				last_error   TEXT NOT NULL DEFAULT '',
				created_at   TEXT NOT NULL,
				owner        TEXT NOT NULL DEFAULT '',
				lease_until  TEXT,
				done_at      TEXT,
				failed       INTEGER NOT NULL DEFAULT 0
			)`,
			`CREATE INDEX outbox_due ON outbox (next_attempt) WHERE done_at IS NULL`,
			`CREATE INDEX outbox_done_at ON outbox (done_at) WHERE done_at IS NOT NULL`,
			`CREATE TABLE runs (
				brief      TEXT NOT NULL,
				scheduled  TEXT NOT NULL,
				owner      TEXT NOT NULL,
				claimed_at TEXT NOT NULL,
				PRIMARY KEY (brief, scheduled)
			)`,
		},
		postgres: []string{
			`CREATE TABLE feed_validators (
				url           text PRIMARY KEY,
				etag          text NOT NULL,
				last_modified text NOT NULL,
				updated_at    timestamptz NOT NULL
			)`,
			`CREATE TABLE feed_claims (
				url         text PRIMARY KEY,
				owner       text NOT NULL,
				lease_until timestamptz NOT NULL
			)`,
			`CREATE TABLE seen (
				id      text PRIMARY KEY,
				seen_at timestamptz NOT NULL
			)`,
			`CREATE INDEX seen_seen_at ON seen (seen_at)`,
			`CREATE TABLE posted (
				dest            text NOT NULL,
				story_id        text NOT NULL,
				bullets         text[] NOT NULL,
				first_posted_at timestamptz NOT NULL,
				posted_at       timestamptz NOT NULL,
				PRIMARY KEY (dest, story_id)
			)`,
			`CREATE INDEX posted_posted_at ON posted (posted_at)`,
			`CREATE TABLE outbox (
				id           text PRIMARY KEY,
				dest         text NOT NULL,
				brief        text NOT NULL,
				story_id     text NOT NULL,
				payload      bytea NOT NULL,
				attempts     integer NOT NULL DEFAULT 0,
				next_attempt timestamptz NOT NULL,
				last_error   text NOT NULL DEFAULT '',
				created_at   timestamptz NOT NULL,
				owner        text NOT NULL DEFAULT '',
				lease_until  timestamptz,
				done_at      timestamptz,
				failed       boolean NOT NULL DEFAULT false
			)`,
			`CREATE INDEX outbox_due ON outbox (next_attempt) WHERE done_at IS NULL`,
			`CREATE INDEX outbox_done_at ON outbox (done_at) WHERE done_at IS NOT NULL`,
			`CREATE TABLE runs (
				brief      text NOT NULL,
				scheduled  timestamptz NOT NULL,
				owner      text NOT NULL,
				claimed_at timestamptz NOT NULL,
				PRIMARY KEY (brief, scheduled)
			)`,
		},
	},
	{
		// Articles read, so that a run whose feeds all answer 304 Not
		// Modified can regroup the day's stories from earlier runs'
		// reading (SaveArticles, RecentArticles).
		version: 2,
		name:    "articles",
		sqlite: []string{
			`CREATE TABLE articles (
				id         TEXT PRIMARY KEY,
				title      TEXT NOT NULL,
				outlet     TEXT NOT NULL,
				url        TEXT NOT NULL,
				published  TEXT, -- NULL when unknown
				text       TEXT NOT NULL,
				teaser     INTEGER NOT NULL,
				feed       TEXT NOT NULL,
				first_seen TEXT NOT NULL,
				last_seen  TEXT NOT NULL
			)`,
			`CREATE INDEX articles_last_seen ON articles (last_seen)`,
		},
		postgres: []string{
			`CREATE TABLE articles (
				id         text PRIMARY KEY,
				title      text NOT NULL,
				outlet     text NOT NULL,
				url        text NOT NULL,
				published  timestamptz, -- NULL when unknown
				text       text NOT NULL,
				teaser     boolean NOT NULL,
				feed       text NOT NULL,
				first_seen timestamptz NOT NULL,
				last_seen  timestamptz NOT NULL
			)`,
			`CREATE INDEX articles_last_seen ON articles (last_seen)`,
		},
	},
	{
		// The moment a delivery's send began (Sending), so that a claim
		// tells a delivery that may already be on the platform — its
		// sender stopped between the send and its record — from one that
		// never left; and an index for the pending deliveries of a story,
		// which a newer run supersedes (ClaimRunWith).
		version: 3,
		name:    "outbox sending",
		sqlite: []string{
			`ALTER TABLE outbox ADD COLUMN sending_at TEXT`,
			`CREATE INDEX outbox_pending_story ON outbox (dest, story_id) WHERE done_at IS NULL`,
		},
		postgres: []string{
			`ALTER TABLE outbox ADD COLUMN sending_at timestamptz`,
			`CREATE INDEX outbox_pending_story ON outbox (dest, story_id) WHERE done_at IS NULL`,
		},
	},
	{
		// Each article's language (ISO 639-1, '' when unknown), so that
		// the stories regrouped from stored articles stay within one
		// language and a brief can ask for its languages. Rows saved
		// before it have '' until they are seen again.
		version: 4,
		name:    "article language",
		sqlite: []string{
			`ALTER TABLE articles ADD COLUMN language TEXT NOT NULL DEFAULT ''`,
		},
		postgres: []string{
			`ALTER TABLE articles ADD COLUMN language text NOT NULL DEFAULT ''`,
		},
	},
	{
		// Where posts landed, so that an update can reply in the thread
		// of a story's first post and edit it: the message each sent
		// delivery posted (outbox.ref: the adapter's reference, '' when
		// the destination tells none), and for each story and
		// destination the first post with a reference and the digest it
		// showed (posted.thread_ref, posted.thread_payload). Rows written
		// before it have '' and reply to nothing.
		version: 5,
		name:    "message refs",
		sqlite: []string{
			`ALTER TABLE outbox ADD COLUMN ref TEXT NOT NULL DEFAULT ''`,
			`ALTER TABLE posted ADD COLUMN thread_ref TEXT NOT NULL DEFAULT ''`,
			`ALTER TABLE posted ADD COLUMN thread_payload BLOB NOT NULL DEFAULT x''`,
		},
		postgres: []string{
			`ALTER TABLE outbox ADD COLUMN ref text NOT NULL DEFAULT ''`,
			`ALTER TABLE posted ADD COLUMN thread_ref text NOT NULL DEFAULT ''`,
			`ALTER TABLE posted ADD COLUMN thread_payload bytea NOT NULL DEFAULT ''`,
		},
	},
	{
		// The stories chat channels follow (/digest follow): one row per
		// channel and words, numbered in the order they were made, so
		// that `following` lists them in a stable order and the limit
		// per channel is counted in the same transaction as the insert.
		version: 6,
		name:    "subscriptions",
		sqlite: []string{
			`CREATE TABLE subscriptions (
				id         INTEGER PRIMARY KEY AUTOINCREMENT,
				dest       TEXT NOT NULL,
				platform   TEXT NOT NULL,
				team       TEXT NOT NULL,
				channel    TEXT NOT NULL,
				words      TEXT NOT NULL,
				story_id   TEXT NOT NULL,
				title      TEXT NOT NULL,
				user_id    TEXT NOT NULL,
				created_at TEXT NOT NULL,
				UNIQUE (dest, words)
			)`,
		},
		postgres: []string{
			`CREATE TABLE subscriptions (
				id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
				dest       text NOT NULL,
				platform   text NOT NULL,
				team       text NOT NULL,
				channel    text NOT NULL,
				words      text NOT NULL,
				story_id   text NOT NULL,
				title      text NOT NULL,
				user_id    text NOT NULL,
				created_at timestamptz NOT NULL,
				UNIQUE (dest, words)
			)`,
		},
	},
	{
		// Each subscription's filter (news.Filter), typed after the words
		// followed: the words or phrases a story must be about one of
		// (include_words) and none of (exclude_words), as typed, and the
		// fewest outlets (min_outlets; 0 for any). Rows made before it
		// have no filter.
		version: 7,
		name:    "subscription filters",
		sqlite: []string{
			`ALTER TABLE subscriptions ADD COLUMN include_words TEXT NOT NULL DEFAULT '[]'`, // JSON array of strings
			`ALTER TABLE subscriptions ADD COLUMN exclude_words TEXT NOT NULL DEFAULT '[]'`,
			`ALTER TABLE subscriptions ADD COLUMN min_outlets INTEGER NOT NULL DEFAULT 0`,
		},
		postgres: []string{
			`ALTER TABLE subscriptions ADD COLUMN include_words text[] NOT NULL DEFAULT '{}'`,
			`ALTER TABLE subscriptions ADD COLUMN exclude_words text[] NOT NULL DEFAULT '{}'`,
			`ALTER TABLE subscriptions ADD COLUMN min_outlets integer NOT NULL DEFAULT 0`,
		},
	},
	{
		// The end of each feed's latest fetch marked by its claim's holder
		// (FeedsFetched), so that replicas share each feed's fetch: one
		// claims and fetches it, the others read its articles from the
		// store once it is marked (ClaimFeeds, FetchedSince). NULL until
		// a fetch is marked.
		version: 8,
		name:    "feed fetches",
		sqlite: []string{
			`ALTER TABLE feed_claims ADD COLUMN fetched_at TEXT`,
		},
		postgres: []string{
			`ALTER TABLE feed_claims ADD COLUMN fetched_at timestamptz`,
		},
	},
}

// lastVersion is the version a database is at once ms are applied.
func lastVersion(ms []migration) int { return ms[len(ms)-1].version }

// tooNew is the error for a database at schema version v, above latest,
// the last version this build knows.
func tooNew(v, latest int) error {
	return fmt.Errorf("%w: it is at version %d, this build knows up to %d; upgrade digestbot or use another database",
		ErrSchemaTooNew, v, latest)
}
