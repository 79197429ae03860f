package faults

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// step is what a fake does with one request.
type step int

const (
	// answer does what the platform does.
	answer step = iota
	// stallBefore holds the request without creating anything until its
	// client goes away (or the test ends).
	stallBefore
	// stallAfter creates the message, then holds the answer until the
	// client goes away (or the test ends).
	stallAfter
	// fail500 answers 500 Internal Server Error and creates nothing.
	fail500
	// rateLimit answers 429 with a five-minute retry_after and creates
	// nothing.
	rateLimit
	// slow takes the script's delay to create the message, then answers:
	// a platform that is slow to accept a post.
	slow
)

// script decides, request by request, what a fake does, and counts the
// requests it holds. Tests may change it while the bot runs.
type script struct {
	mu        sync.Mutex
	fn        func(n int) step // n counts requests from 1; nil answers all
	n, held   int
	release   chan struct{} // closed by letGo: held requests return
	letGoOnce sync.Once
	// delay is how long a slow request takes.
	delay time.Duration
	// inSlow counts slow requests begun; done counts the requests that
	// created what they were sent to create.
	inSlow, done int
	// onCreate, when set, is called after the n-th create, before the
	// answer is sent.
	onCreate func(n int)
}

func newScript() *script { return &script{release: make(chan struct{})} }

// set replaces the plan; fn(n) is asked about the n-th request, counted
// from the first the fake ever received.
func (s *script) set(fn func(n int) step) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fn = fn
}

// first returns a plan that does st with the first k requests and
// answers the others.
func first(k int, st step) func(n int) step {
	return func(n int) step {
		if n <= k {
			return st
		}
		return answer
	}
}

func (s *script) next() step {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	if s.fn == nil {
		return answer
	}
	return s.fn(s.n)
}

// letGo lets the held requests go on (with the plan's answer) and no
// longer holds new ones; the test's end does it too.
func (s *script) letGo() { s.letGoOnce.Do(func() { close(s.release) }) }

// setSlow makes slow requests take d.
func (s *script) setSlow(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// setOnCreate sets the function called after each create.
func (s *script) setOnCreate(f func(n int)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onCreate = f
}

// slowDown counts a slow request, waits as long as it takes, and
// reports whether its client is still there.
func (s *script) slowDown(r *http.Request) bool {
	s.mu.Lock()
	s.inSlow++
	d := s.delay
	s.mu.Unlock()
	select {
	case <-time.After(d):
		return true
	case <-r.Context().Done():
		return false
	}
}

// slowBegun is how many slow requests have begun.
func (s *script) slowBegun() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inSlow
}

// created counts a create and calls onCreate.
func (s *script) createdOne() {
	s.mu.Lock()
	s.done++
	n, f := s.done, s.onCreate
	s.mu.Unlock()
	if f != nil {
		f(n)
	}
}

// requests is how many requests the fake received.
func (s *script) requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// holding is how many requests the fake has held so far (all of them,
// released or not).
func (s *script) holding() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.held
}

// hold keeps r unanswered until its client goes away or the test ends, and
// reports whether the client is still there.
func (s *script) hold(r *http.Request) bool {
	s.mu.Lock()
	s.held++
	s.mu.Unlock()
	select {
	case <-r.Context().Done():
		return false
	case <-s.release:
		return r.Context().Err() == nil
	}
}

// serve starts h on loopback; at the end of the test held requests are
// let go before the server closes.
func serve(t *testing.T, h http.Handler, scripts ...*script) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		for _, s := range scripts {
			s.letGo()
		}
	})
	return srv
}

// storyKeys name the invented stories of testdata/feed.xml by a word that
// the title of each of their articles holds, and no other's.
var storyKeys = []string{"Lindmoor", "Oakfield", "frog"}

// storyOf returns the key of the story a title tells, or "".
func storyOf(title string) string {
	for _, k := range storyKeys {
		if strings.Contains(title, k) {
			return k
		}
	}
	return ""
}

// wantEachStoryOnce checks that a destination shows every invented story
// exactly once, given the titles of the messages it holds.
func wantEachStoryOnce(t *testing.T, dest string, titles []string) {
	t.Helper()
	count := map[string]int{}
	for _, ti := range titles {
		count[storyOf(ti)]++
	}
	for _, k := range storyKeys {
		if count[k] != 1 {
			t.Errorf("%s shows the %q story %d times; want once (messages: %q)", dest, k, count[k], titles)
		}
	}
	if count[""] > 0 {
		t.Errorf("%s shows %d messages that tell none of the stories: %q", dest, count[""], titles)
	}
}

