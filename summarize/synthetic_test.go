package summarize

import (
	"math/rand/v2"
	"strings"
)

// SyntheticText is syntheticText for the external tests.
var SyntheticText = syntheticText

// syllables build the synthetic vocabulary's words.
var syllables = []string{"ka", "lo", "mi", "ra", "te", "su", "vo", "ne", "di", "pa", "ro", "ge", "fa", "bu", "li", "tho"}

// fillers are the function words between the synthetic content words.
var fillers = []string{"the", "of", "and", "to", "in", "a", "on", "for", "with", "was", "that", "by", "from", "at", "is"}

// syntheticText returns about n bytes of prose-like text, the same for the
// same seed: sentences of 10–24 words ending with a full stop, five to a
// paragraph, one paragraph a line. Content words are drawn from a
// vocabulary of 20,000 with Zipf's law, as in any language, so that the
// commonest words are held by a share of the sentences however long the
// text is: the input that makes a sentence graph grow with the square of
// its size when every shared word links sentences.
func syntheticText(n int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 1))
	zipf := rand.NewZipf(r, 1.1, 4, 20000-1)
	word := func(i uint64) string {
		var b strings.Builder
		for range 3 {
			b.WriteString(syllables[i%16])
			i /= 16
		}
		for i > 0 {
			b.WriteString(syllables[i%16])
			i /= 16
		}
		return b.String()
	}
	var b strings.Builder
	for b.Len() < n {
		for s := range 5 {
			if s > 0 {
				b.WriteByte(' ')
			}
			words := 10 + r.IntN(15)
			for w := range words {
				var t string
				if w > 0 && r.IntN(5) < 2 {
					t = fillers[r.IntN(len(fillers))]
				} else {
					t = word(zipf.Uint64())
				}
				if w == 0 {
					t = strings.ToUpper(t[:1]) + t[1:]
				} else {
					b.WriteByte(' ')
				}
				b.WriteString(t)
			}
			b.WriteByte('.')
		}
		b.WriteByte('\n')
	}
	return b.String()
}
