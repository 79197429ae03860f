package summarize

import (
	"context"
	"math"
)

// rank scores every sentence with TextRank: PageRank over the weighted
// sentence graph, teleporting to a lead prior (earlier sentences of each
// article more likely), so that a sentence is central when many sentences
// of other articles say the same. It returns ctx's error if ctx ends
// first.
func (c *corpus) rank(ctx context.Context) error {
	if err := c.build(ctx); err != nil {
		return err
	}
	return c.walk(ctx)
}

// walk runs the PageRank iteration over the graph that build made, looking
// at ctx between iterations.
func (c *corpus) walk(ctx context.Context) error {
	n := len(c.sents)
	prior := make([]float64, n)
	sum := 0.0
	for i, s := range c.sents {
		w := 1.0
		if !c.p.DisablePosition {
			w = c.p.position(s.pos)
		}
		if !c.p.DisableTitle && len(c.titles) > 0 {
			w *= 1 + c.p.TitleWeight*cosine(s.vec, c.titles)
		}
		prior[i] = w
		sum += w
	}
	for i := range prior {
		prior[i] /= sum
	}
	out := make([]float64, n)
	for i := 0; i < n; i++ {
		for k := c.adjStart[i]; k < c.adjStart[i+1]; k++ {
			out[i] += c.adjW[k]
		}
	}
	d := c.p.Damping
	r := append([]float64(nil), prior...)
	next := make([]float64, n)
	for iter := 0; iter < 100; iter++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		dangling := 0.0
		for i := 0; i < n; i++ {
			if out[i] == 0 {
				dangling += r[i]
			}
		}
		for i := 0; i < n; i++ {
			next[i] = (1-d)*prior[i] + d*dangling*prior[i]
		}
		for j := 0; j < n; j++ {
			if out[j] == 0 {
				continue
			}
			share := d * r[j] / out[j]
			for k := c.adjStart[j]; k < c.adjStart[j+1]; k++ {
				next[c.adj[k]] += share * c.adjW[k]
			}
		}
		delta := 0.0
		for i := range r {
			delta += math.Abs(next[i] - r[i])
		}
		r, next = next, r
		if delta < 1e-7 {
			break
		}
	}
	for i := range c.sents {
		c.sents[i].rank = r[i]
		if !c.p.DisablePosition && c.p.PositionMultiply {
			c.sents[i].rank *= c.p.position(c.sents[i].pos)
		}
	}
	return nil
}

// position is the lead prior of the sentence at position k of its article.
func (p Params) position(k int) float64 {
	if p.PositionScale > 0 {
		return 1 / math.Pow(1+float64(k)/p.PositionScale, p.PositionDecay)
	}
	return 1 / math.Pow(float64(k+1), p.PositionDecay)
}
