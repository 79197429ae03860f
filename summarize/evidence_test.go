package summarize_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/summarize"
	"github.com/digestbot/digestbot/tokenize"
)

// TestEvidence checks every bullet's evidence on invented stories that
// are always here and on shared stories (of several outlets sharing
// facts) where ../shared is present: one
// entry for each of the bullet's sources and no other; each entry a
// sentence of its article's text, as the summarizer splits it; and the
// bullet a word-for-word subsequence of its first entry, the sentence it
// was cut from (see evidenceSubsequence for how words are compared).
func TestEvidence(t *testing.T) {
	tests := []struct {
		name  string
		dir   string // an in-repo story's folder; "" for a shared story
		story string // a shared story's name
		opts  summarize.Options
	}{
		{name: "invented", dir: filepath.Join("testdata", "evidence")},
		{name: "invented by source", dir: filepath.Join("testdata", "evidence"), opts: summarize.Options{Order: summarize.BySource}},
		{name: "examples", dir: filepath.Join("..", "examples", "story")},
		{name: "paris-summit", story: "paris-summit"},
		{name: "paris-summit 200 words", story: "paris-summit", opts: summarize.Options{Words: 200}},
		{name: "multinews-004", story: "multinews-004"},
		{name: "multinews-007", story: "multinews-007"},
		{name: "multinews-015", story: "multinews-015"},
		{name: "multinews-022", story: "multinews-022"},
		{name: "multinews-033", story: "multinews-033"},
		{name: "multinews-040", story: "multinews-040"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var arts []news.Article
			if tt.dir != "" {
				var errs []error
				arts, errs = sources.ReadPaths(context.Background(), []string{tt.dir}, nil)
				for _, err := range errs {
					t.Errorf("reading %s: %v", tt.dir, err)
				}
			} else {
				arts, _ = loadStory(t, tt.story)
			}
			d := mustSummarize(t, arts, tt.opts)
			if len(d.Bullets) == 0 {
				t.Fatalf("the digest of %s has no bullets", tt.name)
			}
			multi := false
			for k, b := range d.Bullets {
				checkEvidence(t, arts, k, b)
				multi = multi || len(b.Evidence) > 1
			}
			if !multi {
				t.Errorf("no bullet of %s has evidence from two articles; want one at least", tt.name)
			}
		})
	}
}

// checkEvidence checks bullet k's evidence against the articles arts.
func checkEvidence(t *testing.T, arts []news.Article, k int, b news.Bullet) {
	t.Helper()
	if len(b.Evidence) != len(b.Sources) {
		t.Errorf("bullet %d %q: %d evidence entries for %d sources %v", k, b.Text, len(b.Evidence), len(b.Sources), b.Sources)
	}
	seen := map[int]bool{}
	for _, e := range b.Evidence {
		switch {
		case !slices.Contains(b.Sources, e.Source):
			t.Errorf("bullet %d %q: evidence from article %d, not among its sources %v", k, b.Text, e.Source, b.Sources)
			continue
		case seen[e.Source]:
			t.Errorf("bullet %d %q: two evidence entries from article %d", k, b.Text, e.Source)
		}
		seen[e.Source] = true
		if !slices.Contains(articleSentences(arts[e.Source]), e.Sentence) {
			t.Errorf("bullet %d %q: evidence %q is not a sentence of article %d (%s)", k, b.Text, e.Sentence, e.Source, arts[e.Source].URL)
		}
	}
	// Another article's sentence carries the fact as the attribution
	// measures it (support); it must share a content word at least.
	bw := contentWords(b.Text)
	for _, e := range b.Evidence[min(1, len(b.Evidence)):] {
		shared := false
		for w := range contentWords(e.Sentence) {
			shared = shared || bw[w]
		}
		if !shared {
			t.Errorf("bullet %d %q: evidence %q of article %d shares no content word with it", k, b.Text, e.Sentence, e.Source)
		}
	}
	if len(b.Evidence) > 0 && !evidenceSubsequence(b.Text, b.Evidence[0].Sentence) {
		t.Errorf("bullet %d %q is not a word-for-word subsequence of its first evidence %q", k, b.Text, b.Evidence[0].Sentence)
	}
}

// articleSentences returns the sentences of a's text as the summarizer
// splits them: by line, then by its language's sentence rules, trimmed.
func articleSentences(a news.Article) []string {
	l := tokenize.For(a.Language)
	var out []string
	for _, block := range tokenize.Blocks(a.Text) {
		for _, s := range l.Sentences(block) {
			out = append(out, strings.TrimSpace(s))
		}
	}
	return out
}

// evidenceSubsequence reports whether bullet's words appear in sentence
// in the same order, words deleted between them but none added or
// changed. Words are split at white space, and every Han or kana
// character is a word of its own; each word loses the punctuation and
// symbols at either end (unicode.IsPunct, unicode.IsSymbol: quotes,
// commas, full stops, brackets), and a word that is nothing else is
// dropped, so that "said," matches "said" and a deleted aside's comma
// counts for nothing. Words are compared case-sensitively, except the
// bullet's first letter, which compression upper-cases when the bullet
// starts inside a sentence ("said on Monday" becomes "Said on Monday").
func evidenceSubsequence(bullet, sentence string) bool {
	bw, sw := evidenceWords(bullet), evidenceWords(sentence)
	i := 0
	for _, w := range sw {
		if i == len(bw) {
			break
		}
		want := bw[i]
		if i == 0 {
			w = upperFirst(w)
		}
		if w == want {
			i++
		}
	}
	return i == len(bw)
}

// upperFirst returns w with its first letter upper-cased.
func upperFirst(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[n:]
}

// evidenceWords splits s into the words evidenceSubsequence compares.
func evidenceWords(s string) []string {
	var out []string
	add := func(w string) {
		w = strings.TrimFunc(w, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) })
		if w != "" {
			out = append(out, w)
		}
	}
	for _, f := range strings.Fields(s) {
		start := 0
		for i, r := range f {
			if tokenize.IsCJK(r) {
				add(f[start:i])
				add(string(r))
				start = i + utf8.RuneLen(r)
			}
		}
		add(f[start:])
	}
	return out
}

// TestEvidenceSubsequence pins down evidenceSubsequence, the comparison
// TestEvidence rests on: it must be able to fail.
func TestEvidenceSubsequence(t *testing.T) {
	tests := []struct {
		bullet, sentence string
		want             bool
	}{
		{"The council voted 7-2 to build a barrier", "The City Council voted 7-2 on Tuesday to build a barrier.", false}, // "council" is "Council"
		{"The City Council voted 7-2 to build a barrier", "The City Council voted 7-2 on Tuesday night to build a barrier.", true},
		{"Said the fare would fall", "Okafor, who runs it, said the fare would fall.", true},
		{"Okafor said the fare would rise", "Okafor said the fare would fall.", false},     // a word changed
		{"Okafor said the fare would fall now", "Okafor said the fare would fall.", false}, // a word added
		{"Fare would Okafor said", "Okafor said the fare would fall.", false},              // words reordered
		{"Repairs cost $3.2 million (about)", "Repairs, it said, cost “$3.2 million” (about).", true},
		{"北京市发布新规", "北京市今天发布新规；其他城市将跟进。", true},
		{"北京市发布旧规", "北京市今天发布新规。", false},
	}
	for _, tt := range tests {
		if got := evidenceSubsequence(tt.bullet, tt.sentence); got != tt.want {
			t.Errorf("evidenceSubsequence(%q, %q) = %v; want %v", tt.bullet, tt.sentence, got, tt.want)
		}
	}
}
