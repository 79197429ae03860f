package main

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/bot/discord/discordtest"
	"github.com/digestbot/digestbot/bot/slack/slacktest"
	"github.com/digestbot/digestbot/internal/loopback"
	"github.com/digestbot/digestbot/internal/pgtest"
)

// Secrets and IDs of TestFollowEndToEnd. No output of the daemon may
// show a secret.
const (
	followSlackToken    = "xoxb-follow-e2e-SECRET-token"
	followSlackSecret   = "follow-e2e-SECRET-signing"
	followDiscordToken  = "MTA5ODc2.follow-e2e.SECRET-bot-token"
	followDiscordApp    = "112233445566778899"
	followDiscordChan   = "900000000000000042"
	followDiscordGuild  = "800000000000000042"
	followInteractToken = "follow-e2e-SECRET-interaction-token"
	followSlackChan     = "C1" // slacktest.Command's channel, of team T1
)

// followArticle is an article of testdata/follow/ferry.json.
type followArticle struct {
	Path       string    `json:"path"`
	Outlet     string    `json:"outlet"`
	Title      string    `json:"title"`
	Published  time.Time `json:"published"`
	Later      bool      `json:"later"` // published only once the test says so
	Paragraphs []string  `json:"paragraphs"`
}

// followNews is one news site on loopback: an RSS feed of teasers, so
// that each item is followed to its page, and the pages. The feed answers
// If-None-Match with 304 while it is unchanged; publish adds the later
// articles to it.
type followNews struct {
	srv      *httptest.Server
	articles []followArticle

	mu        sync.Mutex
	published bool // the later articles are in the feed
	laterAt   time.Time
	fetches   int // feed requests, 304s included
}

func newFollowNews(t *testing.T) *followNews {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "follow", "ferry.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Articles []followArticle `json:"articles"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatalf("testdata/follow/ferry.json: %v", err)
	}
	n := &followNews{articles: file.Articles}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /feed.rss", n.feed)
	for _, a := range n.articles {
		mux.HandleFunc("GET "+a.Path, func(w http.ResponseWriter, r *http.Request) {
			n.mu.Lock()
			gone := a.Later && !n.published
			n.mu.Unlock()
			if gone {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			var paras strings.Builder
			for _, p := range a.Paragraphs {
				fmt.Fprintf(&paras, "<p>%s</p>\n", html.EscapeString(p))
			}
			fmt.Fprintf(w, `<!doctype html><html><head><title>%[1]s</title><meta property="og:site_name" content="%[2]s"></head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>%[1]s</h1><p class="byline">By Staff Writer</p>%[3]s</article>
<footer>&copy; 2026 %[2]s</footer></body></html>`, html.EscapeString(a.Title), html.EscapeString(a.Outlet), paras.String())
		})
	}
	n.srv = httptest.NewServer(mux)
	t.Cleanup(n.srv.Close)
	return n
}

func (n *followNews) url() string { return n.srv.URL + "/feed.rss" }

