package eval

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/rouge"
)

// load reads every .txt file of dir, in name order, as one article.
func load(ctx context.Context, dir string) ([]news.Article, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	var out []news.Article
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, news.Article{
			ID:     p,
			Outlet: strings.TrimSuffix(filepath.Base(p), ".txt"),
			URL:    p,
			Text:   string(data),
		})
	}
	return out, nil
}

// firstLines is a fake summarizer: one bullet per article, its first line.
// It ignores the budget, as a summarizer that overshoots would.
func firstLines(articles []news.Article, words int) news.Digest {
	var d news.Digest
	for i, a := range articles {
		d.Articles = append(d.Articles, news.Source{Outlet: a.Outlet, URL: a.URL})
		if lines := strings.SplitN(strings.TrimSpace(a.Text), "\n", 2); lines[0] != "" {
			d.Bullets = append(d.Bullets, news.Bullet{Text: lines[0], Sources: []int{i}})
		}
	}
	return d
}

func opts() Options { return Options{Load: load, Summarize: firstLines} }

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

// hand is a Score built from hand-counted overlap h, candidate units c and
// reference units r: R = h/r, P = h/c, F1 = 2h/(c+r).
func hand(h, c, r int) rouge.Score {
	return rouge.Score{
		Recall:    float64(h) / float64(r),
		Precision: float64(h) / float64(c),
		F1:        2 * float64(h) / float64(c+r),
	}
}

func nearScores(a, b rouge.Scores) bool {
	for i, p := range parts(&a) {
		q := parts(&b)[i]
		if !near(p.Recall, q.Recall) || !near(p.Precision, q.Precision) || !near(p.F1, q.F1) {
			return false
		}
	}
	return true
}

// The hand-counted scores of testdata/stories at 100 words, where the fake
// digest is never cut. Stems are Porter2 (bakery → bakeri, ferry → ferri).
var (
	// bakery: cand "the villag bakeri won the region prize for it rye bread
	// after judg tast loav from forti bakeri across the north | the baker
	// thank her staff" (26 stems, 25 bigrams); ref "a villag bakeri won a
	// prize for rye bread" (9 stems, 8 bigrams).
	// R1: villag bakeri won prize for rye bread = 7 ("a" is not in cand).
	// R2: villag-bakeri bakeri-won prize-for rye-bread = 4.
	// RL: villag bakeri won prize for rye bread = 7.
	bakery = rouge.Scores{R1: hand(7, 26, 9), R2: hand(4, 25, 8), RL: hand(7, 26, 9)}
	// Lead: the first article alone, 21 stems and 20 bigrams, same overlaps.
	bakeryLead = rouge.Scores{R1: hand(7, 21, 9), R2: hand(4, 20, 8), RL: hand(7, 21, 9)}

	// river-bridge: cand "the new bridg open on monday | offici cut a ribbon
	// at the bridg" (13 stems, 12 bigrams); ref "the new bridg open on monday
	// | the mayor cut a ribbon" (11 stems, 10 bigrams).
	// R1: the×min(2,2) + new bridg open on monday cut a ribbon = 2+8 = 10.
	// R2: the-new new-bridg bridg-open open-on on-monday cut-a a-ribbon = 7.
	// RL: "the new bridg open on monday" + "cut a ribbon" = 9 (ref's second
	// "the" would need a cand "the" between monday and cut).
	bridge = rouge.Scores{R1: hand(10, 13, 11), R2: hand(7, 12, 10), RL: hand(9, 13, 11)}
	// Lead: "the new bridg open on monday crowd walk across it at dawn" (12
	// stems, 11 bigrams): R1 6, R2 5, RL 6.
	bridgeLead = rouge.Scores{R1: hand(6, 12, 11), R2: hand(5, 11, 10), RL: hand(6, 12, 11)}

	// river-ferry: cand "ferri servic resum after the storm | the storm had
	// halt the ferri for a week | ticket are free this weekend" (20 stems, 19
	// bigrams); ref "ferri servic resum after a week | ticket are free" (9
	// stems, 8 bigrams).
	// R1: every ref stem once = 9.
	// R2: ferri-servic servic-resum resum-after a-week week-ticket
	// ticket-are are-free = 7 (after-a is not in cand).
	// RL: the whole ref in order = 9.
	ferry = rouge.Scores{R1: hand(9, 20, 9), R2: hand(7, 19, 8), RL: hand(9, 20, 9)}
	// Lead: "ferri servic resum after the storm passeng cheer" (8 stems, 7
	// bigrams): R1 4, R2 3, RL 4.
	ferryLead = rouge.Scores{R1: hand(4, 8, 9), R2: hand(3, 7, 8), RL: hand(4, 8, 9)}
)

