package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// txRunner is what the steps both backends share need of a write
// transaction; each backend adapts its own (sqliteTx, postgresTx).
type txRunner interface {
	// exec runs a statement and returns the number of rows it changed.
	exec(ctx context.Context, query string, args ...any) (int64, error)
	// scanRow runs a query that returns one row and scans it into dest.
	scanRow(ctx context.Context, query string, args []any, dest ...any) error
}

// dialect is the SQL that differs between the backends for the steps
// they share, with how each writes a time.
type dialect struct {
	// lockMigrate, when set, runs first in migrate's transaction, so that
	// replicas starting together migrate one at a time.
	lockMigrate string
	// createMigrations creates schema_migrations if it is missing.
	createMigrations string
	// recordMigration inserts a version, its name and when it was applied.
	recordMigration string
	// statements picks a migration's statements for this backend.
	statements func(migration) []string
	// prune deletes the rows of each table that Pruned counts, its one
	// argument the cutoff.
	prune pruneSQL
	// time is how a time is passed as a statement's argument.
	time func(time.Time) any
}

// pruneSQL holds one DELETE per table that Pruned counts, except posted,
// whose rows a backend deletes after checking each against the articles.
type pruneSQL struct {
	seen, articles, outbox, feedClaims, runs string
}

// migrateTx brings the database that tx writes to the last version of ms,
// recording each version applied at now in schema_migrations.
func migrateTx(ctx context.Context, tx txRunner, d dialect, now time.Time, ms []migration) error {
	if d.lockMigrate != "" {
		if _, err := tx.exec(ctx, d.lockMigrate); err != nil {
			return err
		}
	}
	if _, err := tx.exec(ctx, d.createMigrations); err != nil {
		return err
	}
	var v int
	if err := tx.scanRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`, nil, &v); err != nil {
		return err
	}
	if latest := lastVersion(ms); v > latest {
		return tooNew(v, latest)
	}
	for _, m := range ms {
		if m.version <= v {
			continue
		}
		for _, stmt := range d.statements(m) {
			if _, err := tx.exec(ctx, stmt); err != nil {
				return fmt.Errorf("version %d (%s): %w", m.version, m.name, err)
			}
		}
		if _, err := tx.exec(ctx, d.recordMigration, m.version, m.name, d.time(now)); err != nil {
			return err
		}
	}
	return nil
}

// pruneTables runs, in tx, d's DELETE for each table that Pruned counts
// but posted, and sets p's counts.
func pruneTables(ctx context.Context, tx txRunner, d dialect, p *Pruned, before time.Time) error {
	for _, q := range []struct {
		n   *int64
		sql string
	}{
		{&p.Seen, d.prune.seen},
		{&p.Articles, d.prune.articles},
		{&p.Outbox, d.prune.outbox},
		{&p.FeedClaims, d.prune.feedClaims},
		{&p.Runs, d.prune.runs},
	} {
		n, err := tx.exec(ctx, q.sql, d.time(before))
		if err != nil {
			return err
		}
		*q.n = n
	}
	return nil
}

// sqliteTx adapts a database/sql transaction to txRunner.
type sqliteTx struct{ tx *sql.Tx }

func (t sqliteTx) exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := t.tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (t sqliteTx) scanRow(ctx context.Context, query string, args []any, dest ...any) error {
	return t.tx.QueryRowContext(ctx, query, args...).Scan(dest...)
}

// postgresTx adapts a pgx transaction to txRunner.
type postgresTx struct{ tx pgx.Tx }

func (t postgresTx) exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := t.tx.Exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (t postgresTx) scanRow(ctx context.Context, query string, args []any, dest ...any) error {
	return t.tx.QueryRow(ctx, query, args...).Scan(dest...)
}
