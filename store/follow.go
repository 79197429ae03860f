package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/digestbot/digestbot/news"
)

// ErrFollowLimit is returned (wrapped) by Follow when the channel holds
// as many subscriptions as it may; it is news.ErrFollowLimit.
var ErrFollowLimit = news.ErrFollowLimit

// Follow adds sub (its Dest and Words required; Words normalized by
// news.FollowWords) unless the channel follows those words already, and
// returns the subscription as stored, with its ID and creation time, and
// whether it was added now. When the channel follows the words already,
// the subscription keeps its story and creation time and takes sub's
// Filter: following the same words again changes what they post. Empty
// filter lists are returned as nil. A channel holds at most limit subscriptions:
// one more is refused with an error wrapping ErrFollowLimit. The count and
// the insert are one transaction, taken one channel at a time, so that
// replicas answering two commands at once never exceed the limit.
func (s *Store) Follow(ctx context.Context, sub news.Subscription, limit int) (news.Subscription, bool, error) {
	sub.Words = news.FollowWords(sub.Words)
	if sub.Dest == "" || sub.Words == "" || limit <= 0 {
		return news.Subscription{}, false, fmt.Errorf("store: follow %q in %q: need a channel, words and a positive limit (%d)", sub.Words, sub.Dest, limit)
	}
	for _, f := range []*string{&sub.Dest, &sub.Platform, &sub.Team, &sub.Channel, &sub.Words, &sub.StoryID, &sub.Title, &sub.User} {
		*f = cleanText(*f)
	}
	sub.Filter = cleanFilter(sub.Filter)
	if sub.Created.IsZero() {
		sub.Created = s.now()
	}
	sub.Created = utc(sub.Created)
	got, added, err := s.b.follow(ctx, sub, limit)
	if err != nil {
		return news.Subscription{}, false, fmt.Errorf("store: follow %q in %s: %w", sub.Words, sub.Dest, err)
	}
	return got, added, nil
}

// Following returns the subscriptions of the channel dest in the order
// they were made: the order `/digest following` numbers them in.
func (s *Store) Following(ctx context.Context, dest string) ([]news.Subscription, error) {
	subs, err := s.b.subscriptions(ctx, dest)
	if err != nil {
		return nil, fmt.Errorf("store: following in %s: %w", dest, err)
	}
	return subs, nil
}

// Subscriptions returns every channel's subscriptions, in the order they
// were made.
func (s *Store) Subscriptions(ctx context.Context) ([]news.Subscription, error) {
	subs, err := s.b.subscriptions(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("store: subscriptions: %w", err)
	}
	return subs, nil
}

// Unfollow removes the subscription id of the channel dest; false when
// the channel has none of that ID (another command removed it first).
func (s *Store) Unfollow(ctx context.Context, dest string, id int64) (bool, error) {
	ok, err := s.b.unfollow(ctx, dest, id)
	if err != nil {
		return false, fmt.Errorf("store: unfollow %d in %s: %w", id, dest, err)
	}
	return ok, nil
}

// subscriptionColumns are what a subscription query selects, in scan order.
const subscriptionColumns = `id, dest, platform, team, channel, words, story_id, title, user_id, created_at, include_words, exclude_words, min_outlets`

// cleanFilter returns f as the store keeps it: its phrases valid UTF-8
// without NUL bytes, empty lists nil, MinOutlets not negative.
func cleanFilter(f news.Filter) news.Filter {
	clean := func(list []string) []string {
		if len(list) == 0 {
			return nil
		}
		out := make([]string, len(list))
		for i, p := range list {
			out[i] = cleanText(p)
		}
		return out
	}
	return news.Filter{Include: clean(f.Include), Exclude: clean(f.Exclude), MinOutlets: max(f.MinOutlets, 0)}
}

// sameFilter reports whether a and b are the same filter, phrase for
// phrase.
func sameFilter(a, b news.Filter) bool {
	return slices.Equal(a.Include, b.Include) && slices.Equal(a.Exclude, b.Exclude) && a.MinOutlets == b.MinOutlets
}

// jsonList is list as the JSON array SQLite keeps: [] for none.
func jsonList(list []string) (string, error) {
	if list == nil {
		list = []string{}
	}
	b, err := json.Marshal(list)
	return string(b), err
}

