package clean

import (
	"fmt"
	"strings"
	"testing"
)

// body and body2 are paragraphs of running text that every rule must
// keep.
const (
	body  = "The harbor authority said on Monday that repairs to the eastern pier would take six weeks and cost about $4 million."
	body2 = "Officials declined to comment on the cost overrun, and the mayor said she would ask for an audit next week."
)

// cleanAround returns Clean of line standing between two paragraphs of
// running text.
func cleanAround(line string) string {
	return Clean(body+"\n"+line+"\n"+body2, "")
}

func TestCleanDropsLines(t *testing.T) {
	// Each line is invented and mimics a kind of junk found in scraped
	// news; Clean must drop it and keep the paragraphs around it.
	tests := []struct {
		rule string
		line string
	}{
		// Photo captions and credits.
		{"AP credit", "Mayor Ana Ruiz, left, greets residents at the ferry terminal in Port Alder, Maine, Tuesday, March 4, 2025. (AP Photo/Lena Hart)"},
		{"pool credit", "Ministers arrive for talks at the chancellery in Berlin, Germany, Friday, Oct. 10, 2025. (Tom Weber, Pool photo via AP)"},
		{"staff photographer", "Volunteers sort donated coats at the church hall on Nov. 3. (Dana Cole / Staff Photographer)"},
		{"getty", "A trader watches screens on the floor of the exchange. (Getty Images)"},
		{"agency only", "Rescuers search the rubble of a collapsed building. (Reuters)"},
		{"slash in parens", "The senator speaks to reporters after the vote (CNN/YouTube)"},
		{"AP caption, no credit", "The prime minister speaks during a briefing in Oslo, Norway, Thursday, Feb. 6, 2025."},
		{"caption with explanation", "A firefighter walks past a burned car in Valley Glen on Sunday, Aug. 3, 2025. Crews are still searching for the cause of the blaze that began..."},
		{"gallery counter", "3 of 12. Protesters gather outside the court house in Lisbon, May 2, 2024."},
		{"in this photo", "In this June 5, 2019, file photo, the company's logo is displayed at its headquarters."},
		{"date glued", "March 2, 2024 A boy carries water past a damaged school in the north of the country."},
		{"credit tail slash", "Workers clear debris from the highway near the border in 2023. REUTERS/Jan Novak"},
		{"credit tail photograph", "The chef at her restaurant in Leeds in 2012. Photograph: Sam Field/PA"},
		{"credit tail courtesy", "The twins play in the garden a year after surgery. Courtesy Maria Lopez"},
		{"credit tail file photo", "The old bridge, built in 1931, will be replaced next year. Herald file photo"},
		{"credit line slash", "Marek Novak/AP"},
		{"photo prefix", "Photo: Firefighters hold a hose line on the roof of the warehouse early Monday."},
		{"image source", "Image source: News agencies"},
		{"bbc image caption", "Image copyright AFP Image caption The old market was rebuilt after the 2012 fire"},
		{"media caption", "Media playback is unsupported on your device Media caption Residents describe the flood"},
		{"share widget and caption", "Facebook Twitter Pinterest Engineers test the probe's heat shield. Photograph: Space Lab/PA"},
		{"full size image", "Fig. 3 Bones of the left wing of the specimen. Scale bar: 1 cm Full size image"},
		{"enlarge image", "Enlarge Image Close The actor in the title role of the new film."},

		// Bylines, stamps, signatures, datelines alone.
		{"byline", "By Jane Okafor"},
		{"byline with agency", "By Tom Reyes and Lina Park, Associated Press"},
		{"byline with role", "Jane Okafor· Senior Political Correspondent"},
		{"updated", "Updated: January 6, 2026"},
		{"published", "Published 3:45 p.m. ET Jan. 6, 2026"},
		{"posted by", "Posted by Carl Dube on May 12, 2025 | 6 Comments"},
		{"slash lead", "/ Updated By Tina Moss and Raj Patel"},
		{"signature", "-- Ana Ruiz and Tom Reyes in Port Alder"},
		{"dash signature", "—Paul Brenner"},
		{"dateline alone", "OSLO |"},

		// Navigation and footers.
		{"more on", "More on World News"},
		{"previous", "Previous Article"},
		{"menu", "Menu"},
		{"related articles", "Related Articles"},
		{"comments", "Comments"},
		{"latest news", "Latest News"},
		{"read more", "Read more"},
		{"share this", "Share this:"},
		{"advertisement", "Advertisement"},
		{"advertisement x3", "Advertisement Advertisement Advertisement"},
		{"story continues", "Story continues below"},
		{"follow coverage", "Follow AP coverage of the election at https://example.com/hub/election"},
		{"contributed", "Maria Lind in Stockholm contributed to this report."},
		{"contributed from", "AP writer Jon Bell contributed to this report from Lagos, Nigeria."},
		{"reporting by", "(Reporting by Anna Berg; Editing by Tom Hale)"},
		{"additional reporting", "Additional reporting by Kim Lee."},
		{"reported from", "Okafor reported from Abuja, Nigeria."},
		{"contributing", "Contributing: Associated Press"},
		{"subscribe", "Subscribe to our newsletter for the latest updates delivered to your inbox."},
		{"sign up", "Sign up for Morning Brief, our daily newsletter."},
		{"get inbox", "Get the day's top stories delivered to your inbox every morning."},
		{"thanks subscribing", "Sign up for BREAKING NEWS Emails privacy policy Thanks for subscribing!"},
		{"cookie banner", "We use cookies to improve your experience. By continuing to browse the site you agree to our use of cookies."},
		{"javascript", "Please enable JavaScript to watch this video"},
		{"click here", "On a mobile device? Click here to watch video."},
		{"follow twitter", "Follow Dana Cole on Twitter."},
		{"follow handle", "For the latest politics news, follow @examplepolitics"},
		{"call to action watch", "Watch the full interview below."},
		{"call to action see", "See all of this week's reviews"},
		{"call to action read", "Read Simon's full analysis here."},
		{"stay with", "Stay with News Radio 1090 for updates on this story."},
		{"copyright", "Copyright 2024 The Associated Press. All rights reserved."},
		{"copyright sign", "© 2024 Reuters"},
		{"rights reserved", "All rights reserved ©Worldwire - in partnership with Le Journal"},
		{"email", "Write to Dana Cole at dana.cole@example.com"},
		{"bare email", "dcole@example.com"},
		{"correction", "Correction: An earlier version of this story misspelled the mayor's name."},
		{"edited", "This interview has been edited for length and clarity."},
		{"disclaimer", "The author is a Reuters Breakingviews columnist. The opinions expressed are his own."},
		{"expanded version", "An expanded version of this report appears on Example.com"},
		{"separator", "___"},
		{"stars", "***"},

		// Widgets.
		{"rating question", "How useful was this article?"},
		{"rating stars", "Click on a star to rate it!"},
		{"rating average", "Average rating 0 / 5. Vote count: 0"},
		{"rating none", "No votes so far! Be the first to rate this article."},
		{"help us", "Help us improve."},
		{"npr cover caption", "cover caption"},
		{"npr toggle caption", "toggle caption"},

		// References and links.
		{"word count", "(Word count: 712)"},
		{"source reference", "Source reference: https://www.example.com/2026/01/06/world/talks.html"},
		{"source", "Source: Centers for Disease Control and Prevention"},
		{"bare url", "https://www.example.com/news/2025/03/04/bridge-reopens"},
		{"mostly url", "Read or share this story: https://exm.pl/2Io4wX"},
		{"bracketed link", "[Council votes to close the old library: Watch]"},
		{"related label", "RELATED: Does the new tax hurt small shops?"},
		{"also read", "Also read: Lion rescued after six hours in a well"},
		{"photos label", "PHOTOS: The flood in pictures"},
		{"teaser ellipsis", "His ..."},
		{"teaser read more", "Space agency's probe passes crucial test Read more"},
		{"embedded tweet", "Roads are closed near the plant, avoid the area. — County Sheriff (@CountySheriff) September 20, 2018"},
		{"tweet pic", "Crowds outside the stadium tonight pic.twitter.com/AbC123xyz — Sam Reporter (@samrep) May 2, 2019"},
		{"parenthetical link", "(PHOTOS: 17 times the city flooded)"},

		// Headings.
		{"section heading", "Latest progress in talks"},
		{"kicker", "Top StoryUSWorld"},
		{"all caps heading", "SECURITY GUARANTEES"},
		{"quoted heading", "'Last chance saloon'"},
		{"label", "Key points:"},
		{"name alone", "Dana Cole"},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			got := cleanAround(tt.line)
			want := body + "\n" + body2
			if got != want {
				t.Errorf("Clean(%q) = %q; want %q", tt.line, got, want)
			}
		})
	}
}

