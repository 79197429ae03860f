package store

import (
	"context"
	"errors"
	"time"

	"github.com/digestbot/digestbot/news"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
)

// postgresBatchBytes bounds the text sent in one statement by
// saveArticles; larger saves take several, in one transaction.
const postgresBatchBytes = 8 << 20

// postgresBackend keeps the store in PostgreSQL, shared by replicas.
// Claims rely on row locks: outbox rows are leased with FOR UPDATE SKIP
// LOCKED, runs and feed claims with INSERT … ON CONFLICT on their key.
type postgresBackend struct {
	pool *pgxpool.Pool
}

var _ backend = (*postgresBackend)(nil)

func openPostgres(ctx context.Context, dsn string) (*postgresBackend, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return &postgresBackend{pool: pool}, nil
}

func (b *postgresBackend) close() error {
	b.pool.Close()
	return nil
}

// postgresDialect is the PostgreSQL side of the steps both backends share.
var postgresDialect = dialect{
	// The lock is per schema, so that tests in their own schemas do not wait.
	lockMigrate: `SELECT pg_advisory_xact_lock(hashtext('digestbot migrate ' || coalesce(current_schema(), '')))`,
	createMigrations: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer PRIMARY KEY,
		name       text NOT NULL,
		applied_at timestamptz NOT NULL
	)`,
	recordMigration: `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
	statements:      func(m migration) []string { return m.postgres },
	prune: pruneSQL{
		seen: `DELETE FROM seen WHERE seen_at < $1`,
		// A feed's latest listing stays (see Store.Prune).
		articles: `DELETE FROM articles a USING (SELECT feed, max(last_seen) AS seen FROM articles GROUP BY feed) latest
			WHERE a.feed = latest.feed AND a.last_seen < $1 AND a.last_seen < latest.seen`,
		outbox:     `DELETE FROM outbox WHERE done_at IS NOT NULL AND done_at < $1`,
		feedClaims: `DELETE FROM feed_claims WHERE lease_until < $1`,
		runs: `DELETE FROM runs WHERE scheduled < $1
			AND scheduled < (SELECT max(r.scheduled) FROM runs r WHERE r.brief = runs.brief)`,
	},
	time: func(t time.Time) any { return t },
}

func (b *postgresBackend) migrate(ctx context.Context, now time.Time, ms []migration) error {
	return pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		return migrateTx(ctx, postgresTx{tx}, postgresDialect, now, ms)
	})
}

func (b *postgresBackend) validators(ctx context.Context, url string) (etag, lastModified string, ok bool, err error) {
	err = b.pool.QueryRow(ctx, `SELECT etag, last_modified FROM feed_validators WHERE url = $1`, url).Scan(&etag, &lastModified)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", false, nil
	}
	return etag, lastModified, err == nil, err
}

func (b *postgresBackend) setValidators(ctx context.Context, url, etag, lastModified string, at time.Time) error {
	_, err := b.pool.Exec(ctx, `INSERT INTO feed_validators (url, etag, last_modified, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, updated_at = excluded.updated_at`,
		url, etag, lastModified, at)
	return err
}

func (b *postgresBackend) prune(ctx context.Context, before time.Time, window time.Duration) (Pruned, error) {
	var p Pruned
	err := pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		p = Pruned{}
		// One replica prunes at a time; the others have nothing to add.
		var mine bool
		if err := tx.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock(hashtext('digestbot prune ' || coalesce(current_schema(), '')))`).Scan(&mine); err != nil {
			return err
		}
		if !mine {
			p.Skipped = true
			return nil
		}
		if err := pruneTables(ctx, postgresTx{tx}, postgresDialect, &p, before); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT first_seen, last_seen FROM articles`)
		if err != nil {
			return err
		}
		var spans [][2]time.Time
		var first, last time.Time
		if _, err := pgx.ForEachRow(rows, []any{&first, &last}, func() error {
			spans = append(spans, [2]time.Time{first, last})
			return nil
		}); err != nil {
			return err
		}
		cover := newStoryCover(spans, window)
		// Stories last posted before the cutoff with no delivery pending
		// there; those that may still be regrouped stay.
		rows, err = tx.Query(ctx, `SELECT dest, story_id, first_posted_at FROM posted WHERE posted_at < $1
			AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.done_at IS NULL AND o.dest = posted.dest AND o.story_id = posted.story_id)`, before)
		if err != nil {
			return err
		}
		var dests, stories []string
		var dest, story string
		var posted time.Time
		if _, err := pgx.ForEachRow(rows, []any{&dest, &story, &posted}, func() error {
			if !cover.covers(posted) {
				dests, stories = append(dests, dest), append(stories, story)
			}
			return nil
		}); err != nil {
			return err
		}
		if len(dests) == 0 {
			return nil
		}
		tag, err := tx.Exec(ctx, `DELETE FROM posted p USING unnest($1::text[], $2::text[]) AS k(dest, story_id)
			WHERE p.dest = k.dest AND p.story_id = k.story_id AND p.posted_at < $3`, dests, stories, before)
		if err != nil {
			return err
		}
		p.Posted = tag.RowsAffected()
		return nil
	})
	return p, err
}

