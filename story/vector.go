package story

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/internal/sparse"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/tokenize"
)

// entry is one weighted term of a sparse vector. Vectors are sorted by term.
type entry = sparse.Entry

// doc is one input article as the grouper sees it.
type doc struct {
	art   news.Article
	key   string  // identity across runs: ID, else URL, else a hash of the text
	vec   []entry // TF-IDF of title and lead, unit length, sorted by term
	title []entry // TF-IDF of the headline alone, unit length
	top   []int32 // the IndexTerms heaviest terms: the keys of the inverted index
}

// termCount is how often one term occurs in an article.
type termCount struct {
	term  int32
	body  int32 // in the body's lead
	title int32 // in the headline
	// name counts the body occurrences capitalized inside a sentence,
	// plain those in lower case: a term mostly capitalized where case is
	// free is a name.
	name, plain int32
}

// lexicon numbers terms and counts their document frequency in the input
// and the background.
type lexicon struct {
	ids  map[string]int32
	df   []int32     // input articles with the term, those the background counted left out; 0 for terms seen only in known stories
	n    int         // input articles, those the background counted left out
	bg   *Background // nil: none
	bgdf []int32     // background articles with the term
	slot []int32     // scratch for count: term → 1 + its index in buf
	buf  []termCount // scratch for count
}

// newLexicon returns an empty lexicon over the background bg (nil for
// none).
func newLexicon(bg *Background) *lexicon {
	return &lexicon{ids: map[string]int32{}, bg: bg}
}

// id returns the number of term, numbering it if it is new.
func (l *lexicon) id(term string) int32 {
	if id, ok := l.ids[term]; ok {
		return id
	}
	id := int32(len(l.df))
	l.ids[term] = id
	l.df = append(l.df, 0)
	l.bgdf = append(l.bgdf, l.bg.docFreq(term))
	l.slot = append(l.slot, 0)
	return id
}

// idf returns the inverse document frequency of term t over the input
// and the background together.
func (l *lexicon) idf(t int32) float64 {
	return idf(int(l.df[t]+l.bgdf[t]), l.n+l.bg.Len())
}

// scan calls fn for each of the first limit words of s (all when limit <
// 0), as tokenize.Words splits and lower-cases them, with whether the word
// starts with a capital and whether it opens a sentence or line, where
// case says nothing.
func scan(s string, limit int, fn func(word string, capital, opener bool)) {
	n, start := 0, -1
	opener := true
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if limit >= 0 && n >= limit {
				return
			}
			w := s[start:i]
			first, _ := utf8.DecodeRuneInString(w)
			fn(strings.ToLower(w), unicode.IsUpper(first), opener)
			n++
			start = -1
			opener = false
		}
		switch r {
		case '.', '!', '?', '\n', ':', '"', '“', '(', '—':
			opener = true
		}
	}
	if start >= 0 && (limit < 0 || n < limit) {
		w := s[start:]
		first, _ := utf8.DecodeRuneInString(w)
		fn(strings.ToLower(w), unicode.IsUpper(first), opener)
	}
}

// content reports whether the lower-cased word w is worth comparing.
func content(w string) bool { return len(w) >= 2 && !tokenize.IsStopword(w) }

// count returns the counts of the stems of a's headline and of the first
// bodyWords words of its text, numbering new stems. When input is true
// the article counts in the terms' document frequencies: it is one of
// the input's, and the background has not counted it.
func (l *lexicon) count(a news.Article, bodyWords int, input bool) []termCount {
	tc := l.buf[:0]
	at := func(word string) int {
		id := l.id(tokenize.Stem(word))
		k := l.slot[id]
		if k == 0 {
			tc = append(tc, termCount{term: id})
			k = int32(len(tc))
			l.slot[id] = k
		}
		return int(k - 1)
	}
	scan(a.Title, -1, func(w string, _, _ bool) {
		if content(w) {
			tc[at(w)].title++
		}
	})
	scan(a.Text, bodyWords, func(w string, capital, opener bool) {
		if !content(w) {
			return
		}
		c := &tc[at(w)]
		c.body++
		switch {
		case opener:
		case capital:
			c.name++
		default:
			c.plain++
		}
	})
	for _, c := range tc {
		l.slot[c.term] = 0
		if input {
			l.df[c.term]++
		}
	}
	if input {
		l.n++
	}
	l.buf = tc
	return slices.Clone(tc)
}

