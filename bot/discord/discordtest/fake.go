// Package discordtest is a fake of Discord's REST API as far as
// digestbot's posters use it, for tests outside bot/discord: creating and
// editing channel messages with a bot token, executing a webhook and
// editing its messages, and editing an interaction's original response,
// answered as Discord's documentation describes.
package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"
)

// Fake is Discord's REST API (under /api/v10) for one bot token, the
// channels it may post in, and one webhook:
//
//   - POST /channels/{channel.id}/messages (Create Message): 401 without
//     the bot token, 404 Unknown Channel (10003) for another channel, 400
//     (50006) for a message with neither content nor embeds. A nonce with
//     enforce_nonce returns the message the same bot made with it in the
//     last few minutes instead of a new one. message_reference makes the
//     message a reply to a message of the same channel; one that does not
//     exist fails with 400 Invalid Form Body (50035) unless
//     fail_if_not_exists is false, when the message is sent without it;
//     a reply needs Read Message History (DenyHistory).
//   - PATCH /channels/{channel.id}/messages/{message.id} (Edit Message):
//     the bot edits its own messages; 404 Unknown Message (10008).
//   - POST /webhooks/{webhook.id}/{webhook.token} (Execute Webhook): 404
//     Unknown Webhook (10015) for another; the message object with
//     ?wait=true, else 204. It takes no message_reference.
//   - PATCH /webhooks/{webhook.id}/{webhook.token}/messages/{message.id}
//     (Edit Webhook Message): only the webhook's own messages.
//   - PATCH /webhooks/{application.id}/{interaction.token}/messages/@original
//     (Edit Original Interaction Response): the answer to a deferred
//     interaction, which needs no bot token; Responses shows it.
//
// Message IDs are snowflakes of the fake's clock: (ms since 2015) << 22.
type Fake struct {
	token        string
	channels     map[string]bool
	hookID, hook string // the webhook's ID and token
	hookChannel  string
	srv          *httptest.Server

	mu        sync.Mutex
	noHistory bool // the bot lacks Read Message History
	now       func() time.Time
	seq       int
	msgs      []*Message
	responses map[string]map[string]any // interaction token → original response
}

// Message is a message as the fake holds it, with its edits.
type Message struct {
	// ID and ChannelID are the message's and its channel's.
	ID, ChannelID string
	// Webhook reports a message the webhook made (not the bot).
	Webhook bool
	// ReplyTo is the ID of the message it replies to; empty when none.
	ReplyTo string
	// Nonce is the nonce it was created with.
	Nonce string
	// Body is the message now, as sent (after its latest edit): content,
	// embeds, allowed_mentions.
	Body map[string]any
	// Edits counts the edits.
	Edits   int
	created time.Time
}

// Content returns the message's content.
func (m Message) Content() string { s, _ := m.Body["content"].(string); return s }

// EmbedTitles returns the titles of the message's embeds.
func (m Message) EmbedTitles() []string {
	es, _ := m.Body["embeds"].([]any)
	var out []string
	for _, e := range es {
		em, _ := e.(map[string]any)
		t, _ := em["title"].(string)
		out = append(out, t)
	}
	return out
}

// nonceWindow is how long enforce_nonce finds an earlier message ("the
// past few minutes").
const nonceWindow = 2 * time.Minute

// New starts a fake for the bot token, which may post in channels, and
// the webhook hookID/hookToken, which posts in hookChannel. Close stops
// it.
func New(token string, channels []string, hookID, hookToken, hookChannel string) *Fake {
	f := &Fake{token: token, channels: map[string]bool{}, hookID: hookID, hook: hookToken, hookChannel: hookChannel, now: time.Now}
	for _, c := range channels {
		f.channels[c] = true
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v10/channels/{channel}/messages", f.create)
	mux.HandleFunc("PATCH /api/v10/channels/{channel}/messages/{message}", f.edit)
	// A webhook URL as Discord shows it has no version in its path.
	for _, base := range []string{"/api/v10", "/api"} {
		mux.HandleFunc("POST "+base+"/webhooks/{id}/{token}", f.execute)
		mux.HandleFunc("PATCH "+base+"/webhooks/{id}/{token}/messages/{message}", f.editHook)
	}
	mux.HandleFunc("PATCH /api/v10/webhooks/{app}/{token}/messages/@original", f.editOriginal)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404: Not Found", "code": 0})
	})
	f.srv = httptest.NewServer(mux)
	return f
}

