package bot

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/store"
)

// failingStore cannot be read.
type failingStore struct{}

func (failingStore) RecentArticles(context.Context, time.Time, []string, int) ([]news.Article, error) {
	return nil, errors.New("database is locked")
}

// counted is a grouper that knows how many articles its background
// counts.
type counted int

func (counted) Group(arts []news.Article, known []news.Story) []news.Story { return nil }

// TestStoreBackground checks that the daemon's grouping background counts
// the store's articles of the past week, of every feed, at most once an
// hour, and keeps its last count while the store cannot be read.
func TestStoreBackground(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "bg.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 12, 7, 7, 0, 0, 0, time.UTC)
	save := func(seen time.Time, feed string, n int) {
		t.Helper()
		arts := make([]news.Article, n)
		for i := range arts {
			arts[i] = news.Article{ID: fmt.Sprintf("https://%s.example/%d/%d", feed, seen.Unix(), i), Feed: "https://" + feed + ".example/rss",
				Title: "President Harlan speaks", Text: "President Harlan spoke on Monday."}
		}
		if err := st.SaveArticles(ctx, arts, seen); err != nil {
			t.Fatal(err)
		}
	}
	save(now.Add(-30*24*time.Hour), "old", 4) // beyond the week
	save(now.Add(-3*24*time.Hour), "wire", 5)
	save(now.Add(-time.Hour), "herald", 2)

	b := &StoreBackground{Store: st, Grouper: counted(-1), Count: func(arts []news.Article) Grouper { return counted(len(arts)) }}
	if b.grouper() != counted(-1) {
		t.Fatal("before the first refresh, the grouper is not the one without a background")
	}
	b.Refresh(ctx, now)
	if got := b.grouper(); got != counted(7) {
		t.Errorf("background of the past week counts %d articles; want 7 (of two feeds, not the month-old ones)", got)
	}
	save(now, "herald", 3)
	b.Refresh(ctx, now.Add(30*time.Minute))
	if got := b.grouper(); got != counted(7) {
		t.Errorf("refreshed within the hour: %d articles; want the last count, 7", got)
	}
	b.Refresh(ctx, now.Add(2*time.Hour))
	if got := b.grouper(); got != counted(10) {
		t.Errorf("refreshed after an hour: %d articles; want 10", got)
	}

	last := b.grouper()
	b.Store = failingStore{}
	b.Refresh(ctx, now.Add(5*time.Hour))
	if b.grouper() != last {
		t.Error("a store that cannot be read replaced the last count")
	}
}
