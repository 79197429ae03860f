package discord

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/digestbot/digestbot/internal/golden"
	"github.com/digestbot/digestbot/news"
)

var update = flag.Bool("update", false, "rewrite golden files")

// full exercises what articles throw at a renderer (the same digest as
// package render's tests): Unicode, curly quotes, markdown specials, a
// terminal escape sequence, a bullet carried by several outlets, a bullet
// with no source, an article without URL and one whose "URL" is a path.
var full = news.Digest{
	Title: "Zürich council backs “Limmat Shield” flood barrier #2",
	Bullets: []news.Bullet{
		{Text: "The council voted 31–9 to fund the barrier’s first phase, costing CHF 48 million.", Score: 0.123456, Sources: []int{0, 1, 2, 3}},
		{Text: "Mayor Corine Mauch called it “the *cheapest* insurance we will ever buy” [video].", Score: 0.1, Sources: []int{1, 3}},
		{Text: "# of homes at risk: 2,300 <estimate> & rising; AT&T’s &amp; cable_ways and `pumps` ~unchanged~ || @everyone <@&123>.", Score: 0.05555, Sources: []int{2}},
		{Text: "2025. Engineers said work could start in spring.", Score: 0},
		{Text: "- 東京 and Zürich share the 🌊 design; \x1b[31mred\x1b[0m\ttext\nsplit.", Score: -0.00001, Sources: []int{0, 7}},
	},
	Articles: []news.Source{
		{Outlet: "AP", Title: "Zurich approves flood barrier", URL: "https://apnews.com/article/zurich-flood?x=1&y=2"},
		{Outlet: "Reuters", Title: "Swiss city to build ‘Limmat Shield’", URL: "https://www.reuters.com/world/europe/zurich-barrier/"},
		{Outlet: "SRF", Title: "Hochwasserschutz: Ja zum Schutzwall", URL: ""},
		{Outlet: "Reuters", Title: "Barrier [update] *live*", URL: "examples/my story/reuters (2).txt"},
	},
}

var (
	storyA = news.Digest{
		Title: "Port strike ends after 3 days",
		Bullets: []news.Bullet{
			{Text: "Dock workers accepted a 6% raise.", Score: 0.5, Sources: []int{0, 1}},
			{Text: "Ships queued off the coast will dock from Monday.", Score: 0.25, Sources: []int{1}},
		},
		Articles: []news.Source{
			{Outlet: "Harbor Times", Title: "Strike over", URL: "https://harbor.example/strike"},
			{Outlet: "Coast Radio", Title: "Workers back at the cranes", URL: "https://radio.example/cranes (live)"},
		},
	}
	storyB = news.Digest{
		Bullets:  []news.Bullet{{Text: "A headline-less story still renders.", Score: 1, Sources: []int{0}}},
		Articles: []news.Source{{Outlet: "", Title: "", URL: "feed.txt"}},
	}
)

// longDigest has n bullets of long Unicode text (Latin with diacritics,
// CJK, emoji outside the BMP, right-to-left script, markdown specials),
// each marked "Bnn" so that tests can find them, carried by several
// outlets.
func longDigest(n int) news.Digest {
	d := news.Digest{Title: strings.Repeat("Überschwemmung in Zürich 🌊 ", 20)}
	for i := range 5 {
		d.Articles = append(d.Articles, news.Source{
			Outlet: fmt.Sprintf("Outlet_%d", i),
			Title:  fmt.Sprintf("Headline %d [live] *update*", i),
			URL:    fmt.Sprintf("https://news%d.example/story?id=%d&x=(1)", i, i),
		})
	}
	chunk := "Die Stadt Zürich baut den Schutzwall „Limmat Shield“ für CHF 48 Mio.; 東京都も同じ設計を検討 🌊🏙️; " +
		"الحاجز يحمي 2300 منزل; costs *rose* 12% _again_ ~ `pumps` | ok. "
	for i := range n {
		d.Bullets = append(d.Bullets, news.Bullet{
			Text:    fmt.Sprintf("B%02d ", i) + strings.Repeat(chunk, 2),
			Score:   float64(n-i) / float64(n),
			Sources: []int{i % 5, (i + 1) % 5, (i + 3) % 5},
		})
	}
	return d
}