func (b *postgresBackend) ping(ctx context.Context) error { return b.pool.Ping(ctx) }

func (b *postgresBackend) outbox(ctx context.Context) (int, time.Time, error) {
	var n int
	var oldest *time.Time
	if err := b.pool.QueryRow(ctx, `SELECT count(*), min(created_at) FROM outbox WHERE done_at IS NULL`).Scan(&n, &oldest); err != nil {
		return 0, time.Time{}, err
	}
	if oldest == nil {
		return n, time.Time{}, nil
	}
	return n, oldest.UTC(), nil
}

func (b *postgresBackend) lastRuns(ctx context.Context) (map[string]time.Time, error) {
	rows, err := b.pool.Query(ctx, `SELECT brief, max(claimed_at) FROM runs GROUP BY brief`)
	if err != nil {
		return nil, err
	}
	m := map[string]time.Time{}
	var brief string
	var at time.Time
	_, err = pgx.ForEachRow(rows, []any{&brief, &at}, func() error {
		m[brief] = at.UTC()
		return nil
	})
	return m, err
}

func (b *postgresBackend) saveArticles(ctx context.Context, arts []news.Article, at time.Time) error {
	// One statement per batch, its columns sent as arrays: arts come
	// sorted by ID, so concurrent saves lock rows in the same order and
	// cannot deadlock.
	return pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		for len(arts) > 0 {
			n, size := 0, 0
			for n < len(arts) && (n == 0 || size+len(arts[n].Text) <= postgresBatchBytes) {
				size += len(arts[n].Text)
				n++
			}
			batch := arts[:n]
			arts = arts[n:]
			var (
				ids, titles, outlets, urls = make([]string, n), make([]string, n), make([]string, n), make([]string, n)
				texts, feeds, languages    = make([]string, n), make([]string, n), make([]string, n)
				published                  = make([]pgtype.Timestamptz, n)
				teasers                    = make([]bool, n)
			)
			for i, a := range batch {
				ids[i], titles[i], outlets[i], urls[i], texts[i], feeds[i], languages[i] = a.ID, a.Title, a.Outlet, a.URL, a.Text, a.Feed, a.Language
				published[i] = pgtype.Timestamptz{Time: a.Published, Valid: !a.Published.IsZero()}
				teasers[i] = a.Teaser
			}
			if _, err := tx.Exec(ctx, `INSERT INTO articles (id, title, outlet, url, published, text, teaser, feed, language, first_seen, last_seen)
				SELECT id, title, outlet, url, published, text, teaser, feed, language, $9, $9
				FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::boolean[], $8::text[], $10::text[])
					AS t(id, title, outlet, url, published, text, teaser, feed, language) `+articlesUpsert,
				ids, titles, outlets, urls, published, texts, teasers, feeds, at, languages); err != nil {
				return err
			}
		}
		return nil
	})
}

func (b *postgresBackend) recentArticles(ctx context.Context, since time.Time, feeds []string, limit int) ([]news.Article, error) {
	var lim *int // NULL: no limit
	if limit > 0 {
		lim = &limit
	}
	// COLLATE "C": IDs in byte order, as in SQLite and Go, whatever the
	// database's collation.
	rows, err := b.pool.Query(ctx, `SELECT id, title, outlet, url, published, text, teaser, feed, language FROM (
			SELECT * FROM articles
			WHERE last_seen >= $1 AND ($2::text[] IS NULL OR feed = ANY($2::text[]))
			ORDER BY first_seen DESC, id COLLATE "C" DESC
			LIMIT $3) AS recent
		ORDER BY first_seen, id COLLATE "C"`, since, feeds, lim)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (news.Article, error) {
		var a news.Article
		var published *time.Time
		err := row.Scan(&a.ID, &a.Title, &a.Outlet, &a.URL, &published, &a.Text, &a.Teaser, &a.Feed, &a.Language)
		if published != nil {
			a.Published = published.UTC()
		}
		return a, err
	})
}

func (b *postgresBackend) posted(ctx context.Context, dest, storyID string) ([]string, bool, error) {
	var bullets []string
	err := b.pool.QueryRow(ctx, `SELECT bullets FROM posted WHERE dest = $1 AND story_id = $2`, dest, storyID).Scan(&bullets)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if bullets == nil {
		bullets = []string{}
	}
	return bullets, true, nil
}

