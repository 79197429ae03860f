package story

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/sparse"
	"github.com/digestbot/digestbot/news"
)

// partition returns the stories as sorted lists of labels, sorted: the
// grouping without order or IDs.
func partition(stories []news.Story, label map[string]string) [][]string {
	var out [][]string
	for _, s := range stories {
		var ls []string
		for _, a := range s.Articles {
			ls = append(ls, label[a.ID])
		}
		sort.Strings(ls)
		out = append(out, ls)
	}
	sort.Slice(out, func(i, j int) bool { return strings.Join(out[i], ",") < strings.Join(out[j], ",") })
	return out
}

// wantPartition returns the partition of cs that Group should find: one
// group per story label, one per distractor.
func wantPartition(cs []invented) [][]string {
	by := map[string][]news.Article{}
	for _, c := range cs {
		key := c.story
		if key == "" {
			key = c.ID
		}
		by[key] = append(by[key], c.Article)
	}
	var stories []news.Story
	for _, as := range by {
		stories = append(stories, news.Story{Articles: as})
	}
	return partition(stories, labels(cs))
}

// shuffled returns a copy of as in an order drawn from seed.
func shuffled(as []news.Article, seed uint64) []news.Article {
	out := slices.Clone(as)
	rand.New(rand.NewPCG(seed, seed)).Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// reversed returns as in reverse order.
func reversed(as []news.Article) []news.Article {
	out := slices.Clone(as)
	slices.Reverse(out)
	return out
}

func TestGroupInvented(t *testing.T) {
	tests := []struct {
		name  string
		input []news.Article
		opts  Options
	}{
		{"default", articles(corpus), Options{}},
		{"reversed", reversed(articles(corpus)), Options{}},
		{"shuffled", shuffled(articles(corpus), 7), Options{}},
		{"threshold 0.2", articles(corpus), Options{Threshold: 0.2}},
		{"headlines ignored", articles(corpus), Options{TitleWeight: -1}},
		{"lead of 20 words", articles(corpus), Options{BodyWords: 20}},
		{"4 index terms", articles(corpus), Options{IndexTerms: 4}},
	}
	want := wantPartition(corpus)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Group(tt.input, tt.opts)
			if p := partition(got, labels(corpus)); !reflect.DeepEqual(p, want) {
				t.Errorf("Group grouped %q; want %q", p, want)
			}
		})
	}
}

// TestGroupRanking checks the order of stories: by outlets, then latest
// article, then size.
func TestGroupRanking(t *testing.T) {
	got := Group(articles(corpus), Options{})
	var order []string
	for _, s := range got {
		order = append(order, labels(corpus)[s.Articles[0].ID])
	}
	// mayor has 4 outlets, crane 3; butterfly and strike have 2 each, and
	// butterfly's latest article (05:00 after day) is later than strike's
	// (04:00). The distractors have one outlet each, latest first.
	want := []string{"mayor", "crane", "butterfly", "strike",
		"https://sport.example/rovers", "https://ormsby.example/budget", "https://kessick.example/tower-crane",
		"https://kitchen.example/rye", "https://weather.example/frost"}
	if !slices.Equal(order, want) {
		t.Errorf("story order = %q; want %q", order, want)
	}
}

// TestGroupRankingTies checks the tie-breakers after outlets and recency:
// the larger story first, then the lower ID.
func TestGroupRankingTies(t *testing.T) {
	in := []news.Article{
		{ID: "a1", Outlet: "X", Title: "Glasswing butterflies return", Text: "Glasswing butterflies returned to Marrow Valley meadows."},
		{ID: "a2", Outlet: "X", Title: "Glasswing butterflies are back", Text: "Marrow Valley meadows see glasswing butterflies again."},
		{ID: "b1", Outlet: "X", Title: "Rovers win", Text: "Rovers beat United with two late goals."},
		{ID: "c1", Outlet: "X", Title: "Frost due", Text: "Forecasters expect frost in the hills."},
	}
	got := Group(in, Options{})
	if len(got) != 3 || len(got[0].Articles) != 2 {
		t.Fatalf("Group = %d stories; want 3, the first of 2 articles", len(got))
	}
	if got[1].ID > got[2].ID {
		t.Errorf("equal stories in ID order %s, %s; want ascending", got[1].ID, got[2].ID)
	}
}

