package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
)

// recent calls RecentArticles, failing the test on error, and returns the
// IDs.
func recent(t *testing.T, s *Store, since time.Time, feeds []string, limit int) []string {
	t.Helper()
	arts, err := s.RecentArticles(context.Background(), since, feeds, limit)
	if err != nil {
		t.Fatalf("RecentArticles(%v, %q, %d): %v", since, feeds, limit, err)
	}
	ids := []string{}
	for _, a := range arts {
		ids = append(ids, a.ID)
	}
	return ids
}

// articleSeen reads the first_seen and last_seen of the article id, which
// the API does not return.
func articleSeen(t *testing.T, s *Store, id string) (first, last time.Time) {
	t.Helper()
	ctx := context.Background()
	switch b := s.b.(type) {
	case *sqliteBackend:
		var f, l string
		must(t, b.r.QueryRowContext(ctx, `SELECT first_seen, last_seen FROM articles WHERE id = ?1`, id).Scan(&f, &l))
		var err error
		first, err = parseSQLTime(f)
		must(t, err)
		last, err = parseSQLTime(l)
		must(t, err)
	case *postgresBackend:
		must(t, b.pool.QueryRow(ctx, `SELECT first_seen, last_seen FROM articles WHERE id = $1`, id).Scan(&first, &last))
	default:
		t.Fatalf("unknown backend %T", s.b)
	}
	return first.UTC(), last.UTC()
}