// newsFeed serves testdata/feed.xml, an invented RSS feed of three
// stories, at /feed.rss.
type newsFeed struct {
	srv *httptest.Server
	*script
}

func newNewsFeed(t *testing.T) *newsFeed {
	t.Helper()
	raw, err := os.ReadFile("testdata/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	f := &newsFeed{script: newScript()}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /feed.rss", func(w http.ResponseWriter, r *http.Request) {
		if f.next() == stallBefore && !f.hold(r) {
			return // the client went away
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		io.WriteString(w, strings.ReplaceAll(string(raw), "{{BASE}}", f.srv.URL))
	})
	f.srv = serve(t, mux, f.script)
	return f
}

func (f *newsFeed) url() string { return f.srv.URL + "/feed.rss" }

// fakeDiscord is Discord's REST API as far as digestbot's channel posts
// use it: POST /api/v10/channels/{channel.id}/messages with a bot token
// (Discord API docs, "Channel resource: Create Message"). It answers as
// Discord documents:
//
//   - a bad Authorization header: 401 {"message": "401: Unauthorized", "code": 0};
//   - another channel: 404 {"message": "Unknown Channel", "code": 10003};
//   - neither content nor embeds: 400 {"message": "Cannot send an empty message", "code": 50006};
//   - a nonce over 25 characters: 400 Invalid Form Body (code 50035);
//   - otherwise 200 with the message object (id, channel_id, author,
//     content, embeds, timestamp, nonce, …).
//
// Idempotency follows the docs' enforce_nonce parameter: "If true and
// nonce is present, it will be checked for uniqueness in the past few
// minutes. If another message was created by the same author with the same
// nonce, that message will be returned and no new message will be
// created." The author is the bot token; "a few minutes" is taken as two.
//
// Errors it is scripted to give look like Discord's: 500 with a JSON
// body, and 429 with Retry-After and a body's retry_after in seconds.
type fakeDiscord struct {
	srv            *httptest.Server
	token, channel string
	*script

	mu       sync.Mutex
	messages []discordMessage // distinct messages created, in order
}

// discordMessage is one message the fake created.
type discordMessage struct {
	id, author, nonce, title string
	created                  time.Time
	body                     map[string]any // the message object returned
}

// nonceWindow is how long enforce_nonce finds an earlier message.
const nonceWindow = 2 * time.Minute

func newFakeDiscord(t *testing.T, token, channel string) *fakeDiscord {
	t.Helper()
	f := &fakeDiscord{token: token, channel: channel, script: newScript()}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v10/channels/{channel}/messages", f.createMessage)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("fake Discord: unexpected %s %s", r.Method, r.URL.Path)
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404: Not Found", "code": 0})
	})
	f.srv = serve(t, mux, f.script)
	return f
}

// apiURL is DISCORD_API_URL for the bot.
func (f *fakeDiscord) apiURL() string { return f.srv.URL + "/api/v10" }

// titles returns the titles of the distinct messages created, in order.
func (f *fakeDiscord) titles() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, m := range f.messages {
		out = append(out, m.title)
	}
	return out
}

// created is the number of distinct messages created.
func (f *fakeDiscord) created() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.messages)
}

