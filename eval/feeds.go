package eval

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/digestbot/digestbot/news"
)

// LabelSuffix ends the name of a feed capture's event labels: the labels
// of feeds/guardian.rss are feeds/guardian.rss.events.json.
const LabelSuffix = ".events.json"

// FeedLabels are a feed capture's items labelled by news event, as
// <feed>.events.json holds them (see ../shared/feeds/README.md).
type FeedLabels struct {
	// Feed names the feed file, beside the labels.
	Feed string `json:"feed"`
	// Items are the labelled items; a feed's other items are not scored.
	Items []LabelledItem `json:"items"`
	// Doubtful are pairs of item keys the editor was unsure about, with
	// why: they were kept apart (or together) on a careful reading.
	Doubtful [][]string `json:"doubtful"`
}

// LabelledItem is one feed item and its event.
type LabelledItem struct {
	// Key is the item's GUID or ID in the feed.
	Key string `json:"key"`
	// Title and Link are the item's, as the feed gives them (a link may
	// be relative to the feed's site).
	Title string `json:"title"`
	Link  string `json:"link"`
	// Date is the item's date as the feed gives it.
	Date string `json:"date"`
	// Event names the news event the item reports: two items share it
	// only when they report the same event or developing story.
	Event string `json:"event"`
}

// HasFeedLabels reports whether dir holds event-labelled feeds: a file
// whose name ends in LabelSuffix.
func HasFeedLabels(dir string) bool {
	m, _ := filepath.Glob(filepath.Join(dir, "*"+LabelSuffix))
	return len(m) > 0
}

// ReadFeedLabels reads the labels in path.
func ReadFeedLabels(path string) (FeedLabels, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return FeedLabels{}, fmt.Errorf("eval: feed labels: %w", err)
	}
	var l FeedLabels
	if err := json.Unmarshal(data, &l); err != nil {
		return FeedLabels{}, fmt.Errorf("eval: feed labels %s: %w", path, err)
	}
	return l, nil
}

// FeedScore is how a grouping of one feed's articles, or of several,
// matches the events its items are labelled with.
type FeedScore struct {
	// Feed names the feed ("pooled" for all of them).
	Feed string
	// Articles is how many articles were grouped, labelled or not.
	Articles int
	// Labelled is how many items are labelled, and Kept how many of them
	// an article was mapped back to: only those are scored.
	Labelled, Kept int
	// Events is the number of distinct events of the kept items, and
	// Stories the number of stories found that hold one of them.
	Events, Stories int
	// Mixed lists the stories that hold items of two events or more: for
	// each, its headline and the events of its labelled items, in its
	// order.
	Mixed []MixedStory
	// Precision, Recall and F1 are the B-cubed figures over the kept items
	// (see BCubed).
	Precision, Recall, F1 float64
}

// MixedStory is a story found that mixes events.
type MixedStory struct {
	// Title is the story's headline.
	Title string
	// Events are the events of its labelled items, in its order.
	Events []string
}

// FeedGroupingResult is the evaluation of story grouping on labelled
// feeds.
type FeedGroupingResult struct {
	// Feeds are the figures of each feed, grouped on its own, in file name
	// order.
	Feeds []FeedScore
	// Pooled are the figures over the labelled items of all feeds, each
	// feed grouped on its own (its items never share a story with
	// another's).
	Pooled FeedScore
	// Together are the figures when all feeds' articles are grouped at
	// once, as a brief over all of them would.
	Together FeedScore
}

// labelledFeed is one feed with its labels and articles.
type labelledFeed struct {
	name  string
	items int               // labelled items
	arts  []news.Article    // what load returned
	event map[string]string // itemKey of an article mapped back → "feed/event"
}

