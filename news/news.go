// Package news holds digestbot's domain types: the articles it reads, the
// stories it groups them into, and the digests it writes. It is a leaf: it
// imports only the standard library, and every other package speaks in its
// terms.
package news

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Article is one outlet's account of a story, reduced to its readable text.
type Article struct {
	// ID identifies the article across runs: its canonical URL, or the path
	// it was read from.
	ID string
	// Title is the article's headline, cleaned of outlet suffixes where known.
	Title string
	// Outlet names who published it ("AP", "Newslooks", "theguardian.com"):
	// the page's or feed's own name for itself, a name the text states, or
	// a web address's host. It is empty when nothing names the publisher,
	// as for a local file that does not say: a file name is never an
	// outlet.
	Outlet string
	// URL is where the article was read from: a web address or a file path.
	URL string
	// Published is when the outlet published it; zero when unknown.
	Published time.Time
	// Text is the cleaned body. Each line is a block of running text (a
	// paragraph, a list item): sentences never cross a line break.
	Text string
	// Teaser reports that Text is only a feed's summary of the article,
	// because its page could not be read.
	Teaser bool
	// Feed is the feed the article came from, if any.
	Feed string
	// Language is the article's language as an ISO 639-1 code ("en",
	// "fr", "zh"), detected from its text; empty when unknown.
	Language string
}

// Story is a group of articles about the same news event.
type Story struct {
	// ID identifies the story across runs: it stays the same when new
	// articles join the story.
	ID string
	// Title is a headline for the story, taken from its articles.
	Title string
	// Articles are the story's articles, most central first.
	Articles []Article
}

// Outlets returns the number of distinct outlets among the story's
// articles. An article without an outlet counts as an outlet of its own:
// an unnamed publisher is not taken for any other.
func (s Story) Outlets() int {
	seen := map[string]bool{}
	for i, a := range s.Articles {
		key := "o\x00" + a.Outlet
		if a.Outlet == "" {
			key = "a\x00" + strconv.Itoa(i)
		}
		seen[key] = true
	}
	return len(seen)
}

// Latest returns the most recent publication time among the story's
// articles; zero when none is known.
func (s Story) Latest() time.Time {
	var t time.Time
	for _, a := range s.Articles {
		if a.Published.After(t) {
			t = a.Published
		}
	}
	return t
}

// Language returns the story's language: see MainLanguage.
func (s Story) Language() string { return MainLanguage(s.Articles) }

// MainLanguage returns the language (ISO 639-1) that most of arts are
// known to be in, articles of unknown language left out; on a tie, the
// language of the first of them; "" when no article's language is known.
func MainLanguage(arts []Article) string {
	count := map[string]int{}
	var order []string // languages by first appearance
	for _, a := range arts {
		if a.Language == "" {
			continue
		}
		if count[a.Language] == 0 {
			order = append(order, a.Language)
		}
		count[a.Language]++
	}
	best := ""
	for _, l := range order {
		if best == "" || count[l] > count[best] {
			best = l
		}
	}
	return best
}

// Digest is a story told in a headline and a few short bullets, each traced
// to the articles that report it.
type Digest struct {
	// Title is the story's headline.
	Title string
	// Bullets are the digest's facts, in the order they should be read.
	Bullets []Bullet
	// Articles are the sources the digest was made from, in input order.
	Articles []Source
	// Language is the language the digest is written in (ISO 639-1, as
	// Article.Language); empty when unknown.
	Language string
	// Facts are every fact of the story that could stand as a bullet,
	// most central first, each credited as a bullet is, none covering
	// another, at most a few dozen (summarize.Options.Facts). Each
	// bullet's fact is among them, in the bullet's words or in a fuller
	// telling of its sentence. They are not shown: they tell what a story
	// holds beyond its top bullets, so that an update can say what is new
	// (bot.Update). render never writes them; a delivery's payload keeps
	// them, for the record of what a destination was told of the story.
	Facts []Bullet `json:",omitempty"`
}

