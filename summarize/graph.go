package summarize

import (
	"math"
	"slices"
)

// build links every pair of sentences that share a content term, weighted by
// their similarity, scaled down for pairs within one article. Only pairs
// that share a term are visited (through an inverted index), never all
// pairs, so the cost follows the number of shared postings rather than the
// square of the number of sentences.
func (c *corpus) build() {
	n := len(c.sents)
	type posting struct {
		sent int32
		w    float64
	}
	postings := make([][]posting, len(c.words))
	for si, s := range c.sents {
		for _, e := range s.vec {
			postings[e.term] = append(postings[e.term], posting{int32(si), e.w})
		}
	}
	var bm *bm25
	if c.p.Similarity == BM25 {
		bm = c.newBM25()
	}
	type edge struct {
		to int32
		w  float64
	}
	lists := make([][]edge, n)
	acc := make([]float64, n)
	touched := make([]int32, 0, 64)
	for i := range c.sents {
		touched = touched[:0]
		for _, e := range c.sents[i].vec {
			for _, p := range postings[e.term] {
				j := p.sent
				if int(j) <= i {
					continue
				}
				if acc[j] == 0 {
					touched = append(touched, j)
				}
				acc[j] += e.w * p.w
			}
		}
		for _, j := range touched {
			w := acc[j]
			acc[j] = 0
			if bm != nil {
				w = bm.sim(i, int(j))
			}
			if w < c.p.MinSimilarity {
				continue
			}
			if c.sents[i].article == c.sents[j].article {
				w *= c.p.IntraArticle
			}
			lists[i] = append(lists[i], edge{j, w})
			lists[j] = append(lists[j], edge{int32(i), w})
		}
	}
	// Keep each sentence's Neighbors heaviest edges (and every edge that is
	// among the heaviest of its other end), so that the graph and the walk
	// grow linearly with the story, not with the square of its sentences.
	floor := make([]float64, n)
	for i, l := range lists {
		if len(l) <= c.p.Neighbors {
			continue
		}
		ws := make([]float64, len(l))
		for k, e := range l {
			ws[k] = e.w
		}
		slices.Sort(ws)
		floor[i] = ws[len(ws)-c.p.Neighbors]
	}
	c.adjStart = make([]int, n+1)
	for i, l := range lists {
		for _, e := range l {
			if e.w >= floor[i] || e.w >= floor[e.to] {
				c.adj = append(c.adj, e.to)
				c.adjW = append(c.adjW, e.w)
			}
		}
		c.adjStart[i+1] = len(c.adj)
	}
}

// weightOf returns term t's weight in sentence j's unit vector.
func (c *corpus) weightOf(j int, t int32) float64 {
	v := c.sents[j].vec
	lo, hi := 0, len(v)
	for lo < hi {
		m := (lo + hi) / 2
		if v[m].term < t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(v) && v[lo].term == t {
		return v[lo].w
	}
	return 0
}

// bm25 scores one sentence as a query against another (Robertson's BM25
// with k1 = 1.2, b = 0.75), symmetrised and squashed into [0, 1).
type bm25 struct {
	c     *corpus
	idf   []float64
	avgdl float64
	lens  []float64
}

func (c *corpus) newBM25() *bm25 {
	b := &bm25{c: c, idf: make([]float64, len(c.words)), lens: make([]float64, len(c.sents))}
	N := float64(len(c.sents))
	for t, df := range c.sdf {
		if df > 0 {
			b.idf[t] = math.Log(1 + (N-float64(df)+0.5)/(float64(df)+0.5))
		}
	}
	total := 0.0
	for i, s := range c.sents {
		b.lens[i] = float64(len(s.vec))
		total += b.lens[i]
	}
	if len(c.sents) > 0 {
		b.avgdl = total / N
	}
	return b
}

func (b *bm25) score(q, d int) float64 {
	const k1, bb = 1.2, 0.75
	s := 0.0
	norm := k1 * (1 - bb + bb*b.lens[d]/b.avgdl)
	for _, e := range b.c.sents[q].vec {
		if b.c.weightOf(d, e.term) > 0 {
			s += b.idf[e.term] * (k1 + 1) / (1 + norm)
		}
	}
	return s
}

func (b *bm25) sim(i, j int) float64 {
	s := (b.score(i, j) + b.score(j, i)) / 2
	// Squash to [0,1) so that MinSimilarity and SameFact mean alike for
	// both weightings: a score of 10 (a few rare shared terms) maps to 0.5.
	return s / (s + 10)
}