// idf is the smoothed inverse document frequency of a term found in df of
// n articles. The added 1 keeps a term that every article shares
// (as in a small input that is one story) from weighing nothing.
func idf(df, n int) float64 {
	return math.Log(float64(n+1)/float64(df+1)) + 1
}

// vectorize returns the unit TF-IDF vector of an article's counts, kept
// to its maxTerms heaviest terms, and the unit vector of its headline. A
// term weighs 1 + ln(count) for its occurrences in the lead, plus the
// title weight when the headline has it, times 1 + the name weight when it
// reads as a name, times its idf.
func (l *lexicon) vectorize(tc []termCount, p params) (vec, title []entry) {
	for _, c := range tc {
		var w float64
		if c.body > 0 {
			w = 1 + math.Log(float64(c.body))
		}
		if c.title > 0 {
			w += p.titleWeight
			title = append(title, entry{Term: c.term, W: l.idf(c.term)})
		}
		if w == 0 {
			continue
		}
		if c.name > c.plain {
			w *= 1 + p.nameWeight
		}
		vec = append(vec, entry{Term: c.term, W: w * l.idf(c.term)})
	}
	if len(vec) > maxTerms {
		slices.SortFunc(vec, heavier)
		vec = vec[:maxTerms:maxTerms]
	}
	normalize(vec)
	slices.SortFunc(vec, byTerm)
	normalize(title)
	slices.SortFunc(title, byTerm)
	return vec, title
}

// topTerms returns the n heaviest terms of v.
func topTerms(v []entry, n int) []int32 {
	s := slices.Clone(v)
	slices.SortFunc(s, heavier)
	s = s[:min(n, len(s))]
	out := make([]int32, len(s))
	for i, e := range s {
		out[i] = e.Term
	}
	return out
}

func heavier(a, b entry) int {
	if c := cmp.Compare(b.W, a.W); c != 0 {
		return c
	}
	return cmp.Compare(a.Term, b.Term)
}

func byTerm(a, b entry) int { return cmp.Compare(a.Term, b.Term) }

// normalize scales v to unit length.
func normalize(v []entry) {
	var norm float64
	for _, e := range v {
		norm += e.W * e.W
	}
	if norm <= 0 {
		return
	}
	k := 1 / math.Sqrt(norm)
	for i := range v {
		v[i].W *= k
	}
}

// articleKey returns what identifies a across runs: its ID, else its URL,
// else its headline and text.
func articleKey(a news.Article) string {
	switch {
	case strings.TrimSpace(a.ID) != "":
		return a.ID
	case strings.TrimSpace(a.URL) != "":
		return a.URL
	default:
		return "text:" + hashHex(a.Title+"\x00"+a.Text)
	}
}

// compareDocs orders documents canonically: by key, then by every field of
// their articles, so that the order of Group's input never matters.
// Articles equal in every field are interchangeable.
func compareDocs(x, y *doc) int {
	a, b := x.art, y.art
	return cmp.Or(
		cmp.Compare(x.key, y.key),
		cmp.Compare(a.Title, b.Title),
		cmp.Compare(a.Text, b.Text),
		cmp.Compare(a.Outlet, b.Outlet),
		cmp.Compare(a.URL, b.URL),
		a.Published.Compare(b.Published),
		cmp.Compare(a.Feed, b.Feed),
		cmp.Compare(a.ID, b.ID),
		boolCompare(a.Teaser, b.Teaser),
	)
}

func boolCompare(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	default:
		return 1
	}
}
