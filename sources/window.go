package sources

import (
	"errors"
	"slices"
	"time"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources/feed"
)

// Window bounds what Load reads of a feed (news.FeedWindow). The zero
// Window reads every item.
type Window = news.FeedWindow

// FeedReport says what Load made of one feed's items (news.FeedReport).
type FeedReport = news.FeedReport

// ErrTitleOnly is wrapped by the error of an item that has only a title
// in its feed and whose page could not be read: the item is left out.
var ErrTitleOnly = errors.New("only a title in the feed: item skipped")

// ItemError is a problem with items of a feed that was read: a page that
// could not be read (the item kept its feed's teaser, or was left out
// when it had only a title), or pages left unfetched by MaxPages. The
// feed itself was read: a brief counts these as warnings, and only a
// feed that could not be read at all as a failure.
type ItemError struct {
	// Feed names the feed.
	Feed string
	// Err is the problem; it names the page.
	Err error
}

// Error returns the problem's message, which names the page.
func (e *ItemError) Error() string { return e.Err.Error() }

// Unwrap returns the problem.
func (e *ItemError) Unwrap() error { return e.Err }

// IsItemError reports whether err concerns only items of a feed that was
// read (an *ItemError), not a source that failed.
func IsItemError(err error) bool {
	var ie *ItemError
	return errors.As(err, &ie)
}

// windowFor returns the window of the feed named feed.
func (l *loader) windowFor(feed string) Window {
	if w, ok := l.opts.Windows[feed]; ok {
		return w
	}
	l.mu.Lock()
	w, ok := l.inherited[feed]
	l.mu.Unlock()
	if ok {
		return w
	}
	return l.opts.Window
}

// now is the time windows are measured from.
func (l *loader) now() time.Time {
	if l.opts.Now != nil {
		return l.opts.Now()
	}
	return time.Now()
}

// applyWindow returns the items of a feed that w keeps, in the feed's
// order, and how many it left out as old and as beyond MaxItems.
func applyWindow(w Window, items []feed.Item, now time.Time) (kept []feed.Item, old, over int) {
	kept = items
	if w.MaxAge > 0 {
		cut := now.Add(-w.MaxAge)
		kept = nil
		for _, it := range items {
			if p := it.Art.Published; !p.IsZero() && p.Before(cut) {
				old++
				continue
			}
			kept = append(kept, it)
		}
	}
	if w.MaxItems <= 0 || len(kept) <= w.MaxItems {
		return kept, old, 0
	}
	order := make([]int, len(kept))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		pa, pb := kept[a].Art.Published, kept[b].Art.Published
		switch {
		case pa.IsZero() && pb.IsZero():
			return 0
		case pa.IsZero():
			return 1
		case pb.IsZero():
			return -1
		}
		return pb.Compare(pa) // newest first
	})
	keep := make([]bool, len(kept))
	for _, i := range order[:w.MaxItems] {
		keep[i] = true
	}
	var out []feed.Item
	for i, it := range kept {
		if keep[i] {
			out = append(out, it)
		}
	}
	return out, old, len(kept) - len(out)
}
