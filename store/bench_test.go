package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
)

// BenchmarkOutboxCycle measures one delivery's way through the outbox:
// Enqueue, Claim, Done.
func BenchmarkOutboxCycle(b *testing.B) {
	benchStores(b, func(b *testing.B, ctx context.Context, s *Store) {
		payload := []byte(`{"title":"Leaders meet in Paris","bullets":["One.","Two.","Three."]}`)
		now := time.Now()
		i := 0
		for b.Loop() {
			id := fmt.Sprintf("d%d", i)
			i++
			if err := s.enqueue(ctx, news.Delivery{ID: id, Dest: "slack:#news", Payload: payload, NextAttempt: now, CreatedAt: now}); err != nil {
				b.Fatal(err)
			}
			ds, err := s.Claim(ctx, "w", now, time.Minute, 1)
			if err != nil || len(ds) != 1 {
				b.Fatalf("Claim = %d, %v", len(ds), err)
			}
			if err := s.Done(ctx, ds[0].ID, "w"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkMarkSeen1000 measures marking a fetch's worth of articles seen:
// 1,000 ids, half of them seen before.
func BenchmarkMarkSeen1000(b *testing.B) {
	benchStores(b, func(b *testing.B, ctx context.Context, s *Store) {
		at := time.Now()
		i := 0
		for b.Loop() {
			ids := make([]string, 1000)
			for j := range ids {
				ids[j] = fmt.Sprintf("https://news.example.org/2026/03/article-%d", i*500+j)
			}
			i++
			at = at.Add(time.Second)
			if err := s.markSeen(ctx, ids, at); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// benchArticles returns n articles of about 3 KB of text, numbered from
// first.
func benchArticles(first, n int) []news.Article {
	text := strings.Repeat("Leaders met in Paris on Saturday, and talks ran late into the night.\n", 44) // 3,036 bytes
	arts := make([]news.Article, n)
	for i := range arts {
		id := fmt.Sprintf("https://news.example.org/2026/03/article-%d", first+i)
		arts[i] = news.Article{ID: id, Title: "Leaders meet in Paris", Outlet: "Example News", URL: id + "?utm_source=rss",
			Published: time.Date(2026, 3, 28, 9, 0, 0, 0, time.UTC), Text: text, Feed: fmt.Sprintf("https://feed%d.example.org/rss", i%20)}
	}
	return arts
}

// BenchmarkSaveArticles1000 measures saving a brief's worth of articles:
// 1,000 of 3 KB, half of them saved before.
func BenchmarkSaveArticles1000(b *testing.B) {
	benchStores(b, func(b *testing.B, ctx context.Context, s *Store) {
		at := time.Now()
		b.SetBytes(int64(len(benchArticles(0, 1000)[0].Text)) * 1000)
		i := 0
		for b.Loop() {
			arts := benchArticles(i*500, 1000)
			i++
			at = at.Add(time.Second)
			if err := s.SaveArticles(ctx, arts, at); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRecentArticles5000 measures reading back 5,000 articles of
// 3 KB, as a run whose feeds all answered 304 does.
func BenchmarkRecentArticles5000(b *testing.B) {
	benchStores(b, func(b *testing.B, ctx context.Context, s *Store) {
		since := time.Now()
		for i := range 5 {
			if err := s.SaveArticles(ctx, benchArticles(i*1000, 1000), since.Add(time.Duration(i)*time.Second)); err != nil {
				b.Fatal(err)
			}
		}
		// Older articles, left out by since.
		if err := s.SaveArticles(ctx, benchArticles(5000, 1000), since.Add(-time.Hour)); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(benchArticles(0, 1)[0].Text)) * 5000)
		for b.Loop() {
			arts, err := s.RecentArticles(ctx, since, nil, 0)
			if err != nil || len(arts) != 5000 {
				b.Fatalf("RecentArticles = %d, %v; want 5000", len(arts), err)
			}
		}
	})
}

// BenchmarkPruneMonth measures the hourly prune of a month's store: 30
// days of 1,000 articles (3 KB, 20 feeds, each article listed for two
// days) and 30 stories posted a day, pruned at 20 days. The first prune
// removes ten days' rows; the ones after, as the daemon's hourly prunes,
// find little to remove but still read every article's span.
func BenchmarkPruneMonth(b *testing.B) {
	benchStores(b, func(b *testing.B, ctx context.Context, s *Store) {
		now := time.Now()
		day := 24 * time.Hour
		for d := 30; d > 0; d-- {
			at := now.Add(-time.Duration(d) * day)
			arts := benchArticles((30-d)*1000, 1000)
			if err := s.SaveArticles(ctx, arts, at); err != nil {
				b.Fatal(err)
			}
			if err := s.SaveArticles(ctx, arts, at.Add(2*day)); err != nil {
				b.Fatal(err)
			}
			for i := range 30 {
				if err := s.recordPosted(ctx, "slack:#news", fmt.Sprintf("story-%d-%d", d, i), []string{"One.", "Two."}, at.Add(time.Hour)); err != nil {
					b.Fatal(err)
				}
			}
		}
		cutoff := now.Add(-20 * day)
		for b.Loop() {
			if _, err := s.Prune(ctx, cutoff, 36*time.Hour); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// benchStores runs bench on a new, empty store of every available
// backend, each as a sub-benchmark named for it.
func benchStores(b *testing.B, bench func(b *testing.B, ctx context.Context, s *Store)) {
	for _, f := range backendFixtures(b) {
		b.Run(f.name, func(b *testing.B) {
			bench(b, context.Background(), open(b, f.newDB(b)))
		})
	}
}