func testArticlesRoundTrip(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	tokyo := time.FixedZone("JST", 9*3600)
	long := strings.Repeat("Paragraphe accentué, 中文, עברית, emoji 🗞️, “quotes” — dashes.\n", 5000) // ~400 KB
	arts := []news.Article{
		{
			ID: "https://apnews.com/article/paris-talks-1", Title: "Leaders meet in Paris", Outlet: "AP",
			URL: "https://apnews.com/article/paris-talks-1?utm_source=rss", Published: time.Date(2026, 3, 28, 22, 15, 0, 987654321, tokyo),
			Text: "Leaders met in Paris on Saturday.\nTalks ran late.", Feed: "https://apnews.com/rss", Language: "en",
		},
		{
			ID: "https://example.fr/société/crise", Title: "Crise : les émigrés manifestent — « fort »", Outlet: "Le Monde",
			URL: "https://example.fr/soci%C3%A9t%C3%A9/crise", Text: long, Teaser: true, Feed: "https://example.fr/flux.xml", Language: "fr",
			// Published zero: unknown.
		},
		{ID: "/srv/articles/local.txt", Title: "", Outlet: "", URL: "/srv/articles/local.txt", Text: ""}, // no feed, nothing but an ID
	}
	must(t, s.SaveArticles(ctx, arts, t0))
	got, err := s.RecentArticles(ctx, time.Time{}, nil, 0)
	if err != nil {
		t.Fatalf("RecentArticles: %v", err)
	}
	// All first seen at t0: ordered by ID.
	want := []news.Article{arts[2], arts[0], arts[1]}
	want[1].Published = utc(want[1].Published)
	if len(got) != len(want) {
		t.Fatalf("RecentArticles returned %d articles; want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("article %d = %+.200v; want %+.200v", i, got[i], want[i])
		}
	}
	if p := got[1].Published; p.Location() != time.UTC || p.Nanosecond() != 987654000 {
		t.Errorf("Published = %v; want UTC with microseconds", p)
	}
	if !got[2].Published.IsZero() || !got[0].Published.IsZero() {
		t.Errorf("unknown Published came back as %v, %v; want zero", got[2].Published, got[0].Published)
	}

	// A save larger than one PostgreSQL statement takes (~10 MB of text).
	var big []news.Article
	for i := range 3 * postgresBatchBytes / len(long) / 2 {
		big = append(big, news.Article{ID: fmt.Sprintf("big/%02d", i), Text: long})
	}
	must(t, s.SaveArticles(ctx, big, t0.Add(time.Second)))
	if got, err := s.RecentArticles(ctx, t0.Add(time.Second), nil, 0); err != nil || len(got) != len(big) || got[len(big)-1].Text != long {
		t.Errorf("after saving %d large articles, RecentArticles returned %d, %v", len(big), len(got), err)
	}
	must(t, s.exec(ctx, `DELETE FROM articles WHERE id LIKE 'big/%'`))

	// Empty input is a no-op; an article without an ID saves nothing.
	must(t, s.SaveArticles(ctx, nil, t0))
	err = s.SaveArticles(ctx, []news.Article{{ID: "https://x.test/new", Text: "x"}, {Title: "No ID"}}, t0)
	if err == nil || !strings.HasPrefix(err.Error(), "store: save 2 articles: ") || !strings.Contains(err.Error(), "No ID") {
		t.Errorf("SaveArticles(article without ID) = %v; want a store: save 2 articles error naming it", err)
	}
	if ids := recent(t, s, time.Time{}, nil, 0); len(ids) != 3 {
		t.Errorf("after a rejected save, %d articles; want 3", len(ids))
	}

	// Within one call, the last copy of an ID wins. Text PostgreSQL cannot
	// hold is cleaned the same way in both databases, and a Published no
	// database keeps well is unknown.
	must(t, s.SaveArticles(ctx, []news.Article{
		{ID: "dup", Title: "first"},
		{ID: "odd", Title: "bad \xff byte", Text: "nul\x00byte", Published: time.Date(20260, 1, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "dup", Title: "second"},
	}, t0))
	got, err = s.RecentArticles(ctx, time.Time{}, nil, 0)
	must(t, err)
	byID := map[string]news.Article{}
	for _, a := range got {
		byID[a.ID] = a
	}
	if a := byID["dup"]; a.Title != "second" {
		t.Errorf("duplicate in one call: Title = %q; want the last copy's", a.Title)
	}
	if a := byID["odd"]; a.Title != "bad \uFFFD byte" || a.Text != "nulbyte" || !a.Published.IsZero() {
		t.Errorf("odd article = %+v; want invalid UTF-8 replaced, NUL dropped, Published unknown", a)
	}
}

func testArticlesUpsert(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	h := time.Hour
	v1 := news.Article{ID: "a", Title: "Talks begin", Outlet: "AP", URL: "https://ap.test/a", Text: "Talks began.", Teaser: true, Feed: "ap"}
	v2 := news.Article{ID: "a", Title: "Talks end in a deal", Outlet: "AP", URL: "https://ap.test/a", Published: t0,
		Text: "Talks ended.\nA deal was signed.", Feed: "ap-world", Language: "en"}
	must(t, s.SaveArticles(ctx, []news.Article{v1}, t0))
	must(t, s.SaveArticles(ctx, []news.Article{{ID: "b", Feed: "ap"}}, t0.Add(h)))
	must(t, s.SaveArticles(ctx, []news.Article{v2}, t0.Add(2*h)))

	first, last := articleSeen(t, s, "a")
	if !first.Equal(utc(t0)) || !last.Equal(utc(t0.Add(2*h))) {
		t.Errorf("after resaving: first_seen, last_seen = %v, %v; want t0, t0+2h", first, last)
	}
	got, err := s.RecentArticles(ctx, t0.Add(90*time.Minute), nil, 0)
	must(t, err)
	want := v2
	want.Published = utc(want.Published)
	if len(got) != 1 || got[0] != want {
		t.Errorf("RecentArticles(since t0+90m) = %+v; want the later copy %+v", got, want)
	}
	// First seen first: "a" (t0) before "b" (t0+1h), though "a" was seen last.
	if ids := recent(t, s, t0, nil, 0); !slices.Equal(ids, []string{"a", "b"}) {
		t.Errorf("RecentArticles order = %v; want [a b]", ids)
	}

	// A copy seen before the stored one (a replica with an older run)
	// does not replace it, but moves first_seen back.
	must(t, s.SaveArticles(ctx, []news.Article{v1}, t0.Add(-h)))
	first, last = articleSeen(t, s, "a")
	if !first.Equal(utc(t0.Add(-h))) || !last.Equal(utc(t0.Add(2*h))) {
		t.Errorf("after an older copy: first_seen, last_seen = %v, %v; want t0-1h, t0+2h", first, last)
	}
	if got, _ := s.RecentArticles(ctx, time.Time{}, []string{"ap-world"}, 0); len(got) != 1 || got[0] != want {
		t.Errorf("after an older copy: article = %+v; want the later copy kept", got)
	}
	// The same time again: the new copy wins.
	v3 := v2
	v3.Text = "Talks ended."
	must(t, s.SaveArticles(ctx, []news.Article{v3}, t0.Add(2*h)))
	if got, _ := s.RecentArticles(ctx, t0.Add(2*h), nil, 0); len(got) != 1 || got[0].Text != v3.Text {
		t.Errorf("copy seen at the same time: %+v; want it to replace the stored one", got)
	}
	// A later teaser (the page failed today) keeps the full text read
	// before, and the language found in it; its title still updates.
	v4 := v3
	v4.Title, v4.Text, v4.Teaser, v4.Language = "Talks end", "Talks ended…", true, "es"
	must(t, s.SaveArticles(ctx, []news.Article{v4}, t0.Add(3*h)))
	if got, _ := s.RecentArticles(ctx, t0.Add(3*h), nil, 0); len(got) != 1 || got[0].Text != v3.Text || got[0].Teaser || got[0].Title != "Talks end" || got[0].Language != "en" {
		t.Errorf("after a later teaser: %+v; want the full text and its language kept, the title updated", got)
	}
	// A later full text brings its own language.
	v5 := v3
	v5.Text, v5.Language = "Las conversaciones terminaron.", "es"
	must(t, s.SaveArticles(ctx, []news.Article{v5}, t0.Add(4*h)))
	if got, _ := s.RecentArticles(ctx, t0.Add(4*h), nil, 0); len(got) != 1 || got[0].Text != v5.Text || got[0].Language != "es" {
		t.Errorf("after a later full text: %+v; want its text and language", got)
	}
}

func testArticlesFilters(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	m := time.Minute
	// first seen at t0+i minutes, from three feeds and none.
	feeds := []string{"https://a.test/rss", "https://b.test/rss", "", "https://a.test/rss", "https://c.test/atom", "https://b.test/rss"}
	for i, feed := range feeds {
		must(t, s.SaveArticles(ctx, []news.Article{{ID: fmt.Sprintf("n%d", i), Feed: feed}}, t0.Add(time.Duration(i)*m)))
	}
	// Two first seen at the same time: ordered by ID, in byte order.
	must(t, s.SaveArticles(ctx, []news.Article{{ID: "n6-b", Feed: feeds[0]}, {ID: "n6-B", Feed: feeds[0]}}, t0.Add(6*m)))
	// n0 seen again last: recent, but still first in order.
	must(t, s.SaveArticles(ctx, []news.Article{{ID: "n0", Feed: feeds[0]}}, t0.Add(10*m)))

	all := []string{"n0", "n1", "n2", "n3", "n4", "n5", "n6-B", "n6-b"}
	for _, tc := range []struct {
		name  string
		since time.Duration
		feeds []string
		limit int
		want  []string
	}{
		{"all", -time.Hour, nil, 0, all},
		{"since is inclusive", 3 * m, nil, 0, []string{"n0", "n3", "n4", "n5", "n6-B", "n6-b"}},
		{"since after everything", 11 * m, nil, 0, []string{}},
		{"one feed", 0, []string{"https://b.test/rss"}, 0, []string{"n1", "n5"}},
		{"two feeds, repeated", 0, []string{"https://c.test/atom", "https://b.test/rss", "https://c.test/atom"}, 0, []string{"n1", "n4", "n5"}},
		{"articles without a feed", 0, []string{""}, 0, []string{"n2"}},
		{"unknown feed", 0, []string{"https://z.test/rss"}, 0, []string{}},
		{"empty feed list", 0, []string{}, 0, []string{}},
		{"limit keeps the newest", 0, nil, 3, []string{"n5", "n6-B", "n6-b"}},
		{"limit cuts a tie by ID", 0, nil, 1, []string{"n6-b"}},
		{"limit above count", 0, nil, 100, all},
		{"all filters", 3 * m, []string{"https://a.test/rss"}, 2, []string{"n6-B", "n6-b"}},
		{"limit after filters", 0, []string{"https://a.test/rss", "https://b.test/rss"}, 3, []string{"n5", "n6-B", "n6-b"}},
	} {
		if got := recent(t, s, t0.Add(tc.since), tc.feeds, tc.limit); !slices.Equal(got, tc.want) {
			t.Errorf("%s: RecentArticles(t0%+v, %q, %d) = %v; want %v", tc.name, tc.since, tc.feeds, tc.limit, got, tc.want)
		}
	}
	if _, err := s.RecentArticles(ctx, t0, nil, -1); err == nil || !strings.HasPrefix(err.Error(), "store: recent articles: ") {
		t.Errorf("RecentArticles(limit -1) = %v; want a store: recent articles error", err)
	}
}

func testArticlesPrune(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	day := 24 * time.Hour
	old, recentAt, cutoff := t0.Add(-10*day), t0.Add(-day), t0.Add(-7*day)
	must(t, s.SaveArticles(ctx, []news.Article{{ID: "old", Text: "x"}, {ID: "again", Text: "x"}}, old))
	must(t, s.SaveArticles(ctx, []news.Article{{ID: "again", Text: "y"}, {ID: "new", Text: "y"}}, recentAt)) // "again": kept
	must(t, s.SaveArticles(ctx, []news.Article{{ID: "edge", Text: "z"}}, cutoff))                            // at the cutoff: kept
	n, err := s.Prune(ctx, cutoff, 36*time.Hour)
	if err != nil || n != (Pruned{Articles: 1}) {
		t.Errorf("Prune = %+v, %v; want 1 article removed", n, err)
	}
	if ids := recent(t, s, time.Time{}, nil, 0); !slices.Equal(ids, []string{"again", "edge", "new"}) {
		t.Errorf("after Prune, articles %v; want [again edge new]", ids)
	}
	if n, err := s.Prune(ctx, cutoff, 36*time.Hour); err != nil || n != (Pruned{}) {
		t.Errorf("second Prune = %+v, %v; want nothing removed", n, err)
	}
}

// testArticlesConcurrent saves overlapping batches, each in its own order,
// from several replicas at once: no deadlock, no error, every article
// stored once.
func testArticlesConcurrent(t *testing.T, f backendFixture) {
	ctx := context.Background()
	ss := replicas(t, f, 3)
	const n = 300
	var wg sync.WaitGroup
	for r, s := range ss {
		for g := range 3 {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(uint64(r), uint64(g)))
				for round := range 4 {
					var arts []news.Article
					for _, i := range rng.Perm(n)[:n/2] {
						arts = append(arts, news.Article{ID: fmt.Sprintf("https://news.test/%03d", i), Text: fmt.Sprintf("from %d/%d", r, g)})
					}
					if err := s.SaveArticles(ctx, arts, t0.Add(time.Duration(round)*time.Minute)); err != nil {
						t.Errorf("SaveArticles: %v", err)
						return
					}
				}
			})
		}
	}
	wg.Wait()
	ids := recent(t, ss[0], time.Time{}, nil, 0)
	slices.Sort(ids)
	if len(slices.Compact(ids)) != len(ids) || len(ids) > n || len(ids) < n/2 {
		t.Errorf("%d articles stored (%d distinct); want each of at most %d once", len(ids), len(slices.Compact(ids)), n)
	}
}

