package summarize

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/tokenize"
)

// The headline. A digest is headed by the most central of its articles'
// real titles — the lines that pass news.Headline, so never a description,
// a paragraph or boilerplate — short ones preferred. Where no article
// carries one, or none is about the story's centre, the headline is the
// story's most central fact: a span of at most FactHeadlineWords words of
// one of its leads or best-ranked sentences, cut by the same faithful
// deletions as a bullet.
const (
	// FactHeadlineWords is the longest a headline cut from a sentence may
	// be, in words: as long as any headline may be. A main event told in
	// 15–20 words is a headline; held to 14, the headline fell to a side
	// fact short enough to fit (editors' reading, docs/QUALITY.md).
	FactHeadlineWords = news.MaxHeadlineWords
	// shortTitleWords is the length up to which a title is not held back
	// for its length; each word beyond it costs titleWordCost of its
	// centrality, so that of two titles about as central the shorter wins.
	shortTitleWords = 12
	titleWordCost   = 0.04
	// factSentences is how many of the best-ranked sentences the fact
	// headline is cut from, besides the leads.
	factSentences = 5
	// leadSentences is how many of the first sentences of each article
	// the fact headline may be cut from.
	leadSentences = 2
	// minFactWords is the shortest fact headline, in words.
	minFactWords = 4
	// titleRelevance is the least share of the fact headline's centrality
	// that a title needs: a title much less central than the story's most
	// central fact is about something else (an older story, a related
	// link, a section of the page).
	titleRelevance = 1.0 / 3
)

// scored is a headline with its centrality and the score it was chosen
// by.
type scored struct {
	text    string
	central float64 // centrality (see centrality)
	score   float64
	// top is, for a fact, the greatest centrality of the facts considered,
	// those that bullets show included.
	top float64
}

// headline returns the digest's headline: the most central proper title of
// the articles, unless it is less central than titleRelevance times the
// story's most central fact; else that fact (see factHeadline), in words
// that no bullet already shows. It needs the ranks. It returns ctx's error
// if ctx ends first.
func (c *corpus) headline(ctx context.Context, articles []news.Article, opts Options, bullets []news.Bullet) (string, error) {
	t := c.title(articles)
	f, err := c.factHeadline(ctx, opts, bullets)
	if err != nil {
		return "", err
	}
	if t.text != "" && t.central >= titleRelevance*f.top {
		return t.text, nil
	}
	if c.fact != "" {
		return c.fact, nil
	}
	return f.text, nil
}

// title returns the most central of the articles' proper headlines: the
// one most similar to the story's sentences, each weighted by its rank,
// less titleWordCost for each word beyond shortTitleWords. Outlet suffixes
// (" - Reuters", " | CNN") are removed. Without a proper headline it is
// the zero value.
func (c *corpus) title(articles []news.Article) scored {
	var best scored
	seen := map[string]bool{}
	var mark []bool // scratch for sharing
	for ai, a := range articles {
		t, ok := properTitle(a.Title, articles)
		if !ok || seen[t] {
			continue
		}
		seen[t] = true
		if mark == nil {
			mark = make([]bool, len(c.sents))
		}
		central := c.centrality(c.textVector(c.langs[ai], t), mark)
		score := central
		if n := news.CountWords(t); n > shortTitleWords {
			score *= 1 - titleWordCost*float64(n-shortTitleWords)
		}
		if best.text == "" || score > best.score {
			best = scored{text: t, central: central, score: score}
		}
	}
	return best
}

