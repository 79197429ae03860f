package summarize

import (
	"context"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/internal/sparse"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/postag"
	"github.com/digestbot/digestbot/tokenize"
)

// sentence is one sentence of one article, with what the ranker needs.
type sentence struct {
	text    string
	article int // index of the article
	pos     int // index of the sentence in its article
	words   []word
	terms   []int32 // term id of every word, in order
	vec     []entry // unit TF-IDF vector over content terms, by term id
	nwords  int     // whitespace words
	rank    float64 // TextRank score, sums to 1 over the corpus
	ok      bool    // can stand as a bullet on its own
}

// entry is one component of a sparse vector.
type entry = sparse.Entry

// corpus is one story's sentences, their vocabulary and their graph.
type corpus struct {
	p Params
	// fact is the main event as a headline (factOf), once chosen.
	fact string
	// facts are the story's bullet-worthy facts (factsOf), once chosen.
	facts    []candidate
	sents    []sentence
	articles int
	dict     map[string]int32
	words    []string // term id → stem
	stop     []bool   // term id → function word
	sdf      []int    // term id → sentences containing it
	adf      []int    // term id → articles containing it
	idf      []float64
	postings [][]posting // term id → the sentences that hold it, in order
	st       stemmer
	langs    []*tokenize.Lang // article → its language
	// graph in compressed sparse row form, symmetric
	adjStart []int
	adj      []int32
	adjW     []float64
	titles   []entry  // unit TF-IDF vector of all headlines together
	titleSet []string // the distinct cleaned headlines
	pairs    int      // pairs of sentences that build met
	// tags holds each sentence's part-of-speech tags once tagged
	// (tagEnglish): the bullets and the fact headline read the same
	// shortlist, and a sentence's tags depend on its text alone.
	tags map[int][]postag.Token
	// headlines caches news.Headline of candidate texts (headlineOf).
	headlines map[string]headlineResult
}

// checkEvery is how many items a long loop handles between two looks at
// its context.
const checkEvery = 256

// pending is a sentence found while segmenting, before it is counted.
type pending struct {
	text string
	pos  int
	ws   []word
}

// newCorpus splits every article into sentences and builds their vectors.
// It reads each article's text within the limits lim and returns ctx's
// error if ctx ends first.
func newCorpus(ctx context.Context, articles []news.Article, p Params, lim Limits) (*corpus, error) {
	c := &corpus{p: p, articles: len(articles), dict: map[string]int32{}, st: stemmer{}}
	c.langs = make([]*tokenize.Lang, len(articles))
	for i, a := range articles {
		c.langs[i] = tokenize.For(a.Language)
	}
	found := make([][]pending, len(articles))
	sizes := make([]int, len(articles))
	for ai, text := range lim.texts(articles) {
		seen := map[string]bool{}
		pos := 0
		l := c.langs[ai]
	article:
		for _, block := range tokenize.Blocks(text) {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			for _, s := range l.Sentences(block) {
				if pos == lim.ArticleSentences {
					break article
				}
				s = strings.TrimSpace(s)
				if strings.ContainsRune(s, utf8.RuneError) {
					continue // a character was lost here; the sentence cannot be shown as it was written
				}
				key := strings.ToLower(s)
				if seen[key] {
					continue // a sentence the article repeats counts once
				}
				seen[key] = true
				ws := splitWordsIn(l, s)
				if len(ws) < 3 {
					continue
				}
				found[ai] = append(found[ai], pending{text: s, pos: pos, ws: ws})
				pos++
			}
		}
		sizes[ai] = len(found[ai])
	}
	if lim.Sentences >= 0 {
		for ai, n := range shares(sizes, lim.Sentences) {
			found[ai] = found[ai][:n]
		}
	}
	for ai, ps := range found {
		for k, f := range ps {
			if k%checkEvery == 0 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			sn := sentence{text: f.text, article: ai, pos: f.pos, words: f.ws, nwords: news.CountWords(f.text)}
			sn.terms = make([]int32, len(f.ws))
			for i, w := range f.ws {
				sn.terms[i] = c.term(c.langs[ai], w)
			}
			sn.ok = standsAloneIn(c.langs[ai], f.text, f.ws)
			c.sents = append(c.sents, sn)
		}
		found[ai] = nil
	}
	c.weigh()
	c.weighTitles(articles)
	return c, nil
}

// weighTitles builds one vector of every article's proper headline (see
// news.Headline): the words that editors chose to sum the story up. A
// description, a paragraph or boilerplate in the title's place does not
// steer the ranking.
func (c *corpus) weighTitles(articles []news.Article) {
	var terms []int32
	seen := map[string]bool{}
	for ai, a := range articles {
		t, ok := properTitle(a.Title, articles)
		if !ok || seen[t] {
			continue
		}
		seen[t] = true
		c.titleSet = append(c.titleSet, t)
		l := c.langs[ai]
		for _, w := range splitWordsIn(l, t) {
			if id, ok := c.dict[c.st.stemIn(l, w.lower)]; ok {
				terms = append(terms, id)
			}
		}
	}
	c.titles = c.vector(terms)
}

