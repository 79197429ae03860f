package discord

import (
	"context"
	"errors"
	"log/slog"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/bot/chat"
	"github.com/digestbot/digestbot/bot/discord/discordtest"
	"github.com/digestbot/digestbot/news"
)

const (
	threadChannelID = "223344556677889901"
	threadHookChan  = "223344556677889902"
)

// threadFake starts the fake Discord of discordtest, on the same fixed
// clock as the posters of the returned options.
func threadFake(t *testing.T) (*discordtest.Fake, PostOptions) {
	t.Helper()
	f := discordtest.New(fakeBotToken, []string{threadChannelID}, fakeWebhookID, fakeWebhookToken, threadHookChan)
	t.Cleanup(f.Close)
	at := time.Date(2025, 3, 14, 6, 0, 0, 0, time.UTC)
	f.SetClock(func() time.Time { return at })
	return f, PostOptions{Pacer: &Pacer{PerChannel: Rate{N: 100, Per: time.Second}}, Retry: fastRetry, Clock: fixedClock{at: at}}
}

func threadDigest(title string, bullets ...string) news.Digest {
	d := news.Digest{Title: title, Articles: []news.Source{{Outlet: "AP", URL: "https://apnews.com/1"}}}
	for _, b := range bullets {
		d.Bullets = append(d.Bullets, news.Bullet{Text: b, Sources: []int{0}})
	}
	return d
}

// TestChannelThread posts a digest, replies to it with an update and
// marks it updated: the reply references the original (and pings
// nobody), and the original shows its embeds as posted under a line
// naming the time of the update.
func TestChannelThread(t *testing.T) {
	ctx := context.Background()
	f, opts := threadFake(t)
	c := &Channel{Token: fakeBotToken, ChannelID: threadChannelID, APIURL: f.APIURL(), PostOptions: opts}
	original := threadDigest("Leaders meet", "Leaders met in Paris.")
	ref, err := c.PostRef(ctx, original)
	if err != nil {
		t.Fatal(err)
	}
	msgs := f.Messages()
	if len(msgs) != 1 || ref != threadChannelID+"/"+msgs[0].ID {
		t.Fatalf("PostRef = %q with messages %+v; want the channel and the message's ID", ref, msgs)
	}
	if got := snowflakeTime(msgs[0].ID); !got.Equal(opts.Clock.Now()) {
		t.Errorf("snowflakeTime(%s) = %v; want %v", msgs[0].ID, got, opts.Clock.Now())
	}
	postedEmbeds := msgs[0].Body["embeds"]
	reply, err := c.Reply(WithIdempotencyKey(ctx, "delivery-2"), ref, threadDigest("Update: Leaders meet", "A deal was signed."))
	if err != nil {
		t.Fatal(err)
	}
	// The same delivery sent again after a crash is the same message.
	again, err := c.Reply(WithIdempotencyKey(ctx, "delivery-2"), ref, threadDigest("Update: Leaders meet", "A deal was signed."))
	if err != nil || again != reply {
		t.Errorf("Reply sent again = %q, %v; want %q: the nonce finds the first", again, err, reply)
	}
	msgs = f.Messages()
	if len(msgs) != 2 {
		t.Fatalf("Discord holds %d messages; want the original and one reply", len(msgs))
	}
	if r := msgs[1]; r.ReplyTo != msgs[0].ID || reply != threadChannelID+"/"+r.ID || !reflect.DeepEqual(r.EmbedTitles(), []string{"Update: Leaders meet"}) {
		t.Errorf("reply %+v (ref %q); want a reply to %s titled as the update", r, reply, msgs[0].ID)
	}
	if am, _ := msgs[1].Body["allowed_mentions"].(map[string]any); am == nil || am["replied_user"] != false || len(am["parse"].([]any)) != 0 {
		t.Errorf("reply's allowed_mentions = %v; want none, the replied-to user neither", msgs[1].Body["allowed_mentions"])
	}
	at := opts.Clock.Now().Add(3 * time.Hour)
	if err := c.MarkUpdated(ctx, ref, original, at); err != nil {
		t.Fatal(err)
	}
	edited := f.Messages()[0]
	if edited.Edits != 1 || f.Messages()[1].Edits != 0 {
		t.Fatalf("edits: original %d, reply %d; want 1 and 0", edited.Edits, f.Messages()[1].Edits)
	}
	if want := "Updated <t:" + strconv.FormatInt(at.Unix(), 10) + ":f>"; !strings.HasPrefix(edited.Content(), want) || !strings.Contains(edited.Content(), "reply") {
		t.Errorf("edited content = %q; want %q and the reply named", edited.Content(), want)
	}
	if !reflect.DeepEqual(edited.Body["embeds"], postedEmbeds) {
		t.Errorf("edited embeds = %v; want as posted: %v", edited.Body["embeds"], postedEmbeds)
	}
}

