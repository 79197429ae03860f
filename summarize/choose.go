package summarize

import (
	"container/heap"
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/postag"
	"github.com/digestbot/digestbot/tokenize"
)

// candidate is a possible bullet: a whole sentence or a compressed span of
// one.
type candidate struct {
	sent    int // index of the source sentence
	text    string
	article int
	pos     int
	words   int     // whitespace words
	vec     []entry // unit TF-IDF vector
	content []int32 // distinct content terms, sorted
	score   float64 // the sum of its concepts' weights: its centrality
	// stems are the candidate's distinct content stems, as
	// tokenize.ContentStems counts them, for the redundancy test;
	// clauseStems those of each of its coordinated clauses, when it has
	// more than one.
	stems       []string
	clauseStems [][]string
	// concepts are the candidate's content words and word pairs (keys from
	// conceptKey), whose coverage the selection maximises.
	concepts   []uint64
	conceptIDs []int32   // the concepts' indexes in choose's weights, in the same order
	weights    []float64 // the concepts' weights, in the same order
	// main marks the pick that states the story's main event.
	main bool
	// whole marks a whole sentence in a language without compression
	// rules; only such a one may head a digest in that language.
	whole bool
}

// unigram and bigram keys for concepts.
func unigram(t int32) uint64   { return uint64(uint32(t)) }
func bigram(a, b int32) uint64 { return (uint64(uint32(a))+1)<<32 | uint64(uint32(b)) }

// conceptsOf returns the distinct concepts of a term sequence: every content
// term, and every pair of adjacent terms of which one is a content term.
func (c *corpus) conceptsOf(terms []int32) []uint64 {
	out := make([]uint64, 0, 2*len(terms))
	for i, t := range terms {
		if !c.stop[t] {
			out = append(out, unigram(t))
		}
		if i > 0 && (!c.stop[t] || !c.stop[terms[i-1]]) {
			out = append(out, bigram(terms[i-1], t))
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a] < out[b] })
	w := 0
	for i, k := range out {
		if i == 0 || k != out[i-1] {
			out[w] = k
			w++
		}
	}
	return out[:w]
}

// weighConcepts gives every concept of the candidates a weight: the sum,
// over articles, of the rank of the best-ranked sentence of the article that
// holds it. A concept is heavy when central sentences of many outlets carry
// it. It returns each concept's index in the weights, which are summed
// article by article in the order of the articles.
//
// Only the candidates' concepts are weighed (a concept no candidate has
// weighs nothing in the selection), and a sentence's concepts are visited
// as they come, repeats included: the best rank of an article is a maximum,
// which a repeat does not change.
func (c *corpus) weighConcepts(cands []candidate) (index map[uint64]int32, weights []float64) {
	index = make(map[uint64]int32)
	for k := range cands {
		for _, key := range cands[k].concepts {
			if _, ok := index[key]; !ok {
				index[key] = int32(len(index))
			}
		}
	}
	weights = make([]float64, len(index))
	best := make([]float64, len(index)) // within the current article; 0 when unseen
	var touched []int32
	flush := func() {
		for _, i := range touched {
			weights[i] += best[i]
			best[i] = 0
		}
		touched = touched[:0]
	}
	art := -1
	for si := range c.sents {
		s := &c.sents[si]
		if s.article != art {
			flush()
			art = s.article
		}
		r := s.rank
		see := func(key uint64) {
			if i, ok := index[key]; ok && r > best[i] {
				if best[i] == 0 {
					touched = append(touched, i)
				}
				best[i] = r
			}
		}
		for j, t := range s.terms {
			if !c.stop[t] {
				see(unigram(t))
			}
			if j > 0 && (!c.stop[t] || !c.stop[s.terms[j-1]]) {
				see(bigram(s.terms[j-1], t))
			}
		}
	}
	flush()
	return index, weights
}

// candidates returns the possible bullets: the best-ranked sentences (the
// shortlist), tagged, that stand alone as they are, and their compressed
// forms. It returns ctx's error if ctx ends first.
func (c *corpus) candidates(ctx context.Context, opts Options) ([]candidate, error) {
	short := c.shortlist(opts.Params.Shortlist)
	tags, err := c.tagEnglish(ctx, short)
	if err != nil {
		return nil, err
	}
	return c.compressTagged(ctx, opts, short, tags)
}

