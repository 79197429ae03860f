package bot

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/digestbot/digestbot/news"
)

// The daemon's background for story grouping: the store's articles of the
// past week, of every feed, counted at most once an hour.
const (
	backgroundWindow  = 7 * 24 * time.Hour
	backgroundLimit   = 5000
	backgroundRefresh = time.Hour
)

// RecentArticles reads a store's articles seen since a time, of some
// feeds (nil: of any), the most recent first, at most limit; Memory is
// one.
type RecentArticles interface {
	RecentArticles(ctx context.Context, since time.Time, feeds []string, limit int) ([]news.Article, error)
}

// StoreBackground is the daemon's Grouper: it weighs a name by how rare
// it is in the past week's news, and not only in one brief's input, by
// grouping with the Grouper that Count makes of the store's recent
// articles (story.Options.Background). Refresh counts them. It is safe for
// concurrent use.
type StoreBackground struct {
	// Store holds the articles counted.
	Store RecentArticles
	// Count makes a grouper weighing names against arts.
	Count func(arts []news.Article) Grouper
	// Grouper groups before the first count.
	Grouper Grouper
	// Logger, when set, hears of a store that could not be read.
	Logger *slog.Logger

	mu sync.Mutex
	g  Grouper   // Count's of the last count; nil: never counted
	at time.Time // when g was counted
}

// Refresh counts the store's articles of the week before now again when
// the last count is older than an hour. A store that cannot be read
// leaves the last count in place and is logged.
func (b *StoreBackground) Refresh(ctx context.Context, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.at.IsZero() && now.Sub(b.at) < backgroundRefresh {
		return
	}
	arts, err := b.Store.RecentArticles(ctx, now.Add(-backgroundWindow), nil, backgroundLimit)
	if err != nil {
		if b.Logger != nil {
			b.Logger.Warn("grouping background not refreshed", "err", err)
		}
		return
	}
	b.g, b.at = b.Count(arts), now
}

// Refreshing returns a Fetcher that refreshes the count, as of now(),
// before each fetch with f.
func (b *StoreBackground) Refreshing(f Fetcher, now func() time.Time) Fetcher {
	return FetchFunc(func(ctx context.Context, feeds []string, scope Scope) ([]news.Article, []error) {
		b.Refresh(ctx, now())
		return f.Fetch(ctx, feeds, scope)
	})
}

// Group groups articles with the grouper of the last count.
func (b *StoreBackground) Group(articles []news.Article, known []news.Story) []news.Story {
	return b.grouper().Group(articles, known)
}

// grouper returns the grouper of the last count, or Grouper before the
// first.
func (b *StoreBackground) grouper() Grouper {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.g == nil {
		return b.Grouper
	}
	return b.g
}
