package story

import "github.com/digestbot/digestbot/news"

// Grouper groups articles as Group does with Options, the known stories
// of each call added (Options.Known): the pipeline's grouper (bot.Grouper).
type Grouper struct {
	Options Options
}

// Group groups articles into stories, most covered first; known stories
// keep their IDs.
func (g Grouper) Group(articles []news.Article, known []news.Story) []news.Story {
	o := g.Options
	o.Known = known
	return Group(articles, o)
}
