package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/news"
)

// writeLabels writes the labels of a feed into dir as <feed>.events.json,
// with an empty feed file beside them.
func writeLabels(t *testing.T, dir, feed string, items ...LabelledItem) {
	t.Helper()
	data, err := json.Marshal(FeedLabels{Feed: feed, Items: items})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, feed+LabelSuffix), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, feed), nil, 0o644); err != nil {
		t.Fatal(err)
	}
}

// fakeLoad returns, for a feed file's path, the articles given for its
// name; a name not given fails.
func fakeLoad(arts map[string][]news.Article) func(context.Context, string) ([]news.Article, error) {
	return func(_ context.Context, path string) ([]news.Article, error) {
		a, ok := arts[filepath.Base(path)]
		if !ok {
			return nil, errors.New("unreadable")
		}
		return a, nil
	}
}

// byTitleWord groups articles by the first word of their titles: a
// grouper that the tests control.
func byTitleWord(arts []news.Article) []news.Story {
	var out []news.Story
	at := map[string]int{}
	for _, a := range arts {
		w := strings.Fields(a.Title)[0]
		i, ok := at[w]
		if !ok {
			i = len(out)
			at[w] = i
			out = append(out, news.Story{Title: a.Title})
		}
		out[i].Articles = append(out[i].Articles, a)
	}
	return out
}

