package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/digestbot/digestbot/news"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// sqliteBusyTimeout is how long a connection waits for another
// connection's (or process's) write lock before failing with SQLITE_BUSY.
const sqliteBusyTimeout = 10 * time.Second

// sqliteReaders is the size of the read-only connection pool.
const sqliteReaders = 4

// sqliteTime is how times are written in SQLite: UTC, fixed width, so that
// comparing the text compares the times.
const sqliteTime = "2006-01-02T15:04:05.000000Z"

// sqliteBackend keeps the store in one SQLite file in WAL mode. Every
// write goes through one connection, whose transactions start with BEGIN
// IMMEDIATE, so writers of this process queue in database/sql and writers
// of other processes wait on busy_timeout; reads use a pool of read-only
// connections, which WAL lets run beside the writer.
type sqliteBackend struct {
	w, r *sql.DB
	// path is the database file, and file what it was when opened: ping
	// tells when it was removed or replaced under the running bot.
	path string
	file os.FileInfo
}

var _ backend = (*sqliteBackend)(nil)

func openSQLite(ctx context.Context, path string) (_ *sqliteBackend, err error) {
	if path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil, errors.New("want the path of a database file")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(abs)
	if fi, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("directory %s: %w", dir, bareErr(err))
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	// SQLite creates the -wal and -shm files beside the database, and
	// fails with a bare "unable to open database file" when it cannot.
	probe, err := os.CreateTemp(dir, ".digestbot-probe-*")
	if err != nil {
		return nil, fmt.Errorf("directory %s is not writable (SQLite keeps its -wal and -shm files there): %w", dir, bareErr(err))
	}
	// Room for them too: SQLite reports a full disk while growing its
	// -shm file as a bare "disk I/O error (4874)".
	_, err = probe.Write(make([]byte, 64<<10))
	if err == nil {
		err = probe.Sync()
	}
	probe.Close()
	os.Remove(probe.Name())
	if err != nil {
		return nil, fmt.Errorf("directory %s has no room for SQLite's -wal and -shm files: %w", dir, bareErr(err))
	}
	// Create the file ourselves, so that it is private to its owner; the
	// -wal and -shm files SQLite adds take its mode.
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, bareErr(err)
	}
	fi, err := f.Stat()
	f.Close()
	if err != nil {
		return nil, bareErr(err)
	}

	b := &sqliteBackend{path: abs, file: fi}
	defer func() {
		if err != nil {
			b.close()
		}
	}()
	if b.w, err = sql.Open("sqlite", sqliteDSN(abs, true)); err != nil {
		return nil, err
	}
	b.w.SetMaxOpenConns(1)
	b.w.SetMaxIdleConns(1)
	b.w.SetConnMaxLifetime(0)
	b.w.SetConnMaxIdleTime(0)
	var mode string
	if err := b.w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return nil, err
	}
	if !strings.EqualFold(mode, "wal") {
		return nil, fmt.Errorf("journal mode is %q, not WAL (a file system without shared memory?)", mode)
	}
	if b.r, err = sql.Open("sqlite", sqliteDSN(abs, false)); err != nil {
		return nil, err
	}
	b.r.SetMaxOpenConns(sqliteReaders)
	b.r.SetMaxIdleConns(sqliteReaders)
	if err := b.r.PingContext(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

// sqliteDSN returns the modernc.org/sqlite data source for the file at the
// absolute path: a writer connection or a read-only one.
func sqliteDSN(path string, write bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", sqliteBusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	// FULL: a commit survives a power cut, so a sent delivery stays done.
	q.Add("_pragma", "synchronous(FULL)")
	if write {
		q.Add("_pragma", "journal_mode(WAL)")
		// Transactions take the write lock when they begin: a deferred
		// one that reads and then writes can fail with SQLITE_BUSY
		// without waiting when another connection wrote in between.
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "query_only(1)")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

func (b *sqliteBackend) close() error {
	var errs []error
	for _, db := range []*sql.DB{b.r, b.w} {
		if db != nil {
			errs = append(errs, db.Close())
		}
	}
	return errors.Join(errs...)
}

// tx runs f in a write transaction, committed when f returns nil.
func (b *sqliteBackend) tx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := b.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// sqliteDialect is the SQLite side of the steps both backends share.
var sqliteDialect = dialect{
	createMigrations: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`,
	recordMigration: `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)`,
	statements:      func(m migration) []string { return m.sqlite },
	prune: pruneSQL{
		seen: `DELETE FROM seen WHERE seen_at < ?1`,
		// A feed's latest listing stays (see Store.Prune).
		articles: `WITH latest AS MATERIALIZED (SELECT feed, max(last_seen) AS seen FROM articles GROUP BY feed)
			DELETE FROM articles WHERE last_seen < ?1
			AND last_seen < (SELECT seen FROM latest WHERE latest.feed = articles.feed)`,
		outbox:     `DELETE FROM outbox WHERE done_at IS NOT NULL AND done_at < ?1`,
		feedClaims: `DELETE FROM feed_claims WHERE lease_until < ?1`,
		runs: `DELETE FROM runs WHERE scheduled < ?1
			AND scheduled < (SELECT max(r.scheduled) FROM runs r WHERE r.brief = runs.brief)`,
	},
	time: func(t time.Time) any { return sqlTime(t) },
}

func (b *sqliteBackend) migrate(ctx context.Context, now time.Time, ms []migration) error {
	return b.tx(ctx, func(tx *sql.Tx) error {
		return migrateTx(ctx, sqliteTx{tx}, sqliteDialect, now, ms)
	})
}

func (b *sqliteBackend) validators(ctx context.Context, url string) (etag, lastModified string, ok bool, err error) {
	err = b.r.QueryRowContext(ctx, `SELECT etag, last_modified FROM feed_validators WHERE url = ?1`, url).Scan(&etag, &lastModified)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, nil
	}
	return etag, lastModified, err == nil, err
}

func (b *sqliteBackend) setValidators(ctx context.Context, url, etag, lastModified string, at time.Time) error {
	_, err := b.w.ExecContext(ctx, `INSERT INTO feed_validators (url, etag, last_modified, updated_at) VALUES (?1, ?2, ?3, ?4)
		ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, updated_at = excluded.updated_at`,
		url, etag, lastModified, sqlTime(at))
	return err
}

func (b *sqliteBackend) prune(ctx context.Context, before time.Time, window time.Duration) (Pruned, error) {
	var p Pruned
	err := b.tx(ctx, func(tx *sql.Tx) error {
		p = Pruned{}
		if err := pruneTables(ctx, sqliteTx{tx}, sqliteDialect, &p, before); err != nil {
			return err
		}
		cover, err := sqliteStoryCover(ctx, tx, window)
		if err != nil {
			return err
		}
		// Stories last posted before the cutoff with no delivery pending
		// there; those that may still be regrouped stay.
		rows, err := tx.QueryContext(ctx, `SELECT dest, story_id, first_posted_at FROM posted WHERE posted_at < ?1
			AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.done_at IS NULL AND o.dest = posted.dest AND o.story_id = posted.story_id)`,
			sqlTime(before))
		if err != nil {
			return err
		}
		var gone [][2]string
		for rows.Next() {
			var dest, story, first string
			if err := rows.Scan(&dest, &story, &first); err != nil {
				rows.Close()
				return err
			}
			t, err := parseSQLTime(first)
			if err != nil {
				rows.Close()
				return err
			}
			if !cover.covers(t) {
				gone = append(gone, [2]string{dest, story})
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, k := range gone {
			res, err := tx.ExecContext(ctx, `DELETE FROM posted WHERE dest = ?1 AND story_id = ?2 AND posted_at < ?3`, k[0], k[1], sqlTime(before))
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			p.Posted += n
		}
		return nil
	})
	return p, err
}

// sqliteStoryCover reads the spans of the articles kept.
func sqliteStoryCover(ctx context.Context, tx *sql.Tx, window time.Duration) (storyCover, error) {
	rows, err := tx.QueryContext(ctx, `SELECT first_seen, last_seen FROM articles`)
	if err != nil {
		return storyCover{}, err
	}
	defer rows.Close()
	var spans [][2]time.Time
	for rows.Next() {
		var first, last string
		if err := rows.Scan(&first, &last); err != nil {
			return storyCover{}, err
		}
		f, err := parseSQLTime(first)
		if err != nil {
			return storyCover{}, err
		}
		l, err := parseSQLTime(last)
		if err != nil {
			return storyCover{}, err
		}
		spans = append(spans, [2]time.Time{f, l})
	}
	if err := rows.Err(); err != nil {
		return storyCover{}, err
	}
	return newStoryCover(spans, window), nil
}

func (b *sqliteBackend) ping(ctx context.Context) error {
	f, err := os.Open(b.path)
	if err != nil {
		return bareErr(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return bareErr(err)
	}
	if !os.SameFile(fi, b.file) {
		return errors.New("the database file was replaced since the store was opened")
	}
	var head [16]byte
	if _, err := io.ReadFull(f, head[:]); err != nil || string(head[:]) != "SQLite format 3\x00" {
		return errors.New("the database file is no longer an SQLite database")
	}
	var n int
	return b.r.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n)
}

func (b *sqliteBackend) outbox(ctx context.Context) (int, time.Time, error) {
	var n int
	var oldest sql.NullString
	if err := b.r.QueryRowContext(ctx, `SELECT count(*), min(created_at) FROM outbox WHERE done_at IS NULL`).Scan(&n, &oldest); err != nil {
		return 0, time.Time{}, err
	}
	if !oldest.Valid {
		return n, time.Time{}, nil
	}
	t, err := parseSQLTime(oldest.String)
	return n, t, err
}

func (b *sqliteBackend) lastRuns(ctx context.Context) (map[string]time.Time, error) {
	rows, err := b.r.QueryContext(ctx, `SELECT brief, max(claimed_at) FROM runs GROUP BY brief`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]time.Time{}
	for rows.Next() {
		var brief, at string
		if err := rows.Scan(&brief, &at); err != nil {
			return nil, err
		}
		if m[brief], err = parseSQLTime(at); err != nil {
			return nil, err
		}
	}
	return m, rows.Err()
}

func (b *sqliteBackend) saveArticles(ctx context.Context, arts []news.Article, at time.Time) error {
	return b.tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO articles (id, title, outlet, url, published, text, teaser, feed, language, first_seen, last_seen)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?10, ?9, ?9) `+articlesUpsert)
		if err != nil {
			return err
		}
		defer stmt.Close()
		seen := sqlTime(at)
		for _, a := range arts {
			var published sql.NullString
			if !a.Published.IsZero() {
				published = sql.NullString{String: sqlTime(a.Published), Valid: true}
			}
			if _, err := stmt.ExecContext(ctx, a.ID, a.Title, a.Outlet, a.URL, published, a.Text, a.Teaser, a.Feed, seen, a.Language); err != nil {
				return fmt.Errorf("article %s: %w", a.ID, err)
			}
		}
		return nil
	})
}

