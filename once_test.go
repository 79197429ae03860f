package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/cli"
)

// onceConfig writes a configuration of one brief, "morning", reading
// feeds (each line of feeds is one entry of the group, as YAML) and
// printing to the terminal, and returns its path.
func onceConfig(t *testing.T, feeds ...string) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	fmt.Fprintf(&b, "store: %s\nlog: {format: json}\nfeeds:\n  news:\n", filepath.Join(dir, "digestbot.db"))
	for _, f := range feeds {
		fmt.Fprintf(&b, "    - %s\n", f)
	}
	b.WriteString("briefs:\n  - name: morning\n    feeds: [news]\n    schedule: \"0 7 * * *\"\n    timezone: UTC\n")
	path := filepath.Join(dir, "digestbot.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// runCLIEnv is runCLI with an environment.
func runCLIEnv(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	return cli.ExitCode(err, &errb), out.String(), errb.String()
}

// plainLines returns the lines of standard error that are not JSON log
// records: what digestbot says to a person.
func plainLines(stderr string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if l != "" && !strings.HasPrefix(l, "{") {
			out = append(out, l)
		}
	}
	return out
}

// TestRunOnceExitCodes: `run --once` exits 0 when the brief was made,
// its warnings logged and counted, and 1 with one plain line when a feed
// could not be read at all or nothing could be made.
func TestRunOnceExitCodes(t *testing.T) {
	tests := []struct {
		name  string
		kind  func(f, i int) pageKind
		age   time.Duration
		entry func(feed string) string // the feed's entry in the file
		feeds int
		dead  bool // every feed is on a port that refuses connections
		code  int
		brief bool
		line  string // the plain line, "" for none
	}{
		{name: "every page read", feeds: 2, kind: func(f, i int) pageKind { return pageOK }, code: 0, brief: true},
		{
			name: "a page gone: made, with a warning", feeds: 2, code: 0, brief: true,
			kind: func(f, i int) pageKind {
				if f == 0 && i == 1 {
					return pageGone
				}
				return pageOK
			},
			line: "digestbot: brief morning: made, with 1 warning (logged)",
		},
		{
			name: "a feed gone", feeds: 2, code: 1, brief: true,
			kind: func(f, i int) pageKind {
				if f == 1 && i < 0 {
					return pageGone
				}
				return pageOK
			},
			line: "/feed.rss: HTTP 404); the brief was made from the other 1",
		},
		{name: "no network", feeds: 5, dead: true, code: 1, line: "digestbot: brief morning: no feed could be read (5 of 5): check the network"},
		{
			name: "every item older than the feeds' windows", feeds: 2, code: 1, age: 3 * time.Hour,
			kind:  func(f, i int) pageKind { return pageOK },
			entry: func(feed string) string { return fmt.Sprintf("{url: %s, max_age: 1h}", feed) },
			line:  "digestbot: brief morning: nothing to make a brief of: of the 8 items the feeds hold, 8 older than 1h (--max-age, max_age); the newest is from ",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var urls []string
			if tt.dead {
				for range tt.feeds {
					urls = append(urls, closedURL(t))
				}
			} else {
				w := newFeedWorld(t, tt.feeds, 4, tt.kind)
				w.age = tt.age
				urls = w.feedURLs()
			}
			if tt.entry != nil {
				for i, u := range urls {
					urls[i] = tt.entry(u)
				}
			}
			code, out, errs := runCLI(t, "", "run", "--config", onceConfig(t, urls...), "--once")
			if code != tt.code {
				t.Errorf("exit %d; want %d. stderr:\n%s", code, tt.code, errs)
			}
			if got := strings.Contains(out, "  • "); got != tt.brief {
				t.Errorf("brief printed: %v; want %v. stdout:\n%s", got, tt.brief, out)
			}
			plain := plainLines(errs)
			switch {
			case tt.line == "" && len(plain) != 0:
				t.Errorf("said %q; want nothing but the log", plain)
			case tt.line != "" && (len(plain) != 1 || !strings.Contains(plain[0], tt.line)):
				t.Errorf("said %q; want one line with %q", plain, tt.line)
			}
		})
	}
}

// TestRunOnceTwiceInAMinute: a second `run --once` in the same minute
// says plainly that the run was made already and when a new one can
// start, exits 0, and posts nothing twice.
func TestRunOnceTwiceInAMinute(t *testing.T) {
	w := newFeedWorld(t, 2, 3, func(f, i int) pageKind { return pageOK })
	var rec recorder
	discordAPI := httptest.NewServer(rec.handler(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "application/json")
		fmt.Fprint(rw, `{"id": "1", "channel_id": "42"}`)
	}))
	defer discordAPI.Close()
	cfg := onceConfig(t, w.feedURLs()...)
	data, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, append(data, "    to: [discord:42]\n"...), 0o644)
	env := map[string]string{"DISCORD_BOT_TOKEN": "discord-test-token", "DISCORD_API_URL": discordAPI.URL + "/api/v10"}

	for attempt := 0; ; attempt++ {
		minute := time.Now().Truncate(time.Minute)
		if time.Until(minute.Add(time.Minute)) < 15*time.Second {
			time.Sleep(time.Until(minute.Add(time.Minute)) + 50*time.Millisecond)
			minute = time.Now().Truncate(time.Minute)
		}
		code1, _, errs1 := runCLIEnv(t, env, "run", "--config", cfg, "--once")
		posted := len(rec.all())
		code2, _, errs2 := runCLIEnv(t, env, "run", "--config", cfg, "--once")
		if !time.Now().Truncate(time.Minute).Equal(minute) {
			if attempt == 0 {
				continue // a slow machine crossed the minute: the second run was a new one
			}
			t.Fatalf("the two runs spread over two minutes twice")
		}
		if code1 != 0 || code2 != 0 {
			t.Fatalf("exit %d then %d; want 0 twice. stderr:\n%s\n---\n%s", code1, code2, errs1, errs2)
		}
		if posted == 0 || len(rec.all()) != posted {
			t.Errorf("posted %d, then %d in all; want the brief posted by the first run only", posted, len(rec.all()))
		}
		want := fmt.Sprintf("digestbot: brief morning: not run again: its run of %s was made already (one run a minute; run --once again from %s for a new one)",
			minute.Format("15:04 MST"), minute.Add(time.Minute).Format("15:04"))
		if plain := plainLines(errs2); len(plain) != 1 || !strings.HasPrefix(plain[0], want) {
			t.Errorf("the second run said %q; want %q…", plain, want)
		}
		return
	}
}
