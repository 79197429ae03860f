package rouge

import "github.com/digestbot/digestbot/tokenize"

// Score is one ROUGE measure of a candidate against a reference.
type Score struct {
	// Recall is the share of the reference's units found in the candidate.
	Recall float64
	// Precision is the share of the candidate's units found in the
	// reference.
	Precision float64
	// F1 is the harmonic mean of Recall and Precision.
	F1 float64
}

// Scores are the three ROUGE measures of a candidate against a reference.
type Scores struct {
	// R1 is ROUGE-1: overlap of stemmed words.
	R1 Score
	// R2 is ROUGE-2: overlap of pairs of consecutive stemmed words.
	R2 Score
	// RL is ROUGE-L: longest common subsequence of the stemmed words.
	RL Score
}

// Evaluate scores candidate against reference with ROUGE-1, ROUGE-2 and
// ROUGE-L, after cutting candidate to its first maxWords words (no cut when
// maxWords <= 0). Both texts are lower-cased, split into runs of letters and
// digits and Porter2-stemmed; the package documentation gives the exact
// definition.
func Evaluate(candidate, reference string, maxWords int) Scores {
	v := vocab{word: make(map[string]int32), stem: make(map[string]int32)}
	ref := v.ids(reference)
	cand := v.ids(Truncate(candidate, maxWords))
	return score(cand, ref, len(v.stem))
}

// Truncate returns the prefix of text that ends with its maxWords-th word,
// or text unchanged when it has no more than maxWords words or maxWords <= 0.
// Words are runs of non-space characters, counted as news.CountWords counts
// them; line breaks inside the prefix are kept.
func Truncate(text string, maxWords int) string {
	if maxWords <= 0 {
		return text
	}
	n, in := 0, false
	for i, r := range text {
		space := isSpace(r)
		if in && space && n == maxWords {
			return text[:i]
		}
		if !space && !in {
			n++
		}
		in = !space
	}
	return text
}

// isSpace reports whether r separates words. It is the set news.CountWords
// uses; TestTruncateAgreesWithCountWords keeps the two in step.
func isSpace(r rune) bool {
	return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\u00a0'
}

// vocab numbers the stems of one evaluation, so that counting and LCS
// compare integers, and stems each distinct word once: stemming is most of
// the cost of an evaluation.
type vocab struct {
	word map[string]int32 // lower-cased word → id of its stem
	stem map[string]int32 // stem → id, 0…len-1
}

// ids returns the stem ids of the words of text, in order.
func (v *vocab) ids(text string) []int32 {
	words := tokenize.Words(text)
	out := make([]int32, len(words))
	for i, w := range words {
		id, ok := v.word[w]
		if !ok {
			s := tokenize.Stem(w)
			if id, ok = v.stem[s]; !ok {
				id = int32(len(v.stem))
				v.stem[s] = id
			}
			v.word[w] = id
		}
		out[i] = id
	}
	return out
}

// score computes the three measures of the candidate's stem ids c against
// the reference's r, ids being below size.
func score(c, r []int32, size int) Scores {
	// ROUGE-1: the reference's remaining count of each token; each candidate
	// token that finds one left consumes it, which clips to min(c, r).
	left := make([]int32, size)
	for _, id := range r {
		left[id]++
	}
	hit := 0
	for _, id := range c {
		if left[id] > 0 {
			left[id]--
			hit++
		}
	}
	var s Scores
	s.R1 = newScore(hit, len(c), len(r))

	// ROUGE-2: the same over bigrams, each packed into one uint64.
	nr, nc := max(len(r)-1, 0), max(len(c)-1, 0)
	bigrams := make(map[uint64]int32, nr)
	for i := range nr {
		bigrams[pair(r[i], r[i+1])]++
	}
	hit = 0
	for i := range nc {
		k := pair(c[i], c[i+1])
		if bigrams[k] > 0 {
			bigrams[k]--
			hit++
		}
	}
	s.R2 = newScore(hit, nc, nr)

	s.RL = newScore(lcs(c, r), len(c), len(r))
	return s
}

func pair(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// lcs returns the length of the longest common subsequence of a and b, by
// dynamic programming over two rows of len(b)+1 cells.
func lcs(a, b []int32) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	prev := make([]int32, len(b)+1)
	cur := make([]int32, len(b)+1)
	for _, x := range a {
		for j, y := range b {
			switch {
			case x == y:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return int(prev[len(b)])
}

// newScore turns an overlap count into recall, precision and F1, with 0 for
// any ratio whose denominator is 0.
func newScore(hit, cand, ref int) Score {
	var s Score
	if ref > 0 {
		s.Recall = float64(hit) / float64(ref)
	}
	if cand > 0 {
		s.Precision = float64(hit) / float64(cand)
	}
	if s.Recall+s.Precision > 0 {
		s.F1 = 2 * s.Recall * s.Precision / (s.Recall + s.Precision)
	}
	return s
}
