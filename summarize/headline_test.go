package summarize_test

import (
	"context"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/summarize"
	"github.com/digestbot/digestbot/tokenize"
)

// barrier is an invented story told by four outlets: each leads with the
// council's vote on the flood barrier, then adds background of its own.
var barrier = []string{
	"The Harwick council approved an $86 million flood barrier for the River Tane on Tuesday night.\n" +
		"The vote was seven to two after a debate that lasted four hours.\n" +
		"Construction of the barrier is due to start in the spring of next year.",
	"Harwick councillors voted on Tuesday to build an $86 million flood barrier along the River Tane.\n" +
		"The river burst its banks three times in the past decade, flooding hundreds of homes in the lower town.\n" +
		"Two councillors said the cost was too high for a town of its size.",
	"A flood barrier for the River Tane will be built after the Harwick council approved the $86 million plan.\n" +
		"Shop owners on Quay Street, who lost stock in the floods of 2019, welcomed the decision.\n" +
		"The barrier will be paid for by a regional grant and a loan.",
	"The River Tane flood barrier won the approval of the Harwick council on Tuesday, at a cost of $86 million.\n" +
		"Engineers expect the barrier to protect the lower town from a flood of the size seen once a century.\n" +
		"The town's library, closed since the last flood, reopens in May.",
}

// barrierArticles returns the barrier story with the given titles, one an
// article ("" for none).
func barrierArticles(titles ...string) []news.Article {
	arts := make([]news.Article, len(barrier))
	for i, text := range barrier {
		arts[i] = news.Article{ID: string(rune('a' + i)), Outlet: "Outlet " + string(rune('A'+i)), Text: text}
		if i < len(titles) {
			arts[i].Title = titles[i]
		}
	}
	return arts
}

// description is a feed's 60-word summary standing in an item's title.
const description = "Harwick's council approved on Tuesday night an $86 million flood barrier for the River Tane, after a four-hour debate in which " +
	"two councillors said the cost was too high for a town of its size, while shop owners on Quay Street who lost stock in the floods " +
	"of 2019 welcomed a decision that engineers say will protect the lower town from a flood of the size seen once a century."

func TestHeadline(t *testing.T) {
	const proper = "Harwick approves $86 million River Tane flood barrier"
	tests := []struct {
		name   string
		titles []string
		want   string // "" for a fact cut from a sentence
	}{
		{"a proper title", []string{"", proper}, proper},
		{"the short title of two about as central", []string{
			"Harwick council votes to approve an $86 million flood barrier for the River Tane on Tuesday night after debate",
			"Harwick backs $86 million flood barrier"}, "Harwick backs $86 million flood barrier"},
		{"a description beside a title", []string{description, "Council backs flood barrier"}, "Council backs flood barrier"},
		{"a standfirst beside a title", []string{
			"The Harwick council approved an $86 million flood barrier for the River Tane on Tuesday night, and construction starts next spring",
			"Harwick backs flood barrier"}, "Harwick backs flood barrier"},
		{"boilerplate titles only", []string{"936 SHARES Share Tweet", "Story highlights", "Please verify you are a human", "Advertisement"}, ""},
		{"a description only", []string{description}, ""},
		{"no titles", nil, ""},
		{"a title about something else", []string{"", "", "", "Harwick library to reopen in May after repairs"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts := barrierArticles(tt.titles...)
			d := mustSummarize(t, arts, summarize.Options{})
			if tt.want != "" {
				if d.Title != tt.want {
					t.Errorf("Title = %q; want %q", d.Title, tt.want)
				}
				return
			}
			checkFactHeadline(t, d, arts)
		})
	}
}

// checkFactHeadline checks a headline cut from the story's sentences: a
// proper headline of at most FactHeadlineWords words, the words of one
// source sentence in their order, about the main event, and not any
// bullet word for word.
func checkFactHeadline(t *testing.T, d news.Digest, arts []news.Article) {
	t.Helper()
	h := d.Title
	if _, ok := news.Headline(h); !ok {
		t.Fatalf("Title = %q: not a proper headline", h)
	}
	if n := news.CountWords(h); n > summarize.FactHeadlineWords {
		t.Errorf("Title = %q: %d words; want at most %d", h, n, summarize.FactHeadlineWords)
	}
	from := ""
	for _, a := range arts {
		for _, block := range tokenize.Blocks(a.Text) {
			for _, s := range tokenize.Sentences(block) {
				if inOrder(h, s) {
					from = s
				}
			}
		}
	}
	if from == "" {
		t.Errorf("Title = %q: not the words of any source sentence", h)
	}
	if !strings.Contains(h, "barrier") || !strings.Contains(h, "Harwick") {
		t.Errorf("Title = %q; want the council's approval of the barrier", h)
	}
	for _, b := range d.Bullets {
		if strings.EqualFold(b.Text, h) {
			t.Errorf("Title = %q repeats a bullet word for word", h)
		}
	}
}

// inOrder reports whether the words of short are words of long, in the
// same order (deletion only; the first letter's case and a final stop
// aside).
func inOrder(short, long string) bool {
	sw := strings.Fields(strings.ToLower(short))
	i := 0
	for _, w := range strings.Fields(strings.ToLower(long)) {
		if i < len(sw) && strings.TrimRight(w, ".") == strings.TrimRight(sw[i], ".") {
			i++
		}
	}
	return i == len(sw)
}

// TestHeadlineStatesTheMainEvent checks that a fact headline states the
// story's main event — it is cut from the sentence of the first bullet —
// in other words than the bullets' where that sentence allows (the
// default cap), and otherwise restates the first bullet, as a headline
// restates its lede; never another bullet.
func TestHeadlineStatesTheMainEvent(t *testing.T) {
	arts := barrierArticles()
	for _, opts := range []summarize.Options{{}, {Words: 30}, {Bullets: 1}, {MaxBulletWords: 14}} {
		d, err := summarize.Summarize(context.Background(), arts, opts)
		if err != nil {
			t.Fatal(err)
		}
		if d.Title == "" || len(d.Bullets) == 0 {
			t.Fatalf("Summarize(%+v): headline %q, %d bullets", opts, d.Title, len(d.Bullets))
		}
		if !strings.Contains(d.Title, "approved") || !strings.Contains(d.Title, "barrier") {
			t.Errorf("Summarize(%+v): headline %q; want the council's approval of the barrier", opts, d.Title)
		}
		for i, b := range d.Bullets {
			if strings.EqualFold(b.Text, d.Title) && (i > 0 || opts.MaxBulletWords == 0) {
				t.Errorf("Summarize(%+v): headline %q repeats bullet %d", opts, d.Title, i+1)
			}
		}
	}
}
