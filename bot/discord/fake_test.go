package discord

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Secrets the fake Discord accepts. Tests check that they never show in
// errors, logs or names.
const (
	fakeBotToken     = "MTIzNDU2Nzg5MDEyMzQ1Njc4.fake.bot-token-SECRET"
	fakeWebhookID    = "223344556677889900"
	fakeWebhookToken = "webhook-token-SECRET_abc"
	fakeAppID        = "112233445566778899"
)

// fakeRequest is one request the fake Discord received.
type fakeRequest struct {
	Pattern string // the route, as registered ("POST /api/v10/channels/{channel}/messages")
	Method  string
	Path    string
	Query   url.Values
	Auth    string
	Body    map[string]any
}

// fakeAnswer is a scripted answer that replaces the route's normal one.
type fakeAnswer struct {
	status int
	header map[string]string
	body   string
}

// fakeDiscord is an httptest server speaking the REST routes this package
// uses, with Discord's JSON and rate-limit headers: channel messages,
// webhook executions, interaction callbacks, original-response edits and
// follow-ups, application commands, and the gateway address.
type fakeDiscord struct {
	t   *testing.T
	srv *httptest.Server

	mu     sync.Mutex
	reqs   []fakeRequest
	script map[string][]fakeAnswer
	got    chan fakeRequest // every request, as it arrives
	// interactions are the responses to each interaction, by token.
	interactions map[string]*fakeInteraction
}

// fakeInteraction is what Discord shows for one interaction: the original
// response and the follow-ups, as Discord's documentation describes them.
// A deferred response (type 5) is a message in a loading state, public
// unless the deferral was ephemeral; an interaction the fake never saw
// answered is taken to have been deferred publicly over HTTP, as the
// handler does for /digest. A follow-up sent while the original is still
// loading edits it and keeps its visibility ("the ephemeral flag will be
// ignored"); later follow-ups are new messages, ephemeral with flag 64.
// An original response deleted cannot be edited or deleted again (404,
// Unknown Message).
type fakeInteraction struct {
	original  *fakeMessage
	loading   bool
	followUps []*fakeMessage
}

// fakeMessage is a message of an interaction.
type fakeMessage struct {
	content   string
	embeds    int
	ephemeral bool
	deleted   bool
}

// Routes of the fake, as registered; scripts are keyed by them.
const (
	routeChannel  = "POST /api/v10/channels/{channel}/messages"
	routeWebhook  = "POST /api/v10/webhooks/{id}/{token}"
	routeHook     = "POST /api/webhooks/{id}/{token}" // a webhook URL as Discord shows it
	routeCallback = "POST /api/v10/interactions/{id}/{token}/callback"
	routeOriginal = "PATCH /api/v10/webhooks/{app}/{token}/messages/@original"
	routeDeleteOr = "DELETE /api/v10/webhooks/{app}/{token}/messages/@original"
	routeCommands = "POST /api/v10/applications/{app}/commands"
	routeGuildCmd = "POST /api/v10/applications/{app}/guilds/{guild}/commands"
	routeGateway  = "GET /api/v10/gateway"
)

func newFakeDiscord(t *testing.T) *fakeDiscord {
	t.Helper()
	f := &fakeDiscord{t: t, script: map[string][]fakeAnswer{}, got: make(chan fakeRequest, 256), interactions: map[string]*fakeInteraction{}}
	mux := http.NewServeMux()
	mux.HandleFunc(routeChannel, f.channelMessage)
	mux.HandleFunc(routeWebhook, f.webhook)
	mux.HandleFunc(routeHook, f.webhook)
	mux.HandleFunc(routeCallback, f.callback)
	mux.HandleFunc(routeOriginal, f.editOriginal)
	mux.HandleFunc(routeDeleteOr, f.deleteOriginal)
	mux.HandleFunc(routeCommands, f.command)
	mux.HandleFunc(routeGuildCmd, f.command)
	mux.HandleFunc(routeGateway, func(w http.ResponseWriter, r *http.Request) {
		if _, ok := f.record(w, r); ok {
			writeJSON(w, http.StatusOK, map[string]any{"url": "wss://gateway.invalid"})
		}
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("fake discord: unexpected %s %s", r.Method, r.URL.Path)
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404: Not Found", "code": 0})
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// apiURL is the API base to configure: DISCORD_API_URL in a test.
func (f *fakeDiscord) apiURL() string { return f.srv.URL + "/api/v10" }

// answer scripts the next answers of a route.
func (f *fakeDiscord) answer(route string, as ...fakeAnswer) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script[route] = append(f.script[route], as...)
}

// requests returns the requests received so far on route ("" for all).
func (f *fakeDiscord) requests(route string) []fakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeRequest
	for _, r := range f.reqs {
		if route == "" || r.Pattern == route {
			out = append(out, r)
		}
	}
	return out
}

// next waits for the next request on route, failing the test if none comes
// within a generous time.
func (f *fakeDiscord) next(route string) fakeRequest {
	f.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case r := <-f.got:
			if r.Pattern == route {
				return r
			}
		case <-timeout:
			f.t.Fatalf("fake discord: no %s request", route)
			return fakeRequest{}
		}
	}
}

