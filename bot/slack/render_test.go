package slack

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"github.com/digestbot/digestbot/internal/golden"
	"github.com/digestbot/digestbot/news"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fullDigest has text that needs escaping and sources of every kind.
func fullDigest() news.Digest {
	return news.Digest{
		Title: "Leaders agree <climate> fund & timetable at Paris summit",
		Bullets: []news.Bullet{
			{Text: "Leaders agreed a $100bn fund for 2030 & beyond.", Sources: []int{0, 1, 2}},
			{Text: "Protesters chanted <!channel> and \"*no deal*\" outside.", Sources: []int{1, 3}},
			{Text: "The   text\nspans\tlines\u202e and has a bidi override.", Sources: []int{2, 9}},
			{Text: "   ", Sources: []int{0}},
			{Text: "No outlet carries this one.", Sources: nil},
		},
		Articles: []news.Source{
			{Outlet: "AP", Title: "Fund agreed", URL: "https://apnews.com/a?x=1&y=2"},
			{Outlet: "Reuters", Title: "Deal", URL: "javascript:alert(1)"},
			{Outlet: "Le Monde", Title: "Accord", URL: "https://lemonde.fr/a|b>c"},
			{Outlet: "AP", Title: "More", URL: "https://apnews.com/b"},
			{Outlet: "", Title: "Anonymous", URL: "https://example.com/"},
			{Outlet: "Local <Paper>", Title: "File", URL: "examples/paris/local.txt"},
		},
	}
}

func shortBullets(n int) news.Digest {
	d := news.Digest{Title: "Thirty short facts", Articles: []news.Source{
		{Outlet: "AP", URL: "https://apnews.com/1"},
		{Outlet: "BBC", URL: "https://bbc.co.uk/1"},
	}}
	for i := range n {
		d.Bullets = append(d.Bullets, news.Bullet{Text: fmt.Sprintf("Fact number %d.", i+1), Sources: []int{i % 2}})
	}
	return d
}

// longUnicode returns a 30-bullet digest of long bullets in several
// scripts, far more than one message holds. Bullet 7 is 2,900 runes of
// CJK (8,700 bytes, within the limit in characters) and bullet 12 is
// 5,000 runes (over it).
func longUnicode() news.Digest {
	const chunk = "Ελληνικά & русский <текст> 日本語のテキスト 🌍 emoji — "
	d := news.Digest{Title: strings.Repeat("Überlange Schlagzeile ☕ ", 12)}
	for i := range 20 {
		d.Articles = append(d.Articles, news.Source{
			Outlet: fmt.Sprintf("Outlet %d ✓", i),
			URL:    fmt.Sprintf("https://news%d.example/%s?q=%d&r=ü", i, strings.Repeat("path/", 10), i),
		})
	}
	for i := range 30 {
		text := strings.Repeat(chunk, 30) // ~1,500 runes
		switch i {
		case 7:
			text = strings.Repeat("日本語", 2900/3)
		case 12:
			text = strings.Repeat("é", 5000)
		}
		d.Bullets = append(d.Bullets, news.Bullet{Text: fmt.Sprintf("%d. %s", i+1, text), Sources: []int{i % 20, (i + 1) % 20, (i + 7) % 20}})
	}
	return d
}

func TestGolden(t *testing.T) {
	at := time.Date(2025, 1, 7, 7, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		make func() ([]byte, error)
	}{
		{"full", func() ([]byte, error) { return Payload(fullDigest()) }},
		{"timed", func() ([]byte, error) { return EncodePayload(Messages(fullDigest(), RenderOptions{Time: at})) }},
		{"empty", func() ([]byte, error) { return Payload(news.Digest{}) }},
		{"split", func() ([]byte, error) { return Payload(shortBullets(30)) }},
		{"brief", func() ([]byte, error) {
			return EncodePayload(BriefMessages([]news.Digest{fullDigest(), shortBullets(3)}, RenderOptions{Time: at}))
		}},
		{"nobrief", func() ([]byte, error) { return BriefPayload(nil) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.make()
			if err != nil {
				t.Fatal(err)
			}
			golden.JSON(t, filepath.Join("testdata", tc.name+".golden"), got, *update)
		})
	}
}

