package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/bot/chat"
	"github.com/digestbot/digestbot/bot/chat/chattest"
	"github.com/digestbot/digestbot/bot/slack/slacktest"
	"github.com/digestbot/digestbot/news"
)

// testSecret is the signing secret of Slack's documentation example.
const testSecret = "8f742231b10e8888abcd99yyyzzz85a5"

var testNow = time.Unix(1736233200, 0)

// commandForm returns a slash command's form as Slack sends it.
func commandForm(text, responseURL string) url.Values {
	return url.Values{
		"token":        {"deprecated-verification-token"},
		"team_id":      {"T0001"},
		"team_domain":  {"example"},
		"channel_id":   {"C2147483705"},
		"channel_name": {"news"},
		"user_id":      {"U2147483697"},
		"user_name":    {"ann"},
		"command":      {"/digest"},
		"text":         {text},
		"response_url": {responseURL},
		"trigger_id":   {"13345224609.738474920.8088930838d88f008e0"},
		"api_app_id":   {"A123456"},
	}
}

// signedRequest returns a POST of body signed with secret at ts.
func signedRequest(secret string, ts time.Time, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(body))
	slacktest.Sign(r, secret, ts, body)
	return r
}

// hookBody is what our code posted to a response_url.
type hookBody struct {
	Message
	ResponseType    string
	ReplaceOriginal *bool
}

// responseServer is a response_url endpoint that passes each post on.
type responseServer struct {
	*httptest.Server
	posts chan hookBody
}

