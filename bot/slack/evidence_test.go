package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	slackapi "github.com/slack-go/slack"

	"github.com/digestbot/digestbot/news"
)

// evidenceDigest is fullDigest with evidence whose sentences hold what
// Slack would read as formatting, mentions and links.
func evidenceDigest() news.Digest {
	d := fullDigest()
	d.Bullets[0].Evidence = []news.Evidence{
		{Source: 0, Sentence: "Leaders agreed a $100bn fund for 2030 & beyond, AP said."},
		{Source: 1, Sentence: "The *agreement* came after _Morgan_ spoke; ~all~ `agreed` <!channel> @here <https://evil.example|click> &amp; :wave:"},
		{Source: 2, Sentence: "Le fonds de 100 milliards est adopté."},
	}
	d.Bullets[1].Evidence = []news.Evidence{
		{Source: 3, Sentence: "Protesters chanted outside."},
		{Source: 5, Sentence: "A local file's sentence."},
		{Source: 9, Sentence: "An article the digest does not list."},
	}
	return d
}

// contextParts returns the texts of a context block's elements and
// whether each is plain_text.
func contextParts(b slackapi.Block) (texts []string, plain []bool) {
	c, ok := b.(*slackapi.ContextBlock)
	if !ok {
		return nil, nil
	}
	for _, e := range c.ContextElements.Elements {
		if o, ok := e.(*slackapi.TextBlockObject); ok {
			texts = append(texts, o.Text)
			plain = append(plain, o.Type == slackapi.PlainTextType && o.Emoji != nil && !*o.Emoji)
		}
	}
	return texts, plain
}

func TestEvidenceMessages(t *testing.T) {
	msgs := EvidenceMessages(evidenceDigest())
	checkLimits(t, msgs)
	if len(msgs) != 1 {
		t.Fatalf("got %d messages; want 1", len(msgs))
	}
	m := msgs[0]
	if got, want := headerText(m), "Sources: Leaders agree <climate> fund & timetable at Paris summit"; got != want {
		t.Errorf("header = %q; want %q", got, want)
	}
	if want := "Sources: Leaders agree &lt;climate&gt; fund &amp; timetable at Paris summit"; m.Text != want {
		t.Errorf("fallback = %q; want %q", m.Text, want)
	}
	type row struct {
		label, sentence string // a context: the outlet's mrkdwn, the sentence's plain text
		bullet          string // a section's plain text
	}
	want := []row{
		{bullet: "• Leaders agreed a $100bn fund for 2030 & beyond."},
		{label: "<https://apnews.com/a?x=1&amp;y=2|AP>:", sentence: "“Leaders agreed a $100bn fund for 2030 & beyond, AP said.”"},
		// javascript: is not linked; the sentence is plain text, shown
		// as written: no bold, italics, strikethrough, code, mention,
		// link or emoji.
		{label: "Reuters:", sentence: "“The *agreement* came after _Morgan_ spoke; ~all~ `agreed` <!channel> @here <https://evil.example|click> &amp; :wave:”"},
		{label: "<https://lemonde.fr/a%7Cb%3Ec|Le Monde>:", sentence: "“Le fonds de 100 milliards est adopté.”"},
		{bullet: "• Protesters chanted <!channel> and \"*no deal*\" outside."},
		{label: "<https://apnews.com/b|AP>:", sentence: "“Protesters chanted outside.”"},
		// A local file: its name, escaped, not linked; an article out of
		// range is left out.
		{label: "Local &lt;Paper&gt;:", sentence: "“A local file's sentence.”"},
	}
	blocks := m.Blocks[1:]
	if len(blocks) != len(want) {
		t.Fatalf("got %d blocks after the header; want %d", len(blocks), len(want))
	}
	for i, w := range want {
		if w.bullet != "" {
			s, ok := blocks[i].(*slackapi.SectionBlock)
			if !ok || s.Text.Type != slackapi.PlainTextType || s.Text.Text != w.bullet {
				t.Errorf("block %d = %#v; want a plain_text section %q", i+1, blocks[i], w.bullet)
			}
			continue
		}
		texts, plain := contextParts(blocks[i])
		if len(texts) != 2 || texts[0] != w.label || texts[1] != w.sentence || plain[0] || !plain[1] {
			t.Errorf("block %d = %q (plain_text without emoji: %v); want mrkdwn %q, plain_text %q", i+1, texts, plain, w.label, w.sentence)
		}
	}
}