// TestAverageLinkageResistsChaining checks that stories do not merge
// through a chain of pairwise similar articles, as single linkage would
// merge them, nor through one roundup article that tells both.
func TestAverageLinkageResistsChaining(t *testing.T) {
	bridge := invented{"bridge", news.Article{ID: "https://roundup.example/monday", Outlet: "Roundup",
		Title: "Monday: Tarnwick mayor Brandt resigns; crane falls at Port Veldt",
		Text: "Tarnwick mayor Ilsa Brandt resigned over the budget shortfall, and Oskar Lind leads the council.\n" +
			"At Port Veldt a container crane collapsed onto the cargo ship Marisol, and the harbour authority closed the northern quay."}}
	cs := append(slices.Clone(corpus), bridge)
	g := newGrouper(articles(cs), Options{}.params(), nil)
	label := labels(cs)
	// best returns the highest similarity of article id to an article of
	// story l.
	best := func(id, l string) float64 {
		var v []entry
		for _, d := range g.docs {
			if d.key == id {
				v = d.vec
			}
		}
		m := 0.0
		for _, d := range g.docs {
			if label[d.key] == l {
				m = max(m, sparse.Dot(v, d.vec))
			}
		}
		return m
	}
	// Single linkage would chain: each of these articles is as similar as
	// the threshold to an article of the story.
	for _, p := range [][2]string{
		{bridge.ID, "mayor"},
		{bridge.ID, "crane"},
		{"https://ormsby.example/budget", "mayor"},
	} {
		if s := best(p[0], p[1]); s < DefaultThreshold {
			t.Fatalf("similarity of %s to the %s story = %.3f; the test needs at least %.2f", p[0], p[1], s, DefaultThreshold)
		}
	}
	// Average linkage alone would merge them too: the roundup is so like
	// both stories that the mean over all pairs of the crane story with it
	// and the mayor story reaches the threshold (0.122 over 4 × 4 pairs,
	// the crane–mayor pairs all near 0). Only the bridge check stops it.
	var craneSum, mayorSum []entry
	var nc, nm int
	for _, d := range g.docs {
		switch label[d.key] {
		case "crane", "bridge":
			craneSum, nc = sparse.Sum(craneSum, d.vec), nc+1
		case "mayor":
			mayorSum, nm = sparse.Sum(mayorSum, d.vec), nm+1
		}
	}
	if mean := sparse.Dot(craneSum, mayorSum) / float64(nc*nm); mean < DefaultThreshold {
		t.Fatalf("mean similarity of crane+roundup and mayor = %.3f; the test needs at least %.2f", mean, DefaultThreshold)
	}
	for _, s := range Group(articles(cs), Options{}) {
		seen := map[string]bool{}
		for _, a := range s.Articles {
			seen[label[a.ID]] = true
		}
		if seen["mayor"] && seen["crane"] {
			t.Errorf("story %q joins the mayor and crane stories", s.Title)
		}
		if seen["mayor"] && seen["https://ormsby.example/budget"] {
			t.Errorf("story %q joins Ormsby's budget to the mayor story", s.Title)
		}
	}
}

// TestGroupIdenticalArticles checks that copies of an article, with the
// same or another ID, neither break grouping nor get lost.
func TestGroupIdenticalArticles(t *testing.T) {
	in := articles(corpus)
	copyA := in[0] // same ID
	copyB := in[0] // another ID
	copyB.ID = "https://mirror.example/crane"
	in = append(in, copyA, copyB, copyA)
	label := labels(corpus)
	label[copyB.ID] = "crane"
	got := Group(in, Options{})
	n := 0
	for _, s := range got {
		n += len(s.Articles)
	}
	if n != len(in) {
		t.Errorf("Group returned %d articles; want %d", n, len(in))
	}
	for _, s := range got {
		has := false
		for _, a := range s.Articles {
			has = has || a.ID == in[0].ID
		}
		if has && len(s.Articles) != 6 {
			t.Errorf("the crane story has %d articles; want 6 (3 and 3 copies)", len(s.Articles))
		}
	}
	if again := Group(shuffled(in, 3), Options{}); !reflect.DeepEqual(again, got) {
		t.Error("Group with copies depends on the input order")
	}
}

