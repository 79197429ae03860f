package bot

import (
	"context"
	"slices"
	"time"
)

// Replicas share the fetch of a feed: a run claims each of its feeds in
// the store, fetches only those it got, and reads the others' articles
// from the store once their holders marked them fetched. See fetchShared.

// FeedClaims is what the runner keeps in the store to share feed fetches
// among replicas (the store package provides it, as part of Memory).
type FeedClaims interface {
	// ClaimFeeds leases to owner, until now+lease, those of urls that it
	// is to fetch for a read as fresh as since: those not marked fetched
	// after since and not held by another owner whose lease runs.
	ClaimFeeds(ctx context.Context, urls []string, owner string, since, now time.Time, lease time.Duration) ([]string, error)
	// FeedsFetched marks those of urls that owner holds as fetched at at
	// (their articles saved), ending its lease on them.
	FeedsFetched(ctx context.Context, urls []string, owner string, at time.Time) error
	// FetchedSince reports which of urls were marked fetched after since.
	FetchedSince(ctx context.Context, urls []string, since time.Time) (map[string]bool, error)
}

// feedPatience is the longest a run waits for feeds that other replicas
// hold (and renew) before it fetches them itself: a fetch that takes
// longer is fetched twice, never missed.
const feedPatience = 2 * time.Minute

// feedPoll is how often, in the runner's clock, a run waiting for
// another replica's fetch asks the store.
const feedPoll = time.Second

// fetchShared fetches feeds for a run that began at start and saves what
// it fetched as seen then, sharing the fetch with the replicas that run
// at the same time: it claims the feeds (FeedClaims.ClaimFeeds) under the
// runner's Lease, renewed every third of it while the fetch goes on, so
// that the lease only bounds how soon the feeds of a runner that died
// mid-fetch are taken up again (by a replica or a restart); it fetches
// those it got in one batch, saves their articles and marks them fetched; for each feed another replica holds it waits,
// polling the store on the runner's clock, until the holder marks it
// fetched after start — a fetch that ended after this run began, so as
// fresh as the run's own would be — and the caller then reads its
// articles from the store. A feed whose holder's lease ends without a
// mark (it died), or that was fetched before start, it claims and fetches
// itself. A single process gets every claim at once and waits for
// nothing. The feeds another replica fetched count in neither fetched nor
// errs: their failures are that replica's to report. Without an Owner it
// fetches every feed, as before claims. err is the store's.
func (r *Runner) fetchShared(ctx context.Context, f Fetcher, feeds []string, start time.Time) (fetched int, errs []error, err error) {
	if r.Owner == "" {
		arts, errs := f.Fetch(ctx, feeds, Scope{})
		return len(arts), errs, r.Memory.SaveArticles(ctx, arts, start)
	}
	// fetch fetches the feeds in list, in the brief's order, then saves
	// their articles and marks them fetched.
	fetch := func(list []string) error {
		ours := slices.DeleteFunc(slices.Clone(feeds), func(u string) bool { return !slices.Contains(list, u) })
		renewing := r.keepFeeds(ctx, list, start)
		arts, e := f.Fetch(ctx, ours, Scope{})
		renewing()
		fetched += len(arts)
		errs = append(errs, e...)
		if err := r.Memory.SaveArticles(ctx, arts, start); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err() // a fetch cut short serves no one
		}
		return r.Memory.FeedsFetched(ctx, list, r.Owner, r.now())
	}
	left := slices.Clone(feeds)
	slices.Sort(left)
	left = slices.Compact(left)
	waitFrom := r.now()
	mine, err := r.Memory.ClaimFeeds(ctx, left, r.Owner, start, waitFrom, r.lease())
	if err != nil {
		return 0, nil, err
	}
	if len(mine) > 0 {
		if err := fetch(mine); err != nil {
			return fetched, errs, err
		}
	}
	left = slices.DeleteFunc(left, func(u string) bool { return slices.Contains(mine, u) })
	shared, told := len(left), false
	for len(left) > 0 {
		done, err := r.Memory.FetchedSince(ctx, left, start)
		if err != nil {
			return fetched, errs, err
		}
		left = slices.DeleteFunc(left, func(u string) bool { return done[u] })
		if len(left) == 0 {
			break
		}
		now := r.now()
		var got []string
		if now.Sub(waitFrom) >= feedPatience {
			// Held for long without a fetch marked since this run began:
			// whoever holds them, fetch them.
			got = left
		} else if got, err = r.Memory.ClaimFeeds(ctx, left, r.Owner, start, now, r.lease()); err != nil {
			return fetched, errs, err
		}
		if len(got) > 0 {
			r.log().Info("fetching feeds another process claimed and did not fetch", "feeds", len(got))
			if err := fetch(got); err != nil {
				return fetched, errs, err
			}
			shared -= len(got)
			left = slices.DeleteFunc(left, func(u string) bool { return slices.Contains(got, u) })
			continue
		}
		if !told {
			told = true
			r.log().Debug("waiting for other processes to fetch feeds", "feeds", len(left))
		}
		select {
		case <-ctx.Done():
			return fetched, errs, ctx.Err()
		case <-r.clock().After(feedPoll):
		}
	}
	if shared > 0 {
		r.log().Debug("feeds fetched by other processes", "feeds", shared)
	}
	return fetched, errs, nil
}

// keepFeeds renews this runner's claim of the feeds in list every third
// of a lease until the returned function is called, which waits for the
// renewer to stop, or until ctx ends.
func (r *Runner) keepFeeds(ctx context.Context, list []string, start time.Time) (stop func()) {
	return r.renewEvery(ctx.Done(), func() error {
		_, err := r.Memory.ClaimFeeds(ctx, list, r.Owner, start, r.now(), r.lease())
		return err
	}, r.log(), "could not renew the claim of the feeds being fetched")
}
