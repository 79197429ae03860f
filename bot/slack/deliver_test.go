package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"

	"github.com/digestbot/digestbot/bot/chat"
	"github.com/digestbot/digestbot/bot/chat/chattest"
	"github.com/digestbot/digestbot/internal/loopback"
	"github.com/digestbot/digestbot/news"
)

// newFakeClock returns a clock that moves only when slept on, from
// 2025-01-07 07:00 UTC.
func newFakeClock() *chattest.Clock {
	return chattest.NewClock(time.Date(2025, 1, 7, 7, 0, 0, 0, time.UTC))
}

// answer is one scripted answer of a fake Slack endpoint.
type answer struct {
	status     int
	retryAfter string
	body       string // JSON for the Web API, text for webhooks
	hangup     bool   // read the request, then drop the connection
}

// endpoint is a scripted Slack endpoint: it gives the answers in order,
// then succeeds, and records every request body.
type endpoint struct {
	ok string // the success body

	mu     sync.Mutex
	script []answer
	bodies [][]byte
	types  []string
}

func (e *endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	e.mu.Lock()
	e.bodies = append(e.bodies, body)
	e.types = append(e.types, r.Header.Get("Content-Type"))
	a := answer{status: http.StatusOK, body: e.ok}
	if len(e.script) > 0 {
		a, e.script = e.script[0], e.script[1:]
	}
	e.mu.Unlock()
	if a.hangup {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	if a.retryAfter != "" {
		w.Header().Set("Retry-After", a.retryAfter)
	}
	if strings.HasPrefix(a.body, "{") {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(a.status)
	io.WriteString(w, a.body)
}

func (e *endpoint) Bodies() [][]byte {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([][]byte(nil), e.bodies...)
}

// webAPI starts slack-go's slacktest server with chat.postMessage answered
// by a scripted endpoint speaking the Web API's JSON.
func webAPI(t *testing.T, script ...answer) (*endpoint, string) {
	t.Helper()
	e := &endpoint{ok: `{"ok":true,"channel":"C0123ABCD","ts":"1736233200.000100"}`, script: script}
	srv := slacktest.NewTestServer(func(c slacktest.Customize) { c.Handle("/chat.postMessage", e.ServeHTTP) })
	srv.Start()
	t.Cleanup(srv.Stop)
	return e, srv.GetAPIURL()
}

func slackErr(code string) answer {
	return answer{status: http.StatusOK, body: `{"ok":false,"error":"` + code + `"}`}
}

func TestChannelPost(t *testing.T) {
	cases := []struct {
		name     string
		script   []answer
		retry    chat.Retry
		posts    int
		code     string // Slack's error named, "" for success
		maybe    bool   // errors.Is(err, ErrMaybePosted)
		sleeps   []time.Duration
		backoffs int // sleeps that are backoffs: checked to lie in [b/2, b]
	}{
		{name: "ok", posts: 1},
		{name: "429 Retry-After then ok", script: []answer{{status: 429, retryAfter: "7", body: `{"ok":false,"error":"ratelimited"}`}},
			posts: 2, sleeps: []time.Duration{7 * time.Second}},
		{name: "429 HTTP-date Retry-After", script: []answer{{status: 429, retryAfter: "Tue, 07 Jan 2025 07:00:30 GMT"}},
			posts: 2, sleeps: []time.Duration{30 * time.Second}},
		{name: "429 Retry-After too long", script: []answer{{status: 429, retryAfter: "600"}},
			posts: 1, code: "too many requests"},
		{name: "500 x3 then ok", script: []answer{{status: 500}, {status: 502}, {status: 503}}, posts: 4, backoffs: 3},
		{name: "500 until giving up", script: []answer{{status: 500}, {status: 500}, {status: 500}, {status: 500}},
			retry: chat.Retry{MaxAttempts: 3}, posts: 3, code: "internal server error", backoffs: 2},
		{name: "service_unavailable then ok", script: []answer{slackErr("service_unavailable")}, posts: 2, backoffs: 1},
		{name: "invalid_auth", script: []answer{slackErr("invalid_auth")}, posts: 1, code: "invalid_auth"},
		{name: "channel_not_found", script: []answer{slackErr("channel_not_found")}, posts: 1, code: "channel_not_found"},
		{name: "not_in_channel", script: []answer{slackErr("not_in_channel")}, posts: 1, code: "not_in_channel"},
		{name: "missing_scope", script: []answer{{status: 200, body: `{"ok":false,"error":"missing_scope","needed":"chat:write","provided":"users:read"}`}},
			posts: 1, code: "missing_scope"},
		{name: "msg_blocks_too_long", script: []answer{slackErr("msg_blocks_too_long")}, posts: 1, code: "msg_blocks_too_long"},
		{name: "HTTP 401", script: []answer{{status: 401}}, posts: 1, code: "unauthorized"},
		{name: "HTTP 403", script: []answer{{status: 403}}, posts: 1, code: "forbidden"},
		{name: "internal_error may have posted", script: []answer{slackErr("internal_error")}, posts: 1, code: "internal_error", maybe: true},
		{name: "hang-up after the request may have posted", script: []answer{{hangup: true}}, posts: 1, maybe: true},
		{name: "unreadable 200 may have posted", script: []answer{{status: 200, body: "<html>"}}, posts: 1, maybe: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			api, apiURL := webAPI(t, tc.script...)
			clock := newFakeClock()
			c := &Channel{
				Token: "xoxb-secret-token", Channel: "#news", APIURL: apiURL,
				PostOptions: PostOptions{Retry: tc.retry, Clock: clock, Pacer: &Pacer{Interval: time.Nanosecond, Clock: clock}},
			}
			err := c.Post(context.Background(), fullDigest())

			bodies := api.Bodies()
			if len(bodies) != tc.posts {
				t.Errorf("Slack received %d posts; want %d", len(bodies), tc.posts)
			}
			switch {
			case tc.code == "" && !tc.maybe && err != nil:
				t.Fatalf("Post: %v; want success", err)
			case (tc.code != "" || tc.maybe) && err == nil:
				t.Fatalf("Post succeeded; want an error")
			}
			if err != nil && strings.Contains(err.Error(), "secret-token") {
				t.Errorf("error %q shows the token", err)
			}
			if tc.code != "" {
				var apiErr *Error
				if !errors.As(err, &apiErr) || apiErr.Code != tc.code || apiErr.Op != "chat.postMessage" {
					t.Errorf("Post error = %v (%#v); want a *Error naming %q", err, apiErr, tc.code)
				}
				if !strings.Contains(err.Error(), tc.code) {
					t.Errorf("error %q does not name %q", err, tc.code)
				}
			}
			if got := errors.Is(err, ErrMaybePosted); got != tc.maybe {
				t.Errorf("errors.Is(%v, ErrMaybePosted) = %v; want %v", err, got, tc.maybe)
			}
			sleeps := clock.Sleeps()
			if tc.backoffs > 0 {
				if len(sleeps) != tc.backoffs {
					t.Fatalf("slept %v; want %d backoffs", sleeps, tc.backoffs)
				}
				for i, d := range sleeps {
					b := time.Second << i
					if d < b/2 || d > b {
						t.Errorf("backoff %d = %v; want within [%v, %v]", i, d, b/2, b)
					}
				}
			} else if !equalDurations(sleeps, tc.sleeps) {
				t.Errorf("slept %v; want %v", sleeps, tc.sleeps)
			}
			if len(bodies) > 0 {
				checkPosted(t, bodies[0])
			}
		})
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkPosted decodes a chat.postMessage form as Slack would and checks
// it carries the digest within limits.
func checkPosted(t *testing.T, body []byte) {
	t.Helper()
	form, err := url.ParseQuery(string(body))
	if err != nil {
		t.Fatalf("chat.postMessage body is not a form: %v", err)
	}
	if got := form.Get("channel"); got != "#news" {
		t.Errorf("posted to channel %q; want #news", got)
	}
	if got := form.Get("token"); got != "xoxb-secret-token" {
		t.Errorf("posted with token %q; want the bot token", got)
	}
	if got := form.Get("unfurl_links"); got != "false" {
		t.Errorf("unfurl_links = %q; want false", got)
	}
	var blocks slackapi.Blocks
	if err := json.Unmarshal([]byte(form.Get("blocks")), &blocks); err != nil {
		t.Fatalf("posted blocks do not decode: %v", err)
	}
	msg := Message{Text: form.Get("text"), Blocks: blocks.BlockSet}
	checkLimits(t, []Message{msg})
	want := Messages(fullDigest(), RenderOptions{})[0]
	if msg.Text != want.Text || headerText(msg) != headerText(want) || len(msg.Blocks) != len(want.Blocks) {
		t.Errorf("posted %q with header %q and %d blocks; want %q, %q, %d",
			msg.Text, headerText(msg), len(msg.Blocks), want.Text, headerText(want), len(want.Blocks))
	}
}

func TestChannelPacesSplitDigest(t *testing.T) {
	api, apiURL := webAPI(t)
	clock := newFakeClock()
	c := &Channel{Token: "xoxb-t", Channel: "C0123ABCD", APIURL: apiURL, PostOptions: PostOptions{Clock: clock}}
	d := shortBullets(60)
	if err := c.Post(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	bodies := api.Bodies()
	want := Messages(d, RenderOptions{})
	if len(bodies) != len(want) || len(want) != 3 {
		t.Fatalf("posted %d messages; want %d (and 3)", len(bodies), len(want))
	}
	for i, b := range bodies {
		form, _ := url.ParseQuery(string(b))
		if got := form.Get("text"); got != want[i].Text {
			t.Errorf("message %d text = %q; want %q", i, got, want[i].Text)
		}
	}
	// One second between messages to one channel; none before the first.
	if got, w := clock.Sleeps(), []time.Duration{time.Second, time.Second}; !equalDurations(got, w) {
		t.Errorf("slept %v; want %v", got, w)
	}
}

func TestChannelPartialFailure(t *testing.T) {
	api, apiURL := webAPI(t, answer{status: 200, body: `{"ok":true}`}, slackErr("is_archived"))
	clock := newFakeClock()
	c := &Channel{Token: "xoxb-t", Channel: "#news", APIURL: apiURL, PostOptions: PostOptions{Clock: clock}}
	err := c.Post(context.Background(), shortBullets(60))
	if err == nil || !strings.Contains(err.Error(), "message 2 of 3 (1 posted)") || !strings.Contains(err.Error(), "is_archived") {
		t.Errorf("Post = %v; want message 2 of 3 (1 posted) … is_archived", err)
	}
	if n := len(api.Bodies()); n != 2 {
		t.Errorf("Slack received %d posts; want 2 (none after the failure)", n)
	}
}

func TestChannelConnectionRefusedRetries(t *testing.T) {
	addr := loopback.FreeAddr(t)
	clock := newFakeClock()
	c := &Channel{Token: "xoxb-t", Channel: "#news", APIURL: "http://" + addr + "/api", PostOptions: PostOptions{Clock: clock,
		Retry: chat.Retry{MaxAttempts: 3}, Pacer: &Pacer{Interval: time.Nanosecond, Clock: clock}}}
	err := c.Post(context.Background(), fullDigest())
	if err == nil || errors.Is(err, ErrMaybePosted) || !strings.Contains(err.Error(), "gave up after 3 attempts") {
		t.Errorf("Post = %v; want a retried failure, never sent", err)
	}
	if n := len(clock.Sleeps()); n != 2 {
		t.Errorf("slept %d times; want 2 backoffs", n)
	}
}

func TestChannelConfigErrors(t *testing.T) {
	cases := []struct {
		c    *Channel
		want string
	}{
		{&Channel{Channel: "#news"}, "no bot token"},
		{&Channel{Token: "xoxb-t"}, "no channel"},
	}
	for _, tc := range cases {
		err := tc.c.Post(context.Background(), fullDigest())
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Post with %q = %v; want %q", tc.c.Name(), err, tc.want)
		}
	}
}

func TestWebhookPost(t *testing.T) {
	cases := []struct {
		name   string
		script []answer
		posts  int
		code   string
		sleeps []time.Duration
	}{
		{name: "ok", posts: 1},
		{name: "429 then ok", script: []answer{{status: 429, retryAfter: "3", body: "rate_limited"}}, posts: 2, sleeps: []time.Duration{3 * time.Second}},
		{name: "500 then ok", script: []answer{{status: 500, body: "rollup_error"}}, posts: 2},
		{name: "no_service", script: []answer{{status: 404, body: "no_service"}}, posts: 1, code: "no_service"},
		{name: "action_prohibited", script: []answer{{status: 403, body: "action_prohibited"}}, posts: 1, code: "action_prohibited"},
		{name: "invalid_payload", script: []answer{{status: 400, body: "invalid_payload"}}, posts: 1, code: "invalid_payload"},
		{name: "HTML error page", script: []answer{{status: 410, body: "<html>gone</html>"}}, posts: 1, code: "gone"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := &endpoint{ok: "ok", script: tc.script}
			srv := httptest.NewServer(e)
			defer srv.Close()
			clock := newFakeClock()
			w := &Webhook{URL: srv.URL + "/services/T000/B000/SECRETPATH", PostOptions: PostOptions{Clock: clock,
				Pacer: &Pacer{Interval: time.Nanosecond, Clock: clock}}}
			err := w.Post(context.Background(), fullDigest())
			bodies := e.Bodies()
			if len(bodies) != tc.posts {
				t.Errorf("webhook received %d posts; want %d", len(bodies), tc.posts)
			}
			if tc.code == "" && err != nil {
				t.Fatalf("Post: %v", err)
			}
			if tc.code != "" {
				var apiErr *Error
				if !errors.As(err, &apiErr) || apiErr.Code != tc.code || apiErr.Op != "webhook" {
					t.Errorf("Post = %v; want a webhook *Error naming %q", err, tc.code)
				}
			}
			if err != nil && strings.Contains(err.Error(), "SECRETPATH") {
				t.Errorf("error %q shows the webhook's secret path", err)
			}
			if len(tc.sleeps) > 0 && !equalDurations(clock.Sleeps(), tc.sleeps) {
				t.Errorf("slept %v; want %v", clock.Sleeps(), tc.sleeps)
			}
			var got Message
			var extra struct {
				UnfurlLinks *bool `json:"unfurl_links"`
			}
			if err := json.Unmarshal(bodies[0], &got); err != nil {
				t.Fatalf("webhook body: %v", err)
			}
			if err := json.Unmarshal(bodies[0], &extra); err != nil {
				t.Fatalf("webhook body: %v", err)
			}
			if extra.UnfurlLinks == nil || *extra.UnfurlLinks {
				t.Errorf("unfurl_links = %v; want false", extra.UnfurlLinks)
			}
			checkLimits(t, []Message{got})
			if got.Text != Messages(fullDigest(), RenderOptions{})[0].Text {
				t.Errorf("webhook text = %q", got.Text)
			}
			if ct := e.types[0]; !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q; want JSON", ct)
			}
		})
	}
}

func TestWebhookNetworkErrorRedacted(t *testing.T) {
	addr := loopback.FreeAddr(t)
	clock := newFakeClock()
	w := &Webhook{URL: "http://" + addr + "/services/T0/B0/SECRETPATH", PostOptions: PostOptions{Clock: clock, Retry: chat.Retry{MaxAttempts: 2}}}
	err := w.Post(context.Background(), fullDigest())
	if err == nil || strings.Contains(err.Error(), "SECRETPATH") || !strings.Contains(err.Error(), addr+"/…") {
		t.Errorf("Post = %v; want an error naming %s/… without the secret path", err, addr)
	}
}

func TestNames(t *testing.T) {
	cases := []struct {
		p    interface{ Name() string }
		want string
	}{
		{&Channel{Channel: "#news", Token: "xoxb-secret"}, "slack:#news"},
		{&Channel{Channel: "news"}, "slack:#news"},
		{&Channel{Channel: "C0123ABCD"}, "slack:C0123ABCD"},
		{&Webhook{URL: "https://hooks.slack.com/services/T0/B0/XXXXSECRET"}, "slack-webhook:hooks.slack.com/…"},
		{&Webhook{URL: "::not a url"}, "slack-webhook:(invalid URL)"},
	}
	for _, tc := range cases {
		if got := tc.p.Name(); got != tc.want {
			t.Errorf("Name() = %q; want %q", got, tc.want)
		}
	}
}

// The posters satisfy bot.Poster (declared here, as package slack must not
// import package bot).
var (
	_ interface {
		Post(context.Context, news.Digest) error
		Name() string
	} = (*Channel)(nil)
	_ interface {
		Post(context.Context, news.Digest) error
		Name() string
	} = (*Webhook)(nil)
)

func TestPacerSharedAndHold(t *testing.T) {
	clock := newFakeClock()
	p := &Pacer{Clock: clock}
	ctx := context.Background()
	for range 3 {
		if err := p.Wait(ctx, "a"); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Wait(ctx, "b"); err != nil { // another channel does not wait
		t.Fatal(err)
	}
	p.Hold("b", clock.Now().Add(5*time.Second))
	if err := p.Wait(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{time.Second, time.Second, 5 * time.Second}
	if got := clock.Sleeps(); !equalDurations(got, want) {
		t.Errorf("slept %v; want %v", got, want)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := p.Wait(cancelled, "a"); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait(cancelled) = %v; want context.Canceled", err)
	}
}

// TestPermanent checks which of Slack's refusals no retry can cure: the
// request's own (4xx, an error code), or a post that may have been made.
func TestPermanent(t *testing.T) {
	cases := []struct {
		err  error
		want bool
	}{
		{&Error{Op: "chat.postMessage", Status: 200, Code: "invalid_auth"}, true},
		{&Error{Op: "chat.postMessage", Status: 200, Code: "channel_not_found"}, true},
		{&Error{Op: "webhook", Status: 403, Code: "forbidden"}, true},
		{&Error{Op: "webhook", Status: 404}, true},
		{&Error{Op: "chat.postMessage", Status: 429, Code: "ratelimited"}, false},
		{&Error{Op: "chat.postMessage", Status: 200, Code: "ratelimited"}, false},
		{&Error{Op: "chat.postMessage", Status: 200, Code: "service_unavailable"}, false},
		{&Error{Op: "webhook", Status: 503, Code: "service unavailable"}, false},
		{&Error{Op: "webhook"}, false},
		{maybePosted{errors.New("connection reset")}, true},
		{fmt.Errorf("message 2 of 3 (1 posted): %w", maybePosted{&Error{Op: "webhook", Status: 200, Code: "internal_error"}}), true},
		{fmt.Errorf("%w (gave up after 3 attempts)", &Error{Op: "webhook", Status: 500}), false},
	}
	for _, tc := range cases {
		if got := chat.IsPermanent(tc.err); got != tc.want {
			t.Errorf("chat.IsPermanent(%v) = %v; want %v", tc.err, got, tc.want)
		}
	}
}
