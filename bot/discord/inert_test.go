package discord

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/digestbot/digestbot/news"
)

// hostile are strings an article may hold that Discord would read as
// formatting, a mention or a link.
var hostile = []string{
	"*agreement*", "_Morgan_", "__under__", "~~struck~~", "`code`", "||spoiler||", "<b>tag</b>", "a > b", "AT&T",
	"@here", "<!channel>", "@everyone", "<@U123>", "<@&456>", "<#789>", "<t:1700000000:R>",
	"[x](https://evil.example)", "https://evil.example/path", "# Heading", "> quoted", "- item", "1. first", `back\slash`,
}

// hostileDigest puts h at the start of the title and of the sources' lines,
// in a bullet, as a bullet and as an outlet's name.
func hostileDigest(h string) news.Digest {
	return news.Digest{
		Title: h + " as summit ends",
		Bullets: []news.Bullet{
			{Text: "Leaders signed " + h + " on Friday.", Sources: []int{0, 1}},
			{Text: h, Sources: []int{1}},
		},
		Articles: []news.Source{
			{Outlet: "AP", Title: "Summit ends", URL: "https://apnews.example/a"},
			{Outlet: h, Title: h + " as summit ends", URL: "https://outlet.example/b"},
			{Outlet: h, Title: h + " again"},
		},
	}
}

// unescape returns what Discord shows of s: a backslash before punctuation
// is dropped.
func unescape(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		if rs[i] == '\\' && i+1 < len(rs) && unicode.IsPunct(rs[i+1]) || rs[i] == '\\' && i+1 < len(rs) && unicode.IsSymbol(rs[i+1]) {
			i++
		}
		b.WriteRune(rs[i])
	}
	return b.String()
}

// checkInertLine fails t unless line, which starts a line of Discord
// markdown, holds no markup: every character that starts emphasis, code,
// spoilers, links, mentions or escapes is escaped, so is the colon of
// "://", and the line does not open a heading, a quote or a list.
func checkInertLine(t *testing.T, where, line string) {
	t.Helper()
	if line == "" {
		return
	}
	if strings.ContainsRune("#>-+", rune(line[0])) || regexp.MustCompile(`^[0-9]+[.)]( |$)`).MatchString(line) {
		t.Errorf("%s: %q opens a heading, a quote or a list", where, line)
	}
	rs := []rune(line)
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == '\\' && i+1 < len(rs) && (unicode.IsPunct(rs[i+1]) || unicode.IsSymbol(rs[i+1])):
			i++
		case strings.ContainsRune("*_~`|[]<\\", rs[i]):
			t.Errorf("%s: %q has an unescaped %q", where, line, rs[i])
			return
		case rs[i] == ':' && strings.HasPrefix(string(rs[i+1:]), "//"):
			t.Errorf("%s: %q has an unescaped address", where, line)
			return
		}
	}
}

// ourSource matches a "Sources" line's masked link to one of the digest's
// addresses, which Messages writes.
var ourSource = regexp.MustCompile(`^\[([^\[\]*_~` + "`" + `|<>\\]*)\]\((https://(?:apnews|outlet)\.example/[a-z])\)`)

