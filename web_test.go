package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/bot/slack/slacktest"
	"github.com/digestbot/digestbot/cli"
	"github.com/digestbot/digestbot/internal/loopback"
)

// newsSite serves an invented story as three outlets' pages and one RSS
// feed that links them with teasers only, so that the feed's items are
// followed to their pages.
func newsSite(t *testing.T) *httptest.Server {
	t.Helper()
	pages := map[string][2]string{
		"/courier/barrier": {"Council approves $86 million flood barrier - Harwick Courier", "The Harwick City Council voted 7-2 on Tuesday night to build an $86 million flood barrier along the River Tane. The vote ends two years of debate over how to protect the east bank. Construction of the 2.4-mile concrete wall will begin next spring, the city engineer said. The March 2023 flood damaged about 1,100 homes and 140 businesses in the east bank neighborhoods. Funding comes from a $40 million state grant and a $46 million city bond."},
		"/wire/harwick":    {"Flood-weary Harwick votes to wall off its river | Northline Wire", "Harwick's council approved an $86 million flood barrier on Tuesday in a 7-2 vote. The 2.4-mile wall along the River Tane will protect about 1,100 homes flooded in March 2023. Two council members said the cost was too high for a city of 60,000. The city will pay with a $46 million bond and a $40 million state grant. Work is expected to finish in 2029."},
		"/radio/wall":      {"Harwick approves river wall", "The City Council of Harwick voted 7-2 to build a flood barrier along the River Tane on Tuesday night. Mayor Dana Whitfield called the vote a promise to the east bank. The barrier will cost $86 million and will be finished in 2029, officials said. Four steel gates will close across streets when the river rises. Residents who lost homes in the 2023 flood packed the council chamber for the vote."},
	}
	mux := http.NewServeMux()
	for path, p := range pages {
		title, body := p[0], p[1]
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			var paras strings.Builder
			for _, s := range strings.SplitAfter(body, ". ") {
				fmt.Fprintf(&paras, "<p>%s</p>\n", s)
			}
			fmt.Fprintf(w, `<!doctype html><html><head><title>%s</title></head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
<article><h1>%s</h1><p class="byline">By Staff Writer</p>%s</article>
<aside><h2>Related Articles</h2><ul><li><a href="/x">Mayor opens new library</a></li></ul></aside>
<footer>Subscribe to read more. &copy; 2026</footer></body></html>`, title, title, paras.String())
		})
	}
	srv := httptest.NewServer(mux)
	mux.HandleFunc("/feed.rss", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Harwick News</title><link>%[1]s</link>
<item><title>Council approves flood barrier</title><link>%[1]s/courier/barrier</link><description>The council voted.</description><guid>c1</guid></item>
<item><title>Harwick votes to wall off its river</title><link>%[1]s/wire/harwick</link><description>A wall.</description><guid>w1</guid></item>
<item><title>Harwick approves river wall</title><link>%[1]s/radio/wall</link><description>Approved.</description><guid>r1</guid></item>
</channel></rss>`, srv.URL)
	})
	t.Cleanup(srv.Close)
	return srv
}

func TestDigestFromWeb(t *testing.T) {
	site := newsSite(t)
	tests := []struct {
		name   string
		inputs []string
	}{
		{"pages", []string{site.URL + "/courier/barrier", site.URL + "/wire/harwick", site.URL + "/radio/wall"}},
		{"feed", []string{site.URL + "/feed.rss"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, "", append([]string{"digest", "--format", "json"}, tt.inputs...)...)
			if code != 0 {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			var d struct {
				Bullets []struct {
					Text    string   `json:"text"`
					Sources []string `json:"sources"`
				} `json:"bullets"`
				Articles []json.RawMessage `json:"articles"`
			}
			if err := json.Unmarshal([]byte(out), &d); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			if len(d.Articles) != 3 || len(d.Bullets) < 3 {
				t.Errorf("got %d articles, %d bullets; want 3 articles and several bullets:\n%s", len(d.Articles), len(d.Bullets), out)
			}
			for _, b := range d.Bullets {
				for _, junk := range []string{"Subscribe", "Related", "Home"} {
					if strings.Contains(b.Text, junk) {
						t.Errorf("bullet %q holds page furniture %q", b.Text, junk)
					}
				}
			}
		})
	}
}

func TestDigestBadURL(t *testing.T) {
	site := newsSite(t)
	code, out, errs := runCLI(t, "", "digest", site.URL+"/courier/barrier", site.URL+"/missing", "examples/story")
	if code != 1 || !strings.Contains(errs, "HTTP 404") || !strings.Contains(out, "  • ") {
		t.Errorf("exit %d, stderr %q; want exit 1 naming the 404, and the rest digested", code, errs)
	}
}

func TestBrief(t *testing.T) {
	site := newsSite(t)
	code, out, errs := runCLI(t, "", "brief", "--feeds", site.URL+"/feed.rss", "--stories", "2", "--format", "markdown")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if !strings.HasPrefix(out, "## ") || !strings.Contains(out, "flood") {
		t.Errorf("brief printed %q; want a Markdown story about the flood barrier", out)
	}
}

func TestChatPayloads(t *testing.T) {
	for _, f := range []string{"slack", "discord"} {
		code, out, errs := runCLI(t, "", "digest", "--format", f, "examples/story")
		if code != 0 {
			t.Fatalf("--format %s: exit %d, stderr %q", f, code, errs)
		}
		var v any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Errorf("--format %s printed invalid JSON: %v", f, err)
		}
		key := map[string]string{"slack": `"blocks"`, "discord": `"embeds"`}[f]
		if !strings.Contains(out, key) {
			t.Errorf("--format %s payload lacks %s", f, key)
		}
	}
}

// recorder is a loopback stand-in for a chat platform: it records the
// requests it receives and answers as the platform does.
type recorder struct {
	mu   sync.Mutex
	reqs []recorded
}

type recorded struct {
	method, path, auth string
	body               []byte
}

func (r *recorder) handler(answer func(w http.ResponseWriter, req *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.reqs = append(r.reqs, recorded{req.Method, req.URL.Path, req.Header.Get("Authorization"), body})
		r.mu.Unlock()
		answer(w, req)
	})
}

func (r *recorder) all() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.reqs...)
}

// postFakes are loopback stand-ins for the destinations of post: Slack's
// and Discord's APIs, answering a post as each platform does, and an
// incoming webhook; env points the bot tokens and API URLs at them.
type postFakes struct {
	slack, discord, hook *recorder
	hookServer           *httptest.Server
	env                  map[string]string
}

// newPostFakes starts the fakes, closed when t ends.
func newPostFakes(t *testing.T) postFakes {
	t.Helper()
	f := postFakes{slack: &recorder{}, discord: &recorder{}, hook: &recorder{}}
	slackAPI := httptest.NewServer(f.slack.handler(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"ok": true, "channel": "C0123", "ts": "1700000000.000100"}`)
	}))
	t.Cleanup(slackAPI.Close)
	discordAPI := httptest.NewServer(f.discord.handler(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id": "1", "channel_id": "42"}`)
	}))
	t.Cleanup(discordAPI.Close)
	f.hookServer = httptest.NewServer(f.hook.handler(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") }))
	t.Cleanup(f.hookServer.Close)
	f.env = map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_API_URL": slackAPI.URL + "/api/",
		"DISCORD_BOT_TOKEN": "discord-test-token", "DISCORD_API_URL": discordAPI.URL + "/api/v10",
	}
	return f
}

