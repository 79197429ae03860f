package summarize

import (
	"context"
	"math"
	"slices"
)

// build links every pair of sentences that share a content term, weighted by
// their similarity, scaled down for pairs within one article. Only pairs
// that share a term are visited (through an inverted index), never all
// pairs. A term that more than CommonTerm sentences hold is not used to
// find pairs — each of its sentences would meet all the others, and the
// pairs would grow with the square of the story — but it still weighs in
// the similarity of a pair that a rarer term finds; so each posting meets
// at most CommonTerm others and the cost grows linearly with the story.
// It returns ctx's error if ctx ends first.
func (c *corpus) build(ctx context.Context) error {
	n := len(c.sents)
	postings := c.postings
	var bm *bm25
	if c.p.Similarity == BM25 {
		bm = c.newBM25()
	}
	// Each sentence keeps its Neighbors heaviest edges (and every edge that
	// is among the heaviest of its other end), so that the graph and the
	// walk grow linearly with the story, not with the square of its
	// sentences. tops[i] holds the Neighbors heaviest weights of i's edges
	// seen so far; once it is full, low[i] is the lightest of them, and an
	// edge lighter than low at both ends can never be kept (the floors only
	// rise), so it is not stored: met holds the edges that may be kept, in
	// the order met.
	//
	// A large story does not fit in the processor's caches, so what is read
	// for every pair met is kept in small dense arrays — low, art, the
	// common part of each vector — and the edges go to chunks written in
	// order, rather than to a list per sentence all over memory.
	k := c.p.Neighbors
	tops := make([]minHeap, n)
	backing := make([]float64, n*k)
	low := make([]float64, n)
	art := make([]int32, n)
	for i := range tops {
		tops[i] = backing[i*k : i*k : (i+1)*k]
		low[i] = math.Inf(-1)
		art[i] = int32(c.sents[i].article)
	}
	common := make([]bool, len(c.words))
	var comStart []int32 // sentence j's vector over common terms: comEnt[comStart[j]:comStart[j+1]]
	var comEnt []entry
	var commonW []float64 // commonW[t]: the weight of common term t in the sentence being linked
	for t, ps := range postings {
		common[t] = len(ps) > c.p.CommonTerm
		if common[t] && commonW == nil {
			commonW = make([]float64, len(c.words))
		}
	}
	if commonW != nil {
		comStart = make([]int32, n+1)
		for j := range c.sents {
			for _, e := range c.sents[j].vec {
				if common[e.Term] {
					comEnt = append(comEnt, e)
				}
			}
			comStart[j+1] = int32(len(comEnt))
		}
	}
	var met edgeChunks
	acc := make([]float64, n)
	touched := make([]int32, 0, 64)
	// Postings are in sentence order; next[t] is the first posting of term
	// t after the sentence being linked, so that each pair is met once,
	// from its first sentence, without scanning the postings before it.
	next := make([]int32, len(c.words))
	for i := range c.sents {
		if i%checkEvery == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		touched = touched[:0]
		hasCommon := false
		for _, e := range c.sents[i].vec {
			if common[e.Term] {
				commonW[e.Term] = e.W
				hasCommon = true
				continue
			}
			ps := postings[e.Term]
			from := next[e.Term]
			for int(from) < len(ps) && int(ps[from].sent) <= i {
				from++
			}
			next[e.Term] = from
			for _, p := range ps[from:] {
				j := p.sent
				if acc[j] == 0 {
					touched = append(touched, j)
				}
				acc[j] += e.W * p.w
			}
		}
		c.pairs += len(touched)
		for _, j := range touched {
			w := acc[j]
			acc[j] = 0
			if hasCommon {
				for _, f := range comEnt[comStart[j]:comStart[j+1]] {
					w += commonW[f.Term] * f.W
				}
			}
			if bm != nil {
				w = bm.sim(i, int(j))
			}
			if w < c.p.MinSimilarity {
				continue
			}
			if art[i] == art[j] {
				w *= c.p.IntraArticle
			}
			if w < low[i] && w < low[j] {
				continue
			}
			for _, x := range [2]int32{int32(i), j} {
				if tops[x].keep(w, k); len(tops[x]) == k {
					low[x] = tops[x][0]
				}
			}
			met.add(edge{int32(i), j, w})
		}
		if hasCommon {
			for _, e := range c.sents[i].vec {
				commonW[e.Term] = 0
			}
		}
	}
	// floor[i] is the Neighbors-th heaviest weight of i's edges; with no
	// more edges than that, every edge of i is kept. (With exactly
	// Neighbors edges, the floor is the lightest of them: all are kept
	// too.)
	floor := low
	for i := range floor {
		floor[i] = max(floor[i], 0)
	}
	// An edge is kept at both ends or at neither. Each sentence's edges are
	// laid out in the order met, as an i-to-j edge at i and a j-to-i edge
	// at j.
	keep := func(e edge) bool { return e.w >= floor[e.i] || e.w >= floor[e.j] }
	deg := make([]int, n+1)
	met.each(func(e edge) {
		if keep(e) {
			deg[e.i+1]++
			deg[e.j+1]++
		}
	})
	for i := range n {
		deg[i+1] += deg[i]
	}
	c.adjStart = slices.Clone(deg)
	c.adj = make([]int32, deg[n])
	c.adjW = make([]float64, deg[n])
	met.each(func(e edge) {
		if keep(e) {
			c.adj[deg[e.i]], c.adjW[deg[e.i]] = e.j, e.w
			deg[e.i]++
			c.adj[deg[e.j]], c.adjW[deg[e.j]] = e.i, e.w
			deg[e.j]++
		}
	})
	return nil
}

// edge is an edge of the sentence graph as met: i < j.
type edge struct {
	i, j int32
	w    float64
}

// edgeChunks holds edges in the order added, in chunks that double from
// 256 edges to 64K (1 MB): nothing is copied as it grows.
type edgeChunks [][]edge

func (m *edgeChunks) add(e edge) {
	s := *m
	if len(s) == 0 || len(s[len(s)-1]) == cap(s[len(s)-1]) {
		s = append(s, make([]edge, 0, 256<<min(len(s), 8)))
		*m = s
	}
	s[len(s)-1] = append(s[len(s)-1], e)
}

func (m edgeChunks) each(fn func(edge)) {
	for _, part := range m {
		for _, e := range part {
			fn(e)
		}
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
		if v[m].Term < t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(v) && v[lo].Term == t {
		return v[lo].W
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
		if b.c.weightOf(d, e.Term) > 0 {
			s += b.idf[e.Term] * (k1 + 1) / (1 + norm)
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
