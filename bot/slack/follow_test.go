package slack

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/bot/chat"
	"github.com/digestbot/digestbot/bot/chat/chattest"
)

func TestParseFollow(t *testing.T) {
	tests := []struct {
		text   string
		ok     bool
		action string
		words  string
		urls   int
		typed  string // Text
	}{
		{"follow paris summit", true, chat.ActionFollow, "[paris summit]", 0, "paris summit"},
		{"  FOLLOW   Paris, summit. ", true, chat.ActionFollow, "[Paris summit]", 0, "Paris, summit."},
		{"following", true, chat.ActionFollowing, "[]", 0, ""},
		{"unfollow 2", true, chat.ActionUnfollow, "[2]", 0, "2"},
		{"unfollow <#C1|paris> summit &amp; co", true, chat.ActionUnfollow, "[paris summit co]", 0, "paris summit & co"},
		{"follow <https://example.com/a>", true, chat.ActionFollow, "[]", 1, "https://example.com/a"},
		// The filter reaches Text as typed; Words lose its signs.
		{`follow paris climate summit -coal -"fossil fuel" +“green fund” outlets:2`, true, chat.ActionFollow, "[paris climate summit coal fossil fuel green fund outlets:2]", 0,
			`paris climate summit -coal -"fossil fuel" +“green fund” outlets:2`},
		{"follow public transport -&lt;strike&gt;", true, chat.ActionFollow, "[transport strike]", 0, "public transport -<strike>"},
		{"followers of fashion", false, "", "", 0, ""},
		{"public follow paris", false, "", "", 0, ""},
		{"paris follow", false, "", "", 0, ""},
		{"", false, "", "", 0, ""},
	}
	for _, tc := range tests {
		q, ok := ParseFollow(tc.text)
		if ok != tc.ok || !ok {
			if ok != tc.ok {
				t.Errorf("ParseFollow(%q) ok = %v; want %v", tc.text, ok, tc.ok)
			}
			continue
		}
		if q.Action != tc.action || fmt.Sprint(q.Words) != tc.words || len(q.URLs) != tc.urls || q.Text != tc.typed {
			t.Errorf("ParseFollow(%q) = %+v; want %s %s with %d URLs, text %q", tc.text, q, tc.action, tc.words, tc.urls, tc.typed)
		}
	}
}

// followReply holds Slack markup, which must reach the user as text.
const followReply = "Following “paris” in this channel: “*Leaders* <!channel> meet & talk”."

// ack is the acknowledgement of a command, decoded.
type ack struct {
	ResponseType string `json:"response_type"`
	Text         string `json:"text"`
	Blocks       []struct {
		Type string `json:"type"`
		Text struct {
			Type string `json:"type"`
			Text string `json:"text"`
		} `json:"text"`
	} `json:"blocks"`
}

// TestFollowCommands sends signed /digest follow, following and unfollow
// commands: each reaches Follow with the channel and team, never Digest,
// and its reply reaches only the user, as plain text.
func TestFollowCommands(t *testing.T) {
	rs := newResponseServer(t)
	rec := &recorder{}
	f := &chattest.Follows{Reply: followReply}
	c := testCommands(rec.digest)
	c.Follow = f.Follow
	t.Cleanup(func() { c.Close() })
	sent := 0
	send := func(text string) ack {
		t.Helper()
		sent++ // a request signed again at the same time would be a replay
		w := httptest.NewRecorder()
		c.ServeHTTP(w, signedRequest(testSecret, testNow.Add(time.Duration(sent)*time.Second), commandForm(text, rs.url()).Encode()))
		var a ack
		if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &a) != nil {
			t.Fatalf("%q: status %d, body %s", text, w.Code, w.Body)
		}
		return a
	}

	a := send("follow Paris")
	if a.ResponseType != "ephemeral" || !strings.Contains(a.Text, "Looking for the story of “Paris” to follow") {
		t.Errorf("follow acknowledgement = %+v; want an ephemeral note that it is looking", a)
	}
	post := rs.next(t)
	if post.ResponseType != "ephemeral" || len(post.Blocks) != 1 {
		t.Fatalf("follow reply = %+v; want one ephemeral block", post)
	}
	raw, _ := json.Marshal(post.Blocks[0])
	var block struct {
		Text struct{ Type, Text string }
	}
	if err := json.Unmarshal(raw, &block); err != nil || block.Text.Type != "plain_text" || block.Text.Text != followReply {
		t.Errorf("follow reply block = %s; want the reply as plain text", raw)
	}
	if post.Text != "Following “paris” in this channel: “*Leaders* &lt;!channel&gt; meet &amp; talk”." {
		t.Errorf("follow reply text = %q; want it escaped", post.Text)
	}

	a = send("following")
	if a.ResponseType != "ephemeral" || len(a.Blocks) != 1 || a.Blocks[0].Text.Type != "plain_text" || a.Blocks[0].Text.Text != followReply {
		t.Errorf("following acknowledgement = %+v; want the reply at once, as plain text", a)
	}
	send("Unfollow 2")
	got := fmt.Sprintf("%+v", f.All())
	want := "[{Action:follow Words:[Paris] Text:Paris URLs:[] UserID:U2147483697 ChannelID:C2147483705 TeamID:T0001} " +
		"{Action:following Words:[] Text: URLs:[] UserID:U2147483697 ChannelID:C2147483705 TeamID:T0001} " +
		"{Action:unfollow Words:[2] Text:2 URLs:[] UserID:U2147483697 ChannelID:C2147483705 TeamID:T0001}]"
	if got != want {
		t.Errorf("Follow got %s\nwant %s", got, want)
	}
	if len(rec.Queries()) != 0 {
		t.Errorf("Digest was called for follow commands: %+v", rec.Queries())
	}

	if a := send("follow https://example.com/a"); !strings.Contains(a.Text, "not by its address") {
		t.Errorf("follow URL = %q; want it refused", a.Text)
	}
	f.Fail(errors.New("store: database is locked"))
	if a := send("following"); !strings.Contains(a.Text, "something went wrong") || strings.Contains(a.Text, "locked") {
		t.Errorf("following, store down = %q; want something went wrong, without the error", a.Text)
	}
	c.Follow = nil
	if a := send("following"); !strings.Contains(a.Text, "not set up here") {
		t.Errorf("following without Follow = %q; want not set up", a.Text)
	}
}
