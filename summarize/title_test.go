package summarize

import (
	"context"
	"testing"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/postag"
)

func TestQuotation(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"“We will rebuild the quay,” the mayor said on Tuesday.", true},
		{"\"We will rebuild,\" the mayor said.", true},
		{"“We will rebuild the quay and the pier and the market hall", true}, // never closes
		{"“Harbour Nights” star Lena Okoro married on Saturday.", false},
		{"The mayor said: “We will rebuild.”", false},
		{"Harwick approved the barrier.", false},
	}
	for _, tt := range tests {
		if got := quotation(tt.s); got != tt.want {
			t.Errorf("quotation(%q) = %v; want %v", tt.s, got, tt.want)
		}
	}
}

func TestPersonal(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"I quit my job at the harbour after eight years", true},
		{"Just wanted to let you know I'm okay", true},
		{"We are proud to open the flood barrier today", true},
		{"Our council approved the barrier", true},
		{"The council approved the barrier for the US town", false},
		{"Harwick approved the barrier on Tuesday", false},
		{"Veterans of World War I marched in Harwick", false},
		{"Yesterday I quit my job", true},
	}
	for _, tt := range tests {
		if got := (tagged{text: tt.s, toks: postag.Tag(tt.s)}).inPerson(); got != tt.want {
			t.Errorf("inPerson(%q) = %v; want %v", tt.s, got, tt.want)
		}
	}
}

func TestNames(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"Harwick approved the barrier on Tuesday", true},
		{"The council approved an $86 million barrier", true},
		{"A woman shot three people at a warehouse", true},
		{"Homicide detectives are investigating a stabbing", true},
		{"The council approved the barrier", false},
		{"The company outlined its leave policy on Tuesday", false},
		{"In a blog post, the company outlined its leave policy", false},
		{"The council of Harwick approved the barrier", true},
		{"", false},
	}
	for _, tt := range tests {
		if got := names(tt.s); got != tt.want {
			t.Errorf("names(%q) = %v; want %v", tt.s, got, tt.want)
		}
	}
}

// TestHeadlineSubject checks what keeps a sentence from heading a digest:
// a subject it describes without naming, or a pronoun in its first words.
func TestHeadlineSubject(t *testing.T) {
	tests := []struct {
		s                  string
		described, pronoun bool
	}{
		{"The robberies occurred within two miles of each other", true, false},
		{"The Sunday night event was meant to be a sneak peek", true, false},
		{"To fulfil that goal, the company will ship a camera with every console", true, false},
		{"In a blog post, the company outlined its leave policy", true, false},
		{"Both had been drinking with friends before the crash", true, false},
		{"Confirmation of its existence would change the models", false, true},
		{"The Shroud of Turin could be a fake, a study says", false, false},
		{"Kleiner has offered to waive its legal costs", false, false},
		{"A Rockaway man fell to his death on Wednesday", false, false},
		{"BP shareholders have rejected a pay package", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		if got := describedSubject(tt.s); got != tt.described {
			t.Errorf("describedSubject(%q) = %v; want %v", tt.s, got, tt.described)
		}
		if got := pronounSubject(tt.s); got != tt.pronoun {
			t.Errorf("pronounSubject(%q) = %v; want %v", tt.s, got, tt.pronoun)
		}
	}
}

// TestTitlesSteerRanking checks that only proper headlines (news.Headline)
// make the title vector that raises the lead prior: boilerplate and
// descriptions in a title's place do not.
func TestTitlesSteerRanking(t *testing.T) {
	text := "The Harwick council approved a flood barrier on Tuesday night after a long debate."
	tests := []struct {
		titles []string
		want   int // distinct titles that steer
	}{
		{[]string{"Harwick approves flood barrier", "Council backs River Tane barrier"}, 2},
		{[]string{"936 SHARES Share Tweet", "Story highlights"}, 0},
		{[]string{"Harwick approves flood barrier", "The Harwick council approved a flood barrier on Tuesday night after a long debate that lasted four hours."}, 1},
	}
	for _, tt := range tests {
		var arts []news.Article
		for _, ti := range tt.titles {
			arts = append(arts, news.Article{Title: ti, Text: text})
		}
		c, err := newCorpus(context.Background(), arts, Options{}.withDefaults().Params, Limits{}.withDefaults())
		if err != nil {
			t.Fatal(err)
		}
		if len(c.titleSet) != tt.want {
			t.Errorf("titles %q steer as %q; want %d of them", tt.titles, c.titleSet, tt.want)
		}
	}
}
