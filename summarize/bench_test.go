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
	summarize.Summarize(arts, summarize.Options{}) // warm up
	b.ReportAllocs()
	for b.Loop() {
		summarize.Summarize(arts, summarize.Options{})
	}
}

// BenchmarkParisSummitWholeSentences is the engine without compression:
// segmenting, graph, TextRank and selection of whole sentences.
func BenchmarkParisSummitWholeSentences(b *testing.B) {
	arts, _ := loadStory(b, "paris-summit")
	opts := summarize.Options{Params: summarize.Params{DisableCompression: true}}
	summarize.Summarize(arts, opts)
	b.ReportAllocs()
	for b.Loop() {
		summarize.Summarize(arts, opts)
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
			summarize.Summarize(arts, summarize.Options{})
			b.ReportAllocs()
			for b.Loop() {
				summarize.Summarize(arts, summarize.Options{})
			}
		})
	}
}
