package bot

import "github.com/digestbot/digestbot/news"

// choose returns the stories b may post, in their order: those in its
// languages (KeepLanguages) that its filter keeps, and how many of those
// in its languages the filter left out. It runs before the top stories
// are chosen, so that a story left out takes no place among them.
func (b Brief) choose(stories []news.Story) (kept []news.Story, filtered int) {
	stories = KeepLanguages(stories, b.Languages)
	kept = b.Filter.Stories(stories)
	return kept, len(stories) - len(kept)
}