// factHeadline returns the story's most central fact as a headline. The
// facts are the spans of minFactWords to FactHeadlineWords words — a whole
// sentence or a compressed form of it, cut as bullets are — of the
// story's Shortlist best-ranked sentences that are leads (among the first
// leadSentences of their article that stand alone: news states its main
// event first) or among the factSentences best. A span must be told in the
// third person, outside a quotation (the outlet's own statement), have a
// subject and a finite verb, pass news.Headline, and differ from every
// bullet's text: the digest does not say it twice word for word. Each is
// scored by its centrality (see centrality) times the lead prior of its
// sentence; a span that names what it is about (see names) is preferred to
// one that leans on a definite description ("The company outlined its
// plan"). Where none of these sentences gives a span, the next best-ranked
// ones are tried, factSentences at a time. It returns the zero value when
// no span fits, and ctx's error if ctx ends first.
func (c *corpus) factHeadline(ctx context.Context, opts Options, bullets []news.Bullet) (scored, error) {
	o := opts
	o.MinBulletWords, o.MaxBulletWords = minFactWords, FactHeadlineWords
	short := c.shortlist(opts.Params.Shortlist)
	lead := make(map[int]bool)
	for _, si := range c.leads(leadSentences) {
		lead[si] = true
	}
	var first, rest []int
	for k, si := range short {
		if lead[si] || k < factSentences {
			first = append(first, si)
		} else {
			rest = append(rest, si)
		}
	}
	shown := make(map[string]bool, len(bullets))
	for _, b := range bullets {
		shown[strings.ToLower(b.Text)] = true
	}
	mark := make([]bool, len(c.sents))
	top := 0.0
	for batch := first; len(batch) > 0; {
		best, err := c.bestFact(ctx, o, batch, shown, mark)
		if err != nil {
			return scored{}, err
		}
		top = max(top, best.top)
		if best.text != "" {
			best.top = top
			return best, nil
		}
		batch = rest[:min(factSentences, len(rest))]
		rest = rest[len(batch):]
	}
	return scored{top: top}, nil
}

// bestFact returns the best fact headline cut from the sentences idx, as
// factHeadline describes, skipping the texts in shown (lower-cased); the
// zero value when there is none.
func (c *corpus) bestFact(ctx context.Context, o Options, idx []int, shown map[string]bool, mark []bool) (scored, error) {
	tags, err := c.tagEnglish(ctx, idx)
	if err != nil {
		return scored{}, err
	}
	var best scored
	bestNamed, top := false, 0.0
	for k, si := range idx {
		s := &c.sents[si]
		if quotation(s.text) {
			continue
		}
		var cands []candidate
		if !c.langs[s.article].English() {
			// A headline in another language is a whole sentence.
			for _, cd := range c.plainCandidates(si, o) {
				if cd.whole {
					cands = append(cands, cd)
				}
			}
		} else {
			t := tagged{text: s.text, toks: tags[k]}
			if text := tidy(s.text); t.reads() && standsAloneBullet(text) && t.keepsClause(nil) {
				cands = append(cands, c.newCandidate(si, text, s.terms))
			}
			if !o.Params.DisableCompression {
				more, err := c.compressTagged(ctx, o, []int{si}, tags[k:k+1])
				if err != nil {
					return scored{}, err
				}
				cands = append(cands, more...)
			}
		}
		for _, cd := range cands {
			if n := news.CountWords(cd.text); n < minFactWords || n > FactHeadlineWords {
				continue
			}
			text, ok := c.headlineOf(cd.text)
			if !ok || pronounSubject(text) || describedSubject(text) {
				continue // read first and alone, it must say what it is about
			}
			central := c.centrality(cd.vec, mark)
			// What a title is measured against: the fact's centrality
			// without its own sentence, which a title, not being one of
			// the sentences, cannot have.
			own := &c.sents[cd.sent]
			top = max(top, central-own.rank*cosine(cd.vec, own.vec))
			if shown[strings.ToLower(cd.text)] {
				continue
			}
			score := central
			if !o.Params.DisablePosition {
				score *= c.p.position(cd.pos)
			}
			named := names(text)
			if best.text == "" || named && !bestNamed || named == bestNamed && score > best.score {
				best, bestNamed = scored{text: text, central: central, score: score}, named
			}
		}
	}
	best.top = top
	return best, nil
}

// leads returns the indexes of the first n sentences of each article that
// can stand alone, in corpus order.
func (c *corpus) leads(n int) []int {
	var out []int
	count := make([]int, c.articles)
	for i := range c.sents {
		s := &c.sents[i]
		if s.ok && count[s.article] < n {
			count[s.article]++
			out = append(out, i)
		}
	}
	return out
}

// names reports whether a text names what it is about: it holds a number
// or a capitalised word after its first that is not a day or a month (a
// name, a place, an organisation), or its subject is not a definite
// description. "The company outlined its plan" and "In a post, the
// company outlined its plan" lean on a name given elsewhere; "A woman
// shot three people" does not.
func names(text string) bool {
	ws := strings.Fields(text)
	for i, w := range ws {
		w = strings.TrimLeft(w, "\"“‘'(«$£€")
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsDigit(r) {
			return true
		}
		if i > 0 && unicode.IsUpper(r) && w != "I" && !calendarWords[strings.ToLower(strings.Trim(w, ".,;:’'s"))] {
			return true
		}
	}
	if len(ws) == 0 {
		return false
	}
	switch strings.ToLower(ws[subjectAt(ws)]) {
	case "the", "this", "that", "these", "those":
		return false
	}
	return true
}