// TestPayloadShape checks the documented shape: an object for one
// message, an array for several, an empty array for an empty brief.
func TestPayloadShape(t *testing.T) {
	cases := []struct {
		name  string
		ds    []news.Digest
		first byte
		n     int
	}{
		{"one message", []news.Digest{fullDigest()}, '{', 1},
		{"split", []news.Digest{shortBullets(30)}, '[', 2},
		{"no stories", nil, '[', 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []byte
			var err error
			if len(tc.ds) == 1 {
				got, err = Payload(tc.ds[0])
			} else {
				got, err = BriefPayload(tc.ds)
			}
			if err != nil {
				t.Fatal(err)
			}
			if got[0] != tc.first {
				t.Errorf("payload starts with %q; want %q", got[0], tc.first)
			}
			if !bytes.HasSuffix(got, []byte("\n")) {
				t.Error("payload does not end with a newline")
			}
			msgs := decodePayload(t, got)
			if len(msgs) != tc.n {
				t.Errorf("payload has %d messages; want %d", len(msgs), tc.n)
			}
			for i, m := range msgs {
				if _, ok := m["text"].(string); !ok {
					t.Errorf("message %d has no text", i)
				}
				if _, ok := m["blocks"].([]any); !ok {
					t.Errorf("message %d has no blocks", i)
				}
			}
		})
	}
}

func decodePayload(t *testing.T, b []byte) []map[string]any {
	t.Helper()
	var msgs []map[string]any
	if b[0] == '{' {
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return append(msgs, m)
	}
	if err := json.Unmarshal(b, &msgs); err != nil {
		t.Fatal(err)
	}
	return msgs
}

// checkLimits fails t for every Slack limit a message breaks, counting in
// runes. It also decodes each message as slack-go does and runs slack-go's
// own validation of text objects.
func checkLimits(t *testing.T, msgs []Message) {
	t.Helper()
	if len(msgs) == 0 {
		t.Fatal("no messages")
	}
	for i, m := range msgs {
		if n := len(m.Blocks); n > BlockLimit || n == 0 {
			t.Errorf("message %d has %d blocks; want 1..%d", i, n, BlockLimit)
		}
		if n := m.Chars(); n > MessageBudget {
			t.Errorf("message %d counts %d characters; want at most %d", i, n, MessageBudget)
		}
		j, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if n := utf8.RuneCount(j); n >= 12000 {
			t.Errorf("message %d is %d characters of JSON; want under 12,000", i, n)
		}
		if n := utf8.RuneCountInString(m.Text); n == 0 || n > fallbackLimit {
			t.Errorf("message %d fallback text has %d runes; want 1..%d", i, n, fallbackLimit)
		}
		var decoded struct {
			Blocks slackapi.Blocks `json:"blocks"`
		}
		if err := json.Unmarshal(j, &decoded); err != nil {
			t.Fatalf("message %d: slack-go cannot decode the blocks: %v", i, err)
		}
		if len(decoded.Blocks.BlockSet) != len(m.Blocks) {
			t.Errorf("message %d: decoded %d blocks; want %d", i, len(decoded.Blocks.BlockSet), len(m.Blocks))
		}
		for k, b := range decoded.Blocks.BlockSet {
			checkBlock(t, fmt.Sprintf("message %d block %d", i, k), b)
		}
	}
}

func checkBlock(t *testing.T, where string, b slackapi.Block) {
	t.Helper()
	text := func(o *slackapi.TextBlockObject, limit int) {
		if o == nil {
			t.Errorf("%s: no text", where)
			return
		}
		if err := o.Validate(); err != nil {
			t.Errorf("%s: slack-go: %v", where, err)
		}
		if n := utf8.RuneCountInString(o.Text); n > limit {
			t.Errorf("%s: text has %d runes; want at most %d", where, n, limit)
		}
	}
	switch b := b.(type) {
	case *slackapi.HeaderBlock:
		text(b.Text, HeaderLimit)
		if b.Text != nil && b.Text.Type != slackapi.PlainTextType {
			t.Errorf("%s: header text is %s; want plain_text", where, b.Text.Type)
		}
	case *slackapi.SectionBlock:
		text(b.Text, SectionLimit)
	case *slackapi.ContextBlock:
		if n := len(b.ContextElements.Elements); n == 0 || n > 10 {
			t.Errorf("%s: context has %d elements; want 1..10", where, n)
		}
		for _, e := range b.ContextElements.Elements {
			o, ok := e.(*slackapi.TextBlockObject)
			if !ok {
				t.Errorf("%s: context element %T", where, e)
				continue
			}
			text(o, SectionLimit)
		}
	case *slackapi.DividerBlock:
	default:
		t.Errorf("%s: unexpected block %T", where, b)
	}
}

