package faults

import (
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/pgtest"
)

// storeKinds are the stores the exactly-once tests run on: SQLite always,
// PostgreSQL when DIGESTBOT_TEST_POSTGRES names a server.
func storeKinds() []string {
	kinds := []string{"sqlite"}
	if ok, _ := pgtest.Available(); ok {
		kinds = append(kinds, "postgres")
	}
	return kinds
}

// storeFor returns the store of a test's configuration, quoted for YAML:
// a file in its folder, or a schema of its own.
func (w *world) storeFor(kind string) string {
	w.t.Helper()
	if kind == "postgres" {
		return fmt.Sprintf("%q", pgtest.Schema(w.t, "digestbot_faults"))
	}
	return filepath.Join(w.dir, "digestbot.db")
}

// TestSignalDuringSlowPost sends SIGTERM to digestbot — the daemon, and
// `run --once` — before, during and after a post to a Slack webhook that
// takes seconds to answer, on SQLite and on PostgreSQL, then starts it
// again: the post in flight completes and is recorded (or was never
// begun), and each story reaches Slack exactly once. A Slack webhook has no
// idempotency key: a post sent again would show twice.
func TestSignalDuringSlowPost(t *testing.T) {
	t.Parallel()
	for _, kind := range storeKinds() {
		for _, daemon := range []bool{true, false} {
			for _, moment := range []string{"before", "during", "after"} {
				mode := "once"
				if daemon {
					mode = "daemon"
				}
				t.Run(kind+"/"+mode+"/"+moment, func(t *testing.T) {
					t.Parallel()
					w := newWorld(t)
					cfg := w.config(w.storeFor(kind), thisMinute(), toSlack)
					w.slack.setSlow(4 * time.Second)
					w.slack.set(first(1, slow))
					if moment == "before" {
						w.feed.set(first(1, stallBefore))
					}
					args := []string{"run", "--config", cfg, "--poll", "200ms", "--retry", "300ms"}
					if !daemon {
						args = append(args, "--once")
					}
					p := w.start(args...)
					switch moment {
					case "before":
						// The brief is being made: its feed holds the fetch.
						waitFor(t, 30*time.Second, "the feed to hold the fetch", func() bool { return w.feed.holding() == 1 })
						p.signal(t, syscall.SIGTERM)
						time.Sleep(200 * time.Millisecond)
						w.feed.letGo()
					case "during":
						waitFor(t, 30*time.Second, "Slack to begin the slow post", func() bool { return w.slack.slowBegun() == 1 })
						p.signal(t, syscall.SIGTERM)
					case "after":
						waitFor(t, 30*time.Second, "the slow post to be made", func() bool { return len(w.slack.titles()) >= 1 })
						p.signal(t, syscall.SIGTERM)
					}
					code := p.wait(t, 60*time.Second)
					p.wantNoCrash(t)
					if daemon && code != 0 {
						t.Errorf("the daemon after SIGTERM: exit %d; want 0. stderr:\n%s", code, p.stderr.String())
					}
					posted := len(w.slack.titles())
					switch moment {
					case "before":
						if posted != 0 {
							t.Errorf("SIGTERM before any post: %d posts were made after it; want none (stop taking work)", posted)
						}
					case "during":
						if posted != 1 {
							t.Errorf("SIGTERM during the first post: %d posts made; want exactly the one in flight", posted)
						}
					}
					for _, bad := range []string{"not marked done", "could not record", "cannot record"} {
						if strings.Contains(p.stderr.String(), bad) {
							t.Errorf("the stopped process logged %q: a post whose success was not recorded:\n%s", bad, p.stderr.String())
						}
					}

					if daemon {
						q := w.start(args...)
						waitFor(t, 30*time.Second, "the restarted daemon to serve", func() bool { return q.logged("serving") != nil })
						waitFor(t, 60*time.Second, "three stories on Slack", func() bool { return len(w.slack.titles()) >= 3 })
						q.signal(t, syscall.SIGTERM)
						if code := q.wait(t, 60*time.Second); code != 0 {
							t.Errorf("restarted daemon after SIGTERM: exit %d; want 0. stderr:\n%s", code, q.stderr.String())
						}
					} else {
						w.runUntilDone(20, args...)
					}
					wantEachStoryOnce(t, "Slack", w.slack.titles())
				})
			}
		}
	}
}

// TestRacingOnceReplicas starts three `run --once` on one PostgreSQL at
// the same moment, with Discord slow to take each post: one process wins
// the run and posts each story once; the two others wait for it instead of
// reporting its deliveries pending, say whom they wait for, and all three
// exit 0.
func TestRacingOnceReplicas(t *testing.T) {
	t.Parallel()
	if ok, why := pgtest.Available(); !ok {
		t.Skip(why)
	}
	w := newWorld(t)
	cfg := w.config(w.storeFor("postgres"), thisMinute(), toDiscord)
	w.discord.setSlow(time.Second)
	w.discord.set(func(int) step { return slow })
	var ps []*proc
	for range 3 {
		ps = append(ps, w.start("run", "--config", cfg, "--once", "--poll", "200ms"))
	}
	waited := 0
	for i, p := range ps {
		if code := p.wait(t, 90*time.Second); code != 0 {
			t.Errorf("replica %d: exit %d; want 0. stderr:\n%s", i+1, code, p.stderr.String())
		}
		p.wantNoCrash(t)
		if rec := p.logged("waiting for another process to finish the deliveries it holds"); rec != nil {
			waited++
			if owner, _ := rec["owner"].(string); owner == "" {
				t.Errorf("replica %d waited without saying for whom: %v", i+1, rec)
			}
		}
	}
	if waited == 0 {
		t.Errorf("no replica waited for another's deliveries; want the losers of the race to (check that the race happened)")
	}
	wantEachStoryOnce(t, "Discord", w.discord.titles())
}
