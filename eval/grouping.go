package eval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"text/tabwriter"

	"github.com/digestbot/digestbot/news"
)

// GroupingResult is the evaluation of story grouping on a folder of
// stories: how well the stories found match the story folders.
type GroupingResult struct {
	// Articles is the number of articles grouped.
	Articles int
	// Stories is the number of true stories: story folders with at least
	// one article.
	Stories int
	// Found is the number of stories the grouper returned, plus one for
	// each article it left out.
	Found int
	// Missing is the number of articles the grouper left out of every
	// story; each counts as a story of its own.
	Missing int
	// Precision, Recall and F1 are the B-cubed figures (see BCubed).
	Precision, Recall, F1 float64
	// Groups lists, for each story found in the grouper's order, the true
	// story (folder name) of each of its articles, in its order.
	Groups [][]string
}

// Grouping measures a story grouper on the story folders under dir (dir
// itself when it has an articles folder, as for Run): it loads every
// story's articles with load (passed <story>/articles), shuffles all of
// them together with seed, groups them with group, and scores the stories
// found against the folders with B-cubed precision and recall.
//
// Articles are matched to the grouper's output by ID, which must be set
// and unique (a loader that uses file paths gives that); articles in the
// output that were not in the input are ignored, and an article found
// twice counts in its first story. A story that cannot be loaded is left
// out and named in the error, which joins one error per such story, as
// Run's does; the others are still scored. Once ctx is done, Grouping
// returns ctx's error and no result.
func Grouping(ctx context.Context, dir string, load func(ctx context.Context, dir string) ([]news.Article, error), group func([]news.Article) []news.Story, seed uint64) (GroupingResult, error) {
	if load == nil || group == nil {
		return GroupingResult{}, errors.New("eval: grouping: load and group are required")
	}
	dirs, err := storyDirs(dir)
	if err != nil {
		return GroupingResult{}, err
	}
	var (
		articles []news.Article
		label    = map[string]string{} // article ID → story
		errs     []error
		stories  int
	)
	for _, d := range dirs {
		if err := ctx.Err(); err != nil {
			return GroupingResult{}, fmt.Errorf("eval: grouping: %w", err)
		}
		name := storyName(d)
		arts, err := load(ctx, filepath.Join(d, "articles"))
		if err == nil && len(arts) == 0 {
			err = errors.New("no articles")
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("eval: grouping: story %s: %w", name, err))
			continue
		}
		for _, a := range arts {
			if a.ID == "" {
				return GroupingResult{}, fmt.Errorf("eval: grouping: story %s: an article has no ID", name)
			}
			if other, ok := label[a.ID]; ok {
				return GroupingResult{}, fmt.Errorf("eval: grouping: article ID %q is in stories %s and %s", a.ID, other, name)
			}
			label[a.ID] = name
		}
		articles = append(articles, arts...)
		stories++
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	rng.Shuffle(len(articles), func(i, j int) { articles[i], articles[j] = articles[j], articles[i] })

	found := group(articles)
	r := GroupingResult{Articles: len(articles), Stories: stories}
	where := make(map[string]int, len(articles)) // article ID → story found
	for k, s := range found {
		var labels []string
		for _, a := range s.Articles {
			l, ok := label[a.ID]
			if !ok {
				continue
			}
			if _, dup := where[a.ID]; dup {
				continue
			}
			where[a.ID] = k
			labels = append(labels, l)
		}
		if len(labels) > 0 {
			r.Groups = append(r.Groups, labels)
		}
	}
	truth := make([]string, len(articles))
	got := make([]string, len(articles))
	for i, a := range articles {
		truth[i] = label[a.ID]
		if k, ok := where[a.ID]; ok {
			got[i] = fmt.Sprint(k)
		} else {
			got[i] = "missing " + a.ID
			r.Missing++
			r.Groups = append(r.Groups, []string{truth[i]})
		}
	}
	r.Found = len(r.Groups)
	r.Precision, r.Recall, r.F1 = BCubed(truth, got)
	return r, errors.Join(errs...)
}

// BCubed returns the B-cubed precision, recall and F1 of a clustering of
// items: truth[i] is item i's true class and found[i] its cluster. An
// item's precision is the share of its cluster in its class, its recall
// the share of its class in its cluster (both count the item itself);
// precision and recall are the means over items, and F1 their harmonic
// mean. With no items all three are 0.
func BCubed(truth, found []string) (precision, recall, f1 float64) {
	if len(truth) != len(found) {
		panic("eval: BCubed: truth and found differ in length")
	}
	n := len(truth)
	if n == 0 {
		return 0, 0, 0
	}
	type cell struct{ class, cluster string }
	class, cluster, both := map[string]int{}, map[string]int{}, map[cell]int{}
	for i := range n {
		class[truth[i]]++
		cluster[found[i]]++
		both[cell{truth[i], found[i]}]++
	}
	for i := range n {
		k := float64(both[cell{truth[i], found[i]}])
		precision += k / float64(cluster[found[i]])
		recall += k / float64(class[truth[i]])
	}
	precision /= float64(n)
	recall /= float64(n)
	if precision+recall > 0 {
		f1 = 2 * precision * recall / (precision + recall)
	}
	return precision, recall, f1
}

// ReportGrouping writes r as a one-row plain-text table: articles, true
// stories, stories found, and B-cubed precision, recall and F1 with 3
// decimals.
func ReportGrouping(w io.Writer, r GroupingResult) error {
	ew := &errWriter{w: w}
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "articles\ttrue stories\tfound stories\tB3-P\tB3-R\tB3-F1")
	fmt.Fprintf(tw, "%d\t%d\t%d\t%s\t%s\t%s\n", r.Articles, r.Stories, r.Found, f3(r.Precision), f3(r.Recall), f3(r.F1))
	if err := tw.Flush(); err != nil {
		return err
	}
	return ew.err
}
