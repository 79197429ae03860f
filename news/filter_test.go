package news

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// lead is a first paragraph long enough (LeadWords) to be an article's
// whole lead, about nothing a test filters on.
var lead = strings.Repeat("Officials met on Tuesday to discuss the plan in detail. ", 4)

// body is a paragraph past the lead.
const body = "The talks went on late into the night, delegates said."

// art returns an article of outlet with title and the paragraphs of text.
func art(outlet, title string, text ...string) Article {
	return Article{ID: outlet + "/" + title, Outlet: outlet, Title: title, Text: strings.Join(text, "\n")}
}

func TestFilterKeep(t *testing.T) {
	summit := []Article{
		art("AP", "Leaders meet in Paris", lead, body),
		art("Reuters", "Paris summit opens", lead, body, "Fans watched the football final nearby."),
		art("BBC", "Summit talks run late", lead, body),
	}
	tests := []struct {
		name   string
		filter Filter
		story  Story
		want   bool
	}{
		{"zero keeps all", Filter{}, Story{Articles: summit}, true},
		{"min outlets 1 keeps all", Filter{MinOutlets: 1}, Story{Articles: summit[:1]}, true},

		// Include: whole words, case-insensitive, title and lead.
		{"include in an article's title", Filter{Include: []string{"summit"}}, Story{Articles: summit}, true},
		{"include in the story's title", Filter{Include: []string{"G7"}}, Story{Title: "G7 leaders meet", Articles: summit}, true},
		{"include ignores case", Filter{Include: []string{"PARIS"}}, Story{Articles: summit}, true},
		{"include missing", Filter{Include: []string{"Berlin"}}, Story{Articles: summit}, false},
		{"one of several includes", Filter{Include: []string{"Berlin", "talks"}}, Story{Articles: summit}, true},
		{"a word is not a part of one", Filter{Include: []string{"ai"}}, Story{Articles: []Article{art("AP", "Minister said no", lead)}}, false},
		{"a word before a hyphen", Filter{Include: []string{"AI"}}, Story{Articles: []Article{art("AP", "AI-driven trading halts", lead)}}, true},
		{"a word before an apostrophe", Filter{Include: []string{"Ukraine"}}, Story{Articles: []Article{art("AP", "Ukraine’s army advances", lead)}}, true},
		{"a stem is not the word", Filter{Include: []string{"elect"}}, Story{Articles: []Article{art("AP", "Election day", lead)}}, false},
		{"a phrase", Filter{Include: []string{"New York"}}, Story{Articles: []Article{art("AP", "A New York-based fund", lead)}}, true},
		{"a phrase's words apart", Filter{Include: []string{"new york"}}, Story{Articles: []Article{art("AP", "New rules for York", lead)}}, false},
		{"a phrase's words in another order", Filter{Include: []string{"york new"}}, Story{Articles: []Article{art("AP", "New York votes", lead)}}, false},
		{"a phrase across paragraphs", Filter{Include: []string{"new york"}}, Story{Articles: []Article{art("AP", "Vote", lead+" New", "York is next.")}}, false},
		{"a phrase after its first word repeats", Filter{Include: []string{"new york"}}, Story{Articles: []Article{art("AP", "New new York", lead)}}, true},
		{"punctuation in a phrase", Filter{Include: []string{"U.S."}}, Story{Articles: []Article{art("AP", "US and U.S. talks", lead)}}, true},
		{"digits", Filter{Include: []string{"covid-19"}}, Story{Articles: []Article{art("AP", "COVID 19 cases rise", lead)}}, true},

		// Unicode.
		{"accents ignored in the text", Filter{Include: []string{"Sao Paulo"}}, Story{Articles: []Article{art("Folha", "São Paulo vota", lead)}}, true},
		{"accents ignored in the phrase", Filter{Include: []string{"Zürich"}}, Story{Articles: []Article{art("NZZ", "ZURICH votes", lead)}}, true},
		{"combining accents", Filter{Include: []string{"zürich"}}, Story{Articles: []Article{art("NZZ", "Zu\u0308rich stimmt ab", lead)}}, true},
		{"dotted capital I", Filter{Include: []string{"istanbul"}}, Story{Articles: []Article{art("Hürriyet", "İSTANBUL'da seçim", lead)}}, true},
		{"Cyrillic case", Filter{Include: []string{"москва"}}, Story{Articles: []Article{art("ТАСС", "МОСКВА ответила", lead)}}, true},
		{"Greek final sigma", Filter{Include: []string{"οδυσσεας"}}, Story{Articles: []Article{art("ERT", "ΟΔΥΣΣΕΑΣ", lead)}}, true},
		{"Chinese inside a run", Filter{Include: []string{"北京"}}, Story{Articles: []Article{art("新华社", "北京市发布新规", lead)}}, true},
		{"Chinese missing", Filter{Include: []string{"上海"}}, Story{Articles: []Article{art("新华社", "北京市发布新规", lead)}}, false},
		{"Latin inside Chinese", Filter{Include: []string{"AI"}}, Story{Articles: []Article{art("新华社", "使用AI技术", lead)}}, true},
		{"Japanese", Filter{Include: []string{"東京"}}, Story{Articles: []Article{art("NHK", "東京都で選挙", lead)}}, true},

		// What a story is about: title, lead, or many of its texts.
		{"include in passing in one article", Filter{Include: []string{"football"}}, Story{Articles: summit}, false},
		{"exclude in passing in one article", Filter{Exclude: []string{"football"}}, Story{Articles: summit}, true},
		{"exclude in passing in a lone article", Filter{Exclude: []string{"football"}}, Story{Articles: summit[1:2]}, true},
		{"exclude in a title", Filter{Exclude: []string{"PARIS"}}, Story{Articles: summit}, false},
		{"exclude in a lead", Filter{Exclude: []string{"football"}},
			Story{Articles: append(slices.Clone(summit), art("Sky", "Cup final tonight", "The football final starts at eight.", body))}, false},
		{"a short first paragraph takes the next", Filter{Include: []string{"football"}},
			Story{Articles: []Article{art("Sky", "Cup", "LONDON (AP) —", "The football final starts at eight.", body)}}, true},
		{"past the lead", Filter{Include: []string{"football"}},
			Story{Articles: []Article{art("Sky", "Cup", lead, "The football final starts at eight.")}}, false},
		{"in half of the articles' texts", Filter{Exclude: []string{"football"}},
			Story{Articles: append(slices.Clone(summit), art("Sky", "Leaders talk", lead, "A football match was moved."))}, false},
		{"in under half of the articles' texts", Filter{Exclude: []string{"football"}},
			Story{Articles: append(slices.Clone(summit), art("Sky", "Leaders talk", lead, body), art("DW", "Leaders talk on", lead, body))}, true},
		{"exclude wins over include", Filter{Include: []string{"summit"}, Exclude: []string{"Paris"}}, Story{Articles: summit}, false},
		{"include with an unrelated exclude", Filter{Include: []string{"summit"}, Exclude: []string{"football"}}, Story{Articles: summit}, true},

		// Outlets.
		{"enough outlets", Filter{MinOutlets: 3}, Story{Articles: summit}, true},
		{"too few outlets", Filter{MinOutlets: 4}, Story{Articles: summit}, false},
		{"one outlet counted once", Filter{MinOutlets: 2}, Story{Articles: []Article{art("AP", "a", lead), art("AP", "b", lead)}}, false},
		{"outlets and words", Filter{Include: []string{"summit"}, MinOutlets: 4}, Story{Articles: summit}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.filter.Keep(tt.story); got != tt.want {
				t.Errorf("%+v.Keep(%q) = %v; want %v", tt.filter, tt.story.Articles[0].Title, got, tt.want)
			}
			kept := tt.filter.Stories([]Story{tt.story})
			if got := len(kept) == 1; got != tt.want {
				t.Errorf("%+v.Stories keeps %d stories; want %v", tt.filter, len(kept), tt.want)
			}
		})
	}
}

