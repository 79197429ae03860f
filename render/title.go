package render

import (
	"slices"
	"strings"
	"unicode"

	"github.com/digestbot/digestbot/news"
)

// TitleSource returns the index in d.Articles of the article whose
// headline d.Title is, so that a renderer links the title to the article
// it came from and not to another. The headline must hold the title's
// words (letters and digits, case aside) in a row; one that holds nothing
// else, or else only its outlet's name (" - Reuters"), is preferred to one
// with other words around them, then one with a web address, then the
// first. A title that opens with a kicker ("Update: …") is matched without
// it too. It returns -1 when the title is no article's headline — one cut
// from an article's text, whose article the digest does not record — or
// is empty.
func TitleSource(d news.Digest) int {
	var candidates [][]string
	if w := titleWords(d.Title); len(w) > 0 {
		candidates = append(candidates, w)
	}
	if _, rest, ok := strings.Cut(d.Title, ": "); ok {
		if w := titleWords(rest); len(w) > 0 {
			candidates = append(candidates, w)
		}
	}
	best, bestRank := -1, 0
	for i, a := range d.Articles {
		words := titleWords(a.Title)
		for _, c := range candidates {
			at := runAt(words, c)
			if at < 0 {
				continue
			}
			// Ranks, best first: only the title, or the title and the
			// outlet, with a web address (0) or without (1); the title
			// among other words, with (2) or without (3).
			rank := 0
			if before, after := words[:at], words[at+len(c):]; len(before)+len(after) > 0 {
				outlet := titleWords(a.Outlet)
				if !(len(before) == 0 && slices.Equal(after, outlet) || len(after) == 0 && slices.Equal(before, outlet)) {
					rank = 2
				}
			}
			if !isWebURL(a.URL) {
				rank++
			}
			if best < 0 || rank < bestRank {
				best, bestRank = i, rank
			}
		}
	}
	return best
}

// titleWords returns the runs of letters and digits of s, lower-cased.
func titleWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// runAt returns where run occurs in words as consecutive words, or -1.
func runAt(words, run []string) int {
	for i := 0; i+len(run) <= len(words); i++ {
		if slices.Equal(words[i:i+len(run)], run) {
			return i
		}
	}
	return -1
}

// isWebURL reports whether u is an http or https address.
func isWebURL(u string) bool {
	u = strings.ToLower(strings.TrimSpace(u))
	return strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://")
}
