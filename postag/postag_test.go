package postag

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var invented = []struct {
	name  string
	in    string
	texts []string          // every token's Text
	tags  map[string]string // Text → Tag, for a few tokens
	// noProse: prose's tokenizer panics on the input, or Tag does not
	// give it to prose, so there is no prose output to compare with.
	noProse bool
}{
	{
		name:  "curly quotes and contraction",
		in:    "“We won’t back down,” Sen. Elizabeth Warren told reporters in Washington, D.C., on Tuesday.",
		texts: []string{"“", "We", "wo", "n’t", "back", "down", ",", "”", "Sen.", "Elizabeth", "Warren", "told", "reporters", "in", "Washington", ",", "D.C.", ",", "on", "Tuesday", "."},
		tags:  map[string]string{"wo": "MD", "n’t": "RB", "Sen.": "NNP", "told": "VBD", "D.C.": "NNP", "Tuesday": "NNP"},
	},
	{
		name:  "money, em dashes, hyphens",
		in:    "The U.S.-backed fund raised $3.5 million — about €3.2 million — in 2019, she said.",
		texts: []string{"The", "U.S.-backed", "fund", "raised", "$", "3.5", "million", "—", "about", "€3.2", "million", "—", "in", "2019", ",", "she", "said", "."},
		tags:  map[string]string{"U.S.-backed": "JJ", "$": "$", "3.5": "CD", "2019": "CD", "said": "VBD", "she": "PRP"},
	},
	{
		name:  "don't, emoticon, e-mail, URL",
		in:    "Don't worry :-) said the well-known CEO, who can't be reached at press@example.org or https://www.example.com/about.",
		texts: []string{"Do", "n't", "worry", ":-)", "said", "the", "well-known", "CEO", ",", "who", "ca", "n't", "be", "reached", "at", "press@example.org", "or", "https://www.example.com/about", "."},
		tags:  map[string]string{"Do": "VBP", ":-)": "SYM", "well-known": "JJ", "ca": "MD", "press@example.org": "NN", "https://www.example.com/about": "NN", "reached": "VBN"},
	},
	{
		name:  "possessives, single curly quotes, &rsquo;",
		in:    "O'Reilly’s long-running show ‘ended’ after 21 years; Fox News confirmed it &rsquo;s over.",
		texts: []string{"O'Reilly", "’s", "long-running", "show", "‘ended", "’", "after", "21", "years", ";", "Fox", "News", "confirmed", "it", "&rsquo;s", "over", "."},
		tags:  map[string]string{"’s": "POS", "21": "CD", ";": ":", "&rsquo;s": "VBZ", "confirmed": "VBD"},
	},
	{
		name:  "handle and emoticon",
		in:    "Follow @digestbot for updates (-_-) and more...",
		texts: []string{"Follow", "@digestbot", "for", "updates", "(-_-)", "and", "more", ".", ".", "."},
		tags:  map[string]string{"@digestbot": "NN", "(-_-)": "SYM"},
	},
	{
		// prose's doSplit drops "'Reilly" and the "n't." of "won't.".
		name:  "text prose drops",
		in:    "Fox's O'Reilly said the U.S. won't.",
		texts: []string{"Fox", "'s", "O", "said", "the", "U.S.", "wo"},
		tags:  map[string]string{"'s": "POS", "U.S.": "NNP", "said": "VBD"},
	},
	{
		name:  "white space of all kinds",
		in:    "  Prices rose\u00a0 3%\tin\nMay ,  analysts   said. ",
		texts: []string{"Prices", "rose", "3%", "in", "May", ",", "analysts", "said", "."},
		tags:  map[string]string{"Prices": "NNS", "May": "NNP", "said": "VBD"},
	},
	{
		name:  "hyphens, a.m., lone hyphen",
		in:    "A 24-hour, state-run strike began at 9 a.m. - ending at 5 p.m. on Jan. 6.",
		texts: []string{"A", "24-hour", ",", "state-run", "strike", "began", "at", "9", "a.m.", "-", "ending", "at", "5", "p.m.", "on", "Jan.", "6", "."},
		tags:  map[string]string{"24-hour": "JJ", "-": "-", "began": "VBD", "Jan.": "NNP"},
	},
	{
		// "Ⱥ" lower-cases to a longer encoding, and prose's doSplit slices
		// "ȺȺȺȺ's" out of range: the word is kept whole.
		name:    "word prose panics on",
		in:      "ȺȺȺȺ's rise",
		texts:   []string{"ȺȺȺȺ's", "rise"},
		noProse: true,
	},
	{
		name:    "word too long for prose",
		in:      "See " + strings.Repeat(".", 300) + " now.",
		texts:   []string{"See", strings.Repeat(".", 300), "now", "."},
		noProse: true, // prose would split it into dots, slowly
	},
	{name: "empty", in: "", texts: nil},
	{name: "white space only", in: " \t\n\u00a0", texts: nil},
}

