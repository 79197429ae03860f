package eval_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/eval"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/summarize"
	"github.com/digestbot/digestbot/tokenize"
)

// langsDir holds the invented stories of the per-language reading: one
// folder per language, named by its ISO 639-1 code, of story folders.
const langsDir = "langs"

// capWords is the bullet cap the reading is made at: the default.
const capWords = 20

// TestLanguageCorpus digests every story of eval/langs the way `digestbot
// eval --words 100 eval/langs/<code>` does, and checks that each article
// and each digest is read in the folder's language, and that every bullet
// is a word-for-word span of one sentence of its story's articles, within
// the cap, that the labelling tools find in one run.
func TestLanguageCorpus(t *testing.T) {
	entries, err := os.ReadDir(langsDir)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, e := range entries {
		if e.IsDir() {
			codes = append(codes, e.Name())
		}
	}
	for _, want := range []string{"cs", "de", "es", "fr", "pt", "ru", "ur", "zh"} {
		if !slices.Contains(codes, want) {
			t.Errorf("%s has no folder %q", langsDir, want)
		}
	}
	for _, code := range codes {
		t.Run(code, func(t *testing.T) {
			ctx := context.Background()
			results, err := eval.Run(ctx, filepath.Join(langsDir, code), eval.Options{
				Words: 100,
				Load: func(ctx context.Context, dir string) ([]news.Article, error) {
					arts, errs := sources.ReadPaths(ctx, []string{dir}, nil)
					return arts, errors.Join(errs...)
				},
				Summarize: func(arts []news.Article, words int) news.Digest {
					d, err := summarize.Summarize(ctx, arts, summarize.Options{Words: words, MaxBulletWords: capWords, Order: summarize.ByRank})
					if err != nil {
						t.Error(err)
					}
					return d
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(results) < 3 {
				t.Errorf("%d stories; want at least 3", len(results))
			}
			distinct := map[string]bool{}
			for _, r := range results {
				for _, a := range r.Input {
					if a.Language != code {
						t.Errorf("%s: %s read as language %q; want %q", r.Story, filepath.Base(a.URL), a.Language, code)
					}
				}
				if r.Digest.Language != code {
					t.Errorf("%s: digest language %q; want %q", r.Story, r.Digest.Language, code)
				}
				if len(r.Digest.Bullets) == 0 {
					t.Errorf("%s: no bullets", r.Story)
				}
				// Every article here opens with its headline: the digest is
				// headed by one of those read, not by a sentence. (A Czech
				// headline of two sentences, "… budoucnost. Sklárna je …",
				// is not read as one: docs/QUALITY.md.)
				var titles []string
				for _, a := range r.Input {
					if a.Title != "" {
						titles = append(titles, a.Title)
					}
				}
				if len(titles) == 0 {
					t.Errorf("%s: no headline read", r.Story)
				} else if !slices.Contains(titles, r.Digest.Title) {
					t.Errorf("%s: headline %q; want one of the articles' titles %q", r.Story, r.Digest.Title, titles)
				}
				for _, b := range r.Digest.Bullets {
					distinct[b.Text] = true
					if n := news.CountWords(b.Text); n > capWords {
						t.Errorf("%s: bullet %q has %d words; want at most %d", r.Story, b.Text, n, capWords)
					}
					if !spanOfSentence(r.Input, b.Text) {
						t.Errorf("%s: bullet %q is not a word-for-word span of any sentence of its articles", r.Story, b.Text)
					}
					if o, ok := eval.Locate(r.Input, b); !ok || strings.Contains(o.Kept, ",") {
						t.Errorf("%s: Locate(%q) = %q kept %q, %v; want one run of one sentence", r.Story, b.Text, o.Text, o.Kept, ok)
					}
				}
			}
			t.Logf("%s: %d stories, %d distinct bullets", code, len(results), len(distinct))
		})
	}
}

// spanOfSentence reports whether text, its white space aside, is a
// contiguous part of one sentence of one of the articles, split as the
// summarizer splits the article's language.
func spanOfSentence(arts []news.Article, text string) bool {
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	text = norm(text)
	for _, a := range arts {
		l := tokenize.For(a.Language)
		for _, block := range tokenize.Blocks(a.Text) {
			for _, s := range l.Sentences(block) {
				if strings.Contains(norm(s), text) {
					return true
				}
			}
		}
	}
	return false
}