func (f *fakeDiscord) createMessage(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bot "+f.token {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "401: Unauthorized", "code": 0})
		return
	}
	if r.PathValue("channel") != f.channel {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Unknown Channel", "code": 10003})
		return
	}
	var body struct {
		Content      string            `json:"content"`
		Embeds       []json.RawMessage `json:"embeds"`
		Nonce        any               `json:"nonce"` // an integer or a string
		EnforceNonce bool              `json:"enforce_nonce"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "The request body contains invalid JSON.", "code": 50109})
		return
	}
	if body.Content == "" && len(body.Embeds) == 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Cannot send an empty message", "code": 50006})
		return
	}
	nonce := ""
	if body.Nonce != nil {
		nonce = fmt.Sprint(body.Nonce)
	}
	if len(nonce) > 25 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body", "code": 50035,
			"errors": map[string]any{"nonce": map[string]any{"_errors": []any{map[string]any{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 25 or fewer in length."}}}}})
		return
	}
	switch f.next() {
	case fail500:
		writeJSON(w, http.StatusInternalServerError, map[string]any{"message": "500: Internal Server Error", "code": 0})
		return
	case rateLimit:
		w.Header().Set("Retry-After", "300")
		w.Header().Set("X-RateLimit-Scope", "user")
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"message": "You are being rate limited.", "retry_after": 300.0, "global": false})
		return
	case stallBefore:
		f.hold(r)
		return
	case stallAfter:
		m := f.create(body.Content, body.Embeds, nonce, body.EnforceNonce)
		if f.hold(r) {
			writeJSON(w, http.StatusOK, m)
		}
		return
	case slow:
		if !f.slowDown(r) {
			return
		}
	}
	m := f.create(body.Content, body.Embeds, nonce, body.EnforceNonce)
	f.createdOne()
	writeJSON(w, http.StatusOK, m)
}

// create makes a message, or with enforce_nonce finds the one the same
// author made with the same nonce in the last few minutes; it returns the
// message object.
func (f *fakeDiscord) create(content string, embeds []json.RawMessage, nonce string, enforce bool) map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := time.Now()
	author := f.token // one token, one bot user
	if enforce && nonce != "" {
		for _, m := range f.messages {
			if m.author == author && m.nonce == nonce && now.Sub(m.created) < nonceWindow {
				return m.body
			}
		}
	}
	id := fmt.Sprint(1300000000000000000 + len(f.messages) + 1)
	title := content
	if len(embeds) > 0 {
		var e struct {
			Title string `json:"title"`
		}
		json.Unmarshal(embeds[0], &e)
		title = e.Title
	}
	if embeds == nil {
		embeds = []json.RawMessage{}
	}
	body := map[string]any{
		"id": id, "type": 0, "channel_id": f.channel,
		"author":  map[string]any{"id": "1200000000000000042", "username": "digestbot", "discriminator": "0", "bot": true},
		"content": content, "embeds": embeds, "timestamp": now.UTC().Format(time.RFC3339Nano),
		"edited_timestamp": nil, "tts": false, "mention_everyone": false, "mentions": []any{},
		"attachments": []any{}, "pinned": false,
	}
	if nonce != "" {
		body["nonce"] = nonce
	}
	f.messages = append(f.messages, discordMessage{id: id, author: author, nonce: nonce, title: title, created: now, body: body})
	return body
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// fakeSlack is a Slack incoming webhook at a secret path
// (/services/T…/B…/SECRET): a post is a JSON body with text or blocks,
// answered 200 "ok"; an unknown path is 404 "no_service", a post without
// text or blocks 400 "no_text". Scripted failures: 500 "internal_error"
// (nothing posted) and 429 with Retry-After.
type fakeSlack struct {
	srv  *httptest.Server
	path string
	*script

	mu     sync.Mutex
	posted []string    // titles (the text fallback) of the messages posted
	at     []time.Time // when each was posted
}

func newFakeSlack(t *testing.T, path string) *fakeSlack {
	t.Helper()
	f := &fakeSlack{path: path, script: newScript()}
	f.srv = serve(t, http.HandlerFunc(f.post), f.script)
	return f
}

// url is the webhook's URL, the secret the bot is given.
func (f *fakeSlack) url() string { return f.srv.URL + f.path }

func (f *fakeSlack) post(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	if r.Method != http.MethodPost || r.URL.Path != f.path {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, "no_service")
		return
	}
	var body struct {
		Text   string            `json:"text"`
		Blocks []json.RawMessage `json:"blocks"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, "invalid_payload")
		return
	}
	if body.Text == "" && len(body.Blocks) == 0 {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, "no_text")
		return
	}
	switch f.next() {
	case fail500:
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, "internal_error")
		return
	case rateLimit:
		w.Header().Set("Retry-After", "300")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, "rate_limited")
		return
	case stallBefore, stallAfter:
		f.hold(r)
		return
	case slow:
		if !f.slowDown(r) {
			return
		}
	}
	f.mu.Lock()
	f.posted = append(f.posted, body.Text)
	f.at = append(f.at, time.Now())
	f.mu.Unlock()
	f.createdOne()
	io.WriteString(w, "ok")
}

// postedAt returns when the messages were posted, by title.
func (f *fakeSlack) postedAt() map[string]time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := map[string]time.Time{}
	for i, ti := range f.posted {
		m[ti] = f.at[i]
	}
	return m
}

// titles returns the titles of the messages posted, in order.
func (f *fakeSlack) titles() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.posted...)
}