func TestGolden(t *testing.T) {
	at := time.Date(2025, 3, 14, 7, 0, 0, 0, time.FixedZone("CET", 3600))
	tests := []struct {
		name string
		json func() ([]byte, error)
	}{
		{"full", func() ([]byte, error) { return Payload(full) }},
		{"empty", func() ([]byte, error) { return Payload(news.Digest{}) }},
		{"brief", func() ([]byte, error) { return BriefPayload([]news.Digest{storyA, storyB}) }},
		{"nobrief", func() ([]byte, error) { return BriefPayload(nil) }},
		{"long", func() ([]byte, error) { return Payload(longDigest(30)) }},
		{"options", func() ([]byte, error) {
			return encodePayload(BriefMessages([]news.Digest{storyA}, RenderOptions{Time: at, Color: 0xE67E22, Content: "**Morning brief** @everyone"}))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.json()
			if err != nil {
				t.Fatalf("payload: %v", err)
			}
			if !bytes.HasSuffix(got, []byte("\n")) {
				t.Errorf("payload does not end in a newline")
			}
			if bytes.Contains(got, []byte(`\u003c`)) || bytes.Contains(got, []byte(`\u0026`)) {
				t.Errorf("payload HTML-escapes < or &")
			}
			golden.JSON(t, filepath.Join("testdata", tc.name+".json"), got, *update)
		})
	}
}

// TestPayloadShape checks the documented shape: one message is an object,
// several are an array, embeds are never null, mentions never ping.
func TestPayloadShape(t *testing.T) {
	tests := []struct {
		name      string
		d         news.Digest
		wantArray bool
	}{
		{"one message", full, false},
		{"several messages", longDigest(30), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Payload(tc.d)
			if err != nil {
				t.Fatal(err)
			}
			var v any
			if err := json.Unmarshal(b, &v); err != nil {
				t.Fatalf("payload is not JSON: %v", err)
			}
			var bodies []any
			switch v := v.(type) {
			case []any:
				bodies = v
			case map[string]any:
				bodies = []any{v}
			}
			if _, isArray := v.([]any); isArray != tc.wantArray {
				t.Fatalf("payload is an array: %v; want %v", isArray, tc.wantArray)
			}
			for i, m := range bodies {
				m := m.(map[string]any)
				if _, ok := m["embeds"].([]any); !ok {
					t.Errorf("message %d: embeds = %v; want an array", i, m["embeds"])
				}
				am, _ := m["allowed_mentions"].(map[string]any)
				if p, ok := am["parse"].([]any); !ok || len(p) != 0 {
					t.Errorf("message %d: allowed_mentions = %v; want parse: []", i, m["allowed_mentions"])
				}
			}
		})
	}
}

// checkLimits fails the test for every Discord limit msgs exceed, counted
// in characters.
func checkLimits(t *testing.T, msgs []Message) {
	t.Helper()
	if len(msgs) == 0 {
		t.Fatal("no messages")
	}
	for i, m := range msgs {
		if n := runes(m.Content); n > MaxContent {
			t.Errorf("message %d: content has %d characters; limit %d", i, n, MaxContent)
		}
		if len(m.Embeds) > MaxEmbeds {
			t.Errorf("message %d: %d embeds; limit %d", i, len(m.Embeds), MaxEmbeds)
		}
		if len(m.Embeds) == 0 && m.Content == "" {
			t.Errorf("message %d is empty", i)
		}
		total := 0
		for j, e := range m.Embeds {
			check := func(what, s string, limit int) {
				if n := runes(s); n > limit {
					t.Errorf("message %d, embed %d: %s has %d characters; limit %d", i, j, what, n, limit)
				}
			}
			check("title", e.Title, MaxTitle)
			check("description", e.Description, MaxDescription)
			if len(e.Fields) > MaxFields {
				t.Errorf("message %d, embed %d: %d fields; limit %d", i, j, len(e.Fields), MaxFields)
			}
			for _, f := range e.Fields {
				check("field name", f.Name, maxFieldName)
				check("field value", f.Value, MaxFieldValue)
				if f.Name == "" || f.Value == "" {
					t.Errorf("message %d, embed %d: empty field %+v", i, j, f)
				}
			}
			if e.Footer != nil {
				check("footer", e.Footer.Text, MaxFooter)
			}
			if e.Title == "" && e.Description == "" && len(e.Fields) == 0 && e.Footer == nil {
				t.Errorf("message %d, embed %d is empty", i, j)
			}
			if e.URL != "" && !webURL(e.URL) {
				t.Errorf("message %d, embed %d: URL %q is not an http(s) URL", i, j, e.URL)
			}
			total += embedSize(e)
		}
		if total > MaxEmbedTotal {
			t.Errorf("message %d: embeds have %d characters in all; limit %d", i, total, MaxEmbedTotal)
		}
	}
}

