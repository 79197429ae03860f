package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/bot/discord"
	"github.com/digestbot/digestbot/bot/discord/discordtest"
	"github.com/digestbot/digestbot/bot/slack"
	"github.com/digestbot/digestbot/bot/slack/slacktest"
	"github.com/digestbot/digestbot/store"
)

// The posters of the platforms say what they can do with a post.
var (
	_ Threader = (*slack.Channel)(nil)
	_ Editor   = (*slack.Channel)(nil)
	_ Threader = (*discord.Channel)(nil)
	_ Editor   = (*discord.Channel)(nil)
	_ Referrer = (*discord.Webhook)(nil)
	_ Editor   = (*discord.Webhook)(nil)
)

// TestPosterAbilities: what README's table of updates says of each kind
// of destination.
func TestPosterAbilities(t *testing.T) {
	for _, tc := range []struct {
		p                      Poster
		refers, threads, edits bool
	}{
		{&slack.Channel{}, true, true, true},
		{&slack.Webhook{}, false, false, false},
		{&discord.Channel{}, true, true, true},
		{&discord.Webhook{}, true, false, true},
		{&Writer{}, false, false, false},
	} {
		_, refers := tc.p.(Referrer)
		_, threads := tc.p.(Threader)
		_, edits := tc.p.(Editor)
		if refers != tc.refers || threads != tc.threads || edits != tc.edits {
			t.Errorf("%T: refers %v, threads %v, edits %v; want %v, %v, %v", tc.p, refers, threads, edits, tc.refers, tc.threads, tc.edits)
		}
	}
}

// slackHook is a Slack incoming webhook: it answers "ok" and tells
// nothing of where the message went.
type slackHook struct {
	mu     sync.Mutex
	bodies []map[string]any
}

func (h *slackHook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var b map[string]any
	json.NewDecoder(r.Body).Decode(&b)
	h.mu.Lock()
	h.bodies = append(h.bodies, b)
	h.mu.Unlock()
	io.WriteString(w, "ok")
}

func (h *slackHook) posts() []map[string]any {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]map[string]any(nil), h.bodies...)
}

// platforms are fake Slack and Discord APIs and a Slack webhook, and the
// posters of the four kinds of chat destination built by NewPoster as the
// daemon builds them.
type platforms struct {
	slack   *slacktest.API
	discord *discordtest.Fake
	hook    *slackHook
	posters map[string]Poster
}

const (
	slackDest     = "slack:#news"
	discordDest   = "discord:223344556677889901"
	discordHook   = "discord-webhook:ops"
	slackHookDest = "slack-webhook:ops"
)

func newPlatforms(t *testing.T) *platforms {
	t.Helper()
	p := &platforms{
		slack:   slacktest.NewAPI("xoxb-test", map[string]string{"news": "C0NEWS0001"}),
		discord: discordtest.New("bot-token", []string{"223344556677889901"}, "998877665544332211", "hook-token", "223344556677889902"),
		hook:    &slackHook{},
	}
	t.Cleanup(p.slack.Close)
	t.Cleanup(p.discord.Close)
	hook := httptest.NewServer(p.hook)
	t.Cleanup(hook.Close)
	env := map[string]string{"SLACK_API_URL": p.slack.URL(), "DISCORD_API_URL": p.discord.APIURL()}
	getenv := func(k string) string { return env[k] }
	pacer := &slack.Pacer{Interval: time.Nanosecond}
	p.posters = map[string]Poster{}
	for _, d := range []Destination{
		{Kind: "slack", Target: "#news", Token: "xoxb-test", Key: slackDest, Name: slackDest},
		{Kind: "discord", Target: "223344556677889901", Token: "bot-token", Key: discordDest, Name: discordDest},
		{Kind: "discord-webhook", Target: p.discord.WebhookURL(), Key: discordHook, Name: discordHook},
		{Kind: "slack-webhook", Target: hook.URL + "/services/T1/B1/secret", Key: slackHookDest, Name: slackHookDest},
	} {
		poster, err := NewPoster(d, getenv, io.Discard, pacer)
		if err != nil {
			t.Fatal(err)
		}
		p.posters[d.Key] = poster
	}
	return p
}

// threadRunner is testRunner posting to the platforms' four destinations.
func threadRunner(t *testing.T, clk *fakeClock, p *platforms, log *slog.Logger) (*Runner, *world, Brief) {
	r, w, _, b := testRunner(t, clk)
	r.Posters = p.posters
	r.KeyContext = discord.WithIdempotencyKey
	r.Logger = log
	b.Dests = []string{slackDest, discordDest, discordHook, slackHookDest}
	return r, w, b
}

