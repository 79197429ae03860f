package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/bot/discord"
	"github.com/digestbot/digestbot/bot/discord/discordtest"
	"github.com/digestbot/digestbot/bot/slack"
	"github.com/digestbot/digestbot/bot/slack/slacktest"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/store"
)

// The bot-token posters can post a digest's evidence; webhooks cannot.
var (
	_ Evidencer = (*slack.Channel)(nil)
	_ Evidencer = (*discord.Channel)(nil)
)

func TestEvidencers(t *testing.T) {
	for _, tc := range []struct {
		p    Poster
		want bool
	}{
		{&slack.Channel{}, true},
		{&slack.Webhook{}, false},
		{&discord.Channel{}, true},
		{&discord.Webhook{}, false},
		{&Writer{}, false},
	} {
		if _, got := tc.p.(Evidencer); got != tc.want {
			t.Errorf("%T is an Evidencer: %v; want %v", tc.p, got, tc.want)
		}
	}
}

// fact is an article of an evidence story: Title is the fact it states,
// Text the sentence that states it.
func fact(id, outlet, title, text string) news.Article {
	return news.Article{ID: id, Outlet: outlet, URL: "https://" + strings.ToLower(outlet) + ".example/" + id,
		Feed: "https://feeds.example/rss", Title: title, Text: text}
}

// evidenceSummarizer digests a story into one bullet per fact (an
// article's Title), carried by every article that states it, each
// article's Text its evidence.
var evidenceSummarizer = SummarizeFunc(func(ctx context.Context, s news.Story) (news.Digest, error) {
	var d news.Digest
	at := map[string]int{} // fact → its bullet
	for i, a := range s.Articles {
		d.Articles = append(d.Articles, news.Source{Outlet: a.Outlet, Title: a.Title, URL: a.URL})
		k, ok := at[a.Title]
		if !ok {
			k = len(d.Bullets)
			at[a.Title] = k
			d.Bullets = append(d.Bullets, news.Bullet{Text: a.Title})
		}
		b := &d.Bullets[k]
		b.Sources = append(b.Sources, i)
		b.Evidence = append(b.Evidence, news.Evidence{Source: i, Sentence: a.Text})
	}
	return d, nil
})

// The articles of the evidence story: two outlets carry the vote, one the
// cost; the next day a third brings the gates.
var (
	voteCourier = fact("a1", "Courier", "The council approved the flood barrier", "On Tuesday night the council approved the flood barrier, 7 votes to 2.")
	voteHerald  = fact("a2", "Herald", "The council approved the flood barrier", "After a long debate, councillors approved the flood barrier.")
	costCourier = fact("a3", "Courier", "The barrier will cost 86 million dollars", "The barrier will cost 86 million dollars in all, officials said.")
	gatesGazett = fact("a4", "Gazette", "Construction of the steel gates begins in spring", "Construction of the steel gates begins in the spring, the mayor said.")
)

// evidenceRunner is threadRunner with a summarizer that keeps evidence.
func evidenceRunner(t *testing.T, clk *fakeClock, p *platforms, log *slog.Logger) (*Runner, *world, Brief) {
	r, w, b := threadRunner(t, clk, p, log)
	b.Summarizer = evidenceSummarizer
	return r, w, b
}

// inOrder reports whether text holds parts, in order.
func inOrder(text string, parts ...string) bool {
	for _, p := range parts {
		i := strings.Index(text, p)
		if i < 0 {
			return false
		}
		text = text[i+len(p):]
	}
	return true
}

// slackTexts returns the texts of a Slack message's blocks, in order, one
// a line: headers, sections and context elements.
func slackTexts(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var blocks []struct {
		Text     *struct{ Text string }  `json:"text"`
		Elements []struct{ Text string } `json:"elements"`
	}
	if err := json.Unmarshal(raw, &blocks); err != nil {
		t.Fatalf("blocks do not decode: %v\n%s", err, raw)
	}
	var b strings.Builder
	for _, bl := range blocks {
		if bl.Text != nil {
			b.WriteString(bl.Text.Text + "\n")
		}
		for _, e := range bl.Elements {
			b.WriteString(e.Text + "\n")
		}
	}
	return b.String()
}

// discordTexts returns the titles and descriptions of a Discord message's
// embeds, one a line.
func discordTexts(m discordtest.Message) string {
	var b strings.Builder
	es, _ := m.Body["embeds"].([]any)
	for _, e := range es {
		em, _ := e.(map[string]any)
		title, _ := em["title"].(string)
		desc, _ := em["description"].(string)
		b.WriteString(title + "\n" + desc + "\n")
	}
	return b.String()
}

