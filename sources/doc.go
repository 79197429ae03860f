// Package sources turns inputs into news.Articles: it reads files,
// directories, standard input, web pages and feeds, and follows each input
// to the articles it holds.
//
// # The packages
//
// Load tells the story of one input; the packages under sources each own
// one concern of it, and know nothing of Load:
//
//   - fetch: the HTTP client (timeouts, size cap, retries, per-host
//     limits, conditional GET), the guard that keeps untrusted fetches on
//     public addresses, and canonical URLs;
//   - feed: feeds (RSS, Atom, JSON Feed) and subscription lists (OPML, a
//     list of URLs), item by item;
//   - page: one document — an HTML page or a plain-text article — to an
//     article: extraction, headline, outlet, date, language, the bounds on
//     what is parsed;
//   - clean: the cleaning rules that keep only article text, encoding
//     repair, and the word and line measures the others share;
//   - dedupe: the same article counted once however it arrives.
//
// Dependencies run one way: fetch and clean stand alone, page builds on
// them, feed on page, dedupe on fetch and clean, and sources on all.
//
// # Loading
//
// Load is the one entry point for every kind of input: a path, a folder,
// "-", an http(s) URL whose body is a page, an RSS 2.0 / Atom / JSON Feed
// feed, a list of URLs or an OPML file. A feed item that carries only a
// teaser is followed to its page; if the page fails, the teaser is kept,
// the article is marked Teaser, and the failure is reported. Every failure
// is per source and named ("fetch https://…: HTTP 404", "parse feed …:
// not a feed (text/html)"); one bad source never spoils the others, and
// what was gathered is kept when the context ends. Inputs a chat user
// typed are Untrusted: local paths are refused and every fetch may reach
// only public addresses. MaxPages bounds the fetches of one Load, feeds
// and the pages of their items included: items beyond it keep their
// teasers. A Window bounds the items read from each feed, and a
// FeedReport says what became of them.
//
// # Memory
//
// Reading a document takes about fifteen times its size for a moment, so
// the process reads at most 8 MB of documents at a time (a larger one
// alone), and a fetch waits while 16 MB of fetched documents wait to be
// read: whatever the Loads under way, the documents in hand stay within a
// few hundred MB (see gate). A document nested deeper than page.MaxDepth is
// refused before it is parsed. MaxText keeps only the head of each
// article a Load returns.
//
// # Reading files
//
// ReadPaths reads a list of inputs ("-" is standard input, a directory is
// its regular files in name order) and returns every article it could
// read with one error per input that failed. Errors name the input and the
// problem and wrap a sentinel: "read x.txt: empty file" (page.ErrEmpty),
// "read x.bin: binary file" (page.ErrBinary), "read x.txt: no article
// text" (page.ErrNoText), "read dir/: no articles" (page.ErrNoArticles),
// "read big.txt: file exceeds 20 MB" (page.ErrTooLarge). No input is read
// beyond page.MaxFileSize.
//
// Load does not deduplicate: pass its articles to dedupe.Dedupe.
package sources
