// Package feed reads feeds and subscription lists: what a feed holds,
// item by item, on its way to articles.
//
// # Feeds
//
// Detect tells a feed by its content, never its name or Content-Type:
// RSS 2.0, RSS 1.0, Atom or JSON Feed (parsed with
// github.com/mmcdole/gofeed). UTF8 prepares a feed that is not UTF-8 and
// does not say so; ParseDoc parses it and Items turns its items into
// articles: the item's content rendered one block per line and cleaned as
// a page's text is (packages page and clean), without the "Read more"
// link that closes a teaser or the footers feed generators append. An
// item whose text is a teaser (under 80 words, or a description with no
// content) is marked Teaser, for the loader to complete from its page.
// An item's language hint is its dc:language, then the feed's
// <language>, xml:lang or JSON Feed language; its outlet is its <source>,
// else what its text names, else the feed's title without a section,
// else the host (Item.OutletFrom says which, so that a page read later
// can name it better).
//
// # Subscription lists
//
// SubscriptionList reads an OPML file, or a text file of http(s) URLs,
// one per line, with blank lines and "#" comments; a list with no feed
// URL fails with page.ErrNoArticles, a line or outline that is not an
// http(s) URL with fetch.ErrNotHTTP. An XML feed or list nested deeper
// than page.MaxDepth is refused before it is parsed.
package feed
