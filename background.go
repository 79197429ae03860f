package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/story"
)

// The daemon's background for story grouping: the store's articles of the
// past week, of every feed, counted at most once an hour.
const (
	backgroundWindow  = 7 * 24 * time.Hour
	backgroundLimit   = 5000
	backgroundRefresh = time.Hour
)

// recentArticles is what storeBackground reads: the store's articles seen
// since a time, of any feed (nil), the most recent first, at most limit.
type recentArticles interface {
	RecentArticles(ctx context.Context, since time.Time, feeds []string, limit int) ([]news.Article, error)
}

// storeBackground keeps the term counts of a store's recent articles, so
// that story grouping weighs a name by how rare it is in the past week's
// news and not only in one brief's input (story.Options.Background). It is
// safe for concurrent use; its zero value with a store is ready.
type storeBackground struct {
	store recentArticles
	log   *slog.Logger

	mu sync.Mutex
	bg *story.Background
	at time.Time // when bg was counted; zero: never
}

// refresh counts the store's articles of the week before now again when
// the last count is older than backgroundRefresh. A store that cannot be
// read leaves the last count in place and is logged.
func (b *storeBackground) refresh(ctx context.Context, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.at.IsZero() && now.Sub(b.at) < backgroundRefresh {
		return
	}
	arts, err := b.store.RecentArticles(ctx, now.Add(-backgroundWindow), nil, backgroundLimit)
	if err != nil {
		if b.log != nil {
			b.log.Warn("grouping background not refreshed", "err", err)
		}
		return
	}
	b.bg, b.at = story.NewBackground(arts), now
}

// get returns the last count; nil before the first.
func (b *storeBackground) get() *story.Background {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.bg
}
