package eval

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/news"
)

func TestBCubed(t *testing.T) {
	tests := []struct {
		name         string
		truth, found []string
		p, r, f1     float64
	}{
		// Every cluster is a class: every item has precision and recall 1.
		{"perfect", []string{"a", "a", "b"}, []string{"x", "x", "y"}, 1, 1, 1},
		// Cluster names need not match class names.
		{"names do not matter", []string{"a", "b"}, []string{"b", "a"}, 1, 1, 1},
		// One cluster of 3: the a items have precision 2/3, the b item
		// 1/3, so P = (2/3 + 2/3 + 1/3) / 3 = 5/9; recall is 1.
		// F1 = 2 × 5/9 × 1 / (5/9 + 1) = (10/9) / (14/9) = 5/7.
		{"all in one", []string{"a", "a", "b"}, []string{"x", "x", "x"}, 5.0 / 9, 1, 5.0 / 7},
		// Singletons: precision 1; the a items have recall 1/2, the b item
		// 1, so R = (1/2 + 1/2 + 1) / 3 = 2/3; F1 = 2 × 2/3 / (5/3) = 4/5.
		{"singletons", []string{"a", "a", "b"}, []string{"x", "y", "z"}, 1, 2.0 / 3, 0.8},
		// Classes a = {1,2,3}, b = {4,5}; clusters x = {1,2}, y = {3,4,5}.
		// Precision: 1, 1 (x is all a), 1/3 (one a in y), 2/3, 2/3 (two
		// b in y) → (1 + 1 + 1/3 + 2/3 + 2/3) / 5 = (11/3) / 5 = 11/15.
		// Recall: 2/3, 2/3 (two of three a in x), 1/3 (one a in y), 1, 1
		// (both b in y) → (11/3) / 5 = 11/15. F1 = 11/15.
		{"mixed", []string{"a", "a", "a", "b", "b"}, []string{"x", "x", "y", "y", "y"}, 11.0 / 15, 11.0 / 15, 11.0 / 15},
		{"empty", nil, nil, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, r, f1 := BCubed(tt.truth, tt.found)
			if !near(p, tt.p) || !near(r, tt.r) || !near(f1, tt.f1) {
				t.Errorf("BCubed(%q, %q) = %v, %v, %v; want %v, %v, %v", tt.truth, tt.found, p, r, f1, tt.p, tt.r, tt.f1)
			}
		})
	}
}

// groupBy returns a fake grouper that puts articles with the same key
// together, in the order of their first appearance.
func groupBy(key func(news.Article) string) func([]news.Article) []news.Story {
	return func(as []news.Article) []news.Story {
		var out []news.Story
		at := map[string]int{}
		for _, a := range as {
			k := key(a)
			i, ok := at[k]
			if !ok {
				i = len(out)
				at[k] = i
				out = append(out, news.Story{ID: k})
			}
			out[i].Articles = append(out[i].Articles, a)
		}
		return out
	}
}

// folder is an article's story folder, from the path load gives as ID.
func folder(a news.Article) string { return filepath.Base(filepath.Dir(filepath.Dir(a.ID))) }

func TestGrouping(t *testing.T) {
	// testdata/stories: bakery (2 articles), river-bridge (2) and
	// river-ferry (3), 7 in all.
	dropFerry := func(as []news.Article) []news.Story {
		var kept []news.Article
		for _, a := range as {
			if !strings.HasSuffix(a.ID, filepath.Join("river-ferry", "articles", "1.txt")) {
				kept = append(kept, a)
			}
		}
		return groupBy(folder)(kept)
	}
	tests := []struct {
		name     string
		group    func([]news.Article) []news.Story
		found    int
		missing  int
		p, r, f1 float64
	}{
		{"by folder", groupBy(folder), 3, 0, 1, 1, 1},
		// P = (2 × 2/7 + 2 × 2/7 + 3 × 3/7) / 7 = 17/49; R = 1;
		// F1 = 2 × 17/49 / (66/49) = 17/33.
		{"all in one", groupBy(func(news.Article) string { return "" }), 1, 0, 17.0 / 49, 1, 17.0 / 33},
		// R = (2 × 1/2 + 2 × 1/2 + 3 × 1/3) / 7 = 3/7; P = 1;
		// F1 = 2 × 3/7 / (10/7) = 3/5.
		{"singletons", groupBy(func(a news.Article) string { return a.ID }), 7, 0, 1, 3.0 / 7, 0.6},
		// bakery alone; the two river stories together (5 articles):
		// P = (2 × 1 + 2 × 2/5 + 3 × 3/5) / 7 = 4.6/7 = 23/35; R = 1;
		// F1 = 2 × 23/35 / (58/35) = 23/29.
		{"by prefix", groupBy(func(a news.Article) string { return group(folder(a)) }), 2, 0, 23.0 / 35, 1, 23.0 / 29},
		// One ferry article left out counts as a story of its own: P = 1;
		// R = (4 × 1 + 2 × 2/3 + 1/3) / 7 = (17/3) / 7 = 17/21;
		// F1 = 2 × 17/21 / (38/21) = 17/19.
		{"one left out", dropFerry, 4, 1, 1, 17.0 / 21, 17.0 / 19},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Grouping(context.Background(), "testdata/stories", load, tt.group, 1)
			if err != nil {
				t.Fatal(err)
			}
			if r.Articles != 7 || r.Stories != 3 || r.Found != tt.found || r.Missing != tt.missing {
				t.Errorf("Grouping = %d articles, %d stories, %d found, %d missing; want 7, 3, %d, %d",
					r.Articles, r.Stories, r.Found, r.Missing, tt.found, tt.missing)
			}
			if !near(r.Precision, tt.p) || !near(r.Recall, tt.r) || !near(r.F1, tt.f1) {
				t.Errorf("Grouping B3 = %v, %v, %v; want %v, %v, %v", r.Precision, r.Recall, r.F1, tt.p, tt.r, tt.f1)
			}
			n := 0
			for _, g := range r.Groups {
				n += len(g)
			}
			if n != 7 {
				t.Errorf("Groups hold %d articles; want 7", n)
			}
		})
	}
}

