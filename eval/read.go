package eval

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/tokenize"
)

// A reading of digests is an editor's judgement of what a digest shows,
// kept in a labels file so that it can be counted again as the engine
// changes, without copying any article's text: each label points at a
// story, an article file, a sentence (by its index and a hash of its text)
// and the words of it a bullet keeps.
//
// Labels file: tab-separated, one label a line, "#" starts a comment line:
//
//	kind  story  file  sentence  hash  kept  verdict  note
//
// kind "bullet": a bullet cut from sentence number `sentence` of the
// article `file` (counted over its blocks, split into sentences by the
// rules of the article's language, as the summarizer splits them),
// keeping the word ranges `kept` (from-to, zero-based, inclusive, over the
// sentence's whitespace-separated words, where each character of a word
// written without spaces — Chinese, Japanese — counts as one; comma-
// separated), judged OK,
// MEANING (the cut changed or lost the meaning), FRAGMENT, VAGUE or JUNK.
// kind "main": the same bullet key, judged MAIN when it states the
// story's main event, else OTHER. kind "headline": a digest's headline,
// `file` the article whose title it is ("-" when it is not a title),
// `hash` the headline's hash, `sentence` and `kept` "-", judged PROPER or
// IMPROPER.

// Bullet verdicts.
const (
	OK       = "OK"
	Meaning  = "MEANING"
	Fragment = "FRAGMENT"
	Vague    = "VAGUE"
	Junk     = "JUNK"
)

// Verdicts of "main" and "headline" labels.
const (
	Main     = "MAIN"
	Other    = "OTHER"
	Proper   = "PROPER"
	Improper = "IMPROPER"
)

// Label is one line of a labels file.
type Label struct {
	// Kind is "bullet", "main" or "headline".
	Kind string
	// Story and File name the story folder and the article file.
	Story, File string
	// Sentence is the sentence's index in its article; -1 for a headline.
	Sentence int
	// Hash identifies the sentence's (or headline's) text.
	Hash string
	// Kept are the kept word ranges ("0-11,14-20"); "-" for a headline.
	Kept string
	// Verdict is the judgement.
	Verdict string
	// Note is the reader's comment, without article text.
	Note string
}

// key identifies what a label judges.
func (l Label) key() string {
	return strings.Join([]string{l.Kind, l.Story, l.File, l.Hash, l.Kept}, "\t")
}

// Labels are the judgements of a labels file, by what they judge.
type Labels map[string]Label

var verdicts = map[string][]string{
	"bullet":   {OK, Meaning, Fragment, Vague, Junk},
	"main":     {Main, Other},
	"headline": {Proper, Improper},
}

// ReadLabels reads a labels file. A missing file is an empty set.
func ReadLabels(path string) (Labels, error) {
	ls := Labels{}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return ls, nil
	}
	if err != nil {
		return nil, fmt.Errorf("eval: labels: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Split(line, "\t")
		if len(fs) < 7 {
			return nil, fmt.Errorf("eval: labels %s:%d: want 7 or 8 tab-separated fields, found %d", path, n, len(fs))
		}
		l := Label{Kind: fs[0], Story: fs[1], File: fs[2], Hash: fs[4], Kept: fs[5], Verdict: fs[6]}
		if len(fs) > 7 {
			l.Note = fs[7]
		}
		if fs[3] == "-" {
			l.Sentence = -1
		} else if l.Sentence, err = strconv.Atoi(fs[3]); err != nil {
			return nil, fmt.Errorf("eval: labels %s:%d: sentence %q is not a number", path, n, fs[3])
		}
		if !slices.Contains(verdicts[l.Kind], l.Verdict) {
			return nil, fmt.Errorf("eval: labels %s:%d: %s label with verdict %q (want one of %v)", path, n, l.Kind, l.Verdict, verdicts[l.Kind])
		}
		ls[l.key()] = l // a later line overrides an earlier one
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: labels %s: %w", path, err)
	}
	return ls, nil
}

// Line returns l as a line of a labels file, without its newline.
func (l Label) Line() string {
	sent := "-"
	if l.Sentence >= 0 {
		sent = strconv.Itoa(l.Sentence)
	}
	fs := []string{l.Kind, l.Story, l.File, sent, l.Hash, l.Kept, l.Verdict}
	if l.Note != "" {
		fs = append(fs, l.Note)
	}
	return strings.Join(fs, "\t")
}

// Origin is where a bullet was cut from.
type Origin struct {
	// File is the article's file name; Article its index in the input.
	File    string
	Article int
	// Sentence is the sentence's index in the article, Text the sentence.
	Sentence int
	Text     string
	// Kept are the word ranges of Text the bullet keeps ("0-11,14-20").
	Kept string
}