// sections returns the text of every section of msgs, in order.
func sections(msgs []Message) []string {
	var out []string
	for _, m := range msgs {
		for _, b := range m.Blocks {
			if s, ok := b.(*slackapi.SectionBlock); ok {
				out = append(out, s.Text.Text)
			}
		}
	}
	return out
}

func headerText(m Message) string {
	if h, ok := m.Blocks[0].(*slackapi.HeaderBlock); ok {
		return h.Text.Text
	}
	return ""
}

func TestMessagesSplitLongUnicode(t *testing.T) {
	d := longUnicode()
	msgs := Messages(d, RenderOptions{Time: time.Unix(1736233200, 0)})
	checkLimits(t, msgs)
	if len(msgs) < 4 {
		t.Fatalf("30 long bullets fit in %d messages; want them split further", len(msgs))
	}
	got := sections(msgs)
	if len(got) != len(d.Bullets) {
		t.Fatalf("messages hold %d sections; want one per bullet, %d", len(got), len(d.Bullets))
	}
	for i, s := range got {
		prefix := fmt.Sprintf("• %d. ", i+1)
		if !strings.HasPrefix(s, prefix) {
			t.Errorf("section %d = %.40q…; want it to start with %q", i, s, prefix)
		}
	}
	// 2,900 runes are within the limit although they are 8,700 bytes.
	if want := "• 8. " + strings.Repeat("日本語", 2900/3); got[7] != want {
		t.Errorf("section 8 was cut to %d runes; want it whole (%d runes)", utf8.RuneCountInString(got[7]), utf8.RuneCountInString(want))
	}
	if s := got[12]; utf8.RuneCountInString(s) != SectionLimit || !strings.HasSuffix(s, "…") {
		t.Errorf("section 13 has %d runes ending %q; want %d ending with …", utf8.RuneCountInString(s), s[len(s)-3:], SectionLimit)
	}
	for k, m := range msgs {
		h := headerText(m)
		suffix := fmt.Sprintf(" (%d/%d)", k+1, len(msgs))
		if !strings.HasSuffix(h, suffix) || !strings.Contains(h, "…") {
			t.Errorf("message %d header = %q; want the title cut with … and %q", k, h, suffix)
		}
		if !strings.HasSuffix(m.Text, suffix) {
			t.Errorf("message %d text = %q; want it to end with %q", k, m.Text, suffix)
		}
		_, footer := m.Blocks[len(m.Blocks)-1].(*slackapi.ContextBlock)
		hasSources := strings.Contains(lastContext(m), "Sources: ")
		if last := k == len(msgs)-1; hasSources != last || !footer {
			t.Errorf("message %d: footer with sources = %v; want %v", k, hasSources, last)
		}
	}
}

func lastContext(m Message) string {
	c, ok := m.Blocks[len(m.Blocks)-1].(*slackapi.ContextBlock)
	if !ok {
		return ""
	}
	var parts []string
	for _, e := range c.ContextElements.Elements {
		parts = append(parts, e.(*slackapi.TextBlockObject).Text)
	}
	return strings.Join(parts, " ")
}

func TestMessagesSplitByBlockCount(t *testing.T) {
	for _, n := range []int{0, 1, 24, 25, 30, 49, 50, 200} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			msgs := Messages(shortBullets(n), RenderOptions{})
			checkLimits(t, msgs)
			want := max(n, 1)
			if n == 0 {
				want = 1 // "No bullets."
			}
			if got := len(sections(msgs)); got != want {
				t.Errorf("Messages(%d bullets) has %d sections; want %d", n, got, want)
			}
			// 1 header + 2 per bullet + 1 footer: 24 bullets fit in 50 blocks.
			if wantMsgs := max(1, (n+23)/24); len(msgs) != wantMsgs {
				t.Errorf("Messages(%d bullets) = %d messages; want %d", n, len(msgs), wantMsgs)
			}
		})
	}
}

