package summarize

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/digestbot/digestbot/news"
)

// sentencesText returns n distinct sentences, one line each, numbered
// from first.
func sentencesText(first, n int) string {
	var b strings.Builder
	for i := first; i < first+n; i++ {
		fmt.Fprintf(&b, "Reporters counted item %d of the council budget on Tuesday.\n", i)
	}
	return b.String()
}

func TestShares(t *testing.T) {
	tests := []struct {
		sizes []int
		total int
		want  []int
	}{
		{[]int{10, 20, 30}, 100, []int{10, 20, 30}},
		{[]int{10, 20, 30}, 60, []int{10, 20, 30}},
		{[]int{10, 20, 30}, 45, []int{10, 17, 17}},
		{[]int{30, 30, 30}, 30, []int{10, 10, 10}},
		{[]int{5, 100}, 50, []int{5, 45}},
		{[]int{100, 5, 100}, 50, []int{22, 5, 22}},
		{[]int{7}, 0, []int{0}},
		{nil, 10, []int{}},
	}
	for _, tt := range tests {
		if got := shares(tt.sizes, tt.total); !slices.Equal(got, tt.want) {
			t.Errorf("shares(%v, %d) = %v; want %v", tt.sizes, tt.total, got, tt.want)
		}
	}
}

// TestLimitsBoundInput: whatever the articles hold, a digest reads the
// first sentences of each within the per-article limits, and an equal
// share of the totals.
func TestLimitsBoundInput(t *testing.T) {
	long := func(n int) news.Article { return news.Article{Text: sentencesText(0, n)} }
	small := Limits{ArticleBytes: 100 << 10, ArticleSentences: 40, Bytes: 300 << 10, Sentences: 100}
	tests := []struct {
		name string
		arts []news.Article
		lim  Limits
		want []int // sentences read of each article
	}{
		{"within every limit", []news.Article{long(10), long(20)}, small, []int{10, 20}},
		{"per-article sentences", []news.Article{long(50), long(10)}, small, []int{40, 10}},
		{"total sentences shared alike", []news.Article{long(40), long(40), long(40), long(40)}, small, []int{25, 25, 25, 25}},
		{"a short article leaves its share", []news.Article{long(4), long(40), long(40)}, small, []int{4, 40, 40}},
		{"per-article bytes", []news.Article{long(30)}, Limits{ArticleBytes: 600, ArticleSentences: -1, Bytes: -1, Sentences: -1}, []int{10}},
		{"total bytes shared alike", []news.Article{long(30), long(30)}, Limits{ArticleBytes: -1, ArticleSentences: -1, Bytes: 1200, Sentences: -1}, []int{10, 10}},
		{"no limits", []news.Article{long(3000)}, Limits{-1, -1, -1, -1}, []int{3000}},
		{"default: 1,000 sentences an article", []news.Article{long(3000)}, Limits{}, []int{1000}},
		{"default: 5,000 sentences a digest", []news.Article{long(900), long(900), long(900), long(900), long(900), long(900), long(900), long(900)}, Limits{}, []int{625, 625, 625, 625, 625, 625, 625, 625}},
		{"default: 256 KB an article", []news.Article{{Text: strings.Repeat("x", 300<<10) + "\n" + sentencesText(0, 10)}}, Limits{}, []int{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := newCorpus(context.Background(), tt.arts, Options{}.withDefaults().Params, tt.lim.withDefaults())
			if err != nil {
				t.Fatal(err)
			}
			got := make([]int, len(tt.arts))
			for _, s := range c.sents {
				if s.pos != got[s.article] {
					t.Fatalf("article %d: sentence %q at position %d; want %d (its lead, in order)", s.article, s.text, s.pos, got[s.article])
				}
				if !strings.Contains(tt.arts[s.article].Text, s.text) {
					t.Fatalf("sentence %q is not from article %d", s.text, s.article)
				}
				got[s.article]++
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("sentences read of each article = %v; want %v", got, tt.want)
			}
		})
	}
}

