package discord

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/digestbot/digestbot/bot/chat"
	"github.com/digestbot/digestbot/bot/chat/chattest"
	"github.com/digestbot/digestbot/news"
)

// fastRetry keeps retry tests quick: backoffs of about a millisecond.
var fastRetry = chat.Retry{BaseDelay: time.Millisecond, MaxDelay: 4 * time.Millisecond}

// logBuffer returns a logger writing into a buffer, to check what is
// logged.
func logBuffer() (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	return slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})), &buf
}

// noSecrets fails the test when s holds a token.
func noSecrets(t *testing.T, what, s string) {
	t.Helper()
	for _, secret := range []string{fakeBotToken, fakeWebhookToken, "SECRET"} {
		if strings.Contains(s, secret) {
			t.Errorf("%s holds a secret: %s", what, s)
		}
	}
}

func TestChannelPost(t *testing.T) {
	rateLimited := fakeAnswer{
		status: http.StatusTooManyRequests,
		header: map[string]string{"Retry-After": "0.05", "X-RateLimit-Scope": "user", "X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset-After": "0.05"},
		body:   `{"message": "You are being rate limited.", "retry_after": 0.05, "global": false}`,
	}
	serverError := fakeAnswer{status: http.StatusInternalServerError, body: `{"message": "500: Internal Server Error", "code": 0}`}
	badGateway := fakeAnswer{status: http.StatusBadGateway, body: "<html>502 Bad Gateway</html>"}
	tests := []struct {
		name     string
		token    string
		script   []fakeAnswer
		wantReqs int
		wantErr  string // substring; "" for success
	}{
		{name: "ok", wantReqs: 1},
		{name: "429 with Retry-After, then success", script: []fakeAnswer{rateLimited}, wantReqs: 2},
		{name: "500 three times, then success", script: []fakeAnswer{serverError, serverError, badGateway}, wantReqs: 4},
		{name: "500 every time", script: []fakeAnswer{serverError, serverError, serverError, serverError, serverError, serverError}, wantReqs: 5,
			wantErr: "giving up after 5 attempts: discord: POST /channels/123456789012345678/messages: 500 Internal Server Error: 500: Internal Server Error"},
		{name: "401 invalid token fails at once", token: "wrong-token-SECRET", wantReqs: 1,
			wantErr: "discord: POST /channels/123456789012345678/messages: 401 Unauthorized: 401: Unauthorized"},
		{name: "403 missing permissions fails at once", wantReqs: 1,
			script:  []fakeAnswer{{status: 403, body: `{"message": "Missing Permissions", "code": 50013}`}},
			wantErr: "403 Forbidden: Missing Permissions (code 50013)"},
		{name: "404 unknown channel fails at once", wantReqs: 1,
			script:  []fakeAnswer{{status: 404, body: `{"message": "Unknown Channel", "code": 10003}`}},
			wantErr: "404 Not Found: Unknown Channel (code 10003)"},
		{name: "400 invalid form body names the field", wantReqs: 1,
			script:  []fakeAnswer{{status: 400, body: `{"code": 50035, "errors": {"embeds": {"0": {"description": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 4096 or fewer in length."}]}}}}, "message": "Invalid Form Body"}`}},
			wantErr: "Invalid Form Body (code 50035): embeds.0.description: Must be 4096 or fewer in length."},
		{name: "429 asking for too long fails", wantReqs: 1,
			script:  []fakeAnswer{{status: 429, header: map[string]string{"Retry-After": "3600"}, body: `{"message": "You are being rate limited.", "retry_after": 3600.5, "global": true}`}},
			wantErr: "429 Too Many Requests: You are being rate limited. (retry after 1h0m0.5s)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeDiscord(t)
			f.answer(routeChannel, tc.script...)
			token := fakeBotToken
			if tc.token != "" {
				token = tc.token
			}
			log, logs := logBuffer()
			c := &Channel{Token: token, ChannelID: "123456789012345678", APIURL: f.apiURL(), PostOptions: PostOptions{Pacer: &Pacer{}, Retry: fastRetry, Logger: log}}
			err := c.Post(t.Context(), full)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("Post: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("Post error = %v; want it to contain %q", err, tc.wantErr)
			}
			if err != nil {
				noSecrets(t, "error", err.Error())
			}
			noSecrets(t, "log", logs.String())

			reqs := f.requests(routeChannel)
			if len(reqs) != tc.wantReqs {
				t.Fatalf("%d requests; want %d", len(reqs), tc.wantReqs)
			}
			nonce, _ := reqs[0].Body["nonce"].(string)
			if len(nonce) == 0 || len(nonce) > 25 {
				t.Errorf("nonce = %q; want 1 to 25 characters", nonce)
			}
			for i, r := range reqs {
				if r.Body["nonce"] != nonce {
					t.Errorf("request %d: nonce = %v; want the first attempt's %q", i, r.Body["nonce"], nonce)
				}
				if r.Body["enforce_nonce"] != true {
					t.Errorf("request %d: enforce_nonce = %v; want true", i, r.Body["enforce_nonce"])
				}
				if want := "Bot " + token; r.Auth != want {
					t.Errorf("request %d: Authorization = %q; want %q", i, r.Auth, want)
				}
				embeds, _ := r.Body["embeds"].([]any)
				if len(embeds) != 1 || embeds[0].(map[string]any)["title"] != clean(full.Title) {
					t.Errorf("request %d: embeds = %v; want the digest's embed", i, r.Body["embeds"])
				}
			}
		})
	}
}