// feed serves the feed: its teasers, newest first.
func (n *followNews) feed(w http.ResponseWriter, r *http.Request) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.fetches++
	etag := `"v1"`
	if n.published {
		etag = `"v2"`
	}
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Northern Isles News</title><link>%s/</link>`+"\n", n.srv.URL)
	for i := len(n.articles) - 1; i >= 0; i-- {
		a := n.articles[i]
		at := a.Published
		if a.Later {
			if !n.published {
				continue
			}
			at = n.laterAt
		}
		first, _, _ := strings.Cut(a.Paragraphs[0], " ")
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s%s</link><guid>%s%s</guid><description>%s…</description><pubDate>%s</pubDate></item>\n",
			html.EscapeString(a.Title), n.srv.URL, a.Path, n.srv.URL, a.Path, html.EscapeString(first), at.UTC().Format(time.RFC1123Z))
	}
	b.WriteString("</channel></rss>\n")
	io.WriteString(w, b.String())
}

// publish adds the later articles to the feed, dated at.
func (n *followNews) publish(at time.Time) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.published, n.laterAt = true, at
}

// sentences returns the sentences (paragraphs) of the earlier articles or
// of the later ones.
func (n *followNews) sentences(later bool) []string {
	var out []string
	for _, a := range n.articles {
		if a.Later == later {
			out = append(out, a.Paragraphs...)
		}
	}
	return out
}

// wordRE finds the words of a text, numbers included.
var wordRE = regexp.MustCompile(`[\p{L}\p{N}]+`)

// lowerWords returns the words of s in lower case.
func lowerWords(s string) []string { return wordRE.FindAllString(strings.ToLower(s), -1) }

// subsequence reports whether the words of b appear in s in order.
func subsequence(b, s string) bool {
	bw, sw := lowerWords(b), lowerWords(s)
	i := 0
	for _, w := range sw {
		if i < len(bw) && bw[i] == w {
			i++
		}
	}
	return len(bw) > 0 && i == len(bw)
}

// slackBullets returns the bullets of a Slack message's blocks: the
// sections that start with "• ", their mrkdwn escapes undone.
func slackBullets(t *testing.T, m slacktest.Posted) []string {
	t.Helper()
	var blocks []struct {
		Type string `json:"type"`
		Text struct {
			Text string `json:"text"`
		} `json:"text"`
	}
	if err := json.Unmarshal(m.Blocks, &blocks); err != nil {
		t.Fatalf("Slack message %s: blocks are not JSON: %v\n%s", m.TS, err, m.Blocks)
	}
	var out []string
	for _, b := range blocks {
		if text, ok := strings.CutPrefix(b.Text.Text, "• "); ok && b.Type == "section" {
			out = append(out, strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(text))
		}
	}
	return out
}

// discordBullets returns the bullets of a Discord message's embeds: the
// description lines that start with "• ", without the sources that end
// them (" — *AP, Reuters*").
func discordBullets(m discordtest.Message) []string {
	var out []string
	embeds, _ := m.Body["embeds"].([]any)
	for _, e := range embeds {
		em, _ := e.(map[string]any)
		desc, _ := em["description"].(string)
		for line := range strings.Lines(desc) {
			text, ok := strings.CutPrefix(strings.TrimSpace(line), "• ")
			if !ok {
				continue
			}
			if i := strings.LastIndex(text, " — *"); i >= 0 {
				text = text[:i]
			}
			out = append(out, strings.ReplaceAll(text, `\`, ""))
		}
	}
	return out
}

// chatState says what the channels hold: each message's place, edits and
// text, for a test that gave up waiting.
// evidenceTitle is how the title of a digest's evidence begins.
const evidenceTitle = "Sources: "

// slackSplit parts Slack's messages into digests and their evidence.
func slackSplit(msgs []slacktest.Posted) (digests, evidence []slacktest.Posted) {
	for _, m := range msgs {
		if strings.HasPrefix(m.Text, evidenceTitle) {
			evidence = append(evidence, m)
		} else {
			digests = append(digests, m)
		}
	}
	return digests, evidence
}

// discordSplit parts Discord's messages into digests and their evidence.
func discordSplit(msgs []discordtest.Message) (digests, evidence []discordtest.Message) {
	for _, m := range msgs {
		if ts := m.EmbedTitles(); len(ts) > 0 && strings.HasPrefix(ts[0], evidenceTitle) {
			evidence = append(evidence, m)
		} else {
			digests = append(digests, m)
		}
	}
	return digests, evidence
}

func chatState(s *slacktest.API, d *discordtest.Fake) string {
	var b strings.Builder
	b.WriteString("Slack has:")
	for _, m := range s.Messages() {
		fmt.Fprintf(&b, "\n  ts %s in %s, thread %q, edited %d times: %q", m.TS, m.Channel, m.ThreadTS, m.Edits, m.Text)
	}
	b.WriteString("\nDiscord has:")
	for _, m := range d.Messages() {
		fmt.Fprintf(&b, "\n  %s in %s, replying to %q, edited %d times: %q %q", m.ID, m.ChannelID, m.ReplyTo, m.Edits, m.Content(), m.EmbedTitles())
	}
	return b.String()
}

// interaction is a signed /digest topic:<topic> interaction from the
// guild's channel, as Discord sends it to the Interactions Endpoint URL.
func interaction(t *testing.T, url string, priv ed25519.PrivateKey, topic string) *http.Request {
	t.Helper()
	body, _ := json.Marshal(map[string]any{
		"id": "700000000000000042", "application_id": followDiscordApp, "type": 2, "token": followInteractToken,
		"version": 1, "guild_id": followDiscordGuild, "channel_id": followDiscordChan,
		"member": map[string]any{"user": map[string]any{"id": "600000000000000042", "username": "ada"}, "roles": []any{}},
		"data":   map[string]any{"id": "500000000000000042", "name": "digest", "type": 1, "options": []any{map[string]any{"name": "topic", "type": 3, "value": topic}}},
	})
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", stamp)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, append([]byte(stamp), body...))))
	return req
}

// post sends req and returns the answer's status and body.
func post(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestFollowEndToEnd runs the daemon as the product runs it, on a fast
// clock that checks followed stories every minute of its time (a second
// of the test's), against a news site, Slack's Web API and Discord's REST
// API on loopback. A channel of each platform follows a story with a
// signed /digest follow; the next check posts the story's digest in each;
// then the story gains an article with new facts, and the next check
// posts exactly one update per channel, in the thread of (Slack) or as a
// reply to (Discord) the first post, holding only the new facts, and
// marks the first post as updated; each digest is followed by its
// evidence ("Sources: …") in the same thread; later checks, with nothing
// new, post nothing more. It runs on SQLite and, when
// DIGESTBOT_TEST_POSTGRES is set, on PostgreSQL.
func TestFollowEndToEnd(t *testing.T) {
	stores := []struct {
		name  string
		store func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "digestbot.db") }},
		{"postgres", func(t *testing.T) string { return pgtest.Schema(t, "digestbot_follow_e2e") }},
	}
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) { followEndToEnd(t, st.store(t)) })
	}
}

// followEndToEnd is TestFollowEndToEnd on the store given.
func followEndToEnd(t *testing.T, store string) {
	news := newFollowNews(t)
	slackAPI := slacktest.NewAPI(followSlackToken, map[string]string{"ferries": followSlackChan})
	t.Cleanup(slackAPI.Close)
	discordAPI := discordtest.New(followDiscordToken, []string{followDiscordChan}, "1", "unused-hook", "0")
	t.Cleanup(discordAPI.Close)
	replies := make(chan string, 4)
	responder := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		replies <- string(body)
		io.WriteString(w, "ok")
	}))
	t.Cleanup(responder.Close)
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}

	addr := loopback.FreeAddr(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "digestbot.yaml")
	conf := fmt.Sprintf(`store: %q
