package summarize

import (
	"fmt"
	"strings"
)

// Similarity names a sentence-similarity weighting for the TextRank graph.
type Similarity string

const (
	// TFIDF weighs an edge by the cosine of the two sentences' TF-IDF
	// vectors over stemmed content words.
	TFIDF Similarity = "tfidf"
	// BM25 weighs an edge by the symmetrised BM25 score of each sentence as
	// a query against the other.
	BM25 Similarity = "bm25"
)

// Params are the ranker's knobs. The zero value selects the defaults
// documented in doc.go; the Disable fields switch one component off for
// ablation studies.
type Params struct {
	// Similarity is the edge weighting; empty means TFIDF.
	Similarity Similarity
	// Damping is PageRank's damping factor; zero means 0.85.
	Damping float64
	// MinSimilarity drops graph edges lighter than this; zero means 0.05.
	MinSimilarity float64
	// Neighbors is how many of its heaviest edges each sentence keeps;
	// zero means 30.
	Neighbors int
	// CommonTerm is how many sentences may hold a term for it to link
	// them: a term held by more is not used to find a sentence's
	// neighbours (only to weigh them), so that building the graph stays
	// linear in the number of sentences. Zero means 500.
	CommonTerm int
	// IntraArticle scales edges between two sentences of the same article,
	// relative to edges across articles (weight 1); zero means 0.3. A fact
	// that several outlets report is then more central than one that a
	// single article repeats.
	IntraArticle float64
	// PositionDecay shapes the lead prior: a sentence at position k of its
	// article (0-based) gets teleport weight 1/(k+1)^PositionDecay. Zero
	// means 0.5.
	PositionDecay float64
	// PositionScale, when positive, stretches the lead prior:
	// 1/(1+k/PositionScale)^PositionDecay.
	PositionScale float64
	// PositionMultiply also multiplies the final rank by the prior.
	PositionMultiply bool
	// Redundancy is the largest share of a shorter bullet's content words
	// that it may share with another bullet; zero means 0.5.
	Redundancy float64
	// SameFact is the cosine similarity above which two sentences tell the
	// same fact (for attribution and de-duplication); zero means 0.45.
	SameFact float64

	// LengthExponent divides a candidate's value by its length in words to
	// this power when choosing: 0 prefers the most central candidates
	// whatever their length, 1 the most central per word. Zero means 0.75;
	// negative means 0.
	LengthExponent float64
	// LeadRegion is how many of an article's first sentences may become
	// bullets; zero means 15. News states its facts first (the inverted
	// pyramid), and sentences deeper in an article lean on what came
	// before them: editors reading the shared stories' digests found a
	// quarter of the bullets cut from beyond an article's tenth sentence
	// vague (an unnamed "the car", "both cases"), against a tenth of those
	// from its first five. The whole article still counts for ranking.
	LeadRegion int
	// Shortlist is how many of the best-ranked sentences are tagged and
	// compressed; zero means 60. Tagging costs about a millisecond a
	// sentence, so the whole story is never tagged.
	Shortlist int

	// TitleWeight raises the lead prior of sentences that resemble the
	// articles' headlines: the prior is multiplied by 1 + TitleWeight ×
	// cosine(sentence, headlines). Zero means 2.
	TitleWeight float64
	// Support is the share of a bullet's TF-IDF mass that another
	// article's sentence must contain for that article to be credited
	// with the bullet's fact; zero means 0.6.
	Support float64

	// DisablePosition turns the lead prior off (uniform teleport).
	DisablePosition bool
	// DisableCrossSource weighs edges within and across articles alike.
	DisableCrossSource bool
	// DisableRedundancy turns redundancy control off.
	DisableRedundancy bool
	// DisableTitle ignores the headlines when ranking.
	DisableTitle bool
	// DisableCompression selects whole sentences only.
	DisableCompression bool
}

func (p Params) withDefaults() Params {
	if p.Similarity == "" {
		p.Similarity = TFIDF
	}
	if p.Damping <= 0 || p.Damping >= 1 {
		p.Damping = 0.85
	}
	orDefault(&p.MinSimilarity, 0.05)
	orDefault(&p.Neighbors, 30)
	orDefault(&p.CommonTerm, 500)
	orDefault(&p.IntraArticle, 0.3)
	if p.DisableCrossSource {
		p.IntraArticle = 1
	}
	orDefault(&p.PositionDecay, 0.5)
	orDefault(&p.Redundancy, 0.5)
	switch {
	case p.LengthExponent == 0:
		p.LengthExponent = 0.75
	case p.LengthExponent < 0:
		p.LengthExponent = 0
	}
	orDefault(&p.LeadRegion, 15)
	orDefault(&p.Shortlist, 60)
	orDefault(&p.TitleWeight, 2)
	orDefault(&p.Support, 0.6)
	orDefault(&p.SameFact, 0.45)
	return p
}

// ParseSimilarity returns the Similarity named s: tfidf or bm25.
func ParseSimilarity(s string) (Similarity, error) {
	switch sim := Similarity(s); sim {
	case TFIDF, BM25:
		return sim, nil
	}
	return "", fmt.Errorf("similarity %q: want tfidf or bm25", s)
}

// Ablate switches off the component of the ranker named, for an ablation
// study: position (the lead prior), cross-source, redundancy, compression
// or title. Spaces around the name are ignored, and a blank name switches
// nothing off; the error names a component Ablate does not know.
func (p *Params) Ablate(component string) error {
	switch strings.TrimSpace(component) {
	case "":
	case "position":
		p.DisablePosition = true
	case "cross-source":
		p.DisableCrossSource = true
	case "redundancy":
		p.DisableRedundancy = true
	case "compression":
		p.DisableCompression = true
	case "title":
		p.DisableTitle = true
	default:
		return fmt.Errorf("unknown component %q", component)
	}
	return nil
}

// orDefault sets *v to def when *v is zero or negative.
func orDefault[T int | float64](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}