// FeedGrouping measures a story grouper on the event-labelled feeds in dir:
// every <feed>.events.json and the feed file it names. It loads each feed
// with load (passed the feed file's path), maps the articles back to the
// labelled items by link, then by title, groups each feed's articles with
// group, and scores the stories found with B-cubed precision and recall
// over the labelled items that were mapped back; it also groups all feeds'
// articles at once and scores that. A feed whose labels cannot be read,
// or that load returns no article for, is left out; every problem is
// named in the error, which joins one error per feed, and the feeds that
// gave articles are scored. Once ctx is done, FeedGrouping returns ctx's
// error and no result.
func FeedGrouping(ctx context.Context, dir string, load func(ctx context.Context, path string) ([]news.Article, error), group func([]news.Article) []news.Story) (FeedGroupingResult, error) {
	if load == nil || group == nil {
		return FeedGroupingResult{}, errors.New("eval: feed grouping: load and group are required")
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*"+LabelSuffix))
	if err != nil {
		return FeedGroupingResult{}, fmt.Errorf("eval: feed grouping: %w", err)
	}
	if len(paths) == 0 {
		return FeedGroupingResult{}, fmt.Errorf("eval: feed grouping: no *%s in %s", LabelSuffix, dir)
	}
	slices.Sort(paths)
	var (
		feeds []labelledFeed
		errs  []error
	)
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return FeedGroupingResult{}, fmt.Errorf("eval: feed grouping: %w", err)
		}
		l, err := ReadFeedLabels(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		name := strings.TrimSuffix(filepath.Base(p), LabelSuffix)
		if l.Feed != "" {
			name = filepath.Base(l.Feed)
		}
		arts, err := load(ctx, filepath.Join(filepath.Dir(p), name))
		if err == nil && len(arts) == 0 {
			err = errors.New("no articles")
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("eval: feed grouping: feed %s: %w", name, err))
		}
		if len(arts) == 0 {
			continue
		}
		feeds = append(feeds, labelledFeed{name: name, items: len(l.Items), arts: arts, event: mapItems(name, arts, l)})
	}
	var (
		r         FeedGroupingResult
		pooled    scoring
		together  = labelledFeed{name: "together", event: map[string]string{}}
		collision bool
	)
	for _, f := range feeds {
		if err := ctx.Err(); err != nil {
			return FeedGroupingResult{}, fmt.Errorf("eval: feed grouping: %w", err)
		}
		found := group(f.arts)
		var s scoring
		s.add(f, found, f.name)
		r.Feeds = append(r.Feeds, s.score(f.name))
		pooled.add(f, found, f.name)
		together.items += f.items
		together.arts = append(together.arts, f.arts...)
		for k, e := range f.event {
			if _, dup := together.event[k]; dup {
				collision = true
			}
			together.event[k] = e
		}
	}
	r.Pooled = pooled.score("pooled")
	if len(feeds) > 1 && !collision {
		var s scoring
		s.add(together, group(together.arts), "")
		r.Together = s.score("together")
	}
	return r, errors.Join(errs...)
}

// itemKey identifies an article for the scoring.
func itemKey(a news.Article) string { return a.ID + "\x00" + a.URL + "\x00" + a.Title }

// Events returns the event of each of arts, the articles read from the
// labels' feed, as the labels give it ("" for an article of no labelled
// item): each article is mapped back to an item by link first (a
// root-relative link matches an article's URL of the same path, and a
// scheme, "www." or final slash does not count), then by title, each item
// to one article at most.
func (l FeedLabels) Events(arts []news.Article) []string {
	out := make([]string, len(arts))
	taken := make([]bool, len(arts))
	used := make([]bool, len(l.Items))
	match := func(same func(a news.Article, it LabelledItem) bool) {
		for i, it := range l.Items {
			if used[i] {
				continue
			}
			for j, a := range arts {
				if taken[j] || !same(a, it) {
					continue
				}
				taken[j], used[i] = true, true
				out[j] = it.Event
				break
			}
		}
	}
	match(func(a news.Article, it LabelledItem) bool {
		return it.Link != "" && (sameLink(a.URL, it.Link) || sameLink(a.ID, it.Link))
	})
	match(func(a news.Article, it LabelledItem) bool {
		t := strings.Join(strings.Fields(it.Title), " ")
		return t != "" && strings.Join(strings.Fields(a.Title), " ") == t
	})
	return out
}

// mapItems returns the event of each article of a feed mapped back to
// the labels (see FeedLabels.Events), by itemKey, as "feed/event".
func mapItems(feed string, arts []news.Article, l FeedLabels) map[string]string {
	out := map[string]string{}
	for i, e := range l.Events(arts) {
		if e != "" {
			out[itemKey(arts[i])] = feed + "/" + e
		}
	}
	return out
}

