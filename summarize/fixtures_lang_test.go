package summarize_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/summarize"
	"golang.org/x/text/encoding/charmap"
)

// TestLanguageFixtures digests every feed and page fixture in French,
// German, Spanish, Portuguese, Czech and Russian — the invented ones of
// testdata/lang (named by their language) and the French and Russian
// pages of sources/page/testdata and sources/testdata/web — under bullet
// caps of 12 and 20 words: a
// page as one story, each feed item as a story of its own (a teaser is
// often one long sentence). Every bullet fits its cap and is a
// word-for-word span of its article that opens and closes a sentence or a
// clause; a headline is a proper one or none. An article keeps the
// language that reading it found; one without gets its fixture's.
func TestLanguageFixtures(t *testing.T) {
	// The kiosk page declares its charset only in the header its server
	// sends: read from a file it is decoded here.
	raw, err := os.ReadFile("../sources/testdata/web/kiosk-cp1251.html")
	if err != nil {
		t.Fatal(err)
	}
	page, err := charmap.Windows1251.NewDecoder().Bytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	kiosk := filepath.Join(t.TempDir(), "kiosk.html")
	if err := os.WriteFile(kiosk, page, 0o644); err != nil {
		t.Fatal(err)
	}
	inputs := map[string]string{
		"../sources/page/testdata/journal-du-val-cp1252.html": "fr",
		kiosk: "ru",
	}
	m, _ := filepath.Glob("testdata/lang/*")
	for _, p := range m {
		inputs[p] = strings.SplitN(filepath.Base(p), "-", 2)[0]
	}
	ctx := context.Background()
	langs := map[string]bool{}
	for in, lang := range inputs {
		arts, err := sources.Load(ctx, []string{in}, sources.LoadOptions{})
		if len(arts) == 0 {
			t.Errorf("%s: no article: %v", in, err)
			continue
		}
		langs[lang] = true
		for i := range arts {
			if arts[i].Language == "" {
				arts[i].Language = lang
			} else if arts[i].Language != lang {
				t.Logf("%s: article %q read as %q", in, arts[i].Title, arts[i].Language)
			}
		}
		stories := [][]news.Article{arts}
		if !strings.HasSuffix(in, ".html") {
			stories = nil
			for _, a := range arts {
				stories = append(stories, []news.Article{a})
			}
		}
		for _, s := range stories {
			for _, limit := range []int{12, 20} {
				d, err := summarize.Summarize(ctx, s, summarize.Options{MaxBulletWords: limit})
				if err != nil {
					t.Fatalf("%s: %v", in, err)
				}
				if _, ok := news.Headline(d.Title); d.Title != "" && !ok {
					t.Errorf("%s, cap %d: headline %q is not a proper headline", in, limit, d.Title)
				}
				for _, b := range d.Bullets {
					if n := news.CountWords(b.Text); n > limit {
						t.Errorf("%s, cap %d: bullet of %d words: %q", in, limit, n, b.Text)
					}
					if msg := honest(s, b.Text); msg != "" {
						t.Errorf("%s, cap %d: bullet %q: %s", in, limit, b.Text, msg)
					}
				}
				t.Logf("%s, cap %d: %s\n%s", in, limit, d.Title, strings.Join(bulletTexts(d), "\n"))
			}
		}
	}
	for _, lang := range []string{"fr", "de", "es", "pt", "cs", "ru"} {
		if !langs[lang] {
			t.Errorf("no fixture in %q", lang)
		}
	}
}