func TestGroupingShuffles(t *testing.T) {
	order := func(seed uint64) string {
		var ids []string
		record := func(as []news.Article) []news.Story {
			for _, a := range as {
				ids = append(ids, a.ID)
			}
			return groupBy(folder)(as)
		}
		if _, err := Grouping(context.Background(), "testdata/stories", load, record, seed); err != nil {
			t.Fatal(err)
		}
		if len(ids) != 7 {
			t.Fatalf("grouper saw %d articles; want 7", len(ids))
		}
		return strings.Join(ids, "|")
	}
	orders := map[string]bool{}
	for seed := range uint64(4) {
		o := order(seed)
		if again := order(seed); again != o {
			t.Errorf("seed %d gave two orders: %s and %s", seed, o, again)
		}
		orders[o] = true
	}
	if len(orders) < 2 {
		t.Errorf("4 seeds gave %d order; want the articles shuffled", len(orders))
	}
}

func TestGroupingErrors(t *testing.T) {
	ctx := context.Background()
	// broken: a-good and b-noref have one article each (a reference is
	// not needed to group); c-noarticles has none and is named.
	r, err := Grouping(ctx, "testdata/broken", load, groupBy(folder), 1)
	if err == nil || !strings.Contains(err.Error(), "c-noarticles") {
		t.Errorf("Grouping(broken) error = %v; want one naming c-noarticles", err)
	}
	if r.Articles != 2 || r.Stories != 2 {
		t.Errorf("Grouping(broken) = %d articles in %d stories; want 2 in 2", r.Articles, r.Stories)
	}

	if _, err := Grouping(ctx, "testdata/stories", nil, groupBy(folder), 1); err == nil {
		t.Error("Grouping without load succeeded")
	}
	if _, err := Grouping(ctx, "testdata/nowhere", load, groupBy(folder), 1); err == nil {
		t.Error("Grouping of a missing folder succeeded")
	}
	sameID := func(ctx context.Context, dir string) ([]news.Article, error) {
		return []news.Article{{ID: "x", Text: "t"}}, nil
	}
	if _, err := Grouping(ctx, "testdata/stories", sameID, groupBy(folder), 1); err == nil || !strings.Contains(err.Error(), `"x"`) {
		t.Errorf("Grouping with one ID in two stories: error %v; want one naming the ID", err)
	}
	noID := func(ctx context.Context, dir string) ([]news.Article, error) {
		return []news.Article{{Text: "t"}}, nil
	}
	if _, err := Grouping(ctx, "testdata/stories", noID, groupBy(folder), 1); err == nil {
		t.Error("Grouping with an article without ID succeeded")
	}
	failing := func(ctx context.Context, dir string) ([]news.Article, error) {
		return nil, errors.New("disk on fire")
	}
	if _, err := Grouping(ctx, "testdata/stories", failing, groupBy(folder), 1); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("Grouping with a failing loader: error %v; want the loader's", err)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Grouping(canceled, "testdata/stories", load, groupBy(folder), 1); !errors.Is(err, context.Canceled) {
		t.Errorf("Grouping with a canceled context: error %v; want context.Canceled", err)
	}
}

func TestReportGrouping(t *testing.T) {
	r := GroupingResult{Articles: 149, Stories: 41, Found: 49, Precision: 0.9512, Recall: 0.8934, F1: 0.92136}
	var b bytes.Buffer
	if err := ReportGrouping(&b, r); err != nil {
		t.Fatal(err)
	}
	want := "articles  true stories  found stories  B3-P   B3-R   B3-F1\n" +
		"149       41            49             0.951  0.893  0.921\n"
	if b.String() != want {
		t.Errorf("ReportGrouping wrote\n%s\nwant\n%s", b.String(), want)
	}
	if err := ReportGrouping(failWriter{}, r); !errors.Is(err, errFull) {
		t.Errorf("ReportGrouping to a full writer: error %v; want %v", err, errFull)
	}
}