// Bullet is one fact of a digest: a span of a source sentence.
type Bullet struct {
	// Text is the bullet as shown to a reader.
	Text string
	// Score is the fact's centrality (higher is more central), comparable
	// only within one digest.
	Score float64
	// Sources are indexes into Digest.Articles of every article that carries
	// the fact, in input order.
	Sources []int
	// Evidence shows where each of Sources states the fact: one entry per
	// index of Sources, the sentence the bullet was cut from first, then
	// the others in the order of Sources. A digest made before evidence
	// was kept, or by hand, may have none.
	Evidence []Evidence
}

// Evidence is the sentence of one article that states a bullet's fact:
// for the article the bullet was cut from, the sentence it was cut from;
// for another, the sentence found to carry the same fact.
type Evidence struct {
	// Source is the article's index into Digest.Articles.
	Source int
	// Sentence is the sentence as the article's cleaned text has it
	// (Article.Text), surrounding space trimmed.
	Sentence string
}

// Source is the part of an article a digest shows: who said it and where.
type Source struct {
	// Outlet names who published the article; empty when nothing names
	// the publisher (see Article.Outlet).
	Outlet string
	// Title is the article's headline.
	Title string
	// URL is the article's web address or file path.
	URL string
	// Language is the article's language (ISO 639-1); empty when unknown.
	Language string
}

// FileName returns the name, without its folders, of the local file the
// article was read from: "001_ab.txt" for "stories/paris/001_ab.txt", or
// "stdin". It is "" for an article from the web (a URL with a scheme such
// as "https:") and for one without a URL. A list of sources shows it where
// a web article shows its address.
func (s Source) FileName() string {
	u := strings.TrimSpace(s.URL)
	if rest, ok := cutScheme(u); ok {
		if !strings.EqualFold(u[:len(u)-len(rest)], "file:") {
			return ""
		}
		u = rest
	}
	u = strings.TrimRight(u, `/\`)
	if i := strings.LastIndexAny(u, `/\`); i >= 0 {
		u = u[i+1:]
	}
	return u
}

// cutScheme returns what follows the scheme of u ("https:", "file:") and
// whether u has one. A one-letter scheme is a Windows drive ("C:"), not a
// scheme.
func cutScheme(u string) (string, bool) {
	i := strings.IndexByte(u, ':')
	if i < 2 {
		return u, false
	}
	for j, c := range u[:i] {
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (j == 0 || !('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return u, false
		}
	}
	return u[i+1:], true
}

// Outlets returns the distinct outlet names of b's sources, in the order of
// d.Articles. Indexes out of range and sources without an outlet are
// ignored: a bullet is never credited to a file name.
func (d Digest) Outlets(b Bullet) []string {
	var out []string
	seen := make(map[string]bool, len(b.Sources))
	for _, i := range b.Sources {
		if i < 0 || i >= len(d.Articles) {
			continue
		}
		o := d.Articles[i].Outlet
		if o == "" || seen[o] {
			continue
		}
		seen[o] = true
		out = append(out, o)
	}
	return out
}

// CountWords returns the number of whitespace-separated words in s. In
// text written without spaces between words (Chinese, Japanese) two
// characters count as one word, so that a budget and a bullet cap mean
// about as much text as they do in English: a run of n Han or kana
// characters counts (n+1)/2 words, the letters and digits among them one
// word a run, and their punctuation nothing ("北京市发布新规。" is 4
// words; a 20-word bullet holds at most 40 such characters). A word
// without such characters counts one, whatever it is made of.
func CountWords(s string) int {
	n, start := 0, -1
	for i, r := range s {
		space := r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\u00a0'
		if space {
			if start >= 0 {
				n += countToken(s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		n += countToken(s[start:])
	}
	return n
}

// countToken counts the words of one whitespace-separated token (see
// CountWords).
func countToken(t string) int {
	cjk := false
	for _, r := range t {
		if r >= 0x2E80 && isCJK(r) {
			cjk = true
			break
		}
	}
	if !cjk {
		return 1
	}
	n, run, word := 0, 0, false
	for _, r := range t {
		switch {
		case isCJK(r):
			run++
			word = false
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !word {
				n++
				word = true
			}
		default:
			word = false
		}
		n += (run + 1) / 2
		run = 0
	}
	return n + (run+1)/2
}

// isCJK reports whether r is a Han character or Japanese kana: script
// written without spaces between words. It is tokenize.IsCJK, which news,
// importing nothing of ours, cannot call.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || r == 'ー'
}
