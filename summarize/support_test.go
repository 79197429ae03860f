package summarize

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/digestbot/digestbot/news"
)

// TestSupportByPostings: the credits found through the postings are those
// a scan of every sentence finds, for every sentence of a story taken as a
// fact, whole and cut to its first half, with adjacent sentences that
// share a fact between them.
func TestSupportByPostings(t *testing.T) {
	var arts []news.Article
	for i := range 6 {
		arts = append(arts, news.Article{Outlet: fmt.Sprint("Outlet ", i), Text: syntheticText(6000, uint64(i%3+1))})
	}
	arts = append(arts,
		news.Article{Outlet: "A", Text: "Leaders met in Paris on Monday. U.S. attention shifted to Venezuela."},
		news.Article{Outlet: "B", Text: "Leaders met in Paris as U.S. attention shifted to Venezuela and Greenland."})
	c, err := newCorpus(context.Background(), arts, Options{}.withDefaults().Params, Limits{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	credited := 0
	for si := range c.sents {
		s := &c.sents[si]
		for _, terms := range [][]int32{s.terms, s.terms[:len(s.terms)/2]} {
			p := c.newCandidate(si, s.text, terms)
			total := 0.0
			for _, t := range p.content {
				total += c.idf[t]
			}
			if total == 0 || len(p.content) > 64 {
				continue
			}
			scan, post := make([]int32, c.articles), make([]int32, c.articles)
			scan[p.article], post[p.article] = int32(si)+1, int32(si)+1
			c.supportScan(p, total, scan)
			c.supportByPostings(p, total, post)
			if !slices.Equal(scan, post) {
				t.Fatalf("sentence %d %q: postings credit %v; the scan %v", si, s.text, post, scan)
			}
			for a, f := range scan {
				if f > 0 && a != p.article {
					credited++
				}
			}
		}
	}
	if credited == 0 {
		t.Fatal("no fact was credited to another article: the test compares nothing")
	}
}
