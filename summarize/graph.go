package summarize

import (
	"math"
)

// build links every pair of sentences that share a content term, weighted by
// their similarity, scaled down for pairs within one article. Only pairs
// that share a term are visited (through an inverted index), never all
// pairs, so the cost follows the number of shared postings rather than the
// square of the number of sentences.
func (c *corpus) build() {
	n := len(c.sents)
	postings := c.postings
	var bm *bm25
	if c.p.Similarity == BM25 {
		bm = c.newBM25()
	}
	type edge struct {
		to int32
		w  float64
	}
	// Each sentence keeps its Neighbors heaviest edges (and every edge that
	// is among the heaviest of its other end), so that the graph and the
	// walk grow linearly with the story, not with the square of its
	// sentences. tops[i] holds the Neighbors heaviest weights of i's edges
	// seen so far; once full, an edge lighter than the lightest of them at
	// both ends can never be kept (the floors only rise), so it is not
	// stored: the lists hold the edges that may be kept, in the order met.
	k := c.p.Neighbors
	tops := make([]minHeap, n)
	backing := make([]float64, n*k)
	for i := range tops {
		tops[i] = backing[i*k : i*k : (i+1)*k]
	}
	lists := make([][]edge, n)
	acc := make([]float64, n)
	touched := make([]int32, 0, 64)
	// Postings are in sentence order; next[t] is the first posting of term
	// t after the sentence being linked, so that each pair is met once,
	// from its first sentence, without scanning the postings before it.
	next := make([]int32, len(c.words))
	for i := range c.sents {
		touched = touched[:0]
		for _, e := range c.sents[i].vec {
			ps := postings[e.term]
			from := next[e.term]
			for int(from) < len(ps) && int(ps[from].sent) <= i {
				from++
			}
			next[e.term] = from
			for _, p := range ps[from:] {
				j := p.sent
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
			ti, tj := &tops[i], &tops[j]
			if len(*ti) == k && w < (*ti)[0] && len(*tj) == k && w < (*tj)[0] {
				continue
			}
			ti.keep(w, k)
			tj.keep(w, k)
			lists[i] = append(lists[i], edge{j, w})
			lists[j] = append(lists[j], edge{int32(i), w})
		}
	}
	// floor[i] is the Neighbors-th heaviest weight of i's edges; with no
	// more edges than that, every edge of i is kept. (With exactly
	// Neighbors edges, the floor is the lightest of them: all are kept
	// too.)
	floor := make([]float64, n)
	for i, t := range tops {
		if len(t) == k {
			floor[i] = t[0]
		}
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

// minHeap holds the k largest of the weights offered to keep, smallest
// first: once every weight of a list has been offered, h[0] is its k-th
// largest, counting repeats — the value that sorting the list and taking
// the k-th from the top gives — found without sorting or keeping the list.
type minHeap []float64

// keep offers w to a heap of at most k weights.
func (h *minHeap) keep(w float64, k int) {
	s := *h
	if len(s) < k {
		s = append(s, w)
		for j := len(s) - 1; j > 0; { // sift up
			p := (j - 1) / 2
			if s[p] <= s[j] {
				break
			}
			s[p], s[j] = s[j], s[p]
			j = p
		}
		*h = s
		return
	}
	if w <= s[0] {
		return
	}
	s[0] = w
	for j := 0; ; { // sift down
		m, l, r := j, 2*j+1, 2*j+2
		if l < len(s) && s[l] < s[m] {
			m = l
		}
		if r < len(s) && s[r] < s[m] {
			m = r
		}
		if m == j {
			break
		}
		s[m], s[j] = s[j], s[m]
		j = m
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
