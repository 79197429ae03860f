package news

import "time"

// FeedWindow bounds what is read of a feed: a feed of hundreds of items
// (a podcast's whole history, an archive) gives its recent items only,
// and only their pages are fetched. The zero FeedWindow reads every item.
type FeedWindow struct {
	// MaxAge leaves out the items published longer ago than it, by the
	// date the feed gives them; an item without a date is kept. Zero
	// means no limit.
	MaxAge time.Duration
	// MaxItems keeps at most this many of the items MaxAge left, the
	// newest: dated items by their date, then undated ones in the feed's
	// order. Zero means no limit.
	MaxItems int
}

// FeedReport says what a load made of one feed's items. Items counts
// them all; Old, Over and TitleOnly count those left out, and why.
type FeedReport struct {
	// Feed names the feed as errors do: its URL as given (or listed), or
	// its path.
	Feed string
	// Window is the window the feed was read with.
	Window FeedWindow
	// Items is how many items the feed holds.
	Items int
	// Old counts the items published before the window's MaxAge, Over
	// those beyond its MaxItems.
	Old, Over int
	// TitleOnly counts the items left out because they have only a
	// title: no text in the feed, and no page that gave one (none
	// linked, or it could not be read: its error names it).
	TitleOnly int
	// Newest is the date of the feed's newest item; zero when none is
	// dated.
	Newest time.Time
}

// Skipped is how many items were left out: Old + Over + TitleOnly.
func (r FeedReport) Skipped() int { return r.Old + r.Over + r.TitleOnly }

// Scope says what one fetch of the pipeline's inputs may do.
type Scope struct {
	// Untrusted marks inputs a chat user typed: their URLs may reach only
	// public addresses.
	Untrusted bool
	// MaxPages is the most pages the fetch may make, feeds and the pages
	// of their items included; zero means no limit.
	MaxPages int
}