func TestCleanKeepsLines(t *testing.T) {
	// Real sentences that look like junk in one respect.
	tests := []struct {
		name string
		line string
	}{
		{"date in a sentence", "Russia's invasion began on February 24, 2022, after months of troop build-up on the border."},
		{"date at the end, past tense", "The agreement was signed in Geneva on Tuesday, Jan. 7, 2025."},
		{"present tense without date", "The coalition meets again next month, officials said."},
		{"quote ending without period", "“It’s a little unsettling when it happens this close to home,” he said"},
		{"quote cut before attribution", "“Our thoughts and prayers are with his family,”"},
		{"by as preposition", "By Tuesday evening, the river had risen three meters above its usual level."},
		{"published as verb", "Published in 1998, the report found that most bridges needed repair."},
		{"reuters reported", "Reuters reported on Monday that the company would cut 500 jobs."},
		{"parenthesised sentence", "(The mayor later said she had not been told of the plan before the meeting began.)"},
		{"question", "What does the report say about the cause of the fire?"},
		{"short sentence", "No arrests have been made."},
		{"list item with semicolon", "Information about programmes you watched;"},
		{"url inside sentence", "The full report is published on the council's site and runs to 300 pages."},
		{"see in a sentence", "Officials see little chance of a deal before the summer recess."},
		{"read as a name", "Reading officials said the bridge would reopen in May."},
		{"getting", "Getting the ferries back to full service will take weeks, the operator said."},
		{"follow as verb", "Follow-up inspections found two more cracks in the pier."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cleanAround(tt.line)
			if !strings.Contains("\n"+got+"\n", "\n"+tt.line+"\n") {
				t.Errorf("Clean(%q) = %q; want the line kept", tt.line, got)
			}
		})
	}
}

