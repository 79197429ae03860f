package main

import (
	"encoding/xml"
	"fmt"
	"strings"
	"time"
)

// item is one invented article of the loopback feed.
type item struct {
	slug, title string
	paras       []string
}

// stories are the invented news the server digests: three events, each
// told by two or three articles with their full text, so that the server
// groups them into stories without fetching a page. The topic words of
// the commands (-topic) name the first.
var stories = []item{
	{"bridge-reopens", "Riverton harbor bridge reopens to traffic after two years of repairs", []string{
		"The Riverton harbor bridge reopened to cars and buses on Monday morning, two years after inspectors closed it because of corroded steel cables.",
		"Mayor Dana Okafor cut a ribbon at the north ramp shortly after dawn, and the first commuters crossed a few minutes later to applause from construction crews.",
		"The repairs cost 84 million dollars, about 12 million more than the city had planned, because engineers found more damage once the old deck was removed.",
		"Officials said the bridge now carries a new cable system, wider bicycle lanes and sensors that report strain and temperature to the transport department every minute.",
	}},
	{"bridge-commuters", "Commuters welcome the end of long detours as harbor bridge opens", []string{
		"Commuters who spent two years on detours through the industrial district said the reopened harbor bridge cut their trips across Riverton by half an hour.",
		"Bus operators restored three routes over the bridge on Monday and said timetables would return to their old frequency by the end of the month.",
		"Shop owners near the south ramp said customers had stayed away during the closure, and several hope the reopening will bring back weekend visitors.",
		"The transport department warned that one lane in each direction will close at night for another six weeks while crews finish painting and lighting work.",
	}},
	{"bridge-cost", "Harbor bridge repair bill rises to 84 million dollars, audit finds", []string{
		"An audit released as the Riverton harbor bridge reopened found that the repair bill rose to 84 million dollars after engineers discovered hidden corrosion in the deck.",
		"The city auditor said the contractor's extra charges were justified, but criticized the transport department for skipping a detailed inspection before the tender.",
		"Council members asked for a schedule of inspections for the city's eleven other bridges, several of which were built in the same decade with the same steel.",
		"The mayor said the city would publish the sensor data from the harbor bridge so that residents can follow its condition for themselves.",
	}},
	{"library-budget", "City council votes to keep branch libraries open on Sundays", []string{
		"The Riverton city council voted seven to two on Tuesday to keep all branch libraries open on Sundays, rejecting a proposal to cut weekend hours to save money.",
		"Librarians told the council that Sunday is the busiest day at several branches, when families borrow books and students use the computers for homework.",
		"The decision adds about 1.3 million dollars to next year's library budget, which the council will cover by delaying the purchase of new parking meters.",
		"Two council members who voted against the plan said the city should first study which branches are used most before committing to longer hours everywhere.",
	}},
	{"library-reaction", "Families and students cheer decision on Sunday library hours", []string{
		"Parents and students who packed the council chamber on Tuesday cheered when the vote to keep Sunday library hours was announced.",
		"A high school senior told council members that the branch near her home is the only quiet place where she can study on weekends before exams.",
		"The library director said branches would also extend their summer reading program and add evening story times for younger children later this year.",
		"Library staff had collected more than four thousand signatures on a petition asking the council to protect weekend opening hours across the city.",
	}},
	{"rail-strike", "Regional rail workers announce a two day strike over pay and schedules", []string{
		"Workers on the regional rail network announced a two day strike starting next Thursday, after talks with the operator over pay and shift schedules broke down.",
		"The union said drivers and conductors have worked without a new contract for eighteen months while the cost of living in the region rose sharply.",
		"The operator said it had offered a raise of four percent and called the strike irresponsible, warning that most trains would not run during the walkout.",
		"Commuters were advised to plan other ways to travel, and the transport department said it would add buses on the busiest routes into the city centre.",
	}},
	{"rail-talks", "Rail operator invites union back to talks to avert strike", []string{
		"The regional rail operator invited the union back to talks on Friday in an attempt to avert the two day strike planned for next week.",
		"A mediator appointed by the state labour office will lead the meeting, which both sides said would focus on shift schedules rather than pay.",
		"Union leaders said they would attend but would not call off the strike unless drivers are guaranteed two consecutive days off each week.",
		"Business groups urged both sides to reach a deal, saying a strike would cost shops and restaurants in the city centre millions of dollars in lost sales.",
	}},
}

// rss is the invented feed as RSS 2.0, dated relative to now.
func rss(base string, now time.Time) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<rss version="2.0"><channel><title>Riverton Loadgen Gazette</title>`)
	fmt.Fprintf(&b, "<link>%s/</link><description>Invented news for load tests</description>\n", base)
	for k, it := range stories {
		link := base + "/news/" + it.slug
		var body strings.Builder
		for _, p := range it.paras {
			body.WriteString("<p>" + p + "</p>")
		}
		b.WriteString("<item><title>")
		xml.EscapeText(&b, []byte(it.title))
		fmt.Fprintf(&b, "</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate><description>", link, link,
			now.Add(-time.Duration(k+1)*time.Hour).UTC().Format(time.RFC1123Z))
		xml.EscapeText(&b, []byte(body.String()))
		b.WriteString("</description></item>\n")
	}
	b.WriteString("</channel></rss>\n")
	return []byte(b.String())
}