func TestEvidenceMessagesNone(t *testing.T) {
	for name, d := range map[string]news.Digest{
		"no evidence": fullDigest(),
		"empty":       {},
		"out of range": {Bullets: []news.Bullet{{Text: "A fact.", Sources: []int{3},
			Evidence: []news.Evidence{{Source: 3, Sentence: "A fact, said nobody."}}}}},
	} {
		if msgs := EvidenceMessages(d); msgs != nil {
			t.Errorf("%s: EvidenceMessages = %d messages; want none", name, len(msgs))
		}
	}
}

// TestEvidenceMessagesSplit checks that evidence too long for one
// message is split within Slack's limits, in order, every entry once.
func TestEvidenceMessagesSplit(t *testing.T) {
	d := longUnicode()
	entries := 0
	for i := range d.Bullets {
		b := &d.Bullets[i]
		for _, src := range b.Sources {
			b.Evidence = append(b.Evidence, news.Evidence{Source: src, Sentence: fmt.Sprintf("%d/%d ", i, src) + strings.Repeat("Satz über Fonds ", 200)})
			entries++
		}
	}
	msgs := EvidenceMessages(d)
	checkLimits(t, msgs)
	if len(msgs) < 2 {
		t.Fatalf("got %d messages; want several", len(msgs))
	}
	var got []string
	for k, m := range msgs {
		if h, suffix := headerText(m), fmt.Sprintf("(%d/%d)", k+1, len(msgs)); !strings.HasPrefix(h, "Sources: ") || !strings.HasSuffix(h, suffix) {
			t.Errorf("message %d header = %q; want Sources: … %s", k, h, suffix)
		}
		for _, b := range m.Blocks {
			if texts, _ := contextParts(b); len(texts) == 2 {
				got = append(got, strings.Fields(strings.TrimPrefix(texts[1], "“"))[0])
			}
		}
	}
	if len(got) != entries {
		t.Fatalf("got %d evidence entries; want %d", len(got), entries)
	}
	k := 0
	for i, b := range d.Bullets {
		for _, src := range b.Sources {
			if want := fmt.Sprintf("%d/%d", i, src); got[k] != want {
				t.Errorf("entry %d = %s; want %s", k, got[k], want)
			}
			k++
		}
	}
}

// TestCommandRepliesWithEvidence checks that a signed /digest is answered
// with the digest and then, as a second reply of the same visibility,
// its evidence.
func TestCommandRepliesWithEvidence(t *testing.T) {
	rs := newResponseServer(t)
	c := testCommands(func(context.Context, Query) (news.Digest, error) { return evidenceDigest(), nil })
	w := httptest.NewRecorder()
	c.ServeHTTP(w, signedRequest(testSecret, testNow, commandForm("public paris", rs.url()).Encode()))
	if err := c.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	digest, evidence := rs.next(t), rs.next(t)
	if n := len(rs.posts); n != 0 {
		t.Errorf("%d more replies; want 2 in all", n)
	}
	if want := Messages(evidenceDigest(), RenderOptions{})[0]; headerText(digest.Message) != headerText(want) {
		t.Errorf("first reply = %q; want the digest %q", headerText(digest.Message), headerText(want))
	}
	if want := EvidenceMessages(evidenceDigest())[0]; headerText(evidence.Message) != headerText(want) || len(evidence.Blocks) != len(want.Blocks) {
		t.Errorf("second reply = %q, %d blocks; want the evidence %q, %d blocks", headerText(evidence.Message), len(evidence.Blocks), headerText(want), len(want.Blocks))
	}
	for _, r := range []hookBody{digest, evidence} {
		if r.ResponseType != "in_channel" {
			t.Errorf("reply %q response_type = %q; want in_channel", r.Text, r.ResponseType)
		}
	}
	checkLimits(t, []Message{evidence.Message})
}