func TestFeedGrouping(t *testing.T) {
	dir := t.TempDir()
	writeLabels(t, dir, "news.rss",
		LabelledItem{Key: "1", Title: "Flood barrier approved", Link: "https://news.example/flood-barrier", Event: "flood"},
		LabelledItem{Key: "2", Title: "Barrier to cost 86 million", Link: "https://news.example/barrier-cost", Event: "flood"},
		LabelledItem{Key: "3", Title: "Flood victims rehoused", Link: "/rehoused", Event: "rehousing"},
		LabelledItem{Key: "4", Title: "Mayor resigns", Link: "", Event: "mayor"},
		LabelledItem{Key: "5", Title: "Never read", Link: "https://news.example/lost", Event: "lost"},
	)
	writeLabels(t, dir, "club.atom",
		LabelledItem{Key: "a", Title: "Flood closes the club ground", Link: "https://club.example/ground", Event: "ground"},
	)
	arts := map[string][]news.Article{
		"news.rss": {
			// By link, once the scheme, "www." and a final slash are set aside.
			{ID: "a1", URL: "http://www.news.example/flood-barrier/", Title: "Flood barrier approved by council"},
			{ID: "a2", URL: "https://news.example/barrier-cost", Title: "Barrier to cost 86 million"},
			// A root-relative link matches the path.
			{ID: "a3", URL: "https://news.example/rehoused", Title: "Flood victims rehoused"},
			// No link: by title.
			{ID: "a4", URL: "https://news.example/mayor", Title: "Mayor  resigns"},
			// Not labelled: grouped, never scored.
			{ID: "a6", URL: "https://news.example/other", Title: "Flood warnings lifted"},
		},
		"club.atom": {
			{ID: "c1", URL: "https://club.example/ground", Title: "Flood closes the club ground"},
		},
	}
	r, err := FeedGrouping(context.Background(), dir, fakeLoad(arts), byTitleWord)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Feeds) != 2 || r.Feeds[0].Feed != "club.atom" || r.Feeds[1].Feed != "news.rss" {
		t.Fatalf("feeds %+v; want club.atom then news.rss", r.Feeds)
	}
	news := r.Feeds[1]
	// Stories found: {a1, a3, a6} (Flood), {a2} (Barrier), {a4} (Mayor).
	// Scored items: a1 flood, a3 rehousing | a2 flood | a4 mayor.
	if news.Articles != 5 || news.Labelled != 5 || news.Kept != 4 || news.Events != 3 || news.Stories != 3 {
		t.Errorf("news.rss: %d articles, %d labelled, %d kept, %d events, %d stories; want 5, 5, 4, 3, 3", news.Articles, news.Labelled, news.Kept, news.Events, news.Stories)
	}
	// Precision: a1 1/2, a3 1/2, a2 1, a4 1 → 0.75. Recall: a1 1/2, a2
	// 1/2, a3 1, a4 1 → 0.75.
	if !near(news.Precision, 0.75) || !near(news.Recall, 0.75) {
		t.Errorf("news.rss: P %.3f R %.3f; want 0.750 and 0.750", news.Precision, news.Recall)
	}
	if len(news.Mixed) != 1 || news.Mixed[0].Title != "Flood barrier approved by council" ||
		strings.Join(news.Mixed[0].Events, ",") != "news.rss/flood,news.rss/rehousing" {
		t.Errorf("news.rss mixed %+v; want the Flood story of flood and rehousing", news.Mixed)
	}
	// Pooled: club's one item is a story of its own in its own grouping.
	if r.Pooled.Kept != 5 || len(r.Pooled.Mixed) != 1 || !near(r.Pooled.Precision, (0.5+0.5+1+1+1)/5) {
		t.Errorf("pooled: kept %d, %d mixed, P %.3f; want 5, 1, 0.800", r.Pooled.Kept, len(r.Pooled.Mixed), r.Pooled.Precision)
	}
	// Together, the club's flood joins the news feed's Flood story.
	if r.Together.Kept != 5 || !near(r.Together.Precision, (1.0/3+1.0/3+1+1+1.0/3)/5) {
		t.Errorf("together: kept %d, P %.3f; want 5, %.3f", r.Together.Kept, r.Together.Precision, (1.0/3+1.0/3+1+1+1.0/3)/5)
	}

	var b bytes.Buffer
	if err := ReportFeedGrouping(&b, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"B3-P", "news.rss ", "pooled ", "together ", "0.750", `mixed (news.rss): "Flood barrier approved by council": news.rss/flood, news.rss/rehousing`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

// TestFeedGroupingErrors checks that a feed that cannot be loaded is
// named and left out while the others are scored, and that a folder
// without labels is refused.
func TestFeedGroupingErrors(t *testing.T) {
	dir := t.TempDir()
	writeLabels(t, dir, "ok.rss", LabelledItem{Title: "Flood barrier approved", Event: "flood"})
	writeLabels(t, dir, "broken.rss", LabelledItem{Title: "Mayor resigns", Event: "mayor"})
	load := fakeLoad(map[string][]news.Article{"ok.rss": {{ID: "a", Title: "Flood barrier approved"}}})
	r, err := FeedGrouping(context.Background(), dir, load, byTitleWord)
	if err == nil || !strings.Contains(err.Error(), "feed broken.rss: unreadable") {
		t.Errorf("error %v; want one naming broken.rss", err)
	}
	if len(r.Feeds) != 1 || r.Feeds[0].Feed != "ok.rss" || r.Pooled.Kept != 1 || r.Together.Feed != "" {
		t.Errorf("result %+v; want ok.rss alone scored, and no together row", r)
	}
	if !HasFeedLabels(dir) || HasFeedLabels(t.TempDir()) {
		t.Error("HasFeedLabels is wrong about a folder with labels or one without")
	}
	if _, err := FeedGrouping(context.Background(), t.TempDir(), load, byTitleWord); err == nil || !strings.Contains(err.Error(), "no *.events.json") {
		t.Errorf("FeedGrouping of a folder without labels: %v; want an error saying so", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := FeedGrouping(ctx, dir, load, byTitleWord); !errors.Is(err, context.Canceled) {
		t.Errorf("FeedGrouping with a done context: %v; want context.Canceled", err)
	}
}

func TestSameLink(t *testing.T) {
	tests := []struct {
		url, link string
		want      bool
	}{
		{"https://www.theguardian.com/us-news/x", "https://www.theguardian.com/us-news/x", true},
		{"http://theguardian.com/us-news/x/", "https://www.theguardian.com/us-news/x", true},
		{"http://talkingpointsmemo.com/livewire/a-b", "/livewire/a-b", true},
		{"http://talkingpointsmemo.com/livewire/a-b?x=1", "/livewire/a-b?x=1", true},
		{"http://talkingpointsmemo.com/livewire/a-b", "/livewire/a", false},
		{"https://a.example/x", "https://b.example/x", false},
		{"", "/x", false},
	}
	for _, tt := range tests {
		if got := sameLink(tt.url, tt.link); got != tt.want {
			t.Errorf("sameLink(%q, %q) = %v; want %v", tt.url, tt.link, got, tt.want)
		}
	}
}