// tagEnglish tags those of the sentences idx that are read as English —
// the only ones compression works on — and leaves the others' tags nil.
// A sentence is tagged once a summary: later calls reuse its tags. It
// returns ctx's error if ctx ends first.
func (c *corpus) tagEnglish(ctx context.Context, idx []int) ([][]postag.Token, error) {
	if c.tags == nil {
		c.tags = make(map[int][]postag.Token)
	}
	var todo []int
	for _, si := range idx {
		if _, done := c.tags[si]; !done && c.langs[c.sents[si].article].English() {
			todo = append(todo, si)
		}
	}
	tags, err := tagAll(ctx, c, todo)
	if err != nil {
		return nil, err
	}
	for j, si := range todo {
		c.tags[si] = tags[j]
	}
	out := make([][]postag.Token, len(idx))
	for k, si := range idx {
		out[k] = c.tags[si] // nil for a sentence not read as English
	}
	return out, nil
}

// compressTagged returns the candidates of the tagged shortlist: each
// sentence whole, when it reads as a bullet, and (unless compression is
// off) every compressed form of it that still does and fits a bullet.
func (c *corpus) compressTagged(ctx context.Context, opts Options, short []int, tags [][]postag.Token) ([]candidate, error) {
	var out []candidate
	for k, si := range short {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s := &c.sents[si]
		if !c.langs[s.article].English() {
			out = append(out, c.plainCandidates(si, opts)...)
			continue
		}
		t := tagged{text: s.text, toks: tags[k]}
		if !t.reads() {
			continue
		}
		if text := tidy(s.text); standsAloneBullet(text) && t.keepsClause(nil) {
			out = append(out, c.newCandidate(si, text, s.terms))
		}
		if opts.Params.DisableCompression {
			continue
		}
		for _, del := range variants(t) {
			if len(del) == 0 {
				continue // the whole sentence, above
			}
			text := apply(s.text, del)
			n := news.CountWords(text)
			if n < opts.MinBulletWords || n > opts.MaxBulletWords || !standsAloneBullet(text) || !t.keepsClause(del) || !subsequence(text, s.text) {
				continue
			}
			out = append(out, c.newCandidate(si, text, c.keptTerms(si, del)))
		}
	}
	return out, nil
}

// shortlist returns the indexes of the n best-ranked sentences that can
// stand alone, among the first LeadRegion sentences of their articles.
func (c *corpus) shortlist(n int) []int {
	idx := make([]int, 0, len(c.sents))
	for i := range c.sents {
		if c.sents[i].ok && c.sents[i].pos < c.p.LeadRegion {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return c.sents[idx[a]].rank > c.sents[idx[b]].rank })
	if len(idx) > n {
		idx = idx[:n]
	}
	return idx
}

// keptTerms returns the term ids of sentence si's words outside del.
func (c *corpus) keptTerms(si int, del []span) []int32 {
	s := &c.sents[si]
	var out []int32
	for i, w := range s.words {
		gone := false
		for _, d := range del {
			if w.start >= d.from && w.end <= d.to {
				gone = true
				break
			}
		}
		if !gone {
			out = append(out, s.terms[i])
		}
	}
	return out
}

// newCandidate builds a candidate from a span of sentence si with the given
// term sequence.
func (c *corpus) newCandidate(si int, text string, terms []int32) candidate {
	s := &c.sents[si]
	cd := candidate{sent: si, text: text, article: s.article, pos: s.pos, vec: c.vector(terms)}
	cd.words = news.CountWords(text)
	seen := map[int32]bool{}
	for _, t := range terms {
		if !c.stop[t] && !seen[t] {
			seen[t] = true
			cd.content = append(cd.content, t)
		}
	}
	sort.Slice(cd.content, func(a, b int) bool { return cd.content[a] < cd.content[b] })
	cd.concepts = c.conceptsOf(terms)
	if l := c.langs[s.article]; !l.English() {
		cd.stems = l.ContentStems(text)
		if parts := plainClauses(text); len(parts) > 1 {
			for _, p := range parts {
				cd.clauseStems = append(cd.clauseStems, l.ContentStems(p))
			}
		}
		return cd
	}
	cd.stems = tokenize.ContentStems(text)
	if parts := clauseParts(text); len(parts) > 1 {
		for _, p := range parts {
			cd.clauseStems = append(cd.clauseStems, tokenize.ContentStems(p))
		}
	}
	return cd
}