// TestChannelCircuit checks that repeated 401s stop the requests: Discord
// bans an address after 10,000 invalid requests in ten minutes.
func TestChannelCircuit(t *testing.T) {
	f := newFakeDiscord(t)
	p := &Pacer{CircuitThreshold: 3}
	c := &Channel{Token: "revoked-SECRET", ChannelID: "42", APIURL: f.apiURL(), PostOptions: PostOptions{Pacer: p, Retry: fastRetry, Logger: slog.New(slog.DiscardHandler)}}
	for i := range 3 {
		if err := c.Post(t.Context(), storyA); err == nil || errors.Is(err, ErrCircuitOpen) {
			t.Fatalf("post %d: error = %v; want a 401", i+1, err)
		}
	}
	for i := range 5 {
		err := c.Post(t.Context(), storyA)
		if !errors.Is(err, ErrCircuitOpen) {
			t.Fatalf("post %d after three 401s: error = %v; want ErrCircuitOpen", i+4, err)
		}
	}
	if n := len(f.requests(routeChannel)); n != 3 {
		t.Errorf("%d requests reached Discord; want 3", n)
	}
	// Another channel of the same bot is refused too: the token is bad.
	other := &Channel{Token: "revoked-SECRET", ChannelID: "43", APIURL: f.apiURL(), PostOptions: PostOptions{Pacer: p, Retry: fastRetry}}
	if err := other.Post(t.Context(), storyA); !errors.Is(err, ErrCircuitOpen) {
		t.Errorf("other channel: error = %v; want ErrCircuitOpen", err)
	}
	// Another bot is not.
	good := &Channel{Token: fakeBotToken, ChannelID: "42", APIURL: f.apiURL(), PostOptions: PostOptions{Pacer: p, Retry: fastRetry}}
	if err := good.Post(t.Context(), storyA); err != nil {
		t.Errorf("good token: %v", err)
	}
}

