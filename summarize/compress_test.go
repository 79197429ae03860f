package summarize

import (
	"slices"
	"testing"

	"github.com/digestbot/digestbot/postag"
)

// compressions returns every compressed form of s that stands alone.
func compressions(s string) []string {
	t := tagged{text: s, toks: postag.Tag(s)}
	var out []string
	for _, v := range variants(t) {
		x := apply(s, v)
		if standsAloneBullet(x) && t.keepsClause(v) {
			out = append(out, x)
		}
	}
	return out
}

// compressionCase is a sentence, forms its compressions must include, and
// forms they must not.
type compressionCase struct {
	rule, in string
	want     []string
	not      []string
}

// checkCompressions runs compression cases as subtests.
func checkCompressions(t *testing.T, tests []compressionCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			got := compressions(tt.in)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("compressions(%q) = %q; want it to contain %q", tt.in, got, w)
				}
			}
			for _, n := range tt.not {
				if slices.Contains(got, n) {
					t.Errorf("compressions(%q) = %q; want it not to contain %q", tt.in, got, n)
				}
			}
		})
	}
}

// TestCompressionRules checks each deletion rule on invented sentences: the
// wanted form must be among the variants, and the unwanted ones must not.
func TestCompressionRules(t *testing.T) {
	tests := []compressionCase{
		{"leading connective", "However, the council has grown more cautious about the plan.",
			[]string{"The council has grown more cautious about the plan"}, nil},
		{"leading time phrase", "On Monday, there were signals of progress on the barrier.",
			[]string{"There were signals of progress on the barrier"}, nil},
		{"leading setting phrase", "In a statement, the council said the barrier would be finished by June.",
			[]string{"The council said the barrier would be finished by June"}, nil},
		{"leading condition is kept", "In exceptional cases, the council approves a barrier without a vote.",
			nil, []string{"The council approves a barrier without a vote"}},
		{"leading phrase with a year is kept", "On January 6, 2026, city leaders met at the town hall for talks on the flood barrier.",
			nil, []string{"City leaders met at the town hall for talks on the flood barrier",
				"2026, city leaders met at the town hall for talks on the flood barrier"}},
		{"leading participle is kept", "Taking all five towns into account, the engineers reached a different conclusion about the wall.",
			nil, []string{"The engineers reached a different conclusion about the wall"}},
		{"leading subordinate clause is kept", "While the rain continued, engineers finished the first section of the wall.",
			nil, []string{"Engineers finished the first section of the wall"}},
		{"instead of is not a connective", "Instead of a wall, the council chose a row of movable gates.",
			nil, []string{"Of a wall, the council chose a row of movable gates"}},
		{"condition is kept", "If the council agrees, engineers will finish the wall by June.",
			nil, []string{"Engineers will finish the wall by June"}},
		{"appositive", "Mayor Jane Roe, the council's longest-serving member, had previously voiced optimism about the vote.",
			[]string{"Mayor Jane Roe had previously voiced optimism about the vote"}, nil},
		{"non-restrictive relative clause", "The barrier, which will cost $86 million, was approved on Tuesday by the council.",
			[]string{"The barrier was approved on Tuesday by the council"}, nil},
		{"trailing attribution", "The council approved the barrier on Tuesday, officials said.",
			[]string{"The council approved the barrier on Tuesday"}, nil},
		{"according to", "The project will take four years to finish, according to the city engineer.",
			[]string{"The project will take four years to finish"}, nil},
		{"leading attribution", "The engineer said on Monday that the project would take four years to complete.",
			[]string{"The project would take four years to complete"}, nil},
		{"pronoun speaker", "He said the barrier would protect 2,300 homes from the river.",
			[]string{"The barrier would protect 2,300 homes from the river"}, nil},
		{"semicolon keeps the first clause", "The river flooded twice last year; the city lost $12 million in damages.",
			[]string{"The river flooded twice last year"}, []string{"The city lost $12 million in damages"}},
		{"and keeps the first clause", "The council approved the barrier on Tuesday, and the engineers will start work on the wall in May.",
			[]string{"The council approved the barrier on Tuesday"}, []string{"The engineers will start work on the wall in May"}},
		{"verb phrase coordination is not split", "The mayor met privately with engineers before the vote and later joined residents for a public hearing.",
			nil, []string{"The mayor met privately with engineers before the vote", "The mayor later joined residents for a public hearing"}},
		{"contrasting clauses stay together", "Residents cheered the long vote, but some farmers said the barrier would divert water onto their fields.",
			nil, []string{"Residents cheered the long vote", "Some farmers said the barrier would divert water onto their fields"}},
		{"a contrast with a name of its own is a second fact", "Leaders met in Paris to discuss the barrier, but Harwick's council is turning to the new budget.",
			[]string{"Harwick's council is turning to the new budget", "Leaders met in Paris to discuss the barrier"}, nil},
		{"a later clause that points back does not", "Police know the identity of the driver, but she had not been arrested on Sunday.",
			nil, []string{"She had not been arrested on Sunday", "Police know the identity of the driver"}},
		{"trailing result stays", "Storms hit the coast on Monday, triggering floods in three towns and cutting power to 10,000 homes.",
			nil, []string{"Storms hit the coast on Monday"}},
		{"trailing example list", "The council bought new equipment for the flood team, including two pumps and a boat.",
			[]string{"The council bought new equipment for the flood team"}, nil},
		{"what was said next to the act", "The mayor declined to name the three contractors on Friday, saying the families were still being told.",
			[]string{"The mayor declined to name the three contractors on Friday"}, nil},
		{"saying that states the claim", "A second engineer came forward with her own account on Sunday, saying that the mayor had hidden the report.",
			nil, []string{"A second engineer came forward with her own account on Sunday"}},
		{"trailing reason stays", "The council rejected the plan on Tuesday because the barrier would cost too much.",
			nil, []string{"The council rejected the plan on Tuesday"}},
		{"trailing when clause stays", "The boy was following his nanny near the headquarters when a leopard snatched him.",
			nil, []string{"The boy was following his nanny near the headquarters"}},
		{"trailing place", "The council approved the flood barrier at a special meeting in Harwick.",
			[]string{"The council approved the flood barrier at a special meeting"}, nil},
		{"trailing at-place without a name", "Shareholders approved a pay rise for the chief executive at the annual meeting.",
			[]string{"Shareholders approved a pay rise for the chief executive"}, nil},
		{"a measure keeps its phrase", "The firm filed papers on Wednesday seeking $972,814 in legal costs from Ms. Roe.",
			nil, []string{"The firm filed papers on Wednesday seeking $972,814"}},
		{"a conclusion keeps its speaker", "The researchers concluded that the wall was built from stolen stones.",
			nil, []string{"The wall was built from stolen stones"}},
		{"colon list", "The plan includes five separate parts: new walls; higher levees; pumps; sensors; and training.",
			[]string{"The plan includes five separate parts"}, []string{"The plan includes five separate parts: new walls"}},
		{"dash parenthetical", "France and the UK — Western Europe's two nuclear powers — would be essential to the success of the coalition.",
			[]string{"France and the UK would be essential to the success of the coalition"}, nil},
		{"brackets", "Despite the rain, work on the barrier (the largest in the region) will start in spring.",
			[]string{"Despite the rain, work on the barrier will start in spring"}, []string{"Work on the barrier will start in spring"}},
		{"quotation keeps its speaker", "“We cannot wait another year,” the mayor said.",
			[]string{"“We cannot wait another year,” the mayor said"}, []string{"“We cannot wait another year,”"}},
		{"dangling pronoun", "It was the third flood in a decade for the small town.", nil,
			[]string{"It was the third flood in a decade for the small town"}},
		{"dangling after a phrase", "For the town, these walls are essential to its future.", nil,
			[]string{"For the town, these walls are essential to its future", "These walls are essential to its future"}},
		{"negation is kept", "The council did not approve the second phase of the barrier, officials said.",
			[]string{"The council did not approve the second phase of the barrier"}, nil},
	}
	checkCompressions(t, tests)
}