func TestPost(t *testing.T) {
	f := newPostFakes(t)
	slackRec, discordRec, hookRec, hook, env := f.slack, f.discord, f.hook, f.hookServer, f.env
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"post", "--to", "slack:#news", "--to", "discord:42", "--to", "slack-webhook:" + hook.URL + "/services/T/B/X", "examples/story"},
		func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	if code := cli.ExitCode(err, &errb); code != 0 {
		t.Fatalf("post: exit %d, stderr %q", code, errb.String())
	}
	// At a bot-token channel, the digest is followed by its evidence: in
	// its thread on Slack, in reply to it on Discord.
	s, d, h := slackRec.all(), discordRec.all(), hookRec.all()
	if len(s) != 2 || !strings.HasSuffix(s[0].path, "chat.postMessage") || !strings.Contains(string(s[0].body), "blocks") || strings.Contains(string(s[0].body), "thread_ts") {
		t.Fatalf("Slack received %d requests; want the digest, a chat.postMessage with blocks, then its evidence", len(s))
	}
	if ev, _ := url.ParseQuery(string(s[1].body)); ev.Get("thread_ts") != "1700000000.000100" || !strings.HasPrefix(ev.Get("text"), "Sources: ") || ev.Get("reply_broadcast") != "" {
		t.Errorf("Slack's second request %s; want the evidence in the digest's thread", s[1].body)
	}
	if len(d) != 2 || d[0].path != "/api/v10/channels/42/messages" || d[0].auth != "Bot discord-test-token" || !strings.Contains(string(d[0].body), "embeds") {
		t.Fatalf("Discord received %d requests; want the digest, a channel message with embeds and the bot token, then its evidence", len(d))
	}
	if body := string(d[1].body); !strings.Contains(body, `"message_reference":{"message_id":"1"`) || !strings.Contains(body, `"title":"Sources: `) {
		t.Errorf("Discord's second request %s; want the evidence replying to the digest", body)
	}
	if len(h) != 1 || !strings.Contains(string(h[0].body), "blocks") {
		t.Errorf("the Slack webhook received %+v; want one Block Kit post", h)
	}
	for _, secret := range []string{"xoxb-test-token", "discord-test-token", "/services/T/B/X"} {
		if strings.Contains(errb.String()+out.String(), secret) {
			t.Errorf("output shows the secret %q", secret)
		}
	}
}

