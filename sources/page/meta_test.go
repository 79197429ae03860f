package page

import (
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/sources/clean"
)

func TestDetectTitle(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"first line", "Harbor Bridge Reopens After Storm\n\nThe bridge reopened on Tuesday, officials said.", "Harbor Bridge Reopens After Storm"},
		{"after a kicker", "Top StoryLocal\n\nHarbor Bridge Reopens After Storm\n\nThe bridge reopened on Tuesday.", "Harbor Bridge Reopens After Storm"},
		{"after a summary paragraph", "The bridge reopened on Tuesday after eleven weeks. Commuters cheered.\nHarbor Bridge Reopens After Storm\nBody text follows here.", "Harbor Bridge Reopens After Storm"},
		{"sentence case headline", "Harbor bridge reopens after eleven-week closure\nThe bridge reopened on Tuesday.", "Harbor bridge reopens after eleven-week closure"},
		{"question headline", "Will the Harbor Bridge Survive Another Storm?\nEngineers say it will.", "Will the Harbor Bridge Survive Another Storm?"},
		{"outlet suffix", "Harbor Bridge Reopens After Storm - Reuters\nThe bridge reopened on Tuesday.", "Harbor Bridge Reopens After Storm"},
		{"caption first", "The mayor speaks at the ferry terminal in Port Alder, Maine, Tuesday, March 4, 2025.\nJane Doe/AP\nThe bridge reopened on Tuesday.", ""},
		{"sentence is not a title", "The bridge reopened on Tuesday after eleven weeks.\nOfficials were pleased.", ""},
		{"too short", "Bridge Open\nThe bridge reopened on Tuesday.", ""},
		{"byline is not a title", "By Jane Doe and John Roe\nThe bridge reopened on Tuesday.", ""},
		{"quote is not a title", "“We are back in business,” the mayor said\nThe bridge reopened on Tuesday.", ""},
		{"two sentences are not a title", "Ferries stop running. Drivers return to the bridge\nThe bridge reopened on Tuesday.", ""},
		{"body starts with a section label", "Introduction\nThe bridge reopened on Tuesday.\nThe Road to Recovery\nMore text.", ""},
		{"dateline", "OSLO |\nThe bridge reopened on Tuesday.", ""},
		{"beyond the first lines", strings.Repeat("A sentence of running text that ends here.\n", 9) + "Harbor Bridge Reopens After Storm\n", ""},
		{"inside the text", "The bridge reopened on Tuesday after eleven weeks of repairs, officials said.\n\nCommuters who had used the ferries since March cheered as the barriers were lifted.\n\nFerry Operators Count the Cost of the Reopening\n\nThe ferries will run a reduced timetable.", ""},
		{"author note inside the text", "The bridge reopened on Tuesday after eleven weeks of repairs, officials said.\n\nCommuters who had used the ferries since March cheered as the barriers were lifted.\n\n--Lena Okoro\n\nLena Okoro is the Courier's Transport Correspondent", ""},
		{"section heading after a paragraph", "The council met on Tuesday to discuss the flood barrier for the lower town.\nCosts and Construction Timeline\nThe barrier will cost $86 million.", ""},
		{"film credits", "Ana Ruiz\nDirected by Marta Lindqvist\nWith Ada Brook, Tom Hale and Jon Park\nOpens Dec. 11\nThe film follows a ferry captain through one long winter.", ""},
		{"standfirst over twenty words", "Renamed after the engineer who designed it in 1961, the harbor bridge will reopen to traffic on Tuesday after an eleven-week closure\nThe bridge reopened on Tuesday.", ""},
		{"story highlights", "Story highlights\nFerry strike ends after nine days\nCommuters return to the bridge\nThe ferry strike ended on Tuesday.", ""},
		{"share count", "936 SHARES Share Tweet\nThe ferry strike ended on Tuesday after nine days.", ""},
		{"robot check", "Are You a Robot or a Human Visitor?\nThe ferry strike ended on Tuesday after nine days.", ""},
		{"Cyrillic headline", "Мост через Каменку откроют после ремонта\nАвтор: Иван Петров\nМост откроют во вторник, сообщили в мэрии.", "Мост через Каменку откроют после ремонта"},
		{"Czech headline opening with a háček", "Šumava: most přes řeku se znovu otevře\nMost se otevře v úterý, oznámila radnice.", "Šumava: most přes řeku se znovu otevře"},
		{"Chinese headline", "港口大桥修复后重新通车 市民出行更方便\n记者 王明\n港口大桥于周二重新通车。", "港口大桥修复后重新通车 市民出行更方便"},
		{"Urdu headline", "بندرگاہ کا پل مرمت کے بعد دوبارہ کھل گیا\nپل منگل کو کھول دیا گیا۔", "بندرگاہ کا پل مرمت کے بعد دوبارہ کھل گیا"},
		{"a date line is not a title", "12 января 2026, 18:40\nМост откроют во вторник после ремонта, сообщили в мэрии.", ""},
		{"a numeric date is not a title", "2025-07-09 10:12\n港口大桥于周二重新通车。", ""},
		{"a headline opening with a number", "2 Women Charged After Toddlers Hurt at Day Care\nTwo women were charged on Tuesday.", "2 Women Charged After Toddlers Hurt at Day Care"},
		{"headline after boilerplate", "936 SHARES Share Tweet\nFerry Strike Ends After Nine Days\nThe ferry strike ended on Tuesday.", "Ferry Strike Ends After Nine Days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectTitle(clean.SplitLines(tt.text)); got != tt.want {
				t.Errorf("detectTitle(%q) = %q; want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestCleanTitle(t *testing.T) {
	tests := []struct {
		title, site, want string
	}{
		{"Talks stall in Paris - Reuters", "", "Talks stall in Paris"},
		{"Talks stall in Paris | CNN", "", "Talks stall in Paris"},
		{"Talks stall in Paris | The Valley Times | Local", "", "Talks stall in Paris"},
		{"Talks stall in Paris – Journal du Val", "Journal du Val", "Talks stall in Paris"},
		{"Talks stall in Paris - Daily Ledger", "The Daily Ledger", "Talks stall in Paris"},
		{"Talks stall in Paris :: Metro Wire", "", "Talks stall in Paris"},
		{"Coastwire | Talks stall in Paris again", "Coastwire", "Talks stall in Paris again"},
		{"Talks stall in Paris — Progress Uncertain As Attention Shifts", "", "Talks stall in Paris — Progress Uncertain As Attention Shifts"},
		{"Paris - Live", "", "Paris - Live"},
		{"Ukraine war - Day 400 of the invasion", "", "Ukraine war - Day 400 of the invasion"},
	}
	for _, tt := range tests {
		if got := CleanTitle(tt.title, tt.site); got != tt.want {
			t.Errorf("cleanTitle(%q, %q) = %q; want %q", tt.title, tt.site, got, tt.want)
		}
	}
}

func TestDetectOutlet(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"ap dateline", "WASHINGTON (AP) — The Senate passed the bill late Thursday.", "AP"},
		{"reuters dateline", "LOS ANGELES (Reuters) - Police closed the streets before dawn.", "Reuters"},
		{"cnn dateline", "(CNN) A woman was injured in a shooting on Thursday.", "CNN"},
		{"dateline with state", "KYIV, Ukraine (AP) — Drones struck an oil depot overnight.", "AP"},
		{"local station", "WOODLAND HILLS (KXYZ.com) — Detectives are investigating a death.", "KXYZ.com"},
		{"slash byline", "Harbor Talks Stall/ Coastwire/ PORTSMOUTH/ A. Reyes/ Evening Edition/ Talks on the harbor deal stalled on Monday.", "Coastwire"},
		{"copyright ap", "The council met on Monday.\nCopyright 2024 The Associated Press. All rights reserved.", "AP"},
		{"copyright sign", "The council met on Monday.\n© 2024 Reuters", "Reuters"},
		{"copyright station", "The council met on Monday.\nCopyright 2014 KXYZ (Example Media Corp.) All rights reserved.", "KXYZ"},
		{"copyright by", "The council met on Monday.\nCopyright 2017 by WXYZ Channel 7 - All rights reserved.", "WXYZ Channel 7"},
		{"rights reserved first", "The council met on Monday.\nAll rights reserved ©Worldwire - in partnership with Le Journal", "Worldwire"},
		{"follow coverage", "The council met on Monday.\nFollow AP coverage of the election at https://example.com/hub", "AP"},
		{"more from", "The council met on Monday.\nMore from MarketWatch", "MarketWatch"},
		{"photo credit is not the outlet", "The mayor speaks on Monday. (AP Photo/Jane Doe)\nThe council met on Monday.", ""},
		{"contributor is not the outlet", "The council met on Monday.\nThe Associated Press contributed to this report.", ""},
		{"copyright in a sentence", "The copyright lawsuit was dismissed on Monday, the court said.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DetectOutlet(clean.SplitLines(tt.text)); got != tt.want {
				t.Errorf("detectOutlet(%q) = %q; want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestDetectPublished(t *testing.T) {
	tests := []struct {
		text string
		want time.Time
	}{
		{"Title Here For The Story\nUpdated: January 6, 2026\nBody.", time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC)},
		{"Published Sept. 5, 2024 at 3:00 p.m.\nBody.", time.Date(2024, 9, 5, 0, 0, 0, 0, time.UTC)},
		{"Posted on 2023-11-02\nBody.", time.Date(2023, 11, 2, 0, 0, 0, 0, time.UTC)},
		{"The report was published in 2019.", time.Time{}},
	}
	for _, tt := range tests {
		if got := detectPublished(clean.SplitLines(tt.text)); !got.Equal(tt.want) {
			t.Errorf("detectPublished(%q) = %v; want %v", tt.text, got, tt.want)
		}
	}
}

func TestFileStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"dir/sub/reuters-story.txt", "reuters-story"},
		{"story", "story"},
		{"stdin", "stdin"},
		{".hidden", ".hidden"},
		{"a.b.html", "a.b"},
	}
	for _, tt := range tests {
		if got := fileStem(tt.in); got != tt.want {
			t.Errorf("fileStem(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestDetectTitleSkipsNavigation(t *testing.T) {
	lines := []string{"Harwick Courier", "Home | News | Local | Weather | Obituaries", "", "Council approves $86 million River Tane flood barrier", "", "By Maria Delgado"}
	if got, want := detectTitle(lines), "Council approves $86 million River Tane flood barrier"; got != want {
		t.Errorf("detectTitle(%q) = %q; want %q", lines, got, want)
	}
}

func TestMasthead(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"news/harwick-courier.txt", []string{"Harwick Courier", "Home | News"}, "Harwick Courier"},
		{"news/harwick-courier.txt", []string{"The Daily Planet", "Home | News"}, ""},
		{"a.txt", []string{"B", "C", "D", "A"}, ""}, // only the first three lines count
	}
	for _, tt := range tests {
		if got := masthead(tt.name, tt.lines); got != tt.want {
			t.Errorf("masthead(%q, %q) = %q; want %q", tt.name, tt.lines, got, tt.want)
		}
	}
}