func TestGroupEdgeCases(t *testing.T) {
	tests := []struct {
		name    string
		in      []news.Article
		stories int
	}{
		{"nil", nil, 0},
		{"one article", []news.Article{corpus[0].Article}, 1},
		{"no words", []news.Article{{ID: "a"}, {ID: "b", Text: "..."}, {ID: "c", Title: "the of and"}}, 3},
		{"no IDs", []news.Article{{Text: "Glasswing butterflies return to Marrow Valley."}, {Text: "Glasswing butterflies return to Marrow Valley."}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Group(tt.in, Options{})
			if len(got) != tt.stories {
				t.Fatalf("Group = %d stories; want %d", len(got), tt.stories)
			}
			ids := map[string]bool{}
			for _, s := range got {
				if s.ID == "" || ids[s.ID] {
					t.Errorf("story ID %q is empty or repeated", s.ID)
				}
				ids[s.ID] = true
			}
		})
	}
}

// TestTitleAndOrder checks that a story's title is its most central
// headline and that its articles come most central first.
func TestTitleAndOrder(t *testing.T) {
	offTopic := news.Article{ID: "https://gallery.example/week", Outlet: "Gallery", Published: at(8),
		Title: "Pictures of the week",
		Text:  "A container crane lies across the cargo ship Marisol at Port Veldt. Photographs from the week's news."}
	loose := news.Article{ID: "https://docks.example/history", Outlet: "Docks Monthly", Published: at(9),
		Title: "Port Veldt's cranes: a century of harbour engineering",
		Text: "Port Veldt installed its first harbour crane in 1921; the crane that fell on the Marisol this week dated from 1998.\n" +
			"Dock workers have long asked for newer cranes."}
	in := append(articles(corpus), offTopic, loose)
	for _, s := range Group(in, Options{}) {
		if s.Articles[0].ID == "https://kitchen.example/rye" && s.Title != "A dark rye loaf for beginners" {
			t.Errorf("one-article story title = %q; want its headline", s.Title)
		}
		if !slices.ContainsFunc(s.Articles, func(a news.Article) bool { return a.ID == offTopic.ID }) {
			continue
		}
		if s.Title == offTopic.Title {
			t.Errorf("crane story title = %q, the off-topic headline", s.Title)
		}
		if !strings.Contains(s.Title, "crane") && !strings.Contains(s.Title, "Veldt") {
			t.Errorf("crane story title = %q; want a crane headline", s.Title)
		}
		if last := s.Articles[len(s.Articles)-1].ID; last != offTopic.ID && last != loose.ID {
			t.Errorf("least central crane article = %s; want the gallery or the history piece", last)
		}
	}
	// A story without headlines has no title.
	got := Group([]news.Article{{ID: "x", Text: "Glasswing butterflies return to Marrow Valley meadows."},
		{ID: "y", Text: "Glasswing butterflies return to the Marrow Valley meadows in spring."}}, Options{})
	if len(got) != 1 || got[0].Title != "" {
		t.Errorf("Group without headlines = %d stories titled %q; want 1 titled \"\"", len(got), got[0].Title)
	}
}

// TestTitleIsProperHeadline checks that a story's title is a proper
// headline (news.Headline) even where a description, a paragraph or
// boilerplate stands in an article's title and resembles the story more.
func TestTitleIsProperHeadline(t *testing.T) {
	crane := func(id, title string) news.Article {
		return news.Article{ID: id, Outlet: id, Published: at(1), Title: title,
			Text: "A container crane collapsed onto the cargo ship Marisol at Port Veldt on Monday, injuring two dock workers at the northern quay."}
	}
	const description = "A container crane collapsed onto the cargo ship Marisol at Port Veldt's northern quay on Monday, injuring two dock workers; " +
		"the harbour authority closed the quay while engineers inspect the crane's base, and Veldt Terminals said the crane had passed an inspection in January."
	tests := []struct {
		name     string
		articles []news.Article
		want     string
	}{
		{"description beside a headline", []news.Article{
			crane("https://feed.example/1", description),
			crane("https://feed.example/2", "Two hurt as crane falls on ship at Port Veldt"),
		}, "Two hurt as crane falls on ship at Port Veldt"},
		{"boilerplate beside a headline", []news.Article{
			crane("https://feed.example/1", "Port Veldt crane Marisol quay: 936 SHARES Share Tweet"),
			crane("https://feed.example/2", "Crane falls on cargo ship"),
		}, "Crane falls on cargo ship"},
		{"boilerplate only", []news.Article{
			crane("https://feed.example/1", "Story highlights"),
			crane("https://feed.example/2", description),
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Group(tt.articles, Options{})
			if len(got) != 1 {
				t.Fatalf("Group = %d stories; want 1", len(got))
			}
			if got[0].Title != tt.want {
				t.Errorf("story title = %q; want %q", got[0].Title, tt.want)
			}
		})
	}
}