func TestTag(t *testing.T) {
	for _, tc := range invented {
		t.Run(tc.name, func(t *testing.T) {
			got := Tag(tc.in)
			checkOffsets(t, tc.in, got)
			var texts []string
			for _, tok := range got {
				texts = append(texts, tok.Text)
			}
			if !slices.Equal(texts, tc.texts) {
				t.Errorf("Tag(%q) texts = %q; want %q", tc.in, texts, tc.texts)
			}
			for _, tok := range got {
				if want, ok := tc.tags[tok.Text]; ok && tok.Tag != want {
					t.Errorf("Tag(%q): %q tagged %s; want %s", tc.in, tok.Text, tok.Tag, want)
				}
			}
			if tc.noProse {
				return
			}
			want := proseTag(t, tc.in)
			aliased := aliasLikeProse(tc.in, got)
			if len(want) != len(got) {
				t.Fatalf("Tag(%q): %d tokens; prose %d", tc.in, len(got), len(want))
			}
			for i := range want {
				if clean(got[i].Text) != want[i].Text || aliased[i] != want[i].Tag {
					t.Errorf("Tag(%q)[%d] = %q/%s (aliased %s); prose %q/%s",
						tc.in, i, got[i].Text, got[i].Tag, aliased[i], want[i].Text, want[i].Tag)
				}
			}
		})
	}
}

// checkOffsets checks that tokens are in range, in order, and that their
// Text is the input at their offsets.
func checkOffsets(t *testing.T, in string, toks []Token) {
	t.Helper()
	prev := 0
	for i, tok := range toks {
		if tok.Start < prev || tok.End < tok.Start || tok.End > len(in) {
			t.Fatalf("Tag(%q)[%d] = [%d:%d]; want %d <= Start <= End <= %d", in, i, tok.Start, tok.End, prev, len(in))
		}
		if in[tok.Start:tok.End] != tok.Text {
			t.Errorf("Tag(%q)[%d]: input[%d:%d] = %q; Text %q", in, i, tok.Start, tok.End, in[tok.Start:tok.End], tok.Text)
		}
		if tok.Tag == "" {
			t.Errorf("Tag(%q)[%d] %q has no tag", in, i, tok.Text)
		}
		prev = tok.End
	}
}

