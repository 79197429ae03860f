package clean

import (
	"sort"
	"strings"

	"github.com/digestbot/digestbot/sources/internal/lazyre"
)

// para is one line of an article on its way through Clean.
type para struct {
	text   string // the line, normalized, with its edges stripped
	bullet bool   // it carried a list marker
	words  int    // words in text
	rule   string // why it was dropped; "" while kept
	key    string // NormKey(text), once computed
}

// keyOf returns NormKey of the paragraph's text, computing it once.
func (p *para) keyOf() string {
	if p.key == "" {
		p.key = NormKey(p.text)
	}
	return p.key
}

// maxPictureLines is how far from a credit or caption widget the rest of
// the picture's block (more credits, the caption) is looked for.
const maxPictureLines = 6

// truncatedMinWords is the length from which a paragraph that begins
// another is taken for a truncated copy of it.
const truncatedMinWords = 8

// minListRun is how many heading-like lines in a row make a list that is
// kept ("• Paris hosts the summit", "Cover your mouth when you cough");
// fewer are section headings, kickers or credits, and are dropped.
const minListRun = 3

// reNextPrev matches the "Previous Article" and "Next Article" links that
// are followed by the headline they point to.
var reNextPrev = lazyre.New(`(?i)^(?:previous|next|prev|older|newer)(?: article| post| story)?$`)

// Clean reduces the text of one article to its running text: one
// paragraph per line, each a block a reader would call article text.
//
// It repairs mojibake, drops control characters and normalizes spaces,
// joins hard-wrapped lines, then removes what is not the story: photo
// captions and credits, bylines and datelines (a dateline prefix is cut
// and its sentence kept), section headings, navigation, footers, share and
// rating widgets, newsletter and cookie banners, source references and
// URLs, lines equal to title (the article's own headline; "" when
// unknown), and paragraphs repeated within the article or truncated copies
// of a longer one. List items are kept as lines of their own, without
// their marker. The rules are described with the patterns they use in
// rules.go. Clean only deletes: lines, and within a line a dateline,
// a marker, a URL or a reference mark; it never rewrites a word it keeps.
//
// title is the article's headline, passed so that its copies in the body
// go; Parse passes the title it found.
//
// Clean is idempotent in practice: cleaning its output again removes
// nothing, which FuzzClean checks.
func Clean(text, title string) string {
	return Lines(SplitLines(text), title)
}

// Lines is Clean on text already split by SplitLines.
func Lines(lines []string, title string) string {
	paras := parse(lines)
	markContext(paras)
	markTitle(paras, title)
	markCaptionCopies(paras)
	markRepeats(paras)
	markHeadings(paras)
	n := 0
	for _, p := range paras {
		if p.rule == "" {
			n += len(p.text) + 1
		}
	}
	var b strings.Builder
	b.Grow(n)
	for _, p := range paras {
		if p.rule != "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.text)
	}
	return b.String()
}

// parse turns normalized lines into paragraphs and applies the line
// rules.
func parse(lines []string) []para {
	lines = unwrap(lines)
	paras := make([]para, 0, len(lines))
	for _, raw := range lines {
		if raw == "" {
			continue
		}
		s, bullet, urlBytes := stripEdgesURL(raw)
		p := para{text: s, bullet: bullet, words: WordCount(s)}
		p.rule = JunkRule(s, p.words, float64(urlBytes)/float64(len(raw)))
		paras = append(paras, p)
	}
	return paras
}

// markContext applies the rules that need a line's neighbours: the
// headline after "Next Article", the caption before a credit or an NPR
// caption widget, and the list of links after "Read more:".
func markContext(ps []para) {
	// plainAfter[i] is whether nothing kept after line i is long or
	// reports speech: a label there opens the article's tail.
	plainAfter := make([]bool, len(ps)+1)
	plainAfter[len(ps)] = true
	for i := len(ps) - 1; i >= 0; i-- {
		plainAfter[i] = plainAfter[i+1] && (ps[i].rule != "" || ps[i].words <= 20 && !reReported.MatchString(ps[i].text))
	}
	listEnd := 0 // lines before it were taken by a list of links
	for i := range ps {
		p := &ps[i]
		if p.rule == "" {
			continue
		}
		switch {
		case p.words <= 2 && reNextPrev.MatchString(strings.TrimRight(strings.ToLower(p.text), " .:")):
			if j := i + 1; j < len(ps) && ps[j].rule == "" && ps[j].words <= 25 && !EndsSentence(ps[j].text) {
				ps[j].rule = "navigation"
			}
		case p.rule == "caption widget" || p.rule == "credit":
			// Credits and widgets around a picture, then its caption.
			j, credits := i-1, 0
			for j >= 0 && j >= i-maxPictureLines && (ps[j].rule == "caption widget" || ps[j].rule == "credit" || creditish(ps[j].text)) {
				if ps[j].rule == "" {
					ps[j].rule = "credit"
				}
				if ps[j].rule == "credit" {
					credits++
				}
				j--
			}
			if p.rule == "credit" {
				credits++
			}
			// The line above a credit and a caption widget is the
			// caption; above one of them alone, only if it reads like one.
			if j >= 0 && ps[j].rule == "" && ps[j].words <= 80 &&
				(p.rule == "caption widget" && credits > 0 || captionSignal(ps[j].text)) {
				ps[j].rule = "caption"
			}
			for k := i + 1; k < len(ps) && k <= i+maxPictureLines && ps[k].rule == "" && creditish(ps[k].text); k++ {
				ps[k].rule = "credit"
			}
		case i >= listEnd && p.words <= 8 && reListLabel.MatchString(strings.TrimSpace(p.text)):
			listEnd = markLinkList(ps, i, plainAfter[i+1])
		case p.rule == "embedded post" && strings.IndexAny(p.text, "—–-") == 0:
			// An attribution alone ("— Jane Doe (@jane) May 1, 2024")
			// closes the embedded post on the line above.
			if j := i - 1; j >= 0 && ps[j].rule == "" && ps[j].words <= 80 {
				ps[j].rule = "embedded post"
			}
		}
	}
}