// descriptions returns the embed descriptions of msgs joined by newlines.
func descriptions(msgs []Message) string {
	var parts []string
	for _, m := range msgs {
		for _, e := range m.Embeds {
			if e.Description != "" {
				parts = append(parts, e.Description)
			}
		}
	}
	return strings.Join(parts, "\n")
}

func TestMessagesWithinLimits(t *testing.T) {
	huge := strings.Repeat("Überschwemmung🌊", 700)    // 10,500 characters without a space
	spaced := strings.Repeat("東京 *flood* wall ", 600) // 9,600 characters with spaces and specials
	var manyOutlets []news.Source
	var allSources []int
	for i := range 60 {
		manyOutlets = append(manyOutlets, news.Source{Outlet: fmt.Sprintf("Outlet number %d with a long name", i), Title: strings.Repeat("Headline ", 40), URL: fmt.Sprintf("https://n%d.example/%s", i, strings.Repeat("p", 300))})
		allSources = append(allSources, i)
	}
	var twelve []news.Digest
	for range 12 {
		twelve = append(twelve, storyA, full)
	}
	tests := []struct {
		name    string
		msgs    []Message
		bullets int // bullets expected, each marked "• " once
		minMsgs int
	}{
		{"30 long Unicode bullets", Messages(longDigest(30), RenderOptions{Time: time.Unix(0, 0)}), 30, 3},
		{"one bullet without spaces", Messages(news.Digest{Title: "x", Bullets: []news.Bullet{{Text: huge}}}, RenderOptions{}), 1, 2},
		{"one bullet with spaces", Messages(news.Digest{Title: "x", Bullets: []news.Bullet{{Text: spaced}}}, RenderOptions{}), 1, 2},
		{"60 outlets on every bullet", Messages(news.Digest{Title: strings.Repeat("T", 1000), Articles: manyOutlets,
			Bullets: []news.Bullet{{Text: spaced, Sources: allSources}, {Text: "short", Sources: allSources}}}, RenderOptions{}), 2, 2},
		{"brief of 24 stories", BriefMessages(twelve, RenderOptions{Content: strings.Repeat("c", 3000)}), 84, 3},
		{"empty digest", Messages(news.Digest{}, RenderOptions{}), 0, 1},
		{"empty brief", BriefMessages(nil, RenderOptions{}), 0, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkLimits(t, tc.msgs)
			if len(tc.msgs) < tc.minMsgs {
				t.Errorf("%d messages; want at least %d", len(tc.msgs), tc.minMsgs)
			}
			if _, err := json.Marshal(tc.msgs); err != nil {
				t.Errorf("messages do not encode: %v", err)
			}
			desc := descriptions(tc.msgs)
			if tc.bullets > 0 {
				if got := strings.Count("\n"+desc, "\n• "); got != tc.bullets {
					t.Errorf("%d bullet lines; want %d", got, tc.bullets)
				}
			}
		})
	}
}

