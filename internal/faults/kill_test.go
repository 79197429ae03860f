package faults

import (
	"path/filepath"
	"testing"
	"time"
)

// TestKillMidDelivery kills digestbot with SIGKILL while Discord holds its
// first message create, then restarts it as a supervisor would, until it
// exits 0: every story reaches each destination exactly once. Discord
// either had not created the message when the process died (the restart
// must send it) or had (the restart must resend it with the same nonce,
// which Discord answers with the first message).
func TestKillMidDelivery(t *testing.T) {
	for _, tc := range []struct {
		name  string
		stall step
	}{
		{"before Discord creates the message", stallBefore},
		{"after Discord creates the message", stallAfter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			w.discord.set(first(1, tc.stall))
			// Slack first: a destination served before the crash must not be
			// served again after it.
			cfg := w.config(filepath.Join(w.dir, "digestbot.db"), "0 7 * * *", toSlack, toDiscord)
			check := sameMinute(t, 15*time.Second)

			p := w.start("run", "--config", cfg, "--once", "--lease", "2s")
			waitFor(t, 30*time.Second, "Discord to hold the first message create", func() bool { return w.discord.holding() == 1 })
			p.kill(t)
			p.wantNoCrash(t)
			t.Logf("before the kill, Slack got %d messages", len(w.slack.titles()))
			// Restarts while the dead process's lease runs deliver nothing and
			// exit 1; the first after it delivers everything.
			w.runUntilDone(40, "run", "--config", cfg, "--once", "--lease", "2s")
			check()

			wantEachStoryOnce(t, "Discord", w.discord.titles())
			wantEachStoryOnce(t, "Slack", w.slack.titles())
			if tc.stall == stallAfter && w.discord.requests() <= w.discord.created() {
				t.Errorf("Discord got %d creates for %d messages; want the first one sent again (and found by its nonce)", w.discord.requests(), w.discord.created())
			}
		})
	}
}

// TestKillDuringFetch kills digestbot with SIGKILL while the news feed
// holds its request, at the start of the run, then restarts it: the brief
// must still reach its destination, once.
func TestKillDuringFetch(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.feed.set(first(1, stallBefore))
	cfg := w.config(filepath.Join(w.dir, "digestbot.db"), "0 7 * * *", toDiscord)
	check := sameMinute(t, 15*time.Second)

	p := w.start("run", "--config", cfg, "--once", "--lease", "2s")
	waitFor(t, 30*time.Second, "the feed to hold the first fetch", func() bool { return w.feed.holding() == 1 })
	p.kill(t)
	last := w.runUntilDone(40, "run", "--config", cfg, "--once", "--lease", "2s")
	check()

	wantEachStoryOnce(t, "Discord", w.discord.titles())
	if w.discord.created() == 0 && last.logged("run already claimed; skipping") != nil {
		t.Errorf("the brief is lost: the killed process had claimed the run before fetching, and the restart skips a claimed run")
	}
}
