package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// peer is the loopback party the server under test talks to: it serves
// the invented feed at /feed.xml, takes Slack replies at
// /slack/response/{n} and Discord's interaction edits and follow-ups under
// /api/v10/webhooks/{app}/loadgen-{n}/…, and records when each command's
// answer arrived.
type peer struct {
	base   string // http://host:port
	expect string // a word every digest of the topic holds, lower-case
	feed   []byte
	srv    *http.Server

	mu      sync.Mutex
	answers map[int]*answer
	changed chan struct{} // closed and replaced when an answer arrives
}

// answer is what arrived for one command.
type answer struct {
	first    time.Time // when the first message arrived
	messages int
	digest   bool   // a message held a digest of the topic
	text     string // the first digest's text
	failure  string // the text of a message that held none
}

// startPeer serves the peer on addr until close.
func startPeer(addr, expect string) (*peer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	p := &peer{base: "http://" + ln.Addr().String(), expect: strings.ToLower(expect), answers: map[int]*answer{}, changed: make(chan struct{})}
	p.feed = rss(p.base, time.Now())
	mux := http.NewServeMux()
	mux.HandleFunc("GET /feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write(p.feed)
	})
	mux.HandleFunc("POST /slack/response/{n}", func(w http.ResponseWriter, r *http.Request) {
		p.record(r, r.PathValue("n"), slackText)
		io.WriteString(w, "ok")
	})
	mux.HandleFunc("PATCH /api/v10/webhooks/{app}/{token}/messages/@original", p.discord)
	mux.HandleFunc("POST /api/v10/webhooks/{app}/{token}", p.discord)
	p.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go p.srv.Serve(ln)
	return p, nil
}

func (p *peer) close() { p.srv.Close() }

// feedURL is the address of the invented feed.
func (p *peer) feedURL() string { return p.base + "/feed.xml" }

// responseURL is the response_url of command n.
func (p *peer) responseURL(n int) string { return p.base + "/slack/response/" + strconv.Itoa(n) }

// discordAPI is the API base the server must use (DISCORD_API_URL).
func (p *peer) discordAPI() string { return p.base + "/api/v10" }

func (p *peer) discord(w http.ResponseWriter, r *http.Request) {
	p.record(r, strings.TrimPrefix(r.PathValue("token"), "loadgen-"), discordText)
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"id":"1","channel_id":"1","content":""}`)
}

// record notes a message for command id, with the readable text that
// text finds in its JSON body.
func (p *peer) record(r *http.Request, id string, text func(map[string]any) string) {
	now := time.Now()
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var msg map[string]any
	json.Unmarshal(raw, &msg)
	t := text(msg)
	n, err := strconv.Atoi(id)
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		return // names no command of ours
	}
	a := p.answers[n]
	if a == nil {
		a = &answer{first: now}
		p.answers[n] = a
	}
	a.messages++
	if p.isDigest(t) {
		if !a.digest {
			a.text = t
		}
		a.digest = true
	} else if a.failure == "" {
		a.failure = t
	}
	close(p.changed)
	p.changed = make(chan struct{})
}

// isDigest reports whether a message's text is a digest of the topic,
// not an apology.
func (p *peer) isDigest(t string) bool {
	l := strings.ToLower(t)
	for _, bad := range []string{"sorry", ":warning:", "⚠️", "no digest"} {
		if strings.Contains(l, bad) {
			return false
		}
	}
	return strings.Contains(l, p.expect)
}

// slackText joins a response_url message's text and its blocks' texts.
func slackText(m map[string]any) string { return messageText(m, "text", "blocks") }

// discordText is the content and embeds of a Discord message.
func discordText(m map[string]any) string { return messageText(m, "content", "embeds") }

// messageText joins m's text, under key text, and the JSON of its parts,
// under key parts.
func messageText(m map[string]any, text, parts string) string {
	var b strings.Builder
	if s, ok := m[text].(string); ok {
		b.WriteString(s)
	}
	raw, _ := json.Marshal(m[parts])
	b.WriteString(" ")
	b.Write(raw)
	return b.String()
}

// snapshot returns a copy of the answers and a channel closed at the
// next change.
func (p *peer) snapshot() (map[int]answer, <-chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[int]answer, len(p.answers))
	for n, a := range p.answers {
		out[n] = *a
	}
	return out, p.changed
}
