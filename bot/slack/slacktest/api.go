package slacktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// API is a fake of the two Slack Web API methods a bot token posts with,
// chat.postMessage and chat.update, as Slack documents them: form-encoded
// calls authenticated by the token (a "token" field or an "Authorization:
// Bearer" header), answered with JSON {"ok": …}. A message is posted to a
// channel given by ID or by name ("#news" or "news") and answered with the
// channel's ID and the message's ts; with thread_ts it is a reply in the
// thread of that message (a reply to a reply joins the parent's thread;
// an unknown thread_ts posts the message in the channel, as Slack does
// when the parent is gone); reply_broadcast shows a reply in the channel
// too. chat.update takes the channel's ID only, and edits a message of
// its own. Errors: not_authed, invalid_auth, channel_not_found,
// no_text, message_not_found.
type API struct {
	token    string
	channels map[string]string // name without "#" → ID
	srv      *httptest.Server

	mu    sync.Mutex
	now   func() time.Time
	seq   int
	msgs  []*Posted
	calls []Call
}

// Posted is a message as the fake holds it, with its edits.
type Posted struct {
	// Channel is the channel's ID, TS the message's timestamp.
	Channel, TS string
	// ThreadTS is the ts of the thread's parent for a reply; empty for a
	// message in the channel.
	ThreadTS string
	// Broadcast reports a reply also shown in the channel.
	Broadcast bool
	// Text and Blocks are the message now: after its latest edit.
	Text   string
	Blocks json.RawMessage
	// Edits counts the chat.update calls that changed it.
	Edits int
}

// Call is one call the fake received: the method and its form.
type Call struct {
	Method string
	Form   map[string]string
}

// NewAPI starts a fake Web API that accepts token and knows channels, by
// name (without "#") to ID. Close stops it.
func NewAPI(token string, channels map[string]string) *API {
	a := &API{token: token, channels: channels, now: time.Now}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /chat.postMessage", a.postMessage)
	mux.HandleFunc("POST /chat.update", a.update)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		answer(w, map[string]any{"ok": false, "error": "unknown_method"})
	})
	a.srv = httptest.NewServer(mux)
	return a
}

// SetClock makes now tell the time that message timestamps are made of;
// the wall clock's by default.
func (a *API) SetClock(now func() time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.now = now
}

// URL is the API's base URL, ending in "/": SLACK_API_URL in a test.
func (a *API) URL() string { return a.srv.URL + "/" }

// Close stops the server.
func (a *API) Close() { a.srv.Close() }

// Messages returns the messages posted so far, in order, as they are now.
func (a *API) Messages() []Posted {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]Posted, len(a.msgs))
	for i, m := range a.msgs {
		out[i] = *m
	}
	return out
}

// Delete deletes the message ts of channel id, as a user of the channel
// may: it is gone from Messages, a reply to it goes to the channel, and
// chat.update cannot find it.
func (a *API) Delete(id, ts string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for i, m := range a.msgs {
		if m.Channel == id && m.TS == ts {
			a.msgs = append(a.msgs[:i], a.msgs[i+1:]...)
			return
		}
	}
}

// Calls returns the calls received so far, in order.
func (a *API) Calls() []Call {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]Call(nil), a.calls...)
}

// call records the call of method r and checks its token; it returns the
// form, or false when it answered with an error.
func (a *API) call(w http.ResponseWriter, r *http.Request, method string) (map[string]string, bool) {
	if err := r.ParseForm(); err != nil {
		answer(w, map[string]any{"ok": false, "error": "invalid_form_data"})
		return nil, false
	}
	form := map[string]string{}
	for k, v := range r.PostForm {
		if len(v) > 0 {
			form[k] = v[0]
		}
	}
	a.mu.Lock()
	a.calls = append(a.calls, Call{Method: method, Form: form})
	a.mu.Unlock()
	token := form["token"]
	if t, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		token = t
	}
	switch {
	case token == "":
		answer(w, map[string]any{"ok": false, "error": "not_authed"})
		return nil, false
	case token != a.token:
		answer(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return nil, false
	case form["text"] == "" && form["blocks"] == "":
		answer(w, map[string]any{"ok": false, "error": "no_text"})
		return nil, false
	}
	return form, true
}

// channelID returns the ID of the channel named or identified by c.
func (a *API) channelID(c string, byName bool) (string, bool) {
	for name, id := range a.channels {
		if c == id || byName && (c == name || c == "#"+name) {
			return id, true
		}
	}
	return "", false
}

func (a *API) postMessage(w http.ResponseWriter, r *http.Request) {
	form, ok := a.call(w, r, "chat.postMessage")
	if !ok {
		return
	}
	id, ok := a.channelID(form["channel"], true)
	if !ok {
		answer(w, map[string]any{"ok": false, "error": "channel_not_found"})
		return
	}
	a.mu.Lock()
	a.seq++
	m := &Posted{Channel: id, TS: fmt.Sprintf("%d.%06d", a.now().Unix(), a.seq), Text: form["text"], Blocks: json.RawMessage(form["blocks"])}
	if parent := a.find(id, form["thread_ts"]); parent != nil {
		m.ThreadTS = parent.TS
		if parent.ThreadTS != "" {
			m.ThreadTS = parent.ThreadTS
		}
		m.Broadcast = form["reply_broadcast"] == "true"
	}
	a.msgs = append(a.msgs, m)
	body := message(m)
	a.mu.Unlock()
	answer(w, map[string]any{"ok": true, "channel": id, "ts": m.TS, "message": body})
}

func (a *API) update(w http.ResponseWriter, r *http.Request) {
	form, ok := a.call(w, r, "chat.update")
	if !ok {
		return
	}
	id, ok := a.channelID(form["channel"], false)
	if !ok {
		answer(w, map[string]any{"ok": false, "error": "channel_not_found"})
		return
	}
	a.mu.Lock()
	m := a.find(id, form["ts"])
	if m == nil {
		a.mu.Unlock()
		answer(w, map[string]any{"ok": false, "error": "message_not_found"})
		return
	}
	m.Text, m.Blocks = form["text"], json.RawMessage(form["blocks"])
	m.Edits++
	body := message(m)
	a.mu.Unlock()
	answer(w, map[string]any{"ok": true, "channel": id, "ts": m.TS, "text": m.Text, "message": body})
}

// find returns the message ts of channel id, or nil. a.mu is held.
func (a *API) find(id, ts string) *Posted {
	if ts == "" {
		return nil
	}
	for _, m := range a.msgs {
		if m.Channel == id && m.TS == ts {
			return m
		}
	}
	return nil
}

// message is m as Slack's answers show it.
func message(m *Posted) map[string]any {
	v := map[string]any{"type": "message", "subtype": "bot_message", "text": m.Text, "ts": m.TS}
	if m.ThreadTS != "" {
		v["thread_ts"] = m.ThreadTS
	}
	if len(m.Blocks) > 0 {
		v["blocks"] = m.Blocks
	}
	return v
}

func answer(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(v)
}