// TestRunnerPostsEvidenceInThread runs a brief to Slack and Discord, by
// bot token and by webhook, then an update: at a bot-token destination
// the digest is followed by one evidence reply in its thread (Slack:
// thread_ts, not broadcast; Discord: a reply to it) holding each bullet's
// sentence per outlet, linked; the update's evidence, of its new fact
// only, follows the update in the same thread. Webhooks post no evidence.
// Nothing is posted again afterwards.
func TestRunnerPostsEvidenceInThread(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	p := newPlatforms(t)
	r, w, b := evidenceRunner(t, clk, p, nil)
	w.set(voteCourier, voteHerald, costCourier)
	if err := r.RunBrief(ctx, b, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if n, err := r.Deliver(ctx); err != nil || n != 4 {
		t.Fatalf("Deliver = %d, %v; want the story at 4 destinations", n, err)
	}
	clk.set(clk.Now().Add(24 * time.Hour))
	w.set(voteCourier, voteHerald, costCourier, gatesGazett)
	if err := r.RunBrief(ctx, b, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if n, err := r.Deliver(ctx); err != nil || n != 4 {
		t.Fatalf("Deliver = %d, %v; want the update at 4 destinations", n, err)
	}
	clk.set(clk.Now().Add(2 * time.Hour))
	if n, err := r.Deliver(ctx); err != nil || n != 0 {
		t.Errorf("Deliver again = %d, %v; want nothing", n, err)
	}

	firstEvidence := []string{
		"Sources: Harwick flood barrier",
		"The council approved the flood barrier",
		"<https://courier.example/a1|Courier>:", "“" + voteCourier.Text + "”",
		"<https://herald.example/a2|Herald>:", "“" + voteHerald.Text + "”",
		"The barrier will cost 86 million dollars",
		"<https://courier.example/a3|Courier>:", "“" + costCourier.Text + "”",
	}
	sm := p.slack.Messages()
	if len(sm) != 4 {
		t.Fatalf("Slack holds %d messages; want the story, its evidence, the update, its evidence", len(sm))
	}
	root := sm[0].TS
	for i, m := range sm[1:] {
		if m.ThreadTS != root || m.Broadcast {
			t.Errorf("Slack message %d in thread %q (broadcast %v); want in %q only", i+1, m.ThreadTS, m.Broadcast, root)
		}
	}
	if got := slackTexts(t, sm[1].Blocks); !inOrder(got, firstEvidence...) {
		t.Errorf("Slack evidence:\n%s\nwant in order %q", got, firstEvidence)
	}
	if got := slackTexts(t, sm[2].Blocks); !strings.Contains(sm[2].Text, "Update: ") || !strings.Contains(got, "steel gates") {
		t.Errorf("Slack message 3 = %q; want the update", sm[2].Text)
	}
	update := slackTexts(t, sm[3].Blocks)
	if !inOrder(update, "Sources: Update: Harwick flood barrier", gatesGazett.Title, "<https://gazette.example/a4|Gazette>:", "“"+gatesGazett.Text+"”") ||
		strings.Contains(update, voteCourier.Text) {
		t.Errorf("Slack update's evidence:\n%s\nwant the new fact's alone", update)
	}

	var bot, hook []discordtest.Message
	for _, m := range p.discord.Messages() {
		if m.Webhook {
			hook = append(hook, m)
		} else {
			bot = append(bot, m)
		}
	}
	if len(bot) != 4 || bot[0].ReplyTo != "" || bot[1].ReplyTo != bot[0].ID || bot[2].ReplyTo != bot[0].ID || bot[3].ReplyTo != bot[2].ID {
		t.Fatalf("Discord bot messages (ID, replying to) %v; want the story, its evidence replying to it, the update replying to it, its evidence replying to the update", replyChain(bot))
	}
	if got, want := discordTexts(bot[1]), []string{
		"Sources: Harwick flood barrier",
		"• The council approved the flood barrier",
		"↳ [Courier](https://courier.example/a1): “" + voteCourier.Text + "”",
		"↳ [Herald](https://herald.example/a2): “" + voteHerald.Text + "”",
		"• The barrier will cost 86 million dollars",
		"↳ [Courier](https://courier.example/a3): “" + costCourier.Text + "”",
	}; !inOrder(got, want...) {
		t.Errorf("Discord evidence:\n%s\nwant in order %q", got, want)
	}
	if got := discordTexts(bot[3]); !inOrder(got, "Sources: Update: ", "• "+gatesGazett.Title, "↳ [Gazette](https://gazette.example/a4): “"+gatesGazett.Text+"”") ||
		strings.Contains(got, voteCourier.Text) {
		t.Errorf("Discord update's evidence:\n%s\nwant the new fact's alone", got)
	}
	if len(hook) != 2 {
		t.Errorf("Discord webhook holds %d messages; want the story and the update, no evidence", len(hook))
	}
	if sh := p.hook.posts(); len(sh) != 2 {
		t.Errorf("Slack webhook got %d posts; want the story and the update, no evidence", len(sh))
	}
}

// replyChain shows each message as "ID←REPLY_TO".
func replyChain(ms []discordtest.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.ID+"←"+m.ReplyTo)
	}
	return out
}

