package rouge

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/news"
)

// near reports whether a and b agree to 1e-12.
func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

func nearScore(a, b Score) bool {
	return near(a.Recall, b.Recall) && near(a.Precision, b.Precision) && near(a.F1, b.F1)
}

// same is a Score whose recall, precision and F1 are all x.
func same(x float64) Score { return Score{x, x, x} }

func TestEvaluate(t *testing.T) {
	tests := []struct {
		name       string
		cand, ref  string
		maxWords   int
		r1, r2, rl Score
	}{
		{
			// Identical texts score 1 everywhere.
			name: "identical",
			cand: "The cat sat on the mat.",
			ref:  "The cat sat on the mat.",
			r1:   same(1), r2: same(1), rl: same(1),
		},
		{
			// cand: the gunman kill polic   ref: polic kill the gunman
			// R1: all 4 stems match: 4/4.
			// R2: cand {the gunman, gunman kill, kill polic},
			//     ref {polic kill, kill the, the gunman}: 1 shared of 3 and 3.
			// RL: LCS "the gunman" = 2; 2/4 both ways.
			name: "word order",
			cand: "The gunman killed police",
			ref:  "Police killed the gunman",
			r1:   same(1), r2: same(1.0 / 3), rl: same(0.5),
		},
		{
			// Clipping. cand: the×4; ref: the cat on the mat (5), the×2.
			// R1: min(4, 2) = 2 → R 2/5, P 2/4, F 2·(2/5)(1/2)/(2/5+1/2) = (2/5)/(9/10) = 4/9.
			// R2: cand {the the ×3} shares nothing with ref's bigrams → 0.
			// RL: LCS "the the" = 2 → same as R1.
			name: "repeated unigram clipped",
			cand: "the the the the",
			ref:  "the cat on the mat",
			r1:   Score{2.0 / 5, 2.0 / 4, 4.0 / 9},
			rl:   Score{2.0 / 5, 2.0 / 4, 4.0 / 9},
		},
		{
			// cand: go go go go → bigrams {go go ×3}.
			// ref: go go stop go go → bigrams {go go ×2, go stop, stop go}.
			// R2: min(3, 2) = 2 → R 2/4, P 2/3, F 2·(1/2)(2/3)/(1/2+2/3) = (2/3)/(7/6) = 4/7.
			// R1: go min(4, 4) = 4 → R 4/5, P 4/4, F 2·(4/5)/(9/5) = 8/9.
			// RL: LCS go go go go = 4 → same as R1.
			name: "repeated bigram clipped",
			cand: "go go go go",
			ref:  "go go stop go go",
			r1:   Score{4.0 / 5, 1, 8.0 / 9},
			r2:   Score{2.0 / 4, 2.0 / 3, 4.0 / 7},
			rl:   Score{4.0 / 5, 1, 8.0 / 9},
		},
		{
			// Porter2: talks, talk → talk; continued, continues → continu.
			name: "stemming",
			cand: "Talks continued",
			ref:  "talk continues",
			r1:   same(1), r2: same(1), rl: same(1),
		},
		{
			// Curly quotes, apostrophe, em dash and full stop all separate
			// words: both give ukrain s plan back by alli.
			name: "punctuation and curly quotes",
			cand: "“Ukraine’s plan—backed by allies.”",
			ref:  "Ukraine's plan, backed by allies",
			r1:   same(1), r2: same(1), rl: same(1),
		},
		{
			// cand: u s back plan (U.S. is two words)   ref: us back plan
			// R1: back, plan → R 2/3, P 2/4, F 2·(2/3)(1/2)/(2/3+1/2) = (2/3)/(7/6) = 4/7.
			// R2: {back plan} → R 1/2, P 1/3, F 2·(1/2)(1/3)/(5/6) = 2/5.
			// RL: back plan = 2 → as R1.
			name: "abbreviation splits",
			cand: "U.S.-backed plan",
			ref:  "US backed plan",
			r1:   Score{2.0 / 3, 2.0 / 4, 4.0 / 7},
			r2:   Score{1.0 / 2, 1.0 / 3, 2.0 / 5},
			rl:   Score{2.0 / 3, 2.0 / 4, 4.0 / 7},
		},
		{
			// Line breaks do not stop n-grams: cand bigrams {a b, b c}.
			name: "bigram across lines",
			cand: "alpha beta\ngamma",
			ref:  "alpha beta gamma",
			r1:   same(1), r2: same(1), rl: same(1),
		},
		{
			// Truncated to "the cat": 2 of 2 reference words, all of 2
			// candidate words; without the cut precision would be 2/6.
			name:     "truncated",
			cand:     "the cat sat on the mat",
			ref:      "the cat",
			maxWords: 2,
			r1:       same(1), r2: same(1), rl: same(1),
		},
		{
			// Not truncated: R1 P 2/6, F 2·1·(1/3)/(4/3) = 1/2.
			// R2: {the cat} of cand's 5 bigrams: P 1/5, F 2·(1/5)/(6/5) = 1/3.
			name:     "not truncated",
			cand:     "the cat sat on the mat",
			ref:      "the cat",
			maxWords: 0,
			r1:       Score{1, 2.0 / 6, 0.5},
			r2:       Score{1, 1.0 / 5, 1.0 / 3},
			rl:       Score{1, 2.0 / 6, 0.5},
		},
		{
			// The cut counts whitespace words, not tokens: "U.S.-led" is one
			// word kept whole, giving u s led.
			name:     "truncated by whitespace words",
			cand:     "U.S.-led talks collapsed",
			ref:      "U.S. led",
			maxWords: 1,
			r1:       same(1), r2: same(1), rl: same(1),
		},
		{
			// One token each: no bigrams, so ROUGE-2 is 0, not NaN.
			name: "single token",
			cand: "cat",
			ref:  "Cat!",
			r1:   same(1), rl: same(1),
		},
		{name: "empty candidate", cand: "", ref: "the cat sat"},
		{name: "empty reference", cand: "the cat sat", ref: ""},
		{name: "both empty", cand: "", ref: ""},
		{name: "punctuation only", cand: "— … !", ref: "“ ” ?"},
		{name: "no overlap", cand: "red fox", ref: "blue whale"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Evaluate(tt.cand, tt.ref, tt.maxWords)
			want := Scores{R1: tt.r1, R2: tt.r2, RL: tt.rl}
			if !nearScore(got.R1, want.R1) || !nearScore(got.R2, want.R2) || !nearScore(got.RL, want.RL) {
				t.Errorf("Evaluate(%q, %q, %d) =\n%+v; want\n%+v", tt.cand, tt.ref, tt.maxWords, got, want)
			}
		})
	}
}