func TestTidy(t *testing.T) {
	tests := []struct{ in, want string }{
		{"the council met .", "The council met"},
		{"  , the council met , ,  today.", "The council met, today"},
		{"Talks in the U.S.", "Talks in the U.S."},
		{"The wall ( ) held.", "The wall held"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := tidy(tt.in); got != tt.want {
			t.Errorf("tidy(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestCompressionRulesMore(t *testing.T) {
	tests := []compressionCase{
		{"participial phrase", "Engineers from three cities, joined by the county's chief planner, met on Monday to discuss the river banks.",
			[]string{"Engineers from three cities met on Monday to discuss the river banks"}, nil},
		{"leading phrase with a list", "On its roof, walls, and parts of its cellar, the inspectors found mould that had spread for years.",
			nil, []string{"The inspectors found mould that had spread for years",
				"Walls, and parts of its cellar, the inspectors found mould that had spread for years"}},
		{"comparative as is kept", "The new mayor is the only member of the council who is exactly as popular as her predecessor.",
			nil, []string{"The new mayor is the only member of the council who is exactly"}},
		{"clause after but is not kept alone", "The council was expected to vote on Monday, but following the storm, the vote is now set for Friday evening.",
			nil, []string{"The vote is now set for Friday evening", "The council was expected to vote on Monday"}},
		{"a restrictive relative stays", "Scientists on Monday announced the discovery of a small feathered dinosaur that lived 161 million years ago in what is now China.",
			nil, []string{"Scientists on Monday announced the discovery of a small feathered dinosaur"}},
		{"no stranded verb", "City officials continued to avoid saying when they would clear the camp from the lawn.",
			nil, []string{"City officials continued to avoid saying"}},
		{"no prefix inside a list", "The plan covers five goals: monitoring the river; support for farmers; new walls on land and water.",
			nil, []string{"The plan covers five goals: monitoring the river; support for farmers"}},
	}
	checkCompressions(t, tests)
}

func TestStandsAloneBullet(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"The council approved the flood barrier", true},
		{"We’ll keep paying them normally", false},
		{"It was the third flood in a decade", false},
		{"But the council approved the barrier", false},
		{"Since the river work was coming up with a plan", false},
		{"Since the vote, the council has met twice", true},
		{"The council approved the barrier,", false},
		{"The council (which met on Tuesday approved it", false},
		{"“We cannot wait,” the mayor said", true},
		{"“We cannot wait,”", false},
		{"“We will find it one day,” he added", false},
		{"the council approved it", false},
		{"The council approved the plan of the", false},
	}
	for _, tt := range tests {
		if got := standsAloneBullet(tt.in); got != tt.want {
			t.Errorf("standsAloneBullet(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

func TestCompressionRulesKeepObjects(t *testing.T) {
	tests := []struct {
		rule, in string
		not      []string
	}{
		{"told takes an object", "She told reporters that she did not know where the mayor was staying.",
			[]string{"Reporters that she did not know where the mayor was staying"}},
		{"a time measure keeps its clause", "The mayor met the engineers on Monday night, two days after the river burst its banks.",
			[]string{"The mayor met the engineers on Monday night, two days"}},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			got := compressions(tt.in)
			for _, n := range tt.not {
				if slices.Contains(got, n) {
					t.Errorf("compressions(%q) = %q; want it not to contain %q", tt.in, got, n)
				}
			}
		})
	}
	if standsAloneBullet("Asked about the report, she replied") {
		t.Error("a bullet that ends on a speech verb without a quotation stands alone; want it rejected")
	}
}

func TestCompressionKeepsTheCommaBeforeAClause(t *testing.T) {
	checkCompressions(t, []compressionCase{
		{"relative inside a leading phrase", "Using their new method, which counted every citation, the team found that one scholar stood out.",
			[]string{"Using their new method, the team found that one scholar stood out"},
			[]string{"Using their new method the team found that one scholar stood out"}},
	})
}

func TestCompressionAbbreviations(t *testing.T) {
	checkCompressions(t, []compressionCase{
		{"a relative clause runs past an abbreviation", "The comedian, whose father died in the Sept. 11 attacks, has said that he quit the show.",
			[]string{"The comedian has said that he quit the show"},
			[]string{"The comedian. 11 attacks, has said that he quit the show"}},
	})
}

func TestCompressionLeavesListsWhole(t *testing.T) {
	checkCompressions(t, []compressionCase{
		{"a list is not a clause", "The mayor met the engineers and later joined French, British, and German leaders for talks on the new flood barrier.",
			nil, []string{"The mayor met the engineers and later joined French, British"}},
		{"a list of names is not a clause", "The mayor said that talks with him, Roe, and Doe on the barrier were productive.",
			nil, []string{"The mayor said that talks with him, Roe"}},
	})
}

func TestReads(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"The council approved the flood barrier on Tuesday.", true},
		{"Take a look at the new barrier in Harwick.", false},
		{"REPORTER: When will the barrier be finished?", false},
		{"Q. When will the barrier be finished?", false},
		{"A. The council has every reason to finish the barrier.", false},
		{"Me performing on stage has gone awful.", false},
		{"Veterans of World War I marched in Harwick.", true},
		{"A typical town: Harwick has waited ten years for its wall.", false},
		{"Harwick's residents must be feeling safer already!", false},
		{"Caption The council met on Tuesday to approve the barrier.", false},
		{"If only the council would approve the barrier on time.", false},
		{"On the other, the council will raise the taxes for the wall.", false},
		{"All the while, the police looked on calmly from the lawn.", false},
		{"I wanted to let you know the barrier is finished.", false},
		{"“We are proud of the wall,” the mayor said.", true},
		{"The mayor speaks during a briefing in Harwick, Saturday, Jan. 3, 2026.", false},
		{"The mayor spoke during a briefing in Harwick on Jan. 3, 2026.", true},
	}
	for _, tt := range tests {
		if got := (tagged{text: tt.in, toks: postag.Tag(tt.in)}).reads(); got != tt.want {
			t.Errorf("reads(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

func TestCompressionKeepsWhatQualifies(t *testing.T) {
	checkCompressions(t, []compressionCase{
		{"a contrast with a speech verb is not an attribution", "Leaders could call the council into session on Monday, but aides say they have no plans to do so.",
			nil, []string{"Leaders could call the council into session on Monday"}},
		{"a stale claim keeps its speaker", "Police previously said that the airport had not been cleaned.",
			nil, []string{"The airport had not been cleaned"}},
		{"a trailing speaker goes", "The airport was cleaned by the crews, police said on Monday.",
			[]string{"The airport was cleaned by the crews"}, nil},
	})
}

func TestCompressionKeepsWhatBracketsAndDashesCarry(t *testing.T) {
	checkCompressions(t, []compressionCase{
		{"so far is not a connective", "So far, the council has approved two of the five walls.",
			nil, []string{"Far, the council has approved two of the five walls"}},
		{"an actor's name stays", "The father, Jack Salmon (Mark Wahlberg), builds model ships in the cellar.",
			nil, []string{"The father, Jack Salmon, builds model ships in the cellar"}},
		{"an aside in brackets goes", "Work on the barrier (the largest in the region) will start in the spring.",
			[]string{"Work on the barrier will start in the spring"}, nil},
		{"a contrast after a dash stays", "Few people know the astronomer's name — but many know about the planet he demoted.",
			nil, []string{"Few people know the astronomer's name"}},
		{"a dated aside stays", "Several spending bills had already passed — as in the shutdown of 1995 — before the deadline.",
			nil, []string{"Several spending bills had already passed before the deadline"}},
	})
}

func TestAttributionKeepsTheSpeakerOfAPronoun(t *testing.T) {
	checkCompressions(t, []compressionCase{
		{"a pronoun points at the speaker", "Farmers said the new wall would divert water onto their fields.",
			nil, []string{"The new wall would divert water onto their fields"}},
		{"no pronoun, the speaker goes", "The engineer said that the new wall would take four years to build.",
			[]string{"The new wall would take four years to build"}, nil},
	})
}

func TestCompressionKeepsFramesAndHedges(t *testing.T) {
	checkCompressions(t, []compressionCase{
		{"another event keeps its frame", "In a separate incident this month, a lion escaped from the park near Harwick.",
			nil, []string{"A lion escaped from the park near Harwick"}},
		{"a hedged speaker stays", "Some news accounts said the barrier had already been built near Harwick.",
			nil, []string{"The barrier had already been built near Harwick"}},
	})
}

func TestCompressionTimeDistance(t *testing.T) {
	checkCompressions(t, []compressionCase{
		{"a distance in time goes", "The Harwick bridge reopened to cars and buses on Monday morning, two years after inspectors closed it because of corroded cables.",
			[]string{"The Harwick bridge reopened to cars and buses on Monday morning"}, nil},
		{"a time measure that completes the verb stays", "The council met the engineers two days after the river burst its banks.",
			nil, []string{"The council met the engineers"}},
	})
}

func TestCompressionKeepsWhatFollowsAndWhoFound(t *testing.T) {
	checkCompressions(t, []compressionCase{
		{"a clause after a colon is the point", "Two items are drawing serious bids: the mayor's old bicycle has a bid of $1,750.",
			nil, []string{"Two items are drawing serious bids"}},
		{"a reply after a colon stays", "Asked whether the wall would be finished, the engineer replied: the work will take four more years.",
			nil, []string{"Asked whether the wall would be finished, the engineer replied"}},
		{"a list after a colon may go", "The plan includes five separate parts: new walls, higher levees, pumps and sensors.",
			[]string{"The plan includes five separate parts"}, nil},
		{"a study's finding keeps its source", "The old wall could be a fake, according to a new forensic investigation.",
			nil, []string{"The old wall could be a fake"}},
		{"an official's statement may go", "The old wall will be replaced next year, according to the city engineer.",
			[]string{"The old wall will be replaced next year"}, nil},
		{"a pronoun speaker stays", "The darts would take minutes to work and the lion might hurt others, they said.",
			nil, []string{"The darts would take minutes to work and the lion might hurt others"}},
		{"a denial keeps its correction", "The new mayor isn't building a wall; she is building a levee along the river.",
			nil, []string{"The new mayor isn't building a wall"}},
	})
}

func TestCompressionKeepsAJustificationsSpeaker(t *testing.T) {
	checkCompressions(t, []compressionCase{
		{"a reason keeps its speaker", "In order to save lives, rangers shot the lion in the park, the warden said.",
			nil, []string{"In order to save lives, rangers shot the lion in the park"}},
	})
}
