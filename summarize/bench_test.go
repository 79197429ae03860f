package summarize_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/summarize"
)

// BenchmarkParisSummit digests the seed story: five articles, about 4,000
// words.
func BenchmarkParisSummit(b *testing.B) {
	arts, _ := loadStory(b, "paris-summit")
	mustSummarize(b, arts, summarize.Options{}) // warm up
	b.ReportAllocs()
	for b.Loop() {
		mustSummarize(b, arts, summarize.Options{})
	}
}

// BenchmarkParisSummitWholeSentences is the engine without compression:
// segmenting, graph, TextRank and selection of whole sentences.
func BenchmarkParisSummitWholeSentences(b *testing.B) {
	arts, _ := loadStory(b, "paris-summit")
	opts := summarize.Options{Params: summarize.Params{DisableCompression: true}}
	mustSummarize(b, arts, opts)
	b.ReportAllocs()
	for b.Loop() {
		mustSummarize(b, arts, opts)
	}
}

// largeStory builds a story of n articles from every shared story's
// articles, shuffled with a fixed seed: many sentences, little redundancy,
// the worst case for the graph.
func largeStory(b *testing.B, n int) []news.Article {
	b.Helper()
	dirs, _ := filepath.Glob(filepath.Join(sharedStories, "*", "reference.txt"))
	if len(dirs) == 0 {
		b.Skipf("skipping: no shared stories under %s", sharedStories)
	}
	var all []news.Article
	for _, d := range dirs {
		arts, _ := loadStory(b, filepath.Base(filepath.Dir(d)))
		all = append(all, arts...)
	}
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	for len(all) < n {
		all = append(all, all...)
	}
	return all[:n]
}

// BenchmarkLargeStory digests 25 to 150 articles, to show how the cost
// grows with the number of sentences.
func BenchmarkLargeStory(b *testing.B) {
	for _, n := range []int{25, 50, 100, 150} {
		arts := largeStory(b, n)
		sents := 0
		for _, a := range arts {
			sents += len(a.Text) / 130 // about a sentence per 130 bytes
		}
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			mustSummarize(b, arts, summarize.Options{})
			b.ReportAllocs()
			for b.Loop() {
				mustSummarize(b, arts, summarize.Options{})
			}
		})
	}
}

// unbounded lifts every limit of a digest's input.
var unbounded = summarize.Limits{ArticleBytes: -1, ArticleSentences: -1, Bytes: -1, Sentences: -1}

// BenchmarkPage digests one article of 1, 2, 4 and 8 MB of sentences
// (SyntheticText): "bounded" with the default Limits, which read the first
// 256 KB of it, and "unbounded" all of it, to show how the core grows
// with its input.
func BenchmarkPage(b *testing.B) {
	for _, bound := range []string{"bounded", "unbounded"} {
		for _, mb := range []int{1, 2, 4, 8} {
			arts := []news.Article{{Outlet: "Page", Title: "A long page", Text: summarize.SyntheticText(mb<<20, 1)}}
			opts := summarize.Options{}
			if bound == "unbounded" {
				opts.Limits = unbounded
			}
			b.Run(fmt.Sprintf("%s/MB=%d", bound, mb), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					mustSummarize(b, arts, opts)
				}
			})
		}
	}
}

// BenchmarkTenPages digests ten articles of 1 MB of sentences each, with
// the default Limits: what a /digest of ten long pages asks for, read to
// the total bound of 5,000 sentences.
func BenchmarkTenPages(b *testing.B) {
	var arts []news.Article
	for i := range 10 {
		arts = append(arts, news.Article{Outlet: fmt.Sprint("Page ", i), Title: "A long page", Text: summarize.SyntheticText(1<<20, uint64(i+1))})
	}
	b.ReportAllocs()
	for b.Loop() {
		mustSummarize(b, arts, summarize.Options{})
	}
}
