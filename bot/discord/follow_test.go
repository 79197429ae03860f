package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/digestbot/digestbot/bot/chat/chattest"
	"github.com/digestbot/digestbot/news"
)

func TestFollowOf(t *testing.T) {
	tests := []struct {
		topic, urls string
		want        string // the query, or "" for a digest
	}{
		{"follow paris summit", "", "follow [paris summit] text \"paris summit\""},
		{`Follow  paris, summit -coal -"fossil fuel" +“green fund” outlets:2`, "", `follow [paris summit -coal -"fossil fuel" +“green fund” outlets:2] text "paris, summit -coal -\"fossil fuel\" +“green fund” outlets:2"`},
		{"  Following ", "", "following [] text \"\""},
		{"UNFOLLOW 2", "", "unfollow [2] text \"2\""},
		{"follow", "https://example.com/a", "follow [] text \"\" with 1 URLs"},
		{"paris follow", "", ""},
		{"followers", "", ""},
		{"", "follow", ""},
		{"paris", "", ""},
	}
	for _, tc := range tests {
		data := discordgo.ApplicationCommandInteractionData{Name: "digest"}
		if tc.topic != "" {
			data.Options = append(data.Options, &discordgo.ApplicationCommandInteractionDataOption{Name: "topic", Type: 3, Value: tc.topic})
		}
		if tc.urls != "" {
			data.Options = append(data.Options, &discordgo.ApplicationCommandInteractionDataOption{Name: "urls", Type: 3, Value: tc.urls})
		}
		fq, ok := followOf(queryOf(&discordgo.Interaction{Type: discordgo.InteractionApplicationCommand}, data))
		got := ""
		if ok {
			got = fmt.Sprintf("%s %v text %q", fq.Action, fq.Words, fq.Text)
			if len(fq.URLs) > 0 {
				got += fmt.Sprintf(" with %d URLs", len(fq.URLs))
			}
		}
		if got != tc.want {
			t.Errorf("topic %q, urls %q: followOf = %q; want %q", tc.topic, tc.urls, got, tc.want)
		}
	}
}

// followText holds Discord markdown and a mention, which must reach the
// user as text.
const followText = "This channel follows 1 story (at most 20):\n1. “*paris*” (“@everyone meets”), since 4 May 2026"

// TestFollowInteractions sends signed /digest topic:follow, following and
// unfollow interactions: each reaches Follow with the channel and guild,
// never Digest, and only the user sees the reply, escaped line by line.
func TestFollowInteractions(t *testing.T) {
	pub, priv := testKey(t)
	f := newFakeDiscord(t)
	digests := 0
	i := newInteractions(t, f, pub, func(context.Context, Query) (news.Digest, error) { digests++; return storyA, nil })
	rec := &chattest.Follows{Reply: followText}
	i.Follow = rec.Follow
	n := 0
	send := func(topic string) map[string]any {
		t.Helper()
		n++
		w := httptest.NewRecorder()
		i.ServeHTTP(w, signed(priv, testNow, interactionJSON(strconv.Itoa(700000000000000010+n), topic, "")))
		var got map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || w.Code != 200 {
			t.Fatalf("topic %q: status %d, body %s", topic, w.Code, w.Body)
		}
		return got
	}
	const escaped = "This channel follows 1 story (at most 20):\n1. “\\*paris\\*” (“@everyone meets”), since 4 May 2026"
	// noMention is an allowed_mentions that pings nobody.
	noMention := func(v any) bool {
		m, _ := v.(map[string]any)
		parse, ok := m["parse"].([]any)
		return ok && len(parse) == 0
	}

	got := send("follow Paris")
	if got["type"] != 5.0 || got["data"].(map[string]any)["flags"] != 64.0 {
		t.Errorf("follow answered %v; want a deferred ephemeral response (type 5, flags 64)", got)
	}
	edit := f.next(routeOriginal)
	if edit.Body["content"] != escaped || !noMention(edit.Body["allowed_mentions"]) {
		t.Errorf("follow edited the response to %v; want the reply escaped, without mentions", edit.Body)
	}

	got = send("following")
	data, _ := got["data"].(map[string]any)
	if got["type"] != 4.0 || data["flags"] != 64.0 || data["content"] != escaped || !noMention(data["allowed_mentions"]) {
		t.Errorf("following answered %v; want the reply at once, ephemeral, escaped, without mentions", got)
	}
	send("unfollow 1")
	gotQ := fmt.Sprintf("%+v", rec.All())
	want := "[{Action:follow Words:[Paris] Text:Paris URLs:[] UserID:600000000000000001 ChannelID:900000000000000001 TeamID:800000000000000001} " +
		"{Action:following Words:[] Text: URLs:[] UserID:600000000000000001 ChannelID:900000000000000001 TeamID:800000000000000001} " +
		"{Action:unfollow Words:[1] Text:1 URLs:[] UserID:600000000000000001 ChannelID:900000000000000001 TeamID:800000000000000001}]"
	if gotQ != want {
		t.Errorf("Follow got %s\nwant %s", gotQ, want)
	}
	if digests != 0 {
		t.Errorf("Digest was called %d times for follow commands", digests)
	}

	rec.Fail(errors.New("store: database is locked"))
	got = send("following")
	if c := got["data"].(map[string]any)["content"]; c != "⚠️ That did not work: something went wrong. Please try again later." {
		t.Errorf("following, store down: %q; want something went wrong, without the error", c)
	}
	i.Follow = nil
	got = send("following")
	if c := got["data"].(map[string]any)["content"]; c != "Following stories is not set up here: it needs digestbot run with a store." {
		t.Errorf("following without Follow: %q", c)
	}
}