// testMigrateFromV1 upgrades the database of a build that knew only
// version 1 (released) to the latest, and checks that an older build then
// refuses it.
func testMigrateFromV1(t *testing.T, f backendFixture) {
	ctx := context.Background()
	dsn := f.newDB(t)
	s, err := openWith(ctx, dsn, migrations[:1])
	if err != nil {
		t.Fatalf("open at version 1: %v", err)
	}
	if v, err := s.schemaVersion(ctx); err != nil || v != 1 {
		t.Fatalf("SchemaVersion = %d, %v; want 1", v, err)
	}
	fillKept(t, s)
	if err := s.SaveArticles(ctx, []news.Article{{ID: "a1"}}, t0); err == nil {
		t.Errorf("SaveArticles at version 1 succeeded; want no articles table")
	}
	must(t, s.Close())

	s, err = Open(ctx, dsn)
	if err != nil {
		t.Fatalf("Open of a version-1 database: %v", err)
	}
	if v, err := s.schemaVersion(ctx); err != nil || v != latestVersion() {
		t.Errorf("after Open, SchemaVersion = %d, %v; want %d", v, err, latestVersion())
	}
	checkKept(t, s, "after migrating")
	if ds, err := s.Outstanding(ctx); err != nil || len(ds) != 1 || !ds[0].SendingAt.IsZero() || ds[0].Owner != "" {
		t.Errorf("after migrating, Outstanding = %+v, %v; want d1, free, no send begun", ds, err)
	}
	if last, ok, err := s.LastRun(ctx, "morning"); err != nil || !ok || !last.Equal(utc(t0)) {
		t.Errorf("after migrating, LastRun = %v, %v, %v", last, ok, err)
	}
	must(t, s.SaveArticles(ctx, []news.Article{{ID: "a1", Title: "T", Language: "de"}}, t0))
	if got, err := s.RecentArticles(ctx, t0, nil, 0); err != nil || len(got) != 1 || got[0].ID != "a1" || got[0].Language != "de" {
		t.Errorf("after migrating, RecentArticles = %+v, %v; want a1 in German", got, err)
	}
	must(t, s.Close())

	// The version-1 build, rolled back to, refuses the upgraded database.
	s, err = openWith(ctx, dsn, migrations[:1])
	if err == nil {
		s.Close()
		t.Fatalf("a version-1 build opened a version-%d database", latestVersion())
	}
	if want := fmt.Sprintf("version %d, this build knows up to 1", latestVersion()); !errors.Is(err, ErrSchemaTooNew) || !strings.Contains(err.Error(), want) {
		t.Errorf("version-1 build: Open = %q; want ErrSchemaTooNew saying %q", err, want)
	}
}