// choose picks the bullets greedily: at each step the candidate whose
// concepts not yet covered weigh the most per word (words to the power
// LengthExponent), among those that fit the remaining budget and say
// something no pick says yet. Coverage is submodular — a candidate's gain
// only shrinks as picks accumulate — so gains are re-evaluated lazily
// (Minoux's accelerated greedy): a stale gain is an upper bound. It
// returns ctx's error if ctx ends first.
func (c *corpus) choose(ctx context.Context, opts Options) ([]candidate, error) {
	cands, err := c.candidates(ctx, opts)
	if err != nil {
		return nil, err
	}
	maxWords := opts.MaxBulletWords
	if opts.Params.DisableCompression {
		maxWords = opts.Words
	}
	index, weights := c.weighConcepts(cands)
	for k := range cands {
		cd := &cands[k]
		cd.weights = make([]float64, len(cd.concepts))
		cd.conceptIDs = make([]int32, len(cd.concepts))
		for i, key := range cd.concepts {
			id := index[key]
			cd.conceptIDs[i] = id
			cd.weights[i] = weights[id]
			cd.score += cd.weights[i]
		}
	}
	got := make([]bool, len(weights)) // by concept index: covered by a pick
	gain := func(cd *candidate) float64 {
		g := 0.0
		for i, id := range cd.conceptIDs {
			if opts.Params.DisableRedundancy || !got[id] {
				g += cd.weights[i]
			}
		}
		g /= math.Pow(float64(cd.words), opts.Params.LengthExponent)
		return g
	}
	h := make(gainHeap, 0, len(cands))
	for k := range cands {
		cd := &cands[k]
		if cd.words > maxWords || cd.words < opts.MinBulletWords || cd.words > opts.Words {
			continue
		}
		h = append(h, gainItem{k, gain(cd), 0})
	}
	heap.Init(&h)
	var picks []candidate
	left := opts.Words
	used := map[int]bool{}
	// The main event first: the candidate closest to what the articles'
	// openings say, which is where news puts it.
	if k := c.mainCandidate(cands, opts, maxWords, nil); k >= 0 {
		// The main event in full: the longest telling its sentence gives
		// within the cap (the headline may take a shorter one).
		for j := range cands {
			if o := &cands[j]; o.sent == cands[k].sent && o.words <= maxWords && o.words <= opts.Words && o.words > cands[k].words && len(o.clauseStems) <= len(cands[k].clauseStems) && subsequence(cands[k].text, o.text) {
				k = j
			}
		}
		cd := &cands[k]
		cd.main = true
		picks = append(picks, *cd)
		used[cd.sent] = true
		left -= cd.words
		for _, id := range cd.conceptIDs {
			got[id] = true
		}
	}
	for len(picks) < opts.Bullets && h.Len() > 0 {
		top := heap.Pop(&h).(gainItem)
		cd := &cands[top.cand]
		// Eligibility only ever shrinks, so a candidate that fails now is
		// dropped for good.
		if used[cd.sent] || cd.words > left || (!opts.Params.DisableRedundancy && c.redundant(cd, picks)) {
			continue
		}
		if top.round != len(picks) {
			top.gain, top.round = gain(cd), len(picks)
			heap.Push(&h, top)
			continue
		}
		if top.gain <= 0 {
			break
		}
		picks = append(picks, *cd)
		used[cd.sent] = true
		left -= cd.words
		for _, id := range cd.conceptIDs {
			got[id] = true
		}
	}
	if len(picks) == 0 {
		picks = c.fallback(cands, opts)
	}
	picks = splitFacts(picks, cands, opts)
	c.fact = c.factOf(cands, picks, opts)
	c.facts = c.factsOf(cands, picks, opts, maxWords)
	// Scores are shown relative to the most central bullet.
	best := 0.0
	for _, p := range picks {
		best = math.Max(best, p.score)
	}
	if best > 0 {
		for i := range picks {
			picks[i].score /= best
		}
		for i := range c.facts {
			c.facts[i].score /= best
		}
	}
	return picks, nil
}