// TestChannelSplitsLongDigest posts a 30-bullet digest: several messages,
// in order, each within every limit, each with its own nonce.
func TestChannelSplitsLongDigest(t *testing.T) {
	f := newFakeDiscord(t)
	c := &Channel{Token: fakeBotToken, ChannelID: "42", APIURL: f.apiURL(), PostOptions: PostOptions{Pacer: &Pacer{}, Retry: fastRetry, Clock: fixedClock{at: time.Date(2025, 3, 14, 6, 0, 0, 0, time.UTC)}}}
	d := longDigest(30)
	if err := c.Post(t.Context(), d); err != nil {
		t.Fatal(err)
	}
	want := Messages(d, RenderOptions{Time: time.Date(2025, 3, 14, 6, 0, 0, 0, time.UTC)})
	checkLimits(t, want)
	reqs := f.requests(routeChannel)
	if len(reqs) != len(want) || len(reqs) < 2 {
		t.Fatalf("%d requests; want %d (more than one)", len(reqs), len(want))
	}
	nonces := map[any]bool{}
	for i, r := range reqs {
		nonces[r.Body["nonce"]] = true
		embeds, _ := r.Body["embeds"].([]any)
		if len(embeds) != len(want[i].Embeds) {
			t.Errorf("message %d: %d embeds; want %d", i, len(embeds), len(want[i].Embeds))
		}
	}
	if len(nonces) != len(reqs) {
		t.Errorf("%d distinct nonces for %d messages; want one each", len(nonces), len(reqs))
	}
	last := reqs[len(reqs)-1].Body["embeds"].([]any)
	if ts := last[len(last)-1].(map[string]any)["timestamp"]; ts != "2025-03-14T06:00:00Z" {
		t.Errorf("last embed timestamp = %v; want the time of posting", ts)
	}
}

// flakyTransport fails the first n requests with a network error.
type flakyTransport struct {
	n    atomic.Int32
	fail int32
}

func (t *flakyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if t.n.Add(1) <= t.fail {
		if r.Body != nil {
			io.Copy(io.Discard, r.Body)
			r.Body.Close()
		}
		return nil, errors.New("connection reset by peer")
	}
	return http.DefaultTransport.RoundTrip(r)
}

func TestNetworkErrors(t *testing.T) {
	t.Run("retried with the same nonce", func(t *testing.T) {
		f := newFakeDiscord(t)
		hc := &http.Client{Transport: &flakyTransport{fail: 2}}
		c := &Channel{Token: fakeBotToken, ChannelID: "42", APIURL: f.apiURL(), PostOptions: PostOptions{HTTPClient: hc, Pacer: &Pacer{}, Retry: fastRetry, Logger: slog.New(slog.DiscardHandler)}}
		if err := c.Post(t.Context(), storyA); err != nil {
			t.Fatalf("Post: %v", err)
		}
		if n := len(f.requests(routeChannel)); n != 1 {
			t.Errorf("%d requests reached Discord; want 1 after two network errors", n)
		}
	})
	t.Run("error holds no webhook token", func(t *testing.T) {
		hc := &http.Client{Transport: &flakyTransport{fail: 100}}
		log, logs := logBuffer()
		w := &Webhook{URL: "https://discord.com/api/webhooks/" + fakeWebhookID + "/" + fakeWebhookToken, PostOptions: PostOptions{HTTPClient: hc, Pacer: &Pacer{}, Retry: fastRetry, Logger: log}}
		err := w.Post(t.Context(), storyA)
		if err == nil || !strings.Contains(err.Error(), "connection reset by peer") {
			t.Fatalf("Post error = %v; want the network error", err)
		}
		noSecrets(t, "error", err.Error())
		noSecrets(t, "log", logs.String())
	})
	t.Run("context cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		hc := &http.Client{Transport: &flakyTransport{fail: 100}}
		c := &Channel{Token: fakeBotToken, ChannelID: "42", PostOptions: PostOptions{HTTPClient: hc, Pacer: &Pacer{}, Retry: fastRetry, Logger: slog.New(slog.DiscardHandler)}}
		if err := c.Post(ctx, storyA); !errors.Is(err, context.Canceled) {
			t.Errorf("Post error = %v; want context.Canceled", err)
		}
	})
}

