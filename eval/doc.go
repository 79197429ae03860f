// Package eval scores digestbot's digests against human-written references,
// story by story, the way `digestbot eval DIR` reports them.
//
// A story is a folder:
//
//	<story>/articles/*.txt   the articles, one per file
//	<story>/reference.txt    the human digest, one bullet or sentence per line
//
// Run takes either one story folder (it has an articles/ folder) or a folder
// of story folders, scored in name order; folders whose name starts with "."
// or "_" and plain files are skipped. For each story it loads the articles
// with Options.Load, summarizes them with Options.Summarize under a word
// budget, and scores the digest with package rouge: the bullets' text (not
// the title) joined with newlines, cut to the budget.
//
// The figures are those of package rouge: ROUGE-1, ROUGE-2 and ROUGE-L
// recall, precision and F1 over lower-cased, Porter2-stemmed runs of letters
// and digits, with clipped n-gram counts and ROUGE-L as the longest common
// subsequence of the whole token sequences (no per-sentence union-LCS). The
// candidate is cut to its first N whitespace-separated words; the reference
// is scored whole. On one story a difference under about 0.02 is noise; over
// many stories compare means, and how many stories beat the lead baseline.
//
// The lead baseline (Options.Lead) is the first N words of the first loaded
// article, scored the same way: a summarizer that cannot beat it adds
// nothing.
//
// The package knows neither the summarizer nor the article reader: both are
// injected through Options, so that main wires the real ones and tests fake
// them.
package eval