// postgresRecordPosted merges bullets into the story's posted row, in tx.
func postgresRecordPosted(ctx context.Context, tx pgx.Tx, dest, storyID string, bullets []string, at time.Time) error {
	// Insert first, so that the row exists to be locked: two replicas
	// recording the same story merge one after the other.
	if _, err := tx.Exec(ctx, `INSERT INTO posted (dest, story_id, bullets, first_posted_at, posted_at)
		VALUES ($1, $2, '{}', $3, $3) ON CONFLICT (dest, story_id) DO NOTHING`, dest, storyID, at); err != nil {
		return err
	}
	var old []string
	if err := tx.QueryRow(ctx, `SELECT bullets FROM posted WHERE dest = $1 AND story_id = $2 FOR UPDATE`,
		dest, storyID).Scan(&old); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE posted SET bullets = $3, posted_at = greatest(posted_at, $4)
		WHERE dest = $1 AND story_id = $2`, dest, storyID, merge(old, bullets), at)
	return err
}

func (b *postgresBackend) claim(ctx context.Context, owner string, now, until time.Time, limit int) ([]news.Delivery, error) {
	// SKIP LOCKED: replicas claiming at once take disjoint rows instead of
	// queueing behind each other; a row another claimer updated since our
	// snapshot is re-checked against the WHERE before it is taken.
	rows, err := b.pool.Query(ctx, `WITH due AS (
			SELECT id FROM outbox
			WHERE done_at IS NULL AND next_attempt <= $2 AND (owner = '' OR lease_until <= $2)
			ORDER BY next_attempt, created_at, id
			LIMIT $4
			FOR UPDATE SKIP LOCKED)
		UPDATE outbox o SET owner = $1, lease_until = $3, attempts = o.attempts + 1
		FROM due WHERE o.id = due.id
		RETURNING o.id, o.dest, o.brief, o.story_id, o.payload, o.attempts, o.next_attempt, o.last_error, o.created_at, o.owner, o.lease_until, o.sending_at`,
		owner, now, until, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (news.Delivery, error) { return scanPostgresDelivery(row, true) })
}

// scanPostgresDelivery scans an outbox row's id, dest, brief, story_id,
// [payload,] attempts, next_attempt, last_error, created_at, owner,
// lease_until and sending_at.
func scanPostgresDelivery(row pgx.CollectableRow, payload bool) (news.Delivery, error) {
	var d news.Delivery
	var lease, sending pgtype.Timestamptz
	dest := []any{&d.ID, &d.Dest, &d.Brief, &d.StoryID}
	if payload {
		dest = append(dest, &d.Payload)
	}
	dest = append(dest, &d.Attempts, &d.NextAttempt, &d.LastError, &d.CreatedAt, &d.Owner, &lease, &sending)
	err := row.Scan(dest...)
	d.NextAttempt, d.CreatedAt = d.NextAttempt.UTC(), d.CreatedAt.UTC()
	if lease.Valid {
		d.LeaseUntil = lease.Time.UTC()
	}
	if sending.Valid {
		d.SendingAt = sending.Time.UTC()
	}
	return d, err
}

// changed runs a write and reports whether it changed a row.
func (b *postgresBackend) changed(ctx context.Context, query string, args ...any) (bool, error) {
	tag, err := b.pool.Exec(ctx, query, args...)
	if err != nil {
		return false, err
	}
	return tag.RowsAffected() > 0, nil
}

func (b *postgresBackend) done(ctx context.Context, id, owner string, at time.Time) (bool, error) {
	return b.changed(ctx, `UPDATE outbox SET done_at = coalesce(done_at, $3), lease_until = NULL
		WHERE id = $1 AND owner = $2 AND NOT failed`, id, owner, at)
}

func (b *postgresBackend) sending(ctx context.Context, id, owner string, now, until time.Time) (bool, error) {
	return b.changed(ctx, `UPDATE outbox SET sending_at = $3, lease_until = $4
		WHERE id = $1 AND owner = $2 AND done_at IS NULL AND lease_until > $3`, id, owner, now, until)
}

func (b *postgresBackend) extend(ctx context.Context, id, owner string, until time.Time) (bool, error) {
	return b.changed(ctx, `UPDATE outbox SET lease_until = $3
		WHERE id = $1 AND owner = $2 AND done_at IS NULL`, id, owner, until)
}

func (b *postgresBackend) sent(ctx context.Context, id, dest, storyID string, bullets []string, post news.Post, at time.Time) error {
	return pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE outbox SET done_at = coalesce(done_at, $2), failed = false, lease_until = NULL, ref = $3
			WHERE id = $1`, id, at, post.Ref); err != nil {
			return err
		}
		if err := postgresRecordPosted(ctx, tx, dest, storyID, bullets, at); err != nil {
			return err
		}
		if post.Ref == "" {
			return nil
		}
		// The row is locked by the record above: replicas recording the
		// story's first posts at once set its thread one after the other.
		_, err := tx.Exec(ctx, `UPDATE posted SET thread_ref = $3, thread_payload = $4
			WHERE dest = $1 AND story_id = $2 AND thread_ref = ''`, dest, storyID, post.Ref, post.Payload)
		return err
	})
}