func TestPostBadDestination(t *testing.T) {
	code, _, errs := runCLI(t, "", "post", "--to", "slack:#news", "examples/story")
	if code != 2 || !strings.Contains(errs, "SLACK_BOT_TOKEN") {
		t.Errorf("post without a token: exit %d, stderr %q; want 2 naming SLACK_BOT_TOKEN", code, errs)
	}
	code, _, errs = runCLI(t, "", "post", "--to", "pigeon:home", "examples/story")
	if code != 2 || !strings.Contains(errs, "--to") {
		t.Errorf("post to an unknown kind: exit %d, stderr %q; want 2", code, errs)
	}
}

func TestConfigCheck(t *testing.T) {
	code, out, errs := runCLI(t, "", "config", "check", "examples/brief.yaml")
	if code != 0 || !strings.Contains(out, "ok") {
		t.Errorf("config check examples/brief.yaml: exit %d, stdout %q, stderr %q; want 0 and ok", code, out, errs)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("feeds:\n  world: [https://example.com/rss]\nbriefs:\n  - name: morning\n    feeds: [wrold]\n    schedule: \"0 25 * * *\"\n    timezone: Mars/Olympus\n    colour: blue\n"), 0o644)
	code, _, errs = runCLI(t, "", "config", "check", bad)
	if code != 1 {
		t.Errorf("config check of a bad file: exit %d; want 1", code)
	}
	for _, want := range []string{"bad.yaml:5:", "bad.yaml:6:", "bad.yaml:7:", "bad.yaml:8:"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr %q; want a problem at %s", errs, want)
		}
	}
}

func TestServeNeedsASecret(t *testing.T) {
	code, _, errs := runCLI(t, "", "serve", "--listen", "127.0.0.1:0")
	if code != 2 || !strings.Contains(errs, "SLACK_SIGNING_SECRET") {
		t.Errorf("serve without secrets: exit %d, stderr %q; want 2 naming the variables", code, errs)
	}
}

// TestRunOnce runs a configured brief twice against a loopback feed and a
// loopback Discord: the story is posted once, its evidence in reply, and
// the second run, in the same minute, is recognised as already made.
func TestRunOnce(t *testing.T) {
	site := newsSite(t)
	var rec recorder
	discordAPI := httptest.NewServer(rec.handler(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id": "1", "channel_id": "42"}`)
	}))
	defer discordAPI.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "brief.yaml")
	os.WriteFile(cfg, []byte(fmt.Sprintf(`store: %s
feeds:
  local: [%s/feed.rss]
briefs:
  - name: morning
    feeds: [local]
    schedule: "0 7 * * *"
    timezone: Europe/Paris
    stories: 3
    to: [discord:42]
`, filepath.Join(dir, "digestbot.db"), site.URL)), 0o644)
	env := map[string]string{"DISCORD_BOT_TOKEN": "discord-test-token", "DISCORD_API_URL": discordAPI.URL + "/api/v10"}
	for i := 0; i < 2; i++ {
		var out, errb bytes.Buffer
		err := run(context.Background(), []string{"run", "--config", cfg, "--once"}, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
		if code := cli.ExitCode(err, &errb); code != 0 {
			t.Fatalf("run %d: exit %d, stderr %s", i+1, code, errb.String())
		}
		if strings.Contains(errb.String(), "discord-test-token") {
			t.Errorf("run %d logged the bot token", i+1)
		}
	}
	posts := rec.all()
	if len(posts) != 2 || posts[0].path != "/api/v10/channels/42/messages" || posts[1].path != posts[0].path {
		t.Fatalf("Discord received %d requests; want the story once, then its evidence", len(posts))
	}
	if !strings.Contains(string(posts[1].body), `"message_reference":{"message_id":"1"`) {
		t.Errorf("second post %s; want the story's evidence in reply to it", posts[1].body)
	}
	if !strings.Contains(string(posts[0].body), "flood barrier") {
		t.Errorf("posted %s; want the flood barrier story", posts[0].body)
	}
}

