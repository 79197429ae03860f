package tokenize

import (
	"slices"
	"testing"
)

// TestSentenceRules checks sentence splitting against numbered rules, as
// prose's TestGoldenRules does, with the cases news text brings.
func TestSentenceRules(t *testing.T) {
	tests := []struct {
		rule string
		in   string
		want []string
	}{
		{"1 simple period", "The council met. It voted.", []string{"The council met.", "It voted."}},
		{"2 question and exclamation", "Is it safe? Nobody knows! Then it rained.", []string{"Is it safe?", "Nobody knows!", "Then it rained."}},
		{"3 U.S. mid-sentence", "The U.S. Army said so.", []string{"The U.S. Army said so."}},
		{"4 U.S. before a name", "The talks were attended by the U.S. President and others.", []string{"The talks were attended by the U.S. President and others."}},
		{"5 U.S. at the end", "He moved to the U.S. He liked it.", []string{"He moved to the U.S.", "He liked it."}},
		{"6 military title", "Gen. Alexus G. Grynkewich took part.", []string{"Gen. Alexus G. Grynkewich took part."}},
		{"7 month abbreviation", "It was Jan. 6, 2026, in Paris. Leaders met.", []string{"It was Jan. 6, 2026, in Paris.", "Leaders met."}},
		{"8 Dec. with a number", "In a Dec. 31 post, he wrote. Then he left.", []string{"In a Dec. 31 post, he wrote.", "Then he left."}},
		{"9 quotation ends the sentence", "“Not everyone is ready,” he said. Others agreed.", []string{"“Not everyone is ready,” he said.", "Others agreed."}},
		{"10 period inside quotes", "He said, \"Stop.\" Then he left.", []string{"He said, \"Stop.\"", "Then he left."}},
		{"11 politician and state", "Sen. Elizabeth Warren, D-Mass., spoke. Rep. John Doe agreed.", []string{"Sen. Elizabeth Warren, D-Mass., spoke.", "Rep. John Doe agreed."}},
		{"12 decimal and currency", "She earned $3.5 million in 2020. Then she left.", []string{"She earned $3.5 million in 2020.", "Then she left."}},
		{"13 Mr. and Mrs.", "Mr. Smith met Mrs. Jones. They talked.", []string{"Mr. Smith met Mrs. Jones.", "They talked."}},
		{"14 dateline with agency", "WASHINGTON (AP) — The Senate voted 51-49. It passed.", []string{"WASHINGTON (AP) — The Senate voted 51-49.", "It passed."}},
		{"15 time of day", "It happened at 5 p.m. Tuesday in Washington, D.C. The crowd left.", []string{"It happened at 5 p.m. Tuesday in Washington, D.C.", "The crowd left."}},
		{"16 No. before a number", "No. 2 seed Duke won. The U.N. Security Council met.", []string{"No. 2 seed Duke won.", "The U.N. Security Council met."}},
		{"17 empty", "  ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			if got := Sentences(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Sentences(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestBlocksKeepHeadlinesApart(t *testing.T) {
	text := "Paris Talks Seek Security Guarantees\n\nLeaders met on Tuesday. They talked.\n"
	got := Blocks(text)
	want := []string{"Paris Talks Seek Security Guarantees", "Leaders met on Tuesday. They talked."}
	if !slices.Equal(got, want) {
		t.Errorf("Blocks(%q) = %q; want %q", text, got, want)
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Ukraine’s U.S.-backed plan", []string{"ukraine", "s", "u", "s", "backed", "plan"}},
		{"“Not everyone is ready,” he said.", []string{"not", "everyone", "is", "ready", "he", "said"}},
		{"Zürich 2026", []string{"zürich", "2026"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Words(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"talks", "talk"}, {"talked", "talk"}, {"guarantees", "guarante"},
		{"security", "secur"}, {"the", "the"}, {"us", "us"}, {"running", "run"},
	}
	for _, tt := range tests {
		for i := 0; i < 2; i++ { // the second call reads the cache
			if got := Stem(tt.in); got != tt.want {
				t.Errorf("Stem(%q) = %q; want %q", tt.in, got, tt.want)
			}
		}
	}
}

func TestContentStemsAndOverlap(t *testing.T) {
	a := ContentStems("The council approved the flood barrier on Tuesday.")
	b := ContentStems("Councils approve a barrier against floods.")
	if want := []string{"approv", "barrier", "council", "flood", "tuesday"}; !slices.Equal(a, want) {
		t.Errorf("ContentStems = %q; want %q", a, want)
	}
	// b = approv, barrier, council, flood: all four are in a.
	if got := Overlap(a, b); got != 1 {
		t.Errorf("Overlap(%q, %q) = %v; want 1", a, b, got)
	}
	if got := Overlap(a, nil); got != 0 {
		t.Errorf("Overlap with an empty set = %v; want 0", got)
	}
	c := ContentStems("The mayor resigned on Tuesday.")
	// c = mayor, resign, tuesday: one of three is in a.
	if got := Overlap(a, c); got < 0.333 || got > 0.334 {
		t.Errorf("Overlap(%q, %q) = %v; want 1/3", a, c, got)
	}
}

func BenchmarkSentences(b *testing.B) {
	text := "The council approved the flood barrier on Tuesday, officials said. Work will start in spring. " +
		"Mayor Jane Roe, the council's longest-serving member, said the wall would protect 2,300 homes from the river. "
	Sentences(text)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Sentences(text)
	}
}
