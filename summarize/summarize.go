package summarize

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/tokenize"
)

// Order says how a digest's bullets are ordered.
type Order string

const (
	// ByRank puts the most supported, most central facts first.
	ByRank Order = "rank"
	// BySource keeps the narrative order of the sources: by article, then by
	// position in the article.
	BySource Order = "source"
)

// Options tunes a digest. The zero value gives the default digest: about 100
// words in 5–10 bullets of 6–20 words, most central first.
type Options struct {
	// Words is the budget: the digest's bullets hold at most this many
	// words. Zero means 100.
	Words int
	// Bullets is the most bullets a digest has. Zero means 10, or one per
	// ten words of a budget above 100.
	Bullets int
	// MaxBulletWords is the longest a bullet may be, in words. Zero means 20.
	MaxBulletWords int
	// MinBulletWords is the shortest a bullet may be, in words. Zero means 6.
	MinBulletWords int
	// Order orders the bullets. Empty means ByRank.
	Order Order
	// Params are the ranking's internal knobs; the zero value is the tuned
	// default. They exist for evaluation and ablation.
	Params Params
	// Limits bound the text a digest reads; the zero value is the
	// default bound.
	Limits Limits
	// Facts is the most facts a digest lists in news.Digest.Facts, the
	// bullets among them. Zero means DefaultFacts; negative means none.
	Facts int
}

func (o Options) withDefaults() Options {
	if o.Words <= 0 {
		o.Words = 100
	}
	if o.Bullets <= 0 {
		o.Bullets = max(10, o.Words/10)
	}
	if o.MaxBulletWords <= 0 {
		o.MaxBulletWords = 20
	}
	if o.MinBulletWords <= 0 {
		o.MinBulletWords = 6
	}
	if o.MinBulletWords > o.MaxBulletWords {
		o.MinBulletWords = o.MaxBulletWords
	}
	if o.Order == "" {
		o.Order = ByRank
	}
	o.Params = o.Params.withDefaults()
	o.Limits = o.Limits.withDefaults()
	return o
}

// Summarize digests the articles of one story: it splits them into
// sentences, ranks every sentence of every article together with TextRank,
// and picks the most central distinct facts that fit the budget, each
// attributed to every article that carries it. It reads each article
// within opts.Limits, so that its time and memory are bounded whatever
// the input. It does no I/O; its only error is ctx's, when ctx ends before
// the digest is made (it looks at ctx between stages and within every
// long loop). Articles without usable sentences give a digest without
// bullets.
func Summarize(ctx context.Context, articles []news.Article, opts Options) (news.Digest, error) {
	opts = opts.withDefaults()
	d := news.Digest{Articles: make([]news.Source, len(articles)), Language: news.MainLanguage(articles)}
	for i, a := range articles {
		d.Articles[i] = news.Source{Outlet: a.Outlet, Title: a.Title, URL: a.URL, Language: a.Language}
	}
	fail := func(err error) (news.Digest, error) {
		return news.Digest{}, fmt.Errorf("summarize: %w", err)
	}
	c, err := newCorpus(ctx, articles, opts.Params, opts.Limits)
	if err != nil {
		return fail(err)
	}
	if len(c.sents) == 0 {
		d.Title = c.title(articles).text
		return d, nil
	}
	if err := c.rank(ctx); err != nil {
		return fail(err)
	}
	picks, err := c.choose(ctx, opts)
	if err != nil {
		return fail(err)
	}
	for _, p := range picks {
		if err := ctx.Err(); err != nil {
			return fail(err)
		}
		sources, evidence := c.support(p)
		d.Bullets = append(d.Bullets, news.Bullet{
			Text:     p.text,
			Score:    p.score,
			Sources:  sources,
			Evidence: evidence,
		})
	}
	// Every bullet-worthy fact, bullets included: what a later digest of
	// the story tells apart from what was posted (bot.Update).
	for _, f := range c.facts {
		if err := ctx.Err(); err != nil {
			return fail(err)
		}
		b := news.Bullet{Text: f.text, Score: f.score}
		for _, p := range d.Bullets {
			if p.Text == f.text {
				b.Sources, b.Evidence = p.Sources, p.Evidence
				break
			}
		}
		if b.Sources == nil {
			b.Sources, b.Evidence = c.support(f)
		}
		d.Facts = append(d.Facts, b)
	}
	order(d.Bullets, picks, opts.Order)
	// The headline: a proper title about the story's centre, else the
	// main event in a few words. It needs the ranks.
	if d.Title, err = c.headline(ctx, articles, opts, d.Bullets); err != nil {
		return fail(err)
	}
	return d, nil
}

// order sorts bullets in place (and picks alongside) by the requested order.
func order(bs []news.Bullet, picks []candidate, o Order) {
	idx := make([]int, len(bs))
	for i := range idx {
		idx[i] = i
	}
	switch o {
	case BySource:
		sort.SliceStable(idx, func(a, b int) bool {
			pa, pb := picks[idx[a]], picks[idx[b]]
			if pa.article != pb.article {
				return pa.article < pb.article
			}
			return pa.pos < pb.pos
		})
	default:
		sort.SliceStable(idx, func(a, b int) bool {
			if ma, mb := picks[idx[a]].main, picks[idx[b]].main; ma != mb {
				return ma // the main event first
			}
			ba, bb := bs[idx[a]], bs[idx[b]]
			if len(ba.Sources) != len(bb.Sources) {
				return len(ba.Sources) > len(bb.Sources)
			}
			return ba.Score > bb.Score
		})
	}
	sorted := make([]news.Bullet, len(bs))
	sp := make([]candidate, len(bs))
	for i, j := range idx {
		sorted[i] = bs[j]
		sp[i] = picks[j]
	}
	copy(bs, sorted)
	copy(picks, sp)
}

// ErrNoSentences is returned by Check for an article without a sentence
// that could become a bullet.
var ErrNoSentences = errors.New("no sentences")

// Check reports whether an article has at least one sentence that can stand
// as a bullet on its own; a headline list, a caption or a fragment does not.
// It reads what Summarize reads of an article by default: its first
// DefaultArticleBytes.
func Check(a news.Article) error {
	l := tokenize.For(a.Language)
	for _, block := range tokenize.Blocks(news.Head(a.Text, DefaultArticleBytes)) {
		for _, s := range l.Sentences(block) {
			if ws := splitWordsIn(l, s); len(ws) >= 3 && standsAloneIn(l, s, ws) {
				return nil
			}
		}
	}
	return ErrNoSentences
}

// Stories digests one story at a time with its Options: the shape of a
// consumer's summarizer interface (bot.Summarizer), of plain values.
type Stories struct {
	// Options are those of every digest.
	Options Options
}

// Check says why a has no sentence to digest (Check).
func (Stories) Check(a news.Article) error { return Check(a) }

// Summarize digests the story's articles (Summarize).
func (s Stories) Summarize(ctx context.Context, st news.Story) (news.Digest, error) {
	return Summarize(ctx, st.Articles, s.Options)
}