// sameLink reports whether an article's address u is the item's link:
// equal once the scheme, a "www." and a final slash are dropped, or, for a
// root-relative link, equal to u's path and query.
func sameLink(u, link string) bool {
	if u == "" {
		return false
	}
	if strings.HasPrefix(link, "/") && !strings.HasPrefix(link, "//") {
		p, err := url.Parse(u)
		if err != nil {
			return false
		}
		return strings.TrimSuffix(p.RequestURI(), "/") == strings.TrimSuffix(link, "/")
	}
	return bareLink(u) == bareLink(link)
}

// bareLink returns s without its scheme, a "www." and a final slash.
func bareLink(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	s = strings.TrimPrefix(s, "www.")
	return strings.TrimSuffix(s, "/")
}

// scoring gathers the labelled items of one or more groupings.
type scoring struct {
	articles, labelled int
	truth, found       []string
	events             map[string]bool
	stories            int
	mixed              []MixedStory
}

// add scores the stories found for f's articles; stories of different
// calls (named by run) never count as one.
func (s *scoring) add(f labelledFeed, stories []news.Story, run string) {
	if s.events == nil {
		s.events = map[string]bool{}
	}
	s.articles += len(f.arts)
	s.labelled += f.items
	seen := map[string]bool{}
	for k, st := range stories {
		var evs []string
		for _, a := range st.Articles {
			key := itemKey(a)
			e, ok := f.event[key]
			if !ok || seen[key] {
				continue
			}
			seen[key] = true
			evs = append(evs, e)
			s.truth = append(s.truth, e)
			s.found = append(s.found, fmt.Sprintf("%s\x00%d", run, k))
			s.events[e] = true
		}
		if len(evs) == 0 {
			continue
		}
		s.stories++
		if distinct(evs) > 1 {
			s.mixed = append(s.mixed, MixedStory{Title: st.Title, Events: evs})
		}
	}
}

// score returns the figures gathered, named feed.
func (s *scoring) score(feed string) FeedScore {
	r := FeedScore{Feed: feed, Articles: s.articles, Labelled: s.labelled, Kept: len(s.truth), Events: len(s.events), Stories: s.stories, Mixed: s.mixed}
	r.Precision, r.Recall, r.F1 = BCubed(s.truth, s.found)
	return r
}

// distinct returns the number of distinct strings in ss.
func distinct(ss []string) int {
	m := map[string]bool{}
	for _, s := range ss {
		m[s] = true
	}
	return len(m)
}

// ReportFeedGrouping writes r as a plain-text table, a row per feed, then
// the pooled figures and those of all feeds grouped together, followed by
// the stories that mix events, each with the events of its items.
func ReportFeedGrouping(w io.Writer, r FeedGroupingResult) error {
	ew := &errWriter{w: w}
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "feed\tarticles\tlabelled\tscored\tevents\tstories\tmixed\tB3-P\tB3-R\tB3-F1")
	row := func(s FeedScore) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\n", s.Feed, s.Articles, s.Labelled, s.Kept, s.Events, s.Stories, len(s.Mixed), f3(s.Precision), f3(s.Recall), f3(s.F1))
	}
	for _, s := range r.Feeds {
		row(s)
	}
	row(r.Pooled)
	if r.Together.Feed != "" {
		row(r.Together)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range append(slices.Clone(r.Feeds), r.Together) {
		for _, m := range s.Mixed {
			fmt.Fprintf(ew, "mixed (%s): %q: %s\n", s.Feed, m.Title, countEvents(m.Events))
		}
	}
	return ew.err
}

// countEvents writes events as "a ×2, b": each once, in order of first
// appearance, with its count when above one.
func countEvents(events []string) string {
	n := map[string]int{}
	var order []string
	for _, e := range events {
		if n[e] == 0 {
			order = append(order, e)
		}
		n[e]++
	}
	slices.SortStableFunc(order, func(a, b string) int { return cmp.Compare(n[b], n[a]) })
	parts := make([]string, len(order))
	for i, e := range order {
		parts[i] = e
		if n[e] > 1 {
			parts[i] += fmt.Sprintf(" ×%d", n[e])
		}
	}
	return strings.Join(parts, ", ")
}