// term returns the id of the stem of w, a word in the language l, adding
// it to the vocabulary.
func (c *corpus) term(l *tokenize.Lang, w word) int32 {
	stem := c.st.stemIn(l, w.lower)
	if id, ok := c.dict[stem]; ok {
		return id
	}
	id := int32(len(c.words))
	c.dict[stem] = id
	c.words = append(c.words, stem)
	c.stop = append(c.stop, w.stop)
	return id
}

// weigh counts document frequencies and builds unit TF-IDF vectors.
func (c *corpus) weigh() {
	n := len(c.words)
	c.sdf = make([]int, n)
	c.adf = make([]int, n)
	lastS := make([]int, n)
	lastA := make([]int, n)
	for i := range lastS {
		lastS[i], lastA[i] = -1, -1
	}
	for si, s := range c.sents {
		for _, t := range s.terms {
			if c.stop[t] {
				continue
			}
			if lastS[t] != si {
				lastS[t] = si
				c.sdf[t]++
			}
			if lastA[t] != s.article {
				lastA[t] = s.article
				c.adf[t]++
			}
		}
	}
	c.idf = make([]float64, n)
	N := float64(len(c.sents))
	for t := range c.idf {
		if c.sdf[t] > 0 {
			c.idf[t] = math.Log((N + 1) / float64(c.sdf[t]))
		}
	}
	c.postings = make([][]posting, n)
	for si := range c.sents {
		c.sents[si].vec = c.vector(c.sents[si].terms)
		for _, e := range c.sents[si].vec {
			c.postings[e.Term] = append(c.postings[e.Term], posting{int32(si), e.W})
		}
	}
}

// posting is one sentence that holds a term, with the term's weight in the
// sentence's vector.
type posting struct {
	sent int32
	w    float64
}

// sharing returns, in increasing order, the sentences whose vectors share a
// term with v: the only ones whose cosine with v is not zero. seen is
// scratch space of one bool per sentence, all false, and left so.
func (c *corpus) sharing(v []entry, seen []bool) []int32 {
	var out []int32
	for _, e := range v {
		for _, p := range c.postings[e.Term] {
			if !seen[p.sent] {
				seen[p.sent] = true
				out = append(out, p.sent)
			}
		}
	}
	for _, i := range out {
		seen[i] = false
	}
	slices.Sort(out)
	return out
}

// vector returns the unit TF-IDF vector of a bag of terms, sorted by
// term. Each term's weight is its IDF added once per occurrence, in the
// order of the bag; sorting first keeps that cost near-linear in a
// sentence's length.
func (c *corpus) vector(terms []int32) []entry {
	var v []entry
	for _, t := range terms {
		if !c.stop[t] && c.idf[t] != 0 {
			v = append(v, entry{Term: t})
		}
	}
	// A stable sort keeps the occurrences of one term in bag order.
	slices.SortStableFunc(v, func(a, b entry) int { return int(a.Term) - int(b.Term) })
	w := 0
	for k, e := range v {
		if k > 0 && e.Term == v[w-1].Term {
			v[w-1].W += c.idf[e.Term]
			continue
		}
		v[w] = entry{Term: e.Term, W: c.idf[e.Term]}
		w++
	}
	v = v[:w]
	norm := 0.0
	for _, e := range v {
		norm += e.W * e.W
	}
	if norm > 0 {
		norm = math.Sqrt(norm)
		for k := range v {
			v[k].W /= norm
		}
	}
	return v
}

// cosine is the dot product of two unit vectors sorted by term.
func cosine(a, b []entry) float64 { return sparse.Dot(a, b) }

// standsAlone reports whether a whole sentence can be shown as a bullet: it
// starts like a sentence, ends like one, is a statement, and its quotes and
// brackets balance.
func standsAlone(s string, ws []word) bool {
	first, _ := utf8.DecodeRuneInString(s)
	if !(unicode.IsUpper(first) || unicode.IsDigit(first) || first == '“' || first == '"') {
		return false
	}
	if !endsSentence(s) || strings.HasSuffix(strings.TrimRight(s, `"”’'`), "?") {
		return false
	}
	if !balanced(s) {
		return false
	}
	return contentWords(ws) >= 3
}

// endsSentence reports whether s ends with sentence-final punctuation,
// possibly inside closing quotes or brackets.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, " \"”’')")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?")
}

// balanced reports whether s's double quotes and brackets pair up.
func balanced(s string) bool {
	open, straight, paren, square := 0, 0, 0, 0
	for _, r := range s {
		switch r {
		case '“':
			open++
		case '”':
			open--
			if open < 0 {
				return false
			}
		case '"':
			straight++
		case '(':
			paren++
		case ')':
			paren--
			if paren < 0 {
				return false
			}
		case '[':
			square++
		case ']':
			square--
			if square < 0 {
				return false
			}
		}
	}
	return open == 0 && straight%2 == 0 && paren == 0 && square == 0
}
