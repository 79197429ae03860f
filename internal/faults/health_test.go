package faults

import (
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHealthCheck runs the daemon while Discord refuses every post, as
// the container's HEALTHCHECK would watch it: "digestbot health" exits 1
// and says why while every delivery fails, and 0 once Discord takes the
// posts again; each story is posted once.
func TestHealthCheck(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.discord.set(func(int) step { return rateLimit })
	cfg := w.config(filepath.Join(w.dir, "digestbot.db"), thisMinute(), toDiscord)
	p := w.start("run", "--config", cfg, "--poll", "200ms", "--retry", "300ms")
	var url string
	waitFor(t, 30*time.Second, "the daemon to serve HTTP", func() bool {
		if rec := p.logged("serving"); rec != nil {
			addr, _ := rec["addr"].(string)
			url = "http://" + addr + "/healthz"
			return true
		}
		return p.exited()
	})
	if p.exited() {
		t.Fatalf("the daemon exited %d:\n%s", p.cmd.ProcessState.ExitCode(), p.stderr.String())
	}
	status := func() (int, string) {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	waitFor(t, 30*time.Second, "/healthz to answer 503", func() bool { code, _ := status(); return code == http.StatusServiceUnavailable })
	code, h := w.run("health", "--url", url)
	if errs := h.stderr.String(); code != 1 || !strings.Contains(errs, "503") || !strings.Contains(errs, "deliveries: every one in the last 15 minutes failed") || !strings.Contains(errs, "discord ") {
		t.Errorf("digestbot health while every post fails: exit %d, %q; want 1, the status and the reason", code, errs)
	}

	w.discord.set(nil)
	waitFor(t, 30*time.Second, "/healthz to answer 200", func() bool { code, _ := status(); return code == http.StatusOK })
	if code, h := w.run("health", "--url", url); code != 0 || h.stdout.String() != "ok\n" {
		t.Errorf("digestbot health after recovery: exit %d, %q %q; want 0 and ok", code, h.stdout.String(), h.stderr.String())
	}
	waitFor(t, 30*time.Second, "a post of each story", func() bool { return w.discord.created() >= 3 })
	p.signal(t, syscall.SIGTERM)
	if code := p.wait(t, 30*time.Second); code != 0 {
		t.Errorf("after SIGTERM: exit %d; want 0. stderr:\n%s", code, p.stderr.String())
	}
	p.wantNoCrash(t)
	wantEachStoryOnce(t, "Discord", w.discord.titles())
}