func TestWebhookPost(t *testing.T) {
	f := newFakeDiscord(t)
	tests := []struct {
		name    string
		w       Webhook
		route   string
		wantErr string
	}{
		{name: "URL as Discord shows it", route: routeHook,
			w: Webhook{URL: f.srv.URL + "/api/webhooks/" + fakeWebhookID + "/" + fakeWebhookToken}},
		{name: "API URL override", route: routeWebhook,
			w: Webhook{URL: "https://discord.com/api/webhooks/" + fakeWebhookID + "/" + fakeWebhookToken, APIURL: f.apiURL(), Username: "digestbot"}},
		{name: "unknown webhook", route: routeWebhook, wantErr: "POST /webhooks/" + fakeWebhookID + "/…: 404 Not Found: Unknown Webhook (code 10015)",
			w: Webhook{URL: "https://discord.com/api/webhooks/" + fakeWebhookID + "/wrong-SECRET", APIURL: f.apiURL()}},
		{name: "not a webhook URL", wantErr: "webhook URL does not end in /webhooks/{id}/{token}",
			w: Webhook{URL: "https://discord.com/api/channels/1/SECRET"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := len(f.requests(tc.route))
			w := tc.w
			w.Pacer, w.Retry, w.Logger = &Pacer{}, fastRetry, slog.New(slog.DiscardHandler)
			err := w.Post(t.Context(), storyA)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Post error = %v; want it to contain %q", err, tc.wantErr)
				}
				noSecrets(t, "error", err.Error())
				return
			}
			if err != nil {
				t.Fatalf("Post: %v", err)
			}
			reqs := f.requests(tc.route)[before:]
			if len(reqs) != 1 {
				t.Fatalf("%d requests; want 1", len(reqs))
			}
			r := reqs[0]
			if r.Query.Get("wait") != "true" {
				t.Errorf("query = %v; want wait=true", r.Query)
			}
			if _, ok := r.Body["nonce"]; ok {
				t.Errorf("webhook body has a nonce; webhooks take none")
			}
			if r.Auth != "" {
				t.Errorf("Authorization = %q; a webhook needs none", r.Auth)
			}
			if got := r.Body["username"]; w.Username != "" && got != w.Username {
				t.Errorf("username = %v; want %q", got, w.Username)
			}
			if embeds, _ := r.Body["embeds"].([]any); len(embeds) != 1 {
				t.Errorf("embeds = %v; want one", r.Body["embeds"])
			}
		})
	}
}

func TestNames(t *testing.T) {
	tests := []struct {
		p    interface{ Name() string }
		want string
	}{
		{&Channel{Token: fakeBotToken, ChannelID: "1234"}, "discord:1234"},
		{&Webhook{URL: "https://discord.com/api/webhooks/" + fakeWebhookID + "/" + fakeWebhookToken}, "discord-webhook:discord.com/…/" + fakeWebhookID},
		{&Webhook{URL: "https://canary.discord.com/api/v10/webhooks/1/" + fakeWebhookToken + "?thread_id=5"}, "discord-webhook:canary.discord.com/…/1"},
		{&Webhook{URL: "not a URL " + fakeWebhookToken}, "discord-webhook:(invalid URL)"},
	}
	for _, tc := range tests {
		got := tc.p.Name()
		if got != tc.want {
			t.Errorf("Name() = %q; want %q", got, tc.want)
		}
		noSecrets(t, "name", got)
	}
}

func TestChannelValidates(t *testing.T) {
	tests := []struct {
		c       Channel
		wantErr string
	}{
		{Channel{ChannelID: "1"}, "no bot token"},
		{Channel{Token: fakeBotToken, ChannelID: "../users/@me"}, "is not a Discord ID"},
	}
	for _, tc := range tests {
		err := tc.c.Post(t.Context(), storyA)
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("Post(%+v) error = %v; want %q", tc.c.ChannelID, err, tc.wantErr)
		}
	}
}

// newFakeClock returns a clock for a pacer and its posters that moves
// only when slept on.
func newFakeClock() *chattest.Clock {
	return chattest.NewClock(time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC))
}