// TestEvaluateSymmetry checks that swapping candidate and reference swaps
// recall and precision and keeps F1.
func TestEvaluateSymmetry(t *testing.T) {
	a := "Leaders met in Paris on Tuesday to talk about security guarantees for Kyiv."
	b := "Security guarantees were the talk of Tuesday's meeting of leaders in Paris."
	ab, ba := Evaluate(a, b, 0), Evaluate(b, a, 0)
	for _, m := range []struct {
		name   string
		ab, ba Score
	}{{"R1", ab.R1, ba.R1}, {"R2", ab.R2, ba.R2}, {"RL", ab.RL, ba.RL}} {
		if !near(m.ab.Recall, m.ba.Precision) || !near(m.ab.Precision, m.ba.Recall) || !near(m.ab.F1, m.ba.F1) {
			t.Errorf("%s: Evaluate(a, b) = %+v, Evaluate(b, a) = %+v; want recall and precision swapped", m.name, m.ab, m.ba)
		}
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		text string
		n    int
		want string
	}{
		{"a b c", 2, "a b"},
		{"a b c", 3, "a b c"},
		{"a b c", 5, "a b c"},
		{"a b c", 0, "a b c"},
		{"a b c", -1, "a b c"},
		{"", 3, ""},
		{"a\nb c", 2, "a\nb"},
		{"  a  b  ", 1, "  a"},
		{"a\u00a0b c", 1, "a"},
		{"a\u2003b c", 1, "a\u2003b"}, // an em space does not separate words, as in news.CountWords
		{"U.S.-backed plan", 1, "U.S.-backed"},
		{"one,two three", 1, "one,two"},
		{"naïve café\tau lait", 2, "naïve café"},
	}
	for _, tt := range tests {
		if got := Truncate(tt.text, tt.n); got != tt.want {
			t.Errorf("Truncate(%q, %d) = %q; want %q", tt.text, tt.n, got, tt.want)
		}
	}
}