func (b *sqliteBackend) recentArticles(ctx context.Context, since time.Time, feeds []string, limit int) ([]news.Article, error) {
	where, args := `last_seen >= ?1`, []any{sqlTime(since)}
	if feeds != nil {
		list, err := json.Marshal(feeds)
		if err != nil {
			return nil, err
		}
		where += ` AND feed IN (SELECT value FROM json_each(?2))`
		args = append(args, string(list))
	}
	// SQLite's sorter carries whole rows, which is slow with long texts
	// (and slower still under a LIMIT): the cut sorts only keys, and the
	// rows are sorted here.
	if limit > 0 {
		where = fmt.Sprintf(`rowid IN (SELECT rowid FROM articles WHERE %s ORDER BY first_seen DESC, id DESC LIMIT %d)`, where, limit)
	}
	rows, err := b.r.QueryContext(ctx, `SELECT first_seen, id, title, outlet, url, published, text, teaser, feed, language FROM articles WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type row struct {
		firstSeen string // fixed-width: text order is time order
		a         news.Article
	}
	var found []row
	for rows.Next() {
		var r row
		var published sql.NullString
		if err := rows.Scan(&r.firstSeen, &r.a.ID, &r.a.Title, &r.a.Outlet, &r.a.URL, &published, &r.a.Text, &r.a.Teaser, &r.a.Feed, &r.a.Language); err != nil {
			return nil, err
		}
		if published.Valid {
			if r.a.Published, err = parseSQLTime(published.String); err != nil {
				return nil, fmt.Errorf("article %s: %w", r.a.ID, err)
			}
		}
		found = append(found, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(found, func(x, y row) int {
		return cmp.Or(strings.Compare(x.firstSeen, y.firstSeen), strings.Compare(x.a.ID, y.a.ID))
	})
	arts := make([]news.Article, len(found))
	for i, r := range found {
		arts[i] = r.a
	}
	return arts, nil
}

func (b *sqliteBackend) posted(ctx context.Context, dest, storyID string) ([]string, bool, error) {
	var list string
	err := b.r.QueryRowContext(ctx, `SELECT bullets FROM posted WHERE dest = ?1 AND story_id = ?2`, dest, storyID).Scan(&list)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	bullets := []string{}
	if err := json.Unmarshal([]byte(list), &bullets); err != nil {
		return nil, false, fmt.Errorf("bullets: %w", err)
	}
	return bullets, true, nil
}

// sqliteRecordPosted merges bullets into the story's posted row, in tx.
func sqliteRecordPosted(ctx context.Context, tx *sql.Tx, dest, storyID string, bullets []string, at time.Time) error {
	var old []string
	var list string
	err := tx.QueryRowContext(ctx, `SELECT bullets FROM posted WHERE dest = ?1 AND story_id = ?2`, dest, storyID).Scan(&list)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	default:
		if err := json.Unmarshal([]byte(list), &old); err != nil {
			return fmt.Errorf("bullets: %w", err)
		}
	}
	all, err := json.Marshal(merge(old, bullets))
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO posted (dest, story_id, bullets, first_posted_at, posted_at) VALUES (?1, ?2, ?3, ?4, ?4)
		ON CONFLICT (dest, story_id) DO UPDATE SET bullets = excluded.bullets, posted_at = max(posted_at, excluded.posted_at)`,
		dest, storyID, string(all), sqlTime(at))
	return err
}

