package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/digestbot/digestbot/news"
)

// This file holds what the tests need to reach past the Store's API: to
// set up rows the running bot writes only as part of a larger operation
// (a delivery without a run, a story posted without a delivery), rows
// no live code writes any more (seen marks, feed claims: older builds'
// tables, which Prune still clears), and the schema version.

// testBackend is what each backend offers the tests besides backend.
type testBackend interface {
	// exec runs one statement.
	exec(ctx context.Context, query string, args ...any) error
	schemaVersion(ctx context.Context) (int, error)
	markSeen(ctx context.Context, ids []string, at time.Time) error
	seen(ctx context.Context, ids []string) (map[string]bool, error)
	recordPosted(ctx context.Context, dest, storyID string, bullets []string, at time.Time) error
	enqueue(ctx context.Context, d news.Delivery) error
	deliveryRef(ctx context.Context, id string) (string, error)
}

var (
	_ testBackend = (*sqliteBackend)(nil)
	_ testBackend = (*postgresBackend)(nil)
)

// tb returns s's backend as a testBackend.
func (s *Store) tb() testBackend { return s.b.(testBackend) }

// exec runs one statement on s's database.
func (s *Store) exec(ctx context.Context, query string, args ...any) error {
	return s.tb().exec(ctx, query, args...)
}

// deliveryRef returns the ref recorded with the delivery id (Sent).
func (s *Store) deliveryRef(ctx context.Context, id string) (string, error) {
	return s.tb().deliveryRef(ctx, id)
}

func (b *sqliteBackend) deliveryRef(ctx context.Context, id string) (string, error) {
	var ref string
	err := b.r.QueryRowContext(ctx, `SELECT ref FROM outbox WHERE id = ?1`, id).Scan(&ref)
	return ref, err
}

func (b *postgresBackend) deliveryRef(ctx context.Context, id string) (string, error) {
	var ref string
	err := b.pool.QueryRow(ctx, `SELECT ref FROM outbox WHERE id = $1`, id).Scan(&ref)
	return ref, err
}

// latestVersion is the schema version this build migrates to.
func latestVersion() int { return lastVersion(migrations) }

// schemaVersion returns the schema version the database is at.
func (s *Store) schemaVersion(ctx context.Context) (int, error) {
	v, err := s.tb().schemaVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return v, nil
}

// markSeen records that the articles ids were seen at time at. An id seen
// before keeps the later of its two times.
func (s *Store) markSeen(ctx context.Context, ids []string, at time.Time) error {
	ids = dedupe(ids)
	if len(ids) == 0 {
		return nil
	}
	slices.Sort(ids) // one lock order for concurrent batches
	if err := s.tb().markSeen(ctx, ids, utc(at)); err != nil {
		return fmt.Errorf("store: mark %d seen: %w", len(ids), err)
	}
	return nil
}

// seen reports which of ids were marked seen: the map holds true for each
// of them, and nothing for the others.
func (s *Store) seen(ctx context.Context, ids []string) (map[string]bool, error) {
	ids = dedupe(ids)
	if len(ids) == 0 {
		return map[string]bool{}, nil
	}
	m, err := s.tb().seen(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("store: seen: %w", err)
	}
	return m, nil
}

// recordPosted records that the story storyID was posted to dest at time
// at with bullets, as Sent does without a delivery: bullets not recorded
// before are appended to the story's; those already recorded are kept
// once.
func (s *Store) recordPosted(ctx context.Context, dest, storyID string, bullets []string, at time.Time) error {
	if dest == "" || storyID == "" {
		return fmt.Errorf("store: record posted %q to %q: empty story or destination", storyID, dest)
	}
	if err := s.tb().recordPosted(ctx, dest, storyID, dedupe(bullets), utc(at)); err != nil {
		return fmt.Errorf("store: record posted %s to %s: %w", storyID, dest, err)
	}
	return nil
}

// enqueue writes d to the outbox, due at d.NextAttempt, as ClaimRunWith
// does without a run. An ID already in the outbox (pending or done)
// leaves it unchanged and is not an error.
func (s *Store) enqueue(ctx context.Context, d news.Delivery) error {
	if d.ID == "" || d.Dest == "" {
		return fmt.Errorf("store: enqueue %q to %q: empty id or destination", d.ID, d.Dest)
	}
	fillDelivery(&d, s.now())
	if err := s.tb().enqueue(ctx, d); err != nil {
		return fmt.Errorf("store: enqueue %s: %w", d.ID, err)
	}
	return nil
}

