package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/netfault"
	"github.com/digestbot/digestbot/news"
)

// testPruneKeeps checks what Prune must not forget, each case in a store
// of its own: articles and posted stories are saved at times relative to
// t0, the cutoff is 30 days before t0 and the grouping window 36 hours.
func testPruneKeeps(t *testing.T, f backendFixture) {
	day := 24 * time.Hour
	cutoff, window := t0.Add(-30*day), 36*time.Hour
	type seen struct {
		id, feed    string
		first, last time.Duration // before t0
	}
	type post struct {
		dest, story string
		first, last time.Duration // before t0
	}
	tests := []struct {
		name       string
		articles   []seen
		posts      []post
		pending    []post // deliveries not done, by dest and story
		keptIDs    []string
		keptPosted []string // dest/story
	}{
		{
			name:     "a story whose article its feed still lists",
			articles: []seen{{"a", "f", 40 * day, 2 * time.Hour}},
			posts:    []post{{"slack:#a", "s", 40*day - time.Hour, 40*day - time.Hour}},
			keptIDs:  []string{"a"}, keptPosted: []string{"slack:#a/s"},
		},
		{
			name: "a story whose articles left their feed long ago",
			articles: []seen{
				{"a", "f", 40 * day, 39 * day}, // gone from f's listings since
				{"b", "f", 2 * time.Hour, 2 * time.Hour},
			},
			posts:   []post{{"slack:#a", "s", 40*day - time.Hour, 40*day - time.Hour}},
			keptIDs: []string{"b"}, keptPosted: nil,
		},
		{
			name: "a feed that has not changed since",
			articles: []seen{
				{"a", "quiet", 40 * day, 40 * day}, // the quiet feed's latest listing
				{"old", "quiet", 50 * day, 41 * day},
				{"b", "busy", time.Hour, time.Hour},
			},
			posts:   []post{{"slack:#a", "s", 40*day - time.Hour, 40*day - time.Hour}},
			keptIDs: []string{"a", "b"}, keptPosted: []string{"slack:#a/s"},
		},
		{
			name: "a story first posted after its articles' window",
			articles: []seen{
				{"a", "quiet", 40 * day, 40 * day},
			},
			posts:   []post{{"slack:#a", "s", 40*day - 37*time.Hour, 40*day - 37*time.Hour}},
			keptIDs: []string{"a"}, keptPosted: nil,
		},
		{
			name:       "a story with a delivery pending",
			posts:      []post{{"slack:#a", "s", 40 * day, 40 * day}, {"slack:#b", "s", 40 * day, 40 * day}},
			pending:    []post{{dest: "slack:#a", story: "s"}},
			keptPosted: []string{"slack:#a/s"},
		},
		{
			name:       "a story updated lately",
			posts:      []post{{"slack:#a", "s", 40 * day, day}},
			keptPosted: []string{"slack:#a/s"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, f.newDB(t))
			for _, a := range tt.articles {
				art := news.Article{ID: a.id, Feed: a.feed, Title: a.id, Text: "x"}
				must(t, s.SaveArticles(ctx, []news.Article{art}, t0.Add(-a.first)))
				must(t, s.SaveArticles(ctx, []news.Article{art}, t0.Add(-a.last)))
			}
			for _, p := range tt.posts {
				must(t, s.recordPosted(ctx, p.dest, p.story, []string{"one"}, t0.Add(-p.first)))
				must(t, s.recordPosted(ctx, p.dest, p.story, []string{"two"}, t0.Add(-p.last)))
			}
			for i, p := range tt.pending {
				must(t, s.enqueue(ctx, news.Delivery{ID: "d" + string(rune('0'+i)), Dest: p.dest, StoryID: p.story, CreatedAt: cutoff.Add(-day)}))
			}
			if _, err := s.Prune(ctx, cutoff, window); err != nil {
				t.Fatalf("Prune: %v", err)
			}
			if ids := recent(t, s, time.Time{}, nil, 0); !slices.Equal(ids, tt.keptIDs) {
				t.Errorf("after Prune, articles %v; want %v", ids, tt.keptIDs)
			}
			var kept []string
			for _, p := range tt.posts {
				if _, ok, err := s.Posted(ctx, p.dest, p.story); err != nil {
					t.Fatal(err)
				} else if ok {
					kept = append(kept, p.dest+"/"+p.story)
				}
			}
			if !slices.Equal(kept, tt.keptPosted) {
				t.Errorf("after Prune, posted %v; want %v", kept, tt.keptPosted)
			}
		})
	}
}