// Hash returns the hash that identifies a sentence or headline in labels:
// the first 12 hex digits of the SHA-256 of its words, lower-cased.
func Hash(s string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.Join(strings.Fields(s), " "))))
	return hex.EncodeToString(sum[:6])
}

// Locate finds the sentence a bullet was cut from: among the sentences of
// which the bullet's words are a subsequence, the one it keeps in the
// fewest runs of adjacent words, the first in its sources' articles (then
// the others') on a tie. ok is false when no sentence holds the bullet.
func Locate(articles []news.Article, b news.Bullet) (o Origin, ok bool) {
	order := slices.Clone(b.Sources)
	for i := range articles {
		if !slices.Contains(order, i) {
			order = append(order, i)
		}
	}
	words := units(b.Text)
	best := -1
	for _, ai := range order {
		if ai < 0 || ai >= len(articles) {
			continue
		}
		l := tokenize.For(articles[ai].Language)
		n := 0
		for _, block := range tokenize.Blocks(articles[ai].Text) {
			for _, s := range l.Sentences(block) {
				if runs, ok := align(words, units(s)); ok && (best < 0 || len(runs) < best) {
					best = len(runs)
					o = Origin{File: filepath.Base(articles[ai].URL), Article: ai, Sentence: n, Text: s, Kept: strings.Join(runs, ",")}
				}
				n++
			}
		}
	}
	return o, best >= 0
}

// units returns the words of s that Locate aligns: its whitespace-separated
// words, except that a word holding Han or kana characters, written
// without spaces between words, is taken character by character.
func units(s string) []string {
	fields := strings.Fields(s)
	var out []string
	for _, f := range fields {
		if !strings.ContainsFunc(f, tokenize.IsCJK) {
			out = append(out, f)
			continue
		}
		for _, r := range f {
			out = append(out, string(r))
		}
	}
	return out
}

// align matches the words of a bullet to words of a sentence that are the
// same (case and trailing punctuation aside), in order, keeping them in
// as few runs of adjacent sentence words as it can, and returns the runs
// ("from-to", inclusive).
func align(bullet, sentence []string) ([]string, bool) {
	norm := func(w string) string { return strings.TrimRight(strings.ToLower(w), ",.;:!?،؛۔؟") }
	m, n := len(bullet), len(sentence)
	if m == 0 || m > n {
		return nil, false
	}
	bw := make([]string, m)
	for i, w := range bullet {
		bw[i] = norm(w)
	}
	sw := make([]string, n)
	for j, w := range sentence {
		sw[j] = norm(w)
	}
	// A cheap check first: most sentences do not hold the bullet at all.
	i := 0
	for j := 0; j < n && i < m; j++ {
		if sw[j] == bw[i] {
			i++
		}
	}
	if i < m {
		return nil, false
	}
	// runs[i][j]: fewest runs that keep bullet[:i+1] with bullet[i] at
	// sentence[j]; from[i][j] the position of bullet[i-1] then.
	const inf = 1 << 30
	runs := make([][]int, m)
	from := make([][]int, m)
	for i := range m {
		runs[i] = make([]int, n)
		from[i] = make([]int, n)
		for j := range n {
			runs[i][j] = inf
			if sw[j] != bw[i] {
				continue
			}
			if i == 0 {
				runs[i][j] = 1
				continue
			}
			for k := i - 1; k < j; k++ {
				if runs[i-1][k] == inf {
					continue
				}
				r := runs[i-1][k]
				if k != j-1 {
					r++
				}
				if r < runs[i][j] {
					runs[i][j], from[i][j] = r, k
				}
			}
		}
	}
	end := -1
	for j := range n {
		if runs[m-1][j] < inf && (end < 0 || runs[m-1][j] < runs[m-1][end]) {
			end = j
		}
	}
	pos := make([]int, m)
	for i, j := m-1, end; i >= 0; i-- {
		pos[i] = j
		j = from[i][j]
	}
	var parts []string
	for k := 0; k < m; {
		e := k
		for e+1 < m && pos[e+1] == pos[e]+1 {
			e++
		}
		parts = append(parts, fmt.Sprintf("%d-%d", pos[k], pos[e]))
		k = e + 1
	}
	return parts, true
}

// BulletLabel returns the label key of a bullet from its origin, with an
// empty verdict.
func BulletLabel(story string, o Origin) Label {
	return Label{Kind: "bullet", Story: story, File: o.File, Sentence: o.Sentence, Hash: Hash(o.Text), Kept: o.Kept}
}

