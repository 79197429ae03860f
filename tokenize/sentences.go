package tokenize

import (
	"strings"
	"sync"

	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/english"
)

// The Punkt sentence tokenizer that prose wraps. prose.NewDocument rebuilds
// it from its JSON model on every call (about 13 ms and 3.4 MB); built once
// and reused it splits tens of megabytes a second.
var (
	punktOnce sync.Once
	punkt     *sentences.DefaultSentenceTokenizer
	punktErr  error
)

func segmenter() (*sentences.DefaultSentenceTokenizer, error) {
	punktOnce.Do(func() {
		punkt, punktErr = english.NewSentenceTokenizer(nil)
		if punktErr != nil {
			return
		}
		// News abbreviations that Punkt's model does not know; prose adds
		// "mt" for the same reason.
		for _, a := range []string{"mt", "gen", "lt", "col", "sen", "rep", "gov", "sgt", "adm", "maj", "capt", "cmdr", "supt", "ft", "st", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "no", "vs", "u.s", "u.k", "u.n"} {
			punkt.Storage.AbbrevTypes.Add(a)
		}
	})
	return punkt, punktErr
}

// Sentences splits one block of running text (a paragraph or a line) into
// sentences with the Punkt model. Callers split text into blocks at line
// breaks first: Punkt alone would merge a headline into the sentence below
// it.
func Sentences(block string) []string {
	block = strings.TrimSpace(block)
	if block == "" {
		return nil
	}
	seg, err := segmenter()
	if err != nil {
		// The model is compiled into the binary; failing to load it is a
		// build defect. Degrade to one sentence per block.
		return []string{block}
	}
	var out []string
	for _, s := range seg.Tokenize(block) {
		if t := strings.TrimSpace(s.Text); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// Blocks splits text at line breaks into its non-empty, trimmed lines.
func Blocks(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
