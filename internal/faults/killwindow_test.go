package faults

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestKillWindow measures how often kill -9 at a random moment of a
// delivery makes a story show twice. Each trial runs `run --once` posting
// three stories to a Slack webhook and to a Discord channel, both taking
// 200 ms to accept a post (about what Slack's webhooks take), kills the
// process at a uniformly random moment of its deliveries, restarts it
// until it is done, and counts each story on each platform.
//
// Nothing may be lost, and Discord — whose create is idempotent through
// the nonce digestbot derives from the delivery — must show each story
// once. A Slack webhook has no idempotency key: a kill between Slack's
// acceptance of a post and digestbot's record of it sends the post again
// after the restart. The test checks that every Slack double is such a
// kill (the killed process had not logged the post delivered), and
// reports the doubles and the window: the time from Slack's acceptance to
// the record, measured on every post.
//
// DIGESTBOT_KILL_TRIALS sets the number of trials (default 6) and
// DIGESTBOT_KILL_SEED the seed of the kill moments (logged).
func TestKillWindow(t *testing.T) {
	t.Parallel()
	trials := 6
	if v, err := strconv.Atoi(os.Getenv("DIGESTBOT_KILL_TRIALS")); err == nil && v > 0 {
		trials = v
	}
	seed := uint64(time.Now().UnixNano())
	if v, err := strconv.ParseUint(os.Getenv("DIGESTBOT_KILL_SEED"), 10, 64); err == nil {
		seed = v
	}
	t.Logf("%d trials, DIGESTBOT_KILL_SEED=%d", trials, seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	const accept = 200 * time.Millisecond
	var slackDoubles, discordDoubles, inWindow int
	var windows []time.Duration
	for trial := 1; trial <= trials; trial++ {
		w := newWorld(t)
		cfg := w.config(filepath.Join(w.dir, "digestbot.db"), thisMinute(), toSlack, toDiscord)
		for _, s := range []*script{w.slack.script, w.discord.script} {
			s.setSlow(accept)
			s.set(func(int) step { return slow })
		}
		args := []string{"run", "--config", cfg, "--once", "--lease", "2s"}
		p := w.start(args...)
		waitFor(t, 30*time.Second, "the first post", func() bool { return w.slack.requests()+w.discord.requests() > 0 })
		// Six posts of about 200 ms each: kill somewhere among them.
		after := time.Duration(rng.Int64N(int64(6 * accept)))
		time.Sleep(after)
		p.kill(t)
		p.wantNoCrash(t)
		killed := p.stderr.String()
		last := w.runUntilDone(40, args...)

		count := map[string]int{}
		for _, ti := range w.slack.titles() {
			count[storyOf(ti)]++
		}
		for _, k := range storyKeys {
			switch n := count[k]; {
			case n == 0:
				t.Errorf("trial %d: the %q story never reached Slack", trial, k)
			case n == 2:
				slackDoubles++
				if deliveredTo(killed, "slack-webhook", k) {
					t.Errorf("trial %d: the %q story shows twice on Slack although the killed process had recorded it", trial, k)
				} else {
					inWindow++
				}
			case n > 2:
				t.Errorf("trial %d: the %q story shows %d times on Slack", trial, k, n)
			}
		}
		dc := map[string]int{}
		for _, ti := range w.discord.titles() {
			dc[storyOf(ti)]++
		}
		for _, k := range storyKeys {
			if dc[k] != 1 {
				discordDoubles++
				t.Errorf("trial %d: Discord shows the %q story %d times; want once (the nonce finds a resent post)", trial, k, dc[k])
			}
		}
		// The window of each Slack post: from Slack's acceptance to the
		// bot's record of it (its "delivered" line).
		at := w.slack.postedAt()
		for _, out := range []string{killed, last.stderr.String()} {
			for title, rec := range deliveredTimes(out, "slack-webhook") {
				for ti, t0 := range at {
					if storyOf(ti) != "" && storyOf(ti) == storyOf(title) && rec.After(t0) {
						windows = append(windows, rec.Sub(t0))
					}
				}
			}
		}
		t.Logf("trial %d: killed %v after the first post began; Slack %v, Discord %v", trial, after.Round(time.Millisecond), count, dc)
	}
	slices.Sort(windows)
	if len(windows) > 0 {
		var sum time.Duration
		for _, d := range windows {
			sum += d
		}
		mean := sum / time.Duration(len(windows))
		t.Logf("Slack: %d of %d stories doubled over %d kills (%d inside the window); Discord: %d doubled", slackDoubles, 3*trials, trials, inWindow, discordDoubles)
		t.Logf("window from Slack's acceptance to the record, over %d posts: median %v, mean %v, max %v; a kill at a random moment of a %v post falls in it with probability about %.1f%%",
			len(windows), windows[len(windows)/2].Round(10*time.Microsecond), mean.Round(10*time.Microsecond), windows[len(windows)-1].Round(10*time.Microsecond),
			accept, 100*float64(mean)/float64(accept+mean))
	}
}

// deliveredTo reports whether the log out has the delivered line of the
// story whose key is key, to a destination of the kind.
func deliveredTo(out, kind, key string) bool {
	for title := range deliveredTimes(out, kind) {
		if storyOf(title) == key {
			return true
		}
	}
	return false
}

// deliveredTimes returns the time of each "delivered" log line of out to a
// destination of the kind, by title.
func deliveredTimes(out, kind string) map[string]time.Time {
	m := map[string]time.Time{}
	for _, line := range strings.Split(out, "\n") {
		var rec struct {
			Msg, Dest, Title string
			Time             time.Time
		}
		if json.Unmarshal([]byte(line), &rec) != nil || rec.Msg != "delivered" || !strings.HasPrefix(rec.Dest, kind+":") {
			continue
		}
		m[rec.Title] = rec.Time
	}
	return m
}
