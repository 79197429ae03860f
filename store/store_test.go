package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
)

// A backendFixture makes fresh, empty databases of one kind.
type backendFixture struct {
	name string
	// newDB returns the data source of an empty database, removed when
	// the test ends. Opening it several times gives several "replicas".
	newDB func(tb testing.TB) string
}

// backendFixtures returns SQLite, and PostgreSQL when
// DIGESTBOT_TEST_POSTGRES names a server.
func backendFixtures(tb testing.TB) []backendFixture {
	fs := []backendFixture{{name: "sqlite", newDB: func(tb testing.TB) string {
		return filepath.Join(tb.TempDir(), "digestbot.db")
	}}}
	if pg := postgresFixture(tb); pg != nil {
		fs = append(fs, *pg)
	}
	return fs
}

// open opens dsn, failing the test on error, and closes it at the end.
func open(tb testing.TB, dsn string) *Store {
	tb.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// t0 is the suite's injected "now": not UTC, with nanoseconds, to check
// that times come back in UTC at microsecond precision.
var t0 = time.Date(2026, 3, 29, 7, 0, 0, 123456789, time.FixedZone("CEST", 2*3600))

// TestStore runs the shared suite against every available backend.
func TestStore(t *testing.T) {
	runSuite(t, []backendTest{
		{"Validators", testValidators},
		{"ValidatorCache", testValidatorCache},
		{"Seen", testSeen},
		{"Prune", testPrune},
		{"PruneKeeps", testPruneKeeps},
		{"Outbox", testOutbox},
		{"LastRuns", testLastRuns},
		{"Ping", testPing},
		{"Posted", testPosted},
		{"EnqueueIdempotent", testEnqueueIdempotent},
		{"ClaimLease", testClaimLease},
		{"ClaimLimitAndOrder", testClaimLimitAndOrder},
		{"ClaimConcurrentReplicas", testClaimConcurrent},
		{"ClaimRunExactlyOnce", testClaimRunExactlyOnce},
		{"ClaimRunWithDeliveries", testClaimRunWith},
		{"LastRun", testLastRun},
		{"ClaimFeed", testClaimFeed},
		{"FeedsFetched", testFeedsFetched},
		{"FeedClaimsRace", testFeedClaimsRace},
		{"ArticlesRoundTrip", testArticlesRoundTrip},
		{"ArticlesUpsert", testArticlesUpsert},
		{"ArticlesFilters", testArticlesFilters},
		{"ArticlesPrune", testArticlesPrune},
		{"ArticlesConcurrentReplicas", testArticlesConcurrent},
		{"MigrateTwice", testMigrateTwice},
		{"MigrateFromV1", testMigrateFromV1},
		{"MigrateLanguage", testMigrateLanguage},
		{"SchemaTooNew", testSchemaTooNew},
		{"ReopenKeepsData", testReopenKeepsData},
		{"BadArguments", testBadArguments},
		{"SendingAndSent", testSendingAndSent},
		{"Thread", testThread},
		{"Release", testRelease},
		{"Outstanding", testOutstanding},
		{"Supersede", testSupersede},
	})
}

// backendTest is one test of a suite that runs against every backend.
type backendTest struct {
	name string
	run  func(t *testing.T, f backendFixture)
}

// runSuite runs each test of suite against every available backend
// (backendFixtures), the tests of a backend in parallel.
func runSuite(t *testing.T, suite []backendTest) {
	for _, f := range backendFixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			for _, tc := range suite {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					tc.run(t, f)
				})
			}
		})
	}
}

func testValidators(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	const u = "https://example.org/feed.xml"
	if e, lm, ok, err := s.Validators(ctx, u); err != nil || ok || e != "" || lm != "" {
		t.Errorf("Validators(new) = %q, %q, %v, %v; want none", e, lm, ok, err)
	}
	for _, want := range [][2]string{{`"v1"`, "Mon, 02 Jan 2006 15:04:05 GMT"}, {`W/"v2"`, ""}} {
		if err := s.SetValidators(ctx, u, want[0], want[1]); err != nil {
			t.Fatalf("SetValidators: %v", err)
		}
		e, lm, ok, err := s.Validators(ctx, u)
		if err != nil || !ok || e != want[0] || lm != want[1] {
			t.Errorf("Validators = %q, %q, %v, %v; want %q, %q, true, nil", e, lm, ok, err, want[0], want[1])
		}
	}
	if _, _, ok, _ := s.Validators(ctx, u+"?other"); ok {
		t.Errorf("Validators(other feed) found; want none")
	}
}