// record stores the request and returns it; when the route has a scripted
// answer, it writes it and returns false.
func (f *fakeDiscord) record(w http.ResponseWriter, r *http.Request) (fakeRequest, bool) {
	raw, _ := io.ReadAll(r.Body)
	req := fakeRequest{Pattern: r.Pattern, Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Auth: r.Header.Get("Authorization")}
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &req.Body); err != nil {
			f.t.Errorf("fake discord: %s: body is not a JSON object: %v\n%s", r.Pattern, err, raw)
		}
	}
	if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "DiscordBot (") {
		f.t.Errorf("fake discord: User-Agent = %q; want DiscordBot (url, version)", ua)
	}
	f.mu.Lock()
	f.reqs = append(f.reqs, req)
	var a *fakeAnswer
	if q := f.script[r.Pattern]; len(q) > 0 {
		a = &q[0]
		f.script[r.Pattern] = q[1:]
	}
	f.mu.Unlock()
	f.got <- req
	if a == nil {
		return req, true
	}
	for k, v := range a.header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(a.status)
	io.WriteString(w, a.body)
	return req, false
}

// rateHeaders sets the rate-limit headers Discord sends on every answer.
func rateHeaders(w http.ResponseWriter, limit, remaining int) {
	w.Header().Set("X-RateLimit-Limit", fmt.Sprint(limit))
	w.Header().Set("X-RateLimit-Remaining", fmt.Sprint(remaining))
	w.Header().Set("X-RateLimit-Reset", fmt.Sprintf("%.3f", float64(time.Now().Add(5*time.Second).UnixMilli())/1000))
	w.Header().Set("X-RateLimit-Reset-After", "5.000")
	w.Header().Set("X-RateLimit-Bucket", "80c17d2f203122d936070c88c8d10f33")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// unauthorized is Discord's answer to a bad token.
func unauthorized(w http.ResponseWriter) {
	writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "401: Unauthorized", "code": 0})
}

// message echoes a created message as Discord does.
func message(id, channel string, body map[string]any) map[string]any {
	m := map[string]any{"id": id, "channel_id": channel, "type": 0, "content": body["content"], "embeds": body["embeds"]}
	if n, ok := body["nonce"]; ok {
		m["nonce"] = n
	}
	return m
}

// recordBot records r as record does, and answers 401 unless it carries
// the fake bot token; it reports whether the handler goes on.
func (f *fakeDiscord) recordBot(w http.ResponseWriter, r *http.Request) (fakeRequest, bool) {
	req, ok := f.record(w, r)
	if ok && req.Auth != "Bot "+fakeBotToken {
		unauthorized(w)
		return req, false
	}
	return req, ok
}

func (f *fakeDiscord) channelMessage(w http.ResponseWriter, r *http.Request) {
	req, ok := f.recordBot(w, r)
	if !ok {
		return
	}
	rateHeaders(w, 5, 4)
	writeJSON(w, http.StatusOK, message("1000", r.PathValue("channel"), req.Body))
}

