package slack

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/digestbot/digestbot/news"
)

// hostile are strings an article may hold that Slack or Discord would read
// as formatting, a mention or a link.
var hostile = []string{
	"*agreement*", "_Morgan_", "~struck~", "`code`", "<b>tag</b>", "a > b", "AT&T",
	"@here", "<!channel>", "@everyone", "<@U123>", "[x](https://evil.example)",
	"<https://evil.example|click>", "&lt;!here&gt;", "> quoted",
}

// hostileDigest puts h at the start of the title, in a bullet, as a
// bullet and as an outlet's name.
func hostileDigest(h string) news.Digest {
	return news.Digest{
		Title: h + " as summit ends",
		Bullets: []news.Bullet{
			{Text: "Leaders signed " + h + " on Friday.", Sources: []int{0, 1}},
			{Text: h, Sources: []int{1}},
		},
		Articles: []news.Source{
			{Outlet: "AP", Title: "Summit ends", URL: "https://apnews.example/a"},
			{Outlet: h, Title: "Other", URL: "https://outlet.example/b"},
			{Outlet: h, Title: "Third", URL: "https://outlet.example/c"},
		},
	}
}

// ourLink matches the links and dates Messages writes: <url|label> with
// one of the digest's addresses, and <!date^…|fallback>.
var ourLink = regexp.MustCompile(`<(https://(?:apnews|outlet)\.example/[a-z])\|([^<>]*)>|<!date\^[0-9]+\^\{date_short_pretty\} at \{time\}\|[^<>]*>`)

// checkInertMrkdwn fails t unless text, mrkdwn from Messages, holds no
// markup but the links and dates Messages writes: no other < or >, no &
// but the three entities, no formatting character unless between two
// letters or digits (where Slack never formats), and no opening quote.
func checkInertMrkdwn(t *testing.T, where, text string) {
	t.Helper()
	if strings.HasPrefix(text, "&gt;") || strings.HasPrefix(text, ">") {
		t.Errorf("%s: %q opens with a quote mark", where, text)
	}
	rest := ourLink.ReplaceAllString(text, " $2 ")
	if strings.ContainsAny(rest, "<>") {
		t.Errorf("%s: %q has < or > outside the links Messages writes", where, text)
	}
	for i := strings.IndexByte(rest, '&'); i >= 0; i = strings.IndexByte(rest, '&') {
		if !strings.HasPrefix(rest[i:], "&amp;") && !strings.HasPrefix(rest[i:], "&lt;") && !strings.HasPrefix(rest[i:], "&gt;") {
			t.Errorf("%s: %q has a bare &", where, text)
			break
		}
		rest = rest[i+1:]
	}
	rs := []rune(ourLink.ReplaceAllString(text, " $2 "))
	word := func(i int) bool { return i >= 0 && i < len(rs) && (unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i])) }
	for i, r := range rs {
		if strings.ContainsRune("*_~`", r) && !(word(i-1) && word(i+1)) {
			t.Errorf("%s: %q has a formatting %q", where, text, r)
		}
	}
}

// checkPayload checks a message body as a Slack adapter sent it, decoded
// from JSON: every mrkdwn text (the fallback text included) is verbatim
// and inert, the header and bullets are plain text showing h as written,
// and h's outlet shows (in lookalikes) in the credits.
func checkPayload(t *testing.T, path, h string, text string, blocks []any) {
	t.Helper()
	checkInertMrkdwn(t, path+": text", text)
	var plain, mrkdwns []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if typ, _ := v["type"].(string); typ == "plain_text" || typ == "mrkdwn" {
				s, _ := v["text"].(string)
				if typ == "plain_text" {
					plain = append(plain, s)
					return
				}
				if v["verbatim"] != true {
					t.Errorf("%s: mrkdwn %q is not verbatim", path, s)
				}
				checkInertMrkdwn(t, path, s)
				mrkdwns = append(mrkdwns, s)
				return
			}
			for _, e := range v {
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(blocks)
	want := []string{h + " as summit ends", "• Leaders signed " + h + " on Friday.", "• " + h}
	if strings.Join(plain, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s: plain texts = %q; want %q", path, plain, want)
	}
	// Credits, credits, the footer's sources, its date.
	name := mrkdwnText(h)
	credit := "<https://apnews.example/a|AP> · <https://outlet.example/b|" + name + ">"
	footer := "Sources: <https://apnews.example/a|AP> · " + name + " (<https://outlet.example/b|1>, <https://outlet.example/c|2>)"
	if len(mrkdwns) != 4 || strings.TrimPrefix(mrkdwns[0], "\u00ad") != credit || strings.TrimPrefix(mrkdwns[2], "\u00ad") != footer {
		t.Errorf("%s: mrkdwn texts %q; want the credits %q and the footer %q", path, mrkdwns, credit, footer)
	}
}

// TestArticleTextStaysInert posts digests holding each hostile string in
// their title, a bullet and an outlet's name through every way Slack is
// posted to — a bot in a channel, a webhook, a slash command's
// response_url — and checks the JSON each fake Slack received.
func TestArticleTextStaysInert(t *testing.T) {
	for _, h := range hostile {
		t.Run(h, func(t *testing.T) {
			d := hostileDigest(h)
			at := time.Unix(1736233200, 0)

			api, apiURL := webAPI(t)
			clock := newFakeClock()
			c := &Channel{Token: "xoxb-t", Channel: "#news", APIURL: apiURL, PostOptions: PostOptions{Clock: clock, Render: RenderOptions{Time: at}}}
			if err := c.Post(context.Background(), d); err != nil {
				t.Fatal(err)
			}
			form, err := url.ParseQuery(string(api.Bodies()[0]))
			if err != nil {
				t.Fatal(err)
			}
			var blocks []any
			if err := json.Unmarshal([]byte(form.Get("blocks")), &blocks); err != nil {
				t.Fatal(err)
			}
			checkPayload(t, "chat.postMessage", h, form.Get("text"), blocks)

			e := &endpoint{ok: "ok"}
			srv := httptest.NewServer(e)
			defer srv.Close()
			w := &Webhook{URL: srv.URL + "/services/T0/B0/X", PostOptions: PostOptions{Clock: clock, Render: RenderOptions{Time: at}}}
			if err := w.Post(context.Background(), d); err != nil {
				t.Fatal(err)
			}
			var hook struct {
				Text   string `json:"text"`
				Blocks []any  `json:"blocks"`
			}
			if err := json.Unmarshal(e.Bodies()[0], &hook); err != nil {
				t.Fatal(err)
			}
			checkPayload(t, "webhook", h, hook.Text, hook.Blocks)

			reply := &endpoint{ok: `{"ok":true}`}
			rsrv := httptest.NewServer(reply)
			defer rsrv.Close()
			cmds := testCommands(func(context.Context, Query) (news.Digest, error) { return d, nil })
			cmds.Render = RenderOptions{Time: at}
			rec := httptest.NewRecorder()
			cmds.ServeHTTP(rec, signedRequest(testSecret, testNow, commandForm("public summit", rsrv.URL+"/commands/T0/1/X").Encode()))
			if err := cmds.Shutdown(context.Background()); err != nil { // waits for the reply
				t.Fatal(err)
			}
			if len(reply.Bodies()) != 1 {
				t.Fatalf("response_url received %d posts; want 1", len(reply.Bodies()))
			}
			if err := json.Unmarshal(reply.Bodies()[0], &hook); err != nil {
				t.Fatal(err)
			}
			checkPayload(t, "response_url", h, hook.Text, hook.Blocks)
		})
	}
}
