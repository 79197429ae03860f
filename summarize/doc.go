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
//     each block into sentences in the article's language
//     (news.Article.Language, through tokenize.For): English, and text of
//     unknown language, with the Punkt model that prose wraps (package
//     tokenize, built once), other languages by their own stops and
//     abbreviations. A sentence an article repeats counts once. Words are
//     stemmed (Porter2 for English, Snowball where it has the language,
//     as written elsewhere; Chinese and Japanese as pairs of characters)
//     and function words set aside.
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
//  4. Compress. The best-ranked sentences among the first LeadRegion (15)
//     of each article — deeper ones lean on what came before them — that
//     read as reported news (no first or second person outside a quote,
//     no imperative, label, transcript line, caption or exclamation) form
//     the Shortlist of 60. They are tagged with prose's part-of-speech
//     model (package postag) and cut, by deletion only, into candidates,
//     each keeping the meaning of what it keeps whole: leading connectives
//     and short phrases of time or setting without a year ("On Monday,",
//     "In a statement,") go; so do plain attributions (", officials said";
//     not "researchers concluded that", nor one whose speaker a pronoun
//     points at), parentheticals (not a bracketed name after a name, a
//     dated aside or a dash before "but"), appositives, non-restrictive
//     relative clauses, descriptive trailing phrases (", including …")
//     and one or two trailing phrases of a named place or day. Of
//     coordinated clauses the first may stand alone unless a later one
//     contrasts with it and leans on it; a later one only when it names its
//     subject and points back at nothing; a list is never a clause
//     boundary, and verb phrases of one subject are never split. A cut may
//     not strand a verb or particle, end on an abbreviation, or leave a
//     subordinating word first. Nothing else goes: a dropped "because",
//     "when" or "but" clause, restrictive relative, condition, comparison
//     or complement often carries the point (the editors' reading of the
//     shared stories, eval/labels.tsv, counted these). A candidate must
//     keep a subject and a finite verb, not open with a pronoun or
//     connective, balance its quotes and brackets, not end on a word that
//     wants more, and be 6–MaxBulletWords words long: the cap always
//     holds, and a story without a candidate that fits gets no bullet.
//     Rules rest on tags, punctuation and closed word lists, never on the
//     words of any one story. They are English rules and run on English
//     text only (and text of unknown language); a sentence in another
//     language is a candidate whole, or as its first clause before a
//     semicolon, and must read as the outlet's statement (plain.go).
//     Its headline, where no article carries a proper title, is a whole
//     sentence. A digest's Language is its articles' (the most common).
//  5. Select. The first pick states the main event: the candidate most
//     like the articles' opening sentences (their first sentence, the
//     second a quarter as much), weighted by its centrality, from an
//     opening sentence, not a quotation, one fact rather than two. Then
//     each concept — a content word, or a pair of adjacent words of which
//     one is a content word — weighs the sum, over articles, of the rank
//     of the article's best sentence that holds it. Candidates are picked
//     greedily by the weight of the concepts they add per word
//     (words^LengthExponent, 0.75), within the word budget and the bullet
//     count, skipping any that shares more than half of the shorter one's
//     content words with a pick (or with one clause of a two-clause pick)
//     or is as similar as two tellings of one fact (cosine ≥ 0.45). This
//     is a budgeted maximum-coverage objective (Gillick & Favre, 2009; Lin
//     & Bilmes, 2011) over TextRank-weighted concepts, solved with the
//     lazy greedy algorithm. A pick of two clauses that each stand alone
//     is shown as two bullets while the bullet count allows.
//  6. Attribute and order. A bullet is credited to its own article and to
//     every article with a sentence, or two adjacent sentences, that holds
//     at least 60% of the bullet's TF-IDF mass. Its evidence
//     (news.Bullet.Evidence) is the sentence it was cut from, then each
//     other article's first such sentence (of two adjacent ones, the one
//     holding more of that mass). The main event comes first, then the
//     most-supported bullets, then by centrality; or all in source order
//     with BySource.
//
// # Facts
//
// Besides its bullets, a digest lists the story's facts (news.Digest.Facts,
// at most Options.Facts, 40 by default): every candidate that fits a
// bullet as the picks do, read sentence by sentence — the picks'
// sentences first, then the others by centrality, the longest telling of
// a sentence first — and kept unless the facts kept before it cover it
// (tokenize.Covered: one of them holds most of what it says, and all of
// its numbers and names), then ordered by centrality. A sentence that
// several articles carry word for word is read once. So each sentence
// gives its fullest telling whatever the story's ranking, and a later
// digest of a grown story tells its old facts in the same words: the bot
// tells new facts from what a channel was told (bot.Update). The bullets
// are chosen before and without the facts; listing them costs one
// attribution per fact (Options.Facts < 0 lists none).
//
// The title is the articles' proper headline (news.Headline: at most 20
// words, not a description, a paragraph or boilerplate) most similar to
// the story's ranked sentences, cleaned of outlet suffixes, a short one
// preferred, and only proper headlines raise the lead prior. Where no
// article carries one, or the best is far less central than the story's
// most central fact (an older story's title, a related link), the title is
// the main event in at most FactHeadlineWords words, chosen as the first
// bullet is, in other words than the bullets' where another telling of
// the same fact allows, else in the first bullet's own (a headline
// restates its lede); failing that, the most central fact of a lead or a
// best-ranked sentence.
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
