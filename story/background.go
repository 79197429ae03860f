package story

import "github.com/digestbot/digestbot/news"

// Background is how many articles of a collection larger than one
// grouping's input have each term: the news of the past days, as a
// store keeps it. Group weighs a term by how rare it is in its input
// and its background together, so that a name most stories carry (a
// president's, a city's where the outlets are) weighs little even on a
// morning when few articles have it, while a name new today weighs
// much. A Background is read-only once made and safe for concurrent
// use; the nil *Background is an empty one.
type Background struct {
	n    int
	df   map[string]int32 // stem → articles with it
	keys map[string]bool  // the articles counted, by key (see articleKey)
}

// NewBackground counts the terms of articles as Group reads them: the
// stems of each headline and of the first DefaultBodyWords words of its
// text. An article given twice (same ID, else URL, else text) counts
// once, and an article of a grouping's input that the background counted
// counts once in all. NewBackground does no I/O: the caller reads the
// articles, from a store say.
func NewBackground(articles []news.Article) *Background {
	b := &Background{df: map[string]int32{}, keys: map[string]bool{}}
	l := newLexicon(nil)
	for _, a := range articles {
		key := articleKey(a)
		if b.keys[key] {
			continue
		}
		b.keys[key] = true
		l.count(a, DefaultBodyWords, true)
	}
	b.n = l.n
	for term, id := range l.ids {
		b.df[term] = l.df[id]
	}
	return b
}

// Len returns the number of articles counted.
func (b *Background) Len() int {
	if b == nil {
		return 0
	}
	return b.n
}

// docFreq returns how many of the articles counted have term (a stem).
func (b *Background) docFreq(term string) int32 {
	if b == nil {
		return 0
	}
	return b.df[term]
}

// has reports whether the article of key was counted.
func (b *Background) has(key string) bool { return b != nil && b.keys[key] }
