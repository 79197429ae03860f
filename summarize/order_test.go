package summarize

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/news"
)

// TestMainEventFirst: the first bullet states what the articles' openings
// say — the event — even when a detail is carried by more articles.
func TestMainEventFirst(t *testing.T) {
	detail := "The barrier will cost the town of Harwick 86 million dollars over four years."
	arts := []news.Article{
		{Outlet: "A", Text: "The Harwick council approved a concrete flood barrier on Tuesday night after a long debate.\n" + detail + "\nWork on the wall will start in the spring."},
		{Outlet: "B", Text: "Harwick councillors voted on Tuesday to build a concrete flood barrier along the river.\n" + detail + "\nFarmers said the wall would divert water onto their fields."},
		{Outlet: "C", Text: "Residents of Harwick cheered as the council backed the flood barrier on Tuesday.\n" + detail + "\nThe mayor thanked the engineers who drew up the plan."},
	}
	d, err := Summarize(context.Background(), arts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Bullets) == 0 || !strings.Contains(strings.ToLower(d.Bullets[0].Text), "barrier") || strings.Contains(d.Bullets[0].Text, "86 million") {
		t.Errorf("first bullet %q; want the council's approval of the barrier, the event the openings state", bulletTexts(d))
	}
}

// TestSplitFacts: a bullet of two clauses that each stand alone is shown
// as two bullets, word for word.
func TestSplitFacts(t *testing.T) {
	both := "Harwick's council approved the flood barrier on Tuesday night, and Bayport's mayor announced a new sea wall for the harbour."
	arts := []news.Article{
		{Outlet: "A", Text: both + "\nThe barrier will cost 86 million dollars."},
		{Outlet: "B", Text: "Harwick's council approved the flood barrier on Tuesday night.\nBayport's mayor announced a new sea wall for the harbour on Wednesday."},
	}
	d, err := Summarize(context.Background(), arts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range d.Bullets {
		if strings.Contains(b.Text, ", and Bayport") {
			t.Errorf("bullets %q; want the two clauses shown apart", bulletTexts(d))
		}
	}
}

// TestLeadRegion: a sentence deep in an article is never a bullet, however
// central: it leans on what came before it.
func TestLeadRegion(t *testing.T) {
	var body []string
	for i := range 20 {
		body = append(body, fmt.Sprintf("Harwick's engineers inspected section %d of the old river wall on Monday.", i+1))
	}
	deep := "The council approved the concrete flood barrier for Harwick on Tuesday night."
	body = append(body, deep)
	arts := []news.Article{
		{Outlet: "A", Text: strings.Join(body, "\n")},
		{Outlet: "B", Text: strings.Join(body, "\n")},
	}
	d, err := Summarize(context.Background(), arts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range d.Bullets {
		if strings.Contains(b.Text, "approved the concrete flood barrier") {
			t.Errorf("bullet %q comes from sentence 21 of its article; want only the first %d", b.Text, 15)
		}
	}
}

func bulletTexts(d news.Digest) []string {
	var out []string
	for _, b := range d.Bullets {
		out = append(out, b.Text)
	}
	return out
}
