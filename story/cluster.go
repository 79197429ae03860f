package story

import "github.com/digestbot/digestbot/internal/sparse"

// cluster is a group of documents being built.
type cluster struct {
	members []int32 // document indexes, ascending
	// sum is the sum of the members' unit vectors: the mean similarity of
	// two clusters, over all their pairs of members, is
	// sparse.Dot(a.sum, b.sum) / (len(a.members) × len(b.members)).
	sum []entry
	// lang is the language of its members whose language is known: a
	// cluster never holds two ("" while none is known).
	lang string
	// span is when its dated members were published.
	span timeSpan
	ver  int32
	// next are clusters with a member pair above the threshold, by the
	// number each had when the pair was found: resolve them with find.
	next []int32
}

// link is a candidate merge of clusters a < b at their versions va, vb,
// with its score (see grouper.score).
type link struct {
	score  float64
	a, b   int32
	va, vb int32
}

// before orders links: the highest score first, then the lowest cluster
// numbers, so that merges happen in one order whatever the input order.
func (l link) before(m link) bool {
	if l.score != m.score {
		return l.score > m.score
	}
	if l.a != m.a {
		return l.a < m.a
	}
	return l.b < m.b
}

// linkHeap is a binary heap of links, the first by before on top.
type linkHeap []link

func (h *linkHeap) push(l link) {
	*h = append(*h, l)
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if !s[i].before(s[p]) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

// init orders h as a heap.
func (h linkHeap) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h *linkHeap) pop() link {
	s := *h
	top := s[0]
	last := len(s) - 1
	s[0] = s[last]
	*h = s[:last]
	h.down(0)
	return top
}

// down moves the link at i down to its place.
func (h linkHeap) down(i int) {
	s := h
	for {
		c := 2*i + 1
		if c >= len(s) {
			break
		}
		if c+1 < len(s) && s[c+1].before(s[c]) {
			c++
		}
		if !s[c].before(s[i]) {
			break
		}
		s[i], s[c] = s[c], s[i]
		i = c
	}
}

// cluster groups the documents by average linkage (UPGMA): starting from
// one cluster per document, it merges the two clusters of highest score
// while that score reaches 1 — their mean pairwise similarity, less what
// their heaviest shared term adds, reaches what the time between them
// needs (see grouper.score). Only clusters joined by a pair in ps can
// reach it. Unlike single linkage, a chain of
// pairwise similar articles does not merge two stories: every new member
// must resemble the whole story on average. Two clusters whose articles
// are in two different languages never merge: an article of unknown
// language joins one story, in whatever language, and then joins it to
// no other.
//
// The clusters returned are in the order of their first members.
func (g *grouper) cluster(ps []pair) []*cluster {
	n := len(g.docs)
	cs := make([]cluster, n)
	parent := make([]int32, n) // union-find: a merged cluster points to the one it joined
	for i, d := range g.docs {
		cs[i] = cluster{members: []int32{int32(i)}, sum: d.vec, lang: d.art.Language, span: spanOf(d)}
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	h := make(linkHeap, 0, len(ps))
	for _, p := range ps {
		cs[p.a].next = append(cs[p.a].next, p.b)
		cs[p.b].next = append(cs[p.b].next, p.a)
		if p.score >= 1 {
			h = append(h, link{score: p.score, a: p.a, b: p.b})
		}
	}
	h.init()
	seen := make([]int32, n) // seen[c] == stamp: c already visited in this merge
	stamp := int32(0)
	dense := make([]float64, len(g.lex.df)) // the merged cluster's sum, by term
	for len(h) > 0 {
		l := h.pop()
		if parent[l.a] != l.a || parent[l.b] != l.b || cs[l.a].ver != l.va || cs[l.b].ver != l.vb {
			continue // one of them has changed since
		}
		if !sameLanguage(cs[l.a].lang, cs[l.b].lang) {
			continue // an article of unknown language joined one of them to another language
		}
		if !g.noBridge(&cs[l.a], &cs[l.b], dense) || !g.noBridge(&cs[l.b], &cs[l.a], dense) {
			continue // held together by one article
		}
		// Merge b into a, then weigh a against every neighbour of either.
		a, b := &cs[l.a], &cs[l.b]
		parent[l.b] = l.a
		a.members = mergeSorted(a.members, b.members)
		a.sum = sparse.Sum(a.sum, b.sum)
		a.span = a.span.join(b.span)
		if a.lang == "" {
			a.lang = b.lang
		}
		a.ver++
		next := append(a.next, b.next...)
		*b = cluster{}
		stamp++
		for _, e := range a.sum {
			dense[e.Term] = e.W
		}
		a.next = next[:0]
		for _, x := range next {
			x = find(x)
			if x == l.a || seen[x] == stamp {
				continue
			}
			seen[x] = stamp
			a.next = append(a.next, x)
			c := &cs[x]
			if !sameLanguage(a.lang, c.lang) {
				continue
			}
			d, top := overlap(dense, c.sum)
			score := g.score(d, top, a.extent(), c.extent())
			if score < 1 {
				continue
			}
			lo, hi := l.a, x
			if hi < lo {
				lo, hi = hi, lo
			}
			h.push(link{score: score, a: lo, b: hi, va: cs[lo].ver, vb: cs[hi].ver})
		}
		for _, e := range a.sum {
			dense[e.Term] = 0
		}
	}
	var out []*cluster
	for i := range cs {
		if parent[i] == int32(i) {
			out = append(out, &cs[i])
		}
	}
	return out
}

// noBridge reports whether clusters a and b stay as similar as the
// threshold on average without the member of a most like b. A roundup
// article that tells two stories is very like both; it can lift the mean
// similarity of two small stories over the threshold on its own, and
// average linkage then merges them through it. A story of one article is
// never a bridge. dense is scratch, all zeros, of the lexicon's size.
func (g *grouper) noBridge(a, b *cluster, dense []float64) bool {
	if len(a.members) < 2 || len(b.members) < 2 || g.p.bridges {
		return true
	}
	for _, e := range b.sum {
		dense[e.Term] = e.W
	}
	var total, top float64
	for _, i := range a.members {
		d, _ := overlap(dense, g.docs[i].vec)
		total += d
		top = max(top, d)
	}
	for _, e := range b.sum {
		dense[e.Term] = 0
	}
	return (total-top)/float64((len(a.members)-1)*len(b.members)) >= g.p.threshold
}

// extent returns what score needs to know of c.
func (c *cluster) extent() extent { return extent{len(c.members), c.span} }

// mergeSorted returns the union of two ascending, disjoint lists.
func mergeSorted(a, b []int32) []int32 {
	out := make([]int32, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i] < b[j] {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}