func TestFilterStories(t *testing.T) {
	stories := []Story{
		{ID: "a", Articles: []Article{art("AP", "Climate talks", lead)}},
		{ID: "b", Articles: []Article{art("AP", "Football final", lead)}},
		{ID: "c", Articles: []Article{art("AP", "Climate and football", lead)}},
		{ID: "d", Articles: []Article{art("AP", "Climate deal", lead)}},
	}
	var ids []string
	for _, s := range (Filter{Include: []string{"climate"}, Exclude: []string{"football"}}).Stories(stories) {
		ids = append(ids, s.ID)
	}
	if want := []string{"a", "d"}; !slices.Equal(ids, want) {
		t.Errorf("Stories kept %q; want %q", ids, want)
	}
	if got := (Filter{}).Stories(stories); &got[0] != &stories[0] || len(got) != len(stories) {
		t.Errorf("the zero filter's Stories is not its input")
	}
}

func TestFoldPhrase(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Climate", "climate"},
		{"  New   York ", "new york"},
		{"new-york", "new york"},
		{"U.S.", "u s"},
		{"C++", "c"},
		{"São Paulo", "sao paulo"},
		{"Sa\u0303o Paulo", "sao paulo"},
		{"STRAẞE", "straße"},
		{"北京市", "北 京 市"},
		{"--", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := FoldPhrase(tt.in); got != tt.want {
			t.Errorf("FoldPhrase(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestFilterCheck(t *testing.T) {
	tests := []struct {
		name   string
		filter Filter
		want   []string // parts of the error, one per problem; none for nil
	}{
		{"zero", Filter{}, nil},
		{"good", Filter{Include: []string{"climate", "New York"}, Exclude: []string{"football"}, MinOutlets: 2}, nil},
		{"no letters", Filter{Include: []string{"--"}}, []string{`include "--": no letter or digit`}},
		{"empty", Filter{Exclude: []string{""}}, []string{`exclude "": no letter or digit`}},
		{"twice", Filter{Include: []string{"New York", "new-york"}}, []string{`include "new-york": given twice`}},
		{"both", Filter{Include: []string{"Paris"}, Exclude: []string{"PARIS"}}, []string{`exclude "PARIS": also included`}},
		{"negative", Filter{MinOutlets: -1}, []string{"min outlets -1: negative"}},
		{"all at once", Filter{Include: []string{"!", "a"}, Exclude: []string{"A"}, MinOutlets: -2}, []string{`include "!"`, `exclude "A"`, "-2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.filter.Check()
			if len(tt.want) == 0 {
				if err != nil {
					t.Errorf("Check() = %v; want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Check() = nil; want %q", tt.want)
			}
			if n := strings.Count(err.Error(), "\n") + 1; n != len(tt.want) {
				t.Errorf("Check() = %q: %d problems; want %d", err, n, len(tt.want))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Check() = %q; want it to say %q", err, w)
				}
			}
		})
	}
}

// TestLatinBase checks foldRune's table against Unicode's decompositions:
// a letter of U+00C0–U+017F loses its accents as its canonical
// decomposition does, and only the letters listed here, which have none,
// are mapped by hand.
func TestLatinBase(t *testing.T) {
	if len(latinBase) != 0x180-0xC0 {
		t.Fatalf("latinBase holds %d letters; want %d", len(latinBase), 0x180-0xC0)
	}
	byHand := map[rune]rune{'Ø': 'o', 'ø': 'o', 'Đ': 'd', 'đ': 'd', 'Ħ': 'h', 'ħ': 'h', 'ı': 'i',
		'Ŀ': 'l', 'ŀ': 'l', 'Ł': 'l', 'ł': 'l', 'Ŧ': 't', 'ŧ': 't', 'ſ': 's'}
	for r := rune(0xC0); r < 0x180; r++ {
		want := r
		d := []rune(norm.NFD.String(string(r)))
		switch {
		case byHand[r] != 0:
			want = byHand[r]
		case len(d) > 1 && d[0] < 0x80:
			want = unicode.ToLower(d[0])
		}
		got := foldRune(r)
		if want == r {
			// No base letter: folded like any other letter, by case.
			if got != foldRune(unicode.ToUpper(r)) || got < 0x80 {
				t.Errorf("foldRune(%q) = %q; want the letter kept", r, got)
			}
			continue
		}
		if got != want {
			t.Errorf("foldRune(%q) = %q; want %q", r, got, want)
		}
	}
}

// BenchmarkFilterStories filters a day of a busy brief: 500 stories of 10
// articles of about 800 words each.
func BenchmarkFilterStories(b *testing.B) {
	para := strings.Repeat("The council voted on Tuesday to approve a new flood barrier for the city. ", 10)
	text := strings.Repeat(para+"\n", 8)
	var stories []Story
	for i := range 500 {
		var s Story
		for j := range 10 {
			s.Articles = append(s.Articles, art(fmt.Sprint("outlet", j), fmt.Sprint("Barrier approved ", i), text))
		}
		stories = append(stories, s)
	}
	f := Filter{Include: []string{"climate", "carbon tax", "flood barrier"}, Exclude: []string{"football", "Premier League"}, MinOutlets: 2}
	b.ReportAllocs()
	for b.Loop() {
		f.Stories(stories)
	}
}
