package bot

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/store"
)

// newsroom is a loopback server of plain-text feeds, one article a line,
// that counts each feed's requests and can hold them until released.
type newsroom struct {
	srv     *httptest.Server
	mu      sync.Mutex
	fetches map[string]int // path → requests
	hold    chan struct{}  // when set, requests wait until it is closed
	arrived chan string    // each request's path, when set
}

func newNewsroom(t *testing.T) *newsroom {
	n := &newsroom{fetches: map[string]int{}}
	n.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.mu.Lock()
		n.fetches[r.URL.Path]++
		hold, arrived := n.hold, n.arrived
		n.mu.Unlock()
		if arrived != nil {
			arrived <- r.URL.Path
		}
		if hold != nil {
			<-hold
		}
		fmt.Fprintf(w, "The council of %s approved the flood barrier on Tuesday night\n", r.URL.Path)
		fmt.Fprintf(w, "The barrier in %s will cost 86 million dollars in all\n", r.URL.Path)
	}))
	t.Cleanup(n.srv.Close)
	return n
}

func (n *newsroom) feeds(names ...string) []string {
	out := make([]string, len(names))
	for i, name := range names {
		out[i] = n.srv.URL + "/" + name
	}
	return out
}

// counts returns each feed's requests so far.
func (n *newsroom) counts() map[string]int {
	n.mu.Lock()
	defer n.mu.Unlock()
	m := make(map[string]int, len(n.fetches))
	for k, v := range n.fetches {
		m[k] = v
	}
	return m
}

// fetcher reads the newsroom's feeds over HTTP, one after another.
func (n *newsroom) fetcher() Fetcher {
	return FetchFunc(func(ctx context.Context, feeds []string, _ Scope) ([]news.Article, []error) {
		var arts []news.Article
		var errs []error
		for _, feed := range feeds {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, feed, nil)
			resp, err := n.srv.Client().Do(req)
			if err != nil {
				errs = append(errs, fmt.Errorf("fetch %s: %w", feed, err))
				continue
			}
			sc := bufio.NewScanner(resp.Body)
			for i := 0; sc.Scan(); i++ {
				arts = append(arts, news.Article{ID: fmt.Sprintf("%s#%d", feed, i), Feed: feed, Outlet: "Courier", Title: "Barrier", Text: sc.Text()})
			}
			resp.Body.Close()
		}
		return arts, errs
	})
}

// replica returns a runner named owner on its own connection to the
// SQLite file db, on the clock clk, reading n's feeds, and the brief it
// runs, posting one story to a postbox.
func (n *newsroom) replica(t *testing.T, db, owner string, clk *fakeClock, feeds []string) (*Runner, Brief, *postbox) {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	box := &postbox{name: "discord:42"}
	r := &Runner{
		Memory:  st,
		Fetcher: n.fetcher(),
		Grouper: GroupFunc(func(arts []news.Article, known []news.Story) []news.Story {
			if len(arts) == 0 {
				return nil
			}
			return []news.Story{{ID: "flood", Title: "Flood barrier", Articles: arts}}
		}),
		Posters: map[string]Poster{"discord:42": box},
		Owner:   owner,
		Now:     clk.Now,
		Clock:   clk,
	}
	b := Brief{Name: "morning", Feeds: feeds, Schedule: mustSchedule(t, "0 7 * * *", time.UTC), Stories: 1, Dests: []string{"discord:42"},
		Summarizer: SummarizeFunc(func(ctx context.Context, s news.Story) (news.Digest, error) {
			d := news.Digest{}
			for i, a := range s.Articles {
				d.Articles = append(d.Articles, news.Source{Outlet: a.Outlet})
				d.Bullets = append(d.Bullets, news.Bullet{Text: a.Text, Sources: []int{i}})
			}
			return d, nil
		})}
	return r, b, box
}

type made struct {
	rep RunReport
	err error
}

// makeRun runs r's brief b for scheduled in the background.
func makeRun(r *Runner, b Brief, scheduled time.Time) chan made {
	ch := make(chan made, 1)
	go func() {
		rep, err := r.MakeRun(context.Background(), b, scheduled)
		ch <- made{rep, err}
	}()
	return ch
}