// TestRunnerEvidenceOff: destinations built with NoEvidence (evidence:
// off) post the digest alone.
func TestRunnerEvidenceOff(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	p := newPlatforms(t)
	r, w, b := evidenceRunner(t, clk, p, nil)
	env := map[string]string{"SLACK_API_URL": p.slack.URL(), "DISCORD_API_URL": p.discord.APIURL()}
	for _, d := range []Destination{
		{Kind: "slack", Target: "#news", Token: "xoxb-test", Key: slackDest, Name: slackDest, NoEvidence: true},
		{Kind: "discord", Target: "223344556677889901", Token: "bot-token", Key: discordDest, Name: discordDest, NoEvidence: true},
	} {
		poster, err := NewPoster(d, func(k string) string { return env[k] }, io.Discard, &slack.Pacer{Interval: time.Nanosecond})
		if err != nil {
			t.Fatal(err)
		}
		r.Posters[d.Key] = poster
	}
	b.Dests = []string{slackDest, discordDest}
	w.set(voteCourier, voteHerald, costCourier)
	if err := r.RunBrief(ctx, b, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if n, err := r.Deliver(ctx); err != nil || n != 2 {
		t.Fatalf("Deliver = %d, %v; want 2", n, err)
	}
	if sm := p.slack.Messages(); len(sm) != 1 {
		t.Errorf("Slack holds %d messages; want the digest alone", len(sm))
	}
	if dm := p.discord.Messages(); len(dm) != 1 {
		t.Errorf("Discord holds %d messages; want the digest alone", len(dm))
	}
}

// refusingThreads is a Slack Web API in front of api that refuses every
// message in a thread, as Slack answers for a message that cannot have
// replies, and counts the refusals.
type refusingThreads struct {
	proxy *httputil.ReverseProxy
	mu    sync.Mutex
	n     int
}

func (s *refusingThreads) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	if strings.HasSuffix(r.URL.Path, "/chat.postMessage") && form.Get("thread_ts") != "" {
		s.mu.Lock()
		s.n++
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		io.WriteString(w, `{"ok":false,"error":"cannot_reply_to_message"}`)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	s.proxy.ServeHTTP(w, r)
}

func (s *refusingThreads) refused() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// TestRunnerEvidenceFailureIsNotADeliveryFailure: when Slack refuses the
// evidence reply, the digest stays posted and its delivery recorded as
// sent, once; the failure is logged, and neither the digest nor its
// evidence is sent again.
func TestRunnerEvidenceFailureIsNotADeliveryFailure(t *testing.T) {
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)}
	api := slacktest.NewAPI("xoxb-test", map[string]string{"news": "C0NEWS0001"})
	t.Cleanup(api.Close)
	target, err := url.Parse(api.URL())
	if err != nil {
		t.Fatal(err)
	}
	refuser := &refusingThreads{proxy: httputil.NewSingleHostReverseProxy(target)}
	srv := httptest.NewServer(refuser)
	t.Cleanup(srv.Close)
	var logs bytes.Buffer
	var mu sync.Mutex
	r, w, _, b := testRunner(t, clk)
	r.Logger = slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, nil))
	b.Summarizer = evidenceSummarizer
	poster, err := NewPoster(Destination{Kind: "slack", Target: "#news", Token: "xoxb-test", Key: slackDest, Name: slackDest},
		func(k string) string { return map[string]string{"SLACK_API_URL": srv.URL + "/"}[k] }, io.Discard, &slack.Pacer{Interval: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	r.Posters = map[string]Poster{slackDest: OutboxRetries(poster, r.Logger)}
	b.Dests = []string{slackDest}
	w.set(voteCourier, voteHerald, costCourier)
	if err := r.RunBrief(ctx, b, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if n, err := r.Deliver(ctx); err != nil || n != 1 {
		t.Fatalf("Deliver = %d, %v; want the digest sent although its evidence was refused", n, err)
	}
	clk.set(clk.Now().Add(2 * time.Hour))
	if n, err := r.Deliver(ctx); err != nil || n != 0 {
		t.Errorf("Deliver again = %d, %v; want nothing", n, err)
	}
	mem := r.Memory.(*store.Store)
	if pending, _, _ := mem.Outbox(ctx); pending != 0 {
		t.Errorf("%d deliveries pending; want none", pending)
	}
	if bullets, ok, err := mem.Posted(ctx, slackDest, "flood"); err != nil || !ok || len(bullets) != 2 {
		t.Errorf("Posted = %q, %v, %v; want the digest's 2 bullets recorded", bullets, ok, err)
	}
	if sm := api.Messages(); len(sm) != 1 || sm[0].ThreadTS != "" {
		t.Errorf("Slack holds %d messages; want the digest once", len(sm))
	}
	if n := refuser.refused(); n != 1 {
		t.Errorf("the evidence was tried %d times; want once", n)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(logs.String(), "could not post its sources") || !strings.Contains(logs.String(), "cannot_reply_to_message") {
		t.Errorf("log:\n%s\nwant the failed evidence and Slack's reason", logs.String())
	}
}

// TestCommandPostEvidence: `digestbot post` to Slack and Discord by bot
// token posts the digest and its evidence under it; --dry-run prints the
// evidence's bodies after the digest's; a refused evidence reply is a
// warning, not a failed post.
func TestCommandPostEvidence(t *testing.T) {
	ctx := context.Background()
	p := newPlatforms(t)
	d, err := evidenceSummarizer(ctx, news.Story{Articles: []news.Article{voteCourier, voteHerald, costCourier}})
	if err != nil {
		t.Fatal(err)
	}
	d.Title = "Council approves barrier"
	posters := []Poster{p.posters[slackDest], p.posters[discordDest], p.posters[slackHookDest]}

	var stdout, stderr bytes.Buffer
	if ok := (Command{Stdout: &stdout, Stderr: &stderr}).Post(ctx, d, posters, true); !ok {
		t.Fatalf("dry run failed:\n%s", stderr.String())
	}
	if len(p.slack.Messages()) != 0 || len(p.discord.Messages()) != 0 {
		t.Fatal("a dry run posted")
	}
	out := stdout.String()
	if !inOrder(out, "==> slack:#news <==\n", `"thread_ts":"`+slack.PreviewThreadTS+`"`, "==> discord:", `"message_id":"`+discord.PreviewReplyTo+`"`, "==> slack-webhook:") ||
		strings.Count(out, voteHerald.Text) != 2 {
		t.Errorf("dry run printed:\n%s\nwant each bot destination's evidence after its digest, the webhook's none", out)
	}
	if want := "would post \"Council approves barrier\" to slack:#news in 1 request, then its sources in its thread in 1 request\n"; !strings.Contains(stderr.String(), want) {
		t.Errorf("dry run said:\n%s\nwant %q", stderr.String(), want)
	}

	stderr.Reset()
	if ok := (Command{Stderr: &stderr}).Post(ctx, d, posters, false); !ok {
		t.Fatalf("post failed:\n%s", stderr.String())
	}
	sm, dm := p.slack.Messages(), p.discord.Messages()
	if len(sm) != 2 || sm[1].ThreadTS != sm[0].TS || !strings.Contains(slackTexts(t, sm[1].Blocks), voteHerald.Text) {
		t.Errorf("Slack holds %d messages; want the digest and its evidence in its thread", len(sm))
	}
	if len(dm) != 2 || dm[1].ReplyTo != dm[0].ID || !strings.Contains(discordTexts(dm[1]), voteHerald.Text) {
		t.Errorf("Discord holds %d messages; want the digest and its evidence replying to it", len(dm))
	}
	if len(p.hook.posts()) != 1 || strings.Contains(stderr.String(), "warning") {
		t.Errorf("webhook got %d posts; stderr:\n%s\nwant the digest alone, no warning", len(p.hook.posts()), stderr.String())
	}

	// The same post to a Slack that refuses replies: posted, with a warning.
	target, err := url.Parse(p.slack.URL())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(&refusingThreads{proxy: httputil.NewSingleHostReverseProxy(target)})
	t.Cleanup(srv.Close)
	refused, err := NewPoster(Destination{Kind: "slack", Target: "#news", Token: "xoxb-test", Name: slackDest},
		func(k string) string { return map[string]string{"SLACK_API_URL": srv.URL + "/"}[k] }, io.Discard, &slack.Pacer{Interval: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if ok := (Command{Stderr: &stderr}).Post(ctx, d, []Poster{refused}, false); !ok {
		t.Errorf("post failed:\n%s\nwant it to succeed: the digest was posted", stderr.String())
	}
	if want := "digestbot: posted \"Council approves barrier\" to slack:#news\ndigestbot: warning: slack:#news took the digest, but not its sources: slack: chat.postMessage: cannot_reply_to_message\n"; stderr.String() != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr.String(), want)
	}
}