listen: %s
allowed_ranges: [127.0.0.1]
log: {level: info, format: json}
feeds:
  isles: [%s]
slash:
  feeds: [isles]
  slack: {signing_secret: "${SLACK_SIGNING_SECRET}"}
  discord: {public_key: %s}
follow:
  every: 1m
`, store, addr, news.url(), hex.EncodeToString(pub))
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"SLACK_SIGNING_SECRET": followSlackSecret, "SLACK_RESPONSE_HOSTS": "127.0.0.1",
		"SLACK_BOT_TOKEN": followSlackToken, "SLACK_API_URL": slackAPI.URL(),
		"DISCORD_BOT_TOKEN": followDiscordToken, "DISCORD_API_URL": discordAPI.APIURL(),
	}
	// A minute of the clock is a second of the test's: a check a second.
	clock := bot.FastClock{Start: time.Date(2026, 3, 9, 18, 0, 0, 0, time.UTC), Epoch: time.Now(), Rate: 60}
	d := startDaemon(t, cfg, addr, env, "--clock-start", clock.Start.Format(time.RFC3339), "--clock-epoch", clock.Epoch.Format(time.RFC3339Nano),
		"--clock-rate", "60", "--poll", "5s", "--lease", "10m", "--retry", "1m")
	const limit = 60 * time.Second
	daemonLog := func() string { return "the daemon's log:\n" + d.log.String() }
	t.Cleanup(func() {
		for _, s := range []string{followSlackToken, followSlackSecret, followDiscordToken, followInteractToken} {
			if strings.Contains(d.log.String(), s) {
				t.Errorf("the daemon logged the secret %q", s)
			}
		}
	})

	// Slack: /digest follow, signed with the signing secret, answered at
	// once and then, through the response_url, only to the user.
	form := slacktest.Command("follow Skerrinish ferry", responder.URL+"/reply")
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/slack/commands", strings.NewReader(form))
	slacktest.Sign(req, followSlackSecret, time.Now(), form)
	if code, ack := post(t, req); code != http.StatusOK || !strings.Contains(ack, "ephemeral") {
		t.Fatalf("Slack follow: %d %s; want 200 and an ephemeral acknowledgement", code, ack)
	}
	select {
	case reply := <-replies:
		if !strings.Contains(reply, "Following") || !strings.Contains(reply, "Skerrinish") || !strings.Contains(reply, "ephemeral") {
			t.Fatalf("Slack follow replied %s; want, to the user only, that the channel follows the ferry story", reply)
		}
	case <-time.After(limit):
		t.Fatalf("no reply to the Slack follow at the response_url within %s; %s", limit, daemonLog())
	}

	// Discord: the same, as a signed interaction, deferred and answered
	// by editing the original response.
	code, ack := post(t, interaction(t, "http://"+addr+"/discord/interactions", priv, "follow ferry aground"))
	if code != http.StatusOK || !strings.Contains(ack, `"type":5`) {
		t.Fatalf("Discord follow: %d %s; want 200 and a deferred response (type 5)", code, ack)
	}
	var answer string
	waitUntil(t, limit, "the answer to the Discord follow", func() bool {
		answer, _ = discordAPI.Responses()[followInteractToken]["content"].(string)
		return answer != ""
	}, daemonLog)
	if !strings.Contains(answer, "Following") || !strings.Contains(answer, "Skerrinish") {
		t.Fatalf("Discord follow answered %q; want that the channel follows the ferry story", answer)
	}
	followed := clock.Now()

	// The next check posts the story's digest in both channels.
	waitUntil(t, limit, "the followed story's first post in both channels", func() bool {
		return len(slackAPI.Messages()) >= 1 && len(discordAPI.Messages()) >= 1
	}, func() string { return chatState(slackAPI, discordAPI) }, daemonLog)
	slackFirst, discordFirst := slackAPI.Messages()[0], discordAPI.Messages()[0]
	if slackFirst.Channel != followSlackChan || slackFirst.ThreadTS != "" {
		t.Errorf("Slack's first post went to channel %s, thread %q; want the channel %s itself", slackFirst.Channel, slackFirst.ThreadTS, followSlackChan)
	}
	if discordFirst.ChannelID != followDiscordChan || discordFirst.ReplyTo != "" {
		t.Errorf("Discord's first post went to channel %s, replying to %q; want the channel %s itself", discordFirst.ChannelID, discordFirst.ReplyTo, followDiscordChan)
	}
	first := slackBullets(t, slackFirst)
	if len(first) == 0 || !slices.Equal(first, discordBullets(discordFirst)) {
		t.Fatalf("first posts: Slack's bullets %q, Discord's %q; want the same digest in both", first, discordBullets(discordFirst))
	}
	earlier, later := news.sentences(false), news.sentences(true)
	for _, b := range first {
		if !slices.ContainsFunc(earlier, func(s string) bool { return subsequence(b, s) }) {
			t.Errorf("first post's bullet %q is cut from no article of the story", b)
		}
	}

	// The story gains an article with new facts, published after the
	// follow; the next check that reads it posts an update.
	at := followed.Add(time.Minute).Truncate(time.Second)
	waitUntil(t, limit, "the clock to pass "+at.Format(time.RFC3339), func() bool { return clock.Now().After(at) })
	news.publish(at)
	waitUntil(t, limit, "an update and its evidence in both channels and the first posts marked as updated", func() bool {
		s, dc := slackAPI.Messages(), discordAPI.Messages()
		return len(s) >= 4 && len(dc) >= 4 && s[0].Edits > 0 && dc[0].Edits > 0
	}, func() string { return chatState(slackAPI, discordAPI) })
	slackMsgs, discordMsgs := slackAPI.Messages(), discordAPI.Messages()
	slackDigests, slackEvidence := slackSplit(slackMsgs)
	discordDigests, discordEvidence := discordSplit(discordMsgs)
	if len(slackDigests) != 2 || len(slackEvidence) != 2 || len(discordDigests) != 2 || len(discordEvidence) != 2 {
		t.Fatalf("want in each channel the first post and the update, each with its evidence; %s", chatState(slackAPI, discordAPI))
	}
	slackUpdate, discordUpdate := slackDigests[1], discordDigests[1]
	// The evidence follows each digest in its thread: on Slack in the
	// first post's thread, on Discord as a reply to the digest it backs.
	for i, m := range slackEvidence {
		if m.ThreadTS != slackFirst.TS || m.Broadcast {
			t.Errorf("Slack's evidence %d went to thread %q (broadcast %v); want the first post's thread, ts %s", i, m.ThreadTS, m.Broadcast, slackFirst.TS)
		}
	}
	if discordEvidence[0].ReplyTo != discordFirst.ID || discordEvidence[1].ReplyTo != discordUpdate.ID {
		t.Errorf("Discord's evidence replies to %q and %q; want the first post %s and the update %s",
			discordEvidence[0].ReplyTo, discordEvidence[1].ReplyTo, discordFirst.ID, discordUpdate.ID)
	}
	if slackUpdate.Channel != followSlackChan || slackUpdate.ThreadTS != slackFirst.TS || slackUpdate.Broadcast {
		t.Errorf("Slack's update went to channel %s, thread %q (broadcast %v); want a reply in the thread of the first post, ts %s",
			slackUpdate.Channel, slackUpdate.ThreadTS, slackUpdate.Broadcast, slackFirst.TS)
	}
	if discordUpdate.ChannelID != followDiscordChan || discordUpdate.ReplyTo != discordFirst.ID {
		t.Errorf("Discord's update went to channel %s, replying to %q; want a reply to the first post, %s", discordUpdate.ChannelID, discordUpdate.ReplyTo, discordFirst.ID)
	}
	if !strings.Contains(slackMsgs[0].Text+string(slackMsgs[0].Blocks), "Updated") {
		t.Errorf("Slack's first post, edited, reads %s; want it to say the story was updated", slackMsgs[0].Blocks)
	}
	if !strings.Contains(discordMsgs[0].Content(), "Updated") {
		t.Errorf("Discord's first post, edited, reads %q; want it to say the story was updated", discordMsgs[0].Content())
	}
	// Only new facts: each bullet is cut from the new article, from a
	// sentence no earlier article holds, and names something (a name, a
	// number) that no earlier article does; none repeats a posted bullet.
	known := map[string]bool{}
	for _, s := range earlier {
		for _, w := range lowerWords(s) {
			known[w] = true
		}
	}
	update := slackBullets(t, slackUpdate)
	if len(update) == 0 || !slices.Equal(update, discordBullets(discordUpdate)) {
		t.Fatalf("updates: Slack's bullets %q, Discord's %q; want the same new facts in both", update, discordBullets(discordUpdate))
	}
	for _, b := range update {
		fresh := slices.ContainsFunc(lowerWords(b), func(w string) bool { return !known[w] })
		switch {
		case !slices.ContainsFunc(later, func(s string) bool { return subsequence(b, s) }):
			t.Errorf("update's bullet %q is cut from no sentence of the new article", b)
		case slices.ContainsFunc(earlier, func(s string) bool { return subsequence(b, s) }) || !fresh:
			t.Errorf("update's bullet %q is no new fact: the earlier articles said it", b)
		case slices.Contains(first, b):
			t.Errorf("update's bullet %q was posted before", b)
		}
	}
	for _, s := range later {
		if slices.ContainsFunc(lowerWords(s), func(w string) bool { return !known[w] }) &&
			!slices.ContainsFunc(update, func(b string) bool { return subsequence(b, s) }) {
			t.Errorf("the new fact %q is in no bullet of the update", s)
		}
	}
	t.Logf("first post: %q; update: %q", first, update)

	// Later checks find nothing new: nothing more is posted or edited.
	metrics := func() (runs float64, drained bool) {
		_, text := d.get(t, "/metrics")
		runs, _ = metric(text, "digestbot_brief_runs_total", `brief="(follow)",outcome="ok"`)
		pending, ok := metric(text, "digestbot_outbox_pending", "")
		return runs, ok && pending == 0
	}
	runs, _ := metrics()
	waitUntil(t, limit, "two more checks of the followed stories", func() bool {
		r, _ := metrics()
		return r >= runs+2
	}, daemonLog)
	// Read after the checks were counted: what they put in the outbox is
	// in it by then.
	waitUntil(t, limit, "an empty outbox", func() bool {
		_, drained := metrics()
		return drained
	}, func() string { return chatState(slackAPI, discordAPI) }, daemonLog)
	slackAfter, discordAfter := slackAPI.Messages(), discordAPI.Messages()
	if len(slackAfter) != 4 || len(discordAfter) != 4 || slackAfter[0].Edits != 1 || discordAfter[0].Edits != 1 {
		t.Errorf("after later checks with nothing new: Slack has %d messages (first edited %d times), Discord %d (first edited %d times); want 4 each (two digests, their evidence), edited once",
			len(slackAfter), slackAfter[0].Edits, len(discordAfter), discordAfter[0].Edits)
	}
	calls := map[string]int{}
	for _, c := range slackAPI.Calls() {
		calls[c.Method]++
	}
	if calls["chat.postMessage"] != 4 || calls["chat.update"] != 1 {
		t.Errorf("Slack was called %v; want chat.postMessage 4 times (two digests, their evidence) and chat.update once", calls)
	}
}