// TestChannelReplyToGone: a reply to a message that no longer exists is
// sent as a plain message (fail_if_not_exists is false), not refused.
func TestChannelReplyToGone(t *testing.T) {
	f, opts := threadFake(t)
	c := &Channel{Token: fakeBotToken, ChannelID: threadChannelID, APIURL: f.APIURL(), PostOptions: opts}
	ref, err := c.Reply(context.Background(), threadChannelID+"/1234567890123", threadDigest("Update", "New."))
	if err != nil {
		t.Fatal(err)
	}
	if msgs := f.Messages(); len(msgs) != 1 || msgs[0].ReplyTo != "" || ref != threadChannelID+"/"+msgs[0].ID {
		t.Errorf("messages %+v, ref %q; want one plain message", msgs, ref)
	}
	err = c.MarkUpdated(context.Background(), threadChannelID+"/1234567890123", threadDigest("T", "x."), time.Now())
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != 10008 || !chat.IsPermanent(err) {
		t.Errorf("MarkUpdated of a gone message = %v; want Unknown Message, permanent", err)
	}
}

func TestThreadRefErrors(t *testing.T) {
	f, opts := threadFake(t)
	c := &Channel{Token: fakeBotToken, ChannelID: threadChannelID, APIURL: f.APIURL(), PostOptions: opts}
	w := &Webhook{URL: f.WebhookURL(), PostOptions: opts}
	ctx := context.Background()
	for _, ref := range []string{"", "123", "123/", "/123", "abc/123", "123/x1"} {
		var re *RefError
		if _, err := c.Reply(ctx, ref, threadDigest("T", "x.")); !errors.As(err, &re) || !chat.IsPermanent(err) {
			t.Errorf("Reply(%q) = %v; want a permanent *RefError", ref, err)
		}
		if err := c.MarkUpdated(ctx, ref, threadDigest("T", "x."), time.Now()); !errors.As(err, &re) {
			t.Errorf("Channel.MarkUpdated(%q) = %v; want a *RefError", ref, err)
		}
		if err := w.MarkUpdated(ctx, ref, threadDigest("T", "x."), time.Now()); !errors.As(err, &re) {
			t.Errorf("Webhook.MarkUpdated(%q) = %v; want a *RefError", ref, err)
		}
	}
	if _, err := c.Reply(ctx, "42/1234567890123", threadDigest("T", "x.")); !chat.IsPermanent(err) || !strings.Contains(err.Error(), "in channel 42, not this destination's "+threadChannelID) {
		t.Errorf("Reply to another channel's message = %v; want a permanent error naming both", err)
	}
	if n := len(f.Messages()); n != 0 {
		t.Errorf("bad references made %d messages; want none", n)
	}
}

// TestWebhookMarkUpdated: a webhook tells where its post landed and edits
// it (PATCH /webhooks/{id}/{token}/messages/{id}), whether it is reached
// at its own URL or through DISCORD_API_URL.
func TestWebhookMarkUpdated(t *testing.T) {
	for _, viaAPI := range []bool{false, true} {
		t.Run(map[bool]string{false: "webhook URL", true: "API URL"}[viaAPI], func(t *testing.T) {
			ctx := context.Background()
			f, opts := threadFake(t)
			w := &Webhook{URL: f.WebhookURL(), Username: "digestbot", PostOptions: opts}
			if viaAPI {
				w.URL, w.APIURL = "https://discord.com/api/webhooks/"+fakeWebhookID+"/"+fakeWebhookToken, f.APIURL()
			}
			original := threadDigest("Leaders meet", "Leaders met in Paris.")
			ref, err := w.PostRef(ctx, original)
			if err != nil {
				t.Fatal(err)
			}
			msgs := f.Messages()
			if len(msgs) != 1 || ref != threadHookChan+"/"+msgs[0].ID {
				t.Fatalf("PostRef = %q with messages %+v; want the webhook's channel and the message's ID", ref, msgs)
			}
			posted := msgs[0].Body["embeds"]
			at := opts.Clock.Now().Add(time.Hour)
			if err := w.MarkUpdated(ctx, ref, original, at); err != nil {
				t.Fatal(err)
			}
			edited := f.Messages()[0]
			if edited.Edits != 1 || !strings.HasPrefix(edited.Content(), "Updated <t:"+strconv.FormatInt(at.Unix(), 10)+":f>") {
				t.Errorf("edited %d times, content %q; want once, with the update's time", edited.Edits, edited.Content())
			}
			if !reflect.DeepEqual(edited.Body["embeds"], posted) {
				t.Errorf("edited embeds = %v; want as posted: %v", edited.Body["embeds"], posted)
			}
		})
	}
}

// TestChannelReplyWithoutHistory: a bot without Read Message History
// cannot reply; the update is sent as a message of its own, once.
func TestChannelReplyWithoutHistory(t *testing.T) {
	ctx := context.Background()
	f, opts := threadFake(t)
	opts.Logger = slog.New(slog.DiscardHandler)
	c := &Channel{Token: fakeBotToken, ChannelID: threadChannelID, APIURL: f.APIURL(), PostOptions: opts}
	ref, err := c.PostRef(ctx, threadDigest("Leaders meet", "Leaders met in Paris."))
	if err != nil {
		t.Fatal(err)
	}
	f.DenyHistory()
	reply, err := c.Reply(WithIdempotencyKey(ctx, "d2"), ref, threadDigest("Update: Leaders meet", "A deal was signed."))
	if err != nil {
		t.Fatal(err)
	}
	msgs := f.Messages()
	if len(msgs) != 2 || msgs[1].ReplyTo != "" || reply != threadChannelID+"/"+msgs[1].ID {
		t.Errorf("messages %+v, reply %q; want the update once, as a message of its own", msgs, reply)
	}
}
