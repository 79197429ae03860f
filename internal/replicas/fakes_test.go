package replicas

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"text/template"
	"time"
)

// newsroom serves one RSS feed per brief, at /bNN/feed.xml: two full-text
// items about the invented story of the brief's town.
type newsroom struct {
	srv       *httptest.Server
	tmpl      *template.Template
	towns     []string
	published time.Time

	mu      sync.Mutex
	fetches map[string]int // brief → feed requests

	// onFetch, when set, is called with each feed request before it is
	// answered: the chaos loop's hook.
	onFetch atomic.Pointer[func(brief string, r *http.Request)]
}

func newNewsroom(t *testing.T, published time.Time) *newsroom {
	t.Helper()
	tmpl, err := template.ParseFiles("testdata/feed.xml.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	towns, err := readLines("testdata/towns.txt")
	if err != nil {
		t.Fatal(err)
	}
	n := &newsroom{tmpl: tmpl, towns: towns, published: published, fetches: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{brief}/feed.xml", n.feed)
	n.srv = httptest.NewServer(mux)
	t.Cleanup(n.srv.Close)
	return n
}

// feedURL returns the URL of brief i's feed.
func (n *newsroom) feedURL(i int) string {
	return fmt.Sprintf("%s/%s/feed.xml", n.srv.URL, briefName(i))
}

func (n *newsroom) feed(w http.ResponseWriter, r *http.Request) {
	brief := r.PathValue("brief")
	var i int
	if _, err := fmt.Sscanf(brief, "b%d", &i); err != nil || i < 0 || i >= len(n.towns) || brief != briefName(i) {
		http.NotFound(w, r)
		return
	}
	n.mu.Lock()
	n.fetches[brief]++
	n.mu.Unlock()
	if hook := n.onFetch.Load(); hook != nil {
		(*hook)(brief, r)
	}
	var b bytes.Buffer
	err := n.tmpl.Execute(&b, map[string]any{
		"Base": n.srv.URL, "Brief": brief, "Town": n.towns[i],
		"Cost": 4 + i%17, "Votes": fmt.Sprintf("%d-%d", 5+i%3, 2),
		"Published": n.published.Format(time.RFC1123Z),
	})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	w.Write(b.Bytes())
}

// totalFetches returns the number of feed requests answered or held.
func (n *newsroom) totalFetches() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	total := 0
	for _, c := range n.fetches {
		total += c
	}
	return total
}

// readLines returns the lines of a file that are neither blank nor
// comments.
func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out, sc.Err()
}

// discordEpoch is the start of Discord's snowflake time (2015-01-01 UTC),
// in Unix milliseconds.
const discordEpoch = 1420070400000

// nonceWindow is how long the fake remembers a nonce: Discord checks
// enforce_nonce "for uniqueness in the past few minutes".
const nonceWindow = 2 * time.Minute

// fakeDiscord is Discord's channel messages API, for the one route
// digestbot's Channel poster uses: POST /api/v10/channels/{id}/messages
// with a bot token. Like Discord, it answers 401 to a bad token, 404
// (code 10003) for an unknown channel, 400 (code 50006) for an empty
// message and (code 50035) for a nonce over 25 characters, and 200 with
// the message object otherwise. With enforce_nonce true, a create whose
// nonce the same author used in the same channel within nonceWindow
// returns that message and creates nothing (Discord documents "the same
// author"; per channel is the stricter reading, and digestbot's nonces
// differ per destination anyway).
type fakeDiscord struct {
	srv      *httptest.Server
	token    string
	botID    string
	channels map[string]bool

	mu        sync.Mutex
	seq       uint64
	messages  map[string][]fakeMessage // channel → messages created, in order
	nonces    map[string]fakeMessage   // channel + author + nonce → message
	nonceHits int                      // creates answered with an existing message
	requests  int

	// afterCreate, when set, is called after a message is created and
	// before the answer is written: the chaos loop's hook.
	afterCreate atomic.Pointer[func(m fakeMessage, r *http.Request)]
}

// fakeMessage is a message a channel shows.
type fakeMessage struct {
	ID, ChannelID, Nonce string
	Created              time.Time
	Body                 map[string]any // the create request's JSON body
}