// ids returns each story's ID by its label.
func ids(stories []news.Story, label map[string]string) map[string]string {
	out := map[string]string{}
	for _, s := range stories {
		out[label[s.Articles[0].ID]] = s.ID
	}
	return out
}

func TestIDsStable(t *testing.T) {
	first := Group(articles(corpus), Options{})
	for seed := range uint64(5) {
		if again := Group(shuffled(articles(corpus), seed), Options{}); !reflect.DeepEqual(again, first) {
			t.Errorf("Group of the input shuffled with seed %d differs from Group of the input", seed)
		}
	}
	// The ID is made from the founder: the earliest article.
	mayor := ids(first, labels(corpus))["mayor"]
	if want := hashHex("https://tarnwicktimes.example/brandt-resigns"); mayor != want {
		t.Errorf("mayor story ID = %s; want %s, from its earliest article", mayor, want)
	}
	// Later articles joining do not change it, even without history.
	later := news.Article{ID: "https://late.example/brandt", Outlet: "Late News", Published: at(30),
		Title: "Tarnwick auditors to publish Brandt budget report",
		Text:  "Tarnwick's auditors will publish their report on the budget shortfall that led mayor Ilsa Brandt to resign, acting mayor Oskar Lind said."}
	more := Group(append(articles(corpus), later), Options{})
	if got := ids(more, labels(corpus))["mayor"]; got != mayor {
		t.Errorf("mayor story ID after a later article joined = %s; want %s", got, mayor)
	}
}

// TestKnownStories checks that tomorrow's run recognises today's
// stories: a continuing story keeps its ID, a new one gets a new ID.
func TestKnownStories(t *testing.T) {
	label := labels(corpus)
	pick := func(names ...string) []news.Article {
		var out []news.Article
		for _, c := range corpus {
			for _, n := range names {
				if c.ID == n {
					out = append(out, c.Article)
				}
			}
		}
		return out
	}
	yesterday := Group(pick(
		"https://coastherald.example/crane-veldt", "https://ledger.example/port-veldt-crane",
		"https://tarnwicktimes.example/brandt-resigns", "https://ledger.example/tarnwick-mayor",
		"https://naturenotes.example/glasswing-count", "https://kitchen.example/rye",
	), Options{})
	before := ids(yesterday, label)
	known := map[string]bool{}
	for _, s := range yesterday {
		known[s.ID] = true
	}

	tests := []struct {
		name string
		// today's articles; continuing are the labels that must keep
		// yesterday's ID.
		today      []string
		continuing []string
	}{
		{"shared and new articles",
			[]string{"https://ledger.example/port-veldt-crane", "https://wire.example/veldt-quay",
				"https://arts.example/lindholm-strike", "https://ledger.example/philharmonic"},
			[]string{"crane"}},
		{"only new articles of a known story",
			[]string{"https://wire.example/tarnwick-brandt", "https://northradio.example/brandt",
				"https://valleypost.example/butterflies", "https://sport.example/rovers"},
			[]string{"mayor", "butterfly"}},
		{"founder gone, others stay",
			[]string{"https://ledger.example/tarnwick-mayor", "https://wire.example/tarnwick-brandt",
				"https://ledger.example/port-veldt-crane", "https://kessick.example/tower-crane"},
			[]string{"mayor", "crane"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := pick(tt.today...)
			got := Group(in, Options{Known: yesterday})
			plain := Group(in, Options{})
			if !reflect.DeepEqual(partition(got, label), partition(plain, label)) {
				t.Errorf("Known changed the grouping: %q; without it %q", partition(got, label), partition(plain, label))
			}
			now := ids(got, label)
			for l, id := range now {
				if slices.Contains(tt.continuing, l) {
					if id != before[l] {
						t.Errorf("%s story ID = %s; want yesterday's %s", l, id, before[l])
					}
				} else if known[id] {
					t.Errorf("new %s story took yesterday's ID %s", l, id)
				}
			}
			if again := Group(shuffled(in, 9), Options{Known: yesterday}); !reflect.DeepEqual(again, got) {
				t.Error("Group with Known depends on the input order")
			}
		})
	}
}

