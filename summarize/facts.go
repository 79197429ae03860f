package summarize

import (
	"sort"

	"github.com/digestbot/digestbot/tokenize"
)

// DefaultFacts is the most facts a digest lists (news.Digest.Facts) unless
// Options.Facts says otherwise.
const DefaultFacts = 40

// factsOf returns every bullet-worthy fact of the story, most central
// first, at most opts.Facts (DefaultFacts when zero; none when negative).
// The facts are the picks and the candidates — each passed the checks a
// bullet passes — that fit a bullet as the picks do, each left out when
// the facts kept before it cover it (tokenize.Covered: one of them holds
// most of its words and all of its numbers and names). The sentences of
// the picks are read first, then the others by their best candidate's
// centrality; within a sentence the longest telling comes first, so that
// a sentence gives its fullest telling, and a shorter one only when it
// states something else (the other clause of two). A sentence is read
// once however many articles carry it word for word. So the fact of a
// sentence does not depend on how the story ranks it, and a later digest
// of the story tells its facts as this one did. Scores are the
// candidates' own, not yet relative to the best pick.
func (c *corpus) factsOf(cands, picks []candidate, opts Options, maxWords int) []candidate {
	limit := opts.Facts
	if limit < 0 {
		return nil
	}
	if limit == 0 {
		limit = DefaultFacts
	}
	items := append([]candidate(nil), picks...)
	for k := range cands {
		cd := &cands[k]
		if cd.words <= maxWords && cd.words >= opts.MinBulletWords && cd.words <= opts.Words {
			items = append(items, *cd)
		}
	}
	// Each sentence text, its place in the reading order: a pick's first,
	// then by its best centrality.
	type group struct {
		pick  bool
		best  float64
		first int
	}
	groups := map[string]*group{}
	for i := range items {
		text := c.sents[items[i].sent].text
		g := groups[text]
		if g == nil {
			g = &group{best: items[i].score, first: i}
			groups[text] = g
		}
		g.pick = g.pick || i < len(picks)
		g.best = max(g.best, items[i].score)
	}
	sort.SliceStable(items, func(a, b int) bool {
		ga, gb := groups[c.sents[items[a].sent].text], groups[c.sents[items[b].sent].text]
		switch {
		case ga.pick != gb.pick:
			return ga.pick
		case ga.best != gb.best:
			return ga.best > gb.best
		case ga.first != gb.first:
			return ga.first < gb.first
		}
		return items[a].words > items[b].words
	})
	var facts []candidate
	var gists []tokenize.Gist
	for _, it := range items {
		if len(facts) == limit {
			break
		}
		g := c.langs[it.article].Gist(it.text)
		if tokenize.Covered(g, gists) {
			continue
		}
		facts = append(facts, it)
		gists = append(gists, g)
	}
	// Most central first.
	sort.SliceStable(facts, func(a, b int) bool { return facts[a].score > facts[b].score })
	return facts
}