// APIURL is the API base: DISCORD_API_URL in a test.
func (f *Fake) APIURL() string { return f.srv.URL + "/api/v10" }

// WebhookURL is the webhook's URL as Discord shows it.
func (f *Fake) WebhookURL() string { return f.srv.URL + "/api/webhooks/" + f.hookID + "/" + f.hook }

// Close stops the server.
func (f *Fake) Close() { f.srv.Close() }

// SetClock makes now the clock of message IDs and nonces; the wall
// clock's by default.
func (f *Fake) SetClock(now func() time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = now
}

// DenyHistory takes the Read Message History permission from the bot,
// which a reply needs: Discord refuses one with 403 Missing Permissions
// (50013).
func (f *Fake) DenyHistory() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.noHistory = true
}

// Messages returns the distinct messages created, in order, as they are
// now.
func (f *Fake) Messages() []Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Message, len(f.msgs))
	for i, m := range f.msgs {
		out[i] = *m
	}
	return out
}

// Responses returns the original responses of interactions as they were
// last edited, by interaction token.
func (f *Fake) Responses() map[string]map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]map[string]any, len(f.responses))
	for token, b := range f.responses {
		out[token] = b
	}
	return out
}

// body decodes a JSON object body, answering 400 when it is not one.
func body(w http.ResponseWriter, r *http.Request) (map[string]any, bool) {
	var b map[string]any
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil || b == nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "The request body contains invalid JSON.", "code": 50109})
		return nil, false
	}
	return b, true
}

// bot checks the bot token and the channel.
func (f *Fake) bot(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("Authorization") != "Bot "+f.token {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "401: Unauthorized", "code": 0})
		return false
	}
	if !f.channels[r.PathValue("channel")] {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Unknown Channel", "code": 10003})
		return false
	}
	return true
}

// empty reports a message body with neither content nor embeds, and
// answers 400.
func empty(w http.ResponseWriter, b map[string]any) bool {
	c, _ := b["content"].(string)
	es, _ := b["embeds"].([]any)
	if c == "" && len(es) == 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Cannot send an empty message", "code": 50006})
		return true
	}
	return false
}

func (f *Fake) create(w http.ResponseWriter, r *http.Request) {
	if !f.bot(w, r) {
		return
	}
	b, ok := body(w, r)
	if !ok || empty(w, b) {
		return
	}
	channel := r.PathValue("channel")
	nonce := ""
	if n, ok := b["nonce"]; ok && n != nil {
		nonce = fmt.Sprint(n)
	}
	enforce, _ := b["enforce_nonce"].(bool)
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	if enforce && nonce != "" {
		for _, m := range f.msgs {
			if !m.Webhook && m.Nonce == nonce && now.Sub(m.created) < nonceWindow {
				writeJSON(w, http.StatusOK, object(m))
				return
			}
		}
	}
	reply := ""
	if ref, ok := b["message_reference"].(map[string]any); ok && f.noHistory {
		writeJSON(w, http.StatusForbidden, map[string]any{"message": "Missing Permissions", "code": 50013})
		return
	} else if ok {
		id, _ := ref["message_id"].(string)
		refChannel, _ := ref["channel_id"].(string)
		failIfMissing := true
		if v, ok := ref["fail_if_not_exists"].(bool); ok {
			failIfMissing = v
		}
		switch {
		case (refChannel == "" || refChannel == channel) && f.find(channel, id) != nil:
			reply = id
		case failIfMissing:
			writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body", "code": 50035,
				"errors": map[string]any{"message_reference": map[string]any{"_errors": []any{
					map[string]any{"code": "REPLIES_UNKNOWN_MESSAGE", "message": "Unknown message"}}}}})
			return
		}
	}
	m := f.add(channel, false, nonce, reply, b, now)
	writeJSON(w, http.StatusOK, object(m))
}

func (f *Fake) edit(w http.ResponseWriter, r *http.Request) {
	if f.bot(w, r) {
		f.editMessage(w, r, r.PathValue("channel"), false)
	}
}

