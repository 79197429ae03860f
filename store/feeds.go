package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
)

// Feed claims share the fetch of a feed among replicas: a run claims the
// feeds it is to read (ClaimFeeds), fetches those it got, saves their
// articles, and marks them fetched (FeedsFetched); a feed another owner
// holds is read from the store once its holder marked it fetched
// (FetchedSince), or claimed once the holder's lease ends without a mark
// (it died). The claim is one row of feed_claims per feed URL: owner,
// lease_until, and fetched_at, the end of the latest fetch marked.

// ClaimFeeds leases to owner, until now+lease, each of the feeds urls
// that it should fetch itself for a read that must be as fresh as since,
// and returns them, sorted. A feed is claimed unless it was marked fetched
// after since (that fetch, which ended after the read began, serves it:
// one that ended at the very instant does not, so that on a clock that
// stands still every read fetches) or another owner holds
// it: claimed, with its lease running at now and no fetch marked since
// the claim. A feed owner holds already is claimed again (a restart under
// the same name, or two runs of one process, each fetch as before).
// Concurrent callers, in this process or another sharing the database,
// never both get a feed while its lease runs: the lease must outlast a
// fetch.
func (s *Store) ClaimFeeds(ctx context.Context, urls []string, owner string, since, now time.Time, lease time.Duration) ([]string, error) {
	if owner == "" || lease <= 0 {
		return nil, fmt.Errorf("store: claim feeds: need an owner (%q) and a positive lease (%v)", owner, lease)
	}
	urls = feedList(urls)
	if len(urls) == 0 {
		return nil, nil
	}
	now = utc(now)
	mine, err := s.b.claimFeeds(ctx, urls, owner, utc(since), now, now.Add(lease))
	if err != nil {
		return nil, fmt.Errorf("store: claim %d feeds for %s: %w", len(urls), owner, err)
	}
	slices.Sort(mine)
	return mine, nil
}

// FeedsFetched marks those of the feeds urls that owner holds as fetched
// at at — the end of the fetch, whose articles are saved — and ends
// owner's lease on them: another owner waiting for them reads them from
// the store (RecentArticles), and a later read that must be fresher than
// at claims them again. A feed owner no longer holds (its lease ended and
// another owner claimed it) keeps its holder's marks.
func (s *Store) FeedsFetched(ctx context.Context, urls []string, owner string, at time.Time) error {
	urls = feedList(urls)
	if len(urls) == 0 {
		return nil
	}
	if err := s.b.feedsFetched(ctx, urls, owner, utc(at)); err != nil {
		return fmt.Errorf("store: mark %d feeds fetched by %s: %w", len(urls), owner, err)
	}
	return nil
}

// FetchedSince reports which of the feeds urls were marked fetched after
// since (FeedsFetched), by anyone: the map holds true for each of
// them, and nothing for the others.
func (s *Store) FetchedSince(ctx context.Context, urls []string, since time.Time) (map[string]bool, error) {
	urls = feedList(urls)
	if len(urls) == 0 {
		return map[string]bool{}, nil
	}
	done, err := s.b.fetchedSince(ctx, urls, utc(since))
	if err != nil {
		return nil, fmt.Errorf("store: feeds fetched since %s: %w", since.UTC().Format(time.RFC3339), err)
	}
	m := make(map[string]bool, len(done))
	for _, u := range done {
		m[u] = true
	}
	return m, nil
}

// feedList returns urls as stored, sorted (one lock order for concurrent
// claims) without repeats or empty strings.
func feedList(urls []string) []string {
	list := make([]string, 0, len(urls))
	for _, u := range urls {
		if u = cleanText(u); u != "" {
			list = append(list, u)
		}
	}
	slices.Sort(list)
	return slices.Compact(list)
}

// feedClaimWhere is the condition under which both backends' claim
// takes a feed's row: not fetched after the read's since ($3/?3), and
// free — the claimant's own, or its lease ended at now ($4/?4). A mark
// ends its holder's lease (FeedsFetched), so a fetched feed is free.
const feedClaimWhere = `(feed_claims.fetched_at IS NULL OR feed_claims.fetched_at <= %[1]s3)
		AND (feed_claims.owner = excluded.owner OR feed_claims.lease_until <= %[1]s4)`

func (b *sqliteBackend) claimFeeds(ctx context.Context, urls []string, owner string, since, now, until time.Time) ([]string, error) {
	list, err := json.Marshal(urls)
	if err != nil {
		return nil, err
	}
	// "WHERE true" tells SQLite's parser the ON CONFLICT is the upsert's.
	rows, err := b.w.QueryContext(ctx, `INSERT INTO feed_claims (url, owner, lease_until)
		SELECT value, ?2, ?5 FROM json_each(?1) WHERE true
		ON CONFLICT (url) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
		WHERE `+fmt.Sprintf(feedClaimWhere, "?")+`
		RETURNING url`,
		string(list), owner, sqlTime(since), sqlTime(now), sqlTime(until))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var mine []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		mine = append(mine, u)
	}
	return mine, rows.Err()
}

func (b *sqliteBackend) feedsFetched(ctx context.Context, urls []string, owner string, at time.Time) error {
	list, err := json.Marshal(urls)
	if err != nil {
		return err
	}
	_, err = b.w.ExecContext(ctx, `UPDATE feed_claims SET fetched_at = max(coalesce(fetched_at, ?3), ?3), lease_until = ?3
		WHERE owner = ?2 AND url IN (SELECT value FROM json_each(?1))`,
		string(list), owner, sqlTime(at))
	return err
}

func (b *sqliteBackend) fetchedSince(ctx context.Context, urls []string, since time.Time) ([]string, error) {
	list, err := json.Marshal(urls)
	if err != nil {
		return nil, err
	}
	rows, err := b.r.QueryContext(ctx, `SELECT url FROM feed_claims
		WHERE fetched_at > ?2 AND url IN (SELECT value FROM json_each(?1))`, string(list), sqlTime(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var done []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		done = append(done, u)
	}
	return done, rows.Err()
}

func (b *postgresBackend) claimFeeds(ctx context.Context, urls []string, owner string, since, now, until time.Time) ([]string, error) {
	// urls come sorted, so concurrent claims lock rows in the same order
	// and cannot deadlock.
	rows, err := b.pool.Query(ctx, `INSERT INTO feed_claims (url, owner, lease_until)
		SELECT u, $2, $5::timestamptz FROM unnest($1::text[]) AS t(u)
		ON CONFLICT (url) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
		WHERE `+fmt.Sprintf(feedClaimWhere, "$")+`
		RETURNING url`,
		urls, owner, since, now, until)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

func (b *postgresBackend) feedsFetched(ctx context.Context, urls []string, owner string, at time.Time) error {
	_, err := b.pool.Exec(ctx, `UPDATE feed_claims SET fetched_at = greatest(fetched_at, $3), lease_until = $3
		WHERE owner = $2 AND url = ANY($1::text[])`, urls, owner, at)
	return err
}

func (b *postgresBackend) fetchedSince(ctx context.Context, urls []string, since time.Time) ([]string, error) {
	rows, err := b.pool.Query(ctx, `SELECT url FROM feed_claims WHERE fetched_at > $2 AND url = ANY($1::text[])`, urls, since)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
