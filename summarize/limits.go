package summarize

import (
	"slices"

	"github.com/digestbot/digestbot/news"
)

// Default limits of one digest's input; see Limits.
const (
	// DefaultArticleBytes is how much of an article's text is read.
	DefaultArticleBytes = 256 << 10
	// DefaultArticleSentences is how many sentences of an article are read.
	DefaultArticleSentences = 1000
	// DefaultBytes is how much text one digest reads in all.
	DefaultBytes = 2 << 20
	// DefaultSentences is how many sentences one digest reads in all.
	DefaultSentences = 5000
)

// Limits bound the input of one digest, so that its time and memory are
// bounded whatever the articles hold. Each article is read from its start:
// its first ArticleBytes, cut at a line's end, then its first
// ArticleSentences usable sentences. When the articles together hold more
// than Bytes or Sentences, each is cut alike to the largest equal share
// that keeps the total within the limit (a short article keeps all of
// its text and leaves the rest to the others). The lead of an article is
// what its editors put first and what the ranking favours; what is cut is
// its tail.
//
// The zero value gives the defaults, which no ordinary story reaches: the
// longest article of the evaluation stories has 310 sentences (47 KB),
// the largest story 613 sentences. A negative field means no limit.
type Limits struct {
	// ArticleBytes is how many bytes of each article's text are read;
	// zero means DefaultArticleBytes (256 KB).
	ArticleBytes int
	// ArticleSentences is how many sentences of each article are read;
	// zero means DefaultArticleSentences (1,000).
	ArticleSentences int
	// Bytes is how many bytes of text one digest reads over all its
	// articles; zero means DefaultBytes (2 MB).
	Bytes int
	// Sentences is how many sentences one digest reads over all its
	// articles; zero means DefaultSentences (5,000).
	Sentences int
}

func (l Limits) withDefaults() Limits {
	def := func(v, d int) int {
		switch {
		case v == 0:
			return d
		case v < 0:
			return -1
		}
		return v
	}
	l.ArticleBytes = def(l.ArticleBytes, DefaultArticleBytes)
	l.ArticleSentences = def(l.ArticleSentences, DefaultArticleSentences)
	l.Bytes = def(l.Bytes, DefaultBytes)
	l.Sentences = def(l.Sentences, DefaultSentences)
	return l
}

// texts returns the text of each article that a digest reads: at most
// ArticleBytes of it, and of all of them together at most Bytes, each cut
// at a line's end.
func (l Limits) texts(articles []news.Article) []string {
	out := make([]string, len(articles))
	sizes := make([]int, len(articles))
	for i, a := range articles {
		out[i] = a.Text
		if l.ArticleBytes >= 0 {
			out[i] = news.Head(out[i], l.ArticleBytes)
		}
		sizes[i] = len(out[i])
	}
	if l.Bytes >= 0 {
		for i, n := range shares(sizes, l.Bytes) {
			out[i] = news.Head(out[i], n)
		}
	}
	return out
}

// shares returns how much of each size to keep so that the sum is at
// most total: every size cut to the largest equal share that fits, what a
// small one leaves over going to the others.
func shares(sizes []int, total int) []int {
	sorted := slices.Clone(sizes)
	slices.Sort(sorted)
	share, left := -1, total
	for k, s := range sorted {
		if rest := len(sorted) - k; s > left/rest {
			share = left / rest
			break
		}
		left -= s
	}
	out := make([]int, len(sizes))
	for i, s := range sizes {
		if share >= 0 {
			s = min(s, share)
		}
		out[i] = s
	}
	return out
}