// TestCheckReadsWhatSummarizeReads: an article whose first 256 KB hold no
// sentence is not digestible, whatever follows.
func TestCheckReadsWhatSummarizeReads(t *testing.T) {
	lead := strings.Repeat("Menu\n", (DefaultArticleBytes+1000)/5)
	if err := Check(news.Article{Text: lead + sentencesText(0, 5)}); !errors.Is(err, ErrNoSentences) {
		t.Errorf("Check(256 KB of menus, then sentences) = %v; want ErrNoSentences", err)
	}
	if err := Check(news.Article{Text: sentencesText(0, 5) + lead}); err != nil {
		t.Errorf("Check(sentences, then menus) = %v; want nil", err)
	}
}

// countdown is a context that ends at the n-th look at its Err: it shows
// where a computation looks at its context, without timing anything.
type countdown struct {
	context.Context
	left atomic.Int64
}

func newCountdown(n int64) *countdown {
	c := &countdown{Context: context.Background()}
	c.left.Store(n)
	return c
}

func (c *countdown) Err() error {
	if c.left.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// TestSummarizeStops: Summarize looks at its context within its long loops,
// not only between stages, and gives up with the context's error.
func TestSummarizeStops(t *testing.T) {
	arts := []news.Article{{Outlet: "Page", Title: "A long page", Text: syntheticText(1<<20, 1)}}
	opts := Options{Limits: Limits{-1, -1, -1, -1}}
	// How often a whole digest looks: more than once per stage.
	full := newCountdown(1 << 40)
	if _, err := Summarize(full, arts, opts); err != nil {
		t.Fatal(err)
	}
	looks := 1<<40 - full.left.Load()
	if looks < 100 {
		t.Fatalf("Summarize looked at its context %d times for 10,000 sentences; want it to look within its loops", looks)
	}
	for _, at := range []int64{0, 1, looks / 4, looks / 2, looks - 1} {
		d, err := Summarize(newCountdown(at), arts, opts)
		if !errors.Is(err, context.Canceled) || len(d.Bullets) > 0 {
			t.Errorf("context ending at look %d of %d: Summarize = %d bullets, %v; want none and context.Canceled", at, looks, len(d.Bullets), err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Summarize(ctx, arts, Options{}); !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "summarize: ") {
		t.Errorf("Summarize(cancelled) = %v; want summarize: context canceled", err)
	}
}

// TestGraphGrowsLinearly: four times the sentences meet at most about four
// times the pairs and allocate about four times the memory. When every
// shared word linked sentences, the pairs grew with the square of the
// story: a word of Zipf's law's head is in a share of all sentences.
func TestGraphGrowsLinearly(t *testing.T) {
	type cost struct {
		sents, pairs int
		bytes        uint64
	}
	measure := func(size int) cost {
		arts := []news.Article{{Text: syntheticText(size, 1)}}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		c, err := newCorpus(context.Background(), arts, Options{}.withDefaults().Params, Limits{-1, -1, -1, -1})
		if err == nil {
			err = c.rank(context.Background())
		}
		if err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return cost{len(c.sents), c.pairs, after.TotalAlloc - before.TotalAlloc}
	}
	small, large := measure(256<<10), measure(1<<20)
	scale := float64(large.sents) / float64(small.sents)
	t.Logf("%d → %d sentences (×%.1f): %d → %d pairs, %d → %d bytes", small.sents, large.sents, scale, small.pairs, large.pairs, small.bytes, large.bytes)
	if r := float64(large.pairs) / float64(small.pairs); r > 1.25*scale {
		t.Errorf("pairs met grew ×%.1f for ×%.1f the sentences; want at most about linear", r, scale)
	}
	if r := float64(large.bytes) / float64(small.bytes); r > 1.25*scale {
		t.Errorf("memory allocated grew ×%.1f for ×%.1f the sentences; want at most about linear", r, scale)
	}
}