func TestBriefMessages(t *testing.T) {
	at := time.Unix(1736233200, 0)
	ds := []news.Digest{fullDigest(), shortBullets(3), longUnicode(), shortBullets(30), {Title: "Last"}}
	msgs := BriefMessages(ds, RenderOptions{Time: at})
	checkLimits(t, msgs)
	var headers []string
	dates := 0
	for _, m := range msgs {
		for _, b := range m.Blocks {
			switch b := b.(type) {
			case *slackapi.HeaderBlock:
				headers = append(headers, b.Text.Text)
			case *slackapi.ContextBlock:
				for _, e := range b.ContextElements.Elements {
					dates += strings.Count(e.(*slackapi.TextBlockObject).Text, "<!date^")
				}
			}
		}
	}
	if dates != 1 {
		t.Errorf("brief shows the time %d times; want once, in the last footer", dates)
	}
	if !strings.Contains(lastContext(msgs[len(msgs)-1]), "<!date^1736233200^") {
		t.Errorf("last footer = %q; want the time", lastContext(msgs[len(msgs)-1]))
	}
	if headers[0] != Messages(fullDigest(), RenderOptions{})[0].Blocks[0].(*slackapi.HeaderBlock).Text.Text ||
		headers[1] != "Thirty short facts" || headers[len(headers)-1] != "Last" {
		t.Errorf("brief headers = %q; want the stories in order", headers)
	}
	// The first two stories share a message, separated by a divider.
	if _, ok := msgs[0].Blocks[len(Messages(fullDigest(), RenderOptions{})[0].Blocks)].(*slackapi.DividerBlock); !ok {
		t.Error("first two stories are not in one message with a divider")
	}
	if got := BriefMessages(nil, RenderOptions{}); got != nil {
		t.Errorf("BriefMessages(nil) = %v; want nil", got)
	}
}

func TestEscaping(t *testing.T) {
	msgs := Messages(fullDigest(), RenderOptions{})
	if len(msgs) != 1 {
		t.Fatalf("got %d messages; want 1", len(msgs))
	}
	m := msgs[0]
	blocks := m.Blocks
	cases := []struct {
		name string
		got  string
		want string
	}{
		{"header is plain text, not escaped", headerText(m), "Leaders agree <climate> fund & timetable at Paris summit"},
		{"fallback is escaped", m.Text, "Leaders agree &lt;climate&gt; fund &amp; timetable at Paris summit"},
		{"bullet in plain text, as written", blocks[1].(*slackapi.SectionBlock).Text.Text, "• Leaders agreed a $100bn fund for 2030 & beyond."},
		{"outlets linked; & escaped in URL; javascript: not linked; AP once", contextText(blocks[2]),
			"<https://apnews.com/a?x=1&amp;y=2|AP> · Reuters · <https://lemonde.fr/a%7Cb%3Ec|Le Monde>"},
		{"plain text: no mention, no bold", blocks[3].(*slackapi.SectionBlock).Text.Text,
			"• Protesters chanted <!channel> and \"*no deal*\" outside."},
		{"outlet without link takes a later article's", contextText(blocks[4]), "Reuters · <https://apnews.com/b|AP>"},
		{"cleaned: spaces collapsed, bidi dropped", blocks[5].(*slackapi.SectionBlock).Text.Text,
			"• The text spans lines and has a bidi override."},
		{"index out of range ignored", contextText(blocks[6]), "<https://lemonde.fr/a%7Cb%3Ec|Le Monde>"},
		{"blank bullet skipped; bullet without outlets has no context", blocks[7].(*slackapi.SectionBlock).Text.Text,
			"• No outlet carries this one."},
		{"footer: all outlets, a link to each article, file path not linked, name escaped", contextText(blocks[8]),
			"Sources: AP (<https://apnews.com/a?x=1&amp;y=2|1>, <https://apnews.com/b|2>) · Reuters · <https://lemonde.fr/a%7Cb%3Ec|Le Monde> · Local &lt;Paper&gt;"},
	}
	for _, tc := range cases {
		if tc.got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, tc.got, tc.want)
		}
	}
	if len(blocks) != 9 {
		t.Errorf("got %d blocks; want 9", len(blocks))
	}
}