// subjectAt returns the index in ws, a text's words, where its subject
// begins: after the comma of an opening phrase ("In a blog post, the
// company …"), else 0. ws is not empty.
func subjectAt(ws []string) int {
	if openers[strings.ToLower(ws[0])] {
		for i, w := range ws[:min(len(ws)-1, 8)] {
			if strings.HasSuffix(w, ",") {
				return i + 1
			}
		}
	}
	return 0
}

// calendarWords are capitalised without being names.
var calendarWords = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true,
	"sunday": true, "january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true,
}

// quotation reports whether a sentence opens with someone's words rather
// than the outlet's statement: a quotation mark whose quoted part ends
// with punctuation inside it (“We will rebuild,” she said), or never
// closes. A name in quotes (“Saturday Night Live” star …) is not one.
func quotation(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	var closer string
	switch r {
	case '"':
		closer = `"`
	case '“':
		closer = "”"
	case '‘':
		closer = "’"
	case '«':
		closer = "»"
	default:
		return false
	}
	i := strings.Index(s[n:], closer)
	if i < 0 {
		return true
	}
	p, _ := utf8.DecodeLastRuneInString(s[n : n+i])
	return strings.ContainsRune(",.!?;:…", p)
}

// centrality is the sum of the sentences' ranks, each times its cosine
// with v. mark is scratch for sharing: one false bool per sentence.
func (c *corpus) centrality(v []entry, mark []bool) float64 {
	score := 0.0
	// Sentences that share no term with v add rank × 0: only the others
	// are visited, in the same order.
	for _, i := range c.sharing(v, mark) {
		score += c.sents[i].rank * cosine(v, c.sents[i].vec)
	}
	return score
}

// textVector is the TF-IDF vector of the words that the corpus knows of
// a text in the language l.
func (c *corpus) textVector(l *tokenize.Lang, t string) []entry {
	ws := splitWordsIn(l, t)
	terms := make([]int32, 0, len(ws))
	for _, w := range ws {
		if id, ok := c.dict[c.st.stemIn(l, w.lower)]; ok {
			terms = append(terms, id)
		}
	}
	return c.vector(terms)
}

// properTitle returns an article's title cleaned of an outlet's name, and
// whether it is a proper headline (news.Headline).
func properTitle(title string, articles []news.Article) (string, bool) {
	return news.Headline(cleanTitle(title, articles))
}

// cleanTitle strips an outlet suffix or prefix from a headline: a trailing
// " - Outlet", " | Outlet" or " — Outlet" where Outlet is one of the
// articles' outlets or a short name after a pipe.
func cleanTitle(t string, articles []news.Article) string {
	t = strings.TrimSpace(t)
	for _, sep := range []string{" | ", " - ", " — ", " – ", " :: "} {
		i := strings.LastIndex(t, sep)
		if i <= 0 {
			continue
		}
		tail := strings.TrimSpace(t[i+len(sep):])
		isOutlet := false
		for _, a := range articles {
			if a.Outlet != "" && strings.EqualFold(tail, a.Outlet) {
				isOutlet = true
			}
		}
		if isOutlet || (sep == " | " && news.CountWords(tail) <= 4) {
			t = strings.TrimSpace(t[:i])
		}
	}
	return t
}

// pronounSubject reports whether a pronoun is among text's first three
// words, where a headline names its subject: "Confirmation of its
// existence would …" leans on a name given elsewhere; "Kleiner has
// offered to waive its costs" does not.
func pronounSubject(text string) bool {
	ws := strings.Fields(text)
	return leansBack(strings.Join(ws[:min(3, len(ws))], " "))
}

// headlineResult is what news.Headline returns for one text.
type headlineResult struct {
	text string
	ok   bool
}

// headlineOf is news.Headline(text), computed once a summary for each
// text: choosing the fact headline asks it of the same candidates
// several times.
func (c *corpus) headlineOf(text string) (string, bool) {
	if r, done := c.headlines[text]; done {
		return r.text, r.ok
	}
	if c.headlines == nil {
		c.headlines = make(map[string]headlineResult)
	}
	t, ok := news.Headline(text)
	c.headlines[text] = headlineResult{t, ok}
	return t, ok
}
