package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/digestbot/digestbot/bot/chat"
	"github.com/digestbot/digestbot/bot/chat/chattest"
	"github.com/digestbot/digestbot/news"
)

// testNow is the fake clock of the interaction tests.
var testNow = time.Date(2025, 3, 14, 7, 0, 0, 0, time.UTC)

// testKey is an application key pair generated for the tests.
func testKey(t *testing.T) (ed25519.PublicKey, ed25519.PrivateKey) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return pub, priv
}

// signed builds an interaction request signed as Discord signs it: Ed25519
// over the timestamp followed by the body, in hex.
func signed(priv ed25519.PrivateKey, ts time.Time, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/discord/interactions", strings.NewReader(body))
	sign(r, priv, ts, body)
	return r
}

// sign sets the headers of a signed interaction request on r.
func sign(r *http.Request, priv ed25519.PrivateKey, ts time.Time, body string) {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Signature-Timestamp", stamp)
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, []byte(stamp+body))))
}

// commandJSON is a /digest interaction as Discord sends it from a guild.
func commandJSON(topic, urls string) string {
	return interactionJSON("700000000000000001", topic, urls)
}

// interactionJSON is commandJSON with the interaction ID id: Discord gives
// every interaction its own.
func interactionJSON(id, topic, urls string) string {
	var opts []map[string]any
	if topic != "" {
		opts = append(opts, map[string]any{"name": "topic", "type": 3, "value": topic})
	}
	if urls != "" {
		opts = append(opts, map[string]any{"name": "urls", "type": 3, "value": urls})
	}
	b, _ := json.Marshal(map[string]any{
		"id": id, "application_id": fakeAppID, "type": 2, "token": "interaction-token-SECRET",
		"version": 1, "guild_id": "800000000000000001", "channel_id": "900000000000000001",
		"member": map[string]any{"user": map[string]any{"id": "600000000000000001", "username": "ada"}, "roles": []any{}},
		"data":   map[string]any{"id": "500000000000000001", "name": "digest", "type": 1, "options": opts},
	})
	return string(b)
}

const pingJSON = `{"id": "700000000000000002", "application_id": "112233445566778899", "type": 1, "token": "t", "version": 1}`

// newInteractions returns an Interactions talking to f, with the test
// clock, and closes it at the end of the test.
func newInteractions(t *testing.T, f *fakeDiscord, pub ed25519.PublicKey, digest func(context.Context, Query) (news.Digest, error)) *Interactions {
	t.Helper()
	log, logs := logBuffer()
	i := &Interactions{
		PublicKey: pub,
		Digest:    digest,
		APIURL:    f.apiURL(),
		Clock:     fixedClock{at: testNow},
		Logger:    log,
		Retry:     fastRetry,
	}
	// Cleanups run last first: Close, then read the logs.
	t.Cleanup(func() { noSecrets(t, "log", logs.String()) })
	t.Cleanup(func() { i.Close() })
	return i
}