// TestLocalFileSources checks that a local file that names no outlet
// credits no bullet and is listed once in the footer by its file name,
// without the folders.
func TestLocalFileSources(t *testing.T) {
	d := news.Digest{
		Title: "Paris talks",
		Bullets: []news.Bullet{
			{Text: "Allies met in Paris.", Sources: []int{1}},
			{Text: "Leaders sought guarantees.", Sources: []int{0, 1, 2}},
		},
		Articles: []news.Source{
			{Outlet: "Newslooks", Title: "Paris summit", URL: "stories/paris/000_e20bbb66722ef8df.txt"},
			{URL: "stories/paris/001_8897f0a70533273d.txt"},
			{Title: "Talks in Paris", URL: "stories/paris/003_382daeee0181f1b6.txt"},
			{Title: "A web page without an outlet", URL: "https://example.com/a"},
		},
	}
	msgs := Messages(d, RenderOptions{})
	if len(msgs) != 1 {
		t.Fatalf("got %d messages; want 1", len(msgs))
	}
	var texts []string
	for _, b := range msgs[0].Blocks[1:] {
		if _, ok := b.(*slackapi.ContextBlock); ok {
			texts = append(texts, contextText(b))
		} else {
			texts = append(texts, b.(*slackapi.SectionBlock).Text.Text)
		}
	}
	want := []string{
		"• Allies met in Paris.",
		"• Leaders sought guarantees.",
		"Newslooks",
		"Sources: Newslooks · 001_8897f0a70533273d.txt · 003_382daeee0181f1b6.txt",
	}
	if !reflect.DeepEqual(texts, want) {
		t.Errorf("blocks =\n%q\nwant\n%q", texts, want)
	}
}

func contextText(b slackapi.Block) string {
	c, ok := b.(*slackapi.ContextBlock)
	if !ok {
		return fmt.Sprintf("(%T)", b)
	}
	return c.ContextElements.Elements[0].(*slackapi.TextBlockObject).Text
}

func TestFitEscaped(t *testing.T) {
	cases := []struct {
		in    string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"a&b", 7, "a&amp;b"},
		{"a&b", 6, "a…"}, // never "a&am…"
		{"ab <c>", 8, "ab &lt;…"},
		{"abc def", 5, "abc…"},
		{"日本語のテキスト", 4, "日本語…"},
		{"ééé", 3, "ééé"},
	}
	for _, tc := range cases {
		got := fitEscaped(tc.in, tc.limit)
		if got != tc.want {
			t.Errorf("fitEscaped(%q, %d) = %q; want %q", tc.in, tc.limit, got, tc.want)
		}
		if n := utf8.RuneCountInString(got); n > tc.limit {
			t.Errorf("fitEscaped(%q, %d) has %d runes", tc.in, tc.limit, n)
		}
	}
}

func TestWebURL(t *testing.T) {
	cases := []struct{ in, want string }{
		{"https://example.com/a", "https://example.com/a"},
		{" http://example.com/a b ", "http://example.com/a%20b"},
		{"https://example.com/?a=1&b=<2>|3", "https://example.com/?a=1&amp;b=%3C2%3E%7C3"},
		{"javascript:alert(1)", ""},
		{"file:///etc/passwd", ""},
		{"examples/a.txt", ""},
		{"//example.com/a", ""},
		{"", ""},
	}
	for _, tc := range cases {
		if got := webURL(tc.in); got != tc.want {
			t.Errorf("webURL(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestOutletListCap(t *testing.T) {
	var refs []outletRef
	for i := range 200 {
		refs = append(refs, outletRef{name: fmt.Sprintf("Outlet %03d", i), urls: []string{"https://example.com/" + strings.Repeat("x", 40)}})
	}
	got := outletList(refs, outletsLimit)
	if n := utf8.RuneCountInString(got); n > outletsLimit {
		t.Errorf("outletList has %d runes; want at most %d", n, outletsLimit)
	}
	if !strings.HasSuffix(got, " more") || !strings.HasPrefix(got, "<https://example.com/") {
		t.Errorf("outletList = %.60q…%q; want links then \"+N more\"", got, got[len(got)-12:])
	}
}

func TestUnescapeHTML(t *testing.T) {
	cases := []struct{ in, want string }{
		{`"\u003ca|b\u003e \u0026amp;"`, `"<a|b> &amp;"`},
		{`"\\u003c stays"`, `"\\u003c stays"`},
		{`"\\\u003c"`, `"\\<"`},
		{`"\"\u0026\n"`, `"\"&\n"`},
		{`"\u00e9"`, `"\u00e9"`},
	}
	for _, tc := range cases {
		got := string(unescapeHTML([]byte(tc.in)))
		if got != tc.want {
			t.Errorf("unescapeHTML(%s) = %s; want %s", tc.in, got, tc.want)
		}
		var a, b string
		if err := json.Unmarshal([]byte(tc.in), &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(got), &b); err != nil || a != b {
			t.Errorf("unescapeHTML(%s) decodes to %q (%v); want %q", tc.in, b, err, a)
		}
	}
}

func BenchmarkMessages(b *testing.B) {
	for _, bc := range []struct {
		name string
		d    news.Digest
	}{{"typical", fullDigest()}, {"30-long-unicode", longUnicode()}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				Messages(bc.d, RenderOptions{})
			}
		})
	}
}

