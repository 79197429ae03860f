package faults

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSecondSignal sends the daemon SIGTERM while Discord holds a message
// create: the first signal lets the delivery in flight go on, a second
// ends the process at once with a non-zero status. The delivery cut short
// is not lost: a restarted daemon delivers every story once, after the
// dead process's lease.
func TestSecondSignal(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.discord.set(first(1, stallBefore))
	cfg := w.config(filepath.Join(w.dir, "digestbot.db"), thisMinute(), toDiscord)
	// The lease bounds the send in flight (9/10 of it) that the first
	// signal waits for; long enough that only the second signal can end
	// the process while Discord holds the create.
	args := []string{"run", "--config", cfg, "--poll", "200ms", "--retry", "300ms", "--lease", "8s"}
	p := w.start(args...)
	waitFor(t, 30*time.Second, "Discord to hold the first message create", func() bool { return w.discord.holding() == 1 })

	p.signal(t, syscall.SIGTERM)
	// The process stays while its delivery is in flight.
	time.Sleep(300 * time.Millisecond)
	if p.exited() {
		t.Fatalf("the first SIGTERM ended the daemon (exit %d) while a delivery was in flight:\n%s", p.cmd.ProcessState.ExitCode(), p.stderr.String())
	}
	p.signal(t, syscall.SIGTERM)
	code := p.wait(t, 20*time.Second)
	if code == 0 || !strings.Contains(p.stderr.String(), "second signal") {
		t.Errorf("after a second SIGTERM: exit %d; want a non-zero exit saying it was the second signal. stderr:\n%s", code, p.stderr.String())
	}
	p.wantNoCrash(t)

	q := w.start(args...)
	waitFor(t, 30*time.Second, "three messages on Discord", func() bool { return w.discord.created() >= 3 })
	q.signal(t, syscall.SIGTERM)
	if code := q.wait(t, 30*time.Second); code != 0 {
		t.Errorf("restarted daemon, after SIGTERM: exit %d; want 0. stderr:\n%s", code, q.stderr.String())
	}
	wantEachStoryOnce(t, "Discord", w.discord.titles())
}
