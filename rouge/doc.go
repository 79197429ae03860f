// Package rouge scores a candidate summary against one human reference with
// ROUGE-1, ROUGE-2 and ROUGE-L (Lin, 2004), the way digestbot's evaluation
// stories are scored (see stories/README.md in the shared folder).
//
// The definition used:
//
//   - The candidate is first cut to its first maxWords words, words being
//     runs of non-space characters as news.CountWords counts them, so that a
//     digest that fits a word budget is never cut. The reference is not cut.
//   - Both texts are then tokenized with tokenize.Words (lower-cased runs of
//     letters and digits: punctuation, straight and curly quotes and hyphens
//     separate words, so "Ukraine’s" gives "ukraine", "s") and every token is
//     replaced by its Porter2 stem (tokenize.Stem: "talks" and "talk" match).
//     Stop words are kept.
//   - ROUGE-N counts the n-grams of consecutive tokens over each whole text
//     (n-grams run across line breaks). The overlap is clipped: an n-gram
//     seen c times in the candidate and r times in the reference matches
//     min(c, r) times. Recall is overlap / reference n-grams, precision is
//     overlap / candidate n-grams.
//   - ROUGE-L takes the longest common subsequence (LCS) of the two whole
//     token sequences: recall is LCS / reference tokens, precision is
//     LCS / candidate tokens. This is ROUGE-L at summary level without the
//     per-sentence union-LCS of the original toolkit; it needs O(n·m) time
//     and O(m) memory, which is fine for summaries of a few hundred words.
//   - F1 is the harmonic mean 2·P·R / (P + R), with β = 1.
//
// Every figure is in [0, 1] and never NaN: a ratio with an empty
// denominator (an empty candidate or reference, or a text of one token for
// ROUGE-2) is 0, and so is F1 when precision and recall are both 0.
//
// Unlike ROUGE-1.5.5 there is no stop-word removal option, no jackknifing
// over several references and no bootstrap confidence interval. Figures
// therefore differ slightly from the Perl toolkit's; they are meant for
// comparing digestbot's own versions and baselines with one another.
package rouge
