package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/digestbot/digestbot/bot/chat"
	"github.com/digestbot/digestbot/bot/slack/slacktest"
)

// threadChannel returns a Channel posting to #news on a fake Web API whose
// clock and the poster's are one.
func threadChannel(t *testing.T) (*Channel, *slacktest.API) {
	t.Helper()
	api := slacktest.NewAPI("xoxb-secret-token", map[string]string{"news": "C0NEWS0001"})
	t.Cleanup(api.Close)
	clock := newFakeClock()
	api.SetClock(clock.Now)
	return &Channel{Token: "xoxb-secret-token", Channel: "#news", APIURL: api.URL(),
		PostOptions: PostOptions{StampTime: true, Clock: clock, Pacer: &Pacer{Interval: time.Nanosecond, Clock: clock}}}, api
}

// blocksOf decodes the blocks a message shows.
func blocksOf(t *testing.T, raw json.RawMessage) []slackapi.Block {
	t.Helper()
	var b slackapi.Blocks
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatalf("blocks do not decode: %v\n%s", err, raw)
	}
	return b.BlockSet
}

// TestChannelThread posts a digest of three messages, replies to it with
// an update of three more, and marks it updated: the replies are in the
// first message's thread (by the channel's ID, not its name), only the
// thread shows them, and chat.update shows the first message again as
// posted, with a line under its header.
func TestChannelThread(t *testing.T) {
	ctx := context.Background()
	c, api := threadChannel(t)
	original := shortBullets(60)
	ref, err := c.PostRef(ctx, original)
	if err != nil {
		t.Fatal(err)
	}
	posted := api.Messages()
	if len(posted) != 3 {
		t.Fatalf("posted %d messages; want 3", len(posted))
	}
	if want := "C0NEWS0001/" + posted[0].TS; ref != want {
		t.Errorf("PostRef = %q; want %q: the channel's ID and the first message's ts", ref, want)
	}
	update := shortBullets(50)
	update.Title = "Update: " + update.Title
	reply, err := c.Reply(ctx, ref, update)
	if err != nil {
		t.Fatal(err)
	}
	all := api.Messages()
	replies := all[3:]
	if len(replies) != 3 {
		t.Fatalf("replied with %d messages; want 3", len(replies))
	}
	for i, m := range replies {
		if m.ThreadTS != posted[0].TS || m.Broadcast {
			t.Errorf("reply %d: thread_ts %q, broadcast %v; want %q, not broadcast", i, m.ThreadTS, m.Broadcast, posted[0].TS)
		}
	}
	if want := "C0NEWS0001/" + replies[0].TS; reply != want {
		t.Errorf("Reply = %q; want %q", reply, want)
	}
	at := time.Date(2025, 1, 7, 9, 30, 0, 0, time.UTC)
	if err := c.MarkUpdated(ctx, ref, original, at); err != nil {
		t.Fatal(err)
	}
	edited := api.Messages()[0]
	if edited.Edits != 1 {
		t.Fatalf("the first message was edited %d times; want 1", edited.Edits)
	}
	for i, m := range api.Messages()[1:] {
		if m.Edits != 0 {
			t.Errorf("message %d was edited; want only the first", i+1)
		}
	}
	was := blocksOf(t, posted[0].Blocks)
	now := blocksOf(t, edited.Blocks)
	if len(now) != len(was)+1 {
		t.Fatalf("edited message has %d blocks; want the %d it had and one more", len(now), len(was))
	}
	note, ok := now[1].(*slackapi.ContextBlock)
	if !ok || len(note.ContextElements.Elements) != 1 {
		t.Fatalf("block under the header is %T; want a context block", now[1])
	}
	text := note.ContextElements.Elements[0].(*slackapi.TextBlockObject).Text
	if !strings.HasPrefix(text, "Updated "+dateToken(at)) || !strings.Contains(text, "thread") {
		t.Errorf("note = %q; want the update's time and the thread named", text)
	}
	wasJSON, _ := json.Marshal(append(was[:1:1], was[1:]...))
	nowJSON, _ := json.Marshal(append(now[:1:1], now[2:]...))
	if string(wasJSON) != string(nowJSON) {
		t.Errorf("edited message, without the note:\n%s\nwant as posted:\n%s", nowJSON, wasJSON)
	}
	if edited.Text != posted[0].Text {
		t.Errorf("edited text = %q; want %q", edited.Text, posted[0].Text)
	}
	for _, call := range api.Calls() {
		if call.Method == "chat.update" && (call.Form["channel"] != "C0NEWS0001" || call.Form["ts"] != posted[0].TS) {
			t.Errorf("chat.update of channel %q ts %q; want the first message's", call.Form["channel"], call.Form["ts"])
		}
	}
}

