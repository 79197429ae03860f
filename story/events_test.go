package story

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/sparse"
	"github.com/digestbot/digestbot/news"
)

// The tests here check the rules that keep two events apart: time, a
// single shared name, and a name's rarity beyond the input. Each puts a
// few invented articles among the invented corpus (see invented_test.go),
// so that terms have the document frequencies of a real morning's input.

// fair is the yearly Ferrow county fair: two reports of this year's, and
// one of last year's, told in many of the same words.
func fair(lastYear time.Duration) []invented {
	return []invented{
		{"fair", news.Article{ID: "https://valleypost.example/ferrow-fair", Outlet: "Valley Post", Published: at(2),
			Title: "Ferrow county fair opens with sheepdog trials and a record crowd",
			Text: "The Ferrow county fair opened on Monday with sheepdog trials, a cattle show and a record crowd of 12,000.\n" +
				"Organisers said the new pavilion for the cattle show had doubled the space for exhibitors."}},
		{"fair", news.Article{ID: "https://ledger.example/ferrow-fair-opens", Outlet: "Daily Ledger", Published: at(5),
			Title: "Record crowd at Ferrow fair",
			Text: "A record 12,000 visitors came to the opening day of the Ferrow county fair, where sheepdog trials and the cattle show drew the biggest crowds.\n" +
				"The fair runs until Sunday."}},
		{"fair-last-year", news.Article{ID: "https://valleypost.example/ferrow-fair-last-year", Outlet: "Valley Post", Published: at(2).Add(-lastYear),
			Title: "Rain mars opening of Ferrow county fair",
			Text: "The Ferrow county fair opened on Monday with a tractor parade, but rain kept the crowd to 9,000.\n" +
				"The sheepdog trials were moved indoors."}},
	}
}

// groupsOf returns the labels of cs grouped as Group groups them, as
// partition does.
func groupsOf(cs []invented, opts Options) [][]string {
	return partition(Group(articles(cs), opts), labels(cs))
}

// together reports whether the articles labelled a and b share a story
// in p.
func together(p [][]string, a, b string) bool {
	for _, g := range p {
		var ha, hb bool
		for _, l := range g {
			ha = ha || l == a
			hb = hb || l == b
		}
		if ha && hb {
			return true
		}
	}
	return false
}

// TestGroupKeepsApartInTime checks that articles far apart in time join
// only when their text says much more than that of articles of the same
// day: a yearly event's editions stay apart, however alike their words,
// while the same text undated, or published within the news cycle,
// joins.
func TestGroupKeepsApartInTime(t *testing.T) {
	tests := []struct {
		name     string
		lastYear time.Duration // how long before this year's the other was published
		opts     Options
		joined   bool
	}{
		{"a year apart", 365 * 24 * time.Hour, Options{}, false},
		{"a month apart", 30 * 24 * time.Hour, Options{}, false},
		{"a day apart", 24 * time.Hour, Options{}, true},
		{"a year apart, times ignored", 365 * 24 * time.Hour, Options{NewsCycle: -1}, true},
		{"a year apart, a news cycle of two years", 365 * 24 * time.Hour, Options{NewsCycle: 2 * 365 * 24 * time.Hour}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := append(fair(tt.lastYear), corpus...)
			p := groupsOf(cs, tt.opts)
			if got := together(p, "fair", "fair-last-year"); got != tt.joined {
				t.Errorf("the two editions of the fair together = %v; want %v (grouped %q)", got, tt.joined, p)
			}
			// This year's reports are one story whatever the other's date.
			if n := len(p); !together(p, "fair", "fair") && n > 0 {
				t.Errorf("this year's fair reports apart: %q", p)
			}
		})
	}
	// Undated, the editions are alike enough to join: time is what keeps
	// them apart.
	cs := fair(0)
	cs[2].Published = time.Time{}
	cs = append(cs, corpus...)
	if p := groupsOf(cs, Options{}); !together(p, "fair", "fair-last-year") {
		t.Errorf("undated, the editions are apart (%q); the test needs them alike enough to join", p)
	}
}

// velmora is two events of one singer on the same day: her name, rare in
// the input, is all they share besides a word or two.
var velmora = []invented{
	{"velmora-concert", news.Article{ID: "https://arts.example/velmora-berlin", Outlet: "Arts Daily", Published: at(1),
		Title: "Velmora cancels Berlin concert after throat infection",
		Text: "The singer Velmora has cancelled Thursday's concert in Berlin on her doctors' advice after a throat infection.\n" +
			"Ticket holders will be refunded, the promoter said."}},
	{"velmora-lawsuit", news.Article{ID: "https://ledger.example/velmora-manager", Outlet: "Daily Ledger", Published: at(4),
		Title: "Velmora sued by former manager over unpaid royalties",
		Text: "Velmora's former manager has sued the singer for 2 million in royalties he says she owes him from her first two albums.\n" +
			"Her lawyers called the claim baseless."}},
}

