package bot

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/bot/slack/slacktest"
)

// TestSlashFollowText sends a signed /digest unfollow with a filter from
// Slack and from Discord through NewSlash: Follow gets the text as typed,
// signs and quotes kept (Slack's escapes undone), which Words lose.
func TestSlashFollowText(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var got []FollowRequest
	s, err := NewSlash(Pipeline{}, SlashOptions{SlackSecret: "shh", DiscordKey: hex.EncodeToString(pub),
		Follow: func(_ context.Context, q FollowRequest) (string, error) {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, q)
			return "ok", nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Slack.Close(); s.Discord.Close() })

	const typed = `paris summit -coal -"fossil fuel" +“green fund” outlets:2 -<b>`
	form := url.Values{"command": {"/digest"}, "text": {`unfollow ` + strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(typed)},
		"team_id": {"T1"}, "channel_id": {"C1"}, "user_id": {"U1"}, "response_url": {"https://hooks.slack.com/commands/T1/1/x"}}
	body := form.Encode()
	r := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(body))
	slacktest.Sign(r, "shh", time.Now(), body)
	w := httptest.NewRecorder()
	s.Slack.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Fatalf("slack: status %d, body %s", w.Code, w.Body)
	}

	raw, _ := json.Marshal(map[string]any{
		"id": "700000000000000001", "application_id": "112233445566778899", "type": 2, "token": "t", "version": 1,
		"guild_id": "800000000000000001", "channel_id": "900000000000000001",
		"member": map[string]any{"user": map[string]any{"id": "600000000000000001"}, "roles": []any{}},
		"data": map[string]any{"id": "500000000000000001", "name": "digest", "type": 1,
			"options": []any{map[string]any{"name": "topic", "type": 3, "value": "unfollow " + typed}}},
	})
	r = httptest.NewRequest(http.MethodPost, "/discord/interactions", strings.NewReader(string(raw)))
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Signature-Timestamp", stamp)
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, []byte(stamp+string(raw)))))
	w = httptest.NewRecorder()
	s.Discord.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Fatalf("discord: status %d, body %s", w.Code, w.Body)
	}

	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 {
		t.Fatalf("Follow got %+v; want one unfollow from each platform", got)
	}
	for i, platform := range []string{"slack", "discord"} {
		if q := got[i]; q.Platform != platform || q.Action != "unfollow" || q.Text != typed {
			t.Errorf("%s: Follow got %+v; want unfollow with the text %q", platform, q, typed)
		}
	}
}
