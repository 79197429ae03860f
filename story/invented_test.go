package story

import (
	"time"

	"github.com/digestbot/digestbot/news"
)

// invented is a short article made up for the tests, with the story it
// belongs to ("" for a distractor that is a story of its own).
type invented struct {
	story string
	news.Article
}

// day is the morning the invented stories broke.
var day = time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)

func at(hours int) time.Time { return day.Add(time.Duration(hours) * time.Hour) }

// corpus holds four invented stories of 2–4 articles and five distractors,
// two of them close in topic to a story (another crane accident, another
// town's budget).
var corpus = []invented{
	{"crane", news.Article{ID: "https://coastherald.example/crane-veldt", Outlet: "Coast Herald", Published: at(1),
		Title: "Harbour crane collapses onto cargo ship in Port Veldt",
		Text: "A container crane collapsed onto the cargo ship Marisol at Port Veldt on Monday, injuring two dock workers.\n" +
			"The harbour authority closed the northern quay while engineers inspect the crane's base. Operator Veldt Terminals said the crane had passed an inspection in January."}},
	{"crane", news.Article{ID: "https://ledger.example/port-veldt-crane", Outlet: "Daily Ledger", Published: at(3),
		Title: "Two hurt as crane falls on ship at Port Veldt",
		Text: "Two dock workers were hurt when a crane toppled onto the Marisol, a cargo ship moored at Port Veldt's northern quay.\n" +
			"Veldt Terminals, which runs the quay, said the crane was inspected in January. The harbour authority has suspended loading at the quay."}},
	{"crane", news.Article{ID: "https://wire.example/veldt-quay", Outlet: "Wire Service", Published: at(5),
		Title: "Port Veldt quay stays shut after crane collapse",
		Text: "PORT VELDT — The northern quay of Port Veldt stayed closed on Tuesday after Monday's crane collapse onto the Marisol.\n" +
			"Engineers found cracks in the crane's base, the harbour authority said. Both injured dock workers have left hospital."}},

	{"butterfly", news.Article{ID: "https://naturenotes.example/glasswing-count", Outlet: "Nature Notes", Published: at(2),
		Title: "Record glasswing butterfly count in Marrow Valley",
		Text: "Volunteers counted 4,200 glasswing butterflies in Marrow Valley this spring, the most since counts began.\n" +
			"The Marrow Valley Trust credits wildflower meadows planted along the river."}},
	{"butterfly", news.Article{ID: "https://valleypost.example/butterflies", Outlet: "Valley Post", Published: at(5),
		Title: "Glasswing butterflies flock back to Marrow Valley meadows",
		Text: "Glasswing butterflies have returned to Marrow Valley in record numbers, with volunteers counting more than 4,000.\n" +
			"Wildflower meadows planted by the Marrow Valley Trust along the river are behind the rise, its ecologists said."}},

	{"mayor", news.Article{ID: "https://tarnwicktimes.example/brandt-resigns", Outlet: "Tarnwick Times", Published: at(0),
		Title: "Tarnwick mayor Ilsa Brandt resigns over budget shortfall",
		Text: "Tarnwick mayor Ilsa Brandt resigned on Monday after auditors found a shortfall of 12 million in the city budget.\n" +
			"Brandt said she took responsibility for the shortfall. Deputy mayor Oskar Lind will lead the council until an election."}},
	{"mayor", news.Article{ID: "https://ledger.example/tarnwick-mayor", Outlet: "Daily Ledger", Published: at(2),
		Title: "Brandt quits as Tarnwick mayor",
		Text: "Ilsa Brandt stepped down as mayor of Tarnwick, days after auditors reported a 12 million hole in the budget.\n" +
			"Oskar Lind, her deputy, takes over the council. Brandt had led Tarnwick for six years."}},
	{"mayor", news.Article{ID: "https://wire.example/tarnwick-brandt", Outlet: "Wire Service", Published: at(6),
		Title: "Tarnwick council names Lind acting mayor after Brandt exit",
		Text: "TARNWICK — The council named Oskar Lind acting mayor on Tuesday, a day after Ilsa Brandt resigned over the city's budget shortfall.\n" +
			"Lind promised to publish the auditors' report on the shortfall in full."}},
	{"mayor", news.Article{ID: "https://northradio.example/brandt", Outlet: "North Radio", Published: at(7),
		Title: "",
		Text: "Auditors who uncovered Tarnwick's budget shortfall said Ilsa Brandt's office moved 12 million between accounts without a council vote.\n" +
			"Brandt, who resigned as mayor on Monday, has not commented. Acting mayor Oskar Lind called for calm."}},

	{"strike", news.Article{ID: "https://arts.example/lindholm-strike", Outlet: "Arts Daily", Published: at(1),
		Title: "Lindholm Philharmonic musicians go on strike",
		Text: "Musicians of the Lindholm Philharmonic walked out on Monday over pay, cancelling the orchestra's spring concerts.\n" +
			"The players' union says salaries have been frozen for five seasons."}},
	{"strike", news.Article{ID: "https://ledger.example/philharmonic", Outlet: "Daily Ledger", Published: at(4),
		Title: "Spring concerts cancelled as Lindholm orchestra strikes",
		Text: "The Lindholm Philharmonic cancelled its spring concerts after its musicians went on strike over frozen salaries.\n" +
			"The orchestra's board said it could not afford the union's pay demand."}},

	{"", news.Article{ID: "https://kessick.example/tower-crane", Outlet: "Kessick Courier", Published: at(2),
		Title: "Kessick tightens tower crane rules",
		Text: "Kessick will require monthly inspections of tower cranes on building sites from June, the city's planning office said.\n" +
			"Builders warned the rules would delay housing projects."}},
	{"", news.Article{ID: "https://ormsby.example/budget", Outlet: "Ormsby Gazette", Published: at(3),
		Title: "Ormsby council approves new budget",
		Text: "Ormsby's council approved next year's budget on Monday, with more money for libraries and road repairs.\n" +
			"Councillors voted nine to two in favour."}},
	{"", news.Article{ID: "https://kitchen.example/rye", Outlet: "Kitchen Table", Published: at(1),
		Title: "A dark rye loaf for beginners",
		Text: "Mix rye flour, water, salt and a spoon of starter, and let the dough rest overnight.\n" +
			"Bake it in a hot oven for an hour, then wait a day before slicing."}},
	{"", news.Article{ID: "https://sport.example/rovers", Outlet: "Sport Today", Published: at(6),
		Title: "Rovers beat United 3-1",
		Text: "Rovers came from behind to beat United 3-1, with two goals from their captain in the second half.\n" +
			"The win lifts Rovers to third in the table."}},
	{"", news.Article{ID: "https://weather.example/frost", Outlet: "Weather Desk", Published: at(0),
		Title: "Late frost expected in the hills",
		Text: "Forecasters expect a late frost in the hills on Wednesday night, with temperatures falling to minus four.\n" +
			"Gardeners should cover young plants."}},
}

// articles returns the articles of cs.
func articles(cs []invented) []news.Article {
	out := make([]news.Article, len(cs))
	for i, c := range cs {
		out[i] = c.Article
	}
	return out
}

// labels returns each article's story by ID; a distractor is labelled
// with its own ID.
func labels(cs []invented) map[string]string {
	out := map[string]string{}
	for _, c := range cs {
		l := c.story
		if l == "" {
			l = c.ID
		}
		out[c.ID] = l
	}
	return out
}