// pgList is list as a PostgreSQL text[]: empty, not NULL, for none.
func pgList(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// followIn makes a follow of sub in a channel whose subscriptions are
// have, in the transaction that holds the channel: the subscription to
// the same words, given sub's filter through setFilter when it has
// another, else sub, inserted through insert (which returns its ID)
// unless the channel holds limit subscriptions already; and whether sub
// was inserted.
func followIn(have []news.Subscription, sub news.Subscription, limit int, setFilter func(id int64) error, insert func() (int64, error)) (news.Subscription, bool, error) {
	for _, h := range have {
		if h.Words != sub.Words {
			continue
		}
		if !sameFilter(h.Filter, sub.Filter) {
			if err := setFilter(h.ID); err != nil {
				return news.Subscription{}, false, err
			}
			h.Filter = sub.Filter
		}
		return h, false, nil
	}
	if len(have) >= limit {
		return news.Subscription{}, false, fmt.Errorf("%w (%d)", ErrFollowLimit, limit)
	}
	id, err := insert()
	if err != nil {
		return news.Subscription{}, false, err
	}
	sub.ID = id
	return sub, true, nil
}

func (b *sqliteBackend) follow(ctx context.Context, sub news.Subscription, limit int) (news.Subscription, bool, error) {
	var got news.Subscription
	var added bool
	err := b.tx(ctx, func(tx *sql.Tx) error {
		// The transaction began IMMEDIATE: it holds the write lock, so the
		// count below cannot change before the insert.
		rows, err := tx.QueryContext(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions WHERE dest = ?1 ORDER BY id`, sub.Dest)
		if err != nil {
			return err
		}
		have, err := scanSQLiteSubscriptions(rows)
		if err != nil {
			return err
		}
		include, err := jsonList(sub.Filter.Include)
		if err != nil {
			return err
		}
		exclude, err := jsonList(sub.Filter.Exclude)
		if err != nil {
			return err
		}
		got, added, err = followIn(have, sub, limit,
			func(id int64) error {
				_, err := tx.ExecContext(ctx, `UPDATE subscriptions SET include_words = ?1, exclude_words = ?2, min_outlets = ?3 WHERE id = ?4`,
					include, exclude, sub.Filter.MinOutlets, id)
				return err
			},
			func() (id int64, err error) {
				err = tx.QueryRowContext(ctx, `INSERT INTO subscriptions (dest, platform, team, channel, words, story_id, title, user_id, created_at, include_words, exclude_words, min_outlets)
					VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id`,
					sub.Dest, sub.Platform, sub.Team, sub.Channel, sub.Words, sub.StoryID, sub.Title, sub.User, sqlTime(sub.Created), include, exclude, sub.Filter.MinOutlets).Scan(&id)
				return id, err
			})
		return err
	})
	if err != nil {
		return news.Subscription{}, false, err
	}
	return got, added, nil
}

func (b *sqliteBackend) subscriptions(ctx context.Context, dest string) ([]news.Subscription, error) {
	rows, err := b.r.QueryContext(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions WHERE ?1 = '' OR dest = ?1 ORDER BY id`, dest)
	if err != nil {
		return nil, err
	}
	return scanSQLiteSubscriptions(rows)
}

// scanSQLiteSubscriptions reads and closes rows of subscriptionColumns.
func scanSQLiteSubscriptions(rows *sql.Rows) ([]news.Subscription, error) {
	defer rows.Close()
	var subs []news.Subscription
	for rows.Next() {
		var s news.Subscription
		var created, include, exclude string
		if err := rows.Scan(&s.ID, &s.Dest, &s.Platform, &s.Team, &s.Channel, &s.Words, &s.StoryID, &s.Title, &s.User, &created,
			&include, &exclude, &s.Filter.MinOutlets); err != nil {
			return nil, err
		}
		t, err := parseSQLTime(created)
		if err != nil {
			return nil, err
		}
		s.Created = t
		if err := json.Unmarshal([]byte(include), &s.Filter.Include); err != nil {
			return nil, fmt.Errorf("subscription %d: include_words: %w", s.ID, err)
		}
		if err := json.Unmarshal([]byte(exclude), &s.Filter.Exclude); err != nil {
			return nil, fmt.Errorf("subscription %d: exclude_words: %w", s.ID, err)
		}
		s.Filter = cleanFilter(s.Filter)
		subs = append(subs, s)
	}
	return subs, rows.Err()
}

func (b *sqliteBackend) unfollow(ctx context.Context, dest string, id int64) (bool, error) {
	return b.changed(ctx, `DELETE FROM subscriptions WHERE dest = ?1 AND id = ?2`, dest, id)
}

func (b *postgresBackend) follow(ctx context.Context, sub news.Subscription, limit int) (news.Subscription, bool, error) {
	var got news.Subscription
	var added bool
	err := pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		// One command per channel at a time, across replicas: the count
		// below holds until the insert commits.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('digestbot follow ' || $1))`, sub.Dest); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions WHERE dest = $1 ORDER BY id`, sub.Dest)
		if err != nil {
			return err
		}
		have, err := pgx.CollectRows(rows, scanPostgresSubscription)
		if err != nil {
			return err
		}
		got, added, err = followIn(have, sub, limit,
			func(id int64) error {
				_, err := tx.Exec(ctx, `UPDATE subscriptions SET include_words = $1, exclude_words = $2, min_outlets = $3 WHERE id = $4`,
					pgList(sub.Filter.Include), pgList(sub.Filter.Exclude), sub.Filter.MinOutlets, id)
				return err
			},
			func() (id int64, err error) {
				err = tx.QueryRow(ctx, `INSERT INTO subscriptions (dest, platform, team, channel, words, story_id, title, user_id, created_at, include_words, exclude_words, min_outlets)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
					sub.Dest, sub.Platform, sub.Team, sub.Channel, sub.Words, sub.StoryID, sub.Title, sub.User, sub.Created,
					pgList(sub.Filter.Include), pgList(sub.Filter.Exclude), sub.Filter.MinOutlets).Scan(&id)
				return id, err
			})
		return err
	})
	if err != nil {
		return news.Subscription{}, false, err
	}
	return got, added, nil
}

func (b *postgresBackend) subscriptions(ctx context.Context, dest string) ([]news.Subscription, error) {
	rows, err := b.pool.Query(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions WHERE $1 = '' OR dest = $1 ORDER BY id`, dest)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanPostgresSubscription)
}

// scanPostgresSubscription reads one row of subscriptionColumns.
func scanPostgresSubscription(row pgx.CollectableRow) (news.Subscription, error) {
	var s news.Subscription
	err := row.Scan(&s.ID, &s.Dest, &s.Platform, &s.Team, &s.Channel, &s.Words, &s.StoryID, &s.Title, &s.User, &s.Created,
		&s.Filter.Include, &s.Filter.Exclude, &s.Filter.MinOutlets)
	s.Created = s.Created.UTC()
	s.Filter = cleanFilter(s.Filter)
	return s, err
}

func (b *postgresBackend) unfollow(ctx context.Context, dest string, id int64) (bool, error) {
	return b.changed(ctx, `DELETE FROM subscriptions WHERE dest = $1 AND id = $2`, dest, id)
}
