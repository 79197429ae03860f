package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"math"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/internal/golden"
	"github.com/digestbot/digestbot/news"
)

var update = flag.Bool("update", false, "rewrite golden files")

// full exercises what articles throw at a renderer: Unicode, curly quotes,
// Markdown specials, a terminal escape sequence, a bullet carried by several
// outlets (one of them twice), a bullet with no source, an article without
// URL and one whose path has spaces and parentheses, in two languages.
var full = news.Digest{
	Title:    "Zürich council backs “Limmat Shield” flood barrier #2",
	Language: "en",
	Bullets: []news.Bullet{
		{
			Text:    "The council voted 31–9 to fund the barrier’s first phase, costing CHF 48 million.",
			Score:   0.123456,
			Sources: []int{0, 1, 2, 3},
			Evidence: []news.Evidence{
				{Source: 1, Sentence: "The council voted 31–9 on Tuesday to fund the barrier’s first phase, costing CHF 48 million."},
				{Source: 0, Sentence: "Zurich's council backed the barrier's first phase [^1] by 31 votes to 9."},
				{Source: 2, Sentence: "Der Gemeinderat stimmte mit 31 zu 9 Stimmen für die erste Etappe."},
				{Source: 3, Sentence: "Councillors voted *31–9* for the\nfirst phase."},
			},
		},
		{
			Text:    "Mayor Corine Mauch called it “the *cheapest* insurance we will ever buy” [video].",
			Score:   0.1,
			Sources: []int{1, 3},
			Evidence: []news.Evidence{
				{Source: 3, Sentence: "Mayor Corine Mauch called it “the *cheapest* insurance we will ever buy” [video]."},
				{Source: 1, Sentence: "- Mauch: <b>cheap</b> & safe, _she_ said."},
			},
		},
		{
			Text:    "# of homes at risk: 2,300 <estimate> & rising; AT&T’s &amp; cable_ways and `pumps` ~unchanged~.",
			Score:   0.05555,
			Sources: []int{2},
		},
		{
			Text:  "2025. Engineers said work could start in spring.",
			Score: 0,
		},
		{
			Text:    "- 東京 and Zürich share the 🌊 design; \x1b[31mred\x1b[0m\ttext\nsplit.",
			Score:   -0.00001,
			Sources: []int{0, 7},
			Evidence: []news.Evidence{
				{Source: 7, Sentence: "An article the digest does not list."},
				{Source: 0, Sentence: "- 東京 and Zürich share the 🌊 design; \x1b[31mred\x1b[0m\ttext\nsplit."},
			},
		},
	},
	Articles: []news.Source{
		{Outlet: "AP", Title: "Zurich approves flood barrier", URL: "https://apnews.com/article/zurich-flood?x=1&y=2", Language: "en"},
		{Outlet: "Reuters", Title: "Swiss city to build ‘Limmat Shield’", URL: "https://www.reuters.com/world/europe/zurich-barrier/", Language: "en"},
		{Outlet: "SRF", Title: "Hochwasserschutz: Ja zum Schutzwall", URL: "", Language: "de"},
		{Outlet: "Reuters", Title: "Barrier [update] *live*", URL: "examples/my story/reuters (2).txt"},
	},
}

var (
	storyA = news.Digest{
		Title:    "Port strike ends after 3 days",
		Language: "en",
		Bullets: []news.Bullet{
			{Text: "Dock workers accepted a 6% raise.", Score: 0.5, Sources: []int{0, 1}, Evidence: []news.Evidence{
				{Source: 0, Sentence: "Dock workers accepted a 6% raise on Friday."},
				{Source: 1, Sentence: "The union's members voted for the 6% raise the port offered."},
			}},
			{Text: "Ships queued off the coast will dock from Monday.", Score: 0.25, Sources: []int{1}},
		},
		Articles: []news.Source{
			{Outlet: "Harbor Times", Title: "Strike over", URL: "https://harbor.example/strike", Language: "en"},
			{Outlet: "Coast Radio", Title: "Workers back at the cranes", URL: "https://radio.example/cranes", Language: "en"},
		},
	}
	storyB = news.Digest{
		Bullets: []news.Bullet{{Text: "A headline-less story still renders.", Score: 1, Sources: []int{0}, Evidence: []news.Evidence{
			{Source: 0, Sentence: "A headline-less story still renders, the feed says."},
		}}},
		Articles: []news.Source{{Outlet: "", Title: "", URL: "feed.txt"}},
	}
)

