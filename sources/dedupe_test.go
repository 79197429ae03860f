package sources

import (
	"context"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/sources/dedupe"
)

// TestDedupeLoaded deduplicates what Load gives for the fixtures: three
// feeds and pages reached through a newsletter link and an AMP link.
func TestDedupeLoaded(t *testing.T) {
	bayport, valley := newsSites(t)
	inputs := []string{
		bayport.URL + "/feeds/top.rss",
		valley.URL + "/feeds/valley.atom",
		bayport.URL + "/feeds/local.json",
		bayport.URL + "/news/harbor-pier?utm_source=newsletter&utm_medium=email",
		bayport.URL + "/news/harbor-pier/amp",
		valley.URL + "/wire/storm",
	}
	arts, errs := Load(context.Background(), inputs, LoadOptions{Getter: testClient()})
	if len(arts) != 14 || len(errs) != 1 {
		t.Fatalf("Load = %d articles, errors %q; want 14 and the library's 404", len(arts), errs)
	}
	got := dedupe.Dedupe(arts)
	want := []struct {
		title, outlet string
		teaser        bool
	}{
		{"Harbor pier reopens after six weeks of repairs", "Bayport Courier", false},
		{"City council approves new bike lanes on Shore Road", "Bayport Courier", false},
		{"Library extends weekend hours for exam season", "Bayport Courier", true},
		{"Storm system to bring heavy rain to the coast", "Bayport Courier", false},
		{"School board delays start-time change", "The Valley Times", false},
		{"Farmers market moves to riverside park", "The Valley Times", false},
		{"Museum unveils restored harbor mural", "Bayport Courier", false},
		{"Transit agency adds late-night bus service", "Bayport Courier", false},
	}
	if len(got) != len(want) {
		t.Fatalf("Dedupe kept %q; want %d articles", titles(got), len(want))
	}
	for i, w := range want {
		if got[i].Title != w.title || got[i].Outlet != w.outlet || got[i].Teaser != w.teaser {
			t.Errorf("Dedupe()[%d] = %q (%s, teaser %v); want %q (%s, teaser %v)", i, got[i].Title, got[i].Outlet, got[i].Teaser, w.title, w.outlet, w.teaser)
		}
	}
	// The pier story kept is the most complete: a page, not the JSON
	// feed's three paragraphs.
	if !strings.Contains(got[0].Text, "Ferry service from the north landing") {
		t.Errorf("kept pier copy lacks its last paragraph:\n%s", got[0].Text)
	}
}
