package summarize

import (
	"strings"

	"github.com/digestbot/digestbot/news"
)

// title returns the most central of the articles' headlines: the one most
// similar to the story's sentences, each weighted by its rank. Outlet
// suffixes (" - Reuters", " | CNN") are removed. Without headlines it is the
// empty string.
func (c *corpus) title(articles []news.Article) string {
	best, bestScore := "", -1.0
	seen := map[string]bool{}
	var mark []bool // scratch for sharing
	for _, a := range articles {
		t := cleanTitle(a.Title, articles)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		ws := splitWords(t)
		terms := make([]int32, 0, len(ws))
		for _, w := range ws {
			stem := c.st.stem(w.lower)
			if id, ok := c.dict[stem]; ok {
				terms = append(terms, id)
			}
		}
		v := c.vector(terms)
		score := 0.0
		// Sentences that share no term with the headline add rank × 0:
		// only the others are visited, in the same order.
		if mark == nil {
			mark = make([]bool, len(c.sents))
		}
		for _, i := range c.sharing(v, mark) {
			score += c.sents[i].rank * cosine(v, c.sents[i].vec)
		}
		if score > bestScore {
			best, bestScore = t, score
		}
	}
	return best
}

// cleanTitle strips an outlet suffix or prefix from a headline: a trailing
// " - Outlet", " | Outlet" or " — Outlet" where Outlet is one of the
// articles' outlets or a short name after a pipe.
func cleanTitle(t string, articles []news.Article) string {
	t = strings.TrimSpace(t)
	for _, sep := range []string{" | ", " - ", " — ", " – ", " :: "} {
		i := strings.LastIndex(t, sep)
		if i <= 0 {
			continue
		}
		tail := strings.TrimSpace(t[i+len(sep):])
		isOutlet := false
		for _, a := range articles {
			if a.Outlet != "" && strings.EqualFold(tail, a.Outlet) {
				isOutlet = true
			}
		}
		if isOutlet || (sep == " | " && news.CountWords(tail) <= 4) {
			t = strings.TrimSpace(t[:i])
		}
	}
	return t
}