// factOf returns the main event as a headline, for a story whose articles
// carry no proper title: the candidate of at most FactHeadlineWords words
// that mainCandidate would put first and that reads as a headline — in
// fewer words than the bullet of the same sentence when a shorter cut of
// it allows, else in the bullet's own, as a headline restates its lede.
// "" when none fits.
func (c *corpus) factOf(cands, picks []candidate, opts Options) string {
	shown := make(map[string]bool, len(picks))
	for _, p := range picks {
		shown[strings.ToLower(p.text)] = true
	}
	fits := func(cd *candidate) bool {
		if !cd.whole && !c.langs[cd.article].English() {
			return false // a headline in another language is a whole sentence
		}
		_, ok := c.headlineOf(cd.text)
		return ok && !quotation(cd.text) && !leansBack(cd.text) && !describedSubject(cd.text)
	}
	k := c.mainCandidate(cands, opts, FactHeadlineWords, fits)
	if k < 0 {
		return ""
	}
	if shown[strings.ToLower(cands[k].text)] {
		// The best is a bullet's words: a shorter telling from the same
		// sentence says it without repeating them; failing that the
		// headline restates its lede, as news headlines do. Another
		// sentence, however similar, is another fact ("Ashton was speaking
		// to journalists after meeting Mursi" is not "Ashton met Mursi").
		other := c.mainCandidate(cands, opts, FactHeadlineWords, func(cd *candidate) bool {
			return fits(cd) && !shown[strings.ToLower(cd.text)] && cd.sent == cands[k].sent
		})
		if other >= 0 {
			k = other
		}
	}
	text, _ := c.headlineOf(cands[k].text)
	return text
}

// describedSubject reports whether text's subject is a definite
// description of something it does not name — "The robberies occurred
// …", "To fulfil that goal, the company will …": a sentence that leans
// on what its article said before, which a bullet may be but a headline,
// read first and alone, may not. "The Shroud of Turin" is a name.
func describedSubject(text string) bool {
	ws := strings.Fields(text)
	if len(ws) == 0 {
		return false
	}
	subject := subjectAt(ws)
	for _, w := range ws[:subject] {
		switch strings.ToLower(strings.Trim(w, ",")) {
		case "that", "this", "these", "those":
			return true // "To fulfil that goal, …"
		}
	}
	if subject+1 >= len(ws) {
		return false
	}
	switch strings.ToLower(ws[subject]) {
	case "the", "this", "that", "these", "those", "both":
		next := ws[subject+1]
		r, _ := utf8.DecodeRuneInString(next)
		return !unicode.IsUpper(r) && !unicode.IsDigit(r) || calendarWords[strings.ToLower(strings.Trim(next, ".,;:’'s"))]
	}
	return false
}

// splitFacts shows a pick of two coordinated clauses that each stand
// alone as two bullets — the same words, less the conjunction — while
// the digest has room for more bullets: a bullet says one fact ("U.S.
// focus appeared to shift amid developments in Venezuela" and "Comments
// about Greenland strained ties with European partners").
func splitFacts(picks, cands []candidate, opts Options) []candidate {
	var out []candidate
	for i, p := range picks {
		if len(p.clauseStems) != 2 || len(out)+len(picks)-i >= opts.Bullets {
			out = append(out, p)
			continue
		}
		first, second := -1, -1
		lower := strings.ToLower(p.text)
		for k := range cands {
			cd := &cands[k]
			if cd.sent != p.sent || len(cd.clauseStems) > 0 || cd.words < opts.MinBulletWords {
				continue
			}
			ct := strings.ToLower(cd.text)
			switch {
			case strings.HasPrefix(lower, ct) && first < 0:
				first = k
			case strings.HasSuffix(lower, ct) && second < 0:
				second = k
			}
		}
		if first < 0 || second < 0 || cands[first].words+cands[second].words+1 < p.words {
			out = append(out, p) // the clauses do not make up the pick
			continue
		}
		a, b := cands[first], cands[second]
		a.main, a.score, b.score = p.main, p.score, p.score
		out = append(out, a, b)
	}
	return out
}

// mainCandidate returns the index of the candidate that states the
// story's main event — the one most similar to the articles' openings
// (their first two sentences, the first weighing double), where news
// states what happened — among those that fit a bullet; -1 when none
// does.
func (c *corpus) mainCandidate(cands []candidate, opts Options, maxWords int, accept func(*candidate) bool) int {
	// Each article's opening: its first sentence.
	leads := make([]map[int32]float64, c.articles)
	for i := range c.sents {
		s := &c.sents[i]
		if s.pos > 0 {
			continue
		}
		w := 1.0
		if leads[s.article] == nil {
			leads[s.article] = map[int32]float64{}
		}
		for _, e := range s.vec {
			leads[s.article][e.Term] += w * e.W
		}
	}
	vecs := make([][]entry, c.articles)
	for a, m := range leads {
		vecs[a] = unit(m)
	}
	best, bestSim := -1, 0.0
	for k := range cands {
		cd := &cands[k]
		// The main event is the outlets' own statement in an opening
		// sentence: not a quotation, not a detail further down.
		if cd.words > maxWords || cd.words < opts.MinBulletWords || cd.words > opts.Words || cd.pos > 2 || quotation(cd.text) || accept != nil && !accept(cd) {
			continue
		}
		// What the other outlets' openings say too: a story of one
		// article has only its own.
		sim, n := 0.0, 0
		for a, v := range vecs {
			if v == nil || a == cd.article && c.articles > 1 {
				continue
			}
			sim += cosine(cd.vec, v)
			n++
		}
		if n == 0 {
			continue
		}
		sim = sim / float64(n) * math.Sqrt(cd.score)
		if len(cd.clauseStems) > 1 {
			sim /= float64(len(cd.clauseStems)) // one fact first; the others may follow
		}
		if sim > bestSim {
			best, bestSim = k, sim
		}
	}
	return best
}

