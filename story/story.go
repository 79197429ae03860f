package story

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/digestbot/digestbot/internal/sparse"
	"github.com/digestbot/digestbot/news"
)

// Defaults of Options, chosen on the shared evaluation stories and the
// labelled feeds (see the package documentation for the figures).
const (
	// DefaultThreshold is the least mean similarity between two groups of
	// articles for them to be one story, counted without the term they
	// share that adds most to it, when they were published within a news
	// cycle of each other.
	DefaultThreshold = 0.0825
	// DefaultBodyWords is how many words of an article's body, from its
	// start, describe it: the lead says what the story is, while the rest
	// wanders into background that other stories share.
	DefaultBodyWords = 300
	// DefaultTitleWeight is how much a headline word adds to its weight in
	// the article's vector, on top of 1 + ln(count) for its body
	// occurrences.
	DefaultTitleWeight = 2
	// DefaultIndexTerms is how many of an article's heaviest terms go into
	// the inverted index that proposes candidate pairs.
	DefaultIndexTerms = 20
	// DefaultNewsCycle is how far apart in publication time two groups of
	// articles may be and still join at Threshold: a day and a half, the
	// life of one event's first reports and the reactions to them.
	// Farther apart, each doubling of the time between them adds Threshold
	// to the similarity they need.
	DefaultNewsCycle = 36 * time.Hour
)

// defaultNameWeight is how much more a name weighs than a plain word: a
// term that the body mostly capitalizes where a sentence does not force it
// ("Harford", "Craigslist") tells one event from another better than the
// words every story of its kind uses ("shot", "police").
const defaultNameWeight = 1

// maxTerms bounds an article's vector to its heaviest terms: what is
// dropped weighs little, and short vectors keep the comparisons cheap.
const maxTerms = 100

// Options configure Group. The zero value groups with the defaults and
// without history.
type Options struct {
	// Threshold is the least mean cosine similarity, over all pairs of
	// articles across two groups and without their heaviest shared term,
	// for groups published within NewsCycle of each other to merge; 0 or
	// less means DefaultThreshold. Higher splits more.
	Threshold float64
	// Known are stories from earlier runs, with their IDs and articles. A
	// group that shares articles with a known story, or is as similar to it
	// as Threshold, takes its ID. Known stories never change how articles
	// are grouped, only what the groups are called.
	Known []news.Story
	// BodyWords is how many words of each article's text, from its start,
	// are compared; 0 or less means DefaultBodyWords.
	BodyWords int
	// TitleWeight is the weight a headline word adds; 0 means
	// DefaultTitleWeight, and a negative weight ignores headlines.
	TitleWeight float64
	// IndexTerms is how many of each article's heaviest terms are indexed
	// to find the pairs worth comparing; 0 or less means
	// DefaultIndexTerms. More finds more pairs, slower.
	IndexTerms int
	// NewsCycle is how far apart in publication time two groups may be
	// and still merge at Threshold (see DefaultNewsCycle); 0 means
	// DefaultNewsCycle, and a negative value ignores publication times.
	NewsCycle time.Duration
	// Background, when set, counts terms over more articles than the
	// input — the store's recent articles, say — so that a name common in
	// the news of the past days weighs little even when few of today's
	// articles have it. See NewBackground.
	Background *Background
}

// params are Options with the defaults filled in.
type params struct {
	threshold   float64
	bodyWords   int
	titleWeight float64
	indexTerms  int
	newsCycle   time.Duration // 0: publication times are ignored
	// Not options: the sweep in the tests varies them.
	nameWeight float64
	bridges    bool // let one article hold two groups together
	oneTerm    bool // let one shared term hold two groups together
}

func (o Options) params() params {
	return params{
		threshold:   positiveOr(o.Threshold, DefaultThreshold),
		bodyWords:   positiveOr(o.BodyWords, DefaultBodyWords),
		titleWeight: defaultOrOff(o.TitleWeight, DefaultTitleWeight),
		indexTerms:  positiveOr(o.IndexTerms, DefaultIndexTerms),
		newsCycle:   defaultOrOff(o.NewsCycle, DefaultNewsCycle),
		nameWeight:  defaultNameWeight,
	}
}

// number is the kinds of Options field.
type number interface {
	~int | ~int64 | ~float64
}