// pending returns the number of deliveries not yet done, as Outbox counts
// them.
func (s *Store) pending(ctx context.Context) (int, error) {
	n, _, err := s.Outbox(ctx)
	return n, err
}

// claimRun claims the run of brief scheduled at scheduled for owner, with
// no deliveries (see ClaimRunWith).
func (s *Store) claimRun(ctx context.Context, brief string, scheduled time.Time, owner string) (bool, error) {
	return s.ClaimRunWith(ctx, brief, scheduled, owner, nil)
}

func (b *sqliteBackend) exec(ctx context.Context, query string, args ...any) error {
	_, err := b.w.ExecContext(ctx, query, args...)
	return err
}

func (b *sqliteBackend) schemaVersion(ctx context.Context) (int, error) {
	var v int
	err := b.r.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

func (b *sqliteBackend) markSeen(ctx context.Context, ids []string, at time.Time) error {
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	// "WHERE true" tells SQLite's parser the ON CONFLICT is the upsert's.
	_, err = b.w.ExecContext(ctx, `INSERT INTO seen (id, seen_at) SELECT value, ?2 FROM json_each(?1) WHERE true
		ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at WHERE excluded.seen_at > seen.seen_at`,
		string(list), sqlTime(at))
	return err
}

func (b *sqliteBackend) seen(ctx context.Context, ids []string) (map[string]bool, error) {
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := b.r.QueryContext(ctx, `SELECT id FROM seen WHERE id IN (SELECT value FROM json_each(?1))`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := make(map[string]bool)
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		m[id] = true
	}
	return m, rows.Err()
}

func (b *sqliteBackend) recordPosted(ctx context.Context, dest, storyID string, bullets []string, at time.Time) error {
	return b.tx(ctx, func(tx *sql.Tx) error {
		return sqliteRecordPosted(ctx, tx, dest, storyID, bullets, at)
	})
}

func (b *sqliteBackend) enqueue(ctx context.Context, d news.Delivery) error {
	_, err := b.w.ExecContext(ctx, `INSERT INTO outbox (id, dest, brief, story_id, payload, attempts, next_attempt, last_error, created_at)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO NOTHING`,
		d.ID, d.Dest, d.Brief, d.StoryID, d.Payload, d.Attempts, sqlTime(d.NextAttempt), d.LastError, sqlTime(d.CreatedAt))
	return err
}

func (b *postgresBackend) exec(ctx context.Context, query string, args ...any) error {
	_, err := b.pool.Exec(ctx, query, args...)
	return err
}

func (b *postgresBackend) schemaVersion(ctx context.Context) (int, error) {
	var v int
	err := b.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

func (b *postgresBackend) markSeen(ctx context.Context, ids []string, at time.Time) error {
	// ids come sorted, so concurrent batches lock rows in the same order
	// and cannot deadlock.
	_, err := b.pool.Exec(ctx, `INSERT INTO seen (id, seen_at) SELECT id, $2::timestamptz FROM unnest($1::text[]) AS t(id)
		ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at WHERE excluded.seen_at > seen.seen_at`,
		ids, at)
	return err
}

func (b *postgresBackend) seen(ctx context.Context, ids []string) (map[string]bool, error) {
	rows, err := b.pool.Query(ctx, `SELECT id FROM seen WHERE id = ANY($1::text[])`, ids)
	if err != nil {
		return nil, err
	}
	found, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	m := make(map[string]bool, len(found))
	for _, id := range found {
		m[id] = true
	}
	return m, nil
}

func (b *postgresBackend) recordPosted(ctx context.Context, dest, storyID string, bullets []string, at time.Time) error {
	return pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		return postgresRecordPosted(ctx, tx, dest, storyID, bullets, at)
	})
}

func (b *postgresBackend) enqueue(ctx context.Context, d news.Delivery) error {
	_, err := b.pool.Exec(ctx, `INSERT INTO outbox (id, dest, brief, story_id, payload, attempts, next_attempt, last_error, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
		d.ID, d.Dest, d.Brief, d.StoryID, d.Payload, d.Attempts, d.NextAttempt, d.LastError, d.CreatedAt)
	return err
}
