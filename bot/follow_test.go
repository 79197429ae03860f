package bot

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/store"
)

// platform is the chat platforms' side of following: a postbox per
// channel, shared by replicas as the real platforms are.
type platform struct {
	mu    sync.Mutex
	boxes map[string]*postbox
}

// poster is Runner.Channels: the channel's postbox; a Discord channel has
// no token.
func (p *platform) poster(dest string) (Poster, error) {
	if strings.HasPrefix(dest, "discord:") {
		return nil, errors.New(dest + ": no bot token: set DISCORD_BOT_TOKEN")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.boxes == nil {
		p.boxes = map[string]*postbox{}
	}
	if p.boxes[dest] == nil {
		p.boxes[dest] = &postbox{name: dest}
	}
	return p.boxes[dest], nil
}

func (p *platform) posts(dest string) []news.Digest {
	box, _ := p.poster(dest)
	return box.(*postbox).posts()
}

// byTitle groups articles into one story per headline, its ID made of it.
var byTitle = GroupFunc(func(arts []news.Article, _ []news.Story) []news.Story {
	var stories []news.Story
	at := map[string]int{}
	for _, a := range arts {
		i, ok := at[a.Title]
		if !ok {
			i = len(stories)
			at[a.Title] = i
			stories = append(stories, news.Story{ID: "story " + a.Title, Title: a.Title})
		}
		stories[i].Articles = append(stories[i].Articles, a)
	}
	return stories
})

// oneBulletEach digests a story as one bullet per article.
var oneBulletEach = SummarizeFunc(func(ctx context.Context, s news.Story) (news.Digest, error) {
	d := news.Digest{}
	for i, a := range s.Articles {
		d.Articles = append(d.Articles, news.Source{Outlet: a.Outlet, Title: a.Title, URL: a.URL})
		d.Bullets = append(d.Bullets, news.Bullet{Text: a.Text, Sources: []int{i}})
	}
	return d, nil
})

// followWorld is a daemon's following over a real SQLite store: its
// replicas share the file, the feeds and the platform.
type followWorld struct {
	t        *testing.T
	db       string
	clk      *fakeClock
	feeds    *world
	platform *platform
}

func newFollowWorld(t *testing.T) *followWorld {
	return &followWorld{t: t, db: filepath.Join(t.TempDir(), "follow.db"),
		clk: &fakeClock{now: time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)}, feeds: &world{}, platform: &platform{}}
}

// replica returns one process: a runner, its follow run and its answers.
func (w *followWorld) replica(owner string) (*Runner, Brief, *Following) {
	st, err := store.Open(context.Background(), w.db)
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { st.Close() })
	r := &Runner{
		Memory: st,
		Fetcher: FetchFunc(func(ctx context.Context, feeds []string, _ Scope) ([]news.Article, []error) {
			w.feeds.mu.Lock()
			defer w.feeds.mu.Unlock()
			return append([]news.Article(nil), w.feeds.arts...), nil
		}),
		Grouper:  byTitle,
		Channels: w.platform.poster,
		Owner:    owner,
		Now:      w.clk.Now,
	}
	b := Brief{Name: FollowRun, Feeds: []string{"https://feeds.example/rss"}, Schedule: EverySchedule(15 * time.Minute), Summarizer: oneBulletEach, Follows: st}
	return r, b, &Following{Runner: r, Brief: b, Every: 15 * time.Minute}
}

// story is an article of the story headlined title, published at.
func story(title, id, text string, at time.Time) news.Article {
	return news.Article{ID: id, Title: title, Outlet: "Courier " + id, URL: "https://news.example/" + id, Feed: "https://feeds.example/rss", Text: text, Published: at}
}

const barrier = "Harwick council approves flood barrier"

func slackFollow(action string, words ...string) FollowRequest {
	return FollowRequest{Action: action, Words: words, Platform: "slack", Team: "T1", Channel: "C1", User: "U1"}
}

// check makes the follow run of the tick and delivers; it returns how
// many deliveries the run enqueued.
func check(t *testing.T, r *Runner, b Brief, tick time.Time) int {
	t.Helper()
	rep, err := r.MakeRun(context.Background(), b, tick)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Deliver(context.Background()); err != nil {
		t.Fatal(err)
	}
	return rep.Deliveries
}