// TestGroupOneNameJoinsNothing checks that two events that share a name
// and little else stay apart, however rare the name: one term never
// holds two stories together.
func TestGroupOneNameJoinsNothing(t *testing.T) {
	cs := append(append([]invented{}, velmora...), corpus...)
	if p := groupsOf(cs, Options{}); together(p, "velmora-concert", "velmora-lawsuit") {
		t.Errorf("Group joins Velmora's concert and her lawsuit: %q", p)
	}
	// The test is meaningful: counting every shared term, they would join.
	g := newGrouper(articles(cs), Options{}.params(), nil)
	var a, b []entry
	for _, d := range g.docs {
		switch d.key {
		case velmora[0].ID:
			a = d.vec
		case velmora[1].ID:
			b = d.vec
		}
	}
	if s, top := sparse.DotTop(a, b); s < DefaultThreshold || s-top >= DefaultThreshold {
		t.Errorf("similarity %.3f, %.3f without the heaviest shared term; the test needs at least %.4f with it and less without", s, s-top, DefaultThreshold)
	}
	p := Options{}.params()
	p.oneTerm = true
	if got := partition(group(articles(cs), p, nil, nil), labels(cs)); !together(got, "velmora-concert", "velmora-lawsuit") {
		t.Errorf("with one shared term allowed to join, the two are apart (%q); the test needs them to join", got)
	}
}

// harlan is two visits of the president on one day: "President Harlan",
// named in nearly every article of the past days, and "visit" are all
// they share.
var harlan = []invented{
	{"harlan-flood", news.Article{ID: "https://coastherald.example/harlan-marrow", Outlet: "Coast Herald", Published: at(2),
		Title: "President Harlan visits flooded Marrow Valley",
		Text: "President Harlan visited Marrow Valley on Monday, where the river burst its banks at the weekend and 300 homes were flooded.\n" +
			"President Harlan promised emergency funds for the valley's farmers."}},
	{"harlan-troops", news.Article{ID: "https://wire.example/harlan-kessa", Outlet: "Wire Service", Published: at(3),
		Title: "President Harlan visits troops at Kessa base",
		Text: "President Harlan visited the Kessa air base on Monday and thanked soldiers returning from a peacekeeping mission.\n" +
			"President Harlan said the mission had kept the border quiet for a year."}},
}

// pastDays is what a store holds of the past days' news: President
// Harlan in most of it.
func pastDays(n int) []news.Article {
	topics := []string{"the budget", "the new rail line", "the farm subsidies", "the border treaty", "the tax reform", "the hospital strike", "the school reform", "the energy plan"}
	out := make([]news.Article, n)
	for i := range out {
		topic := topics[i%len(topics)]
		out[i] = news.Article{ID: fmt.Sprintf("https://archive.example/%d", i), Outlet: "Archive", Published: at(-24 * (1 + i%6)),
			Title: fmt.Sprintf("President Harlan speaks on %s", topic),
			Text:  fmt.Sprintf("President Harlan spoke about %s on the %dth day of his tour, aides said.", topic, i%28+1)}
	}
	return out
}

// TestGroupBackground checks that a name common in the background (a
// store's recent articles) weighs little: two visits of a president that
// share his name and a verb join when the input alone judges how rare
// his name is, and stay apart when the past days' news does.
func TestGroupBackground(t *testing.T) {
	cs := append(append([]invented{}, harlan...), corpus...)
	if p := groupsOf(cs, Options{}); !together(p, "harlan-flood", "harlan-troops") {
		t.Fatalf("without a background the visits are apart (%q); the test needs them to join", p)
	}
	bg := NewBackground(pastDays(200))
	if got := bg.Len(); got != 200 {
		t.Errorf("NewBackground(200 articles).Len() = %d; want 200", got)
	}
	if p := groupsOf(cs, Options{Background: bg}); together(p, "harlan-flood", "harlan-troops") {
		t.Errorf("with a background that names President Harlan in every article, Group joins his two visits: %q", p)
	}
	// The rest of the input groups as without a background.
	want := wantPartition(corpus)
	rest := Group(articles(corpus), Options{Background: bg})
	if got := partition(rest, labels(corpus)); !reflect.DeepEqual(got, want) {
		t.Errorf("with a background, Group grouped %q; want %q", got, want)
	}
}

// TestBackgroundCountsOnce checks that an article counted by the
// background and given to Group counts once in the document frequencies:
// grouping with a background made of the input itself is grouping
// without one.
func TestBackgroundCountsOnce(t *testing.T) {
	in := articles(corpus)
	bg := NewBackground(append(append([]news.Article{}, in...), in...)) // each twice
	if got := bg.Len(); got != len(in) {
		t.Errorf("NewBackground of %d articles given twice: Len() = %d; want %d", len(in), got, len(in))
	}
	g1 := newGrouper(in, Options{}.params(), nil)
	g2 := newGrouper(in, Options{}.params(), bg)
	for i := range g1.docs {
		if !reflect.DeepEqual(g1.docs[i].vec, g2.docs[i].vec) {
			t.Errorf("vector of %s with the input as background differs from without one", g1.docs[i].key)
		}
	}
	var nilBG *Background
	if nilBG.Len() != 0 || nilBG.docFreq("harlan") != 0 || nilBG.has("x") {
		t.Error("the nil Background is not empty")
	}
}