func TestGolden(t *testing.T) {
	single := []struct {
		name string
		d    news.Digest
	}{
		{"full", full},
		{"empty", news.Digest{}},
	}
	for _, f := range Formats {
		for _, tc := range single {
			t.Run(tc.name+"."+string(f), func(t *testing.T) {
				var buf bytes.Buffer
				if err := Write(&buf, tc.d, f); err != nil {
					t.Fatalf("Write(%s, %s): %v", tc.name, f, err)
				}
				golden.Bytes(t, filepath.Join("testdata", tc.name+"."+string(f)+".golden"), buf.Bytes(), *update)
			})
		}
		t.Run("brief."+string(f), func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteBrief(&buf, []news.Digest{storyA, storyB}, f); err != nil {
				t.Fatalf("WriteBrief(%s): %v", f, err)
			}
			golden.Bytes(t, filepath.Join("testdata", "brief."+string(f)+".golden"), buf.Bytes(), *update)
		})
		t.Run("nobrief."+string(f), func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteBrief(&buf, nil, f); err != nil {
				t.Fatalf("WriteBrief(nil, %s): %v", f, err)
			}
			golden.Bytes(t, filepath.Join("testdata", "nobrief."+string(f)+".golden"), buf.Bytes(), *update)
		})
	}
}

// TestJSONDecoded checks the JSON interface by value: the exact set of
// fields, their types, and empty arrays rather than null.
func TestJSONDecoded(t *testing.T) {
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
		want  any
	}{
		{
			name:  "full",
			write: func(b *bytes.Buffer) error { return Write(b, full, JSON) },
			want: map[string]any{
				"title":    "Zürich council backs “Limmat Shield” flood barrier #2",
				"language": "en",
				"bullets": []any{
					bulletJSON(full.Bullets[0].Text, 0.1235, []any{
						evidenceJSON("Reuters", "https://www.reuters.com/world/europe/zurich-barrier/", full.Bullets[0].Evidence[0].Sentence),
						evidenceJSON("AP", "https://apnews.com/article/zurich-flood?x=1&y=2", full.Bullets[0].Evidence[1].Sentence),
						evidenceJSON("SRF", "", full.Bullets[0].Evidence[2].Sentence),
						evidenceJSON("Reuters", "examples/my story/reuters (2).txt", full.Bullets[0].Evidence[3].Sentence),
					}, "AP", "Reuters", "SRF"),
					bulletJSON(full.Bullets[1].Text, 0.1, []any{
						evidenceJSON("Reuters", "examples/my story/reuters (2).txt", full.Bullets[1].Evidence[0].Sentence),
						evidenceJSON("Reuters", "https://www.reuters.com/world/europe/zurich-barrier/", full.Bullets[1].Evidence[1].Sentence),
					}, "Reuters"),
					bulletJSON(full.Bullets[2].Text, 0.0556, []any{}, "SRF"),
					bulletJSON(full.Bullets[3].Text, 0, []any{}),
					// Evidence from an article the digest does not list is
					// left out.
					bulletJSON(full.Bullets[4].Text, 0, []any{
						evidenceJSON("AP", "https://apnews.com/article/zurich-flood?x=1&y=2", full.Bullets[4].Evidence[1].Sentence),
					}, "AP"),
				},
				"articles": []any{
					articleJSON("AP", "Zurich approves flood barrier", "https://apnews.com/article/zurich-flood?x=1&y=2", "en"),
					articleJSON("Reuters", "Swiss city to build ‘Limmat Shield’", "https://www.reuters.com/world/europe/zurich-barrier/", "en"),
					articleJSON("SRF", "Hochwasserschutz: Ja zum Schutzwall", "", "de"),
					articleJSON("Reuters", "Barrier [update] *live*", "examples/my story/reuters (2).txt", ""),
				},
			},
		},
		{
			name:  "empty",
			write: func(b *bytes.Buffer) error { return Write(b, news.Digest{}, JSON) },
			want:  map[string]any{"title": "", "language": "", "bullets": []any{}, "articles": []any{}},
		},
		{
			name:  "brief",
			write: func(b *bytes.Buffer) error { return WriteBrief(b, []news.Digest{storyB, {}}, JSON) },
			want: map[string]any{"stories": []any{
				map[string]any{
					"title":    "",
					"language": "",
					"bullets": []any{bulletJSON("A headline-less story still renders.", 1, []any{
						// A local file without an outlet: its file name.
						evidenceJSON("feed.txt", "feed.txt", "A headline-less story still renders, the feed says."),
					})},
					"articles": []any{articleJSON("", "", "feed.txt", "")},
				},
				map[string]any{"title": "", "language": "", "bullets": []any{}, "articles": []any{}},
			}},
		},
		{
			name:  "no stories",
			write: func(b *bytes.Buffer) error { return WriteBrief(b, nil, JSON) },
			want:  map[string]any{"stories": []any{}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.write(&buf); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if !strings.HasSuffix(out, "}\n") {
				t.Errorf("output does not end in a newline: %q", out[max(0, len(out)-10):])
			}
			if strings.Contains(out, `\u003c`) || strings.Contains(out, `\u0026`) {
				t.Errorf("output HTML-escapes < or &:\n%s", out)
			}
			var got any
			if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, out)
			}
			if !reflect.DeepEqual(got, tc.want) {
				g, _ := json.MarshalIndent(got, "", "  ")
				w, _ := json.MarshalIndent(tc.want, "", "  ")
				t.Errorf("decoded output:\n%s\nwant:\n%s", g, w)
			}
		})
	}
}