func bulletTexts(d news.Digest) []string {
	var out []string
	for _, b := range d.Bullets {
		out = append(out, b.Text)
	}
	return out
}

// TestFollowPostsOnceThenNewFacts follows a story from a channel: the
// next check posts its digest, a check without news posts nothing, an
// article with a new fact posts an update of that fact alone, and after
// unfollow nothing more comes.
func TestFollowPostsOnceThenNewFacts(t *testing.T) {
	ctx := context.Background()
	w := newFollowWorld(t)
	r, b, f := w.replica("one")
	now := w.clk.Now()
	w.feeds.set(story(barrier, "a1", "The council approved the flood barrier on Tuesday night.", now.Add(-2*time.Hour)),
		story("Paris summit ends", "p1", "Leaders left Paris without a deal.", now.Add(-time.Hour)))

	reply, err := f.Answer(ctx, slackFollow("follow", "Flood", "barrier"))
	if err != nil || !strings.Contains(reply, "Following “flood barrier” in this channel: “"+barrier+"”") || !strings.Contains(reply, "every 15 minutes") {
		t.Fatalf("follow = %q, %v; want it to name the story followed and how often it is checked", reply, err)
	}
	tick := now.Truncate(15 * time.Minute).Add(15 * time.Minute)
	if n := check(t, r, b, tick); n != 1 {
		t.Errorf("first check enqueued %d deliveries; want 1", n)
	}
	posts := w.platform.posts("slack:T1/C1")
	if len(posts) != 1 || posts[0].Title != barrier || len(posts[0].Bullets) != 1 {
		t.Fatalf("after the first check the channel got %+v; want the story's digest", posts)
	}

	if n := check(t, r, b, tick.Add(15*time.Minute)); n != 0 || len(w.platform.posts("slack:T1/C1")) != 1 {
		t.Errorf("a check without news enqueued %d and the channel has %d posts; want nothing new", n, len(w.platform.posts("slack:T1/C1")))
	}

	w.clk.mu.Lock()
	w.clk.now = w.clk.now.Add(40 * time.Minute)
	w.clk.mu.Unlock()
	w.feeds.set(story(barrier, "a1", "The council approved the flood barrier on Tuesday night.", now.Add(-2*time.Hour)),
		story(barrier, "a2", "Building the barrier will cost 86 million dollars.", now.Add(30*time.Minute)))
	if n := check(t, r, b, tick.Add(30*time.Minute)); n != 1 {
		t.Errorf("a check after a new fact enqueued %d deliveries; want 1", n)
	}
	posts = w.platform.posts("slack:T1/C1")
	if len(posts) != 2 || posts[1].Title != "Update: "+barrier || fmt.Sprint(bulletTexts(posts[1])) != "[Building the barrier will cost 86 million dollars.]" {
		t.Fatalf("after the new fact the channel got %+v; want one update with the new fact alone", posts[1:])
	}

	if reply, err := f.Answer(ctx, slackFollow("unfollow", "1")); err != nil || reply != "Stopped following “flood barrier” in this channel." {
		t.Fatalf("unfollow 1 = %q, %v", reply, err)
	}
	w.feeds.set(story(barrier, "a1", "The council approved the flood barrier on Tuesday night.", now.Add(-2*time.Hour)),
		story(barrier, "a2", "Building the barrier will cost 86 million dollars.", now.Add(30*time.Minute)),
		story(barrier, "a3", "Work on the barrier starts in June next year.", now.Add(35*time.Minute)))
	if n := check(t, r, b, tick.Add(45*time.Minute)); n != 0 || len(w.platform.posts("slack:T1/C1")) != 2 {
		t.Errorf("after unfollow a check enqueued %d and the channel has %d posts; want nothing more", n, len(w.platform.posts("slack:T1/C1")))
	}
}

