package bot

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/store"
)

// openMemory returns the runner's Memory: a real SQLite store.
func openMemory(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "bot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// postbox is a destination that records what it was given, and fails as
// told.
type postbox struct {
	mu    sync.Mutex
	name  string
	got   []news.Digest
	fails []error // returned by the next posts, in order
}

func (p *postbox) Post(ctx context.Context, d news.Digest) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.fails) > 0 {
		err := p.fails[0]
		p.fails = p.fails[1:]
		return err
	}
	p.got = append(p.got, d)
	return nil
}

func (p *postbox) Name() string { return p.name }

func (p *postbox) posts() []news.Digest {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]news.Digest(nil), p.got...)
}

// world is a brief's feeds: the articles the fake Load returns now.
type world struct {
	mu   sync.Mutex
	arts []news.Article
}

func (w *world) set(arts ...news.Article) {
	w.mu.Lock()
	w.arts = arts
	w.mu.Unlock()
}

var errDown = errors.New("connection refused")

// testRunner returns a runner over one story made of whatever articles the
// world holds, summarized as one bullet per article.
func testRunner(t *testing.T, clk *fakeClock) (*Runner, *world, *postbox, Brief) {
	w := &world{}
	box := &postbox{name: "discord:42"}
	sched := mustSchedule(t, "0 7 * * *", mustLoc(t, "Europe/Paris"))
	r := &Runner{
		Memory: openMemory(t),
		Fetcher: FetchFunc(func(ctx context.Context, feeds []string, _ Scope) ([]news.Article, []error) {
			w.mu.Lock()
			defer w.mu.Unlock()
			return append([]news.Article(nil), w.arts...), nil
		}),
		Grouper: GroupFunc(func(arts []news.Article, known []news.Story) []news.Story {
			if len(arts) == 0 {
				return nil
			}
			return []news.Story{{ID: "flood", Title: "Harwick flood barrier", Articles: arts}}
		}),
		Posters:   map[string]Poster{"discord:42": box},
		Permanent: func(err error) bool { return strings.Contains(err.Error(), "invalid token") },
		Owner:     "test",
		Now:       clk.Now,
	}
	b := Brief{Name: "morning", Feeds: []string{"https://feeds.example/rss"}, Schedule: sched, Stories: 5, Dests: []string{"discord:42"},
		Summarizer: SummarizeFunc(func(ctx context.Context, s news.Story) (news.Digest, error) {
			d := news.Digest{} // no headline of its own: the story's names it
			for i, a := range s.Articles {
				d.Articles = append(d.Articles, news.Source{Outlet: a.Outlet})
				d.Bullets = append(d.Bullets, news.Bullet{Text: a.Text, Sources: []int{i}})
			}
			return d, nil
		})}
	return r, w, box, b
}

func art(id, text string) news.Article {
	return news.Article{ID: id, Outlet: "Courier", Feed: "https://feeds.example/rss", Title: "Barrier", Text: text}
}

func TestRunBriefPostsOnceThenUpdates(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	r, w, box, b := testRunner(t, clk)
	day1 := time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"), art("a2", "The barrier will cost 86 million dollars in all"))

	if err := r.RunBrief(ctx, b, day1); err != nil {
		t.Fatal(err)
	}
	if err := r.RunBrief(ctx, b, day1); err != nil { // the same run again: claimed already
		t.Fatal(err)
	}
	if n, err := r.Deliver(ctx); err != nil || n != 1 {
		t.Fatalf("Deliver = %d, %v; want 1 delivery", n, err)
	}
	if got := box.posts(); len(got) != 1 || got[0].Title != "Harwick flood barrier" || len(got[0].Bullets) != 2 {
		t.Fatalf("posted %+v; want the story once, titled by its story, with 2 bullets", got)
	}

	// The next day nothing new: nothing is posted.
	day2 := day1.Add(24 * time.Hour)
	clk.set(day2)
	if err := r.RunBrief(ctx, b, day2); err != nil {
		t.Fatal(err)
	}
	if n, _ := r.Deliver(ctx); n != 0 {
		t.Errorf("a run with nothing new delivered %d; want 0", n)
	}

	// A new fact joins: only it is posted, as an update.
	day3 := day2.Add(24 * time.Hour)
	clk.set(day3)
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"), art("a3", "Construction of the steel gates begins in the spring"))
	if err := r.RunBrief(ctx, b, day3); err != nil {
		t.Fatal(err)
	}
	if n, _ := r.Deliver(ctx); n != 1 {
		t.Fatalf("the update was not delivered")
	}
	got := box.posts()
	last := got[len(got)-1]
	if !strings.HasPrefix(last.Title, "Update: ") || len(last.Bullets) != 1 || !strings.Contains(last.Bullets[0].Text, "steel gates") {
		t.Errorf("update = %q %+v; want only the new bullet, titled as an update", last.Title, last.Bullets)
	}
}