// TestTruncateAgreesWithCountWords checks that Truncate counts words as
// news.CountWords does, so that a digest within its budget is never cut.
func TestTruncateAgreesWithCountWords(t *testing.T) {
	texts := []string{
		"",
		"one",
		" lead\tand trail \n",
		"a\u00a0b\u2003c\r\nd\u200be",
		"“Quoted,” she said — twice.\nNext line\n\n  after blank",
	}
	for _, s := range texts {
		total := news.CountWords(s)
		for n := 1; n <= total+1; n++ {
			got := Truncate(s, n)
			if c := news.CountWords(got); c != min(n, total) {
				t.Errorf("CountWords(Truncate(%q, %d)) = %d; want %d", s, n, c, min(n, total))
			}
			if !strings.HasPrefix(s, got) {
				t.Errorf("Truncate(%q, %d) = %q; want a prefix", s, n, got)
			}
		}
		if got := Truncate(s, total); got != s && strings.TrimRight(s, " \t\r\n\u00a0") != got {
			t.Errorf("Truncate(%q, %d) = %q; want the text up to its last word", s, total, got)
		}
	}
}

func TestLCS(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"ABCBDAB", "BDCABA", 4}, // BCBA
		{"", "ABC", 0},
		{"ABC", "", 0},
		{"ABC", "ABC", 3},
		{"ABC", "CBA", 1},
		{"AXBXC", "ABC", 3},
	}
	ids := func(s string) []int32 {
		out := make([]int32, len(s))
		for i := range s {
			out[i] = int32(s[i])
		}
		return out
	}
	for _, tt := range tests {
		if got := lcs(ids(tt.a), ids(tt.b)); got != tt.want {
			t.Errorf("lcs(%q, %q) = %d; want %d", tt.a, tt.b, got, tt.want)
		}
		if got := lcs(ids(tt.b), ids(tt.a)); got != tt.want {
			t.Errorf("lcs(%q, %q) = %d; want %d", tt.b, tt.a, got, tt.want)
		}
	}
}

// text returns n words of invented, English-looking prose: roots with
// inflections drawn from a Zipf distribution, with sentence punctuation, so
// that words repeat about as often as in news and stemming has real work.
func text(rng *rand.Rand, n int) string {
	roots := strings.Fields("the a of to in and on for with by leader summit talk secure " +
		"guarantee minister say troop ceasefire plan ally meet capital official agree " +
		"propose support defend border govern president week nation attack report " +
		"negotiate strike promise deploy announce question economy vote court judge " +
		"police protest elect campaign energy market price bank climate storm flood " +
		"hospital doctor school student company worker union contract investigate")
	suffixes := []string{"", "", "", "s", "ed", "ing", "ation", "ly", "ness", "ment", "ers", "ional"}
	var vocab []string
	for _, s := range suffixes {
		for _, r := range roots {
			vocab = append(vocab, r+s)
		}
	}
	zipf := rand.NewZipf(rng, 1.05, 10, uint64(len(vocab)-1))
	var b strings.Builder
	for i := range n {
		if i > 0 {
			if i%17 == 0 {
				b.WriteString(".\n")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(vocab[zipf.Uint64()])
	}
	return b.String()
}

func BenchmarkEvaluate(b *testing.B) {
	for _, size := range []struct{ cand, ref int }{{100, 100}, {100, 250}, {250, 250}, {600, 600}} {
		rng := rand.New(rand.NewPCG(1, uint64(size.ref)))
		cand, ref := text(rng, size.cand), text(rng, size.ref)
		b.Run(fmt.Sprintf("cand=%d/ref=%d", size.cand, size.ref), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Evaluate(cand, ref, 0)
			}
		})
	}
}