func TestMrkdwnText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{"*agreement*", "\u2217agreement\u2217"},
		{"_Morgan_", "\u02cdMorgan\u02cd"},
		{"~struck~ `code`", "\u223cstruck\u223c \u02cbcode\u02cb"},
		{"snake_case E*TRADE a~b x`y", "snake_case E*TRADE a~b x`y"}, // never formats between letters
		{"＊全角＊ ＿下線＿", "\ufe61全角\ufe61 \u02cd下線\u02cd"},
		{"<!channel> <@U123> <https://evil|x> & @here", "&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil|x&gt; &amp; @here"},
		{"a &_b", "a &amp;\u02cdb"},
	}
	for _, tc := range cases {
		if got := mrkdwnText(tc.in); got != tc.want {
			t.Errorf("mrkdwnText(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct {
		in    string
		limit int
		want  string
	}{
		{"*bold* and more", 9, "\u2217bold\u2217 a…"},
		{"> quote", 20, "\u00ad&gt; quote"},
		{"> quote", 7, "\u00ad&gt;…"},
		{"＞ quote", 20, "\u00ad＞ quote"},
	} {
		got := fitLine(tc.in, tc.limit)
		if got != tc.want || utf8.RuneCountInString(got) > tc.limit {
			t.Errorf("fitLine(%q, %d) = %q; want %q", tc.in, tc.limit, got, tc.want)
		}
	}
}

// TestOutletLinks checks that every article keeps its link: an outlet with
// several is followed by a numbered link to each, in bullets' credits and
// in the footer, and falls back to one link, then none, when space is
// short.
func TestOutletLinks(t *testing.T) {
	d := news.Digest{
		Title: "Three from Reuters",
		Bullets: []news.Bullet{
			{Text: "A fact all three carry.", Sources: []int{0, 1, 2, 3}},
			{Text: "A fact one carries.", Sources: []int{1}},
		},
		Articles: []news.Source{
			{Outlet: "Reuters", URL: "https://reuters.example/1"},
			{Outlet: "Reuters", URL: "https://reuters.example/2"},
			{Outlet: "AP", URL: "https://ap.example/1"},
			{Outlet: "Reuters", URL: "https://reuters.example/3"},
			{Outlet: "Reuters", URL: "https://reuters.example/1"}, // the same article twice
		},
	}
	m := Messages(d, RenderOptions{})[0]
	threeLinks := "Reuters (<https://reuters.example/1|1>, <https://reuters.example/2|2>, <https://reuters.example/3|3>)"
	cases := []struct{ name, got, want string }{
		{"bullet credit", contextText(m.Blocks[2]), threeLinks + " · <https://ap.example/1|AP>"},
		{"one article of the outlet", contextText(m.Blocks[4]), "<https://reuters.example/2|Reuters>"},
		{"footer", contextText(m.Blocks[5]), "Sources: " + threeLinks + " · <https://ap.example/1|AP>"},
	}
	for _, tc := range cases {
		if tc.got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, tc.got, tc.want)
		}
	}
	refs := []outletRef{{name: "Reuters", urls: []string{"https://reuters.example/1", "https://reuters.example/2"}}}
	for _, tc := range []struct {
		limit int
		want  string
	}{
		{200, "Reuters (<https://reuters.example/1|1>, <https://reuters.example/2|2>)"},
		{40, "<https://reuters.example/1|Reuters>"},
		{20, "Reuters"},
	} {
		if got := outletList(refs, tc.limit); got != tc.want {
			t.Errorf("outletList(limit %d) = %q; want %q", tc.limit, got, tc.want)
		}
	}
}