func (b *sqliteBackend) claim(ctx context.Context, owner string, now, until time.Time, limit int) ([]news.Delivery, error) {
	var ds []news.Delivery
	err := b.tx(ctx, func(tx *sql.Tx) error {
		ds = nil
		rows, err := tx.QueryContext(ctx, `UPDATE outbox SET owner = ?1, lease_until = ?3, attempts = attempts + 1
			WHERE id IN (
				SELECT id FROM outbox
				WHERE done_at IS NULL AND next_attempt <= ?2 AND (owner = '' OR lease_until <= ?2)
				ORDER BY next_attempt, created_at, id
				LIMIT ?4)
			RETURNING id, dest, brief, story_id, payload, attempts, next_attempt, last_error, created_at, owner, lease_until, sending_at`,
			owner, sqlTime(now), sqlTime(until), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanSQLiteDelivery(rows, true)
			if err != nil {
				return err
			}
			ds = append(ds, d)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return rows.Close()
	})
	return ds, err
}

// scanSQLiteDelivery scans an outbox row's id, dest, brief, story_id,
// [payload,] attempts, next_attempt, last_error, created_at, owner,
// lease_until and sending_at.
func scanSQLiteDelivery(rows *sql.Rows, payload bool) (news.Delivery, error) {
	var d news.Delivery
	var next, created string
	var lease, sending sql.NullString
	dest := []any{&d.ID, &d.Dest, &d.Brief, &d.StoryID}
	if payload {
		dest = append(dest, &d.Payload)
	}
	dest = append(dest, &d.Attempts, &next, &d.LastError, &created, &d.Owner, &lease, &sending)
	if err := rows.Scan(dest...); err != nil {
		return d, err
	}
	var err error
	if d.NextAttempt, err = parseSQLTime(next); err != nil {
		return d, err
	}
	if d.CreatedAt, err = parseSQLTime(created); err != nil {
		return d, err
	}
	for _, t := range []struct {
		s  sql.NullString
		at *time.Time
	}{{lease, &d.LeaseUntil}, {sending, &d.SendingAt}} {
		if t.s.Valid {
			if *t.at, err = parseSQLTime(t.s.String); err != nil {
				return d, err
			}
		}
	}
	return d, nil
}

// changed runs a write and reports whether it changed a row.
func (b *sqliteBackend) changed(ctx context.Context, query string, args ...any) (bool, error) {
	res, err := b.w.ExecContext(ctx, query, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func (b *sqliteBackend) done(ctx context.Context, id, owner string, at time.Time) (bool, error) {
	return b.changed(ctx, `UPDATE outbox SET done_at = coalesce(done_at, ?3), lease_until = NULL
		WHERE id = ?1 AND owner = ?2 AND failed = 0`, id, owner, sqlTime(at))
}

func (b *sqliteBackend) sending(ctx context.Context, id, owner string, now, until time.Time) (bool, error) {
	return b.changed(ctx, `UPDATE outbox SET sending_at = ?3, lease_until = ?4
		WHERE id = ?1 AND owner = ?2 AND done_at IS NULL AND lease_until > ?3`, id, owner, sqlTime(now), sqlTime(until))
}

func (b *sqliteBackend) extend(ctx context.Context, id, owner string, until time.Time) (bool, error) {
	return b.changed(ctx, `UPDATE outbox SET lease_until = ?3
		WHERE id = ?1 AND owner = ?2 AND done_at IS NULL`, id, owner, sqlTime(until))
}

func (b *sqliteBackend) sent(ctx context.Context, id, dest, storyID string, bullets []string, post news.Post, at time.Time) error {
	return b.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET done_at = coalesce(done_at, ?2), failed = 0, lease_until = NULL, ref = ?3
			WHERE id = ?1`, id, sqlTime(at), post.Ref); err != nil {
			return err
		}
		if err := sqliteRecordPosted(ctx, tx, dest, storyID, bullets, at); err != nil {
			return err
		}
		if post.Ref == "" {
			return nil
		}
		_, err := tx.ExecContext(ctx, `UPDATE posted SET thread_ref = ?3, thread_payload = ?4
			WHERE dest = ?1 AND story_id = ?2 AND thread_ref = ''`, dest, storyID, post.Ref, post.Payload)
		return err
	})
}

func (b *sqliteBackend) thread(ctx context.Context, dest, storyID string) (news.Post, bool, error) {
	var p news.Post
	err := b.r.QueryRowContext(ctx, `SELECT thread_ref, thread_payload FROM posted WHERE dest = ?1 AND story_id = ?2 AND thread_ref <> ''`,
		dest, storyID).Scan(&p.Ref, &p.Payload)
	if errors.Is(err, sql.ErrNoRows) {
		return news.Post{}, false, nil
	}
	if err != nil {
		return news.Post{}, false, err
	}
	return p, true, nil
}

func (b *sqliteBackend) release(ctx context.Context, id, owner string, next time.Time) (bool, error) {
	return b.changed(ctx, `UPDATE outbox SET owner = '', lease_until = NULL, next_attempt = ?3, attempts = max(attempts - 1, 0)
		WHERE id = ?1 AND owner = ?2 AND done_at IS NULL`, id, owner, sqlTime(next))
}

func (b *sqliteBackend) outstanding(ctx context.Context) ([]news.Delivery, error) {
	rows, err := b.r.QueryContext(ctx, `SELECT id, dest, brief, story_id, attempts, next_attempt, last_error, created_at, owner, lease_until, sending_at
		FROM outbox WHERE done_at IS NULL ORDER BY created_at, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ds []news.Delivery
	for rows.Next() {
		d, err := scanSQLiteDelivery(rows, false)
		if err != nil {
			return nil, err
		}
		ds = append(ds, d)
	}
	return ds, rows.Err()
}

func (b *sqliteBackend) retry(ctx context.Context, id, owner string, next time.Time, errText string) (bool, error) {
	return b.changed(ctx, `UPDATE outbox SET owner = '', lease_until = NULL, next_attempt = ?3, last_error = ?4, sending_at = NULL
		WHERE id = ?1 AND owner = ?2 AND done_at IS NULL`, id, owner, sqlTime(next), errText)
}

func (b *sqliteBackend) fail(ctx context.Context, id, owner, errText string, at time.Time) (bool, error) {
	return b.changed(ctx, `UPDATE outbox SET done_at = ?4, failed = 1, last_error = ?3, lease_until = NULL
		WHERE id = ?1 AND owner = ?2 AND done_at IS NULL`, id, owner, errText, sqlTime(at))
}

func (b *sqliteBackend) claimRunWith(ctx context.Context, brief string, scheduled time.Time, owner string, at time.Time, ds []news.Delivery) (bool, error) {
	won := false
	err := b.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO runs (brief, scheduled, owner, claimed_at) VALUES (?1, ?2, ?3, ?4)
			ON CONFLICT (brief, scheduled) DO NOTHING`, brief, sqlTime(scheduled), owner, sqlTime(at))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		won = true
		for _, d := range ds {
			var due, created sql.NullString
			var attempts sql.NullInt64
			if err := tx.QueryRowContext(ctx, `SELECT min(next_attempt), min(created_at), max(attempts) FROM outbox
				WHERE dest = ?1 AND story_id = ?2 AND done_at IS NULL AND id <> ?3 AND (owner = '' OR lease_until <= ?4)`,
				d.Dest, d.StoryID, d.ID, sqlTime(at)).Scan(&due, &created, &attempts); err != nil {
				return err
			}
			if due.Valid {
				if d.NextAttempt, err = parseSQLTime(due.String); err != nil {
					return err
				}
				if d.CreatedAt, err = parseSQLTime(created.String); err != nil {
					return err
				}
				d.Attempts = int(attempts.Int64)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE outbox SET done_at = ?4, lease_until = NULL, last_error = 'superseded by ' || ?3
				WHERE dest = ?1 AND story_id = ?2 AND done_at IS NULL AND id <> ?3 AND (owner = '' OR lease_until <= ?4)`,
				d.Dest, d.StoryID, d.ID, sqlTime(at)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (id, dest, brief, story_id, payload, attempts, next_attempt, last_error, created_at)
				VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO NOTHING`,
				d.ID, d.Dest, d.Brief, d.StoryID, d.Payload, d.Attempts, sqlTime(d.NextAttempt), d.LastError, sqlTime(d.CreatedAt)); err != nil {
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

func (b *sqliteBackend) lastRun(ctx context.Context, brief string) (time.Time, bool, error) {
	var last sql.NullString
	if err := b.r.QueryRowContext(ctx, `SELECT max(scheduled) FROM runs WHERE brief = ?1`, brief).Scan(&last); err != nil {
		return time.Time{}, false, err
	}
	if !last.Valid {
		return time.Time{}, false, nil
	}
	t, err := parseSQLTime(last.String)
	return t, err == nil, err
}

// bareErr strips the operation and path from a file-system error, which
// the caller's message already names.
func bareErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func sqlTime(t time.Time) string { return t.UTC().Format(sqliteTime) }

func parseSQLTime(s string) (time.Time, error) {
	t, err := time.Parse(sqliteTime, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad time %q in database: %w", s, err)
	}
	return t, nil
}
