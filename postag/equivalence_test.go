package postag

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jdkato/prose/v2"
)

// storiesDir holds the evaluation stories. Their text is licensed for
// research use only: tests read it from here and never copy it into the
// repository.
const storiesDir = "../../shared/stories"

// corpusSentences reads the articles under storiesDir and splits them
// naively: by line, then on ". ".
func corpusSentences(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(storiesDir, "*", "articles", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skipf("no articles under %s (the shared evaluation stories are not on this machine)", storiesDir)
	}
	var sentences []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			parts := strings.Split(line, ". ")
			for i, p := range parts {
				if i < len(parts)-1 {
					p += "."
				}
				if strings.TrimSpace(p) != "" {
					sentences = append(sentences, p)
				}
			}
		}
	}
	return sentences
}

// proseModel is prose's tagger model, loaded once (263 ms).
var proseModel = sync.OnceValue(func() *prose.Model {
	doc, err := prose.NewDocument("x", prose.WithSegmentation(false), prose.WithExtraction(false))
	if err != nil {
		panic(err)
	}
	return doc.Model
})

// proseTag tags s with prose itself.
func proseTag(t testing.TB, s string) []prose.Token {
	t.Helper()
	doc, err := prose.NewDocument(s, prose.WithSegmentation(false), prose.WithExtraction(false),
		prose.UsingModel(proseModel()))
	if err != nil {
		t.Fatalf("prose.NewDocument(%q): %v", s, err)
	}
	return doc.Tokens()
}

// clean is prose's sanitizer applied to a token's input text.
func clean(s string) string {
	c, _ := sanitize(s)
	return c
}

// TestEquivalence tags news sentences with prose and with Tag and compares.
// Token texts must be identical (after prose's quote straightening, which
// Text undoes). Tags are compared after applying prose's aliasing (see
// aliasLikeProse) and must agree on at least 99.9% of tokens; a
// disagreement is explained when the sentence has an exact tie at or before
// it: prose breaks ties at random, Tag deterministically.
func TestEquivalence(t *testing.T) {
	sentences := corpusSentences(t)
	if len(sentences) < 1500 {
		t.Fatalf("only %d sentences in %s; want at least 1,500", len(sentences), storiesDir)
	}
	if testing.Short() {
		sentences = sentences[:1500]
	}
	perWord0, misaligned0 := stats.perWord.Load(), stats.misaligned.Load()

	var tokens, raw, same, tied, textDiffs int
	for _, s := range sentences {
		want := proseTag(t, s)
		got := Tag(s)
		if len(got) != len(want) {
			textDiffs++
			t.Errorf("Tag(%q): %d tokens, prose %d", s, len(got), len(want))
			continue
		}
		aliased := aliasLikeProse(s, got)
		ties := tiesOf(s)
		firstTie := len(ties)
		for i, tie := range ties {
			if tie {
				firstTie = i
				break
			}
		}
		for i := range got {
			if clean(got[i].Text) != want[i].Text {
				textDiffs++
				t.Errorf("Tag(%q)[%d].Text = %q; prose %q", s, i, got[i].Text, want[i].Text)
			}
			tokens++
			if got[i].Tag == want[i].Tag {
				raw++
			}
			switch {
			case aliased[i] == want[i].Tag:
				same++
			case i >= firstTie:
				tied++
				t.Logf("tie: Tag(%q)[%d] %q = %s; prose %s", s, i, got[i].Text, got[i].Tag, want[i].Tag)
			default:
				t.Errorf("Tag(%q)[%d] %q = %s (aliased %s); prose %s", s, i, got[i].Text, got[i].Tag, aliased[i], want[i].Tag)
			}
		}
	}
	agree := float64(same) / float64(tokens)
	t.Logf("%d sentences, %d tokens: %d token texts differ", len(sentences), tokens, textDiffs)
	t.Logf("tags equal prose's on %d tokens (%.4f%%) after prose's aliasing, %d differ after an exact tie",
		same, 100*agree, tied)
	t.Logf("tags equal prose's raw output on %d tokens (%.4f%%): the rest are repeated words whose tag prose overwrote",
		raw, 100*float64(raw)/float64(tokens))
	t.Logf("%d sentences tokenized word by word (prose dropped text), %d tokens misaligned",
		stats.perWord.Load()-perWord0, stats.misaligned.Load()-misaligned0)
	if agree < 0.999 {
		t.Errorf("tags agree on %.4f%% of tokens; want at least 99.9%%", 100*agree)
	}
	if n := stats.misaligned.Load() - misaligned0; n > 0 {
		t.Errorf("%d tokens could not be aligned to the input", n)
	}
}

// aliasLikeProse returns the tags prose's Document reports for toks, the
// result of Tag(s): not always the tags its tagger computed.
//
// prose's iterTokenizer.tokenize (tokenize.go) caches doSplit's []*Token per
// word, and appends the same pointers each time the word recurs, except for
// the last word of the text, which is split after the loop without the
// cache. perceptronTagger.tag then writes each position's tag through those
// pointers, so every occurrence of a repeated word reports the tag of its last
// cached occurrence ("—" in "a — b — c" gets the second dash's tag twice).
// The tagger's own context uses the per-position tags, which Tag returns.
func aliasLikeProse(s string, toks []Token) []string {
	cleanText, toInput := sanitize(s)
	words := splitWhite(cleanText)
	in := func(p int) int {
		if toInput == nil {
			return p
		}
		return toInput[p]
	}
	// Group the tokens by the word they came from.
	type occurrence struct{ tokens []int }
	occ := make([]occurrence, len(words))
	w := 0
	for i, tok := range toks {
		for w+1 < len(words) && in(words[w].end) <= tok.Start {
			w++
		}
		occ[w].tokens = append(occ[w].tokens, i)
	}
	lastWordUncached := len(words) > 0 && words[len(words)-1].end == len(cleanText)
	last := map[string]int{} // word text → its last cached occurrence
	for j, wd := range words {
		if j == len(words)-1 && lastWordUncached {
			break
		}
		last[cleanText[wd.start:wd.end]] = j
	}
	tags := make([]string, len(toks))
	for i := range toks {
		tags[i] = toks[i].Tag
	}
	for j, wd := range words {
		if j == len(words)-1 && lastWordUncached {
			break
		}
		k := last[cleanText[wd.start:wd.end]]
		for p, i := range occ[j].tokens {
			if p < len(occ[k].tokens) {
				tags[i] = toks[occ[k].tokens[p]].Tag
			}
		}
	}
	return tags
}

// tiesOf reports, per token of Tag(s), whether the perceptron's decision
// was an exact tie between classes.
func tiesOf(s string) []bool {
	words, _ := tokenize(s)
	m := loadModel()
	tg := tagger{m: m, scores: make([]int64, len(m.Classes)), seen: make([]bool, len(m.Classes)),
		ties: make([]bool, len(words))}
	tg.tag(words)
	return tg.ties
}
