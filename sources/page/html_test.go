package page

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
)

func TestHTMLPages(t *testing.T) {
	// The pages under testdata are invented articles in realistic markup:
	// navigation, share bars, figures, newsletter and rating boxes,
	// related links, comment threads and footers around the story.
	tests := []struct {
		file, title, outlet string
		published           time.Time
		first, last         string // the first and last paragraph
		paragraphs          int
		absent              []string // boilerplate that must not appear
	}{
		{"coastal-herald.html", "Harbor Bridge reopens to traffic after storm repairs", "Coastal Herald",
			time.Date(2025, 3, 4, 11, 30, 0, 0, time.UTC),
			"The span closed for eleven weeks after the January storm cracked two support piers.",
			"Ferry service will return to its winter schedule next Monday, the port authority said.", 10,
			[]string{"Skip to content", "cookies", "Share on", "Crews inspect", "Related", "Morning Tide", "inbox",
				"My commute", "Most Read", "rights reserved", "Marta Quinlan covers", "Tags:"}},
		{"daily-ledger.html", "Lakeside council approves water plan after late-night debate", "The Daily Ledger", time.Time{},
			"The city council voted 5-2 late Wednesday to borrow $38 million for a new water treatment plant, ending a two-year argument over how to fix the town’s aging system.",
			"Construction could begin next spring and would take about two years, according to the city engineer. The old plant on Mill Road will keep running until the new one is finished.", 6,
			[]string{"LAKESIDE", "file photo", "Related stories", "nitrate limits", "Copyright", "useful", "star", "retirees", "Weather"}},
		{"journal-du-val-cp1252.html", "Le festival d’été de Montclair attire un public record", "Journal du Val", time.Time{},
			"Le festival d’été de Montclair a accueilli plus de 42 000 spectateurs ce week-end, un record depuis sa création en 1998, selon les organisateurs.",
			"Les bénévoles, au nombre de 300, ont été salués par le public lors du concert de clôture dimanche soir sur la place de l’Église.", 4,
			[]string{"Par Hélène", "Accueil", "Tous droits"}},
		{"metro-wire.html", "Rail strike halts commuter trains across the region", "Metro Wire",
			time.Date(2024, 11, 18, 14, 5, 0, 0, time.UTC),
			"Commuter trains across the region stood still on Monday as thousands of rail workers walked off the job in the first strike on the network in nearly twenty years.",
			"A second 48-hour strike is planned for early December if no agreement is reached, the union said.", 8,
			[]string{"NORTHGATE", "By Priya", "Video:", "placard", "@RegionalRail", "No trains today", "briefing", "READ MORE",
				"Oskar Lind reported", "helpful", "walked two hours", "Trending", "Cookie"}},
		{"valley-times.html", "School board delays start-time change to 2026", "The Valley Times", time.Time{},
			"The Westbrook school board voted Monday to delay a plan that would have pushed high school start times back by an hour, saying bus contracts could not be changed in time for the fall.",
			"The board also approved a $61 million budget for next year, an increase of 2.8 percent.", 4,
			[]string{"Share this", "Bus driver shortage", "exhausted", "Leave a Reply", "WordPress"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := readFixture(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatalf("readFixture(%s): %v", tt.file, err)
			}
			wantTitleOutlet(t, "readFixture("+tt.file+")", a, tt.title, tt.outlet)
			if !a.Published.Equal(tt.published) {
				t.Errorf("readFixture(%s).Published = %v; want %v", tt.file, a.Published, tt.published)
			}
			lines := strings.Split(a.Text, "\n")
			if len(lines) != tt.paragraphs {
				t.Errorf("readFixture(%s) has %d paragraphs; want %d:\n%s", tt.file, len(lines), tt.paragraphs, a.Text)
			}
			if lines[0] != tt.first {
				t.Errorf("readFixture(%s) first paragraph = %q; want %q", tt.file, lines[0], tt.first)
			}
			if last := lines[len(lines)-1]; last != tt.last {
				t.Errorf("readFixture(%s) last paragraph = %q; want %q", tt.file, last, tt.last)
			}
			for _, s := range tt.absent {
				if strings.Contains(a.Text, s) {
					t.Errorf("readFixture(%s).Text contains %q", tt.file, s)
				}
			}
			checkCleanOutput(t, tt.file, a.Text)
		})
	}
}