func TestInteractionsRefuse(t *testing.T) {
	pub, priv := testKey(t)
	_, otherPriv := testKey(t)
	f := newFakeDiscord(t)
	i := newInteractions(t, f, pub, func(context.Context, Query) (news.Digest, error) { return storyA, nil })
	tests := []struct {
		name       string
		req        func() *http.Request
		wantStatus int
		wantBody   map[string]any // decoded JSON answer, when 200
	}{
		{"PING is answered with PONG", func() *http.Request { return signed(priv, testNow, pingJSON) }, 200, map[string]any{"type": 1.0}},
		{"timestamp 4 minutes old is accepted", func() *http.Request { return signed(priv, testNow.Add(-4*time.Minute), pingJSON) }, 200, map[string]any{"type": 1.0}},
		{"signed by another key", func() *http.Request { return signed(otherPriv, testNow, pingJSON) }, 401, nil},
		{"body changed after signing", func() *http.Request {
			r := signed(priv, testNow, pingJSON)
			r.Body = http.NoBody
			return r
		}, 401, nil},
		{"signature not hex", func() *http.Request {
			r := signed(priv, testNow, pingJSON)
			r.Header.Set("X-Signature-Ed25519", "zz"+r.Header.Get("X-Signature-Ed25519")[2:])
			return r
		}, 401, nil},
		{"timestamp changed after signing", func() *http.Request {
			r := signed(priv, testNow, pingJSON)
			r.Header.Set("X-Signature-Timestamp", strconv.FormatInt(testNow.Unix()+1, 10))
			return r
		}, 401, nil},
		{"stale timestamp (replay)", func() *http.Request { return signed(priv, testNow.Add(-6*time.Minute), pingJSON) }, 401, nil},
		{"timestamp from the future", func() *http.Request { return signed(priv, testNow.Add(6*time.Minute), pingJSON) }, 401, nil},
		{"missing signature", func() *http.Request {
			r := signed(priv, testNow, pingJSON)
			r.Header.Del("X-Signature-Ed25519")
			return r
		}, 401, nil},
		{"missing timestamp", func() *http.Request {
			r := signed(priv, testNow, pingJSON)
			r.Header.Del("X-Signature-Timestamp")
			return r
		}, 401, nil},
		{"no headers at all", func() *http.Request {
			return httptest.NewRequest(http.MethodPost, "/discord/interactions", strings.NewReader(pingJSON))
		}, 401, nil},
		{"malformed JSON", func() *http.Request { return signed(priv, testNow, `{"type": 1,`) }, 400, nil},
		{"JSON without a type", func() *http.Request { return signed(priv, testNow, `{"id": "1"}`) }, 400, nil},
		{"command without data", func() *http.Request { return signed(priv, testNow, `{"id": "1", "type": 2}`) }, 400, nil},
		{"unsupported type (component)", func() *http.Request {
			return signed(priv, testNow, `{"id": "1", "application_id": "2", "type": 3, "token": "t", "data": {"custom_id": "x", "component_type": 2}}`)
		}, 400, nil},
		{"GET", func() *http.Request { return httptest.NewRequest(http.MethodGet, "/discord/interactions", nil) }, 405, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			i.ServeHTTP(rec, tc.req())
			if rec.Code != tc.wantStatus {
				t.Fatalf("status = %d; want %d (body %q)", rec.Code, tc.wantStatus, rec.Body.String())
			}
			if tc.wantBody != nil {
				var got map[string]any
				if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
					t.Fatalf("answer is not JSON: %v: %q", err, rec.Body.String())
				}
				if !reflect.DeepEqual(got, tc.wantBody) {
					t.Errorf("answer = %v; want %v", got, tc.wantBody)
				}
				if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type = %q; want application/json", ct)
				}
			}
		})
	}
	if n := len(f.requests("")); n != 0 {
		t.Errorf("%d requests to Discord; want none", n)
	}
}

func TestInteractionsWithoutKey(t *testing.T) {
	_, priv := testKey(t)
	f := newFakeDiscord(t)
	for _, key := range []ed25519.PublicKey{nil, ed25519.PublicKey("short")} {
		i := newInteractions(t, f, key, nil)
		rec := httptest.NewRecorder()
		i.ServeHTTP(rec, signed(priv, testNow, pingJSON))
		if rec.Code != http.StatusInternalServerError {
			t.Errorf("key of %d bytes: status = %d; want 500", len(key), rec.Code)
		}
	}
}