// positiveOr returns v, or def when v is zero or negative.
func positiveOr[T number](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// defaultOrOff returns def when v is zero, zero (off) when v is
// negative, else v.
func defaultOrOff[T number](v, def T) T {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

// need returns the mean similarity two groups published gap apart need
// to merge: the threshold within a news cycle, and one threshold more
// for each doubling of the gap beyond it. A week apart they need three
// times what articles of the same day need, a month apart five times:
// only a developing story told in the same words joins across weeks, and
// the yearly editions of one event (an awards show, a trade fair) never
// join.
func (p params) need(gap time.Duration) float64 {
	if p.newsCycle <= 0 || gap <= p.newsCycle {
		return p.threshold
	}
	return p.threshold * (1 + math.Log2(float64(gap)/float64(p.newsCycle)))
}

// Group returns the stories among articles, ranked by number of distinct
// outlets, then recency (latest article), then size, then ID. Every
// article is in exactly one story; an article like no other is a story of
// its own. Each story's articles come most central first, its Title is its
// most central proper headline (news.Headline; "" when none of its
// articles has one), and its ID
// is stable across runs (see the package documentation).
//
// The result does not depend on the order of articles. Group does no I/O
// and does not modify its input.
func Group(articles []news.Article, opts Options) []news.Story {
	if len(articles) == 0 {
		return nil
	}
	return group(articles, opts.params(), opts.Known, opts.Background)
}

func group(articles []news.Article, p params, known []news.Story, bg *Background) []news.Story {
	g := newGrouper(articles, p, bg)
	clusters := g.cluster(g.pairs())
	return g.stories(clusters, known)
}

// grouper holds one run's documents and their lexicon.
type grouper struct {
	p    params
	lex  *lexicon
	docs []*doc // canonical order
}

func newGrouper(articles []news.Article, p params, bg *Background) *grouper {
	docs := make([]*doc, len(articles))
	for i, a := range articles {
		docs[i] = &doc{art: a, key: articleKey(a)}
	}
	slices.SortStableFunc(docs, compareDocs)
	g := &grouper{p: p, lex: newLexicon(bg), docs: docs}
	tcs := make([][]termCount, len(docs))
	for i, d := range docs {
		// An article the background counted already counts once.
		tcs[i] = g.lex.count(d.art, p.bodyWords, !bg.has(d.key))
	}
	for i, d := range docs {
		d.vec, d.title = g.lex.vectorize(tcs[i], p)
		d.top = topTerms(d.vec, p.indexTerms)
	}
	return g
}

// pair is two documents (a < b), their cosine similarity, and their
// score (see grouper.score).
type pair struct {
	a, b  int32
	sim   float64
	score float64
}

// maxPosting returns the longest posting list of the inverted index used:
// a term among the heaviest of more articles than that is too common to
// tell stories apart, and its list would cost a number of comparisons
// that grows with its square.
func maxPosting(n int) int { return max(500, n/4) }

// pairs returns the pairs of documents whose similarity reaches the
// threshold, among those that share one of their heaviest terms and are
// not in two different languages: the only pairs that can start or extend
// a story, since a group's score reaches 1 only if its mean similarity
// reaches the threshold, and a mean over pairs reaches it only if one of
// them does. Whether a pair may start a story is its score's to say.
func (g *grouper) pairs() []pair {
	post := map[int32][]int32{}
	for i, d := range g.docs {
		for _, t := range d.top {
			post[t] = append(post[t], int32(i))
		}
	}
	limit := maxPosting(len(g.docs))
	dense := make([]float64, len(g.lex.df))
	seen := make([]int32, len(g.docs)) // seen[j] == i+1: pair (i, j) done
	var out []pair
	for i, d := range g.docs {
		for _, e := range d.vec {
			dense[e.Term] = e.W
		}
		for _, t := range d.top {
			list := post[t]
			if len(list) > limit {
				continue
			}
			// Lists are ascending: skip to the documents after i.
			k, _ := slices.BinarySearch(list, int32(i)+1)
			for _, j := range list[k:] {
				if seen[j] == int32(i)+1 {
					continue
				}
				seen[j] = int32(i) + 1
				if !sameLanguage(d.art.Language, g.docs[j].art.Language) {
					continue
				}
				s, top := overlap(dense, g.docs[j].vec)
				if s >= g.p.threshold {
					out = append(out, pair{a: int32(i), b: j, sim: s, score: g.score(s, top, extentOf(d), extentOf(g.docs[j]))})
				}
			}
		}
		for _, e := range d.vec {
			dense[e.Term] = 0
		}
	}
	return out
}

// overlap returns the dot product of v with the vector spread in dense
// (by term), and the greatest part of it that one term contributes.
func overlap(dense []float64, v []entry) (dot, top float64) {
	for _, e := range v {
		x := dense[e.Term] * e.W
		dot += x
		top = max(top, x)
	}
	return dot, top
}

// score says how near two groups of articles are to merging: 1 or more
// merges them. dot is the sum of the similarities of the pairs of
// articles across them, top the greatest part of it that one term
// contributes. Their mean similarity is counted without that term — no
// single word, however rare, makes one story of two: two stories of one
// person, one place or one team share its name and little else — and
// divided by what the time between them needs (see params.need).
func (g *grouper) score(dot, top float64, a, b extent) float64 {
	if g.p.oneTerm {
		top = 0
	}
	return (dot - top) / float64(a.n*b.n) / g.p.need(a.span.gap(b.span))
}

// extent is what score needs to know of a group of articles besides its
// vector: how many articles it has, and when they were published.
type extent struct {
	n    int
	span timeSpan
}

// extentOf returns the extent of one document.
func extentOf(d *doc) extent { return extent{1, spanOf(d)} }

// timeSpan is when a group's dated articles were published, from the
// first to the last; zero when none is dated.
type timeSpan struct{ first, last time.Time }

// spanOf returns the time span of one document.
func spanOf(d *doc) timeSpan { return timeSpan{d.art.Published, d.art.Published} }

// join returns the span of two groups together.
func (s timeSpan) join(t timeSpan) timeSpan {
	switch {
	case s.first.IsZero():
		return t
	case t.first.IsZero():
		return s
	}
	if t.first.Before(s.first) {
		s.first = t.first
	}
	if t.last.After(s.last) {
		s.last = t.last
	}
	return s
}

// gap returns the time between two spans: zero when they overlap or
// either is unknown. An article without a date is taken to be of the
// same time as any other: its text alone decides.
func (s timeSpan) gap(t timeSpan) time.Duration {
	if s.first.IsZero() || t.first.IsZero() {
		return 0
	}
	return max(t.first.Sub(s.last), s.first.Sub(t.last), 0)
}

// sameLanguage reports whether two articles' languages allow them in one
// story: equal, or one of them unknown.
func sameLanguage(a, b string) bool { return a == b || a == "" || b == "" }

// stories turns clusters of documents into ranked stories with IDs.
func (g *grouper) stories(clusters []*cluster, known []news.Story) []news.Story {
	out := make([]news.Story, len(clusters))
	for i, c := range clusters {
		out[i] = g.story(c)
	}
	ids := g.assignIDs(clusters, known)
	for i := range out {
		out[i].ID = ids[i]
	}
	type ranked struct {
		news.Story
		outlets int
		latest  time.Time
	}
	rs := make([]ranked, len(out))
	for i, s := range out {
		rs[i] = ranked{s, s.Outlets(), s.Latest()}
	}
	slices.SortFunc(rs, func(a, b ranked) int {
		return cmp.Or(
			cmp.Compare(b.outlets, a.outlets),
			b.latest.Compare(a.latest),
			cmp.Compare(len(b.Articles), len(a.Articles)),
			cmp.Compare(a.ID, b.ID),
		)
	})
	for i, r := range rs {
		out[i] = r.Story
	}
	return out
}

// story returns the story of cluster c without its ID: articles most
// central first, and the most central headline.
func (g *grouper) story(c *cluster) news.Story {
	type ranked struct {
		i          int32
		centrality float64
	}
	rs := make([]ranked, len(c.members))
	for k, i := range c.members {
		v := g.docs[i].vec
		// The mean similarity to the other members: the dot product with
		// the sum of all, less the article's own.
		r := ranked{i: i, centrality: 1}
		if len(c.members) > 1 {
			r.centrality = (sparse.Dot(v, c.sum) - sparse.Dot(v, v)) / float64(len(c.members)-1)
		}
		rs[k] = r
	}
	slices.SortStableFunc(rs, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(b.centrality, a.centrality), cmp.Compare(a.i, b.i))
	})
	s := news.Story{Articles: make([]news.Article, len(rs))}
	best := -1.0
	for k, r := range rs {
		d := g.docs[r.i]
		s.Articles[k] = d.art
		title, ok := news.Headline(d.art.Title)
		if !ok {
			continue // a description, a paragraph or boilerplate
		}
		// The headline most like the whole story; on a tie, that of the
		// more central article.
		if score := sparse.Dot(d.title, c.sum); score > best {
			s.Title, best = title, score
		}
	}
	return s
}