// testMigrateLanguage upgrades a database of the build before article
// languages (version 3): its articles come back with no language until
// they are saved again.
func testMigrateLanguage(t *testing.T, f backendFixture) {
	ctx := context.Background()
	dsn := f.newDB(t)
	s, err := openWith(ctx, dsn, migrations[:3])
	if err != nil {
		t.Fatalf("open at version 3: %v", err)
	}
	// The row as that build's SaveArticles wrote it.
	var at any = sqlTime(t0)
	if f.name == "postgres" {
		at = t0
	}
	must(t, s.exec(ctx, `INSERT INTO articles (id, title, outlet, url, published, text, teaser, feed, first_seen, last_seen)
		VALUES ('old', 'Alte Brücke', '', '', NULL, 'Die Brücke ist gesperrt.', false, 'f', $1, $1)`, at))
	must(t, s.Close())

	s, err = Open(ctx, dsn)
	if err != nil {
		t.Fatalf("Open of a version-3 database: %v", err)
	}
	defer s.Close()
	got, err := s.RecentArticles(ctx, t0, nil, 0)
	if err != nil || len(got) != 1 || got[0].Title != "Alte Brücke" || got[0].Language != "" {
		t.Fatalf("after migrating, RecentArticles = %+v, %v; want the old article, language unknown", got, err)
	}
	again := got[0]
	again.Language = "de"
	must(t, s.SaveArticles(ctx, []news.Article{again}, t0.Add(time.Hour)))
	if got, err := s.RecentArticles(ctx, t0, nil, 0); err != nil || len(got) != 1 || got[0].Language != "de" {
		t.Errorf("saved again: RecentArticles = %+v, %v; want it in German", got, err)
	}
}
