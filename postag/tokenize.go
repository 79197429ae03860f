package postag

import (
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"
)

// maxWord is the longest word, in bytes, that goes through prose's
// tokenizer. prose's doSplit strips one character per pass and rescans the
// word each time, so its cost grows with the square of a word's length: 256
// dots take it 3 ms, 20,000 take 13 s. Longer words (no news word comes near:
// the longest in the evaluation stories is a 73-byte URL) are kept whole.
const maxWord = 256

// span is a byte range [start, end).
type span struct{ start, end int }

// counters of the rare paths, read by tests.
var stats struct {
	perWord    atomic.Int64 // sentences tokenized word by word (prose dropped text, long word)
	panics     atomic.Int64 // words on which prose's tokenizer panicked
	long       atomic.Int64 // words longer than maxWord, kept whole
	misaligned atomic.Int64 // tokens whose text was not found where expected
}

// tokenize splits sentence with prose's tokenizer. It returns prose's token
// texts, which the tagger needs as prose has them (curly quotes made
// straight), and each token's span in sentence.
//
// prose's iterTokenizer (tokenize.go) first rewrites curly quotes and
// "&rsquo;" (its sanitizer), then cuts the clean text at white space and
// splits each word with doSplit. Every token is a piece of one word of the
// clean text, in order, so tokens are aligned to the clean text and mapped
// back to the input through the sanitizer's offsets.
//
// doSplit sometimes drops the end of a word ("O'Reilly" gives only "O", and
// `won't"` gives "wo"), which leaves the words and tokens out of step. Most
// sentences have no such word: their tokens tile the clean words exactly, and
// the whole sentence is tokenized once. Otherwise each word is tokenized on
// its own, which gives the same tokens (doSplit sees one word at a time
// either way) and says which word each token came from. Words longer than
// maxWord are not given to prose.
func tokenize(sentence string) (words []string, spans []span) {
	clean, toInput := sanitize(sentence)
	cleanWords := splitWhite(clean)
	if len(cleanWords) == 0 {
		return nil, nil
	}
	ok := true
	for _, w := range cleanWords {
		if w.end-w.start > maxWord {
			ok = false
			break
		}
	}
	if ok {
		words, ok = proseTokens(sentence)
	}
	if ok {
		spans, ok = tile(words, clean, cleanWords)
	}
	if !ok {
		stats.perWord.Add(1)
		words, spans = tokenizeWords(clean, cleanWords)
	}
	if toInput != nil {
		for i := range spans {
			spans[i] = span{toInput[spans[i].start], toInput[spans[i].end]}
		}
	}
	return words, spans
}

// proseTokens returns the texts of prose's tokens for text, or ok == false if
// prose panicked (its doSplit slices a word by offsets found in the word's
// lower-case form, which can be longer: "ȺȺȺȺ's").
func proseTokens(text string) (words []string, ok bool) {
	defer func() {
		if recover() != nil {
			words, ok = nil, false
		}
	}()
	// With tagging and extraction off, NewDocument's defaultModel(false,
	// false) loads no model (document.go, model.go): this is the tokenizer
	// alone.
	doc, err := prose.NewDocument(text,
		prose.WithTagging(false), prose.WithSegmentation(false), prose.WithExtraction(false))
	if err != nil {
		return nil, false
	}
	toks := doc.Tokens()
	words = make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.Text
	}
	return words, true
}

// tile places tokens one after another in the clean words, and reports
// whether they cover every byte of every word. If they do, the placement is
// the only one possible, and it is prose's.
func tile(tokens []string, clean string, cleanWords []span) ([]span, bool) {
	spans := make([]span, len(tokens))
	j, cur := 0, cleanWords[0].start
	for k, tok := range tokens {
		if cur == cleanWords[j].end && j+1 < len(cleanWords) {
			j++
			cur = cleanWords[j].start
		}
		if tok == "" || !strings.HasPrefix(clean[cur:cleanWords[j].end], tok) {
			return nil, false
		}
		spans[k] = span{cur, cur + len(tok)}
		cur += len(tok)
	}
	return spans, j == len(cleanWords)-1 && cur == cleanWords[j].end
}

// tokenizeWords tokenizes each clean word on its own and aligns its tokens
// within it.
func tokenizeWords(clean string, cleanWords []span) (words []string, spans []span) {
	for _, w := range cleanWords {
		text := clean[w.start:w.end]
		if len(text) > maxWord {
			stats.long.Add(1)
			words = append(words, text)
			spans = append(spans, w)
			continue
		}
		toks, ok := proseTokens(text)
		if !ok {
			// prose would have panicked on the whole sentence; keep the
			// word whole, so that it is still tagged.
			stats.panics.Add(1)
			toks = []string{text}
		}
		cur := w.start
		for _, tok := range toks {
			rest := clean[cur:w.end]
			i := strings.Index(rest, tok)
			if i < 0 || tok == "" {
				// Not expected: prose's tokens are pieces of the word.
				// Best guess: as many bytes as the token from here.
				stats.misaligned.Add(1)
				n := min(len(tok), len(rest))
				spans = append(spans, span{cur, cur + n})
				words = append(words, tok)
				cur += n
				continue
			}
			spans = append(spans, span{cur + i, cur + i + len(tok)})
			words = append(words, tok)
			cur += i + len(tok)
		}
	}
	return words, spans
}

// splitWhite returns the runs of non-space runes in s: the words prose's
// tokenize loop hands to doSplit (runs of unicode.IsSpace are dropped).
func splitWhite(s string) []span {
	var words []span
	start := -1
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			if start >= 0 {
				words = append(words, span{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += size
	}
	if start >= 0 {
		words = append(words, span{start, len(s)})
	}
	return words
}

// sanitize applies prose's sanitizer (tokenize.go):
//
//	strings.NewReplacer("\u201c", `"`, "\u201d", `"`, "\u2018", "'", "\u2019", "'", "&rsquo;", "'")
//
// and returns, when it changed anything, toInput: for each byte of clean, the
// offset in s where its source starts, and len(s) at len(clean).
func sanitize(s string) (clean string, toInput []int) {
	if !strings.Contains(s, "\u2018") && !strings.Contains(s, "\u2019") &&
		!strings.Contains(s, "\u201c") && !strings.Contains(s, "\u201d") &&
		!strings.Contains(s, "&rsquo;") {
		return s, nil
	}
	b := make([]byte, 0, len(s))
	toInput = make([]int, 0, len(s)+1)
	for i := 0; i < len(s); {
		var c byte
		n := 0
		switch {
		case strings.HasPrefix(s[i:], "\u201c"), strings.HasPrefix(s[i:], "\u201d"):
			c, n = '"', len("\u201c")
		case strings.HasPrefix(s[i:], "\u2018"), strings.HasPrefix(s[i:], "\u2019"):
			c, n = '\'', len("\u2018")
		case strings.HasPrefix(s[i:], "&rsquo;"):
			c, n = '\'', len("&rsquo;")
		default:
			c, n = s[i], 1
		}
		b = append(b, c)
		toInput = append(toInput, i)
		i += n
	}
	toInput = append(toInput, len(s))
	return string(b), toInput
}
