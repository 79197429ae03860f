package faults

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/netfault"

	"github.com/digestbot/digestbot/internal/pgtest"
)

// TestStoreUnwritable makes the store unwritable in the middle of `run
// --once`: nothing is sent whose success cannot be recorded, the problem
// is said, and nothing is sent twice once the store is back.
func TestStoreUnwritable(t *testing.T) {
	t.Parallel()
	// The disk fills (or PostgreSQL goes away) while Slack takes the first
	// post: the bot cannot record it, says so, holds every other send,
	// and records it once the store is back; then it sends the rest.
	postedThenGone := func(t *testing.T, w *world, store string, gone, back func()) {
		cfg := w.config(store, thisMinute(), toSlack)
		w.slack.setOnCreate(func(n int) {
			if n == 1 {
				gone()
			}
		})
		p := w.start("run", "--config", cfg, "--once", "--retry", "300ms")
		waitFor(t, 30*time.Second, "the bot to say it cannot record the first post", func() bool {
			return strings.Contains(p.stderr.String(), "cannot record it yet") || p.exited()
		})
		if p.exited() {
			t.Fatalf("digestbot exited %d instead of holding the record:\n%s", p.cmd.ProcessState.ExitCode(), p.stderr.String())
		}
		time.Sleep(time.Second) // a bot that went on would send now
		if n := w.slack.requests(); n != 1 {
			t.Errorf("Slack got %d posts while the store could not record the first; want 1", n)
		}
		back()
		if code := p.wait(t, 60*time.Second); code != 0 {
			t.Errorf("once the store was back: exit %d; want 0 (every story sent). stderr:\n%s", code, p.stderr.String())
		}
		p.wantNoCrash(t)
		if !strings.Contains(p.stderr.String(), "recorded the post once the store was back") {
			t.Errorf("the bot did not say it recorded the held post:\n%s", p.stderr.String())
		}
		wantEachStoryOnce(t, "Slack", w.slack.titles())
	}

	t.Run("sqlite disk full after a post", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t)
		db, fill, free := w.needTmpfs(t)
		postedThenGone(t, w, db, fill, free)
	})

	t.Run("postgres gone after a post", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t)
		proxy, dsn := netfault.ForURL(t, pgtest.Schema(t, "digestbot_faults"))
		postedThenGone(t, w, fmt.Sprintf("%q", dsn), func() { proxy.SetDown(true) }, func() { proxy.SetDown(false) })
	})

	// The disk fills while Slack refuses the first post: the bot cannot
	// put it back for a retry, so it stops before sending anything else,
	// saying so in one line per brief; once the disk has room, each story
	// is sent once.
	t.Run("sqlite disk full before a post", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t)
		db, fill, free := w.needTmpfs(t)
		cfg := w.config(db, thisMinute(), toSlack)
		w.slack.set(func(n int) step {
			if n == 1 {
				fill()
			}
			return fail500
		})
		args := []string{"run", "--config", cfg, "--once", "--retry", "300ms", "--lease", "2s"}
		code, p := w.run(args...)
		p.wantNoCrash(t)
		if code != 1 {
			t.Errorf("with the disk full: exit %d; want 1. stderr:\n%s", code, p.stderr.String())
		}
		if n := w.slack.requests(); n != 3 { // one post, tried three times
			t.Errorf("Slack got %d requests; want the first post's 3 tries and nothing after them", n)
		}
		lines := p.plainLines()
		t.Logf("with the disk full, digestbot said: %q", lines)
		if len(lines) != 1 || !strings.Contains(lines[0], "brief morning") || !strings.Contains(lines[0], "disk is full") {
			t.Errorf("with the disk full, digestbot said %q; want one line naming the brief and the full disk", lines)
		}
		free()
		w.slack.set(nil)
		w.runUntilDone(20, args...)
		wantEachStoryOnce(t, "Slack", w.slack.titles())
	})
}