// TestKnownSplit checks that when a known story's articles fall into two
// groups, only one keeps its ID, and the other gets a new one.
func TestKnownSplit(t *testing.T) {
	butterflies := corpus[3].Article
	frost := corpus[len(corpus)-1].Article
	known := []news.Story{{ID: "yesterday-1", Articles: []news.Article{butterflies, frost}},
		{ID: "yesterday-1", Articles: []news.Article{corpus[4].Article}}, // same ID again: one story
		{ID: "", Articles: []news.Article{corpus[0].Article}}}            // no ID: ignored
	got := Group([]news.Article{butterflies, corpus[4].Article, frost}, Options{Known: known})
	if len(got) != 2 {
		t.Fatalf("Group = %d stories; want 2", len(got))
	}
	var kept int
	for _, s := range got {
		if s.ID == "yesterday-1" {
			kept++
			if len(s.Articles) != 2 {
				t.Errorf("the story with the known ID has %d articles; want the 2 butterfly articles", len(s.Articles))
			}
		}
	}
	if kept != 1 {
		t.Errorf("%d stories have the known ID; want 1", kept)
	}
}

// TestKnownByIDOnly checks that known stories whose articles carry only
// their IDs, as a store may keep them, still name the groups that share
// their articles.
func TestKnownByIDOnly(t *testing.T) {
	today := Group(articles(corpus), Options{})
	var known []news.Story
	for i, s := range today {
		k := news.Story{ID: fmt.Sprintf("stored-%d", i)}
		for _, a := range s.Articles {
			k.Articles = append(k.Articles, news.Article{ID: a.ID})
		}
		known = append(known, k)
	}
	again := Group(articles(corpus), Options{Known: known})
	for i, s := range again {
		if want := fmt.Sprintf("stored-%d", i); s.ID != want {
			t.Errorf("story %d (%q) ID = %s; want %s", i, s.Title, s.ID, want)
		}
	}
}

func TestScan(t *testing.T) {
	type word struct {
		w       string
		capital bool
		opener  bool
	}
	tests := []struct {
		in    string
		limit int
		want  []word
	}{
		{"The Rite Aid centre. Police said", -1, []word{{"the", true, true}, {"rite", true, false}, {"aid", true, false}, {"centre", false, false}, {"police", true, true}, {"said", false, false}}},
		{"KANSAS CITY — Gunmen shot", -1, []word{{"kansas", true, true}, {"city", true, false}, {"gunmen", true, true}, {"shot", false, false}}},
		{"one two three", 2, []word{{"one", false, true}, {"two", false, false}}},
		{"Zürich's “Old Town”", -1, []word{{"zürich", true, true}, {"s", false, false}, {"old", true, true}, {"town", true, false}}},
		{"", -1, nil},
	}
	for _, tt := range tests {
		var got []word
		scan(tt.in, tt.limit, func(w string, c, o bool) { got = append(got, word{w, c, o}) })
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("scan(%q, %d) = %v; want %v", tt.in, tt.limit, got, tt.want)
		}
	}
}

func TestOptionsDefaults(t *testing.T) {
	tests := []struct {
		in   Options
		want params
	}{
		{Options{}, params{DefaultThreshold, DefaultBodyWords, DefaultTitleWeight, DefaultIndexTerms, DefaultNewsCycle, defaultNameWeight, false, false}},
		{Options{Threshold: -1, BodyWords: -1, IndexTerms: -1}, params{DefaultThreshold, DefaultBodyWords, DefaultTitleWeight, DefaultIndexTerms, DefaultNewsCycle, defaultNameWeight, false, false}},
		{Options{Threshold: 0.3, BodyWords: 50, TitleWeight: -2, IndexTerms: 5, NewsCycle: -1}, params{0.3, 50, 0, 5, 0, defaultNameWeight, false, false}},
		{Options{NewsCycle: time.Hour}, params{DefaultThreshold, DefaultBodyWords, DefaultTitleWeight, DefaultIndexTerms, time.Hour, defaultNameWeight, false, false}},
	}
	for _, tt := range tests {
		if got := tt.in.params(); got != tt.want {
			t.Errorf("%+v.params() = %+v; want %+v", tt.in, got, tt.want)
		}
	}
}