// unit returns a sparse vector, sorted by term, scaled to length 1; nil
// for an empty one.
func unit(m map[int32]float64) []entry {
	if len(m) == 0 {
		return nil
	}
	v := make([]entry, 0, len(m))
	norm := 0.0
	for t, w := range m {
		v = append(v, entry{Term: t, W: w})
		norm += w * w
	}
	norm = math.Sqrt(norm)
	for i := range v {
		v[i].W /= norm
	}
	slices.SortFunc(v, func(a, b entry) int { return int(a.Term) - int(b.Term) })
	return v
}

// fallback returns one bullet for a story whose candidates were all left
// out by the greedy choice — a single short article of long sentences —
// so that a digest is not empty while the story has a sentence that reads
// as a bullet within the bullet cap: the best-ranked such candidate,
// shorter than the cap but however short. The cap always holds: a story
// whose every candidate is longer gets no bullet.
func (c *corpus) fallback(cands []candidate, opts Options) []candidate {
	best := -1
	for k := range cands {
		cd := &cands[k]
		if cd.words > opts.Words || cd.words > opts.MaxBulletWords || cd.words < 3 {
			continue
		}
		if best < 0 || c.sents[cd.sent].rank > c.sents[cands[best].sent].rank ||
			cd.sent == cands[best].sent && cd.words < cands[best].words {
			best = k
		}
	}
	if best < 0 {
		return nil
	}
	return []candidate{cands[best]}
}

// gainItem is a candidate in the lazy greedy's queue, with the gain it had
// when last evaluated and the number of picks at that time.
type gainItem struct {
	cand  int
	gain  float64
	round int
}

// gainHeap is a max-heap of gainItems; ties go to the earlier candidate,
// so that choices do not depend on heap internals.
type gainHeap []gainItem