func testOutbox(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	if n, oldest, err := s.Outbox(ctx); err != nil || n != 0 || !oldest.IsZero() {
		t.Errorf("Outbox(empty) = %d, %v, %v; want 0, zero time, nil", n, oldest, err)
	}
	for i, id := range []string{"first", "second", "third", "fourth"} {
		must(t, s.enqueue(ctx, news.Delivery{ID: id, Dest: "slack:#a", CreatedAt: t0.Add(time.Duration(i) * time.Hour)}))
	}
	if _, err := s.Claim(ctx, "w", t0.Add(time.Hour), time.Minute, 2); err != nil { // first and second
		t.Fatal(err)
	}
	must(t, s.Done(ctx, "first", "w"))
	if n, oldest, err := s.Outbox(ctx); err != nil || n != 3 || !oldest.Equal(utc(t0.Add(time.Hour))) {
		t.Errorf("Outbox = %d, %v, %v; want 3, %v (the second, leased, counts)", n, oldest, err, utc(t0.Add(time.Hour)))
	}
	must(t, s.Fail(ctx, "second", "w", "refused"))
	if n, oldest, err := s.Outbox(ctx); err != nil || n != 2 || !oldest.Equal(utc(t0.Add(2*time.Hour))) {
		t.Errorf("Outbox = %d, %v, %v; want 2, %v (given up is not pending)", n, oldest, err, utc(t0.Add(2*time.Hour)))
	}
}

func testLastRuns(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	if m, err := s.LastRuns(ctx); err != nil || len(m) != 0 {
		t.Errorf("LastRuns(empty) = %v, %v; want none", m, err)
	}
	for i, r := range []struct {
		brief string
		at    time.Time
	}{{"morning", t0.Add(-48 * time.Hour)}, {"morning", t0.Add(-24 * time.Hour)}, {"evening", t0.Add(-30 * time.Hour)}} {
		s.now = func() time.Time { return t0.Add(time.Duration(i) * time.Minute) }
		if _, err := s.ClaimRunWith(ctx, r.brief, r.at, "w", nil); err != nil {
			t.Fatal(err)
		}
	}
	s.now = time.Now
	m, err := s.LastRuns(ctx)
	want := map[string]time.Time{"morning": utc(t0.Add(time.Minute)), "evening": utc(t0.Add(2 * time.Minute))}
	if err != nil || len(m) != len(want) || !m["morning"].Equal(want["morning"]) || !m["evening"].Equal(want["evening"]) {
		t.Errorf("LastRuns = %v, %v; want %v (when each brief's latest run was claimed)", m, err, want)
	}
}

func testPing(t *testing.T, f backendFixture) {
	s := open(t, f.newDB(t))
	if err := s.Ping(context.Background()); err != nil {
		t.Errorf("Ping = %v; want nil", err)
	}
}

func TestStoryCover(t *testing.T) {
	h := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Hour) }
	c := newStoryCover([][2]time.Time{{h(10), h(12)}, {h(0), h(1)}, {h(30), h(30)}}, 2*time.Hour)
	for _, tt := range []struct {
		at   int
		want bool
	}{{-1, false}, {0, true}, {3, true}, {4, false}, {9, false}, {10, true}, {14, true}, {15, false}, {30, true}, {32, true}, {33, false}} {
		if got := c.covers(h(tt.at)); got != tt.want {
			t.Errorf("covers(t0%+dh) = %v; want %v", tt.at, got, tt.want)
		}
	}
	if (storyCover{}).covers(t0) {
		t.Error("an empty cover covers t0")
	}
}

// TestPingSQLiteFile breaks the database file under an open store, as an
// operator's mistake or a failing disk would: Ping says so, where queries
// would go on answering from the file the store still holds open.
func TestPingSQLiteFile(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(t *testing.T, path string)
		want   string
	}{
		{"removed", func(t *testing.T, path string) { must(t, os.Remove(path)) }, "no such file"},
		{"replaced", func(t *testing.T, path string) {
			other := filepath.Join(filepath.Dir(path), "other.db")
			o := open(t, other)
			o.Close()
			must(t, os.Rename(other, path))
		}, "replaced"},
		{"overwritten", func(t *testing.T, path string) {
			must(t, os.WriteFile(path, bytes.Repeat([]byte("not a database "), 400), 0o600))
		}, "no longer an SQLite database"},
		{"truncated", func(t *testing.T, path string) { must(t, os.Truncate(path, 0)) }, "no longer an SQLite database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "digestbot.db")
			s := open(t, path)
			must(t, s.Ping(ctx))
			tt.mutate(t, path)
			err := s.Ping(ctx)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "store: ping "+path+": ") {
				t.Errorf("Ping after the file was %s = %v; want an error naming the store and saying %q", tt.name, err, tt.want)
			}
		})
	}
}

// TestPingPostgresDown reaches PostgreSQL through a loopback proxy, then
// cuts it, as a database going away would: Ping fails within its context's
// deadline, and succeeds again once the database is back.
func TestPingPostgresDown(t *testing.T) {
	pg := postgresFixture(t)
	if pg == nil {
		t.Skip("no PostgreSQL")
	}
	proxy, dsn := netfault.ForURL(t, pg.newDB(t))
	ctx := context.Background()
	s := open(t, dsn)
	must(t, s.Ping(ctx))
	proxy.SetDown(true)
	pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	err := s.Ping(pctx)
	cancel()
	if err == nil || !strings.HasPrefix(err.Error(), "store: ping postgres://") {
		t.Errorf("Ping with the database down = %v; want a store: ping error", err)
	}
	proxy.SetDown(false)
	waitPing := time.Now().Add(10 * time.Second)
	for err := s.Ping(ctx); err != nil; err = s.Ping(ctx) {
		if time.Now().After(waitPing) {
			t.Fatalf("Ping with the database back = %v; want nil", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
