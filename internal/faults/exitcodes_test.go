package faults

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/loopback"
)

// The exit codes of `run --once`, as a cron job sees them: 0 when the
// brief was made (warnings logged and counted), 1 with one plain line
// when a feed could not be read at all or nothing could be made, and a
// second run in the same minute that says why it makes no new run.

// configFeeds writes digestbot.yaml like world.config, with the brief
// reading feeds instead of the news feed alone.
func (w *world) configFeeds(store, schedule string, feeds []string, to ...string) string {
	w.t.Helper()
	path := w.config(store, schedule, to...)
	data, err := os.ReadFile(path)
	if err != nil {
		w.t.Fatal(err)
	}
	cfg := strings.Replace(string(data), fmt.Sprintf("  local: [%s]\n", w.feed.url()), "  local: ["+strings.Join(feeds, ", ")+"]\n", 1)
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		w.t.Fatal(err)
	}
	return path
}

// teaserFeed serves an RSS feed at /teasers.rss of two items with only a
// title, whose pages are gone (404): a feed that is read, and two
// warnings (the items left out).
func teaserFeed(t *testing.T) string {
	t.Helper()
	mux := http.NewServeMux()
	var base string
	mux.HandleFunc("GET /teasers.rss", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, strings.ReplaceAll(`<?xml version="1.0"?><rss version="2.0"><channel><title>Harwick Teasers</title><link>{{BASE}}/</link>
<item><title>Harwick library to close early</title><link>{{BASE}}/gone/1</link></item>
<item><title>Harwick pool reopens</title><link>{{BASE}}/gone/2</link></item>
</channel></rss>`, "{{BASE}}", base))
	})
	srv := serve(t, mux)
	base = srv.URL
	return srv.URL + "/teasers.rss"
}

// closedFeed returns a feed URL on a loopback port that refuses
// connections.
func closedFeed(t *testing.T) string {
	t.Helper()
	return "http://" + loopback.FreeAddr(t) + "/feed.rss"
}

// TestOnceExitCodes runs `run --once` of the binary posting to Discord:
// pages that fail make warnings, not a failure; with no feed readable it
// says so in one line and exits 1, posting nothing.
func TestOnceExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		feeds  func(w *world) []string
		code   int
		posted bool
		line   string // the one plain line, "" for none
	}{
		{"pages gone: made, with warnings", func(w *world) []string { return []string{w.feed.url(), teaserFeed(t)} }, 0, true,
			"digestbot: brief morning: made, with 2 warnings (logged)"},
		{"no network", func(w *world) []string { return []string{closedFeed(t), closedFeed(t)} }, 1, false,
			"digestbot: brief morning: no feed could be read (2 of 2): check the network"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			cfg := w.configFeeds(filepath.Join(w.dir, "digestbot.db"), thisMinute(), tt.feeds(w), toDiscord)
			code, p := w.run("run", "--config", cfg, "--once")
			p.wantNoCrash(t)
			if code != tt.code {
				t.Errorf("exit %d; want %d. stderr:\n%s", code, tt.code, p.stderr.String())
			}
			if tt.posted {
				wantEachStoryOnce(t, "Discord", w.discord.titles())
			} else if n := len(w.discord.titles()); n != 0 {
				t.Errorf("%d posts; want none", n)
			}
			plain := p.plainLines()
			if tt.line == "" && len(plain) != 0 || tt.line != "" && (len(plain) != 1 || plain[0] != tt.line) {
				t.Errorf("said %q; want %q alone", plain, tt.line)
			}
		})
	}
}

// TestOnceTwiceInAMinute runs `run --once` twice in one minute, on SQLite
// and on PostgreSQL: the second says plainly that the minute's run was
// made and when a new one can start, exits 0, and posts nothing again —
// the run is claimed once, whoever asks.
func TestOnceTwiceInAMinute(t *testing.T) {
	t.Parallel()
	for _, kind := range storeKinds() {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			cfg := w.config(w.storeFor(kind), thisMinute(), toDiscord)
			check := sameMinute(t, 30*time.Second)
			minute := time.Now().Truncate(time.Minute)
			code1, p1 := w.run("run", "--config", cfg, "--once")
			code2, p2 := w.run("run", "--config", cfg, "--once")
			check()
			if code1 != 0 || code2 != 0 {
				t.Fatalf("exit %d then %d; want 0 twice. stderr:\n%s\n---\n%s", code1, code2, p1.stderr.String(), p2.stderr.String())
			}
			wantEachStoryOnce(t, "Discord", w.discord.titles())
			want := fmt.Sprintf("digestbot: brief morning: not run again: its run of %s was made already (one run a minute; run --once again from %s for a new one)",
				minute.Format("15:04 MST"), minute.Add(time.Minute).Format("15:04"))
			if plain := p2.plainLines(); len(plain) != 1 || !strings.HasPrefix(plain[0], want) {
				t.Errorf("the second run said %q; want %q…", plain, want)
			}
		})
	}
}
