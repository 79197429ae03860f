package tokenize

import "testing"

func TestCovered(t *testing.T) {
	for _, c := range []struct {
		name  string
		lang  string
		text  string
		known []string
		want  bool
	}{
		{"repeat", "", "The council approved the flood barrier", []string{"The council approved the flood barrier on Tuesday night"}, true},
		{"paraphrase", "", "Councillors approved the barrier against floods", []string{"The council approved the flood barrier on Tuesday night"}, true},
		{"a day is no detail", "", "The council approved the flood barrier on Tuesday", []string{"The council approved the flood barrier"}, true},
		{"a new number", "", "At least 15 people died in the floods", []string{"At least 12 people died in the floods"}, false},
		{"a new name", "", "The ministers met in Berlin on Monday", []string{"The ministers met in Paris on Monday"}, false},
		{"a name known by one of its words", "", "President Joe Biden signed the bill", []string{"Biden signed the bill into law"}, true},
		{"two known facts together", "", "Floods in Nice killed 12 people", []string{"At least 12 people died in the floods", "Floods hit Nice on Sunday"}, true},
		{"something else of a known name", "", "Maria Okafor called the decision historic", []string{"Council leader Maria Okafor said the vote ended three years of debate"}, false},
		{"a new fact among known words", "", "Anglers asked for a fish pass in the barrier", []string{"The council approved the flood barrier"}, false},
		{"a sentence's first word is no name", "", "Construction starts next spring", []string{"The construction of the barrier starts next spring"}, true},
		{"an acronym first is a name", "", "NASA launched the probe on Sunday", []string{"ESA launched the probe on Sunday"}, false},
		{"nothing known", "", "The council approved the flood barrier", nil, false},
		{"no content words", "", "It is what it is", []string{"The council approved the flood barrier"}, true},
		{"German nouns are no names", "de", "Die Regierung in Berlin hat 12 Millionen bewilligt", []string{"Die Regierung hat 12 Millionen bewilligt"}, true},
		{"German numbers count", "de", "Die Regierung hat 15 Millionen bewilligt", []string{"Die Regierung hat 12 Millionen bewilligt"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := For(c.lang)
			var known []Gist
			for _, k := range c.known {
				known = append(known, l.Gist(k))
			}
			if got := Covered(l.Gist(c.text), known); got != c.want {
				t.Errorf("Covered(%q, %q) = %v; want %v", c.text, c.known, got, c.want)
			}
		})
	}
}

func TestGistDetails(t *testing.T) {
	for _, c := range []struct {
		text           string
		numbers, names string
	}{
		{"President Joe Biden met Emmanuel Macron in Paris, France on Monday", "", "[presid joe biden] [emmanuel macron] [pari] [franc]"},
		{"Macron said 1,200 troops would stay", "1 200", ""},
		{"The U.S.-backed plan costs 3.5 billion", "3 5", ""},
		{"A Kremlin-linked group met in Saint-Denis", "", "[kremlin] [saint deni]"},
		{"NASA and ESA will launch in 2030", "2030", "[nasa] [esa]"},
	} {
		g := For("").Gist(c.text)
		if got := join(g.numbers); got != c.numbers {
			t.Errorf("numbers of %q = %q; want %q", c.text, got, c.numbers)
		}
		var names []string
		for _, n := range g.names {
			names = append(names, "["+join(n)+"]")
		}
		if got := join(names); got != c.names {
			t.Errorf("names of %q = %q; want %q", c.text, got, c.names)
		}
	}
}

func join(s []string) string {
	out := ""
	for i, w := range s {
		if i > 0 {
			out += " "
		}
		out += w
	}
	return out
}
