package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/news"
)

// evidenced is full with evidence whose sentences hold what Discord would
// read as formatting, mentions and links.
func evidenced() news.Digest {
	d := full
	d.Bullets = append([]news.Bullet(nil), full.Bullets...)
	d.Bullets[0].Evidence = []news.Evidence{
		{Source: 0, Sentence: "The council voted 31–9 on Tuesday."},
		{Source: 1, Sentence: "The *agreement* came after _Morgan_ spoke; ~~all~~ `agreed` ||spoiler|| @everyone <@&123> [click](https://evil.example)."},
		{Source: 2, Sentence: "Der Gemeinderat stimmte zu."},
		{Source: 3, Sentence: "Councillors voted for it."},
	}
	d.Bullets[1].Evidence = []news.Evidence{
		{Source: 9, Sentence: "An article the digest does not list."},
		{Source: 1, Sentence: "Mauch called it cheap."},
	}
	return d
}

func TestEvidenceMessages(t *testing.T) {
	msgs := EvidenceMessages(evidenced(), RenderOptions{})
	checkLimits(t, msgs)
	if len(msgs) != 1 || len(msgs[0].Embeds) != 1 {
		t.Fatalf("got %d messages; want 1 of 1 embed", len(msgs))
	}
	m := msgs[0]
	if m.AllowedMentions == nil || len(m.AllowedMentions.Parse) != 0 {
		t.Errorf("allowed_mentions = %+v; want none parsed", m.AllowedMentions)
	}
	e := m.Embeds[0]
	if want := "Sources: Zürich council backs “Limmat Shield” flood barrier #2"; e.Title != want {
		t.Errorf("title = %q; want %q", e.Title, want)
	}
	// The title links as the digest's does: only to the article whose
	// headline it is, and full's title is none's.
	if e.URL != "" {
		t.Errorf("url = %q; want none", e.URL)
	}
	titled := evidenced()
	titled.Articles = append([]news.Source(nil), titled.Articles...)
	titled.Articles[1].Title = titled.Title
	if got, want := EvidenceMessages(titled, RenderOptions{})[0].Embeds[0].URL, "https://www.reuters.com/world/europe/zurich-barrier/"; got != want {
		t.Errorf("url of a title that is article 1's headline = %q; want %q", got, want)
	}
	want := strings.Join([]string{
		"• The council voted 31–9 to fund the barrier’s first phase, costing CHF 48 million.",
		"↳ [AP](https://apnews.com/article/zurich-flood?x=1&y=2): “The council voted 31–9 on Tuesday.”",
		// Markup, mentions and links in the sentence are escaped.
		"↳ [Reuters](https://www.reuters.com/world/europe/zurich-barrier/): “The \\*agreement\\* came after \\_Morgan\\_ spoke; \\~\\~all\\~\\~ \\`agreed\\` \\|\\|spoiler\\|\\| @everyone \\<@&123> \\[click\\](https://evil.example).”",
		// No web address: the outlet, not linked; a local file's path is
		// not linked either.
		"↳ SRF: “Der Gemeinderat stimmte zu.”",
		"↳ Reuters: “Councillors voted for it.”",
		// An article the digest does not list is left out.
		"• Mayor Corine Mauch called it “the \\*cheapest\\* insurance we will ever buy” \\[video\\].",
		"↳ [Reuters](https://www.reuters.com/world/europe/zurich-barrier/): “Mauch called it cheap.”",
	}, "\n")
	if e.Description != want {
		t.Errorf("description =\n%s\nwant\n%s", e.Description, want)
	}
}

func TestEvidenceMessagesNone(t *testing.T) {
	for name, d := range map[string]news.Digest{
		"no evidence": full,
		"empty":       {},
		"out of range": {Bullets: []news.Bullet{{Text: "A fact.", Sources: []int{3},
			Evidence: []news.Evidence{{Source: 3, Sentence: "A fact, said nobody."}}}}},
	} {
		if msgs := EvidenceMessages(d, RenderOptions{}); msgs != nil {
			t.Errorf("%s: EvidenceMessages = %d messages; want none", name, len(msgs))
		}
	}
}