func TestDeliverRetriesUntilThePlatformRecovers(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	r, w, box, b := testRunner(t, clk)
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"))
	box.fails = []error{errDown, errDown, errDown}
	if err := r.RunBrief(ctx, b, clk.Now()); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if n, err := r.Deliver(ctx); err != nil || n != 0 {
			t.Fatalf("attempt %d: Deliver = %d, %v; want a failure kept for later", i+1, n, err)
		}
		if n, _ := r.Deliver(ctx); n != 0 { // not due yet
			t.Fatalf("attempt %d: retried before its backoff", i+1)
		}
		clk.advance(time.Hour) // past any backoff
	}
	if n, err := r.Deliver(ctx); err != nil || n != 1 {
		t.Fatalf("after recovery Deliver = %d, %v; want the digest delivered", n, err)
	}
	if got := box.posts(); len(got) != 1 {
		t.Errorf("posted %d times; want once", len(got))
	}
}

func TestDeliverGivesUpOnPermanentErrors(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	r, w, box, b := testRunner(t, clk)
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"))
	box.fails = []error{errors.New("discord: 401 Unauthorized: invalid token")}
	r.RunBrief(ctx, b, clk.Now())
	r.Deliver(ctx)
	clk.advance(2 * time.Hour)
	if n, _ := r.Deliver(ctx); n != 0 {
		t.Errorf("a permanently failed delivery was sent again")
	}
	if pending, _, _ := r.Memory.(*store.Store).Outbox(ctx); pending != 0 {
		t.Errorf("%d deliveries pending; want the failed one given up", pending)
	}
}

func TestUpdate(t *testing.T) {
	d := news.Digest{Title: "Barrier", Bullets: []news.Bullet{
		{Text: "The council approved the flood barrier on Tuesday"},
		{Text: "Councillors approved the barrier against floods"},
		{Text: "Work starts in spring"},
	}}
	u := Update(d, []string{"The council approved the flood barrier on Tuesday night"})
	if u.Title != "Update: Barrier" || len(u.Bullets) != 1 || u.Bullets[0].Text != "Work starts in spring" {
		t.Errorf("Update = %q %+v; want only the spring bullet", u.Title, u.Bullets)
	}
	if u := Update(d, []string{"The council approved the flood barrier", "Work starts in spring"}); len(u.Bullets) != 0 {
		t.Errorf("Update with everything posted = %+v; want no bullets", u.Bullets)
	}
}

// fakeClock is a clock that moves only when told; After fires at once when
// the clock is advanced past its time.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
}

type waiter struct {
	at time.Time
	ch chan time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, waiter{c.now.Add(d), ch})
	return ch
}

func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	c.now = t
	var keep []waiter
	for _, w := range c.waiters {
		if !w.at.After(t) {
			w.ch <- t
		} else {
			keep = append(keep, w)
		}
	}
	c.waiters = keep
	c.mu.Unlock()
}

func (c *fakeClock) advance(d time.Duration) { c.set(c.Now().Add(d)) }

// waiting reports how many timers are pending.
func (c *fakeClock) waiting() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.waiters)
}