// TestChannelPostEvidence posts a digest, then its evidence: the evidence
// is EvidenceMessages, in the digest's thread (by the channel's ID), shown
// only there; an update's evidence goes in the thread of the story's
// first post. With Evidence unset, or a digest without evidence, nothing
// is posted. PreviewEvidence shows the bodies posted, the thread_ts a
// stand-in.
func TestChannelPostEvidence(t *testing.T) {
	ctx := context.Background()
	c, api := threadChannel(t)
	c.Evidence = true
	d := evidenceDigest()
	previews, err := c.PreviewEvidence(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := c.PostRef(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.PostEvidence(ctx, ref, ref, d); err != nil {
		t.Fatal(err)
	}
	posted := api.Messages()
	want := EvidenceMessages(d)
	if len(posted) != 1+len(want) || len(want) != 1 {
		t.Fatalf("posted %d messages; want the digest and %d of evidence", len(posted), len(want))
	}
	ev := posted[1]
	if ev.ThreadTS != posted[0].TS || ev.Broadcast {
		t.Errorf("evidence in thread %q (broadcast %v); want in the digest's thread %q only", ev.ThreadTS, ev.Broadcast, posted[0].TS)
	}
	wantBlocks, _ := json.Marshal(want[0].Blocks)
	if ev.Text != want[0].Text || !jsonEqual(t, ev.Blocks, wantBlocks) {
		t.Errorf("evidence posted as %q %s; want %q %s", ev.Text, ev.Blocks, want[0].Text, wantBlocks)
	}
	if len(previews) != 1 {
		t.Fatalf("previewed %d bodies; want 1", len(previews))
	}
	var pv struct {
		Channel, Text string
		ThreadTS      string          `json:"thread_ts"`
		Blocks        json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(previews[0], &pv); err != nil {
		t.Fatal(err)
	}
	pvBlocks := pv.Blocks
	if pv.ThreadTS != PreviewThreadTS || pv.Channel != "#news" || pv.Text != ev.Text || !jsonEqual(t, pvBlocks, ev.Blocks) || strings.Contains(string(previews[0]), "secret") {
		t.Errorf("preview %s; want what was posted, in thread %q", previews[0], PreviewThreadTS)
	}

	// An update, replied in the thread: its evidence joins that thread.
	reply, err := c.Reply(ctx, ref, d)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.PostEvidence(ctx, ref, reply, d); err != nil {
		t.Fatal(err)
	}
	if all := api.Messages(); len(all) != 4 || all[3].ThreadTS != posted[0].TS {
		t.Errorf("after an update, %d messages; want the update's evidence in the first post's thread", len(all))
	}

	c.Evidence = false
	if err := c.PostEvidence(ctx, ref, ref, d); err != nil {
		t.Fatal(err)
	}
	if pv, err := c.PreviewEvidence(ctx, d); err != nil || pv != nil {
		t.Errorf("PreviewEvidence with Evidence unset = %d bodies, %v; want none", len(pv), err)
	}
	c.Evidence = true
	if err := c.PostEvidence(ctx, ref, ref, fullDigest()); err != nil {
		t.Fatal(err)
	}
	if n := len(api.Messages()); n != 4 {
		t.Errorf("%d messages; want no more: evidence off, or none to post", n)
	}
	var refErr *RefError
	if err := c.PostEvidence(ctx, "nonsense", "nonsense", d); !errors.As(err, &refErr) {
		t.Errorf("PostEvidence in thread %q = %v; want a RefError", "nonsense", err)
	}
}

// jsonEqual reports whether a and b encode the same JSON value.
func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Fatalf("%v: %s", err, a)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return reflect.DeepEqual(va, vb)
}