// fixedClock reads one time and sleeps on the wall clock.
type fixedClock struct {
	chat.WallClock
	at time.Time
}

func (c fixedClock) Now() time.Time { return c.at }

// TestPacing checks the pacer holds requests to its rates, on a fake clock:
// the time the posts took is the time the pacer asked to wait.
func TestPacing(t *testing.T) {
	t.Run("per channel", func(t *testing.T) {
		clk := newFakeClock()
		f := newFakeDiscord(t)
		p := &Pacer{PerChannel: Rate{N: 2, Per: 150 * time.Millisecond}, Clock: clk}
		c := &Channel{Token: fakeBotToken, ChannelID: "42", APIURL: f.apiURL(), PostOptions: PostOptions{Pacer: p, Retry: fastRetry, Clock: clk}}
		start := clk.Now()
		for range 3 {
			if err := c.Post(t.Context(), storyA); err != nil {
				t.Fatal(err)
			}
		}
		if d := clk.Now().Sub(start); d < 150*time.Millisecond {
			t.Errorf("3 posts at 2 per 150ms waited %v; want at least 150ms", d)
		}
	})
	t.Run("exhausted bucket waits for its reset", func(t *testing.T) {
		clk := newFakeClock()
		f := newFakeDiscord(t)
		f.answer(routeChannel, fakeAnswer{status: 200, header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset-After": "0.2"}, body: `{"id": "1"}`})
		c := &Channel{Token: fakeBotToken, ChannelID: "42", APIURL: f.apiURL(), PostOptions: PostOptions{Pacer: &Pacer{Clock: clk}, Retry: fastRetry, Clock: clk}}
		start := clk.Now()
		for range 2 {
			if err := c.Post(t.Context(), storyA); err != nil {
				t.Fatal(err)
			}
		}
		if d := clk.Now().Sub(start); d < 200*time.Millisecond {
			t.Errorf("2 posts with X-RateLimit-Reset-After 0.2 waited %v; want at least 200ms", d)
		}
	})
	t.Run("global 429 holds every channel of the bot", func(t *testing.T) {
		clk := newFakeClock()
		f := newFakeDiscord(t)
		f.answer(routeChannel, fakeAnswer{status: 429, header: map[string]string{"Retry-After": "0.25", "X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"},
			body: `{"message": "You are being rate limited.", "retry_after": 0.25, "global": true}`})
		p := &Pacer{Clock: clk}
		c := &Channel{Token: fakeBotToken, ChannelID: "1", APIURL: f.apiURL(), PostOptions: PostOptions{Pacer: p, Retry: fastRetry, Clock: clk, Logger: slog.New(slog.DiscardHandler)}}
		start := clk.Now()
		if err := c.Post(t.Context(), storyA); err != nil {
			t.Fatal(err)
		}
		p.mu.Lock()
		held := p.notBefore[credKey("bot:", "Bot "+fakeBotToken)]
		p.mu.Unlock()
		if held.Before(start.Add(250 * time.Millisecond)) {
			t.Errorf("bot held until %v after the start; want at least 250ms, for every channel", held.Sub(start))
		}
	})
	t.Run("429 waits for Retry-After", func(t *testing.T) {
		clk := newFakeClock()
		f := newFakeDiscord(t)
		f.answer(routeChannel, fakeAnswer{status: 429, header: map[string]string{"Retry-After": "0.25"}, body: `{"message": "You are being rate limited.", "retry_after": 0.2, "global": false}`})
		c := &Channel{Token: fakeBotToken, ChannelID: "42", APIURL: f.apiURL(), PostOptions: PostOptions{Pacer: &Pacer{Clock: clk}, Retry: fastRetry, Clock: clk, Logger: slog.New(slog.DiscardHandler)}}
		start := clk.Now()
		if err := c.Post(t.Context(), storyA); err != nil {
			t.Fatal(err)
		}
		if d := clk.Now().Sub(start); d < 250*time.Millisecond {
			t.Errorf("post after a 429 with Retry-After 0.25 waited %v; want at least 250ms", d)
		}
	})
}

func TestParseError(t *testing.T) {
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
		want   APIError
	}{
		{"body retry_after longer", 429, http.Header{"Retry-After": {"1"}}, `{"message": "rate limited", "retry_after": 1.5, "global": false}`,
			APIError{Route: "r", Status: 429, Message: "rate limited", RetryAfter: 1500 * time.Millisecond}},
		{"header only", 429, http.Header{"Retry-After": {"2"}}, `<html>cloudflare</html>`,
			APIError{Route: "r", Status: 429, RetryAfter: 2 * time.Second}},
		{"reset-after fallback", 429, http.Header{"X-Ratelimit-Reset-After": {"0.75"}}, ``,
			APIError{Route: "r", Status: 429, RetryAfter: 750 * time.Millisecond}},
		{"plain 502", 502, nil, "upstream connect error",
			APIError{Route: "r", Status: 502, Message: "upstream connect error"}},
	}
	for _, tc := range tests {
		got := parseError("r", tc.status, tc.header, []byte(tc.body))
		if *got != tc.want {
			t.Errorf("%s: parseError = %+v; want %+v", tc.name, *got, tc.want)
		}
	}
}

// TestPosterInterface checks the method set package bot's Poster needs,
// without importing bot.
func TestPosterInterface(t *testing.T) {
	var _ interface {
		Post(context.Context, news.Digest) error
		Name() string
	} = (*Channel)(nil)
	var _ interface {
		Post(context.Context, news.Digest) error
		Name() string
	} = (*Webhook)(nil)
}

// TestIdempotencyKeyGivesStableNonces: the same delivery sent twice (a
// restart) carries the same nonces; another delivery, others.
func TestIdempotencyKeyGivesStableNonces(t *testing.T) {
	a1, a2, b := deriveNonce("delivery-a", 0), deriveNonce("delivery-a", 0), deriveNonce("delivery-b", 0)
	if a1 != a2 || a1 == b || len(a1) != 25 || deriveNonce("delivery-a", 1) == a1 {
		t.Errorf("nonces %q %q %q; want the same key and message to give the same 25 characters, others differ", a1, a2, b)
	}
	f := newFakeDiscord(t)
	c := &Channel{Token: fakeBotToken, ChannelID: "42", APIURL: f.apiURL(), PostOptions: PostOptions{Pacer: &Pacer{}, Retry: fastRetry}}
	ctx := WithIdempotencyKey(t.Context(), "delivery-a")
	for range 2 {
		if err := c.Post(ctx, storyA); err != nil {
			t.Fatal(err)
		}
	}
	var nonces []string
	for _, r := range f.requests(routeChannel) {
		n, _ := r.Body["nonce"].(string)
		nonces = append(nonces, n)
	}
	if len(nonces) != 2 || nonces[0] != a1 || nonces[1] != a1 {
		t.Errorf("nonces sent %q; want %q twice", nonces, a1)
	}
}

// TestPermanent checks which of Discord's answers no retry can cure: a 4xx
// but a 429.
func TestPermanent(t *testing.T) {
	cases := []struct {
		err  error
		want bool
	}{
		{&APIError{Route: "r", Status: 400}, true},
		{&APIError{Route: "r", Status: 403, Code: 50013}, true},
		{&APIError{Route: "r", Status: 404, Code: 10003}, true},
		{&APIError{Route: "r", Status: 429}, false},
		{&APIError{Route: "r", Status: 500}, false},
		{&APIError{Route: "r", Status: 302}, false},
		{fmt.Errorf("message 2 of 3: %w", &APIError{Route: "r", Status: 403}), true},
		{fmt.Errorf("discord: r: %w", ErrCircuitOpen), false},
	}
	for _, tc := range cases {
		if got := chat.IsPermanent(tc.err); got != tc.want {
			t.Errorf("chat.IsPermanent(%v) = %v; want %v", tc.err, got, tc.want)
		}
	}
}