func newFakeDiscord(t *testing.T, token string, channels []string) *fakeDiscord {
	t.Helper()
	f := &fakeDiscord{token: token, botID: "1234567890123456789", channels: map[string]bool{},
		messages: map[string][]fakeMessage{}, nonces: map[string]fakeMessage{}}
	for _, c := range channels {
		f.channels[c] = true
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v10/channels/{channel}/messages", f.createMessage)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		discordError(w, http.StatusNotFound, 0, "404: Not Found", nil)
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// apiURL is the value of DISCORD_API_URL.
func (f *fakeDiscord) apiURL() string { return f.srv.URL + "/api/v10" }

func discordError(w http.ResponseWriter, status, code int, message string, errs any) {
	body := map[string]any{"code": code, "message": message}
	if errs != nil {
		body["errors"] = errs
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

func (f *fakeDiscord) createMessage(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests++
	f.mu.Unlock()
	if r.Header.Get("Authorization") != "Bot "+f.token {
		discordError(w, http.StatusUnauthorized, 0, "401: Unauthorized", nil)
		return
	}
	channel := r.PathValue("channel")
	if !f.channels[channel] {
		discordError(w, http.StatusNotFound, 10003, "Unknown Channel", nil)
		return
	}
	var body map[string]any
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" || json.Unmarshal(raw, &body) != nil {
		discordError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.", nil)
		return
	}
	content, _ := body["content"].(string)
	embeds, _ := body["embeds"].([]any)
	if strings.TrimSpace(content) == "" && len(embeds) == 0 {
		discordError(w, http.StatusBadRequest, 50006, "Cannot send an empty message", nil)
		return
	}
	var nonce string
	switch n := body["nonce"].(type) {
	case string:
		nonce = n
	case float64:
		nonce = fmt.Sprint(int64(n))
	}
	if len(nonce) > 25 {
		discordError(w, http.StatusBadRequest, 50035, "Invalid Form Body",
			map[string]any{"nonce": map[string]any{"_errors": []any{map[string]any{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 25 or fewer in length."}}}})
		return
	}
	enforce, _ := body["enforce_nonce"].(bool)
	now := time.Now()
	key := channel + "\x00" + f.botID + "\x00" + nonce

	f.mu.Lock()
	if old, ok := f.nonces[key]; ok && enforce && nonce != "" && now.Sub(old.Created) < nonceWindow {
		f.nonceHits++
		f.mu.Unlock()
		f.answer(w, old)
		return
	}
	f.seq++
	m := fakeMessage{
		ID:        fmt.Sprint((now.UnixMilli()-discordEpoch)<<22 | int64(f.seq&0xfff)),
		ChannelID: channel, Nonce: nonce, Created: now, Body: body,
	}
	f.messages[channel] = append(f.messages[channel], m)
	if nonce != "" {
		f.nonces[key] = m
	}
	f.mu.Unlock()
	if hook := f.afterCreate.Load(); hook != nil {
		(*hook)(m, r)
	}
	f.answer(w, m)
}

// answer writes the message object Discord returns for a created message.
func (f *fakeDiscord) answer(w http.ResponseWriter, m fakeMessage) {
	out := map[string]any{
		"id": m.ID, "channel_id": m.ChannelID, "type": 0,
		"author":    map[string]any{"id": f.botID, "username": "digestbot", "discriminator": "0", "bot": true},
		"content":   m.Body["content"],
		"embeds":    m.Body["embeds"],
		"timestamp": m.Created.UTC().Format("2006-01-02T15:04:05.000000+00:00"),
		"tts":       false, "mention_everyone": false, "mentions": []any{}, "attachments": []any{},
		"pinned": false, "edited_timestamp": nil,
	}
	if m.Nonce != "" {
		out["nonce"] = m.Nonce
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

// briefTag finds the brief a message is about: its links point into the
// brief's feed (/bNN/…).
var briefTag = regexp.MustCompile(`/(b[0-9]{2})/`)

// shown returns, per channel, how many messages each brief has there;
// messages that name no brief or several count under "?".
func (f *fakeDiscord) shown() map[string]map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]map[string]int{}
	for ch, ms := range f.messages {
		out[ch] = map[string]int{}
		for _, m := range ms {
			raw, _ := json.Marshal(m.Body["embeds"])
			tags := map[string]bool{}
			for _, sub := range briefTag.FindAllStringSubmatch(string(raw), -1) {
				tags[sub[1]] = true
			}
			tag := "?"
			if len(tags) == 1 {
				for t := range tags {
					tag = t
				}
			}
			out[ch][tag]++
		}
	}
	return out
}

// stats returns the number of create requests, of messages created, and
// of creates answered with an existing message because of their nonce.
func (f *fakeDiscord) stats() (requests, created, nonceHits int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ms := range f.messages {
		created += len(ms)
	}
	return f.requests, created, f.nonceHits
}
