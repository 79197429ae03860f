package tokenize

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/english"
)

//go:generate go run ./internal/punktgen -o punkt_english.txt

// englishModelText is the English Punkt model of the sentences package
// (data/english.json), written by internal/punktgen in a layout that reads
// without decoding JSON: see englishModel.
//
//go:embed punkt_english.txt
var englishModelText string

// englishModel reads englishModelText into a new Storage: the model that
// sentences.LoadTraining decodes from the package's JSON asset (equal, as
// TestPunktModel checks), in about a millisecond instead of 15. Keys are
// slices of the embedded string, not copies.
func englishModel() (*sentences.Storage, error) {
	s := sentences.NewStorage()
	var set sentences.SetString
	text := englishModelText
	for line := 1; text != ""; line++ {
		var l string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			l, text = text[:i], text[i+1:]
		} else {
			l, text = text, ""
		}
		switch {
		case l == "" || l[0] == '#':
			continue
		case l[0] == '[':
			name, count, _ := strings.Cut(strings.Trim(l, "[]"), " ")
			n, err := strconv.Atoi(count)
			if err != nil {
				return nil, fmt.Errorf("punkt model line %d: %q: %w", line, l, err)
			}
			set = make(sentences.SetString, n)
			switch name {
			case "AbbrevTypes":
				s.AbbrevTypes = set
			case "Collocations":
				s.Collocations = set
			case "SentStarters":
				s.SentStarters = set
			case "OrthoContext":
				s.OrthoContext = set
			default:
				return nil, fmt.Errorf("punkt model line %d: unknown set %q", line, name)
			}
			continue
		}
		v, k, ok := strings.Cut(l, "\t")
		n, err := strconv.Atoi(v)
		if !ok || err != nil || set == nil {
			return nil, fmt.Errorf("punkt model line %d: want value, tab, key after a [set] header: %q", line, l)
		}
		set[k] = n
	}
	return s, nil
}

// The Punkt sentence tokenizer that prose wraps. prose.NewDocument rebuilds
// it from its JSON model on every call (about 13 ms and 3.4 MB); built once,
// from the model above, and reused it splits tens of megabytes a second.
var (
	punktOnce sync.Once
	punkt     *sentences.DefaultSentenceTokenizer
	punktErr  error
)

func segmenter() (*sentences.DefaultSentenceTokenizer, error) {
	punktOnce.Do(func() {
		var model *sentences.Storage
		if model, punktErr = englishModel(); punktErr != nil {
			return
		}
		if punkt, punktErr = english.NewSentenceTokenizer(model); punktErr != nil {
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
// it. A block that holds a stop that no English text has — 。！？, the
// Urdu ۔, the Arabic ؟ — is text in another language whose language is
// not known, and is split by the rules on Lang instead.
func Sentences(block string) []string {
	block = strings.TrimSpace(block)
	if block == "" {
		return nil
	}
	if strings.ContainsAny(block, fullStops) {
		return splitRules(block, For("und"))
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