func TestCleanRewrites(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"a German club's ordinal", "1. FC Lindenau steigt nach dem Sieg in Hollfeld in die Regionalliga auf.", "1. FC Lindenau steigt nach dem Sieg in Hollfeld in die Regionalliga auf."},
		{"a German date", "1. Mai wird in Lindenau wieder mit einem großen Fest gefeiert.", "1. Mai wird in Lindenau wieder mit einem großen Fest gefeiert."},
		{"a numbered list item", "1. Check the timetable before you travel to the bridge.", "Check the timetable before you travel to the bridge."},
		{"Chinese paper's dateline", "本报讯 28日是港口大桥重新通车的第一天，不少市民一早就来到桥上。", "28日是港口大桥重新通车的第一天，不少市民一早就来到桥上。"},
		{"Chinese agency dateline", "新华社北京3月5日电（记者 王明）港口大桥于周二重新通车。", "港口大桥于周二重新通车。"},
		{"Urdu paper's place and desk", "چنار کوٹ (اسٹاف رپورٹر) پل منگل کو دوبارہ کھول دیا گیا۔", "پل منگل کو دوبارہ کھول دیا گیا۔"},
		{"dateline caps", "PARIS — Allies met in Paris on Tuesday to discuss the plan.", "Allies met in Paris on Tuesday to discuss the plan."},
		{"dateline agency", "WASHINGTON (AP) — The Senate passed the bill late Thursday.", "The Senate passed the bill late Thursday."},
		{"dateline reuters", "LOS ANGELES (Reuters) - Police closed the streets before dawn on Monday.", "Police closed the streets before dawn on Monday."},
		{"dateline state", "KYIV, Ukraine (AP) — Drones struck an oil depot overnight, officials said.", "Drones struck an oil depot overnight, officials said."},
		{"dateline mixed case", "Paris, France – European allies convened in the French capital on Tuesday.", "European allies convened in the French capital on Tuesday."},
		{"dateline glued", "CAIRO—The minister met the envoy late Monday night.", "The minister met the envoy late Monday night."},
		{"dateline arrows", "WOODLAND HILLS >> Detectives are investigating a death in the hills.", "Detectives are investigating a death in the hills."},
		{"dateline cnn", "(CNN) A woman was injured in a shooting at a warehouse on Thursday.", "A woman was injured in a shooting at a warehouse on Thursday."},
		{"dateline with date", "LONDON, Jan 6 (Reuters) - Shares fell sharply in early trade.", "Shares fell sharply in early trade."},
		{"acronym is not a dateline", "NATO — the alliance of 32 members — met in Brussels on Friday.", "NATO — the alliance of 32 members — met in Brussels on Friday."},
		{"slash byline", "Harbor Talks Stall/ Coastwire/ PORTSMOUTH/ A. Reyes/ Evening Edition/ Talks on the harbor deal stalled on Monday as both sides dug in.",
			"Talks on the harbor deal stalled on Monday as both sides dug in."},
		{"url removed", "The agency published its findings at https://example.org/report.pdf on Friday.", "The agency published its findings at on Friday."},
		{"dangling link sentence", "The council approved the plan. More details are available at https://example.org/plan", "The council approved the plan."},
		{"citations", "The syndrome affects about 2% of births.[6][7] It is preventable.[1]", "The syndrome affects about 2% of births. It is preventable."},
		{"update label", "[UPDATE March 2, 2024] Police have made an arrest in the case.", "Police have made an arrest in the case."},
		{"spaces", "The\u00a0mayor\tsaid  the  plan would\u2009work.", "The mayor said the plan would work."},
		{"controls", "The mayor\u0007 said\u200b the plan\ufffd would work.", "The mayor said the plan\ufffd would work."},
		{"curly quotes kept", "“We’re ready,” she said.", "“We’re ready,” she said."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in, ""); got != tt.want {
				t.Errorf("Clean(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanMojibake(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"apostrophe", "The councilâ€™s vote was delayed.", "The council’s vote was delayed."},
		{"quotes", "She called it â€œa good dayâ€ for the town.", "She called it “a good day” for the town."},
		{"e acute", "The plant near Hydro-QuÃ©bec lines was closed.", "The plant near Hydro-Québec lines was closed."},
		{"latin-1 with C1 controls", "The town\u00e2\u0080\u0099s mayor resigned.", "The town’s mayor resigned."},
		{"em dash", "The vote â€” held late â€” passed easily.", "The vote — held late — passed easily."},
		{"euro", "The fund holds â‚¬100 billion.", "The fund holds €100 billion."},
		{"lost closing quote", "Critics called it “reckless�? and “unfair.�? The mayor disagreed.", "Critics called it “reckless” and “unfair.” The mayor disagreed."},
		{"double encoded", "The cafÃƒÂ© reopened.", "The café reopened."},
		{"real accents untouched", "Zoë and José met at the café in Bogotá.", "Zoë and José met at the café in Bogotá."},
		{"capital accent and apostrophe", "The sign at JOSÉ’S CAFÉ was repainted, the owner said.", "The sign at JOSÉ’S CAFÉ was repainted, the owner said."},
		{"lost character kept as U+FFFD", "The total was 5 \ufffd 6 percent higher than last year.", "The total was 5 \ufffd 6 percent higher than last year."},
		{"double-decoded U+FFFD", "Trumpï¿½s plan was approved.", "Trump\ufffds plan was approved."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in, ""); got != tt.want {
				t.Errorf("Clean(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanContext(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"caption before credit and widget",
			"The minister speaks to reporters in Warsaw, Poland, Friday, Jan. 9, 2026.\nMarek Novak/AP\ncover caption\ntoggle caption\nMarek Novak/AP\n" + body,
			body},
		{"caption before widget without date",
			"Farmers block a road with tractors near the capital.\nAnna Berg/Getty Images\nhide caption\ntoggle caption\nAnna Berg/Getty Images\n" + body,
			body},
		{"headline after next article",
			body + "\nPrevious Article\nStocks Rise as Tech Shares Rally\nNext Article\nCouncil Delays Vote on New Stadium",
			body},
		{"read more list",
			body + "\nRead more:\nDoctors puzzled by rare illness in toddlers\nThe city that banned cars from its center\nWhy the river keeps flooding. A look at the data.",
			body},
		{"related list then paragraph",
			body + "\nRELATED:\nCouncil approves budget after long night\nMayor names new police chief\n" + body2,
			body + "\n" + body2},
		{"tweet text above attribution",
			body + "\nNo trains today on any line. Please check before you travel.\n— Regional Rail (@RegionalRail) November 18, 2024\n" + body2,
			body + "\n" + body2},
		{"caption copy without credit",
			"A woman waves a flag during a rally outside the parliament building in the capital.\nMay 3, 2024 A woman waves a flag during a rally outside the parliament building in the capital. Jan Novak/Pressphoto\n" + body,
			body},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in, ""); got != tt.want {
				t.Errorf("Clean(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanRepeats(t *testing.T) {
	long := "The summit brought together more than thirty leaders to agree on how a ceasefire would be monitored, and what each country would commit if it were broken."
	other := "Officials said a final statement would be published on Wednesday after the last session."
	tests := []struct {
		name, in, want string
	}{
		{"exact repeat keeps first", long + "\n" + other + "\n" + long, long + "\n" + other},
		{"repeat differing in spaces and case", long + "\n" + other + "\n" + strings.ToUpper(long[:1]) + long[1:] + " ", long + "\n" + other},
		{"truncated copy first", long[:90] + "\n" + other + "\n" + long, other + "\n" + long},
		{"truncated copy after", long + "\n" + other + "\n" + long[:70], long + "\n" + other},
		{"teaser with ellipsis", long[:80] + "…\n" + other + "\n" + long, other + "\n" + long},
		{"title line", "Leaders Agree on Ceasefire Monitoring Plan\n" + long + "\nLeaders agree on ceasefire monitoring plan", long},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in, "Leaders Agree on Ceasefire Monitoring Plan"); got != tt.want {
				t.Errorf("Clean(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanLists(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"bullets kept without marker, heading dropped",
			body + "\nQuick Looks\n• Leaders meet in the capital\n• Talks focus on the border\n- Aid package still unresolved\n* Next round set for May\n" + body2,
			body + "\nLeaders meet in the capital\nTalks focus on the border\nAid package still unresolved\nNext round set for May\n" + body2},
		{"unmarked list of tips kept",
			body + "\nDoctors advise:\nWash your hands often\nStay home when you are sick\nCover your mouth when you cough\n" + body2,
			body + "\nDoctors advise:\nWash your hands often\nStay home when you are sick\nCover your mouth when you cough\n" + body2},
		{"single headings dropped",
			"Introduction\n" + body + "\nThe Road Ahead\n" + body2 + "\nConclusion\nThe audit will be published in the autumn, the council said.",
			body + "\n" + body2 + "\nThe audit will be published in the autumn, the council said."},
		{"header lines above the first paragraph",
			"CONFLICT\nDana Cole\nEditor at Large\n" + body,
			body},
		{"numbered items",
			body + "\n1. The pier reopens in May\n2. Ferries resume in June\n3. Tolls stay the same\n" + body2,
			body + "\nThe pier reopens in May\nFerries resume in June\nTolls stay the same\n" + body2},
		{"list sentences",
			body + "\n• The pier reopens in May, the authority said.\n" + body2,
			body + "\nThe pier reopens in May, the authority said.\n" + body2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in, ""); got != tt.want {
				t.Errorf("Clean(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanUnwrap(t *testing.T) {
	in := "The harbor authority said on Monday that repairs to the eastern\n" +
		"pier would take six weeks and cost about four million dollars, and\n" +
		"that ferries would run a reduced timetable until the work ends.\n" +
		"\n" +
		"Engineers found cracks in two of the concrete supports after the\n" +
		"storm, and divers will inspect the remaining piers next week, the\n" +
		"authority said in a statement published on its website.\n"
	want := "The harbor authority said on Monday that repairs to the eastern pier would take six weeks and cost about four million dollars, and that ferries would run a reduced timetable until the work ends.\n" +
		"Engineers found cracks in two of the concrete supports after the storm, and divers will inspect the remaining piers next week, the authority said in a statement published on its website."
	if got := Clean(in, ""); got != want {
		t.Errorf("Clean(%q) = %q; want %q", in, got, want)
	}
	// Unwrapped or not, the output of Clean is left as it is.
	if got := Clean(want, ""); got != want {
		t.Errorf("Clean(%q) = %q; want it unchanged", want, got)
	}
}

// syntheticArticle builds an invented article of about n bytes mixing
// running text with the junk Clean removes.
func syntheticArticle(n int) string {
	junk := []string{
		"Advertisement",
		"The mayor greets residents at the ferry terminal in Port Alder, Maine, Tuesday, March 4, 2025. (AP Photo/Lena Hart)",
		"Marek Novak/AP",
		"Follow Dana Cole on Twitter.",
		"How useful was this article?",
		"Read more",
		"Latest developments",
	}
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "PORT ALDER — The harbor authority said on day %d that repairs to pier %d would take six weeks and cost about $%d million, according to a statement. “We expect the work to finish on time,” a spokesperson said, adding that ferries would run a reduced timetable.\n\n", i, i%97, i%13+1)
		fmt.Fprintf(&b, "Engineers found cracks in %d of the supports after the storm, and divers will inspect the remaining piers next week (see https://example.org/report-%d).\n\n", i%7+1, i)
		b.WriteString(junk[i%len(junk)])
		b.WriteString("\n\n")
	}
	return b.String()
}

// BenchmarkClean cleans 1 MB of invented article text with a line of
// boilerplate after every two paragraphs.
func BenchmarkClean(b *testing.B) {
	text := syntheticArticle(1 << 20)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Clean(text, "Harbor repairs to take six weeks")
	}
}

func TestCleanPaywallAndConsent(t *testing.T) {
	// Each line stands between two paragraphs of running text, as it
	// does on a page.
	const before = "The harbor authority said the pier reopened on Monday after six weeks of repairs, and ferries resumed their schedule."
	const after = "Officials expect the number of visitors to return to its usual level by the end of the summer season, the mayor said."
	tests := []struct {
		line string
		drop bool
	}{
		{"Subscribe to read", true},
		{"Subscribe to continue reading.", true},
		{"Already a subscriber? Sign in", true},
		{"Already have an account? Sign in.", true},
		{"This article is for subscribers only.", true},
		{"You have reached your limit of free articles.", true},
		{"You've read 3 of 5 free articles this month.", true},
		{"Become a subscriber to keep reading.", true},
		{"To continue reading, subscribe or sign in.", true},
		{"Create a free account to continue reading.", true},
		{"Support independent journalism. Subscribe today.", true},
		{"We use cookies to improve your experience on our site.", true},
		{"We and our partners store and/or access information on a device, such as cookies, and process personal data.", true},
		{"By clicking “Accept all”, you agree to the storing of cookies on your device.", true},
		{"You can change your preferences at any time by returning to this site or visiting our privacy policy.", true},
		{"Accept all", true},
		{"Manage preferences", true},
		// News about subscriptions, cookies and accounts stays.
		{"The regulator fined the company 150 million euros over its cookie consent rules, officials said.", false},
		{"The regulator fined the company over cookie banners that made refusing harder than accepting.", false},
		{"Finland is already a member of the European Union and joined NATO in 2023.", false},
		{"The newspaper said 40% of readers who reach the limit of free articles go on to subscribe.", false},
		{"Subscribers to the streaming service rose to 12 million, and the company plans a free tier next year.", false},
		{"The app lets users create an account and sign in with a passkey instead of a password.", false},
		{"Readers who want to keep reading must subscribe, the publisher told staff in a memo.", false},
		{"We baked cookies for the volunteers, and the mayor thanked them for their work at the shelter.", false},
	}
	for _, tt := range tests {
		out := Clean(before+"\n"+tt.line+"\n"+after, "")
		if kept := strings.Contains(out, tt.line); kept == tt.drop {
			t.Errorf("Clean(…%q…) kept it: %v; want %v", tt.line, kept, !tt.drop)
		}
		if !strings.Contains(out, before) || !strings.Contains(out, after) {
			t.Errorf("Clean(…%q…) = %q: lost the paragraphs around it", tt.line, out)
		}
	}
}