func bulletJSON(text string, score float64, evidence []any, sources ...string) map[string]any {
	s := make([]any, len(sources))
	for i, o := range sources {
		s[i] = o
	}
	return map[string]any{"text": text, "score": score, "sources": s, "evidence": evidence}
}

func evidenceJSON(source, url, sentence string) map[string]any {
	return map[string]any{"source": source, "url": url, "sentence": sentence}
}

func articleJSON(outlet, title, url, language string) map[string]any {
	return map[string]any{"outlet": outlet, "title": title, "url": url, "language": language}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in      string
		want    Format
		wantErr bool
	}{
		{"text", Text, false},
		{"", Text, false},
		{"markdown", Markdown, false},
		{"md", Markdown, false},
		{" JSON ", JSON, false},
		{"html", "", true},
		{"jsonl", "", true},
	}
	for _, tc := range tests {
		got, err := ParseFormat(tc.in)
		if got != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
		if err != nil && !strings.Contains(err.Error(), "text, markdown, json") {
			t.Errorf("ParseFormat(%q) error %q does not list the valid formats", tc.in, err)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, full, "yaml"); err == nil {
		t.Error(`Write(…, "yaml") = nil; want an error`)
	}
	if err := WriteBrief(&buf, []news.Digest{full}, "yaml"); err == nil {
		t.Error(`WriteBrief(…, "yaml") = nil; want an error`)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %q for an unknown format; want nothing", buf.String())
	}
}

func TestZeroFormatIsText(t *testing.T) {
	var zero, text bytes.Buffer
	if err := Write(&zero, full, ""); err != nil {
		t.Fatal(err)
	}
	if err := Write(&text, full, Text); err != nil {
		t.Fatal(err)
	}
	if zero.String() != text.String() {
		t.Errorf("Write with the zero Format = %q; want the text format %q", zero.String(), text.String())
	}
}