func testValidatorCache(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s, err := Open(ctx, f.newDB(t))
	if err != nil {
		t.Fatal(err)
	}
	var errs []error
	c := s.ValidatorCache(ctx, func(err error) { errs = append(errs, err) })
	var _ interface {
		Get(url string) (etag, lastModified string, ok bool)
		Put(url, etag, lastModified string)
	} = c
	const u = "https://example.org/atom.xml"
	if _, _, ok := c.Get(u); ok {
		t.Errorf("Get(new) found; want none")
	}
	c.Put(u, `"abc"`, "Tue, 03 Mar 2026 10:00:00 GMT")
	if e, lm, ok := c.Get(u); !ok || e != `"abc"` || lm != "Tue, 03 Mar 2026 10:00:00 GMT" {
		t.Errorf("Get = %q, %q, %v; want the values put", e, lm, ok)
	}
	if len(errs) != 0 {
		t.Errorf("errors reported on a working store: %v", errs)
	}
	s.Close()
	if _, _, ok := c.Get(u); ok {
		t.Errorf("Get on a closed store found; want none")
	}
	c.Put(u, "x", "y")
	if len(errs) != 2 {
		t.Fatalf("errors reported on a closed store = %d (%v); want 2", len(errs), errs)
	}
	for _, err := range errs {
		if !strings.Contains(err.Error(), "store: ") || !strings.Contains(err.Error(), u) {
			t.Errorf("reported error %q; want it to name the store and %s", err, u)
		}
	}
}

func testSeen(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	if err := s.markSeen(ctx, []string{"a", "b", "a", "", "c"}, t0); err != nil {
		t.Fatalf("MarkSeen: %v", err)
	}
	if err := s.markSeen(ctx, nil, t0); err != nil {
		t.Errorf("MarkSeen(nil) = %v", err)
	}
	got, err := s.seen(ctx, []string{"a", "c", "d", "a", "https://x.test/é?q=1"})
	if err != nil {
		t.Fatalf("Seen: %v", err)
	}
	want := map[string]bool{"a": true, "c": true}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Seen = %v; want %v", got, want)
	}
	if got, err := s.seen(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("Seen(nil) = %v, %v; want empty", got, err)
	}
	// Many ids in one call.
	ids := make([]string, 2500)
	for i := range ids {
		ids[i] = fmt.Sprintf("https://news.test/%d", i)
	}
	if err := s.markSeen(ctx, ids[:2000], t0); err != nil {
		t.Fatalf("MarkSeen(2000): %v", err)
	}
	got, err = s.seen(ctx, ids)
	if err != nil {
		t.Fatalf("Seen(2500): %v", err)
	}
	if len(got) != 2000 || !got[ids[1999]] || got[ids[2000]] {
		t.Errorf("Seen(2500) found %d, [1999]=%v, [2000]=%v; want 2000, true, false", len(got), got[ids[1999]], got[ids[2000]])
	}
}

