package news

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// ErrDisagree is wrapped by CheckDigest's errors: a digest that does not
// tell its story alone.
var ErrDisagree = errors.New("the digest does not tell its story alone")

// CheckDigest reports whether d tells story s and nothing else, as a
// digest made from s's articles does: d.Articles are s.Articles in their
// order (each field a source shows equals its article's; a digest of
// nothing but a headline may list none); every bullet
// cites one of them at least and nothing else, and its words appear, in
// their order, in one line of the text of an article it cites — a span
// of a source sentence, words deleted, none added; and the headline is
// the story's own title or is read the same way in one of its articles'
// headlines or lines. Case and punctuation are not compared. A bullet
// from an article of another story, or a headline from one, fails. The
// error wraps ErrDisagree and names the first problem.
//
// A digest whose bullets disagree with its headline is the worst thing a
// brief can post; CheckDigest is cheap enough to check every digest a
// brief makes before it is posted.
func CheckDigest(s Story, d Digest) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("news: digest %q of story %q: %s: %w", d.Title, s.Title, fmt.Sprintf(format, args...), ErrDisagree)
	}
	if len(d.Articles) != len(s.Articles) && (len(d.Articles) > 0 || len(d.Bullets) > 0) {
		return fail("%d sources for the story's %d articles", len(d.Articles), len(s.Articles))
	}
	for i, src := range d.Articles {
		a := s.Articles[i]
		if src.URL != "" && src.URL != a.URL || src.Title != "" && src.Title != a.Title || src.Outlet != "" && src.Outlet != a.Outlet {
			return fail("source %d (%q, %s) is not the story's article %d (%q, %s)", i, src.Title, src.URL, i, a.Title, a.URL)
		}
	}
	texts := make([][][]string, len(s.Articles)) // per article, its lines' words; made as needed
	lines := func(i int) [][]string {
		if texts[i] == nil {
			texts[i] = [][]string{}
			for _, l := range strings.Split(s.Articles[i].Text, "\n") {
				if ws := agreeWords(l); len(ws) > 0 {
					texts[i] = append(texts[i], ws)
				}
			}
		}
		return texts[i]
	}
	for k, b := range d.Bullets {
		if len(b.Sources) == 0 {
			return fail("bullet %d %q cites no article", k, b.Text)
		}
		words := agreeWords(b.Text)
		found := len(words) == 0
		for _, i := range b.Sources {
			if i < 0 || i >= len(s.Articles) {
				return fail("bullet %d %q cites article %d of %d", k, b.Text, i, len(s.Articles))
			}
			if !found && inLines(words, lines(i)) {
				found = true
			}
		}
		if !found {
			return fail("bullet %d %q is in none of the articles it cites", k, b.Text)
		}
	}
	if d.Title == "" || d.Title == s.Title {
		return nil
	}
	for _, a := range s.Articles {
		if a.Says(d.Title) {
			return nil
		}
	}
	return fail("the headline is in none of the story's articles")
}

// Says reports whether text is read in a's headline or in one line of its
// text, as CheckDigest reads a bullet or a headline: its words in their
// order, some deleted, none added, case and punctuation aside.
func (a Article) Says(text string) bool {
	words := agreeWords(text)
	if inLines(words, [][]string{agreeWords(a.Title)}) {
		return true
	}
	for _, l := range strings.Split(a.Text, "\n") {
		if inLines(words, [][]string{agreeWords(l)}) {
			return true
		}
	}
	return false
}

// agreeWords returns the words of s as CheckDigest compares them: runs of
// letters and digits, lower-cased, and each character of a script written
// without spaces (Chinese, Japanese) on its own.
func agreeWords(s string) []string {
	var out []string
	start := -1
	flush := func(end int) {
		if start >= 0 {
			out = append(out, strings.ToLower(s[start:end]))
			start = -1
		}
	}
	for i, r := range s {
		switch {
		case isCJK(r):
			flush(i)
			out = append(out, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if start < 0 {
				start = i
			}
		default:
			flush(i)
		}
	}
	flush(len(s))
	return out
}

// inLines reports whether words appear, in their order, in one of lines.
func inLines(words []string, lines [][]string) bool {
	for _, l := range lines {
		j := 0
		for _, w := range l {
			if j < len(words) && w == words[j] {
				j++
			}
		}
		if j == len(words) {
			return true
		}
	}
	return false
}