// TestReplicasShareFeedFetches runs one scheduled brief on two runners
// sharing one store: the first claims and fetches every feed while the
// second waits for its fetch, then both group the same articles, and
// exactly one run is made and posted. The next day's run fetches afresh.
func TestReplicasShareFeedFetches(t *testing.T) {
	ctx := context.Background()
	n := newNewsroom(t)
	feeds := n.feeds("courier", "herald", "gazette")
	db := filepath.Join(t.TempDir(), "shared.db")
	day1 := time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)
	clk := &fakeClock{now: day1}
	a, b, boxA := n.replica(t, db, "replica-a", clk, feeds)
	r2, _, boxB := n.replica(t, db, "replica-b", clk, feeds)

	hold := make(chan struct{})
	var once sync.Once
	release := func() { once.Do(func() { close(hold) }) }
	t.Cleanup(release) // a failed test must not leave a request held
	n.mu.Lock()
	n.hold, n.arrived = hold, make(chan string, 10)
	arrived := n.arrived
	n.mu.Unlock()
	doneA := makeRun(a, b, day1)
	<-arrived // a claimed the feeds and fetches the first
	doneB := makeRun(r2, b, day1)
	// Two timers: a's renewal of its claim, and b's next poll.
	waitFor(t, func() bool { return clk.waiting() >= 2 }, "b to wait for a's fetch")
	if got := n.counts(); len(got) != 1 {
		t.Errorf("requests while b waits: %v; want only a's first", got)
	}
	// a's fetch ends after b began, half a poll later.
	clk.advance(feedPoll / 2)
	n.mu.Lock()
	n.hold, n.arrived = nil, nil
	n.mu.Unlock()
	release()
	resA := <-doneA
	clk.advance(feedPoll / 2) // b polls again, and finds the feeds fetched
	resB := <-doneB
	if resA.err != nil || resB.err != nil {
		t.Fatalf("MakeRun: a %v, b %v", resA.err, resB.err)
	}
	for _, f := range feeds {
		path := strings.TrimPrefix(f, n.srv.URL)
		if got := n.counts()[path]; got != 1 {
			t.Errorf("feed %s fetched %d times; want once for both runners", path, got)
		}
	}
	if resA.rep.Articles != 6 || resB.rep.Articles != 0 {
		t.Errorf("articles fetched: a %d, b %d; want 6 and 0", resA.rep.Articles, resB.rep.Articles)
	}
	if resA.rep.Recent != 6 || resB.rep.Recent != 6 {
		t.Errorf("articles grouped: a %d, b %d; want 6 each", resA.rep.Recent, resB.rep.Recent)
	}
	if resA.rep.Made == resB.rep.Made {
		t.Errorf("runs made: a %v, b %v; want exactly one", resA.rep.Made, resB.rep.Made)
	}
	for _, r := range []*Runner{a, r2} {
		if _, err := r.Deliver(ctx); err != nil {
			t.Fatal(err)
		}
	}
	posts := append(boxA.posts(), boxB.posts()...)
	if len(posts) != 1 || len(posts[0].Bullets) != 6 {
		t.Errorf("posted %+v; want one digest of the six articles", posts)
	}

	// The next day, b runs alone: the marks of yesterday's fetch are
	// older than its run, so it fetches every feed itself, without a wait.
	day2 := day1.Add(24 * time.Hour)
	clk.set(day2)
	rep, err := r2.MakeRun(ctx, b, day2)
	if err != nil || !rep.Made || rep.Articles != 6 {
		t.Errorf("next day's run = %+v, %v; want it made from 6 articles fetched", rep, err)
	}
	for _, f := range feeds {
		if got := n.counts()[strings.TrimPrefix(f, n.srv.URL)]; got != 2 {
			t.Errorf("feed %s fetched %d times over two days; want 2", f, got)
		}
	}
}

// TestReplicaFetchesWhatADeadHolderClaimed: a process claimed one of a
// brief's feeds and died before it fetched it. The runner fetches the
// other feed at once, waits for the dead one's lease to end, then fetches
// that feed itself and makes the run from both.
func TestReplicaFetchesWhatADeadHolderClaimed(t *testing.T) {
	ctx := context.Background()
	n := newNewsroom(t)
	feeds := n.feeds("courier", "herald")
	db := filepath.Join(t.TempDir(), "shared.db")
	day1 := time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)
	clk := &fakeClock{now: day1}
	r, b, box := n.replica(t, db, "replica-b", clk, feeds)
	dead, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer dead.Close()
	lease := r.lease()
	if mine, err := dead.ClaimFeeds(ctx, feeds[1:], "replica-a", day1, day1, lease); err != nil || len(mine) != 1 {
		t.Fatalf("dead replica's ClaimFeeds = %v, %v", mine, err)
	}

	done := makeRun(r, b, day1)
	// Two timers: the renewal of its claim while it fetched the courier,
	// and its next poll.
	waitFor(t, func() bool { return clk.waiting() >= 2 }, "the runner to wait for the dead replica's feed")
	if got := n.counts(); got["/courier"] != 1 || got["/herald"] != 0 {
		t.Errorf("requests while the dead replica's lease runs: %v; want the courier only", got)
	}
	// The poll before the lease ends finds the feed still held.
	clk.advance(lease - feedPoll)
	waitFor(t, func() bool { return clk.waiting() >= 1 }, "the runner to wait again")
	if got := n.counts()["/herald"]; got != 0 {
		t.Errorf("herald fetched %d times before the dead replica's lease ended; want 0", got)
	}
	clk.advance(feedPoll)
	res := <-done
	if res.err != nil || !res.rep.Made || res.rep.Articles != 4 || res.rep.Recent != 4 {
		t.Fatalf("MakeRun = %+v, %v; want it made from 4 articles fetched", res.rep, res.err)
	}
	if got := n.counts(); got["/courier"] != 1 || got["/herald"] != 1 {
		t.Errorf("requests: %v; want each feed once", got)
	}
	if _, err := r.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	if posts := box.posts(); len(posts) != 1 || len(posts[0].Bullets) != 4 {
		t.Errorf("posted %+v; want one digest of four articles", posts)
	}
}