// TestChannelMarkUpdatedStampsPostTime: a digest posted with its time in
// the footer shows, once edited, the time it was posted (its ts), not the
// time of the edit.
func TestChannelMarkUpdatedStampsPostTime(t *testing.T) {
	ctx := context.Background()
	c, api := threadChannel(t)
	original := fullDigest()
	ref, err := c.PostRef(ctx, original)
	if err != nil {
		t.Fatal(err)
	}
	before := api.Messages()[0]
	c.Clock.(interface {
		Sleep(context.Context, time.Duration) error
	}).Sleep(ctx, 3*time.Hour)
	if err := c.MarkUpdated(ctx, ref, original, c.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	after := api.Messages()[0]
	token := fmt.Sprintf("date^%d^", newFakeClock().Now().Unix())
	if !strings.Contains(string(before.Blocks), token) || !strings.Contains(string(after.Blocks), token) {
		t.Errorf("footer time before %s / after %s; want the time of posting, %s, in both", before.Blocks, after.Blocks, token)
	}
}

func TestChannelThreadErrors(t *testing.T) {
	ctx := context.Background()
	c, api := threadChannel(t)
	for _, ref := range []string{"", "C0NEWS0001", "C0NEWS0001/", "C0NEWS0001/abc.1", "/1736233200.000100", "C0NEWS0001/1736233200"} {
		_, err := c.Reply(ctx, ref, fullDigest())
		var re *RefError
		if !errors.As(err, &re) || !chat.IsPermanent(err) {
			t.Errorf("Reply(%q) = %v; want a permanent *RefError", ref, err)
		}
		if err := c.MarkUpdated(ctx, ref, fullDigest(), time.Now()); !errors.As(err, &re) {
			t.Errorf("MarkUpdated(%q) = %v; want a *RefError", ref, err)
		}
	}
	if n := len(api.Calls()); n != 0 {
		t.Errorf("bad references made %d calls; want none", n)
	}
	// A message that is gone: Slack's error, permanent.
	err := c.MarkUpdated(ctx, "C0NEWS0001/1736233200.000100", fullDigest(), time.Now())
	var apiErr *Error
	if !errors.As(err, &apiErr) || apiErr.Code != "message_not_found" || apiErr.Op != "chat.update" || !chat.IsPermanent(err) {
		t.Errorf("MarkUpdated of a message never posted = %v; want chat.update's message_not_found", err)
	}
}

// TestUpdatedMessageAtBlockLimit: a message that holds all the blocks it
// may says "(updated)" in its header instead of gaining a block.
func TestUpdatedMessageAtBlockLimit(t *testing.T) {
	m := Messages(shortBullets(60), RenderOptions{})[0]
	for len(m.Blocks) < BlockLimit {
		m.Blocks = append(m.Blocks, &slackapi.DividerBlock{Type: slackapi.MBTDivider})
	}
	if len(m.Blocks) != BlockLimit {
		t.Fatalf("first of a split digest has %d blocks; the test wants %d", len(m.Blocks), BlockLimit)
	}
	got := updatedMessage(m, "Updated")
	if len(got.Blocks) != BlockLimit || !strings.HasSuffix(headerText(got), " (updated)") {
		t.Errorf("updated message has %d blocks, header %q; want %d and (updated)", len(got.Blocks), headerText(got), BlockLimit)
	}
	if strings.HasSuffix(headerText(m), "(updated)") {
		t.Errorf("updatedMessage changed the message it was given")
	}
}