func TestLooksLikeHTML(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"<!DOCTYPE html><html><body><p>Hi</p></body></html>", true},
		{"  \n<html lang=\"en\">", true},
		{"\xEF\xBB\xBF<!doctype html>", true},
		{"<p>The mayor said the plan would work.</p>", true},
		{"<div class=\"story\">text</div>", true},
		{"The council met on Monday. <p> is a tag.", false},
		{"Plain text about <b>bold</b> claims.", false},
		{"<Update> The council met on Monday.", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := LooksLikeHTML([]byte(tt.in)); got != tt.want {
			t.Errorf("looksLikeHTML(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

func TestHTMLFragmentAndFallback(t *testing.T) {
	// Too little text for readability: the body is rendered as it is, list
	// items become lines of their own.
	page := "<body><nav><a href=/>Home</a></nav><p>The pier reopens on Monday, the harbor authority said.</p>" +
		"<ul><li>Ferries return to the winter timetable</li><li>Tolls stay the same for residents</li><li>Parking opens at the east ramp</li></ul>" +
		"<footer>© 2025 Coastwire</footer></body>"
	a, err := Parse("fragment.html", []byte(page))
	if err != nil {
		t.Fatalf("Parse(fragment): %v", err)
	}
	want := "The pier reopens on Monday, the harbor authority said.\nFerries return to the winter timetable\nTolls stay the same for residents\nParking opens at the east ramp"
	if a.Text != want {
		t.Errorf("Parse(fragment).Text = %q; want %q", a.Text, want)
	}
	if a.Outlet != "Coastwire" {
		t.Errorf("Parse(fragment).Outlet = %q; want %q", a.Outlet, "Coastwire")
	}
}

func TestHTMLTitleFallbacks(t *testing.T) {
	body := "<p>The harbor authority said on Monday that repairs to the eastern pier would take six weeks and cost about four million dollars.</p>"
	tests := []struct {
		name, page, want string
	}{
		{"og:title over title", `<html><head><meta property="og:title" content="Pier repairs to take six weeks"><title>Other - Coastwire</title></head><body>` + body, "Pier repairs to take six weeks"},
		{"title without suffix", `<html><head><title>Pier repairs to take six weeks | Coastwire</title></head><body>` + body, "Pier repairs to take six weeks"},
		{"known outlet suffix", `<html><head><title>Pier repairs to take six weeks - Reuters</title></head><body>` + body, "Pier repairs to take six weeks"},
		{"first h1", `<html><body><h1>Pier repairs to take six weeks</h1>` + body, "Pier repairs to take six weeks"},
		{"description in og:title", `<html><head><meta property="og:title" content="The harbor authority said on Monday that repairs to the eastern pier would take six weeks and cost about four million dollars, after divers found cracks in two of its piles during a routine inspection last month."><title>Pier repairs to take six weeks | Coastwire</title></head><body>` + body, "Pier repairs to take six weeks"},
		{"robot check in title", `<html><head><title>Just a moment...</title></head><body><h1>Pier repairs to take six weeks</h1>` + body, "Pier repairs to take six weeks"},
		{"box label in og:title", `<html><head><meta property="og:title" content="Story highlights"></head><body><h1>Pier repairs to take six weeks</h1>` + body, "Pier repairs to take six weeks"},
		{"no proper headline: the first there is", `<html><head><title>Coastwire</title></head><body>` + body, "Coastwire"},
		{"em dash kept", `<html><head><title>Pier repairs — and what they cost the town</title></head><body>` + body, "Pier repairs — and what they cost the town"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse("page.html", []byte(tt.page))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if a.Title != tt.want {
				t.Errorf("Parse(%s).Title = %q; want %q", tt.name, a.Title, tt.want)
			}
		})
	}
}

// wantTitleOutlet reports where a, as call read it, has another title or
// outlet than title and outlet.
func wantTitleOutlet(t *testing.T, call string, a news.Article, title, outlet string) {
	t.Helper()
	if a.Title != title {
		t.Errorf("%s.Title = %q; want %q", call, a.Title, title)
	}
	if a.Outlet != outlet {
		t.Errorf("%s.Outlet = %q; want %q", call, a.Outlet, outlet)
	}
}
