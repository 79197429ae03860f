package faults

import (
	"bufio"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestPlatformOutage runs the daemon while Discord answers 500 to more
// requests than one delivery's own retries make, and the Slack webhook to
// its first two: the outbox keeps the digests and, once the platforms
// recover, delivers each story once to each. SIGTERM then stops the daemon
// cleanly.
func TestPlatformOutage(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	// A Discord post of the daemon makes 3 attempts before it fails back
	// to the outbox: the 6 refusals take two of the outbox's retries.
	w.discord.set(first(6, fail500))
	w.slack.set(first(2, fail500))
	cfg := w.config(filepath.Join(w.dir, "digestbot.db"), thisMinute(), toSlack, toDiscord)
	p := w.start("run", "--config", cfg, "--poll", "200ms", "--retry", "300ms")
	var base string
	waitFor(t, 30*time.Second, "the daemon to serve HTTP", func() bool {
		if rec := p.logged("serving"); rec != nil {
			addr, _ := rec["addr"].(string)
			base = "http://" + addr
			return true
		}
		return p.exited()
	})
	if p.exited() {
		t.Fatalf("the daemon exited %d:\n%s", p.cmd.ProcessState.ExitCode(), p.stderr.String())
	}
	var m map[string]float64
	waitFor(t, 45*time.Second, "3 deliveries sent to each platform (/metrics)", func() bool {
		m = deliveries(t, get(t, base+"/metrics"))
		return m["discord/sent"] >= 3 && m["slack-webhook/sent"] >= 3
	})
	if m["discord/retry"] < 1 {
		t.Errorf("/metrics shows %v Discord deliveries put back for a retry; want at least 1 (the outbox must have kept the digest through the outage)", m["discord/retry"])
	}
	if m["discord/failed"]+m["slack-webhook/failed"] > 0 {
		t.Errorf("/metrics shows deliveries given up: %v", m)
	}
	// Healthy again once posts go through (during the outage, when every
	// delivery fails, /healthz answers 503: see TestHealthCheck).
	if body := get(t, base+"/healthz"); strings.TrimSpace(body) != "ok" {
		t.Errorf("/healthz = %q; want ok", body)
	}

	p.signal(t, syscall.SIGTERM)
	if code := p.wait(t, 30*time.Second); code != 0 {
		t.Errorf("after SIGTERM: exit %d; want 0. stderr:\n%s", code, p.stderr.String())
	}
	if p.logged("stopped") == nil {
		t.Errorf("after SIGTERM the daemon did not log \"stopped\":\n%s", p.stderr.String())
	}
	p.wantNoCrash(t)
	wantEachStoryOnce(t, "Discord", w.discord.titles())
	wantEachStoryOnce(t, "Slack", w.slack.titles())
}

// TestNewRunWhilePending makes a brief's next run come while the
// deliveries of its previous run still wait in the outbox (Discord rate
// limits the bot meanwhile): the daemon makes up the run missed a minute
// ago, cannot deliver it, and stops; then "run --once" runs the brief for
// this minute with Discord back. A story is shown once all the same.
func TestNewRunWhilePending(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.discord.set(func(int) step { return rateLimit })
	cfg := w.config(filepath.Join(w.dir, "digestbot.db"), lastMinute(), toDiscord)
	p := w.start("run", "--config", cfg, "--poll", "200ms", "--retry", "300ms")
	waitFor(t, 30*time.Second, "a create for each story", func() bool { return w.discord.requests() >= 3 })
	p.signal(t, syscall.SIGTERM)
	if code := p.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("after SIGTERM: exit %d; want 0. stderr:\n%s", code, p.stderr.String())
	}
	if n := w.discord.created(); n != 0 {
		t.Fatalf("Discord created %d messages while rate limiting; want none", n)
	}

	w.discord.set(nil)
	w.runUntilDone(20, "run", "--config", cfg, "--once", "--retry", "300ms")
	wantEachStoryOnce(t, "Discord", w.discord.titles())
}

// get returns the body of a 200 answer to GET url.
func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s, %v\n%s", url, resp.Status, err, body)
	}
	return string(body)
}

// deliveries reads digestbot_deliveries_total from a Prometheus text
// exposition, keyed "kind/outcome".
func deliveries(t *testing.T, text string) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		rest, ok := strings.CutPrefix(line, "digestbot_deliveries_total{")
		if !ok {
			continue
		}
		labels, value, ok := strings.Cut(rest, "} ")
		if !ok {
			t.Fatalf("bad metrics line %q", line)
		}
		var kind, outcome string
		for _, l := range strings.Split(labels, ",") {
			k, v, _ := strings.Cut(l, "=")
			v = strings.Trim(v, `"`)
			switch k {
			case "kind":
				kind = v
			case "outcome":
				outcome = v
			}
		}
		f, err := strconv.ParseFloat(value, 64)
		if err != nil {
			t.Fatalf("bad metrics line %q: %v", line, err)
		}
		out[kind+"/"+outcome] = f
	}
	return out
}

// TestOnceWithFailingDestinations runs `run --once` while Slack and Discord
// answer every post with 500: the run ends soon, exit 1, every delivery
// kept for the next run, and each destination tried for one post only —
// the outbox, not a pile of in-process retries, waits the outage out.
func TestOnceWithFailingDestinations(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.discord.set(func(int) step { return fail500 })
	w.slack.set(func(int) step { return fail500 })
	cfg := w.config(filepath.Join(w.dir, "digestbot.db"), thisMinute(), toSlack, toDiscord)
	began := time.Now()
	code, p := w.run("run", "--config", cfg, "--once")
	t.Logf("run --once with 6 deliveries failing: %v", time.Since(began).Round(10*time.Millisecond))
	p.wantNoCrash(t)
	if code != 1 || p.logged("deliveries still pending; the next run will retry them") == nil || !strings.Contains(p.stderr.String(), `"pending":6`) {
		t.Errorf("exit %d; want 1 with 6 deliveries pending. stderr:\n%s", code, p.stderr.String())
	}
	// One post per destination, with its brief in-process retries (3 tries).
	if n := w.slack.requests(); n > 3 {
		t.Errorf("Slack got %d requests; want at most 3 (one post, retried briefly)", n)
	}
	if n := w.discord.requests(); n > 3 {
		t.Errorf("Discord got %d requests; want at most 3 (one post, retried briefly)", n)
	}
}