// TestRunSchedulesAndMakesUpMissedRuns drives the daemon loop on a fake
// clock: started 20 minutes after a 07:00 run, it makes that run up at
// once; then it runs the next day's brief when the clock reaches it.
func TestRunSchedulesAndMakesUpMissedRuns(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	clk := &fakeClock{now: time.Date(2026, 11, 23, 7, 20, 0, 0, paris)}
	r, w, box, b := testRunner(t, clk)
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- r.Run(ctx, []Brief{b}, time.Hour, clk, time.Minute) }()

	waitFor(t, func() bool { return len(box.posts()) == 1 }, "the missed 07:00 run to be made up and delivered")
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"), art("a2", "Construction of the steel gates begins in the spring"))
	waitFor(t, func() bool { return clk.waiting() >= 2 }, "the loop to wait for the next run and the next poll")
	clk.set(time.Date(2026, 11, 24, 7, 0, 0, 0, paris))
	waitFor(t, func() bool { return len(box.posts()) == 2 }, "the next day's run to post its update")
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
	if got := box.posts()[1]; !strings.HasPrefix(got.Title, "Update: ") {
		t.Errorf("second post %q; want an update", got.Title)
	}
}

// waitFor polls cond until it holds, failing the test after many tries;
// it asserts an outcome, not a duration.
func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	for i := 0; i < 2000; i++ {
		if cond() {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("gave up waiting for %s", what)
}

// TestBriefFillsWithTheNextStory: a brief of one story whose top story was
// posted yesterday without new facts posts the next story instead.
func TestBriefFillsWithTheNextStory(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	r, w, box, b := testRunner(t, clk)
	b.Stories = 1
	r.Grouper = GroupFunc(func(arts []news.Article, known []news.Story) []news.Story {
		var flood, vote []news.Article
		for _, a := range arts {
			if strings.Contains(a.Text, "mayor") {
				vote = append(vote, a)
			} else {
				flood = append(flood, a)
			}
		}
		out := []news.Story{{ID: "flood", Title: "Flood barrier", Articles: flood}}
		if len(vote) > 0 {
			out = append(out, news.Story{ID: "vote", Title: "Mayor re-elected", Articles: vote})
		}
		return out
	})
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"))
	r.RunBrief(ctx, b, clk.Now())
	r.Deliver(ctx)
	clk.advance(24 * time.Hour)
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"), art("b1", "The mayor won a second term with 60 percent of the vote"))
	r.RunBrief(ctx, b, clk.Now())
	r.Deliver(ctx)
	got := box.posts()
	if len(got) != 2 || got[0].Title != "Flood barrier" || got[1].Title != "Mayor re-elected" {
		var titles []string
		for _, d := range got {
			titles = append(titles, d.Title)
		}
		t.Errorf("posted %q; want the flood story, then the mayor's in its place", titles)
	}
}

// flakyMemory is a store whose writes can be made to fail.
type flakyMemory struct {
	*store.Store
	mu        sync.Mutex
	failSent  int   // Sent fails this many more times
	failAll   error // every Sending, Retry and Sent fails with it
	sentTries int
}

func (m *flakyMemory) Sending(ctx context.Context, id, owner string, now time.Time, lease time.Duration) error {
	m.mu.Lock()
	err := m.failAll
	m.mu.Unlock()
	if err != nil {
		return err
	}
	return m.Store.Sending(ctx, id, owner, now, lease)
}

func (m *flakyMemory) Sent(ctx context.Context, id, dest, storyID string, bullets []string, post news.Post, at time.Time) error {
	m.mu.Lock()
	m.sentTries++
	fail := m.failSent > 0 || m.failAll != nil
	if m.failSent > 0 {
		m.failSent--
	}
	m.mu.Unlock()
	if fail {
		return errors.New("database or disk is full")
	}
	return m.Store.Sent(ctx, id, dest, storyID, bullets, post, at)
}

// TestDeliverRecordsBeforeSendingMore: while the store cannot record a
// post that went out, the runner retries the record and sends nothing
// else; once it can, the post is recorded and never sent again.
func TestDeliverRecordsBeforeSendingMore(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	r, w, box, b := testRunner(t, clk)
	mem := &flakyMemory{Store: r.Memory.(*store.Store), failSent: 3}
	r.Memory = mem
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"))
	if err := r.RunBrief(ctx, b, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if n, err := r.Deliver(ctx); err != nil || n != 1 {
		t.Fatalf("Deliver = %d, %v; want the post sent and, after 3 failed records, recorded", n, err)
	}
	if mem.sentTries != 4 {
		t.Errorf("Sent tried %d times; want 4 (3 failures, then the record)", mem.sentTries)
	}
	clk.advance(48 * time.Hour)
	if n, _ := r.Deliver(ctx); n != 0 || len(box.posts()) != 1 {
		t.Errorf("after the record: Deliver sent %d more, %d posts in all; want the one post only", n, len(box.posts()))
	}
}

// TestDeliverStopsWhenTheStoreCannotBeWritten: a store that cannot mark a
// delivery as being sent stops the pass before anything is sent.
func TestDeliverStopsWhenTheStoreCannotBeWritten(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	r, w, box, b := testRunner(t, clk)
	mem := &flakyMemory{Store: r.Memory.(*store.Store)}
	r.Memory = mem
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"))
	if err := r.RunBrief(ctx, b, clk.Now()); err != nil {
		t.Fatal(err)
	}
	mem.failAll = errors.New("database or disk is full")
	n, err := r.Deliver(ctx)
	if n != 0 || !errors.Is(err, ErrStoreUnavailable) || len(box.posts()) != 0 {
		t.Errorf("Deliver on an unwritable store = %d, %v, %d posts; want nothing sent and ErrStoreUnavailable", n, err, len(box.posts()))
	}
	mem.failAll = nil
	clk.advance(time.Hour) // past the lease the failed pass could not give back
	if n, err := r.Deliver(ctx); n != 1 || err != nil {
		t.Errorf("once the store is back: Deliver = %d, %v; want the post sent", n, err)
	}
}

// TestDeliverSparesAFailingDestination: after a destination fails, the
// pass leaves its other deliveries untried until the retry time, and
// still serves the other destinations.
func TestDeliverSparesAFailingDestination(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	r, w, box, b := testRunner(t, clk)
	other := &postbox{name: "slack:#news"}
	r.Posters["slack:#news"] = other
	b.Dests = []string{"discord:42", "slack:#news"}
	r.Grouper = GroupFunc(func(arts []news.Article, known []news.Story) []news.Story {
		var out []news.Story
		for _, a := range arts {
			out = append(out, news.Story{ID: a.ID, Title: a.Title, Articles: []news.Article{a}})
		}
		return out
	})
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"),
		art("a2", "The mayor won a second term with 60 percent of the vote"),
		art("a3", "Construction of the steel gates begins in the spring"))
	box.fails = []error{errDown, errDown, errDown}
	if err := r.RunBrief(ctx, b, clk.Now()); err != nil {
		t.Fatal(err)
	}
	n, err := r.Deliver(ctx)
	if err != nil || n != 3 || len(other.posts()) != 3 {
		t.Errorf("Deliver = %d, %v; want the 3 Slack posts sent", n, err)
	}
	if len(box.fails) != 2 {
		t.Errorf("the failing destination was tried %d times in one pass; want once", 3-len(box.fails))
	}
	box.fails = nil
	clk.advance(time.Hour)
	if n, err := r.Deliver(ctx); err != nil || n != 3 || len(box.posts()) != 3 {
		t.Errorf("after the backoff: Deliver = %d, %v, %d posts; want the 3 held posts sent", n, err, len(box.posts()))
	}
}

// itemProblem marks a warning of Load, as Runner.Warning recognises it.
type itemProblem struct{ error }

// TestMakeRunSortsFeedProblems: the errors of Load are sorted into feeds
// that could not be read and warnings (Runner.Warning); a run with only
// warnings is made without a FeedErrors, one with a dead feed names it
// alone; MakeRun reports what was made, and that a run made before was
// not made again.
func TestMakeRunSortsFeedProblems(t *testing.T) {
	ctx := context.Background()
	page := itemProblem{errors.New("fetch https://feeds.example/a/2: HTTP 404 (kept the feed's teaser)")}
	dead := errors.New("fetch https://gone.example/rss: HTTP 404")
	tests := []struct {
		name       string
		errs       []error
		arts       bool
		wantFailed []error
		wantWarn   int
		digested   int
	}{
		{"a page failed: a warning", []error{page}, true, nil, 1, 1},
		{"a feed failed", []error{page, dead}, true, []error{dead}, 1, 1},
		{"nothing to digest", nil, false, nil, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			day := time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)
			r, w, _, b := testRunner(t, &fakeClock{now: day})
			b.Feeds = []string{"https://feeds.example/rss", "https://gone.example/rss"}
			if tt.arts {
				w.set(art("a1", "The council approved the flood barrier on Tuesday night"))
			}
			load := r.Fetcher
			r.Fetcher = FetchFunc(func(ctx context.Context, feeds []string, scope Scope) ([]news.Article, []error) {
				arts, _ := load.Fetch(ctx, feeds, scope)
				return arts, tt.errs
			})
			r.Warning = func(err error) bool { return errors.As(err, new(itemProblem)) }
			rep, err := r.MakeRun(ctx, b, day)
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Made || rep.Feeds != 2 || len(rep.Failed) != len(tt.wantFailed) || len(rep.Warnings) != tt.wantWarn || rep.Digested != tt.digested || rep.Deliveries != tt.digested {
				t.Errorf("MakeRun = %+v; want made, 2 feeds, failed %q, %d warnings, %d digested and delivered", rep, tt.wantFailed, tt.wantWarn, tt.digested)
			}
			again, err := r.MakeRun(ctx, b, day)
			if err != nil || again.Made {
				t.Errorf("MakeRun of the same run again = %+v, %v; want it not made again", again, err)
			}

			// RunBrief: a FeedErrors for the dead feed only.
			r2, w2, _, b2 := testRunner(t, &fakeClock{now: day})
			w2.set(w.arts...)
			r2.Fetcher, r2.Warning = r.Fetcher, r.Warning
			b2.Feeds = b.Feeds
			err = r2.RunBrief(ctx, b2, day)
			var fe *FeedErrors
			if got := errors.As(err, &fe); got != (len(tt.wantFailed) > 0) {
				t.Fatalf("RunBrief = %v; want a FeedErrors: %v", err, len(tt.wantFailed) > 0)
			}
			if fe != nil && (len(fe.Errs) != 1 || fe.Errs[0] != dead || fe.Feeds != 2) {
				t.Errorf("FeedErrors = %+v; want the dead feed alone, of 2", fe)
			}
		})
	}
}