// editMessage edits the message of the request's path in channel, which
// the webhook made (webhook) or the bot did; Discord knows no other.
func (f *Fake) editMessage(w http.ResponseWriter, r *http.Request, channel string, webhook bool) {
	b, ok := body(w, r)
	if !ok {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.find(channel, r.PathValue("message"))
	if m == nil || m.Webhook != webhook {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Unknown Message", "code": 10008})
		return
	}
	f.apply(m, b)
	writeJSON(w, http.StatusOK, object(m))
}

// webhook checks the webhook's ID and token.
func (f *Fake) webhook(w http.ResponseWriter, r *http.Request) bool {
	if r.PathValue("id") != f.hookID || r.PathValue("token") != f.hook {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Unknown Webhook", "code": 10015})
		return false
	}
	return true
}

func (f *Fake) execute(w http.ResponseWriter, r *http.Request) {
	if !f.webhook(w, r) {
		return
	}
	b, ok := body(w, r)
	if !ok || empty(w, b) {
		return
	}
	f.mu.Lock()
	m := f.add(f.hookChannel, true, "", "", b, f.now())
	obj := object(m)
	f.mu.Unlock()
	if r.URL.Query().Get("wait") != "true" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writeJSON(w, http.StatusOK, obj)
}

func (f *Fake) editHook(w http.ResponseWriter, r *http.Request) {
	if f.webhook(w, r) {
		f.editMessage(w, r, f.hookChannel, true)
	}
}

// editOriginal edits an interaction's original response: any token is
// taken to be an interaction's that was answered with a deferral.
func (f *Fake) editOriginal(w http.ResponseWriter, r *http.Request) {
	b, ok := body(w, r)
	if !ok {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.responses == nil {
		f.responses = map[string]map[string]any{}
	}
	f.responses[r.PathValue("token")] = keep(b)
	writeJSON(w, http.StatusOK, map[string]any{"id": "0", "channel_id": "0", "type": 0, "webhook_id": r.PathValue("app"),
		"timestamp": f.now().UTC().Format(time.RFC3339Nano), "content": b["content"], "embeds": []any{}})
}

// add makes a message. f.mu is held.
func (f *Fake) add(channel string, webhook bool, nonce, reply string, b map[string]any, now time.Time) *Message {
	f.seq++
	id := (now.UnixMilli()-discordEpoch)<<22 | int64(f.seq&0xfff)
	m := &Message{ID: strconv.FormatInt(id, 10), ChannelID: channel, Webhook: webhook, ReplyTo: reply, Nonce: nonce, Body: keep(b), created: now}
	f.msgs = append(f.msgs, m)
	return m
}

// apply edits m with the fields b sends. f.mu is held.
func (f *Fake) apply(m *Message, b map[string]any) {
	for k, v := range keep(b) {
		m.Body[k] = v
	}
	m.Edits++
}

// keep returns the fields of a message body that the message shows.
func keep(b map[string]any) map[string]any {
	out := map[string]any{}
	for _, k := range []string{"content", "embeds", "allowed_mentions"} {
		if v, ok := b[k]; ok {
			out[k] = v
		}
	}
	return out
}

// find returns the message id of channel, or nil. f.mu is held.
func (f *Fake) find(channel, id string) *Message {
	for _, m := range f.msgs {
		if m.ChannelID == channel && m.ID == id {
			return m
		}
	}
	return nil
}

// discordEpoch is the first millisecond of 2015, UTC: the epoch of
// Discord's snowflakes.
const discordEpoch = 1420070400000

// object is m as Discord's answers show it.
func object(m *Message) map[string]any {
	o := map[string]any{"id": m.ID, "channel_id": m.ChannelID, "type": 0,
		"timestamp": m.created.UTC().Format(time.RFC3339Nano), "embeds": []any{}}
	for k, v := range m.Body {
		o[k] = v
	}
	if m.Nonce != "" {
		o["nonce"] = m.Nonce
	}
	if m.ReplyTo != "" {
		o["type"] = 19 // REPLY
		o["message_reference"] = map[string]any{"type": 0, "message_id": m.ReplyTo, "channel_id": m.ChannelID}
	}
	if m.Edits > 0 {
		o["edited_timestamp"] = time.Now().UTC().Format(time.RFC3339Nano)
	}
	return o
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