func TestRun(t *testing.T) {
	type want struct {
		story       string
		words       int
		bullets     int
		bulletWords float64
		short       float64
		scores      rouge.Scores
		lead        *rouge.Scores
	}
	// Bullet words: bakery 21 and 5 (mean 13, one of two ≤ 20 words);
	// river-bridge 6 and 7; river-ferry 6, 9 and 5.
	tests := []struct {
		name string
		dir  string
		opts func(*Options)
		want []want
	}{
		{
			name: "folder of stories",
			dir:  "testdata/stories",
			want: []want{
				{"bakery", 100, 2, 13, 0.5, bakery, nil},
				{"river-bridge", 100, 2, 6.5, 1, bridge, nil},
				{"river-ferry", 100, 3, 20.0 / 3, 1, ferry, nil},
			},
		},
		{
			name: "with lead",
			dir:  "testdata/stories",
			opts: func(o *Options) { o.Lead = true },
			want: []want{
				{"bakery", 100, 2, 13, 0.5, bakery, &bakeryLead},
				{"river-bridge", 100, 2, 6.5, 1, bridge, &bridgeLead},
				{"river-ferry", 100, 3, 20.0 / 3, 1, ferry, &ferryLead},
			},
		},
		{
			// Cut to "the new bridg open on": 5 stems and 4 bigrams, all in
			// the reference. The lead's first five words are the same.
			name: "one story, 5 words",
			dir:  "testdata/stories/river-bridge",
			opts: func(o *Options) { o.Words = 5; o.Lead = true },
			want: []want{{
				"river-bridge", 5, 2, 6.5, 1,
				rouge.Scores{R1: hand(5, 5, 11), R2: hand(4, 4, 10), RL: hand(5, 5, 11)},
				&rouge.Scores{R1: hand(5, 5, 11), R2: hand(4, 4, 10), RL: hand(5, 5, 11)},
			}},
		},
		{
			// The reference has 11 words: cand is cut to "the new bridg open
			// on monday offici cut a ribbon at" (11 stems, 10 bigrams).
			// R1: the new bridg open on monday cut a ribbon = 9.
			// R2: the-new … on-monday, cut-a, a-ribbon = 7. RL: 6 + 3 = 9.
			name: "budget from reference",
			dir:  "testdata/stories/river-bridge",
			opts: func(o *Options) { o.Budget = ReferenceWords },
			want: []want{{
				"river-bridge", 11, 2, 6.5, 1,
				rouge.Scores{R1: hand(9, 11, 11), R2: hand(7, 10, 10), RL: hand(9, 11, 11)},
				nil,
			}},
		},
		{
			name: "budget of 0 falls back to Words",
			dir:  "testdata/stories/river-bridge",
			opts: func(o *Options) { o.Words = 5; o.Budget = func(string) int { return 0 } },
			want: []want{{
				"river-bridge", 5, 2, 6.5, 1,
				rouge.Scores{R1: hand(5, 5, 11), R2: hand(4, 4, 10), RL: hand(5, 5, 11)},
				nil,
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := opts()
			var budgets []int
			o.Summarize = func(a []news.Article, words int) news.Digest {
				budgets = append(budgets, words)
				return firstLines(a, words)
			}
			if tt.opts != nil {
				tt.opts(&o)
			}
			got, err := Run(context.Background(), tt.dir, o)
			if err != nil {
				t.Fatalf("Run(%q) error: %v", tt.dir, err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Run(%q) = %d results; want %d", tt.dir, len(got), len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Story != w.story || g.Words != w.words || budgets[i] != w.words || g.Bullets != w.bullets ||
					!near(g.MeanBulletWords, w.bulletWords) || !near(g.ShortShare, w.short) {
					t.Errorf("result %d = {Story %q, Words %d, Summarize got %d, Bullets %d, MeanBulletWords %v, ShortShare %v}; want {%q, %d, %d, %d, %v, %v}",
						i, g.Story, g.Words, budgets[i], g.Bullets, g.MeanBulletWords, g.ShortShare,
						w.story, w.words, w.words, w.bullets, w.bulletWords, w.short)
				}
				if !nearScores(g.Scores, w.scores) {
					t.Errorf("%s: Scores =\n%+v; want\n%+v", g.Story, g.Scores, w.scores)
				}
				switch {
				case (g.Lead == nil) != (w.lead == nil):
					t.Errorf("%s: Lead = %v; want %v", g.Story, g.Lead, w.lead)
				case g.Lead != nil && !nearScores(*g.Lead, *w.lead):
					t.Errorf("%s: Lead =\n%+v; want\n%+v", g.Story, *g.Lead, *w.lead)
				}
				if n := news.CountWords(g.Text); n > g.Words {
					t.Errorf("%s: Text has %d words; want at most %d", g.Story, n, g.Words)
				}
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	results, err := Run(context.Background(), "testdata/broken", opts())
	if len(results) != 1 || results[0].Story != "a-good" {
		var names []string
		for _, r := range results {
			names = append(names, r.Story)
		}
		t.Errorf("Run(testdata/broken) scored %q; want [a-good]", names)
	}
	if err == nil {
		t.Fatal("Run(testdata/broken) error = nil; want one naming b-noref and c-noarticles")
	}
	msg := err.Error()
	for _, s := range []string{"story b-noref: no reference", "story c-noarticles: no articles folder"} {
		if !strings.Contains(msg, s) {
			t.Errorf("Run(testdata/broken) error = %q; want it to contain %q", msg, s)
		}
	}
	for _, s := range []string{"a-good", "hidden", "_skip", "notes"} {
		if strings.Contains(msg, s) {
			t.Errorf("Run(testdata/broken) error = %q; want no mention of %q", msg, s)
		}
	}
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Run(testdata/broken) error = %v; want it to wrap os.ErrNotExist", err)
	}
}

func TestRunStoryErrors(t *testing.T) {
	story := func(t *testing.T, ref string, articles map[string]string) string {
		dir := filepath.Join(t.TempDir(), "x-story")
		if err := os.MkdirAll(filepath.Join(dir, "articles"), 0o755); err != nil {
			t.Fatal(err)
		}
		files := map[string]string{"reference.txt": ref}
		for name, text := range articles {
			files[filepath.Join("articles", name)] = text
		}
		for name, text := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	errLoad := errors.New("disk on fire")
	tests := []struct {
		name     string
		ref      string
		articles map[string]string
		load     func(context.Context, string) ([]news.Article, error)
		want     string
	}{
		{"empty reference", " \n\n", map[string]string{"1.txt": "Text."}, nil, "reference"},
		{"no articles", "Ref.", nil, nil, "no articles in"},
		{"load fails", "Ref.", map[string]string{"1.txt": "Text."},
			func(context.Context, string) ([]news.Article, error) { return nil, errLoad }, "load articles: disk on fire"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := story(t, tt.ref, tt.articles)
			o := opts()
			if tt.load != nil {
				o.Load = tt.load
			}
			results, err := Run(context.Background(), dir, o)
			if len(results) != 0 {
				t.Errorf("Run = %d results; want 0", len(results))
			}
			if err == nil || !strings.Contains(err.Error(), "eval: story x-story: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Run error = %v; want one naming x-story and containing %q", err, tt.want)
			}
		})
	}
}

func TestRunBadInput(t *testing.T) {
	tests := []struct {
		name string
		dir  string
		opts Options
	}{
		{"no stories", t.TempDir(), opts()},
		{"missing folder", filepath.Join(t.TempDir(), "nope"), opts()},
		{"no Load", "testdata/stories", Options{Summarize: firstLines}},
		{"no Summarize", "testdata/stories", Options{Load: load}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			results, err := Run(context.Background(), tt.dir, tt.opts)
			if err == nil || len(results) != 0 {
				t.Errorf("Run(%q) = %d results, error %v; want none and an error", tt.dir, len(results), err)
			}
		})
	}
}

func TestRunCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	results, err := Run(ctx, "testdata/stories", opts())
	if len(results) != 0 || !errors.Is(err, context.Canceled) {
		t.Errorf("Run(canceled) = %d results, error %v; want none and context.Canceled", len(results), err)
	}
}

func TestDigestText(t *testing.T) {
	d := news.Digest{Title: "Headline", Bullets: []news.Bullet{{Text: "One."}, {Text: "Two words."}}}
	if got, want := DigestText(d), "One.\nTwo words."; got != want {
		t.Errorf("DigestText = %q; want %q", got, want)
	}
	if got := DigestText(news.Digest{Title: "Only a title"}); got != "" {
		t.Errorf("DigestText(no bullets) = %q; want \"\"", got)
	}
}

func TestSummary(t *testing.T) {
	lead := func(r1, r2 float64) *rouge.Scores {
		return &rouge.Scores{R1: rouge.Score{Recall: r1}, R2: rouge.Score{Recall: r2}}
	}
	res := func(story string, r1, r2 float64, l *rouge.Scores) Result {
		return Result{Story: story, Scores: rouge.Scores{R1: rouge.Score{Recall: r1}, R2: rouge.Score{Recall: r2}}, Lead: l}
	}
	passes := []Pass{
		{Budget: "100", Results: []Result{
			res("news-1", 0.4, 0.10, lead(0.3, 0.05)),
			res("news-2", 0.2, 0.02, lead(0.3, 0.05)),
			res("seed", 0.5, 0.20, lead(0.4, 0.10)),
		}},
		{Budget: "ref", Results: []Result{res("news-1", 0.6, 0.3, nil)}},
	}
	var b strings.Builder
	if err := Summary(&b, passes); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, line := range strings.Split(b.String(), "\n") {
		got = append(got, strings.Join(strings.Fields(line), " "))
	}
	// news (2): R1 (0.4+0.2)/2 = 0.300, R2 (0.10+0.02)/2 = 0.060, one of two beats 0.05.
	// mean (3): R1 1.1/3 = 0.367, R2 0.32/3 = 0.107, lead R2 0.20/3 = 0.067, two of three beat.
	for _, want := range []string{
		"100 news (2) 0.300 0.060 0.300 0.050 1 of 2",
		"100 seed 0.500 0.200 0.400 0.100 1 of 1",
		"100 mean (3) 0.367 0.107 0.333 0.067 2 of 3",
		"ref mean (1) 0.600 0.300 - - -",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("Summary wrote\n%s\nwant a line %q", b.String(), want)
		}
	}
}
