package summarize

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources"
)

// The pipeline's stages one by one, on the paris-summit story: the
// figures of docs/BENCHMARKS.md's "Stages" table.
//
//	go test -run '^$' -bench Stage -benchmem ./summarize

// parisSummit reads the seed story's articles as the digest command does,
// or skips where the shared stories are absent.
func parisSummit(b *testing.B) []news.Article {
	b.Helper()
	dir := filepath.Join("..", "..", "shared", "stories", "paris-summit", "articles")
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("skipping: %s not found (../shared is beside the clone in CI only)", dir)
	}
	arts, errs := sources.ReadPaths(context.Background(), []string{dir}, nil)
	if len(errs) > 0 || len(arts) == 0 {
		b.Fatalf("reading %s: %d articles, errors %v", dir, len(arts), errs)
	}
	return arts
}

// segmented returns the corpus of arts with the default limits.
func segmented(b *testing.B, arts []news.Article, p Params) *corpus {
	b.Helper()
	c, err := newCorpus(context.Background(), arts, p, Limits{}.withDefaults())
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// rankedCorpus returns the corpus of arts, ranked.
func rankedCorpus(b *testing.B, arts []news.Article) *corpus {
	b.Helper()
	c := segmented(b, arts, Options{}.withDefaults().Params)
	if err := c.rank(context.Background()); err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkStageSegment builds the corpus: blocks, Punkt sentences, words,
// stems, TF-IDF vectors, the headline vector.
func BenchmarkStageSegment(b *testing.B) {
	arts := parisSummit(b)
	p := Options{}.withDefaults().Params
	segmented(b, arts, p) // the Punkt model and the stem cache, once per process
	b.ReportAllocs()
	for b.Loop() {
		segmented(b, arts, p)
	}
}

// BenchmarkStageGraph links the sentences (inverted index, cosine, the
// Neighbors heaviest edges of each).
func BenchmarkStageGraph(b *testing.B) {
	c := segmented(b, parisSummit(b), Options{}.withDefaults().Params)
	b.ReportAllocs()
	for b.Loop() {
		c.adjStart, c.adj, c.adjW = nil, nil, nil
		c.build(context.Background())
	}
	b.ReportMetric(float64(len(c.sents)), "sentences")
	b.ReportMetric(float64(len(c.adj)), "edges")
}

// BenchmarkStageRank runs TextRank over the graph: the lead and headline
// prior, then the PageRank iteration.
func BenchmarkStageRank(b *testing.B) {
	c := segmented(b, parisSummit(b), Options{}.withDefaults().Params)
	c.build(context.Background())
	b.ReportAllocs()
	for b.Loop() {
		c.walk(context.Background())
	}
}

// BenchmarkStageTag tags the shortlist (60 sentences) with postag, on all
// cores.
func BenchmarkStageTag(b *testing.B) {
	c := rankedCorpus(b, parisSummit(b))
	short := c.shortlist(c.p.Shortlist)
	b.ReportAllocs()
	for b.Loop() {
		tagAll(context.Background(), c, short)
	}
}

// BenchmarkStageCompress makes the compressed candidates of the tagged
// shortlist: every variant, its checks, its vectors and concepts.
func BenchmarkStageCompress(b *testing.B) {
	c := rankedCorpus(b, parisSummit(b))
	opts := Options{}.withDefaults()
	short := c.shortlist(opts.Params.Shortlist)
	tags, _ := tagAll(context.Background(), c, short)
	var n int
	b.ReportAllocs()
	for b.Loop() {
		cands, _ := c.compressTagged(context.Background(), opts, short, tags)
		n = len(cands)
	}
	b.ReportMetric(float64(n), "candidates")
}

// BenchmarkStageSelect is the whole of choose — candidates (with tagging),
// concept weights, the lazy greedy selection — then attribution.
func BenchmarkStageSelect(b *testing.B) {
	c := rankedCorpus(b, parisSummit(b))
	opts := Options{}.withDefaults()
	b.ReportAllocs()
	for b.Loop() {
		picks, _ := c.choose(context.Background(), opts)
		for _, p := range picks {
			c.support(p)
		}
	}
}