func TestHealth(t *testing.T) {
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") }))
	defer ok.Close()
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }))
	defer down.Close()
	if code, _, errs := runCLI(t, "", "health", "--url", ok.URL); code != 0 {
		t.Errorf("health of a healthy server: exit %d, %q", code, errs)
	}
	if code, _, errs := runCLI(t, "", "health", "--url", down.URL); code != 1 || !strings.Contains(errs, "503") {
		t.Errorf("health of a failing server: exit %d, %q; want 1 naming 503", code, errs)
	}
}

// TestDaemonAnswersSlashTopic runs the daemon in-process and asks it, as
// Slack would, for a topic: the answer comes from the configured feeds
// through the store, posted to the command's response_url.
func TestDaemonAnswersSlashTopic(t *testing.T) {
	site := newsSite(t)
	replies := make(chan []byte, 4)
	responder := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		replies <- body
		fmt.Fprint(w, "ok")
	}))
	defer responder.Close()
	addr := loopback.FreeAddr(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "digestbot.yaml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("store: %s\nlisten: %s\nfeeds:\n  local: [%s/feed.rss]\nslash:\n  feeds: [local]\n",
		filepath.Join(dir, "digestbot.db"), addr, site.URL)), 0o644)
	const secret = "test-signing-secret"
	env := map[string]string{"SLACK_SIGNING_SECRET": secret, "SLACK_RESPONSE_HOSTS": "127.0.0.1"}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var errb syncBuffer
	go func() {
		done <- run(ctx, []string{"run", "--config", cfg}, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, &errb)
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run = %v\n%s", err, errb.String())
		}
	}()
	for i := 0; ; i++ {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		if i > 500 {
			t.Fatalf("the daemon never answered /healthz: %v\n%s", err, errb.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	form := slacktest.Command("flood barrier", responder.URL+"/reply")
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/slack/commands", strings.NewReader(form))
	slacktest.Sign(req, secret, time.Now(), form)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ack, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(ack), "Working on") {
		t.Fatalf("ack %d %s; want 200 and a working-on message", resp.StatusCode, ack)
	}
	select {
	case body := <-replies:
		if !strings.Contains(string(body), "flood barrier") || !strings.Contains(string(body), "blocks") {
			t.Errorf("reply %s; want the flood barrier digest in Block Kit", body)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("no reply at the response_url\n%s", errb.String())
	}
	if strings.Contains(errb.String(), secret) {
		t.Error("the daemon logged the signing secret")
	}
}

// syncBuffer is a bytes.Buffer safe for a goroutine writing while a test
// reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRunOnceReportsDeadFeeds: a brief whose feeds cannot be read says so
// and exits 1, rather than printing nothing and succeeding.
func TestRunOnceReportsDeadFeeds(t *testing.T) {
	dead := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }))
	defer dead.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "brief.yaml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("store: %s\nfeeds:\n  gone: [%s/feed.rss]\nbriefs:\n  - name: morning\n    feeds: [gone]\n    schedule: \"0 7 * * *\"\n",
		filepath.Join(dir, "digestbot.db"), dead.URL)), 0o644)
	code, _, errs := runCLI(t, "", "run", "--config", cfg, "--once")
	if code != 1 || !strings.Contains(errs, "brief morning: no feed could be read (1 of 1): ") || !strings.Contains(errs, "HTTP 404") {
		t.Errorf("exit %d, stderr %q; want 1, naming the dead feed", code, errs)
	}
}
