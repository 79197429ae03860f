// Package scale measures a brief over many articles: the pipeline a
// scheduled brief runs once its feeds are read (dedupe.Dedupe, then
// story.Group, then summarize.Summarize of the top stories), over article
// sets built to any size from the shared evaluation stories.
//
// The shared stories hold 149 articles. Build makes larger sets from
// them: copy 0 of an article is the article itself; copy k ≥ 1 keeps
// about 60 % of each paragraph's sentences, chosen at random, and gets its
// own ID, URL and outlet, so that Dedupe counts it as a different article
// (two such copies share about 40 % of their 5-word shingles, below
// Dedupe's 0.8) rather than as syndicated copy; new IDs and outlets alone
// would not do, since Dedupe also compares bodies. A short article has
// few distinct subsets of its sentences, so Build replaces the copies
// Dedupe would still merge with further copies of other articles. The set
// is then shuffled.
// Grouping puts the copies of one story together, since they share its
// headline and words: a set of 5,000 articles holds the same 41 stories,
// each about 34 times larger, rather than 1,300 stories of the usual
// size. That is the worst case for summarizing, whose cost grows with the
// sentences of a story, and the top five stories are the largest.
package scale

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"time"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/sources/dedupe"
	"github.com/digestbot/digestbot/story"
	"github.com/digestbot/digestbot/summarize"
	"github.com/digestbot/digestbot/tokenize"
)

// Read reads every article of the stories under dir (dir/*/articles),
// with sources.ReadPaths.
func Read(ctx context.Context, dir string) ([]news.Article, error) {
	dirs, err := filepath.Glob(filepath.Join(dir, "*", "articles"))
	if err != nil {
		return nil, err
	}
	if len(dirs) == 0 {
		return nil, fmt.Errorf("scale: no story folders under %s", dir)
	}
	arts, errs := sources.ReadPaths(ctx, dirs, nil)
	if len(errs) > 0 {
		return nil, fmt.Errorf("scale: %w (and %d more)", errs[0], len(errs)-1)
	}
	return arts, nil
}

// keepShare is the share of a paragraph's sentences a copy keeps.
const keepShare = 0.6

// maxRounds bounds Build's attempts to reach n distinct articles.
const maxRounds = 20

// Build returns n distinct articles made from base, as the package
// documentation describes, in an order shuffled by seed. Copies that
// dedupe.Dedupe would still merge (a short article has few subsets of
// its sentences) or that summarize.Check refuses are replaced by further
// copies, so that a brief over the set keeps every article. It returns
// fewer than n only when base cannot yield them.
func Build(base []news.Article, n int, seed uint64) []news.Article {
	if len(base) == 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(seed, 0x5ca1e))
	sentences := make([][][]string, len(base)) // article → paragraph → sentences, split once
	var out []news.Article
	made := 0
	for round := 0; len(out) < n && round < maxRounds; round++ {
		for range n - len(out) {
			j, k := made%len(base), made/len(base)
			made++
			a := base[j]
			if k > 0 {
				if sentences[j] == nil {
					for _, b := range tokenize.Blocks(a.Text) {
						sentences[j] = append(sentences[j], tokenize.Sentences(b))
					}
				}
				a = variant(a, sentences[j], k, rng)
			}
			out = append(out, a)
		}
		usable := dedupe.Dedupe(out)
		out = out[:0]
		for _, a := range usable {
			if summarize.Check(a) == nil {
				out = append(out, a)
			}
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// variant is copy k of a, whose paragraphs are paras.
func variant(a news.Article, paras [][]string, k int, rng *rand.Rand) news.Article {
	var text []string
	for _, ss := range paras {
		var kept []string
		for _, s := range ss {
			if rng.Float64() < keepShare {
				kept = append(kept, s)
			}
		}
		if len(kept) > 0 {
			text = append(text, strings.Join(kept, " "))
		}
	}
	if len(text) == 0 && len(paras) > 0 && len(paras[0]) > 0 {
		text = []string{paras[0][0]}
	}
	a.Text = strings.Join(text, "\n")
	a.ID = fmt.Sprintf("%s#copy-%d", a.ID, k)
	a.URL = fmt.Sprintf("%s#copy-%d", a.URL, k)
	if a.Outlet != "" { // an unnamed publisher stays unnamed
		a.Outlet = fmt.Sprintf("%s (copy %d)", a.Outlet, k)
	}
	return a
}

// Result is what one brief did and how long each part took.
type Result struct {
	// Input is the articles given; Kept those left by Dedupe and
	// summarize.Check; Stories the stories Group made of them.
	Input, Kept, Stories int
	// Top are the sizes (articles) of the stories digested, and Bullets
	// their bullets in all.
	Top     []int
	Bullets int
	// The time of each part, and of the whole.
	Dedupe, Group, Summarize, Total time.Duration
}

// Brief runs a brief over arts as a scheduled brief does once its feeds
// are read: Dedupe, drop articles summarize.Check refuses, Group, and
// Summarize each of the top stories (those with the most outlets).
func Brief(arts []news.Article, top int) Result {
	r := Result{Input: len(arts)}
	t0 := time.Now()
	kept := dedupe.Dedupe(arts)
	usable := kept[:0]
	for _, a := range kept {
		if summarize.Check(a) == nil {
			usable = append(usable, a)
		}
	}
	r.Kept = len(usable)
	t1 := time.Now()
	stories := story.Group(usable, story.Options{})
	r.Stories = len(stories)
	t2 := time.Now()
	if len(stories) > top {
		stories = stories[:top]
	}
	for _, s := range stories {
		d, _ := summarize.Summarize(context.Background(), s.Articles, summarize.Options{})
		r.Top = append(r.Top, len(s.Articles))
		r.Bullets += len(d.Bullets)
	}
	t3 := time.Now()
	r.Dedupe, r.Group, r.Summarize, r.Total = t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t3.Sub(t0)
	return r
}
