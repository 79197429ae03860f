package story

import (
	"slices"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/news"
)

// ferry holds one invented event told in English and in French, with
// the same names and figures in both, and an article of unknown language
// that names them too: close enough in their terms that, without regard
// to language, they make one story.
var ferry = []invented{
	{"ferry-en", news.Article{ID: "https://kessington.example/ferry-strike", Outlet: "Kessington Echo", Published: at(1), Language: "en",
		Title: "Brannock ferry strike halts Kessington crossings",
		Text: "Crews of the Marlowe Ferry Company walked off the job in Kessington on Thursday, halting the Brannock crossing.\n" +
			"The Marlowe union said 1,240 workers joined the strike. Kessington mayor Odile Varga urged Marlowe managers to return to talks."}},
	{"ferry-en", news.Article{ID: "https://wire.example/marlowe-crews", Outlet: "Wire Service", Published: at(2), Language: "en",
		Title: "Marlowe ferry crews strike over pay in Kessington",
		Text: "The Brannock crossing stood still as Marlowe Ferry Company crews struck in Kessington over pay.\n" +
			"Union leader Tomas Ferrand said 1,240 crew members stopped work. Mayor Odile Varga called for talks with Marlowe."}},
	{"ferry-fr", news.Article{ID: "https://journal.example/greve-marlowe", Outlet: "Journal de Kessington", Published: at(1), Language: "fr",
		Title: "Grève des ferries Marlowe à Kessington",
		Text: "Les équipages de la Marlowe Ferry Company ont cessé le travail jeudi à Kessington, paralysant la traversée de Brannock.\n" +
			"Le syndicat Marlowe affirme que 1 240 salariés ont rejoint la grève. La maire de Kessington, Odile Varga, appelle Marlowe à reprendre les discussions."}},
	{"ferry-fr", news.Article{ID: "https://quotidien.example/brannock", Outlet: "Le Quotidien", Published: at(3), Language: "fr",
		Title: "Kessington : la traversée de Brannock paralysée par la grève",
		Text: "La traversée de Brannock est à l'arrêt à Kessington. Selon Tomas Ferrand, responsable syndical, 1 240 membres d'équipage de Marlowe ont cessé le travail.\n" +
			"La maire Odile Varga demande des négociations avec Marlowe."}},
}

// languagesOf returns the known languages among a story's articles.
func languagesOf(s news.Story) []string {
	var out []string
	for _, a := range s.Articles {
		if a.Language != "" && !slices.Contains(out, a.Language) {
			out = append(out, a.Language)
		}
	}
	slices.Sort(out)
	return out
}

// TestGroupWithinLanguage checks that no story joins articles of two
// known languages, however alike their names and figures, in any order;
// that an article of unknown language may join a story of either; and
// that the same articles without languages make one story.
func TestGroupWithinLanguage(t *testing.T) {
	unknown := news.Article{ID: "https://photos.example/brannock", Outlet: "Photo Desk", Published: at(4),
		Title: "Brannock crossing: Marlowe ferries idle at Kessington",
		Text:  "Marlowe Ferry Company ferries idle at the Brannock crossing in Kessington, as 1,240 crew strike; Odile Varga, Tomas Ferrand."}
	arts := append(articles(ferry), unknown)
	label := labels(ferry)
	label[unknown.ID] = "unknown"
	for _, input := range [][]news.Article{arts, reversed(arts), shuffled(arts, 3), shuffled(arts, 11)} {
		stories := Group(input, Options{})
		got := partition(stories, label)
		var mixed []string
		for _, s := range stories {
			if ls := languagesOf(s); len(ls) > 1 {
				mixed = append(mixed, strings.Join(ls, "+"))
			}
		}
		if len(mixed) > 0 {
			t.Errorf("Group made stories in %q: %v; want each in one language", mixed, got)
		}
		var en, fr bool
		for _, p := range got {
			en = en || slices.Equal(p, []string{"ferry-en", "ferry-en"}) || slices.Equal(p, []string{"ferry-en", "ferry-en", "unknown"})
			fr = fr || slices.Equal(p, []string{"ferry-fr", "ferry-fr"}) || slices.Equal(p, []string{"ferry-fr", "ferry-fr", "unknown"})
		}
		if !en || !fr {
			t.Errorf("Group = %v; want the English and the French articles each a story (the unknown one with either)", got)
		}
	}

	// Without languages they are one story: the test above is not won by
	// dissimilar text.
	var plain []news.Article
	for _, a := range arts {
		a.Language = ""
		plain = append(plain, a)
	}
	if got := partition(Group(plain, Options{}), label); len(got) != 1 {
		t.Errorf("Group(articles without languages) = %v; want one story", got)
	}
}

// TestKnownStoryKeepsLanguage checks that a known story passes its ID
// only to a group in its own language.
func TestKnownStoryKeepsLanguage(t *testing.T) {
	var en, fr []news.Article
	for _, c := range ferry {
		if c.Language == "en" {
			en = append(en, c.Article)
		} else {
			fr = append(fr, c.Article)
		}
	}
	// Yesterday's English story; today only the French articles come, and
	// new English ones... none: the French group must not take its ID.
	known := []news.Story{{ID: "yesterday-en", Articles: en}}
	for _, s := range Group(fr, Options{Known: known}) {
		if s.ID == "yesterday-en" {
			t.Errorf("the French story took the ID of yesterday's English story")
		}
	}
	// The English articles again take it.
	got := Group(append(slices.Clone(en), fr...), Options{Known: known})
	for _, s := range got {
		if s.ID == "yesterday-en" && !slices.Equal(languagesOf(s), []string{"en"}) {
			t.Errorf("yesterday's English story's ID went to a story in %v", languagesOf(s))
		}
	}
	if !slices.ContainsFunc(got, func(s news.Story) bool { return s.ID == "yesterday-en" }) {
		t.Errorf("no story kept the ID of yesterday's English story")
	}
}
