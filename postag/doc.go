// Package postag tags the words of a sentence with Penn Treebank
// part-of-speech tags by github.com/jdkato/prose/v2's tokenizer and trained
// tagger, without prose's model-loading cost.
//
// # Why
//
// The summarizer compresses sentences by their POS tags, and the design
// mandates prose's tagger. But prose loads its averaged perceptron by
// gunzipping and gob-decoding a 5 MB asset into maps of maps (75,447
// features, 271,206 weights, a 1,549-word tagMap) for every model: 263 ms per
// process (73 ms of gunzip, 127 ms of gob decoding), while a whole
// `digestbot digest` must finish in well under 73 ms. Tagging itself is
// cheap.
//
// So postag embeds the same weights in model.bin (2.95 MB), a layout that
// needs no decoding (package internal/modelbin): loading it parses a header
// and slices a string, and lookups go through hash tables that are part of
// the file. (Gzipped, the file would be 1.43 MB, but gunzipping it takes
// 21 ms.)
//
// # What is prose's, and what is equal
//
// Tokens come from prose's own tokenizer (prose.NewDocument with tagging,
// segmentation and extraction off, which loads no model). Tagging replicates
// prose's perceptronTagger.tag, featurize, normalize and predict, its special
// cases (emoticons, links, e-mail addresses, "@names", the none and keep
// expressions) and its tagMap, with prose's trained weights, stored
// losslessly and summed exactly. TestEquivalence tags the 5,724 sentences of
// the evaluation stories both ways: the token texts are identical, and the
// tags are the ones prose's tagger computes, for all 126,630 tokens. Two
// things can differ from what a prose Document reports, both prose's doing:
//
//   - Exact ties between two classes: prose takes the maximum over a Go map,
//     so it breaks them at random; postag gives the tie to the class listed
//     first in prose's model. (2 of the 126,630 decisions are ties; prose
//     may pick either class.)
//   - Repeated words: prose's tokenizer caches each word's tokens as
//     pointers, so every occurrence of a word that recurs in a sentence
//     reports the tag computed for its last occurrence ("that" as IN, then as
//     WDT, comes out WDT twice). postag returns each position's own tag, the
//     one prose's tagger computed and used as context for the next word. On
//     the evaluation stories this changes 0.48% of tags; the test reproduces
//     prose's output exactly by copying tags as prose's cache does.
//
// Token offsets point into the input: prose straightens curly quotes before
// tokenizing, and postag maps its tokens back to the original bytes. Text
// that prose's tokenizer drops (the "'Reilly" of "O'Reilly") is in no token.
// Two inputs prose cannot handle are kept whole as one token each: a word on
// which prose's tokenizer panics, and a run of more than 256 bytes without
// white space, on which it takes quadratic time.
//
// # Cost
//
// Loading the model takes about a microsecond (BenchmarkLoad). Tagging a
// 45-token sentence takes about 150 µs, 65 µs of it in prose's tokenizer
// (BenchmarkTag, BenchmarkTokenize); prose itself takes 600 µs, after its
// 263 ms load. Importing prose costs about 3 ms of package initialization
// per process, 2 ms of it compiling github.com/mingrammer/commonregex's
// expressions.
//
// # Regenerating model.bin
//
// model.bin is produced from the prose version in go.mod by
//
//	go generate ./postag
//
// which runs internal/gen: it decodes prose's assets through prose.Asset,
// writes model.bin, and checks that the file reads back to the same model.
// The file records the SHA-256 of prose's assets; TestModelIsCurrent fails
// when prose's model changes and model.bin has not been regenerated.
package postag