func testPrune(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	day := 24 * time.Hour
	old, recent, cutoff := t0.Add(-10*day), t0.Add(-day), t0.Add(-7*day)

	must(t, s.markSeen(ctx, []string{"old", "again"}, old))
	must(t, s.markSeen(ctx, []string{"again", "new"}, recent)) // "again" is seen later: kept
	must(t, s.recordPosted(ctx, "slack:#a", "s-old", []string{"x"}, old))
	must(t, s.recordPosted(ctx, "slack:#a", "s-new", []string{"x"}, recent))
	// Outbox: done long ago (pruned), pending and old (kept), done lately (kept).
	for _, id := range []string{"done-old", "pending-old", "done-new"} {
		must(t, s.enqueue(ctx, news.Delivery{ID: id, Dest: "slack:#a", CreatedAt: old}))
	}
	if _, err := s.Claim(ctx, "w", old, time.Minute, 10); err != nil {
		t.Fatal(err)
	}
	s.now = func() time.Time { return old }
	must(t, s.Done(ctx, "done-old", "w"))
	s.now = func() time.Time { return recent }
	must(t, s.Done(ctx, "done-new", "w"))
	s.now = time.Now
	// Runs: each brief keeps its latest.
	for _, r := range []struct {
		brief string
		at    time.Time
	}{{"morning", old.Add(-day)}, {"morning", old}, {"morning", recent}, {"weekly", old.Add(-day)}, {"weekly", old}} {
		if _, err := s.claimRun(ctx, r.brief, r.at, "w"); err != nil {
			t.Fatal(err)
		}
	}
	// Feed claims: one expired long ago.
	if _, err := s.ClaimFeeds(ctx, []string{"https://a.test/rss"}, "w", old, old, time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ClaimFeeds(ctx, []string{"https://b.test/rss"}, "w", recent, recent, time.Hour); err != nil {
		t.Fatal(err)
	}

	n, err := s.Prune(ctx, cutoff, 36*time.Hour)
	if err != nil {
		t.Fatalf("Prune: %v", err)
	}
	// seen "old", posted "s-old", outbox "done-old", feed claim a,
	// runs morning ×2 and weekly ×1.
	if want := (Pruned{Seen: 1, Posted: 1, Outbox: 1, FeedClaims: 1, Runs: 3}); n != want || n.Total() != 7 {
		t.Errorf("Prune removed %+v (%d rows); want %+v (7 rows)", n, n.Total(), want)
	}
	seen, _ := s.seen(ctx, []string{"old", "again", "new"})
	if want := map[string]bool{"again": true, "new": true}; fmt.Sprint(seen) != fmt.Sprint(want) {
		t.Errorf("after Prune, Seen = %v; want %v", seen, want)
	}
	if _, ok, _ := s.Posted(ctx, "slack:#a", "s-old"); ok {
		t.Errorf("after Prune, old story still posted")
	}
	if _, ok, _ := s.Posted(ctx, "slack:#a", "s-new"); !ok {
		t.Errorf("after Prune, recent story forgotten")
	}
	if p, _ := s.pending(ctx); p != 1 {
		t.Errorf("after Prune, Pending = %d; want 1 (pending deliveries are kept)", p)
	}
	// The pruned done delivery can be enqueued again; the kept one cannot.
	must(t, s.enqueue(ctx, news.Delivery{ID: "done-old", Dest: "slack:#a"}))
	must(t, s.enqueue(ctx, news.Delivery{ID: "done-new", Dest: "slack:#a"}))
	if p, _ := s.pending(ctx); p != 2 {
		t.Errorf("after re-enqueueing, Pending = %d; want 2", p)
	}
	for brief, want := range map[string]time.Time{"morning": recent, "weekly": old} {
		if last, ok, err := s.LastRun(ctx, brief); err != nil || !ok || !last.Equal(utc(want)) {
			t.Errorf("after Prune, LastRun(%s) = %v, %v, %v; want %v", brief, last, ok, err, want)
		}
	}
	if n, err := s.Prune(ctx, cutoff, 36*time.Hour); err != nil || n != (Pruned{}) {
		t.Errorf("second Prune = %+v, %v; want nothing removed", n, err)
	}
}

func testPosted(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	const dest, story = "discord-webhook:team", "story-42"
	if b, ok, err := s.Posted(ctx, dest, story); err != nil || ok || b != nil {
		t.Errorf("Posted(new) = %v, %v, %v; want nil, false, nil", b, ok, err)
	}
	steps := []struct {
		record, want []string
	}{
		{[]string{"Leaders met in Paris.", "Talks ran late."}, []string{"Leaders met in Paris.", "Talks ran late."}},
		{[]string{"Talks ran late.", "A deal was signed.", "A deal was signed."}, []string{"Leaders met in Paris.", "Talks ran late.", "A deal was signed."}},
		{nil, []string{"Leaders met in Paris.", "Talks ran late.", "A deal was signed."}},
		{[]string{"Émigrés protested — “loudly”."}, []string{"Leaders met in Paris.", "Talks ran late.", "A deal was signed.", "Émigrés protested — “loudly”."}},
	}
	for i, st := range steps {
		must(t, s.recordPosted(ctx, dest, story, st.record, t0.Add(time.Duration(i)*time.Hour)))
		got, ok, err := s.Posted(ctx, dest, story)
		if err != nil || !ok || !slices.Equal(got, st.want) {
			t.Errorf("step %d: Posted = %q, %v, %v; want %q, true, nil", i, got, ok, err, st.want)
		}
	}
	// Another destination, and a story posted with no bullets.
	if _, ok, _ := s.Posted(ctx, "slack:#news", story); ok {
		t.Errorf("Posted(other destination) found; want none")
	}
	must(t, s.recordPosted(ctx, "slack:#news", story, nil, t0))
	if got, ok, err := s.Posted(ctx, "slack:#news", story); err != nil || !ok || got == nil || len(got) != 0 {
		t.Errorf("Posted(no bullets) = %#v, %v, %v; want [], true, nil", got, ok, err)
	}
}

func testEnqueueIdempotent(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	d := news.Delivery{ID: "morning/2026-03-29T05:00Z/slack:#news/s1", Dest: "slack:#news", Brief: "morning", StoryID: "s1",
		Payload: []byte(`{"title":"A"}`), NextAttempt: t0, CreatedAt: t0}
	must(t, s.enqueue(ctx, d))
	d2 := d
	d2.Payload = []byte(`{"title":"B"}`)
	must(t, s.enqueue(ctx, d2))
	if n, err := s.pending(ctx); err != nil || n != 1 {
		t.Errorf("Pending after enqueueing one ID twice = %d, %v; want 1", n, err)
	}
	got, err := s.Claim(ctx, "w1", t0, time.Minute, 10)
	if err != nil || len(got) != 1 {
		t.Fatalf("Claim = %v, %v; want one delivery", got, err)
	}
	want := d
	want.Attempts = 1
	want.NextAttempt, want.CreatedAt = utc(t0), utc(t0)
	if !equalDelivery(got[0], want) {
		t.Errorf("Claim = %+v; want %+v", got[0], want)
	}
	if got[0].NextAttempt.Location() != time.UTC || got[0].NextAttempt.Nanosecond() != 123456000 {
		t.Errorf("NextAttempt = %v; want UTC with microseconds", got[0].NextAttempt)
	}
	// Done, then enqueued again: still a no-op.
	must(t, s.Done(ctx, d.ID, "w1"))
	must(t, s.enqueue(ctx, d))
	if n, _ := s.pending(ctx); n != 0 {
		t.Errorf("Pending after re-enqueueing a done delivery = %d; want 0", n)
	}
	// Zero times: due at once.
	must(t, s.enqueue(ctx, news.Delivery{ID: "now", Dest: "slack:#news"}))
	if got, err := s.Claim(ctx, "w1", time.Now().Add(time.Second), time.Minute, 10); err != nil || len(got) != 1 || got[0].ID != "now" || len(got[0].Payload) != 0 {
		t.Errorf("Claim of a delivery with zero times = %+v, %v; want it due now", got, err)
	}
}

func testClaimLease(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	lease := 30 * time.Second
	must(t, s.enqueue(ctx, news.Delivery{ID: "d1", Dest: "x", NextAttempt: t0, CreatedAt: t0}))
	must(t, s.enqueue(ctx, news.Delivery{ID: "d2", Dest: "x", NextAttempt: t0.Add(time.Minute), CreatedAt: t0}))
	must(t, s.enqueue(ctx, news.Delivery{ID: "d3", Dest: "x", NextAttempt: t0, CreatedAt: t0.Add(time.Second)}))

	claim := func(owner string, now time.Time, want ...string) []news.Delivery {
		t.Helper()
		ds, err := s.Claim(ctx, owner, now, lease, 10)
		if err != nil {
			t.Fatalf("Claim(%s): %v", owner, err)
		}
		var ids []string
		for _, d := range ds {
			ids = append(ids, d.ID)
		}
		if !slices.Equal(ids, want) {
			t.Errorf("Claim(%s, t0%+v) = %v; want %v", owner, now.Sub(t0), ids, want)
		}
		return ds
	}
	ds := claim("a", t0, "d1", "d3") // d2 not due yet
	if ds[0].Attempts != 1 {
		t.Errorf("first claim Attempts = %d; want 1", ds[0].Attempts)
	}
	claim("b", t0.Add(lease-time.Microsecond)) // a's lease still runs
	// a died: once its lease ends, b reclaims.
	ds = claim("b", t0.Add(lease), "d1", "d3")
	if ds[0].Attempts != 2 {
		t.Errorf("reclaim Attempts = %d; want 2", ds[0].Attempts)
	}
	if err := s.Done(ctx, "d1", "a"); !errors.Is(err, ErrNotOwner) {
		t.Errorf("Done by the old owner = %v; want ErrNotOwner", err)
	}
	must(t, s.Done(ctx, "d1", "b"))
	must(t, s.Done(ctx, "d1", "b")) // idempotent
	if err := s.Retry(ctx, "d1", "b", t0, "late"); !errors.Is(err, ErrNotOwner) {
		t.Errorf("Retry after Done = %v; want ErrNotOwner", err)
	}
	must(t, s.Retry(ctx, "d3", "b", t0.Add(5*time.Minute), "slack: 500 Internal Server Error"))
	if err := s.Retry(ctx, "d3", "b", t0, "again"); !errors.Is(err, ErrNotOwner) {
		t.Errorf("second Retry = %v; want ErrNotOwner (released)", err)
	}
	ds = claim("c", t0.Add(2*time.Minute), "d2") // d3 waits for its retry time
	if ds[0].Attempts != 1 || ds[0].LastError != "" {
		t.Errorf("d2 = %+v; want Attempts 1, no error", ds[0])
	}
	// At 5m, c's lease on d2 (until 2m30s) has expired too: c claims it
	// again, with d3, whose retry is due.
	ds = claim("c", t0.Add(5*time.Minute), "d2", "d3")
	if ds[0].Attempts != 2 || ds[1].Attempts != 3 || ds[1].LastError != "slack: 500 Internal Server Error" {
		t.Errorf("claim at 5m = %+v; want d2 at attempt 2, d3 at attempt 3 with its last error", ds)
	}
	must(t, s.Fail(ctx, "d3", "c", "slack: 404 channel_not_found"))
	for _, op := range []func() error{
		func() error { return s.Retry(ctx, "d3", "c", t0, "x") },
		func() error { return s.Done(ctx, "d3", "c") },
		func() error { return s.Fail(ctx, "d3", "c", "x") },
		func() error { return s.Done(ctx, "nope", "c") },
	} {
		if err := op(); !errors.Is(err, ErrNotOwner) {
			t.Errorf("finishing a failed or unknown delivery = %v; want ErrNotOwner", err)
		}
	}
	if n, _ := s.pending(ctx); n != 1 {
		t.Errorf("Pending = %d; want 1 (d2)", n)
	}
	// Failed and done deliveries are never claimed again.
	claim("d", t0.Add(time.Hour), "d2")
	// An owner whose lease expired may still finish, as long as nobody
	// claimed the delivery since.
	must(t, s.Done(ctx, "d2", "d"))
	claim("e", t0.Add(24*time.Hour))
	if n, _ := s.pending(ctx); n != 0 {
		t.Errorf("Pending = %d; want 0", n)
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func equalDelivery(a, b news.Delivery) bool {
	return a.ID == b.ID && a.Dest == b.Dest && a.Brief == b.Brief && a.StoryID == b.StoryID &&
		string(a.Payload) == string(b.Payload) && a.Attempts == b.Attempts && a.NextAttempt.Equal(b.NextAttempt) &&
		a.LastError == b.LastError && a.CreatedAt.Equal(b.CreatedAt)
}

func testClaimLimitAndOrder(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	// Enqueued newest-due first; claimed oldest-due first.
	for i := 4; i >= 0; i-- {
		must(t, s.enqueue(ctx, news.Delivery{ID: fmt.Sprintf("d%d", i), Dest: "x", NextAttempt: t0.Add(time.Duration(i) * time.Second), CreatedAt: t0}))
	}
	var got []string
	for _, owner := range []string{"a", "b", "c", "d"} {
		ds, err := s.Claim(ctx, owner, t0.Add(time.Minute), time.Hour, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) > 2 {
			t.Errorf("Claim(limit 2) returned %d", len(ds))
		}
		for _, d := range ds {
			got = append(got, d.ID)
		}
	}
	if want := []string{"d0", "d1", "d2", "d3", "d4"}; !slices.Equal(got, want) {
		t.Errorf("claimed in order %v; want %v", got, want)
	}
}

// replicas opens n stores on one database: separate connection pools, as
// separate processes would have.
func replicas(t *testing.T, f backendFixture, n int) []*Store {
	dsn := f.newDB(t)
	var ss []*Store
	for range n {
		ss = append(ss, open(t, dsn))
	}
	return ss
}

func testClaimConcurrent(t *testing.T, f backendFixture) {
	ctx := context.Background()
	ss := replicas(t, f, 3)
	const n = 60
	for i := range n {
		must(t, ss[0].enqueue(ctx, news.Delivery{ID: fmt.Sprintf("d%02d", i), Dest: "x", NextAttempt: t0, CreatedAt: t0}))
	}
	var mu sync.Mutex
	got := map[string][]string{} // id → owners
	var wg sync.WaitGroup
	for r, s := range ss {
		for w := range 3 {
			owner := fmt.Sprintf("replica%d/worker%d", r, w)
			wg.Go(func() {
				for {
					ds, err := s.Claim(ctx, owner, t0, time.Hour, 3)
					if err != nil {
						t.Errorf("Claim(%s): %v", owner, err)
						return
					}
					if len(ds) == 0 {
						return
					}
					for _, d := range ds {
						mu.Lock()
						got[d.ID] = append(got[d.ID], owner)
						mu.Unlock()
						if err := s.Done(ctx, d.ID, owner); err != nil {
							t.Errorf("Done: %v", err)
						}
					}
				}
			})
		}
	}
	wg.Wait()
	if len(got) != n {
		t.Errorf("%d deliveries claimed; want %d", len(got), n)
	}
	for id, owners := range got {
		if len(owners) != 1 {
			t.Errorf("%s claimed by %v; want exactly one owner", id, owners)
		}
	}
	if p, err := ss[1].pending(ctx); err != nil || p != 0 {
		t.Errorf("Pending = %d, %v; want 0", p, err)
	}
}

func testClaimRunExactlyOnce(t *testing.T, f backendFixture) {
	ctx := context.Background()
	ss := replicas(t, f, 3)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	keys := []time.Time{
		time.Date(2026, 3, 30, 7, 0, 0, 0, paris),
		time.Date(2026, 3, 31, 7, 0, 0, 0, paris),
	}
	for _, at := range keys {
		wins := raceClaims(t, "ClaimRun", ss, 20, func(s *Store, owner string) (bool, error) {
			return s.claimRun(ctx, "morning", at, owner)
		})
		if n := len(wins); n != 1 {
			t.Errorf("ClaimRun(morning, %v): %d winners among 60 callers on 3 replicas; want exactly 1", at, n)
		}
		// The same instant written in another zone is the same run.
		if ok, err := ss[2].claimRun(ctx, "morning", at.UTC(), "late"); err != nil || ok {
			t.Errorf("ClaimRun(same instant in UTC) = %v, %v; want false", ok, err)
		}
	}
	// Another brief at the same time is another run.
	if ok, err := ss[0].claimRun(ctx, "evening", keys[0], "x"); err != nil || !ok {
		t.Errorf("ClaimRun(other brief) = %v, %v; want true", ok, err)
	}
}

// raceClaims has perReplica callers on each of ss claim at once, with
// owners "replica{r}/g{g}", and returns the owners whose claim won. name
// prefixes the claims' errors.
func raceClaims(t *testing.T, name string, ss []*Store, perReplica int, claim func(s *Store, owner string) (bool, error)) []string {
	t.Helper()
	var (
		mu   sync.Mutex
		wins []string
		wg   sync.WaitGroup
	)
	for r, s := range ss {
		for g := range perReplica {
			owner := fmt.Sprintf("replica%d/g%d", r, g)
			wg.Go(func() {
				ok, err := claim(s, owner)
				if err != nil {
					t.Errorf("%s: %v", name, err)
				}
				if ok {
					mu.Lock()
					wins = append(wins, owner)
					mu.Unlock()
				}
			})
		}
	}
	wg.Wait()
	return wins
}

func testLastRun(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	if last, ok, err := s.LastRun(ctx, "morning"); err != nil || ok || !last.IsZero() {
		t.Errorf("LastRun(never ran) = %v, %v, %v; want zero, false, nil", last, ok, err)
	}
	for _, d := range []time.Duration{0, 48 * time.Hour, 24 * time.Hour} { // out of order
		if _, err := s.claimRun(ctx, "morning", t0.Add(d), "w"); err != nil {
			t.Fatal(err)
		}
	}
	last, ok, err := s.LastRun(ctx, "morning")
	if want := utc(t0.Add(48 * time.Hour)); err != nil || !ok || !last.Equal(want) || last.Location() != time.UTC {
		t.Errorf("LastRun = %v, %v, %v; want %v, true, nil", last, ok, err, want)
	}
	if _, ok, _ := s.LastRun(ctx, "evening"); ok {
		t.Errorf("LastRun(other brief) found a run")
	}
}

func testClaimFeed(t *testing.T, f backendFixture) {
	ctx := context.Background()
	ss := replicas(t, f, 2)
	const u = "https://example.org/rss"
	lease := 5 * time.Minute
	steps := []struct {
		replica int
		owner   string
		at      time.Duration
		want    bool
	}{
		{0, "a", 0, true},                 // free
		{1, "b", time.Minute, false},      // a holds it
		{0, "a", 2 * time.Minute, true},   // a renews, until 7m
		{1, "b", 6 * time.Minute, false},  // still a's
		{1, "b", 7 * time.Minute, true},   // a's lease ran out: a died
		{0, "a", 8 * time.Minute, false},  // now b's
		{0, "a", 12 * time.Minute, true},  // b's ran out
		{1, "b", 12 * time.Minute, false}, // taken again
	}
	for i, st := range steps {
		at := t0.Add(st.at)
		mine, err := ss[st.replica].ClaimFeeds(ctx, []string{u}, st.owner, at, at, lease)
		if got := len(mine) == 1; err != nil || got != st.want {
			t.Errorf("step %d: ClaimFeeds(%s at %v) = %v, %v; want it claimed: %v", i, st.owner, st.at, mine, err, st.want)
		}
	}
	at := t0.Add(12 * time.Minute)
	if mine, err := ss[1].ClaimFeeds(ctx, []string{u + "/other", u}, "b", at, at, lease); err != nil || !slices.Equal(mine, []string{u + "/other"}) {
		t.Errorf("ClaimFeeds(another feed and a's) = %v, %v; want only the other feed", mine, err)
	}
}

// testFeedsFetched checks how replicas share a feed's fetch: the holder's
// mark frees the feed and serves every read that began before it; a read
// that began after it claims the feed again; only the holder marks.
func testFeedsFetched(t *testing.T, f backendFixture) {
	ctx := context.Background()
	ss := replicas(t, f, 2)
	a, b := ss[0], ss[1]
	const x, y = "https://x.example/rss", "https://y.example/rss"
	lease := 2 * time.Minute
	both := []string{y, x, x, ""} // unsorted, repeated, empty: as a brief may list them
	start := t0
	mine, err := a.ClaimFeeds(ctx, both, "a", start, start, lease)
	if err != nil || !slices.Equal(mine, []string{x, y}) {
		t.Fatalf("a: ClaimFeeds = %v, %v; want both feeds", mine, err)
	}
	// b's run began a second later, while a fetches: it gets neither.
	bStart := start.Add(time.Second)
	if mine, err := b.ClaimFeeds(ctx, both, "b", bStart, bStart, lease); err != nil || len(mine) != 0 {
		t.Errorf("b: ClaimFeeds while a fetches = %v, %v; want none", mine, err)
	}
	if done, err := b.FetchedSince(ctx, both, bStart); err != nil || len(done) != 0 {
		t.Errorf("FetchedSince before any mark = %v, %v; want none", done, err)
	}
	// Only the holder marks: b's mark changes nothing.
	if err := b.FeedsFetched(ctx, both, "b", bStart.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if done, err := b.FetchedSince(ctx, both, bStart); err != nil || len(done) != 0 {
		t.Errorf("FetchedSince after a mark by a non-holder = %v, %v; want none", done, err)
	}
	// a marks x fetched after b began: x serves b's run, and frees x for
	// runs that begin later.
	end := start.Add(3 * time.Second)
	if err := a.FeedsFetched(ctx, []string{x}, "a", end); err != nil {
		t.Fatal(err)
	}
	done, err := b.FetchedSince(ctx, both, bStart)
	if want := map[string]bool{x: true}; err != nil || fmt.Sprint(done) != fmt.Sprint(want) {
		t.Errorf("FetchedSince(b's start) = %v, %v; want %v", done, err, want)
	}
	if done, err := b.FetchedSince(ctx, both, end); err != nil || len(done) != 0 {
		t.Errorf("FetchedSince(the mark's instant) = %v, %v; want none", done, err)
	}
	now := end.Add(time.Second)
	if mine, err := b.ClaimFeeds(ctx, both, "b", bStart, now, lease); err != nil || len(mine) != 0 {
		t.Errorf("b: ClaimFeeds after x was marked = %v, %v; want none (x fetched since b began, y still a's)", mine, err)
	}
	// A run that began as the mark was made claims x again at once,
	// though a's lease would run for two minutes more: the mark ended it.
	if mine, err := b.ClaimFeeds(ctx, both, "b", end, now, lease); err != nil || !slices.Equal(mine, []string{x}) {
		t.Errorf("b: ClaimFeeds of a later run = %v, %v; want x", mine, err)
	}
	// a's mark of x after losing it changes nothing; y, never marked, is
	// claimed once a's lease ends: a died.
	if err := a.FeedsFetched(ctx, []string{x}, "a", now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if done, _ := b.FetchedSince(ctx, []string{x}, end); len(done) != 0 {
		t.Errorf("a's mark of a feed it lost was kept: %v", done)
	}
	if mine, err := b.ClaimFeeds(ctx, []string{y}, "b", bStart, start.Add(lease-time.Microsecond), lease); err != nil || len(mine) != 0 {
		t.Errorf("b: ClaimFeeds(y) just before a's lease ends = %v, %v; want none", mine, err)
	}
	if mine, err := b.ClaimFeeds(ctx, []string{y}, "b", bStart, start.Add(lease), lease); err != nil || !slices.Equal(mine, []string{y}) {
		t.Errorf("b: ClaimFeeds(y) once a's lease ended = %v, %v; want y", mine, err)
	}
	if mine, err := b.ClaimFeeds(ctx, nil, "b", now, now, lease); err != nil || mine != nil {
		t.Errorf("ClaimFeeds(no feeds) = %v, %v; want nil, nil", mine, err)
	}
}

// testFeedClaimsRace checks that of replicas claiming the same feeds at
// once, each feed goes to exactly one.
func testFeedClaimsRace(t *testing.T, f backendFixture) {
	ctx := context.Background()
	ss := replicas(t, f, 4)
	feeds := make([]string, 20)
	for i := range feeds {
		feeds[i] = fmt.Sprintf("https://feeds.example/%02d", i)
	}
	got := make([][]string, len(ss))
	var wg sync.WaitGroup
	for i, s := range ss {
		wg.Go(func() {
			list := slices.Clone(feeds)
			if i%2 == 1 {
				slices.Reverse(list)
			}
			mine, err := s.ClaimFeeds(ctx, list, fmt.Sprintf("r%d", i), t0, t0, time.Minute)
			if err != nil {
				t.Errorf("replica %d: ClaimFeeds: %v", i, err)
			}
			got[i] = mine
		})
	}
	wg.Wait()
	owners := map[string]int{}
	for _, mine := range got {
		for _, u := range mine {
			owners[u]++
		}
	}
	for _, u := range feeds {
		if owners[u] != 1 {
			t.Errorf("feed %s claimed by %d replicas; want exactly 1", u, owners[u])
		}
	}
}

func testMigrateTwice(t *testing.T, f backendFixture) {
	ctx := context.Background()
	dsn := f.newDB(t)
	for i := range 2 {
		s, err := Open(ctx, dsn)
		if err != nil {
			t.Fatalf("Open #%d: %v", i+1, err)
		}
		if v, err := s.schemaVersion(ctx); err != nil || v != latestVersion() {
			t.Errorf("Open #%d: SchemaVersion = %d, %v; want %d", i+1, v, err, latestVersion())
		}
		// Migrating an up-to-date database is a no-op.
		if err := s.b.migrate(ctx, time.Now(), migrations); err != nil {
			t.Errorf("migrate again: %v", err)
		}
		s.Close()
	}
}

func testSchemaTooNew(t *testing.T, f backendFixture) {
	ctx := context.Background()
	dsn := f.newDB(t)
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	future := latestVersion() + 1
	var at any = sqlTime(time.Now())
	if f.name == "postgres" {
		at = time.Now()
	}
	if err := s.exec(ctx, fmt.Sprintf(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (%d, 'future', $1)`, future), at); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, dsn)
	if err == nil {
		s.Close()
		t.Fatalf("Open of a database from a newer build succeeded; want an error")
	}
	if !errors.Is(err, ErrSchemaTooNew) || !strings.HasPrefix(err.Error(), "store: migrate ") ||
		!strings.Contains(err.Error(), fmt.Sprint(future)) {
		t.Errorf("Open error = %q; want a store: migrate error wrapping ErrSchemaTooNew that names version %d", err, future)
	}
}

// fillKept writes one row of each kind a store keeps: validators, a seen
// article, a posted story, a pending delivery and a claimed run.
func fillKept(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	must(t, s.SetValidators(ctx, "https://a.test/rss", `"e"`, "lm"))
	must(t, s.markSeen(ctx, []string{"a1"}, t0))
	must(t, s.recordPosted(ctx, "slack:#x", "s1", []string{"b1"}, t0))
	must(t, s.enqueue(ctx, news.Delivery{ID: "d1", Dest: "slack:#x", Payload: []byte("{}"), NextAttempt: t0, CreatedAt: t0}))
	if _, err := s.claimRun(ctx, "morning", t0, "w"); err != nil {
		t.Fatal(err)
	}
}

// checkKept checks that s still holds what fillKept wrote; when says
// after what, in errors.
func checkKept(t *testing.T, s *Store, when string) {
	t.Helper()
	ctx := context.Background()
	if e, _, ok, err := s.Validators(ctx, "https://a.test/rss"); err != nil || !ok || e != `"e"` {
		t.Errorf("%s, Validators = %q, %v, %v", when, e, ok, err)
	}
	if seen, err := s.seen(ctx, []string{"a1"}); err != nil || !seen["a1"] {
		t.Errorf("%s, Seen = %v, %v", when, seen, err)
	}
	if b, ok, err := s.Posted(ctx, "slack:#x", "s1"); err != nil || !ok || !slices.Equal(b, []string{"b1"}) {
		t.Errorf("%s, Posted = %v, %v, %v", when, b, ok, err)
	}
	if n, err := s.pending(ctx); err != nil || n != 1 {
		t.Errorf("%s, Pending = %d, %v; want 1", when, n, err)
	}
}

func testReopenKeepsData(t *testing.T, f backendFixture) {
	ctx := context.Background()
	dsn := f.newDB(t)
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	fillKept(t, s)
	must(t, s.Close())

	s = open(t, dsn)
	checkKept(t, s, "after reopen")
	if ok, err := s.claimRun(ctx, "morning", t0, "w2"); err != nil || ok {
		t.Errorf("after reopen, ClaimRun of a claimed run = %v, %v; want false", ok, err)
	}
}

func testBadArguments(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	for name, err := range map[string]error{
		"Claim without owner":      func() error { _, err := s.Claim(ctx, "", t0, time.Minute, 1); return err }(),
		"Claim without lease":      func() error { _, err := s.Claim(ctx, "w", t0, 0, 1); return err }(),
		"Claim without limit":      func() error { _, err := s.Claim(ctx, "w", t0, time.Minute, 0); return err }(),
		"Enqueue without ID":       s.enqueue(ctx, news.Delivery{Dest: "x"}),
		"Enqueue without Dest":     s.enqueue(ctx, news.Delivery{ID: "x"}),
		"RecordPosted without ID":  s.recordPosted(ctx, "x", "", nil, t0),
		"ClaimRun without brief":   func() error { _, err := s.claimRun(ctx, "", t0, "w"); return err }(),
		"ClaimFeeds without owner": func() error { _, err := s.ClaimFeeds(ctx, []string{"u"}, "", t0, t0, time.Minute); return err }(),
		"ClaimFeeds without lease": func() error { _, err := s.ClaimFeeds(ctx, []string{"u"}, "w", t0, t0, -time.Minute); return err }(),
	} {
		if err == nil || !strings.HasPrefix(err.Error(), "store: ") {
			t.Errorf("%s: error %v; want a store: error", name, err)
		}
	}
	if n, _ := s.pending(ctx); n != 0 {
		t.Errorf("Pending after rejected enqueues = %d", n)
	}
}

// testClaimRunWith: replicas race to claim one run with its deliveries;
// exactly one wins, and exactly its deliveries are in the outbox.
func testClaimRunWith(t *testing.T, f backendFixture) {
	ctx := context.Background()
	ss := replicas(t, f, 3)
	at := time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)
	wins := raceClaims(t, "ClaimRunWith", ss, 10, func(s *Store, owner string) (bool, error) {
		ds := []news.Delivery{
			{ID: "run-story1-" + owner, Dest: "discord:1", Brief: "morning", StoryID: "s1", Payload: []byte(`{}`)},
			{ID: "run-story2-" + owner, Dest: "discord:1", Brief: "morning", StoryID: "s2", Payload: []byte(`{}`)},
		}
		return s.ClaimRunWith(ctx, "morning", at, owner, ds)
	})
	if n := len(wins); n != 1 {
		t.Fatalf("ClaimRunWith: %d winners; want exactly 1", n)
	}
	winner := wins[0]
	if pending, err := ss[0].pending(ctx); err != nil || pending != 2 {
		t.Errorf("Pending = %d, %v; want the winner's 2 deliveries only", pending, err)
	}
	got, err := ss[0].Claim(ctx, "w", time.Now().Add(time.Hour), time.Minute, 10)
	if err != nil || len(got) != 2 || !strings.HasSuffix(got[0].ID, winner) {
		t.Errorf("Claim = %+v, %v; want the 2 deliveries of %s", got, err, winner)
	}
	if ok, err := ss[1].claimRun(ctx, "morning", at, "late"); ok || err != nil {
		t.Errorf("ClaimRun after ClaimRunWith = %v, %v; want false", ok, err)
	}
	if _, err := ss[0].ClaimRunWith(ctx, "evening", at, "w", []news.Delivery{{ID: "", Dest: "x"}}); err == nil {
		t.Error("ClaimRunWith accepted a delivery without an ID")
	}
	if ok, _ := ss[0].claimRun(ctx, "evening", at, "w"); !ok {
		t.Error("a refused ClaimRunWith claimed its run anyway")
	}
}