func (b *postgresBackend) thread(ctx context.Context, dest, storyID string) (news.Post, bool, error) {
	var p news.Post
	err := b.pool.QueryRow(ctx, `SELECT thread_ref, thread_payload FROM posted WHERE dest = $1 AND story_id = $2 AND thread_ref <> ''`,
		dest, storyID).Scan(&p.Ref, &p.Payload)
	if errors.Is(err, pgx.ErrNoRows) {
		return news.Post{}, false, nil
	}
	if err != nil {
		return news.Post{}, false, err
	}
	return p, true, nil
}

func (b *postgresBackend) release(ctx context.Context, id, owner string, next time.Time) (bool, error) {
	return b.changed(ctx, `UPDATE outbox SET owner = '', lease_until = NULL, next_attempt = $3, attempts = greatest(attempts - 1, 0)
		WHERE id = $1 AND owner = $2 AND done_at IS NULL`, id, owner, next)
}

func (b *postgresBackend) outstanding(ctx context.Context) ([]news.Delivery, error) {
	rows, err := b.pool.Query(ctx, `SELECT id, dest, brief, story_id, attempts, next_attempt, last_error, created_at, owner, lease_until, sending_at
		FROM outbox WHERE done_at IS NULL ORDER BY created_at, id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (news.Delivery, error) { return scanPostgresDelivery(row, false) })
}

func (b *postgresBackend) retry(ctx context.Context, id, owner string, next time.Time, errText string) (bool, error) {
	return b.changed(ctx, `UPDATE outbox SET owner = '', lease_until = NULL, next_attempt = $3, last_error = $4, sending_at = NULL
		WHERE id = $1 AND owner = $2 AND done_at IS NULL`, id, owner, next, errText)
}

func (b *postgresBackend) fail(ctx context.Context, id, owner, errText string, at time.Time) (bool, error) {
	return b.changed(ctx, `UPDATE outbox SET done_at = $4, failed = true, last_error = $3, lease_until = NULL
		WHERE id = $1 AND owner = $2 AND done_at IS NULL`, id, owner, errText, at)
}

func (b *postgresBackend) claimRunWith(ctx context.Context, brief string, scheduled time.Time, owner string, at time.Time, ds []news.Delivery) (bool, error) {
	won := false
	err := pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO runs (brief, scheduled, owner, claimed_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (brief, scheduled) DO NOTHING`, brief, scheduled, owner, at)
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		won = true
		for _, d := range ds {
			var due, created *time.Time
			var attempts *int
			if err := tx.QueryRow(ctx, `SELECT min(next_attempt), min(created_at), max(attempts) FROM outbox
				WHERE dest = $1 AND story_id = $2 AND done_at IS NULL AND id <> $3 AND (owner = '' OR lease_until <= $4)`,
				d.Dest, d.StoryID, d.ID, at).Scan(&due, &created, &attempts); err != nil {
				return err
			}
			if due != nil {
				d.NextAttempt, d.CreatedAt, d.Attempts = due.UTC(), created.UTC(), *attempts
			}
			if _, err := tx.Exec(ctx, `UPDATE outbox SET done_at = $4, lease_until = NULL, last_error = 'superseded by ' || $3
				WHERE dest = $1 AND story_id = $2 AND done_at IS NULL AND id <> $3 AND (owner = '' OR lease_until <= $4)`,
				d.Dest, d.StoryID, d.ID, at); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO outbox (id, dest, brief, story_id, payload, attempts, next_attempt, last_error, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
				d.ID, d.Dest, d.Brief, d.StoryID, d.Payload, d.Attempts, d.NextAttempt, d.LastError, d.CreatedAt); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	return won, nil
}

func (b *postgresBackend) lastRun(ctx context.Context, brief string) (time.Time, bool, error) {
	var last *time.Time
	if err := b.pool.QueryRow(ctx, `SELECT max(scheduled) FROM runs WHERE brief = $1`, brief).Scan(&last); err != nil {
		return time.Time{}, false, err
	}
	if last == nil {
		return time.Time{}, false, nil
	}
	return last.UTC(), true, nil
}