// checkBody checks a message body as a Discord adapter sent it, decoded
// from JSON: mentions never ping, and every text Discord reads as
// markdown is inert and shows h as written.
func checkBody(t *testing.T, path, h string, body map[string]any) {
	t.Helper()
	am, _ := body["allowed_mentions"].(map[string]any)
	if p, ok := am["parse"].([]any); !ok || len(p) != 0 {
		t.Errorf("%s: allowed_mentions = %v; want parse: []", path, body["allowed_mentions"])
	}
	embeds, _ := body["embeds"].([]any)
	if len(embeds) != 1 {
		t.Fatalf("%s: %d embeds; want 1", path, len(embeds))
	}
	e := embeds[0].(map[string]any)
	title, _ := e["title"].(string)
	checkInertLine(t, path+": title", title)
	if got, want := unescape(title), clean(h)+" as summit ends"; got != want {
		t.Errorf("%s: title shows %q; want %q", path, got, want)
	}
	if e["url"] != "https://outlet.example/b" {
		t.Errorf("%s: title links to %v; want the article whose headline it is", path, e["url"])
	}
	desc, _ := e["description"].(string)
	lines := strings.Split(desc, "\n")
	want := []string{"Leaders signed " + clean(h) + " on Friday.", clean(h)}
	credits := []string{"AP, " + clean(h), clean(h)}
	if len(lines) != len(want) {
		t.Fatalf("%s: description %q; want %d lines", path, desc, len(want))
	}
	for i, l := range lines {
		text, credit, ok := strings.Cut(strings.TrimPrefix(l, "• "), " — *")
		if !strings.HasPrefix(l, "• ") || !ok || !strings.HasSuffix(credit, "*") {
			t.Errorf("%s: line %q is not \"• text — *outlets*\"", path, l)
			continue
		}
		credit = strings.TrimSuffix(credit, "*")
		checkInertLine(t, path+": bullet", "• "+text)
		checkInertLine(t, path+": credit", "• "+credit)
		if unescape(text) != want[i] || unescape(credit) != credits[i] {
			t.Errorf("%s: line %q shows %q — %q; want %q — %q", path, l, unescape(text), unescape(credit), want[i], credits[i])
		}
	}
	fields, _ := e["fields"].([]any)
	if len(fields) != 1 {
		t.Fatalf("%s: %d fields; want 1", path, len(fields))
	}
	value, _ := fields[0].(map[string]any)["value"].(string)
	for _, l := range strings.Split(value, "\n") {
		rest := l
		if m := ourSource.FindStringSubmatch(l); m != nil {
			rest = "x" + l[len(m[0]):] // the link is Messages's own
		}
		checkInertLine(t, path+": source", rest)
	}
	if !strings.HasSuffix(value, " — "+escapeText(h)) || !strings.Contains(value, "](https://outlet.example/b) — ") {
		t.Errorf("%s: sources %q; want the outlet as written and the article linked", path, value)
	}
}

// TestArticleTextStaysInert sends digests holding each hostile string in
// their title, a bullet, an outlet's name and a headline through every
// way Discord is posted to — a bot in a channel, a webhook, the edited
// response to a /digest interaction — and checks the JSON the fake
// Discord received.
func TestArticleTextStaysInert(t *testing.T) {
	f := newFakeDiscord(t)
	pub, priv := testKey(t)
	for k, h := range hostile {
		t.Run(h, func(t *testing.T) {
			d := hostileDigest(h)
			opts := PostOptions{Pacer: &Pacer{}, Retry: fastRetry, Logger: slog.New(slog.DiscardHandler), Clock: fixedClock{at: testNow}}

			c := &Channel{Token: fakeBotToken, ChannelID: "123456789012345678", APIURL: f.apiURL(), PostOptions: opts}
			if err := c.Post(t.Context(), d); err != nil {
				t.Fatal(err)
			}
			reqs := f.requests(routeChannel)
			checkBody(t, "channel", h, reqs[len(reqs)-1].Body)

			w := &Webhook{URL: "https://discord.com/api/webhooks/" + fakeWebhookID + "/" + fakeWebhookToken, APIURL: f.apiURL(), PostOptions: opts}
			if err := w.Post(t.Context(), d); err != nil {
				t.Fatal(err)
			}
			reqs = f.requests(routeWebhook)
			checkBody(t, "webhook", h, reqs[len(reqs)-1].Body)

			i := newInteractions(t, f, pub, func(context.Context, Query) (news.Digest, error) { return d, nil })
			rec := httptest.NewRecorder()
			i.ServeHTTP(rec, signed(priv, testNow, interactionJSON("7000000000000001"+string(rune('0'+k/10))+string(rune('0'+k%10)), "summit", "")))
			if rec.Code != http.StatusOK {
				t.Fatalf("interaction answered %d %q", rec.Code, rec.Body.String())
			}
			checkBody(t, "interaction", h, f.next(routeOriginal).Body)
		})
	}
}