// TestDrainTriesAFailingDestinationOnce: `run --once` ends with Drain,
// which must not try a destination again after it failed, however short
// the backoff and however slow the machine: its deliveries wait for the
// next run. Here the clock moves 200 ms each time it is read, past the
// 300-ms backoff before the outbox is listed again.
func TestDrainTriesAFailingDestinationOnce(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	r, w, box, b := testRunner(t, clk)
	r.Grouper = GroupFunc(func(arts []news.Article, known []news.Story) []news.Story {
		var out []news.Story
		for _, a := range arts {
			out = append(out, news.Story{ID: a.ID, Title: a.Title, Articles: []news.Article{a}})
		}
		return out
	})
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"),
		art("a2", "The mayor won a second term with 60 percent of the vote"),
		art("a3", "Construction of the steel gates begins in the spring"))
	if err := r.RunBrief(ctx, b, clk.Now()); err != nil {
		t.Fatal(err)
	}
	r.Backoff = 300 * time.Millisecond
	r.Now = func() time.Time {
		clk.advance(200 * time.Millisecond)
		return clk.Now()
	}
	for range 20 {
		box.fails = append(box.fails, errDown)
	}
	// A Drain that loops would run until the test's deadline: end it
	// sooner, as a failure.
	dctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	rep, err := r.Drain(dctx, 0)
	if tries := 20 - len(box.fails); err != nil || tries != 1 || len(rep.Waiting) != 3 {
		t.Errorf("Drain = %d waiting, %v, after %d tries of the failing destination; want 3 waiting after 1 try", len(rep.Waiting), err, tries)
	}
}