func (h gainHeap) Len() int { return len(h) }
func (h gainHeap) Less(i, j int) bool {
	if h[i].gain != h[j].gain {
		return h[i].gain > h[j].gain
	}
	return h[i].cand < h[j].cand
}
func (h gainHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *gainHeap) Push(x any)   { *h = append(*h, x.(gainItem)) }
func (h *gainHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// redundant reports whether cd says what a pick already says: it shares
// more than the Redundancy share of the shorter one's content words, or is
// as similar as two tellings of the same fact.
func (c *corpus) redundant(cd *candidate, picks []candidate) bool {
	for i := range picks {
		p := &picks[i]
		if tokenize.Overlap(cd.stems, p.stems) > c.p.Redundancy {
			return true
		}
		// A bullet of two clauses tells two facts: a shorter bullet that
		// repeats one of them is redundant too.
		for _, cl := range p.clauseStems {
			if tokenize.Overlap(cd.stems, cl) > c.p.Redundancy {
				return true
			}
		}
		if cosine(cd.vec, p.vec) >= c.p.SameFact {
			return true
		}
	}
	return false
}

// support returns the articles that carry p's fact: its own, and every
// article with a sentence that contains most of the bullet's content —
// at least the Support share of its TF-IDF mass, and two content words.
// Containment, not cosine, because a bullet is short and the sentences
// that carry its fact elsewhere are long. With them it returns their
// evidence: the sentence p was cut from first, then, for every other
// article in order, its first sentence found to carry the fact — of two
// adjacent sentences that carry it together, the one holding more of it.
func (c *corpus) support(p candidate) ([]int, []news.Evidence) {
	// found: article → 1 + its first sentence that carries the fact (0:
	// none); the article's own is the sentence p was cut from.
	found := make([]int32, c.articles)
	found[p.article] = int32(p.sent) + 1
	total := 0.0
	for _, t := range p.content {
		total += c.idf[t]
	}
	switch {
	case total == 0:
	case len(p.content) <= 64:
		c.supportByPostings(p, total, found)
	default:
		c.supportScan(p, total, found)
	}
	var out []int
	ev := []news.Evidence{{Source: p.article, Sentence: c.sents[p.sent].text}}
	for a, si := range found {
		if si == 0 {
			continue
		}
		out = append(out, a)
		if a != p.article {
			ev = append(ev, news.Evidence{Source: a, Sentence: c.sents[c.carrier(p, int(si-1))].text})
		}
	}
	return out, ev
}

// carrier returns which of sentence i and the next sentence of its
// article holds more of p's content (by IDF mass; i on a tie): the one to
// show as evidence when support found p's fact in the two together.
func (c *corpus) carrier(p candidate, i int) int {
	mass := func(si int) float64 {
		m := 0.0
		for _, e := range c.sents[si].vec {
			if _, ok := slices.BinarySearch(p.content, e.Term); ok {
				m += c.idf[e.Term]
			}
		}
		return m
	}
	if j := i + 1; j < len(c.sents) && c.sents[j].article == c.sents[i].article && mass(j) > mass(i) {
		return j
	}
	return i
}

// supportScan marks in found the first sentence of each article that
// carries p's fact, alone or with the next one (1 + its index), reading
// every sentence; total is the IDF mass of p's content terms.
func (c *corpus) supportScan(p candidate, total float64, found []int32) {
	// Two adjacent sentences may share a fact between them: "Leaders
	// met in Paris. U.S. attention shifted to Venezuela."
	in := make([]bool, len(p.content))
	for i := range c.sents {
		s := &c.sents[i]
		if found[s.article] > 0 {
			continue
		}
		clear(in)
		mark := func(v []entry) {
			for _, e := range v {
				if k, ok := slices.BinarySearch(p.content, e.Term); ok {
					in[k] = true
				}
			}
		}
		mark(s.vec)
		if !slices.Contains(in, true) {
			continue // the window that starts at the next sentence holds more
		}
		if i+1 < len(c.sents) && c.sents[i+1].article == s.article {
			mark(c.sents[i+1].vec)
		}
		shared, n := 0.0, 0
		for k, ok := range in {
			if ok {
				shared += c.idf[p.content[k]]
				n++
			}
		}
		if n >= 2 && shared/total >= c.p.Support {
			found[s.article] = int32(i) + 1
		}
	}
}

// supportByPostings marks in found what supportScan marks, visiting only
// the sentences that hold one of p's (at most 64) content terms: a digest
// credits every fact it lists (Digest.Facts), and most sentences share no
// word with a given one. Of an article it keeps the first sentence that
// carries the fact, as supportScan does, whatever the order of the visit.
func (c *corpus) supportByPostings(p candidate, total float64, found []int32) {
	masks := map[int32]uint64{} // sentence → which of p.content it holds
	for k, t := range p.content {
		for _, ps := range c.postings[t] {
			masks[ps.sent] |= 1 << k
		}
	}
	// A sentence holds the fact alone or with the next one of its article:
	// only a sentence that holds a term need be tried, for one that holds
	// none adds nothing to the next.
	own := found[p.article]
	for i, m := range masks {
		s := &c.sents[i]
		if f := found[s.article]; (f > 0 && f <= i+1) || s.article == p.article && own > 0 {
			continue
		}
		if int(i)+1 < len(c.sents) && c.sents[i+1].article == s.article {
			m |= masks[i+1]
		}
		shared, n := 0.0, 0
		for k := range p.content {
			if m&(1<<k) != 0 {
				shared += c.idf[p.content[k]]
				n++
			}
		}
		if n >= 2 && shared/total >= c.p.Support {
			found[s.article] = i + 1
		}
	}
}

// clauseParts splits a bullet at the joints of coordinated clauses — a
// semicolon, ", but", ", and", ", while", ", yet" — for the redundancy
// test; a bullet of one clause is one part.
func clauseParts(text string) []string {
	parts := []string{text}
	for _, sep := range []string{"; ", ", but ", ", and ", ", while ", ", yet ", ", whereas "} {
		var next []string
		for _, p := range parts {
			next = append(next, strings.Split(p, sep)...)
		}
		parts = next
	}
	return parts
}

// leansBack reports whether a text holds a pronoun of the third person,
// which a headline, read first, has nothing to point back to ("One bullet
// shattered his wife's arm").
func leansBack(text string) bool {
	for _, w := range strings.Fields(text) {
		switch strings.ToLower(strings.Trim(w, ".,;:!?\"“”‘’'()")) {
		case "he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "hers", "theirs":
			return true
		}
	}
	return false
}