// TestEvidenceMessagesSplit checks that evidence too long for one message
// continues in further embeds and messages within Discord's limits, every
// entry once, in order.
func TestEvidenceMessagesSplit(t *testing.T) {
	d := longDigest(40)
	var want []string
	for i := range d.Bullets {
		b := &d.Bullets[i]
		for _, src := range b.Sources {
			tag := fmt.Sprintf("E%02d/%d", i, src)
			b.Evidence = append(b.Evidence, news.Evidence{Source: src, Sentence: tag + " " + strings.Repeat("Satz *über* den Fonds. ", 100)})
			want = append(want, tag)
		}
	}
	msgs := EvidenceMessages(d, RenderOptions{})
	checkLimits(t, msgs)
	if len(msgs) < 2 {
		t.Fatalf("got %d messages; want several", len(msgs))
	}
	var got []string
	for _, line := range strings.Split(descriptions(msgs), "\n") {
		if _, rest, ok := strings.Cut(line, ": “"); ok && strings.HasPrefix(line, "↳ ") {
			got = append(got, strings.Fields(rest)[0])
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("evidence entries in order:\n%q\nwant\n%q", got, want)
	}
}

// TestInteractionFollowsUpWithEvidence checks that a signed /digest is
// answered with the digest and then the evidence as a public follow-up.
func TestInteractionFollowsUpWithEvidence(t *testing.T) {
	pub, priv := testKey(t)
	f := newFakeDiscord(t)
	i := newInteractions(t, f, pub, func(context.Context, Query) (news.Digest, error) { return evidenced(), nil })
	w := httptest.NewRecorder()
	i.ServeHTTP(w, signed(priv, testNow, commandJSON("flood barrier", "")))
	if w.Code != 200 {
		t.Fatalf("status = %d; want 200 (%q)", w.Code, w.Body.String())
	}
	if err := i.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	edit := f.next(routeOriginal)
	embeds, _ := edit.Body["embeds"].([]any)
	if len(embeds) != 1 || embeds[0].(map[string]any)["title"] != clean(full.Title) {
		t.Errorf("edited embeds = %v; want the digest's", edit.Body["embeds"])
	}
	followUp := f.next(routeWebhook)
	if want := "/api/v10/webhooks/" + fakeAppID + "/interaction-token-SECRET"; followUp.Path != want {
		t.Errorf("follow-up path = %q; want %q", followUp.Path, want)
	}
	embeds, _ = followUp.Body["embeds"].([]any)
	if len(embeds) != 1 || embeds[0].(map[string]any)["title"] != "Sources: "+clean(full.Title) {
		t.Errorf("follow-up embeds = %v; want the evidence", followUp.Body["embeds"])
	}
	public, private := f.shown("interaction-token-SECRET")
	if len(public) != 2 || len(private) != 0 {
		t.Errorf("shown publicly %q, privately %q; want the digest and its evidence, publicly", public, private)
	}
}

// TestChannelPostEvidence posts a digest, then its evidence: the evidence
// is EvidenceMessages, as a reply to the digest's first message, pinging
// nobody, with nonces of its own under an idempotency key (else Discord
// would take it for the digest); sent again under its key it is the same
// message. An update's evidence replies to the update. With Evidence
// unset, or a digest without evidence, nothing is sent. PreviewEvidence
// shows the bodies sent, the replied-to ID a stand-in.
func TestChannelPostEvidence(t *testing.T) {
	ctx := context.Background()
	f, opts := threadFake(t)
	c := &Channel{Token: fakeBotToken, ChannelID: threadChannelID, APIURL: f.APIURL(), Evidence: true, PostOptions: opts}
	d := evidenced()
	previews, err := c.PreviewEvidence(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := c.PostRef(WithIdempotencyKey(ctx, "delivery-1"), d)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := c.PostEvidence(WithIdempotencyKey(ctx, "delivery-1/evidence"), ref, ref, d); err != nil {
			t.Fatal(err)
		}
	}
	msgs := f.Messages()
	want := EvidenceMessages(d, renderAt(c.Render, c.Clock))
	if len(want) != 1 || len(msgs) != 2 {
		t.Fatalf("Discord holds %d messages; want the digest and 1 of evidence, once", len(msgs))
	}
	ev := msgs[1]
	if ev.ReplyTo != msgs[0].ID {
		t.Errorf("evidence replies to %q; want the digest %q", ev.ReplyTo, msgs[0].ID)
	}
	if am, _ := ev.Body["allowed_mentions"].(map[string]any); am == nil || am["replied_user"] != false || len(am["parse"].([]any)) != 0 {
		t.Errorf("evidence's allowed_mentions = %v; want none", ev.Body["allowed_mentions"])
	}
	wantJSON, _ := json.Marshal(want[0])
	var wantBody map[string]any
	json.Unmarshal(wantJSON, &wantBody)
	if !reflect.DeepEqual(ev.Body["embeds"], wantBody["embeds"]) {
		t.Errorf("evidence embeds = %v; want %v", ev.Body["embeds"], wantBody["embeds"])
	}
	if len(previews) != 1 {
		t.Fatalf("previewed %d bodies; want 1", len(previews))
	}
	var pv map[string]any
	if err := json.Unmarshal(previews[0], &pv); err != nil {
		t.Fatal(err)
	}
	mr, _ := pv["message_reference"].(map[string]any)
	if mr == nil || mr["message_id"] != PreviewReplyTo || mr["channel_id"] != threadChannelID || !reflect.DeepEqual(pv["embeds"], ev.Body["embeds"]) {
		t.Errorf("preview %s; want what was sent, replying to %q", previews[0], PreviewReplyTo)
	}

	reply, err := c.Reply(ctx, ref, d)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.PostEvidence(ctx, ref, reply, d); err != nil {
		t.Fatal(err)
	}
	if msgs := f.Messages(); len(msgs) != 4 || msgs[3].ReplyTo != msgs[2].ID {
		t.Errorf("after an update, %d messages; want the update's evidence replying to the update", len(msgs))
	}

	c.Evidence = false
	if err := c.PostEvidence(ctx, ref, ref, d); err != nil {
		t.Fatal(err)
	}
	if pv, err := c.PreviewEvidence(ctx, d); err != nil || pv != nil {
		t.Errorf("PreviewEvidence with Evidence unset = %d bodies, %v; want none", len(pv), err)
	}
	c.Evidence = true
	if err := c.PostEvidence(ctx, ref, ref, threadDigest("T", "No evidence.")); err != nil {
		t.Fatal(err)
	}
	if n := len(f.Messages()); n != 4 {
		t.Errorf("%d messages; want no more: evidence off, or none to send", n)
	}
}
