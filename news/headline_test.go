package news

import "testing"

func TestHeadline(t *testing.T) {
	tests := []struct {
		kind, in string
		want     string // the cleaned line
		ok       bool
	}{
		// Headlines, in title case, sentence case, capitals, with quotes,
		// questions, numbers, a colon, a dash, a final period.
		{"title case", "Harbor Bridge Reopens After Eleven-Week Closure", "Harbor Bridge Reopens After Eleven-Week Closure", true},
		{"sentence case", "Council approves $86 million River Tane flood barrier", "Council approves $86 million River Tane flood barrier", true},
		{"capitals", "FERRY STRIKE ENDS AFTER NINE DAYS", "FERRY STRIKE ENDS AFTER NINE DAYS", true},
		{"question", "Will the Harbor Bridge Survive Another Storm?", "Will the Harbor Bridge Survive Another Storm?", true},
		{"quote in it", "Mayor on ferry strike: 'We are back in business'", "Mayor on ferry strike: 'We are back in business'", true},
		{"kicker colon", "Officials: Driver Hurt in Harbor Bridge Crash", "Officials: Driver Hurt in Harbor Bridge Crash", true},
		{"starts with a number", "3 hurt as bus leaves road near Port Alder", "3 hurt as bus leaves road near Port Alder", true},
		{"brand in lower case", "iPhone sales slow in Harwick stores", "iPhone sales slow in Harwick stores", true},
		{"short final period", "Ferry strike ends.", "Ferry strike ends", true},
		{"ends with an abbreviation", "Storm Ellis reaches the U.S.", "Storm Ellis reaches the U.S.", true},
		{"white space", "  Harbor  Bridge\tReopens After Storm \n", "Harbor Bridge Reopens After Storm", true},
		{"twenty words", "One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen Fourteen Fifteen Sixteen Seventeen Eighteen Nineteen Twenty", "One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen Fourteen Fifteen Sixteen Seventeen Eighteen Nineteen Twenty", true},
		{"other language", "Le marché couvert de Montclair rouvre après deux ans", "Le marché couvert de Montclair rouvre après deux ans", true},
		{"With in a headline", "With Ferries Idle, Harwick Commuters Return to the Bridge", "With Ferries Idle, Harwick Commuters Return to the Bridge", true},
		{"call-to-action words inside", "Thousands sign up for Harwick flood barrier trial", "Thousands sign up for Harwick flood barrier trial", true},
		{"copyright inside", "Court rules on Harwick Courier copyright case", "Court rules on Harwick Courier copyright case", true},
		{"ends with press", "Harwick mayor attacks the local press over ferry coverage", "Harwick mayor attacks the local press over ferry coverage", true},

		// Descriptions and paragraphs.
		{"too long", "Renamed after the engineer who designed it, the harbor bridge will reopen to traffic on Tuesday after an eleven week closure for repairs", "Renamed after the engineer who designed it, the harbor bridge will reopen to traffic on Tuesday after an eleven week closure for repairs", false},
		{"sentence with a period", "The harbor bridge reopened on Tuesday after eleven weeks.", "The harbor bridge reopened on Tuesday after eleven weeks", false},
		{"two sentences", "Ferries stop running. Drivers return to the bridge", "Ferries stop running. Drivers return to the bridge", false},
		{"paragraph", "The harbor bridge reopened on Tuesday. Officials said the repairs cost $4 million, and commuters who had used the ferries for eleven weeks cheered.", "The harbor bridge reopened on Tuesday. Officials said the repairs cost $4 million, and commuters who had used the ferries for eleven weeks cheered", false},
		{"running text in lower case", "and the ferries stopped running on Tuesday night", "and the ferries stopped running on Tuesday night", false},

		// Cut off.
		{"ellipsis", "Harbor Bridge reopens after eleven weeks and…", "Harbor Bridge reopens after eleven weeks and…", false},
		{"three dots", "Harbor Bridge reopens after eleven weeks of...", "Harbor Bridge reopens after eleven weeks of...", false},
		{"comma", "Harbor Bridge reopens after eleven weeks,", "Harbor Bridge reopens after eleven weeks,", false},
		{"dangling word", "Harbor Bridge reopens after the", "Harbor Bridge reopens after the", false},
		{"label colon", "What the council decided:", "What the council decided:", false},

		// Too short.
		{"one word", "Weather", "Weather", false},
		{"two words", "Bridge Open", "Bridge Open", false},
		{"empty", "", "", false},
		{"no letters", "— — —", "— — —", false},

		// Share counts and social buttons.
		{"share count", "936 SHARES Share Tweet", "936 SHARES Share Tweet", false},
		{"share buttons", "Share on Facebook Share on Twitter", "Share on Facebook Share on Twitter", false},
		{"email this", "Email This Story Now", "Email This Story Now", false},
		{"views", "12,400 views and counting today", "12,400 views and counting today", false},

		// Box labels.
		{"story highlights", "Story highlights", "Story highlights", false},
		{"story highlights with text", "Story highlights from the harbor", "Story highlights from the harbor", false},
		{"related stories", "Related Stories From Harwick", "Related Stories From Harwick", false},
		{"about the film", "ABOUT THE FILM The Ferry Captain", "ABOUT THE FILM The Ferry Captain", false},
		{"you may also like", "You May Also Like These", "You May Also Like These", false},

		// Robot checks and error pages.
		{"robot check", "Are you a robot? Please confirm", "Are you a robot? Please confirm", false},
		{"captcha", "Please complete the CAPTCHA to continue", "Please complete the CAPTCHA to continue", false},
		{"human check", "Verify you are human by completing the action below", "Verify you are human by completing the action below", false},
		{"unusual traffic", "Our systems have detected unusual traffic from your network", "Our systems have detected unusual traffic from your network", false},
		{"javascript", "Please enable JavaScript to view this page", "Please enable JavaScript to view this page", false},
		{"not found", "Sorry, page not found here", "Sorry, page not found here", false},
		{"access denied", "Access Denied for this site", "Access Denied for this site", false},

		// Credits.
		{"directed by", "Directed by Marta Lindqvist", "Directed by Marta Lindqvist", false},
		{"cast list", "With Ada Brook, Tom Hale, Lise Moreau and Jon Park", "With Ada Brook, Tom Hale, Lise Moreau and Jon Park", false},
		{"starring", "Starring Ada Brook and Tom Hale", "Starring Ada Brook and Tom Hale", false},
		{"cast label", "Stars: Ada Brook , Tom Hale , Jon Park", "Stars: Ada Brook , Tom Hale , Jon Park", false},
		{"release line", "Opens Dec. 11", "Opens Dec. 11", false},

		// Bylines and author lines.
		{"byline", "By Jane Doe", "By Jane Doe", false},
		{"byline two", "By Jane Doe and John Roe", "By Jane Doe and John Roe", false},
		{"byline capitals", "BY JANE DOE, Staff Writer", "BY JANE DOE, Staff Writer", false},
		{"signature", "--Lena Okoro, Harwick", "--Lena Okoro, Harwick", false},
		{"author line", "Lena Okoro is a staff writer for the Courier", "Lena Okoro is a staff writer for the Courier", false},
		{"role", "Lena Okoro, Associated Press Writer", "Lena Okoro, Associated Press Writer", false},

		// Newsletter prompts, calls to action, advertising.
		{"newsletter", "Sign up for our morning newsletter", "Sign up for our morning newsletter", false},
		{"subscribe", "Subscribe now for unlimited access", "Subscribe now for unlimited access", false},
		{"advertisement", "Advertisement - Continue Reading Below", "Advertisement - Continue Reading Below", false},
		{"read more", "Read more about the bridge", "Read more about the bridge", false},
		{"follow us", "Follow us on Instagram today", "Follow us on Instagram today", false},
		{"copyright", "© 2025 Harwick Courier Media", "© 2025 Harwick Courier Media", false},

		// Captions and gallery counters.
		{"gallery counter", "1 of 6 photos from the harbor", "1 of 6 photos from the harbor", false},
		{"photo credit", "Photo: Jane Doe/Harwick Courier", "Photo: Jane Doe/Harwick Courier", false},
		{"wire credit", "Commuters on the bridge (AP Photo/Jane Doe)", "Commuters on the bridge (AP Photo/Jane Doe)", false},
		{"pictured", "Mayor Lena Okoro, pictured at the harbor", "Mayor Lena Okoro, pictured at the harbor", false},
		{"name and age", "Ana Ruiz Moreno, 32, of Harwick", "Ana Ruiz Moreno, 32, of Harwick", false},
		{"left right", "Lena Okoro, left, and Tom Hale at the pier", "Lena Okoro, left, and Tom Hale at the pier", false},

		// Navigation and section names.
		{"breadcrumb", "Home | News | Local | Weather", "Home | News | Local | Weather", false},
		{"section", "Health and Science News", "Health and Science News", false},
		{"section capitals", "TOP STORIES WORLD", "TOP STORIES WORLD", false},
		{"bullet item", "• Paris hosts a major summit on security", "• Paris hosts a major summit on security", false},

		// Dates and site names alone.
		{"date", "Tuesday, January 6, 2026", "Tuesday, January 6, 2026", false},
		{"stamp", "Updated 5:30 p.m. ET Jan. 6, 2026", "Updated 5:30 p.m. ET Jan. 6, 2026", false},
		{"read time", "Updated 4 min read", "Updated 4 min read", false},
		{"site name", "The Harwick Courier", "The Harwick Courier", false},
		{"site name two", "Valley Evening Times", "Valley Evening Times", false},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			got, ok := Headline(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Headline(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestHeadlineOtherScripts takes a Chinese or Urdu title for what it is
// and a line of two Chinese sentences for a paragraph.
func TestHeadlineOtherScripts(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"青川市跨江缆车正式开通运营", true},
		{"نور آباد میں پہلی سرکاری لائبریری کا افتتاح", true},
		{"缆车周六开通。票价定为十元。", false},
		{"缆车", false},
	}
	for _, tt := range tests {
		if _, got := Headline(tt.in); got != tt.want {
			t.Errorf("Headline(%q) ok = %v; want %v", tt.in, got, tt.want)
		}
	}
}