func newResponseServer(t *testing.T) *responseServer {
	t.Helper()
	rs := &responseServer{posts: make(chan hookBody, 16)}
	rs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var b hookBody
		var extra struct {
			ResponseType    string `json:"response_type"`
			ReplaceOriginal *bool  `json:"replace_original"`
		}
		if err := json.Unmarshal(raw, &b.Message); err != nil {
			t.Errorf("response_url body: %v", err)
		}
		if err := json.Unmarshal(raw, &extra); err != nil {
			t.Errorf("response_url body: %v", err)
		}
		b.ResponseType, b.ReplaceOriginal = extra.ResponseType, extra.ReplaceOriginal
		rs.posts <- b
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true}`)
	}))
	t.Cleanup(rs.Close)
	return rs
}

func (rs *responseServer) url() string { return rs.URL + "/commands/T0001/1234/secretpart" }

// next returns the next post, failing t if none comes: the bound only
// keeps a broken test from hanging, it asserts nothing about speed.
func (rs *responseServer) next(t *testing.T) hookBody {
	t.Helper()
	select {
	case b := <-rs.posts:
		return b
	case <-time.After(10 * time.Second):
		t.Fatal("nothing was posted to the response_url")
		return hookBody{}
	}
}

// recorder records the queries a Digest callback receives.
type recorder struct {
	mu      sync.Mutex
	queries []Query
}

func (r *recorder) digest(ctx context.Context, q Query) (news.Digest, error) {
	r.mu.Lock()
	r.queries = append(r.queries, q)
	r.mu.Unlock()
	return fullDigest(), nil
}

func (r *recorder) Queries() []Query {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Query(nil), r.queries...)
}

func testCommands(digest func(context.Context, Query) (news.Digest, error)) *Commands {
	clock := newFakeClock() // reads testNow until it sleeps
	return &Commands{
		SigningSecret: testSecret,
		Digest:        digest,
		ResponseHosts: append(append([]string(nil), DefaultResponseHosts...), "127.0.0.1"),
		Clock:         clock,
		Pacer:         &Pacer{Interval: time.Nanosecond, Clock: clock},
		Logger:        slog.New(slog.DiscardHandler),
	}
}

func TestServeHTTPRequests(t *testing.T) {
	rs := newResponseServer(t)
	good := commandForm("paris summit", rs.url()).Encode()
	cases := []struct {
		name    string
		req     func() *http.Request
		noSecet bool
		status  int
		digests int
		ack     string // part of the acknowledgement's text
	}{
		{name: "good", req: func() *http.Request { return signedRequest(testSecret, testNow, good) },
			status: 200, digests: 1, ack: "Working on a digest of “paris summit”"},
		{name: "clock skew within 5 minutes", req: func() *http.Request { return signedRequest(testSecret, testNow.Add(-299*time.Second), good) },
			status: 200, digests: 1, ack: "Working on"},
		{name: "usage for empty text", req: func() *http.Request {
			return signedRequest(testSecret, testNow, commandForm("  ", rs.url()).Encode())
		}, status: 200, ack: "Usage:"},
		{name: "usage for public alone", req: func() *http.Request {
			return signedRequest(testSecret, testNow, commandForm("public", rs.url()).Encode())
		}, status: 200, ack: "Usage:"},
		{name: "usage for help", req: func() *http.Request {
			return signedRequest(testSecret, testNow, commandForm("help", rs.url()).Encode())
		}, status: 200, ack: "Usage:"},
		{name: "usage for public HELP?", req: func() *http.Request {
			return signedRequest(testSecret, testNow, commandForm("public HELP?", rs.url()).Encode())
		}, status: 200, ack: "Usage:"},
		{name: "too many URLs", req: func() *http.Request {
			var text strings.Builder
			for i := range MaxURLs + 1 {
				text.WriteString("https://example.com/" + strconv.Itoa(i) + " ")
			}
			return signedRequest(testSecret, testNow, commandForm(text.String(), rs.url()).Encode())
		}, status: 200, ack: "at most 10 URLs"},
		{name: "ssl_check", req: func() *http.Request {
			return signedRequest(testSecret, testNow, "ssl_check=1&token=x")
		}, status: 200},
		{name: "bad signature", req: func() *http.Request { return signedRequest("another-secret", testNow, good) }, status: 401},
		{name: "tampered body", req: func() *http.Request {
			r := signedRequest(testSecret, testNow, good)
			r.Body = io.NopCloser(strings.NewReader(strings.Replace(good, "paris", "tokyo", 1)))
			return r
		}, status: 401},
		{name: "stale timestamp", req: func() *http.Request { return signedRequest(testSecret, testNow.Add(-6*time.Minute), good) }, status: 401},
		{name: "future timestamp", req: func() *http.Request { return signedRequest(testSecret, testNow.Add(6*time.Minute), good) }, status: 401},
		{name: "missing signature", req: func() *http.Request {
			r := signedRequest(testSecret, testNow, good)
			r.Header.Del("X-Slack-Signature")
			return r
		}, status: 401},
		{name: "missing timestamp", req: func() *http.Request {
			r := signedRequest(testSecret, testNow, good)
			r.Header.Del("X-Slack-Request-Timestamp")
			return r
		}, status: 401},
		{name: "malformed timestamp", req: func() *http.Request {
			r := signedRequest(testSecret, testNow, good)
			r.Header.Set("X-Slack-Request-Timestamp", "yesterday")
			return r
		}, status: 401},
		{name: "unknown signature version", req: func() *http.Request {
			r := signedRequest(testSecret, testNow, good)
			r.Header.Set("X-Slack-Signature", strings.Replace(r.Header.Get("X-Slack-Signature"), "v0=", "v1=", 1))
			return r
		}, status: 401},
		{name: "signature not hex", req: func() *http.Request {
			r := signedRequest(testSecret, testNow, good)
			r.Header.Set("X-Slack-Signature", "v0=zz")
			return r
		}, status: 401},
		{name: "no signing secret configured", noSecet: true, req: func() *http.Request { return signedRequest("", testNow, good) }, status: 500},
		{name: "malformed form", req: func() *http.Request { return signedRequest(testSecret, testNow, "text=%zz&command=/digest") }, status: 400},
		{name: "not a form", req: func() *http.Request {
			r := signedRequest(testSecret, testNow, good)
			r.Header.Set("Content-Type", "application/json")
			return r
		}, status: 400},
		{name: "no command", req: func() *http.Request {
			f := commandForm("paris", rs.url())
			f.Del("command")
			return signedRequest(testSecret, testNow, f.Encode())
		}, status: 400},
		{name: "no response_url", req: func() *http.Request {
			return signedRequest(testSecret, testNow, commandForm("paris", "").Encode())
		}, status: 400},
		{name: "forged response_url", req: func() *http.Request {
			return signedRequest(testSecret, testNow, commandForm("paris", "https://attacker.example/collect").Encode())
		}, status: 400},
		{name: "response_url over http", req: func() *http.Request {
			return signedRequest(testSecret, testNow, commandForm("paris", "http://hooks.slack.com/commands/T/1/x").Encode())
		}, status: 400},
		{name: "GET", req: func() *http.Request { return httptest.NewRequest(http.MethodGet, "/slack/commands", nil) }, status: 405},
		{name: "body too large", req: func() *http.Request {
			return signedRequest(testSecret, testNow, commandForm(strings.Repeat("x", DefaultMaxBody), rs.url()).Encode())
		}, status: 413},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			c := testCommands(rec.digest)
			if tc.noSecet {
				c.SigningSecret = ""
			}
			w := httptest.NewRecorder()
			c.ServeHTTP(w, tc.req())
			if w.Code != tc.status {
				t.Errorf("status = %d; want %d (body %q)", w.Code, tc.status, w.Body.String())
			}
			if tc.ack != "" {
				var ack reply
				if err := json.Unmarshal(w.Body.Bytes(), &ack); err != nil {
					t.Fatalf("acknowledgement %q: %v", w.Body.String(), err)
				}
				if ack.ResponseType != "ephemeral" || !strings.Contains(ack.Text, tc.ack) {
					t.Errorf("acknowledgement = %+v; want ephemeral containing %q", ack, tc.ack)
				}
				if ct := w.Header().Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type = %q; want application/json", ct)
				}
			}
			if tc.digests > 0 {
				rs.next(t)
			}
			if err := c.Shutdown(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := len(rec.Queries()); got != tc.digests {
				t.Errorf("Digest called %d times; want %d", got, tc.digests)
			}
		})
	}
}

func TestServeHTTPReplayRefused(t *testing.T) {
	rs := newResponseServer(t)
	rec := &recorder{}
	c := testCommands(rec.digest)
	defer c.Close()
	body := commandForm("paris", rs.url()).Encode()
	first := signedRequest(testSecret, testNow, body)
	again := signedRequest(testSecret, testNow, body)
	for i, want := range []int{200, 401} {
		w := httptest.NewRecorder()
		c.ServeHTTP(w, []*http.Request{first, again}[i])
		if w.Code != want {
			t.Errorf("request %d: status = %d; want %d", i+1, w.Code, want)
		}
	}
	rs.next(t)
}

// TestAckBeforeDigest checks that a command is acknowledged while its
// digest is still being made (a callback that would take 5 seconds), and
// that the digest then reaches the response_url, in the channel only when
// asked with "public".
func TestAckBeforeDigest(t *testing.T) {
	cases := []struct {
		text   string
		public bool
		query  Query
	}{
		{"paris summit https://example.com/a", false, Query{
			Text: "paris summit https://example.com/a", URLs: []string{"https://example.com/a"}, Words: []string{"paris", "summit"},
			UserID: "U2147483697", ChannelID: "C2147483705", TeamID: "T0001",
		}},
		{"public Paris summit", true, Query{
			Text: "Paris summit", Words: []string{"Paris", "summit"}, Public: true,
			UserID: "U2147483697", ChannelID: "C2147483705", TeamID: "T0001",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.text, func(t *testing.T) {
			rs := newResponseServer(t)
			started, release, finished := make(chan Query, 1), make(chan struct{}), make(chan struct{})
			slow := func(ctx context.Context, q Query) (news.Digest, error) {
				started <- q
				defer close(finished)
				select {
				case <-release: // stands for 5 seconds of work
				case <-ctx.Done():
					return news.Digest{}, ctx.Err()
				}
				return fullDigest(), nil
			}
			c := testCommands(slow)
			defer c.Close()

			w := httptest.NewRecorder()
			c.ServeHTTP(w, signedRequest(testSecret, testNow, commandForm(tc.text, rs.url()).Encode()))

			// ServeHTTP has returned its acknowledgement…
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Working on") {
				t.Fatalf("acknowledgement = %d %q; want 200 working on it", w.Code, w.Body.String())
			}
			// …while the digest is under way, not finished.
			q := <-started
			select {
			case <-finished:
				t.Fatal("the digest finished before the acknowledgement was checked")
			default:
			}
			if !reflect.DeepEqual(q, tc.query) {
				t.Errorf("Digest got %+v; want %+v", q, tc.query)
			}
			close(release)

			got := rs.next(t)
			wantType := "ephemeral"
			if tc.public {
				wantType = "in_channel"
			}
			if got.ResponseType != wantType {
				t.Errorf("response_type = %q; want %q", got.ResponseType, wantType)
			}
			if got.ReplaceOriginal == nil || *got.ReplaceOriginal {
				t.Errorf("replace_original = %v; want false", got.ReplaceOriginal)
			}
			want := Messages(fullDigest(), RenderOptions{})[0]
			if got.Text != want.Text || headerText(got.Message) != headerText(want) {
				t.Errorf("posted %q / %q; want %q / %q", got.Text, headerText(got.Message), want.Text, headerText(want))
			}
			checkLimits(t, []Message{got.Message})
		})
	}
}

// userError is an error with a message written for the user, as the
// command's Digest function returns them.
type userError struct{ msg, detail string }

func (e userError) Error() string       { return e.detail }
func (e userError) UserMessage() string { return e.msg }

// TestDigestFailures checks the reply to a digest that could not be made:
// only to the user, in plain words, never the raw error with its internal
// addresses.
func TestDigestFailures(t *testing.T) {
	cases := []struct {
		name   string
		digest func(context.Context, Query) (news.Digest, error)
		want   string
	}{
		{"error with a message for the user", func(context.Context, Query) (news.Digest, error) {
			return news.Digest{}, fmt.Errorf("digest: %w", userError{
				msg:    "No story matches <paris> & co.",
				detail: "lookup feeds.example on 10.0.0.53:53: no such host",
			})
		}, "Sorry, no digest. No story matches &lt;paris&gt; &amp; co."},
		{"raw error", func(context.Context, Query) (news.Digest, error) {
			return news.Digest{}, errors.New("fetch https://a.example/x: dial tcp 10.0.0.53:443: connect: connection refused")
		}, "Sorry, I could not make that digest; something went wrong."},
		{"timeout", func(ctx context.Context, _ Query) (news.Digest, error) {
			<-ctx.Done()
			return news.Digest{}, ctx.Err()
		}, "took too long"},
		{"panic", func(context.Context, Query) (news.Digest, error) {
			panic("boom at 10.0.0.53")
		}, "Sorry, I could not make that digest; something went wrong."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rs := newResponseServer(t)
			c := testCommands(tc.digest)
			c.Timeout = time.Millisecond
			defer c.Close()
			w := httptest.NewRecorder()
			c.ServeHTTP(w, signedRequest(testSecret, testNow, commandForm("public paris", rs.url()).Encode()))
			if w.Code != http.StatusOK {
				t.Fatalf("status = %d", w.Code)
			}
			got := rs.next(t)
			if got.ResponseType != "ephemeral" {
				t.Errorf("response_type = %q; want ephemeral for an error, even when public", got.ResponseType)
			}
			if !strings.Contains(got.Text, tc.want) {
				t.Errorf("error reply = %q; want it to contain %q", got.Text, tc.want)
			}
			if b, _ := json.Marshal(got.Message); strings.Contains(string(b), "10.0.0.53") || strings.Contains(string(b), "boom") {
				t.Errorf("error reply shows the raw error: %s", b)
			}
			checkLimits(t, []Message{got.Message})
		})
	}
}

func TestBusyAndShutdown(t *testing.T) {
	rs := newResponseServer(t)
	started := make(chan struct{}, 4)
	cancelled := make(chan error, 4)
	blocking := func(ctx context.Context, q Query) (news.Digest, error) {
		started <- struct{}{}
		<-ctx.Done()
		cancelled <- ctx.Err()
		return news.Digest{}, ctx.Err()
	}
	c := testCommands(blocking)
	c.MaxConcurrent, c.MaxQueued = 1, 1
	send := func() string {
		w := httptest.NewRecorder()
		body := commandForm("paris "+strconv.Itoa(len(started)), rs.url()).Encode()
		// Each request differs, as replays are refused.
		c.ServeHTTP(w, signedRequest(testSecret, testNow, body+"&n="+strconv.FormatInt(time.Now().UnixNano(), 10)))
		return w.Body.String()
	}
	if ack := send(); !strings.Contains(ack, "Working on") {
		t.Fatalf("first command: %q", ack)
	}
	<-started
	if ack := send(); !strings.Contains(ack, "Working on") {
		t.Errorf("second command while the first runs: %q; want it queued", ack)
	}
	select {
	case <-started:
		t.Error("the queued command started while the first one runs")
	default:
	}
	if ack := send(); !strings.Contains(ack, "busy") {
		t.Errorf("third command with the queue full: %q; want busy", ack)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Shutdown(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Shutdown(done ctx) = %v; want context.Canceled", err)
	}
	// Shutdown returned only after the digest saw its context cancelled.
	select {
	case err := <-cancelled:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("digest context: %v; want cancelled", err)
		}
	default:
		t.Error("Shutdown returned before the digest stopped")
	}
	if ack := send(); !strings.Contains(ack, "shutting down") {
		t.Errorf("command after Shutdown: %q; want shutting down", ack)
	}
	select {
	case p := <-rs.posts:
		t.Errorf("an abandoned digest was posted: %q", p.Text)
	default:
	}
}

func TestTooLongForFiveReplies(t *testing.T) {
	rs := newResponseServer(t)
	c := testCommands(func(context.Context, Query) (news.Digest, error) { return shortBullets(200), nil })
	w := httptest.NewRecorder()
	c.ServeHTTP(w, signedRequest(testSecret, testNow, commandForm("facts", rs.url()).Encode()))
	if err := c.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(rs.posts); n != maxReplies {
		t.Fatalf("posted %d replies; want %d", n, maxReplies)
	}
	var last hookBody
	for range maxReplies {
		last = <-rs.posts
	}
	if !strings.Contains(last.Text, "more parts") {
		t.Errorf("last reply = %q; want a note about the parts left out", last.Text)
	}
}

func TestParseQuery(t *testing.T) {
	cases := []struct {
		text string
		want Query
	}{
		{"", Query{Text: ""}},
		{"paris summit", Query{Text: "paris summit", Words: []string{"paris", "summit"}}},
		{"PUBLIC paris", Query{Text: "paris", Words: []string{"paris"}, Public: true}},
		{"paris public", Query{Text: "paris public", Words: []string{"paris", "public"}}},
		{"  https://a.example/x  http://b.example/y?q=1&amp;r=2 https://a.example/x",
			Query{Text: "https://a.example/x http://b.example/y?q=1&r=2 https://a.example/x",
				URLs: []string{"https://a.example/x", "http://b.example/y?q=1&r=2"}}},
		{"<https://a.example/x|a.example/x> <https://b.example/>, storm",
			Query{Text: "https://a.example/x https://b.example/, storm",
				URLs: []string{"https://a.example/x", "https://b.example/"}, Words: []string{"storm"}}},
		{"\"Storm\" (Ciarán) — <#C123|news> &lt;b&gt;",
			Query{Text: "\"Storm\" (Ciarán) — news <b>", Words: []string{"Storm", "Ciarán", "news", "b"}}},
		{"ftp://example.com/file javascript:alert(1)",
			Query{Text: "ftp://example.com/file javascript:alert(1)", Words: []string{"ftp://example.com/file", "javascript:alert(1"}}},
	}
	for _, tc := range cases {
		got := ParseQuery(tc.text)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseQuery(%q) =\n %+v\nwant\n %+v", tc.text, got, tc.want)
		}
	}
}

func TestCheckResponseURL(t *testing.T) {
	c := &Commands{}
	tests := &Commands{ResponseHosts: []string{"hooks.slack.com", "127.0.0.1"}}
	cases := []struct {
		c   *Commands
		url string
		ok  bool
	}{
		{c, "https://hooks.slack.com/commands/T0/1/abc", true},
		{c, "https://hooks.slack.com:443/commands/T0/1/abc", true},
		{c, "https://HOOKS.SLACK.COM/commands/T0/1/abc", true},
		{c, "https://app.slack.com/x", true},
		{c, "https://hooks.slack-gov.com/commands/x", true},
		{c, "http://hooks.slack.com/commands/T0/1/abc", false},
		{c, "https://hooks.slack.com:8443/commands/x", false},
		{c, "https://slack.com.attacker.example/x", false},
		{c, "https://attackerslack.com/x", false},
		{c, "https://user:pw@hooks.slack.com/x", false},
		{c, "https://127.0.0.1/x", false},
		{c, "http://127.0.0.1:8080/x", false},
		{c, "/relative", false},
		{c, "", false},
		{tests, "http://127.0.0.1:8080/x", true},
		{tests, "http://localhost:8080/x", false},
		{tests, "http://10.0.0.1/x", false},
		{tests, "https://app.slack.com/x", false},
	}
	for _, tc := range cases {
		err := tc.c.checkResponseURL(tc.url)
		if (err == nil) != tc.ok {
			t.Errorf("checkResponseURL(%q) with hosts %q = %v; want ok %v", tc.url, tc.c.ResponseHosts, err, tc.ok)
		}
	}
}

// TestReplayAnySpelling replays one signed command over HTTP with its
// signature spelled in other ways: hex digits in upper, lower and mixed
// case, alone or after a repeated header. Each spelling decodes to the same
// MAC, so the command is the same request: exactly one digest is made.
func TestReplayAnySpelling(t *testing.T) {
	rs := newResponseServer(t)
	rec := &recorder{}
	c := testCommands(rec.digest)
	srv := httptest.NewServer(c)
	defer srv.Close()
	body := commandForm("paris", rs.url()).Encode()
	stamp := strconv.FormatInt(testNow.Unix(), 10)
	hexSig := strings.TrimPrefix(slacktest.Signature(testSecret, stamp, []byte(body)), "v0=")
	mixed := func(s string, odd bool) string {
		b := []byte(s)
		for k := range b {
			if k%2 == 1 == odd {
				b[k] = strings.ToUpper(string(b[k]))[0]
			}
		}
		return string(b)
	}
	spellings := []struct {
		name string
		sigs []string // X-Slack-Signature values, in order
	}{
		{"as signed", []string{"v0=" + hexSig}},
		{"upper case", []string{"v0=" + strings.ToUpper(hexSig)}},
		{"mixed case, odd digits", []string{"v0=" + mixed(hexSig, true)}},
		{"mixed case, even digits", []string{"v0=" + mixed(hexSig, false)}},
		{"as signed, again", []string{"v0=" + hexSig}},
		{"upper case, repeated header", []string{"v0=" + strings.ToUpper(hexSig), "v0=" + hexSig}},
		{"padded with spaces", []string{"  v0=" + mixed(hexSig, true) + " "}},
	}
	accepted := 0
	for _, s := range spellings {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/slack/commands", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Slack-Request-Timestamp", stamp)
		for _, v := range s.sigs {
			req.Header.Add("X-Slack-Signature", v)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		want := http.StatusUnauthorized
		if accepted == 0 {
			want = http.StatusOK
		}
		if resp.StatusCode != want {
			t.Errorf("%s: status = %d; want %d", s.name, resp.StatusCode, want)
		}
		if resp.StatusCode == http.StatusOK {
			accepted++
		}
	}
	if err := c.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := len(rec.Queries()); got != 1 {
		t.Errorf("Digest called %d times for one command sent %d ways; want 1", got, len(spellings))
	}
	if got := len(rs.posts); got != 1 {
		t.Errorf("%d digests posted; want 1", got)
	}
}

// TestObserveOutcomes checks that every command, whatever becomes of it,
// is reported to Observe once with its outcome.
func TestObserveOutcomes(t *testing.T) {
	failing := func(context.Context, Query) (news.Digest, error) { return news.Digest{}, errors.New("no") }
	slow := func(ctx context.Context, _ Query) (news.Digest, error) {
		<-ctx.Done()
		return news.Digest{}, ctx.Err()
	}
	gone := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "expired_url", http.StatusNotFound)
	}))
	defer gone.Close()
	tests := []struct {
		name   string
		digest func(context.Context, Query) (news.Digest, error)
		send   func(c *Commands, rs *responseServer) // sends the commands
		want   []string
	}{
		{"digest delivered", nil, func(c *Commands, rs *responseServer) {
			c.ServeHTTP(httptest.NewRecorder(), signedRequest(testSecret, testNow, commandForm("paris", rs.url()).Encode()))
		}, []string{chat.OutcomeOK}},
		{"help and too many URLs", nil, func(c *Commands, rs *responseServer) {
			c.ServeHTTP(httptest.NewRecorder(), signedRequest(testSecret, testNow, commandForm("help", rs.url()).Encode()))
			c.ServeHTTP(httptest.NewRecorder(), signedRequest(testSecret, testNow, commandForm(strings.Repeat("https://a.example/x ", 1)+
				"https://b.example/1 https://b.example/2 https://b.example/3 https://b.example/4 https://b.example/5 "+
				"https://b.example/6 https://b.example/7 https://b.example/8 https://b.example/9 https://b.example/10", rs.url()).Encode()))
		}, []string{chat.OutcomeUsage, chat.OutcomeUsage}},
		{"bad signature and replay", nil, func(c *Commands, rs *responseServer) {
			body := commandForm("paris", rs.url()).Encode()
			c.ServeHTTP(httptest.NewRecorder(), signedRequest("another-secret", testNow, body))
			c.ServeHTTP(httptest.NewRecorder(), signedRequest(testSecret, testNow, body))
			c.ServeHTTP(httptest.NewRecorder(), signedRequest(testSecret, testNow, body))
		}, []string{chat.OutcomeRefused, chat.OutcomeOK, chat.OutcomeRefused}},
		{"digest failed", failing, func(c *Commands, rs *responseServer) {
			c.ServeHTTP(httptest.NewRecorder(), signedRequest(testSecret, testNow, commandForm("paris", rs.url()).Encode()))
		}, []string{chat.OutcomeFailed}},
		{"digest too slow", slow, func(c *Commands, rs *responseServer) {
			c.ServeHTTP(httptest.NewRecorder(), signedRequest(testSecret, testNow, commandForm("paris", rs.url()).Encode()))
		}, []string{chat.OutcomeTimeout}},
		{"reply not delivered", nil, func(c *Commands, rs *responseServer) {
			c.ServeHTTP(httptest.NewRecorder(), signedRequest(testSecret, testNow, commandForm("paris", gone.URL+"/commands/x").Encode()))
		}, []string{chat.OutcomeUndelivered}},
		{"shutting down", nil, func(c *Commands, rs *responseServer) {
			c.Shutdown(context.Background())
			c.ServeHTTP(httptest.NewRecorder(), signedRequest(testSecret, testNow, commandForm("paris", rs.url()).Encode()))
		}, []string{chat.OutcomeBusy}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rs := newResponseServer(t)
			digest := tc.digest
			if digest == nil {
				digest = (&recorder{}).digest
			}
			c := testCommands(digest)
			c.Timeout = 10 * time.Millisecond
			var o chattest.Outcomes
			c.Observe = o.Observe
			tc.send(c, rs)
			if err := c.Shutdown(context.Background()); err != nil {
				t.Fatal(err)
			}
			// Digests are answered in the background: compare without order.
			got, want := o.All(), slices.Clone(tc.want)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("outcomes %q; want %q", got, want)
			}
		})
	}
}