// TestInteractionsDeferThenEdit runs a /digest whose digest is slow (it
// waits for the test to release it): the handler must answer with a
// deferred response (type 5) while the digest is still running, and the
// original response is edited to the digest once it is ready. Channels,
// not the clock, say what happened first.
func TestInteractionsDeferThenEdit(t *testing.T) {
	pub, priv := testKey(t)
	f := newFakeDiscord(t)
	started, release := make(chan Query, 1), make(chan struct{})
	i := newInteractions(t, f, pub, func(ctx context.Context, q Query) (news.Digest, error) {
		started <- q
		select {
		case <-release: // a 5-second digest, as long as the test wants
		case <-ctx.Done():
			return news.Digest{}, ctx.Err()
		}
		return full, nil
	})

	srv := httptest.NewServer(i)
	defer srv.Close()
	body := commandJSON("flood barrier <https://apnews.com/a>", "https://reuters.com/b, https://apnews.com/a")
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/discord/interactions", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	sign(req, priv, testNow, body)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	// The answer has arrived, and the digest has not been released.
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d; want 200 (%q)", resp.StatusCode, answer)
	}
	var ack map[string]any
	if err := json.Unmarshal(answer, &ack); err != nil || ack["type"] != 5.0 {
		t.Fatalf("answer = %q; want a deferred response {\"type\": 5}", answer)
	}
	if n := len(f.requests(routeOriginal)); n != 0 {
		t.Fatalf("the response was edited before the digest was ready")
	}

	q := <-started
	want := Query{
		Topic:     "flood barrier <https://apnews.com/a>",
		URLs:      []string{"https://apnews.com/a", "https://reuters.com/b"},
		Words:     []string{"flood", "barrier"},
		UserID:    "600000000000000001",
		ChannelID: "900000000000000001",
		GuildID:   "800000000000000001",
	}
	if !reflect.DeepEqual(q, want) {
		t.Errorf("query = %+v; want %+v", q, want)
	}
	close(release)

	edit := f.next(routeOriginal)
	if want := "/api/v10/webhooks/" + fakeAppID + "/interaction-token-SECRET/messages/@original"; edit.Path != want {
		t.Errorf("edit path = %q; want %q", edit.Path, want)
	}
	embeds, _ := edit.Body["embeds"].([]any)
	if len(embeds) != 1 || embeds[0].(map[string]any)["title"] != clean(full.Title) {
		t.Errorf("edited embeds = %v; want the digest's", edit.Body["embeds"])
	}
	if edit.Auth != "" {
		t.Errorf("edit Authorization = %q; the interaction token authorizes it", edit.Auth)
	}
}