// webhook executes a webhook, or sends an interaction follow-up (which
// Discord serves on the same route, with the application's ID).
func (f *fakeDiscord) webhook(w http.ResponseWriter, r *http.Request) {
	req, ok := f.record(w, r)
	if !ok {
		return
	}
	followUp := r.PathValue("id") == fakeAppID
	if !followUp && (r.PathValue("id") != fakeWebhookID || r.PathValue("token") != fakeWebhookToken) {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Unknown Webhook", "code": 10015})
		return
	}
	if followUp {
		f.mu.Lock()
		in := f.interaction(r.PathValue("token"))
		m := messageOf(req.Body)
		if in.loading && !in.original.deleted {
			// Documented: straight after a deferral a follow-up edits the
			// loading message, whose visibility cannot change.
			in.original.content, in.original.embeds, in.loading = m.content, m.embeds, false
		} else {
			in.followUps = append(in.followUps, m)
		}
		f.mu.Unlock()
	}
	rateHeaders(w, 5, 4)
	if r.URL.Query().Get("wait") != "true" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writeJSON(w, http.StatusOK, message("2000", "42", req.Body))
}

func (f *fakeDiscord) callback(w http.ResponseWriter, r *http.Request) {
	req, ok := f.record(w, r)
	if !ok {
		return
	}
	data, _ := req.Body["data"].(map[string]any)
	m := messageOf(data)
	f.mu.Lock()
	typ, _ := req.Body["type"].(float64)
	f.interactions[r.PathValue("token")] = &fakeInteraction{original: m, loading: typ == 5}
	f.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (f *fakeDiscord) editOriginal(w http.ResponseWriter, r *http.Request) {
	req, ok := f.record(w, r)
	if !ok {
		return
	}
	f.mu.Lock()
	in := f.interaction(r.PathValue("token"))
	gone := in.original.deleted
	if !gone {
		m := messageOf(req.Body)
		in.original.content, in.original.embeds, in.loading = m.content, m.embeds, false
	}
	f.mu.Unlock()
	if gone {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Unknown Message", "code": 10008})
		return
	}
	writeJSON(w, http.StatusOK, message("3000", "42", req.Body))
}

func (f *fakeDiscord) deleteOriginal(w http.ResponseWriter, r *http.Request) {
	if _, ok := f.record(w, r); !ok {
		return
	}
	f.mu.Lock()
	in := f.interaction(r.PathValue("token"))
	gone := in.original.deleted
	in.original.deleted, in.loading = true, false
	f.mu.Unlock()
	if gone {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Unknown Message", "code": 10008})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// interaction returns the responses of the interaction with token, taking
// one the fake never saw to have been deferred publicly. f.mu is held.
func (f *fakeDiscord) interaction(token string) *fakeInteraction {
	in := f.interactions[token]
	if in == nil {
		in = &fakeInteraction{original: &fakeMessage{}, loading: true}
		f.interactions[token] = in
	}
	return in
}

// messageOf reads a message body: its content, embeds and ephemeral flag.
func messageOf(body map[string]any) *fakeMessage {
	m := &fakeMessage{}
	m.content, _ = body["content"].(string)
	embeds, _ := body["embeds"].([]any)
	m.embeds = len(embeds)
	flags, _ := body["flags"].(float64)
	m.ephemeral = int(flags)&64 != 0
	return m
}

// shown returns the text of the messages of the interaction with token
// that the channel sees and those that only the user who asked sees;
// deleted messages and a response still loading are in neither.
func (f *fakeDiscord) shown(token string) (public, private []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	in := f.interactions[token]
	if in == nil {
		return nil, nil
	}
	all := in.followUps
	if !in.loading {
		all = append([]*fakeMessage{in.original}, all...)
	}
	for _, m := range all {
		text := m.content
		if m.embeds > 0 {
			text += fmt.Sprintf(" [%d embeds]", m.embeds)
		}
		switch {
		case m.deleted:
		case m.ephemeral:
			private = append(private, text)
		default:
			public = append(public, text)
		}
	}
	return public, private
}

func (f *fakeDiscord) command(w http.ResponseWriter, r *http.Request) {
	_, ok := f.recordBot(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": "998877", "application_id": r.PathValue("app"), "name": CommandName, "version": "1"})
}
