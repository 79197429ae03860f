package summarize_test

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources/page"
	"github.com/digestbot/digestbot/summarize"
)

// FuzzSummarize feeds arbitrary bytes through cleaning and summarizing: the
// input is cut at form feeds into up to four articles, each parsed as a file
// would be. Nothing may panic, and every digest must keep its promises:
// within budget, bullets of the allowed length, valid UTF-8, each bullet a
// deletion-only span of its input, each credited to a real article.
func FuzzSummarize(f *testing.F) {
	f.Add([]byte("The council approved the flood barrier on Tuesday, officials said.\nIt will cost $86 million."))
	f.Add([]byte("Mayor Jane Roe, the council's longest-serving member, said the wall would protect 2,300 homes.\fThe river flooded twice last year; the city lost $12 million in damages."))
	f.Add([]byte("<html><head><title>Barrier approved - Example News</title></head><body><p>The council approved the barrier on Tuesday.</p><p>Work starts in spring, the engineer said.</p></body></html>"))
	f.Add([]byte("(AP Photo/Jane Roe)\nClick on a star to rate it!\nRead more\n"))
	f.Add([]byte("\xff\xfe\x00\x01binary\x00data"))
	f.Add([]byte("Ã©tÃ© â€™ \ufffd “unbalanced (quote."))
	f.Fuzz(func(t *testing.T, data []byte) {
		var arts []news.Article
		for i, part := range bytes.SplitN(data, []byte("\f"), 4) {
			a, err := page.Parse("fuzz"+string(rune('0'+i))+".txt", part)
			if err != nil {
				continue
			}
			arts = append(arts, a)
		}
		opts := summarize.Options{Words: 60, Bullets: 5}
		d := mustSummarize(t, arts, opts)
		if digestWords(d) > 60 || len(d.Bullets) > 5 {
			t.Fatalf("digest of %d words in %d bullets; budget 60 words, 5 bullets", digestWords(d), len(d.Bullets))
		}
		if !utf8.ValidString(d.Title) {
			t.Fatalf("title %q is not valid UTF-8", d.Title)
		}
		for _, b := range d.Bullets {
			if !utf8.ValidString(b.Text) {
				t.Fatalf("bullet %q is not valid UTF-8", b.Text)
			}
			if n := news.CountWords(b.Text); n < 6 || n > 20 {
				t.Fatalf("bullet %q has %d words; want 6–20", b.Text, n)
			}
			if len(b.Sources) == 0 {
				t.Fatalf("bullet %q has no source", b.Text)
			}
			for _, s := range b.Sources {
				if s < 0 || s >= len(arts) {
					t.Fatalf("bullet %q credits article %d of %d", b.Text, s, len(arts))
				}
			}
			if !faithful(b.Text, arts) {
				t.Fatalf("bullet %q is not a span of its input %q", b.Text, strings.Join(texts(arts), "\n--\n"))
			}
		}
	})
}

func texts(arts []news.Article) []string {
	var out []string
	for _, a := range arts {
		out = append(out, a.Text)
	}
	return out
}