// TestSplitKeepsEveryBullet checks that splitting loses and reorders
// nothing: every bullet of a 30-bullet digest appears once, in order, and
// continuation pieces start with "… ".
func TestSplitKeepsEveryBullet(t *testing.T) {
	d := longDigest(30)
	msgs := Messages(d, RenderOptions{})
	checkLimits(t, msgs)
	desc := descriptions(msgs)
	last := -1
	for i := range d.Bullets {
		marker := fmt.Sprintf("• B%02d ", i)
		if n := strings.Count(desc, marker); n != 1 {
			t.Errorf("bullet %d appears %d times; want 1", i, n)
			continue
		}
		at := strings.Index(desc, marker)
		if at < last {
			t.Errorf("bullet %d comes before bullet %d", i, i-1)
		}
		last = at
	}
	if msgs[0].Embeds[0].Title == "" || msgs[0].Embeds[0].URL != "" {
		t.Errorf("first embed: title %q, URL %q; want a title that is no article's headline not linked", msgs[0].Embeds[0].Title, msgs[0].Embeds[0].URL)
	}
	if runes(msgs[0].Embeds[0].Title) > MaxTitle || !strings.HasSuffix(msgs[0].Embeds[0].Title, "…") {
		t.Errorf("long title = %q; want it cut to %d characters ending in …", msgs[0].Embeds[0].Title, MaxTitle)
	}

	huge := strings.Repeat("a*b", 3000)
	msgs = Messages(news.Digest{Bullets: []news.Bullet{{Text: huge, Sources: []int{0}}}, Articles: []news.Source{{Outlet: "AP"}}}, RenderOptions{})
	checkLimits(t, msgs)
	var pieces []string
	for _, m := range msgs {
		for _, e := range m.Embeds {
			if e.Description != "" {
				pieces = append(pieces, e.Description)
			}
		}
	}
	if len(pieces) < 2 {
		t.Fatalf("a 9,000-character bullet made %d descriptions; want it split", len(pieces))
	}
	var joined strings.Builder
	for i, p := range pieces {
		if i > 0 && !strings.HasPrefix(p, "… ") {
			t.Errorf("piece %d starts %q; want a continuation mark", i, p[:10])
		}
		if escapes([]rune(strings.TrimSuffix(p, " — *AP*"))) {
			t.Errorf("piece %d ends inside a backslash escape", i)
		}
		joined.WriteString(strings.TrimPrefix(p, "… "))
	}
	if got, want := joined.String(), "• "+escapeMarkdown(huge)+" — *AP*"; got != want {
		t.Errorf("pieces joined differ from the bullet:\n got %.80q…\nwant %.80q…", got, want)
	}
}

func TestEscapeMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"*bold* _it_ __u__ ~~s~~", `\*bold\* \_it\_ \_\_u\_\_ \~\~s\~\~`},
		{"`code` ||spoiler||", "\\`code\\` \\|\\|spoiler\\|\\|"},
		{"[link](https://x.example)", `\[link\](https://x.example)`},
		{"<@123> <#456> <t:1700000000> <:e:1>", `\<@123> \<#456> \<t:1700000000> \<:e:1>`},
		{`back\slash`, `back\\slash`},
		{"line\nbreak\ttab  spaces", "line break tab spaces"},
		{"\x1b[31mred\u202e", `\[31mred`},
		{"東京 🌊 Zürich", "東京 🌊 Zürich"},
	}
	for _, tc := range tests {
		if got := escapeMarkdown(tc.in); got != tc.want {
			t.Errorf("escapeMarkdown(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestEscapeTextAndLine(t *testing.T) {
	tests := []struct{ in, text, line string }{
		{"plain text", "plain text", "plain text"},
		{"[x](https://evil.example)", `\[x\](https\://evil.example)`, `\[x\](https\://evil.example)`},
		{"see https://evil.example now", `see https\://evil.example now`, `see https\://evil.example now`},
		{"# Heading", "# Heading", `\# Heading`},
		{"-# subtext", "-# subtext", `\-# subtext`},
		{"> quote", "> quote", `\> quote`},
		{"- item", "- item", `\- item`},
		{"+ item", "+ item", `\+ item`},
		{"* item", `\* item`, `\* item`},
		{"2025. A year", "2025. A year", `2025\. A year`},
		{"3) three", "3) three", `3\) three`},
		{"2025.5 percent", "2025.5 percent", "2025.5 percent"},
		{"@everyone <@123> <@&456> @here", `@everyone \<@123> \<@&456> @here`, `@everyone \<@123> \<@&456> @here`},
		{"||spoiler|| ~~s~~ `c`", "\\|\\|spoiler\\|\\| \\~\\~s\\~\\~ \\`c\\`", "\\|\\|spoiler\\|\\| \\~\\~s\\~\\~ \\`c\\`"},
	}
	for _, tc := range tests {
		if got := escapeText(tc.in); got != tc.text {
			t.Errorf("escapeText(%q) = %q; want %q", tc.in, got, tc.text)
		}
		if got := escapeLine(tc.in); got != tc.line {
			t.Errorf("escapeLine(%q) = %q; want %q", tc.in, got, tc.line)
		}
	}
}

func TestTitleURL(t *testing.T) {
	arts := []news.Source{
		{Outlet: "AP", Title: "Flood barrier approved", URL: "https://ap.example/a"},
		{Outlet: "Reuters", Title: "Zurich backs Limmat Shield flood barrier - Reuters", URL: "https://reuters.example/b c"},
		{Outlet: "SRF", Title: "Zurich backs Limmat Shield flood barrier", URL: "stories/srf.txt"},
		{Outlet: "Local", Title: "A file's headline", URL: "stories/local.txt"},
	}
	tests := []struct {
		name, title, want string
	}{
		{"the article whose headline it is, not the first", "Zurich backs Limmat Shield flood barrier", "https://reuters.example/b%20c"},
		{"kicker ignored", "Update: Flood barrier approved", "https://ap.example/a"},
		{"no article's headline: no link", "Council votes 31-9 for the barrier", ""},
		{"the article is a file: no link", "A file's headline", ""},
		{"no title", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := news.Digest{Title: tc.title, Articles: arts, Bullets: []news.Bullet{{Text: "A fact.", Sources: []int{0}}}}
			if got := titleURL(d); got != tc.want {
				t.Errorf("titleURL = %q; want %q", got, tc.want)
			}
			if got := Messages(d, RenderOptions{})[0].Embeds[0].URL; got != tc.want {
				t.Errorf("embed URL = %q; want %q", got, tc.want)
			}
		})
	}
}

func TestSourceLine(t *testing.T) {
	tests := []struct {
		in   news.Source
		want string
	}{
		{news.Source{Outlet: "AP", Title: "Barrier [update] *live*", URL: "https://ap.example/a b(1)"},
			"[Barrier (update) live](https://ap.example/a%20b%281%29) — AP"},
		{news.Source{Outlet: "SRF", Title: "Ja *zum* Schutzwall"}, `Ja \*zum\* Schutzwall — SRF`},
		{news.Source{Outlet: "Local", Title: "From a file", URL: "examples/a.txt"}, "From a file — Local"},
		{news.Source{URL: "javascript:alert(1)"}, "(unknown)"},
		{news.Source{URL: "https://x.example/"}, "[https://x.example/](https://x.example/)"},
		{news.Source{Outlet: "O_1"}, `O\_1`},
		// A local file that names no outlet: its file name, once.
		{news.Source{URL: "stories/paris/001_8897f0a70533273d.txt"}, `001\_8897f0a70533273d.txt`},
		{news.Source{Title: "Talks in Paris", URL: "stories/paris/003_382daeee0181f1b6.txt"}, `Talks in Paris — 003\_382daeee0181f1b6.txt`},
		{news.Source{URL: "stdin"}, "stdin"},
	}
	for _, tc := range tests {
		if got := sourceLine(tc.in); got != tc.want {
			t.Errorf("sourceLine(%+v) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"東京東京東京", 4, "東京東…"},
		{"ab\\*cd", 4, "ab…"},
		{"ab  cd", 4, "ab…"},
	}
	for _, tc := range tests {
		if got := truncate(tc.in, tc.n); got != tc.want {
			t.Errorf("truncate(%q, %d) = %q; want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

// TestEmbedsAreDiscordgoEmbeds checks that the Message type decodes as
// discordgo's MessageSend would read it: the same embed type, so the
// gateway path can reuse it.
func TestEmbedsAreDiscordgoEmbeds(t *testing.T) {
	b, err := json.Marshal(Messages(full, RenderOptions{})[0])
	if err != nil {
		t.Fatal(err)
	}
	var ms discordgo.MessageSend
	if err := json.Unmarshal(b, &ms); err != nil {
		t.Fatal(err)
	}
	if len(ms.Embeds) != 1 || ms.Embeds[0].Title != clean(full.Title) {
		t.Errorf("decoded embeds = %+v; want one titled %q", ms.Embeds, full.Title)
	}
}

// maxFieldName is Discord's limit on the length of a field's name. The
// renderer's field names are fixed and short, so only the test checks it.
const maxFieldName = 256