func TestInteractionsAnswers(t *testing.T) {
	pub, priv := testKey(t)
	tests := []struct {
		name        string
		body        string
		digest      func(context.Context, Query) (news.Digest, error)
		wantType    float64
		wantReply   string // substring of an immediate reply's content
		wantEdit    string // substring of the edited content
		wantFollows int
	}{
		{name: "no options: usage", body: commandJSON("", ""), wantType: 4, wantReply: "/digest topic:"},
		{name: "unknown command", body: strings.Replace(commandJSON("x", ""), `"name":"digest"`, `"name":"other"`, 1), wantType: 4, wantReply: "I only know /digest"},
		{name: "not configured", body: commandJSON("x", ""), digest: nil, wantType: 4, wantReply: "not set up"},
		{name: "help: usage", body: commandJSON("help", ""), wantType: 4, wantReply: "/digest topic:"},
		{name: "Help, spelled otherwise: usage", body: commandJSON(" HELP ", ""), wantType: 4, wantReply: "/digest topic:"},
		{name: "long digest: edit and follow-ups", body: commandJSON("flood", ""), wantType: 5,
			digest:      func(context.Context, Query) (news.Digest, error) { return longDigest(30), nil },
			wantFollows: len(Messages(longDigest(30), RenderOptions{})) - 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeDiscord(t)
			digest := tc.digest
			if digest == nil && tc.wantType == 5 {
				t.Fatal("bad test")
			}
			i := newInteractions(t, f, pub, digest)
			rec := httptest.NewRecorder()
			i.ServeHTTP(rec, signed(priv, testNow, tc.body))
			var got struct {
				Type float64 `json:"type"`
				Data struct {
					Content string  `json:"content"`
					Flags   float64 `json:"flags"`
				} `json:"data"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != 200 {
				t.Fatalf("answer %d %q; want 200 JSON", rec.Code, rec.Body.String())
			}
			if got.Type != tc.wantType {
				t.Fatalf("response type = %v; want %v", got.Type, tc.wantType)
			}
			if tc.wantType == 4 {
				if !strings.Contains(got.Data.Content, tc.wantReply) || got.Data.Flags != 64 {
					t.Errorf("reply = %q (flags %v); want an ephemeral reply containing %q", got.Data.Content, got.Data.Flags, tc.wantReply)
				}
				return
			}
			edit := f.next(routeOriginal)
			if content, _ := edit.Body["content"].(string); tc.wantEdit != "" && !strings.Contains(content, tc.wantEdit) {
				t.Errorf("edited content = %q; want it to contain %q", content, tc.wantEdit)
			}
			for k := range tc.wantFollows {
				r := f.next(routeWebhook)
				if r.Query.Get("wait") != "true" || !strings.HasPrefix(r.Path, "/api/v10/webhooks/"+fakeAppID+"/") {
					t.Errorf("follow-up %d: %s?%s; want POST /webhooks/{app}/{token}?wait=true", k+1, r.Path, r.Query.Encode())
				}
			}
			i.Close()
			if n := len(f.requests(routeWebhook)); n != tc.wantFollows {
				t.Errorf("%d follow-ups; want %d", n, tc.wantFollows)
			}
		})
	}
}

// TestInteractionsBounded checks that digests beyond MaxConcurrent are
// turned away at once rather than queued, and that Close cancels the
// running ones and waits for them.
func TestInteractionsBounded(t *testing.T) {
	pub, priv := testKey(t)
	f := newFakeDiscord(t)
	started, stopped := make(chan struct{}, 4), make(chan struct{}, 4)
	i := newInteractions(t, f, pub, func(ctx context.Context, q Query) (news.Digest, error) {
		started <- struct{}{}
		<-ctx.Done()
		stopped <- struct{}{}
		return news.Digest{}, ctx.Err()
	})
	i.MaxConcurrent, i.MaxQueued = 1, 1

	n := 0
	answer := func() (float64, string) {
		n++
		rec := httptest.NewRecorder()
		i.ServeHTTP(rec, signed(priv, testNow, interactionJSON(fmt.Sprint(700000000000000100+n), "flood", "")))
		var got struct {
			Type float64
			Data struct{ Content string }
		}
		json.Unmarshal(rec.Body.Bytes(), &got)
		return got.Type, got.Data.Content
	}
	if typ, _ := answer(); typ != 5 {
		t.Fatalf("first command: type %v; want 5", typ)
	}
	<-started
	if typ, _ := answer(); typ != 5 {
		t.Errorf("second command: type %v; want it deferred and queued", typ)
	}
	select {
	case <-started:
		t.Error("the queued command started while the first one runs")
	default:
	}
	if typ, content := answer(); typ != 4 || !strings.Contains(content, "busy") {
		t.Errorf("third command with the queue full: type %v %q; want an ephemeral busy reply", typ, content)
	}
	if err := i.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-stopped:
	default:
		t.Error("Close returned before the running digest stopped")
	}
	if typ, content := answer(); typ != 4 || !strings.Contains(content, "restarting") {
		t.Errorf("command after Close: type %v %q; want an ephemeral restarting reply", typ, content)
	}
}

func TestInteractionsShutdownWaits(t *testing.T) {
	pub, priv := testKey(t)
	f := newFakeDiscord(t)
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	i := newInteractions(t, f, pub, func(ctx context.Context, q Query) (news.Digest, error) {
		started <- struct{}{}
		<-release
		return storyA, nil
	})
	rec := httptest.NewRecorder()
	i.ServeHTTP(rec, signed(priv, testNow, commandJSON("strike", "")))
	<-started
	done := make(chan error, 1)
	go func() { done <- i.Shutdown(t.Context()) }()
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	// Shutdown waited for the digest to be delivered.
	if n := len(f.requests(routeOriginal)); n != 1 {
		t.Errorf("%d edits after Shutdown; want 1", n)
	}

	// A Shutdown whose context ends first cancels the work.
	j := newInteractions(t, f, pub, func(ctx context.Context, q Query) (news.Digest, error) {
		started <- struct{}{}
		<-ctx.Done()
		return news.Digest{}, ctx.Err()
	})
	j.ServeHTTP(httptest.NewRecorder(), signed(priv, testNow, commandJSON("strike", "")))
	<-started
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := j.Shutdown(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Shutdown with a cancelled context = %v; want context.Canceled", err)
	}
}

// TestEditRetriesNotFound checks that the edit of the original response
// survives Discord answering 404 before it has taken in the deferral.
func TestEditRetriesNotFound(t *testing.T) {
	pub, priv := testKey(t)
	f := newFakeDiscord(t)
	f.answer(routeOriginal, fakeAnswer{status: 404, body: `{"message": "Unknown Webhook", "code": 10015}`})
	i := newInteractions(t, f, pub, func(context.Context, Query) (news.Digest, error) { return storyA, nil })
	i.ServeHTTP(httptest.NewRecorder(), signed(priv, testNow, commandJSON("strike", "")))
	f.next(routeOriginal)
	second := f.next(routeOriginal)
	if embeds, _ := second.Body["embeds"].([]any); len(embeds) != 1 {
		t.Errorf("retried edit embeds = %v; want the digest", second.Body["embeds"])
	}
}

func TestQueryOf(t *testing.T) {
	tests := []struct {
		topic, urls string
		dm          bool
		want        Query
	}{
		{topic: "  flood\tbarrier  ", want: Query{Topic: "flood barrier", Words: []string{"flood", "barrier"}}},
		{urls: "https://a.example/1 https://b.example/2,https://a.example/1", want: Query{URLs: []string{"https://a.example/1", "https://b.example/2"}}},
		{urls: "javascript:alert(1) ftp://x.example/ word", want: Query{Words: []string{"javascript:alert(1)", "ftp://x.example/", "word"}}},
		{topic: "see <https://a.example/x>", dm: true, want: Query{Topic: "see <https://a.example/x>", Words: []string{"see"}, URLs: []string{"https://a.example/x"}, UserID: "7"}},
		{urls: strings.Repeat("https://a.example/x ", 3) + func() string {
			var b strings.Builder
			for k := range 20 {
				fmt.Fprintf(&b, "https://n.example/%d ", k)
			}
			return b.String()
		}(), want: Query{URLs: []string{"https://a.example/x", "https://n.example/0", "https://n.example/1", "https://n.example/2", "https://n.example/3",
			"https://n.example/4", "https://n.example/5", "https://n.example/6", "https://n.example/7", "https://n.example/8"}}},
	}
	for _, tc := range tests {
		in := &discordgo.Interaction{Type: discordgo.InteractionApplicationCommand}
		if tc.dm {
			in.User = &discordgo.User{ID: "7"}
		}
		data := discordgo.ApplicationCommandInteractionData{Name: "digest"}
		if tc.topic != "" {
			data.Options = append(data.Options, &discordgo.ApplicationCommandInteractionDataOption{Name: "topic", Type: 3, Value: tc.topic})
		}
		if tc.urls != "" {
			data.Options = append(data.Options, &discordgo.ApplicationCommandInteractionDataOption{Name: "urls", Type: 3, Value: tc.urls})
		}
		if got := queryOf(in, data); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("queryOf(topic %q, urls %q) = %+v; want %+v", tc.topic, tc.urls, got, tc.want)
		}
	}
}

func TestParsePublicKey(t *testing.T) {
	pub, _ := testKey(t)
	tests := []struct {
		in      string
		want    ed25519.PublicKey
		wantErr bool
	}{
		{hex.EncodeToString(pub), pub, false},
		{" " + strings.ToUpper(hex.EncodeToString(pub)) + "\n", pub, false},
		{hex.EncodeToString(pub)[:62], nil, true},
		{"not hex", nil, true},
		{"", nil, true},
	}
	for _, tc := range tests {
		got, err := ParsePublicKey(tc.in)
		if (err != nil) != tc.wantErr || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParsePublicKey(%q) = %x, %v; want %x, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}

// TestInteractionsReplay sends one signed /digest over HTTP several times:
// as signed, with the signature's hex in upper and mixed case, and signed
// again at another timestamp (the same interaction ID). Only the first is
// answered; the others are refused with 401 and make no digest. Over the
// gateway, a repeated interaction is ignored.
func TestInteractionsReplay(t *testing.T) {
	pub, priv := testKey(t)
	f := newFakeDiscord(t)
	var digests atomic.Int32
	i := newInteractions(t, f, pub, func(context.Context, Query) (news.Digest, error) {
		digests.Add(1)
		return storyA, nil
	})
	srv := httptest.NewServer(i)
	defer srv.Close()
	body := commandJSON("port strike", "")
	stamp := strconv.FormatInt(testNow.Unix(), 10)
	sig := hex.EncodeToString(ed25519.Sign(priv, []byte(stamp+body)))
	later := strconv.FormatInt(testNow.Add(time.Minute).Unix(), 10)
	mixed := []byte(sig)
	for k := 0; k < len(mixed); k += 2 {
		mixed[k] = strings.ToUpper(string(mixed[k]))[0]
	}
	tries := []struct {
		name, stamp, sig string
		want             int
	}{
		{"as signed", stamp, sig, 200},
		{"as signed, again", stamp, sig, 401},
		{"upper case", stamp, strings.ToUpper(sig), 401},
		{"mixed case", stamp, string(mixed), 401},
		{"signed again later", later, hex.EncodeToString(ed25519.Sign(priv, []byte(later+body))), 401},
	}
	for _, tc := range tries {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/discord/interactions", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Signature-Timestamp", tc.stamp)
		req.Header.Set("X-Signature-Ed25519", tc.sig)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s: status = %d; want %d", tc.name, resp.StatusCode, tc.want)
		}
	}
	f.next(routeOriginal)
	// The gateway path shares the memory of interactions answered.
	viaGateway(t, i, body)
	if err := i.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := digests.Load(); n != 1 {
		t.Errorf("%d digests for one interaction sent %d times; want 1", n, len(tries)+1)
	}
	if n := len(f.requests(routeOriginal)); n != 1 {
		t.Errorf("%d responses edited; want 1", n)
	}
	if n := len(f.requests(routeCallback)); n != 0 {
		t.Errorf("%d gateway callbacks for a replayed interaction; want 0", n)
	}
}

// userError is an error with a message written for the user, as the
// command's Digest function returns them.
type userError struct{ msg, detail string }

func (e userError) Error() string       { return e.detail }
func (e userError) UserMessage() string { return e.msg }

// TestInteractionsFailureIsEphemeral makes /digest fail in several ways,
// over HTTP and over the gateway, and checks what Discord then shows (the
// fake follows Discord's documented rules for deferred responses and
// follow-ups): nothing in the channel, and to the user who asked a plain
// sentence, never the raw error with its internal addresses.
func TestInteractionsFailureIsEphemeral(t *testing.T) {
	pub, priv := testKey(t)
	tests := []struct {
		name   string
		digest func(context.Context, Query) (news.Digest, error)
		want   string // in the message only the user sees
	}{
		{"error with a message for the user", func(context.Context, Query) (news.Digest, error) {
			return news.Digest{}, fmt.Errorf("digest: %w", userError{
				msg:    "I could not find the site of https://news.invalid/a (no such host).",
				detail: "fetch https://news.invalid/a: dial tcp: lookup news.invalid on 10.0.0.53:53: no such host",
			})
		}, "⚠️ No digest. I could not find the site of https://news.invalid/a (no such host)."},
		{"raw error", func(context.Context, Query) (news.Digest, error) {
			return news.Digest{}, errors.New("fetch https://a.example/x: dial tcp 10.0.0.53:443: connect: connection refused")
		}, "⚠️ No digest: something went wrong"},
		{"panic", func(context.Context, Query) (news.Digest, error) { panic("boom at 10.0.0.53") }, "⚠️ No digest: something went wrong"},
		{"timeout", func(ctx context.Context, _ Query) (news.Digest, error) {
			<-ctx.Done()
			return news.Digest{}, ctx.Err()
		}, "took too long"},
	}
	for _, tc := range tests {
		for _, via := range []string{"http", "gateway"} {
			t.Run(tc.name+" via "+via, func(t *testing.T) {
				f := newFakeDiscord(t)
				i := newInteractions(t, f, pub, tc.digest)
				i.Timeout = 50 * time.Millisecond
				body := commandJSON("volcano", "")
				if via == "http" {
					rec := httptest.NewRecorder()
					i.ServeHTTP(rec, signed(priv, testNow, body))
					if !strings.Contains(rec.Body.String(), `"type":5`) {
						t.Fatalf("answer = %q; want a deferred response", rec.Body.String())
					}
				} else {
					viaGateway(t, i, body)
				}
				if err := i.Shutdown(t.Context()); err != nil {
					t.Fatal(err)
				}
				public, private := f.shown("interaction-token-SECRET")
				if len(public) != 0 {
					t.Errorf("the channel sees %q; want nothing", public)
				}
				if len(private) != 1 || !strings.Contains(private[0], tc.want) {
					t.Errorf("the user sees %q; want one message containing %q", private, tc.want)
				}
				for _, r := range f.requests("") {
					if b, _ := json.Marshal(r.Body); strings.Contains(string(b), "10.0.0.53") || strings.Contains(string(b), "boom") {
						t.Errorf("%s %s sent the raw error: %s", r.Method, r.Path, b)
					}
				}
			})
		}
	}
}

// TestObserveOutcomes checks that every interaction but a PING, whatever
// becomes of it, over HTTP or the gateway, is reported to Observe once
// with its outcome.
func TestObserveOutcomes(t *testing.T) {
	pub, priv := testKey(t)
	_, otherPriv := testKey(t)
	ok := func(context.Context, Query) (news.Digest, error) { return storyA, nil }
	failing := func(context.Context, Query) (news.Digest, error) { return news.Digest{}, errors.New("no") }
	slow := func(ctx context.Context, _ Query) (news.Digest, error) {
		<-ctx.Done()
		return news.Digest{}, ctx.Err()
	}
	post := func(i *Interactions, priv ed25519.PrivateKey, body string) {
		i.ServeHTTP(httptest.NewRecorder(), signed(priv, testNow, body))
	}
	tests := []struct {
		name   string
		digest func(context.Context, Query) (news.Digest, error)
		send   func(i *Interactions, f *fakeDiscord)
		want   []string
	}{
		{"digest delivered, PING not counted", ok, func(i *Interactions, f *fakeDiscord) {
			post(i, priv, pingJSON)
			post(i, priv, commandJSON("strike", ""))
		}, []string{chat.OutcomeOK}},
		{"usage", ok, func(i *Interactions, f *fakeDiscord) {
			post(i, priv, interactionJSON("700000000000000011", "help", ""))
			post(i, priv, interactionJSON("700000000000000012", "", ""))
		}, []string{chat.OutcomeUsage, chat.OutcomeUsage}},
		{"bad signature, replay, malformed", ok, func(i *Interactions, f *fakeDiscord) {
			post(i, otherPriv, commandJSON("strike", ""))
			post(i, priv, commandJSON("strike", ""))
			post(i, priv, commandJSON("strike", ""))
			post(i, priv, `{"type": 2,`)
		}, []string{chat.OutcomeRefused, chat.OutcomeOK, chat.OutcomeRefused, chat.OutcomeRefused}},
		{"digest failed", failing, func(i *Interactions, f *fakeDiscord) {
			post(i, priv, commandJSON("strike", ""))
		}, []string{chat.OutcomeFailed}},
		{"digest too slow", slow, func(i *Interactions, f *fakeDiscord) {
			// Only this case waits for the timeout; the others answer at
			// once, and under -race on a busy machine a round trip can
			// take longer than a short one.
			i.Timeout = 20 * time.Millisecond
			post(i, priv, commandJSON("strike", ""))
		}, []string{chat.OutcomeTimeout}},
		{"answer not delivered", ok, func(i *Interactions, f *fakeDiscord) {
			f.answer(routeOriginal, fakeAnswer{status: 400, body: `{"message": "Invalid Webhook Token", "code": 50027}`})
			post(i, priv, commandJSON("strike", ""))
		}, []string{chat.OutcomeUndelivered}},
		{"gateway: delivered and replayed", ok, func(i *Interactions, f *fakeDiscord) {
			var in discordgo.Interaction
			json.Unmarshal([]byte(commandJSON("strike", "")), &in)
			i.handleGateway(t.Context(), &in)
			i.handleGateway(t.Context(), &in)
		}, []string{chat.OutcomeOK, chat.OutcomeRefused}},
		{"restarting", ok, func(i *Interactions, f *fakeDiscord) {
			i.Close()
			post(i, priv, commandJSON("strike", ""))
		}, []string{chat.OutcomeBusy}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeDiscord(t)
			i := newInteractions(t, f, pub, tc.digest)
			var o chattest.Outcomes
			i.Observe = o.Observe
			tc.send(i, f)
			if err := i.Shutdown(t.Context()); err != nil {
				t.Fatal(err)
			}
			// Digests are answered in the background: compare without order.
			got := o.All()
			want := slices.Clone(tc.want)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("outcomes %q; want %q", got, want)
			}
		})
	}
}

// viaGateway hands i the interaction body as the gateway would.
func viaGateway(t *testing.T, i *Interactions, body string) {
	t.Helper()
	var in discordgo.Interaction
	if err := json.Unmarshal([]byte(body), &in); err != nil {
		t.Fatal(err)
	}
	i.handleGateway(t.Context(), &in)
}