type failWriter struct{}

var errDiskFull = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func TestWriteError(t *testing.T) {
	for _, f := range Formats {
		if err := Write(failWriter{}, full, f); !errors.Is(err, errDiskFull) {
			t.Errorf("Write(failing writer, %s) = %v; want it to wrap %v", f, err, errDiskFull)
		}
		if err := WriteBrief(failWriter{}, []news.Digest{full}, f); !errors.Is(err, errDiskFull) {
			t.Errorf("WriteBrief(failing writer, %s) = %v; want it to wrap %v", f, err, errDiskFull)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"  two\n lines\t\r\n", "two lines"},
		{"\x1b[2J\x1b[31mred\x1b[0m", "[2J[31mred[0m"},
		{"a\u202eevil\u202c b", "aevil b"},
		{"non\u00a0breaking", "non\u00a0breaking"},
		{"line\u2028sep", "line sep"},
		{"bell\a", "bell"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := clean(tc.in); got != tc.want {
			t.Errorf("clean(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestEscapeMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words, 3 > 2", `plain words, 3 \> 2`},
		{"*bold* _it_ `code`", `\*bold\* \_it\_ \` + "`code\\`"},
		{"[link](x)", `\[link\](x)`},
		{"<b>tag</b>", `\<b\>tag\</b\>`},
		{`back\slash`, `back\\slash`},
		{"~~gone~~", `\~\~gone\~\~`},
		{"# heading", `\# heading`},
		{"issue #5", "issue #5"},
		{"- item", `\- item`},
		{"+ item", `\+ item`},
		{"2025. A year", `2025\. A year`},
		{"3) third", `3\) third`},
		{"3.5 percent", "3.5 percent"},
		{"AT&T & co", "AT&T & co"},
		{"&amp; &#169; &#x2014;", `\&amp; \&#169; \&#x2014;`},
		{"“curly” ‘quotes’ — Zürich", "“curly” ‘quotes’ — Zürich"},
		{"two\nlines", "two lines"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := escapeMarkdown(tc.in); got != tc.want {
			t.Errorf("escapeMarkdown(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestMarkdownHeading(t *testing.T) {
	tests := []struct{ title, want string }{
		{"Vote #", `## Vote \#`},
		{"# one", `## \# one`},
		{"", "## (untitled)"},
	}
	for _, tc := range tests {
		var buf bytes.Buffer
		if err := Write(&buf, news.Digest{Title: tc.title}, Markdown); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := strings.Cut(buf.String(), "\n"); got != tc.want {
			t.Errorf("heading for %q = %q; want %q", tc.title, got, tc.want)
		}
	}
}

func TestMarkdownSource(t *testing.T) {
	tests := []struct {
		src  news.Source
		want string
	}{
		{news.Source{Outlet: "AP", Title: "Vote", URL: "https://ap.example/v"}, "[Vote](https://ap.example/v) — AP"},
		{news.Source{Outlet: "AP", Title: "Vote", URL: ""}, "Vote — AP"},
		{news.Source{Outlet: "AP", URL: "a b.txt"}, "[a b.txt](a%20b.txt) — AP"},
		// A local file without an outlet shows its name, without the
		// folders, once.
		{news.Source{Title: "Vote", URL: "C:/news/(1).txt"}, "[Vote](C:/news/%281%29.txt) — (1).txt"},
		{news.Source{URL: "stories/paris/001_8897f0a70533273d.txt"}, "[001\\_8897f0a70533273d.txt](stories/paris/001_8897f0a70533273d.txt)"},
		{news.Source{Outlet: "AP", Title: "Vote", URL: "stories/paris/ap.txt"}, "[Vote](stories/paris/ap.txt) — AP"},
		{news.Source{URL: "stdin"}, "[stdin](stdin)"},
		{news.Source{Title: "Vote", URL: "https://ap.example/v"}, "[Vote](https://ap.example/v)"},
		{news.Source{Outlet: "Evil", Title: "Click", URL: "javascript:alert(1)"}, "Click — Evil"},
		{news.Source{Title: "Q", URL: "https://x.example/?a=1&amp;b=2&c=3"}, `[Q](https://x.example/?a=1\&amp;b=2&c=3)`},
		{news.Source{Outlet: "AP"}, "AP"},
		{news.Source{}, "(unknown)"},
	}
	for _, tc := range tests {
		if got := markdownSource(tc.src); got != tc.want {
			t.Errorf("markdownSource(%+v) = %q; want %q", tc.src, got, tc.want)
		}
	}
}

func TestRoundScore(t *testing.T) {
	tests := []struct{ in, want float64 }{
		{0.123456, 0.1235},
		{0.12344, 0.1234},
		{1, 1},
		{-0.00001, 0},
		{math.NaN(), 0},
		{math.Inf(1), 0},
	}
	for _, tc := range tests {
		got := roundScore(tc.in)
		if got != tc.want || math.Signbit(got) != math.Signbit(tc.want) {
			t.Errorf("roundScore(%v) = %v; want %v", tc.in, got, tc.want)
		}
	}
}

func TestWidth(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"Zürich", 6},
		{"Zu\u0308rich", 6}, // combining diaeresis
		{"東京", 4},
		{"🌊 wave", 7},
	}
	for _, tc := range tests {
		if got := width(tc.in); got != tc.want {
			t.Errorf("width(%q) = %d; want %d", tc.in, got, tc.want)
		}
	}
}

func TestCleanDropsMarksAndLostCharacters(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  two\nlines\tand  spaces ", "two lines and spaces"},
		{"red \x1b[31mtext\x1b[0m", "red [31mtext[0m"},
		{"abc\u202edef\u2066ghi\u200fjkl", "abcdefghijkl"},
		{"lost\ufffd letter", "lost letter"},
		{"no\u00a0break", "no\u00a0break"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// local is a digest of local files, as "digestbot digest dir/" makes it: one
// file names its outlet, two do not.
var local = news.Digest{
	Title: "Paris talks seek guarantees",
	Bullets: []news.Bullet{
		{Text: "Allies met in Paris.", Score: 0.5, Sources: []int{1}},
		{Text: "Leaders sought guarantees.", Score: 0.4, Sources: []int{0, 1, 2}},
	},
	Articles: []news.Source{
		{Outlet: "Newslooks", Title: "Paris summit tests unity", URL: "stories/paris/000_e20bbb66722ef8df.txt"},
		{URL: "stories/paris/001_8897f0a70533273d.txt"},
		{Title: "Leaders hold talks in Paris", URL: "stories/paris/003_382daeee0181f1b6.txt"},
	},
}

// TestLocalFileSources checks that a local file that names no outlet is
// shown by its name without the folders, once, in the sources, and never
// credits a bullet.
func TestLocalFileSources(t *testing.T) {
	t.Run("text", func(t *testing.T) {
		var buf bytes.Buffer
		if err := Write(&buf, local, Text); err != nil {
			t.Fatal(err)
		}
		want := `Paris talks seek guarantees
===========================

  • Allies met in Paris.
  • Leaders sought guarantees. (Newslooks)

Sources:
  [1] Newslooks — Paris summit tests unity — 000_e20bbb66722ef8df.txt
  [2] 001_8897f0a70533273d.txt
  [3] Leaders hold talks in Paris — 003_382daeee0181f1b6.txt
`
		if got := buf.String(); got != want {
			t.Errorf("text =\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("markdown", func(t *testing.T) {
		var buf bytes.Buffer
		if err := Write(&buf, local, Markdown); err != nil {
			t.Fatal(err)
		}
		want := `## Paris talks seek guarantees

- Allies met in Paris.
- Leaders sought guarantees. — *Newslooks*

Sources:

- [Paris summit tests unity](stories/paris/000_e20bbb66722ef8df.txt) — Newslooks
- [001\_8897f0a70533273d.txt](stories/paris/001_8897f0a70533273d.txt)
- [Leaders hold talks in Paris](stories/paris/003_382daeee0181f1b6.txt) — 003\_382daeee0181f1b6.txt
`
		if got := buf.String(); got != want {
			t.Errorf("markdown =\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("json", func(t *testing.T) {
		var buf bytes.Buffer
		if err := Write(&buf, local, JSON); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Bullets []struct {
				Sources []string `json:"sources"`
			} `json:"bullets"`
			Articles []struct {
				Outlet string `json:"outlet"`
				URL    string `json:"url"`
			} `json:"articles"`
		}
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		wantSources := [][]string{{}, {"Newslooks"}}
		for i, b := range got.Bullets {
			if !reflect.DeepEqual(b.Sources, wantSources[i]) {
				t.Errorf("bullet %d sources = %q; want %q", i, b.Sources, wantSources[i])
			}
		}
		for i, a := range got.Articles {
			if a.Outlet != local.Articles[i].Outlet || a.URL != local.Articles[i].URL {
				t.Errorf("article %d = outlet %q, url %q; want %q, %q", i, a.Outlet, a.URL, local.Articles[i].Outlet, local.Articles[i].URL)
			}
		}
	})
}

// TestMarkdownFootnotes checks that in a brief every footnote a bullet
// refers to is defined once, after its digest's sources, and that there
// is one for each evidence entry of an article the digest lists.
func TestMarkdownFootnotes(t *testing.T) {
	ds := []news.Digest{storyA, full, local, storyB}
	var buf bytes.Buffer
	if err := WriteBrief(&buf, ds, Markdown); err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, d := range ds {
		for _, b := range d.Bullets {
			want += len(evidenceOf(d, b))
		}
	}
	refs, defs := map[string]int{}, map[string]int{}
	for _, line := range strings.Split(buf.String(), "\n") {
		if label, _, ok := strings.Cut(line, "]: "); ok && strings.HasPrefix(line, "[^") {
			defs[label[2:]]++
			continue
		}
		for rest := line; ; {
			i := strings.Index(rest, "[^")
			if i < 0 || i > 0 && rest[i-1] == '\\' {
				break
			}
			label, after, _ := strings.Cut(rest[i+2:], "]")
			refs[label]++
			rest = after
		}
	}
	if len(refs) != want {
		t.Errorf("%d footnote references; want %d (one per evidence entry)\n%s", len(refs), want, buf.String())
	}
	for n := 1; n <= want; n++ {
		label := strconv.Itoa(n)
		if refs[label] != 1 || defs[label] != 1 {
			t.Errorf("footnote %s: referred to %d times, defined %d times; want once each", label, refs[label], defs[label])
		}
	}
}

func TestFootnoteLink(t *testing.T) {
	tests := []struct {
		src  news.Source
		want string
	}{
		{news.Source{URL: "https://ap.example/v?a=1&b=2"}, "<https://ap.example/v?a=1&b=2>"},
		{news.Source{URL: "HTTP://ap.example/v"}, "<HTTP://ap.example/v>"},
		// An address an autolink would change or end early is a link.
		{news.Source{URL: "https://x.example/?a=1&amp;b=2"}, `[https://x.example/?a=1\&amp;b=2](https://x.example/?a=1\&amp;b=2)`},
		{news.Source{URL: "https://x.example/a<b>"}, `[https://x.example/a\<b\>](https://x.example/a%3Cb%3E)`},
		{news.Source{URL: "https://x.example/zürich"}, `[https://x.example/zürich](https://x.example/zürich)`},
		{news.Source{URL: "stories/my story/ap.txt"}, "[ap.txt](stories/my%20story/ap.txt)"},
		{news.Source{URL: "javascript:alert(1)"}, ""},
		{news.Source{}, ""},
	}
	for _, tc := range tests {
		if got := footnoteLink(tc.src); got != tc.want {
			t.Errorf("footnoteLink(%+v) = %q; want %q", tc.src, got, tc.want)
		}
	}
}