func TestConcurrent(t *testing.T) {
	var want [][]Token
	for _, tc := range invented {
		want = append(want, Tag(tc.in))
	}
	resetModel() // so that the goroutines race to load it
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Go(func() {
			for n := range 20 {
				i := (g + n) % len(invented)
				if got := Tag(invented[i].in); !slices.Equal(got, want[i]) {
					select {
					case errs <- fmt.Sprintf("Tag(%q) = %v; want %v", invented[i].in, got, want[i]):
					default:
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestNormalize compares normalize with prose's, copied below.
func TestNormalize(t *testing.T) {
	for _, w := range []string{"", "-", "-12", "-123", "+123", "1234", "12345", "0x12", "2019", "9-5",
		"U.S.-backed", "-LRB-", "Hello", "İstanbul", "ÉCOLE", "3.5", "1,000", "½", "\xff"} {
		if got, want := normalize(w), proseNormalize(w); got != want {
			t.Errorf("normalize(%q) = %q; want %q", w, got, want)
		}
	}
}

// proseNormalize is prose v2.0.0's normalize (tag.go), verbatim; see the
// licence notice in perceptron.go.
func proseNormalize(word string) string {
	if word == "" {
		return word
	}
	first := string(word[0])
	if strings.Contains(word, "-") && first != "-" {
		return "!HYPHEN"
	} else if _, err := strconv.Atoi(word); err == nil && len(word) == 4 {
		return "!YEAR"
	} else if _, err := strconv.Atoi(first); err == nil {
		return "!DIGITS"
	}
	return strings.ToLower(word)
}

// proseSanitizer is prose v2.0.0's sanitizer (tokenize.go).
var proseSanitizer = strings.NewReplacer(
	"\u201c", `"`,
	"\u201d", `"`,
	"\u2018", "'",
	"\u2019", "'",
	"&rsquo;", "'")

func FuzzTag(f *testing.F) {
	for _, tc := range invented {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		misaligned := stats.misaligned.Load()
		toks := Tag(s)
		checkOffsets(t, s, toks)
		if n := stats.misaligned.Load() - misaligned; n > 0 {
			t.Errorf("Tag(%q): %d tokens misaligned", s, n)
		}

		c, toInput := sanitize(s)
		if want := proseSanitizer.Replace(s); c != want {
			t.Fatalf("sanitize(%q) = %q; want %q", s, c, want)
		}
		if toInput != nil && (len(toInput) != len(c)+1 || toInput[len(c)] != len(s)) {
			t.Fatalf("sanitize(%q): %d offsets ending at %d; want %d ending at %d", s, len(toInput), toInput[len(toInput)-1], len(c)+1, len(s))
		}

		// Token texts are prose's tokens, unless prose panics or a word is
		// too long to give to prose.
		long := false
		for _, w := range splitWhite(c) {
			long = long || w.end-w.start > maxWord
		}
		if words, ok := proseTokens(s); ok && !long {
			if len(words) != len(toks) {
				t.Fatalf("Tag(%q): %d tokens; prose %d", s, len(toks), len(words))
			}
			for i, w := range words {
				if clean(toks[i].Text) != w {
					t.Errorf("Tag(%q)[%d] = %q; prose %q", s, i, toks[i].Text, w)
				}
			}
		}
		for _, w := range append([]string{s}, strings.Fields(s)...) {
			if got, want := normalize(w), proseNormalize(w); got != want {
				t.Errorf("normalize(%q) = %q; want %q", w, got, want)
			}
		}
	})
}

// benchSentence has 45 tokens, with the usual news mix.
const benchSentence = "President Volodymyr Zelenskyy, who met Macron on Tuesday, said “the coalition” " +
	"would deploy 35,000 troops — a $3.5 billion commitment — if a ceasefire holds, " +
	"though officials in Washington didn't confirm the U.S. role, aides said."

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		resetModel()
		loadModel()
	}
}

func BenchmarkTag(b *testing.B) {
	if n := len(Tag(benchSentence)); n != 45 {
		b.Fatalf("benchSentence has %d tokens; want 45", n)
	}
	b.ReportAllocs()
	for b.Loop() {
		Tag(benchSentence)
	}
}

// BenchmarkTokenize is prose's tokenizer alone, the part of Tag that is prose's.
func BenchmarkTokenize(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		proseTokens(benchSentence)
	}
}

// BenchmarkProseTag is prose's own tagging of the same sentence, its model
// already loaded, for comparison.
func BenchmarkProseTag(b *testing.B) {
	proseTag(b, benchSentence)
	b.ReportAllocs()
	for b.Loop() {
		proseTag(b, benchSentence)
	}
}

// BenchmarkTagCorpus tags the evaluation stories' sentences; ns/op is per
// sentence.
func BenchmarkTagCorpus(b *testing.B) {
	sentences := corpusSentences(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		Tag(sentences[i%len(sentences)])
		i++
	}
}