// TestRunnerThreadsUpdates posts a story to Slack and Discord (bot tokens
// and webhooks), then an update with a new fact: where the platform can,
// the update is a reply in the thread of the first post (Slack's
// thread_ts, Discord's message_reference) and the first post is edited to
// say it was updated; a Discord webhook cannot reply and edits, a Slack
// webhook can do neither. Nothing is sent or edited again afterwards.
func TestRunnerThreadsUpdates(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	p := newPlatforms(t)
	r, w, b := threadRunner(t, clk, p, nil)
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"), art("a2", "The barrier will cost 86 million dollars in all"))
	if err := r.RunBrief(ctx, b, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if n, err := r.Deliver(ctx); err != nil || n != 4 {
		t.Fatalf("Deliver = %d, %v; want the story at 4 destinations", n, err)
	}
	clk.set(clk.Now().Add(24 * time.Hour))
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"), art("a3", "Construction of the steel gates begins in the spring"))
	if err := r.RunBrief(ctx, b, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if n, err := r.Deliver(ctx); err != nil || n != 4 {
		t.Fatalf("Deliver = %d, %v; want the update at 4 destinations", n, err)
	}
	// Once delivered, nothing is sent or edited again.
	clk.set(clk.Now().Add(2 * time.Hour))
	if n, err := r.Deliver(ctx); err != nil || n != 0 {
		t.Errorf("Deliver after the update = %d, %v; want nothing", n, err)
	}

	mem := r.Memory.(*store.Store)
	sm := p.slack.Messages()
	if len(sm) != 2 {
		t.Fatalf("Slack holds %d messages; want the story and its update", len(sm))
	}
	if sm[0].ThreadTS != "" || sm[1].ThreadTS != sm[0].TS || sm[1].Broadcast {
		t.Errorf("Slack: first in thread %q, update in thread %q (broadcast %v); want the update in the first's thread %q only",
			sm[0].ThreadTS, sm[1].ThreadTS, sm[1].Broadcast, sm[0].TS)
	}
	if !strings.Contains(sm[1].Text, "Update: ") || !bytes.Contains(sm[1].Blocks, []byte("steel gates")) || bytes.Contains(sm[1].Blocks, []byte("86 million")) {
		t.Errorf("Slack update %q %s; want only the new fact, titled as an update", sm[1].Text, sm[1].Blocks)
	}
	if sm[0].Edits != 1 || !bytes.Contains(sm[0].Blocks, []byte("Updated ")) || !bytes.Contains(sm[0].Blocks, []byte("86 million")) || sm[1].Edits != 0 {
		t.Errorf("Slack: the first post edited %d times to %s; want once, keeping its bullets, saying it was updated", sm[0].Edits, sm[0].Blocks)
	}
	if th, ok, err := mem.Thread(ctx, slackDest, "flood"); err != nil || !ok || th.Ref != "C0NEWS0001/"+sm[0].TS {
		t.Errorf("Slack thread in the store = %q, %v, %v; want the first post's", th.Ref, ok, err)
	}

	var bot, hook []discordtest.Message
	for _, m := range p.discord.Messages() {
		if m.Webhook {
			hook = append(hook, m)
		} else {
			bot = append(bot, m)
		}
	}
	if len(bot) != 2 || bot[0].ReplyTo != "" || bot[1].ReplyTo != bot[0].ID {
		t.Fatalf("Discord bot messages %+v; want the story, then the update replying to it", bot)
	}
	if bot[0].Edits != 1 || !strings.HasPrefix(bot[0].Content(), "Updated <t:") || bot[1].Edits != 0 {
		t.Errorf("Discord: the first post edited %d times, content %q; want once, saying it was updated", bot[0].Edits, bot[0].Content())
	}
	if got := bot[1].EmbedTitles(); len(got) != 1 || !strings.HasPrefix(got[0], "Update: ") {
		t.Errorf("Discord update titled %q; want an update", got)
	}
	if len(hook) != 2 || hook[1].ReplyTo != "" || hook[0].Edits != 1 || !strings.HasPrefix(hook[0].Content(), "Updated <t:") || hook[1].Edits != 0 {
		t.Errorf("Discord webhook messages %+v; want the story edited to say it was updated, and the update as a message of its own", hook)
	}

	sh := p.hook.posts()
	if len(sh) != 2 || sh[1]["thread_ts"] != nil || !strings.HasPrefix(sh[1]["text"].(string), "Update: ") {
		t.Errorf("Slack webhook posts %v; want the story, then the update as a plain message", sh)
	}
	if _, ok, err := mem.Thread(ctx, slackHookDest, "flood"); err != nil || ok {
		t.Errorf("Slack webhook thread = %v, %v; want none: a webhook tells nothing", ok, err)
	}
}

// TestRunnerEditFailureIsNotADeliveryFailure: when the first post is gone
// (deleted in the channel), the update still goes out and is recorded;
// the failed edit is logged, and neither the update nor the edit is tried
// again.
func TestRunnerEditFailureIsNotADeliveryFailure(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	p := newPlatforms(t)
	var logs bytes.Buffer
	var mu sync.Mutex
	r, w, b := threadRunner(t, clk, p, slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, nil)))
	b.Dests = []string{slackDest}
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"))
	if err := r.RunBrief(ctx, b, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if n, err := r.Deliver(ctx); err != nil || n != 1 {
		t.Fatalf("Deliver = %d, %v; want 1", n, err)
	}
	first := p.slack.Messages()[0]
	p.slack.Delete(first.Channel, first.TS)
	clk.set(clk.Now().Add(24 * time.Hour))
	w.set(art("a1", "The council approved the flood barrier on Tuesday night"), art("a3", "Construction of the steel gates begins in the spring"))
	if err := r.RunBrief(ctx, b, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if n, err := r.Deliver(ctx); err != nil || n != 1 {
		t.Fatalf("Deliver of the update = %d, %v; want it sent although its original is gone", n, err)
	}
	clk.set(clk.Now().Add(2 * time.Hour))
	if n, err := r.Deliver(ctx); err != nil || n != 0 {
		t.Errorf("Deliver again = %d, %v; want nothing", n, err)
	}
	if pending, _, _ := r.Memory.(*store.Store).Outbox(ctx); pending != 0 {
		t.Errorf("%d deliveries pending; want none", pending)
	}
	updates := 0
	for _, c := range p.slack.Calls() {
		if c.Method == "chat.update" {
			updates++
		}
	}
	if sm := p.slack.Messages(); len(sm) != 1 || updates != 1 {
		t.Errorf("Slack holds %+v after %d chat.update calls; want the update alone, one attempted edit", sm, updates)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(logs.String(), "could not mark the original post as updated") || !strings.Contains(logs.String(), "message_not_found") {
		t.Errorf("log:\n%s\nwant the failed edit and Slack's reason", logs.String())
	}
}

// lockedWriter serializes writes to w.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