// TestFollowReplicas runs two replicas over one store: each check is
// made by one of them, and each post goes out once.
func TestFollowReplicas(t *testing.T) {
	ctx := context.Background()
	w := newFollowWorld(t)
	r1, b1, f1 := w.replica("one")
	r2, b2, _ := w.replica("two")
	now := w.clk.Now()
	w.feeds.set(story(barrier, "a1", "The council approved the flood barrier on Tuesday night.", now.Add(-2*time.Hour)))
	if _, err := f1.Answer(ctx, slackFollow("follow", "flood", "barrier")); err != nil {
		t.Fatal(err)
	}
	replicas := []struct {
		r *Runner
		b Brief
	}{{r1, b1}, {r2, b2}}
	// Both make the check, then both deliver, each step at once.
	both := func(tick time.Time) {
		var wg sync.WaitGroup
		var mu sync.Mutex
		made := 0
		for _, rb := range replicas {
			wg.Go(func() {
				rep, err := rb.r.MakeRun(ctx, rb.b, tick)
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				made += map[bool]int{true: 1}[rep.Made]
				mu.Unlock()
			})
		}
		wg.Wait()
		if pending, err := r1.Memory.Outstanding(ctx); made != 1 || len(pending) != 1 || err != nil {
			t.Errorf("check of %s: made by %d replicas, %d deliveries pending (%v); want 1 and 1", tick.Format("15:04"), made, len(pending), err)
		}
		for _, rb := range replicas {
			wg.Go(func() {
				if _, err := rb.r.Deliver(ctx); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	tick := now.Truncate(15 * time.Minute).Add(15 * time.Minute)
	both(tick)
	w.feeds.set(story(barrier, "a1", "The council approved the flood barrier on Tuesday night.", now.Add(-2*time.Hour)),
		story(barrier, "a2", "Building the barrier will cost 86 million dollars.", now.Add(-time.Hour)))
	both(tick.Add(15 * time.Minute))
	posts := w.platform.posts("slack:T1/C1")
	if len(posts) != 2 || len(posts[0].Bullets) != 1 || posts[1].Title != "Update: "+barrier {
		t.Errorf("two replicas, two checks, one new fact: the channel got %d posts (%+v); want the digest and one update", len(posts), posts)
	}
}

// TestFollowAnswers checks the replies: the list, the limit, unfollow by
// words, a channel without a token, and words that name nothing.
func TestFollowAnswers(t *testing.T) {
	ctx := context.Background()
	w := newFollowWorld(t)
	_, _, f := w.replica("one")
	f.Limit = 2
	now := w.clk.Now()
	w.feeds.set(story(barrier, "a1", "The council approved the flood barrier on Tuesday night.", now.Add(-2*time.Hour)))
	steps := []struct {
		q    FollowRequest
		want string
	}{
		{slackFollow("following"), "This channel follows no story."},
		{slackFollow("follow", "the", "of"), "Say what to follow"},
		{slackFollow("follow", "volcano"), "Following “volcano” in this channel. No recent story matches it yet"},
		{slackFollow("follow", "barrier"), "Following “barrier” in this channel: “" + barrier + "”"},
		{slackFollow("follow", "Barrier"), "This channel follows “barrier” already (“" + barrier + "”)."},
		{slackFollow("follow", "paris"), "This channel follows 2 stories, the most it may."},
		{slackFollow("following"), "This channel follows 2 stories (at most 2):\n1. “volcano”, since 4 May 2026\n2. “barrier” (“" + barrier + "”), since 4 May 2026\n"},
		{slackFollow("unfollow", "3"), "This channel follows 2 stories; there is no number 3."},
		{slackFollow("unfollow", "Volcano"), "Stopped following “volcano” in this channel."},
		{slackFollow("unfollow", "volcano"), "This channel does not follow “volcano”."},
		{slackFollow("follow", "paris"), "Following “paris” in this channel."},
		{FollowRequest{Action: "follow", Words: []string{"barrier"}, Platform: "discord", Channel: "42"}, "Following needs the bot's token to post updates in this channel: ask whoever runs digestbot to set DISCORD_BOT_TOKEN."},
		{FollowRequest{Action: "following", Platform: "slack", Channel: "C1"}, "Stories can be followed only in a channel."},
	}
	for _, s := range steps {
		got, err := f.Answer(ctx, s.q)
		if err != nil || !strings.HasPrefix(got, s.want) {
			t.Errorf("%s %v = %q, %v; want it to begin %q", s.q.Action, s.q.Words, got, err, s.want)
		}
	}
}

// TestFollowed checks which stories a subscription follows in a check.
func TestFollowed(t *testing.T) {
	made := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	before, after := made.Add(-time.Hour), made.Add(time.Hour)
	sub := news.Subscription{Words: "flood barrier", StoryID: "followed", Created: made}
	st := func(id, title, text string, at time.Time) news.Story {
		return news.Story{ID: id, Title: title, Articles: []news.Article{{Title: title, Text: text, Published: at, Outlet: id}}}
	}
	tests := []struct {
		name    string
		stories []news.Story
		want    string
	}{
		{"the story followed, however old", []news.Story{st("x", "Other", "x", before), st("followed", "Council vote", "No match here", before)}, "[1]"},
		{"a later story with the words in its headline", []news.Story{st("new", "Flood barrier opens", "x", after)}, "[0]"},
		{"a later story with the words in its lead", []news.Story{st("new", "Harwick", "The flood barrier opened.\nMore.", after)}, "[0]"},
		{"the words deeper in the text only", []news.Story{st("new", "Harwick", "Opening.\nThe flood barrier opened.", after)}, "[]"},
		{"an older story with the words", []news.Story{st("old", "Flood barrier opens", "x", before)}, "[]"},
		{"one word missing", []news.Story{st("new", "Flood warning", "x", after)}, "[]"},
		{"at most three, the story followed first", []news.Story{
			st("a", "Flood barrier a", "x", after), st("b", "Flood barrier b", "x", after), st("c", "Flood barrier c", "x", after),
			st("followed", "Council vote", "x", before)}, "[3 0 1]"},
	}
	for _, tc := range tests {
		if got := fmt.Sprint(followed(sub, tc.stories)); got != tc.want {
			t.Errorf("%s: followed = %s; want %s", tc.name, got, tc.want)
		}
	}
}

// TestFollowOutcome checks run --once's line about the follow run.
func TestFollowOutcome(t *testing.T) {
	b := Brief{Name: FollowRun, Follows: openMemory(t)}
	feedErr := errors.New("read https://feeds.example/rss: 503")
	tests := []struct {
		rep    RunReport
		want   string
		failed bool
	}{
		{RunReport{}, "", false}, // no subscriptions, or made already
		{RunReport{Made: true, Feeds: 2}, "", false},
		{RunReport{Made: true, Feeds: 2, Failed: []error{feedErr}}, "1 of 2 feeds could not be read", true},
	}
	for _, tc := range tests {
		line, failed := onceOutcome(b, tc.rep, time.Now(), nil)
		if !strings.HasPrefix(line, tc.want) || failed != tc.failed || tc.want == "" && line != "" {
			t.Errorf("onceOutcome(%+v) = %q, %v; want %q, %v", tc.rep, line, failed, tc.want, tc.failed)
		}
	}
}

// TestFollowDest checks the destination keys of channels.
func TestFollowDest(t *testing.T) {
	for _, tc := range []struct{ platform, team, channel, want string }{
		{"slack", "T1", "C1", "slack:T1/C1"},
		{"discord", "G1", "42", "discord:42"},
		{"discord", "", "42", "discord:42"},
		{"slack", "", "C1", ""},
		{"slack", "T1", "", ""},
		{"teams", "T1", "C1", ""},
	} {
		if got := FollowDest(tc.platform, tc.team, tc.channel); got != tc.want {
			t.Errorf("FollowDest(%q, %q, %q) = %q; want %q", tc.platform, tc.team, tc.channel, got, tc.want)
		}
	}
}

// TestChannelPosters checks the posters built for channels from the
// environment's tokens.
func TestChannelPosters(t *testing.T) {
	env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}
	c := &ChannelPosters{Getenv: func(k string) string { return env[k] }}
	p, err := c.Poster("slack:T1/C1")
	if err != nil || p == nil {
		t.Fatalf("Poster(slack) = %v, %v", p, err)
	}
	if again, _ := c.Poster("slack:T1/C1"); again != p {
		t.Error("Poster built a second poster for the same channel")
	}
	for dest, want := range map[string]string{
		"discord:42": "no bot token: set DISCORD_BOT_TOKEN",
		"slack:C1":   "not a Slack channel",
		"discord:":   "not a Discord channel",
		"stdout":     "not a chat channel",
	} {
		if _, err := c.Poster(dest); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Poster(%q) = %v; want an error saying %q", dest, err, want)
		}
	}
}