// captionSignal reports whether s has any sign of describing a picture:
// present-tense action, a position marker or a date with the year.
func captionSignal(s string) bool {
	return depicts(s) || placeMarked(s) || captionLike(s) > 0
}

// reReported finds the marks of reported speech that headlines of links
// lack and closing paragraphs have.
var reReported = lazyre.New(`\b(?:said|told|says)\b|[“"]`)

// markLinkList drops the headlines listed after a label such as "Read
// more:" at ps[i]: every following line that does not end like a
// sentence, and, when the label
// opens the article's tail (tail: nothing after it is longer than 20
// words or reports speech), everything after it. It returns the index
// after the last line it looked at.
func markLinkList(ps []para, i int, tail bool) int {
	k := i + 1
	for ; k < len(ps); k++ {
		if ps[k].rule != "" {
			continue
		}
		// A linked headline does not end like a sentence.
		if !tail && !HeadingLike(ps[k].text, ps[k].words) && (EndsSentence(ps[k].text) || ps[k].words > 25) {
			break
		}
		ps[k].rule = "related link"
	}
	return k
}

// markTitle drops lines that repeat the article's headline.
func markTitle(ps []para, title string) {
	key := NormKey(title)
	if key == "" {
		return
	}
	for i := range ps {
		// A key is never longer than its text, and a title's text not
		// much longer than its key.
		if ps[i].rule == "" && len(ps[i].text) >= len(key) && len(ps[i].text) <= 2*len(title)+8 && ps[i].keyOf() == key {
			ps[i].rule = "title"
		}
	}
}

// captionCopyReach is how many lines away from a caption its copy is
// looked for.
const captionCopyReach = 3

// markCaptionCopies drops paragraphs that are contained in a nearby line
// dropped as a caption: the same caption printed once with its credit and
// once without.
func markCaptionCopies(ps []para) {
	for i := range ps {
		if !strings.HasPrefix(ps[i].rule, "caption") {
			continue
		}
		for j := max(0, i-captionCopyReach); j < min(len(ps), i+captionCopyReach+1); j++ {
			p := &ps[j]
			if p.rule != "" || p.words < 8 || len(p.text) > len(ps[i].text) {
				continue
			}
			if c, k := ps[i].keyOf(), p.keyOf(); len(c) > len(k) && strings.Contains(c, k) {
				p.rule = "caption"
			}
		}
	}
}

// markRepeats drops paragraphs repeated within the article (the first is
// kept) and truncated copies: a paragraph of truncatedMinWords words or
// more that is the beginning of a longer one, wherever the longer one
// stands. Paragraphs are compared by NormKey, found through hashes so that
// keys are built only for candidates.
func markRepeats(ps []para) {
	first := make(map[uint64]int, len(ps)) // hash of a key → its first paragraph
	groups := make(map[uint64][]int)       // hash of the first words → paragraphs
	for i := range ps {
		p := &ps[i]
		if p.rule != "" {
			continue
		}
		full, head := normHashes(p.text, truncatedMinWords-1)
		if j, ok := first[full]; ok {
			if ps[j].keyOf() == p.keyOf() {
				p.rule = "repeat"
				continue
			}
		} else {
			first[full] = i
		}
		if p.words >= truncatedMinWords {
			groups[head] = append(groups[head], i)
		}
	}
	// A truncated copy shares its first words, whole, with the paragraph
	// it was cut from; within such a group a prefix sorts right before
	// the keys that extend it.
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		sort.Slice(g, func(a, b int) bool { return ps[g[a]].keyOf() < ps[g[b]].keyOf() })
		for n := 0; n+1 < len(g); n++ {
			a, b := ps[g[n]].keyOf(), ps[g[n+1]].keyOf()
			if len(b) > len(a) && strings.HasPrefix(b, a) {
				ps[g[n]].rule = "truncated copy"
			}
		}
	}
}

// markHeadings drops section headings, kickers and other short lines
// that are not sentences, unless they stand in a list: minListRun or more
// heading-like lines in a row, all with or all without a list marker. Above
// the first paragraph of running text (the header: kicker, headline,
// byline, date) no list is kept.
func markHeadings(ps []para) {
	var run []int
	bullet := false
	inHeader := false
	for i := range ps {
		if ps[i].rule == "" && !HeadingLike(ps[i].text, ps[i].words) {
			inHeader = true // there is a paragraph, so there is a header
			break
		}
	}
	flush := func() {
		if len(run) < minListRun || inHeader {
			for _, i := range run {
				ps[i].rule = "heading"
			}
		}
		run = run[:0]
	}
	for i := range ps {
		p := &ps[i]
		if p.rule != "" {
			continue
		}
		if !HeadingLike(p.text, p.words) {
			flush()
			inHeader = false
			continue
		}
		if len(run) > 0 && p.bullet != bullet {
			flush()
		}
		bullet = p.bullet
		run = append(run, i)
	}
	flush()
}
