package story

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"

	"github.com/digestbot/digestbot/internal/sparse"
	"github.com/digestbot/digestbot/news"
)

// hashHex returns the first 16 hexadecimal digits of the SHA-256 of s.
func hashHex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:8])
}

// founder returns the document that founded cluster c: its earliest
// article by publication time (articles of unknown time after all others),
// then by key, then in canonical order. Articles that join a story later
// are published later, so the founder, and the ID made from it, stay.
func (g *grouper) founder(c *cluster) *doc {
	var best *doc
	for _, i := range c.members {
		d := g.docs[i]
		if best == nil || earlier(d, best) {
			best = d
		}
	}
	return best
}

// earlier reports whether d was published before e; members come in
// canonical order, so that ties keep the first.
func earlier(d, e *doc) bool {
	dt, et := d.art.Published, e.art.Published
	switch {
	case dt.IsZero() != et.IsZero():
		return et.IsZero()
	case !dt.Equal(et):
		return dt.Before(et)
	default:
		return d.key < e.key
	}
}

// knownStory is a story of an earlier run, as the grouper compares it.
type knownStory struct {
	id   string
	keys []string // its articles' keys
	sum  []entry  // sum of its articles' unit vectors
	n    int      // vectors in sum
	lang string   // its language (news.MainLanguage of its articles)
	span timeSpan // when its dated articles were published
}

// match is a possible continuation: cluster c of this run and known story
// k, which share shared articles and have score sim (see grouper.score).
type match struct {
	c, k   int
	shared int
	sim    float64
}

// assignIDs returns the ID of each cluster. A cluster that continues a
// known story takes its ID: the cluster sharing most articles with it,
// else the most similar among those it would merge with (a score of 1 or
// more, see grouper.score); each known ID goes to
// at most one cluster. Every other cluster's ID is made from its founder's
// key, and is never a known ID or another cluster's.
func (g *grouper) assignIDs(clusters []*cluster, known []news.Story) []string {
	ids := make([]string, len(clusters))
	ks := g.knownStories(known)
	used := map[string]bool{}
	ms := g.matches(clusters, ks)
	slices.SortFunc(ms, func(a, b match) int {
		return cmp.Or(
			cmp.Compare(b.shared, a.shared),
			cmp.Compare(b.sim, a.sim),
			cmp.Compare(ks[a.k].id, ks[b.k].id),
			cmp.Compare(clusters[a.c].members[0], clusters[b.c].members[0]),
		)
	})
	for _, m := range ms {
		id := ks[m.k].id
		if ids[m.c] != "" || used[id] {
			continue
		}
		ids[m.c], used[id] = id, true
	}
	reserved := make(map[string]bool, len(ks))
	for _, k := range ks {
		reserved[k.id] = true
	}
	// Clusters are in the canonical order of their first members, which
	// does not depend on the input order.
	for i, c := range clusters {
		if ids[i] != "" {
			continue
		}
		key := g.founder(c).key
		id := hashHex(key)
		for n := 1; used[id] || reserved[id]; n++ {
			id = hashHex(key + "\x00" + strconv.Itoa(n))
		}
		ids[i], used[id] = id, true
	}
	return ids
}

// knownStories returns the known stories with an ID, those of the same ID
// joined, in ID order, each with the sum of its articles' vectors: the
// vector of the same article in this run's input, else one made from the
// known article's text with this run's lexicon.
func (g *grouper) knownStories(known []news.Story) []knownStory {
	byKey := make(map[string]*doc, len(g.docs))
	for _, d := range g.docs {
		if _, ok := byKey[d.key]; !ok {
			byKey[d.key] = d
		}
	}
	idx := map[string]int{}
	var ks []knownStory
	var keys [][]string
	var langs [][]news.Article // per known story, its articles' languages
	for _, s := range known {
		if s.ID == "" {
			continue
		}
		i, ok := idx[s.ID]
		if !ok {
			i = len(ks)
			idx[s.ID] = i
			ks = append(ks, knownStory{id: s.ID})
			keys = append(keys, nil)
			langs = append(langs, nil)
		}
		for _, a := range s.Articles {
			langs[i] = append(langs[i], news.Article{Language: a.Language})
			ks[i].span = ks[i].span.join(timeSpan{a.Published, a.Published})
			key := articleKey(a)
			if slices.Contains(keys[i], key) {
				continue
			}
			keys[i] = append(keys[i], key)
			var v []entry
			if d, ok := byKey[key]; ok {
				v = d.vec
			} else {
				v, _ = g.lex.vectorize(g.lex.count(a, g.p.bodyWords, false), g.p)
			}
			if len(v) == 0 {
				continue
			}
			ks[i].sum = sparse.Sum(ks[i].sum, v)
			ks[i].n++
		}
		ks[i].keys = keys[i]
		ks[i].lang = news.MainLanguage(langs[i])
	}
	slices.SortFunc(ks, func(a, b knownStory) int { return cmp.Compare(a.id, b.id) })
	return ks
}

// matches returns every pair of a cluster and a known story it may
// continue: they are not in two different languages, and they share an
// article or would merge if the known story's articles were in this run
// (their score reaches 1). Known stories are found through their
// articles' keys and the heaviest terms of their vectors.
func (g *grouper) matches(clusters []*cluster, ks []knownStory) []match {
	if len(ks) == 0 {
		return nil
	}
	byKey := map[string][]int{}
	post := map[int32][]int{}
	for k, s := range ks {
		for _, key := range s.keys {
			byKey[key] = append(byKey[key], k)
		}
		for _, t := range topTerms(s.sum, g.p.indexTerms) {
			post[t] = append(post[t], k)
		}
	}
	limit := maxPosting(len(ks))
	var out []match
	shared := map[int]int{}
	for ci, c := range clusters {
		clear(shared)
		for _, i := range c.members {
			d := g.docs[i]
			for _, k := range byKey[d.key] {
				shared[k]++
			}
			for _, t := range d.top {
				if len(post[t]) > limit {
					continue
				}
				for _, k := range post[t] {
					if _, ok := shared[k]; !ok {
						shared[k] = 0
					}
				}
			}
		}
		for k, n := range shared {
			if !sameLanguage(c.lang, ks[k].lang) {
				continue // a story in another language, however alike
			}
			m := match{c: ci, k: k, shared: n}
			if ks[k].n > 0 {
				d, top := sparse.DotTop(c.sum, ks[k].sum)
				m.sim = g.score(d, top, c.extent(), extent{ks[k].n, ks[k].span})
			}
			if n > 0 || m.sim >= 1 {
				out = append(out, m)
			}
		}
	}
	return out
}
