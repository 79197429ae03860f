package story

import "github.com/digestbot/digestbot/news"

// Grouper groups articles as Group does with Options, the known stories
// of each call added (Options.Known): the pipeline's grouper (bot.Grouper).
type Grouper struct {
	Options Options
}

// NewBackgroundGrouper returns the Grouper that weighs names against the
// background of articles (NewBackground): the daemon's, counted from
// what its store keeps.
func NewBackgroundGrouper(articles []news.Article) Grouper {
	return Grouper{Options: Options{Background: NewBackground(articles)}}
}

// Group groups articles into stories, most covered first; known stories
// keep their IDs.
func (g Grouper) Group(articles []news.Article, known []news.Story) []news.Story {
	o := g.Options
	o.Known = known
	return Group(articles, o)
}
