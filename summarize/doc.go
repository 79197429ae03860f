// Package summarize turns the articles of one story into a digest: a
// headline and a few short bullets, each a span of a source sentence and
// each credited to every article that carries its fact. It is a function
// of its input — Summarize(ctx, articles, Options) (news.Digest, error) —
// and does no I/O; its only error is the context's.
//
// # Bounds
//
// One digest reads a bounded part of its input (Limits), so that no
// article, however long, can make it slow or large: of each article its
// first 256 KB of text, cut at a line's end, and of that its first 1,000
// sentences; of all the articles together at most 2 MB and 5,000
// sentences, each article cut alike to an equal share when they hold
// more (a short one keeps all of its text). What is cut is the tail of
// each article, which the lead prior (below) weighs least. No ordinary
// story comes near the bounds: the longest article of the evaluation
// stories has 310 sentences, the largest story 613. Check reads an
// article's first 256 KB too. Within the bounds a digest takes well under
// a second and a few tens of MB (docs/BENCHMARKS.md).
//
// Summarize looks at its context between stages and every few hundred
// sentences within the long loops (segmenting, linking, each PageRank
// iteration, tagging, compressing), and gives up with the context's error
// when it ends.
//
// # Pipeline
//
//  1. Segment. Each article's text is split into blocks at line breaks and
//     each block into sentences with the Punkt model that prose wraps
//     (package tokenize, built once). A sentence an article repeats counts
//     once. Words are stemmed (Porter2) and function words set aside.
//  2. Graph. Every sentence of every article is a node. Two sentences that
//     share a content word are linked, weighted by the cosine of their
//     TF-IDF vectors (IDF over the story's sentences); edges lighter than
//     MinSimilarity are dropped. Only pairs that share a term are visited,
//     through an inverted index. A term held by more than CommonTerm (500)
//     sentences does not make pairs by itself — through it every sentence
//     would meet a share of all the others, and the pairs would grow with
//     the square of the story — but it still counts in the cosine of a
//     pair that a rarer term makes; so linking grows linearly with the
//     story. (No evaluation story has a term in more than 160 sentences.)
//     Edges within one article are scaled by
//     IntraArticle (0.3), so that a fact several outlets report weighs more
//     than one a single article repeats.
//  3. Rank. TextRank (Mihalcea & Tarau, 2004) is weighted PageRank over
//     that graph: r = (1-d)·p + d·Wᵀr with damping d = 0.85. The teleport
//     vector p is a lead prior — 1/√(k+1) for the k-th sentence of its
//     article, raised by (1 + 2·cosine) for sentences that resemble the
//     articles' headlines — so that position and headline words, which
//     editors use to put the key facts first, bias the walk without
//     overriding the graph (a personalised PageRank, as in PositionRank).
//  4. Compress. The best-ranked sentences that can stand alone (the
//     Shortlist of 60) are tagged with prose's part-of-speech model (package postag) and
//     cut, by deletion only, into candidates: leading connectives and
//     adverbials, attributions, parentheticals, appositives, non-restrictive
//     relative and participial clauses go; compound sentences split into
//     their main clauses; trailing adjuncts and relative clauses on the
//     object may go. A candidate must keep a subject and a finite verb, must
//     not open with a pronoun or connective, must balance its quotes and
//     brackets, must not end on a word that wants more, and must be
//     6–MaxBulletWords words long. Rules rest on tags and punctuation, never
//     on the words of any one story.
//  5. Select. Each concept — a content word, or a pair of adjacent words of
//     which one is a content word — weighs the sum, over articles, of the
//     rank of the article's best sentence that holds it. Candidates are
//     picked greedily by the weight of the concepts they add per word
//     (words^LengthExponent, 0.75), within the word budget and the bullet
//     count, skipping any that shares more than half of the shorter one's
//     content words with a pick or is as similar as two tellings of one
//     fact (cosine ≥ 0.45). This is a budgeted maximum-coverage objective
//     (Gillick & Favre, 2009; Lin & Bilmes, 2011) over TextRank-weighted
//     concepts, solved with the lazy greedy algorithm.
//  6. Attribute and order. A bullet is credited to its own article and to
//     every article with a sentence, or two adjacent sentences, that holds
//     at least 60% of the bullet's TF-IDF mass. Bullets come most-supported
//     first, then by centrality, or in source order with BySource.
//
// The title is the articles' proper headline (news.Headline: at most 20
// words, not a description, a paragraph or boilerplate) most similar to
// the story's ranked sentences, cleaned of outlet suffixes, a short one
// preferred, and only proper headlines raise the lead prior. Where no
// article carries one, or the best is far less central than the story's
// most central fact (an older story's title, a related link), the title is
// that fact: a span of at most FactHeadlineWords words of a lead or a
// best-ranked sentence, cut as bullets are, told in the third person, that
// names what it is about and is not a bullet's text again — the bullet
// that says it stays, with its sources, and the title is the next best
// span.
//
// # Choices
//
// TF-IDF cosine rather than BM25 for edges: on the shared evaluation
// stories the two are within noise of each other (see docs/QUALITY.md),
// and cosine is symmetric and bounded, so that one threshold means the
// same for linking, redundancy and attribution. The figures behind every
// default are in docs/QUALITY.md, with the ablations.
//
// Tagging is the costly step (about 0.1 ms a sentence with postag); only
// the shortlist is tagged, never the whole story.
package summarize