// HeadlineLabel returns the label key of a digest's headline.
func HeadlineLabel(story string, articles []news.Article, title string) Label {
	file := "-"
	for _, a := range articles {
		if strings.TrimSpace(title) == "" {
			break
		}
		if strings.EqualFold(strings.Join(strings.Fields(a.Title), " "), strings.Join(strings.Fields(title), " ")) {
			file = filepath.Base(a.URL)
			break
		}
	}
	return Label{Kind: "headline", Story: story, File: file, Sentence: -1, Hash: Hash(title), Kept: "-"}
}

// Find returns the judgement of what l points at; ok is false when there
// is none.
func (ls Labels) Find(l Label) (Label, bool) {
	got, ok := ls[l.key()]
	return got, ok
}

// Reading counts the verdicts on what digests show.
type Reading struct {
	// Bullets counts the bullets shown by verdict ("" for unlabelled).
	Bullets map[string]int
	// Headlines counts the headlines by verdict ("" for unlabelled).
	Headlines map[string]int
	// First counts the digests by the main-news verdict of their first
	// bullet ("" for unlabelled).
	First map[string]int
	// Unlocated counts bullets whose source sentence was not found: not a
	// span of any sentence (a faithfulness failure).
	Unlocated int
	// Missing are the labels, without verdict, of what was shown and is
	// not judged yet.
	Missing []Label
}

// Read judges what the digests of results show with labels.
func Read(results []Result, ls Labels) Reading {
	r := Reading{Bullets: map[string]int{}, Headlines: map[string]int{}, First: map[string]int{}}
	for _, res := range results {
		h := HeadlineLabel(res.Story, res.Input, res.Digest.Title)
		if got, ok := ls.Find(h); ok {
			r.Headlines[got.Verdict]++
		} else {
			r.Headlines[""]++
			r.Missing = append(r.Missing, h)
		}
		for i, b := range res.Digest.Bullets {
			o, ok := Locate(res.Input, b)
			if !ok {
				r.Unlocated++
				continue
			}
			l := BulletLabel(res.Story, o)
			if got, ok := ls.Find(l); ok {
				r.Bullets[got.Verdict]++
			} else {
				r.Bullets[""]++
				r.Missing = append(r.Missing, l)
			}
			if i == 0 {
				m := l
				m.Kind = "main"
				if got, ok := ls.Find(m); ok {
					r.First[got.Verdict]++
				} else {
					r.First[""]++
					r.Missing = append(r.Missing, m)
				}
			}
		}
	}
	return r
}

// ReportReading writes the shares of a reading.
func ReportReading(w io.Writer, r Reading) error {
	share := func(m map[string]int, keys ...string) string {
		total := 0
		for k, n := range m {
			if k != "" {
				total += n
			}
		}
		var parts []string
		for _, k := range keys {
			p := 0.0
			if total > 0 {
				p = 100 * float64(m[k]) / float64(total)
			}
			parts = append(parts, fmt.Sprintf("%s %.1f%%", k, p))
		}
		return fmt.Sprintf("%s (of %d judged, %d not judged)", strings.Join(parts, ", "), total, m[""])
	}
	_, err := fmt.Fprintf(w, "bullets:   %s\nheadlines: %s\nfirst bullet the main news: %s\nbullets not found in any sentence: %d\n",
		share(r.Bullets, OK, Meaning, Fragment, Vague, Junk),
		share(r.Headlines, Proper, Improper),
		share(r.First, Main, Other),
		r.Unlocated)
	return err
}

// WriteMissing writes what is shown and not judged, for a reader: each
// label line with an empty verdict ("?"), then the sentence and what the
// bullet keeps (or the headline), as comment lines.
func WriteMissing(w io.Writer, results []Result, r Reading) error {
	byStory := map[string]Result{}
	for _, res := range results {
		byStory[res.Story] = res
	}
	sort.SliceStable(r.Missing, func(i, j int) bool { return r.Missing[i].Story < r.Missing[j].Story })
	for _, l := range r.Missing {
		res := byStory[l.Story]
		l.Verdict = "?"
		if _, err := fmt.Fprintln(w, l.Line()); err != nil {
			return err
		}
		switch l.Kind {
		case "headline":
			fmt.Fprintf(w, "#   headline: %s\n", res.Digest.Title)
		default:
			for _, b := range res.Digest.Bullets {
				if o, ok := Locate(res.Input, b); ok && o.File == l.File && Hash(o.Text) == l.Hash && o.Kept == l.Kept {
					fmt.Fprintf(w, "#   sentence: %s\n#   bullet:   %s\n", o.Text, b.Text)
					break
				}
			}
			if l.Kind == "main" {
				fmt.Fprintf(w, "#   headline: %s\n", res.Digest.Title)
			}
		}
	}
	return nil
}
