// Package sources turns inputs into clean news.Articles: it reads files,
// directories, standard input, web pages and feeds, recognises HTML and
// feeds by their content, extracts a page's main text, decodes legacy
// encodings, reduces every article to its running text, and counts the
// same article once however it arrives.
//
// # Loading
//
// Load is the one entry point for every kind of input: a path, a folder,
// "-", an http(s) URL whose body is a page, an RSS 2.0 / Atom / JSON Feed
// feed (parsed with github.com/mmcdole/gofeed), a list of URLs or an OPML
// file. A feed item that carries only a teaser is followed to its page; if
// the page fails, the teaser is kept, the article is marked Teaser, and the
// failure is reported. Every failure is per source and named ("fetch
// https://…: HTTP 404", "parse feed …: not a feed (text/html)"); one bad
// source never spoils the others, and what was gathered is kept when the
// context ends. Inputs a chat user typed are Untrusted: local paths are
// refused and every fetch may reach only public addresses. MaxPages bounds
// the fetches of one Load, feeds and the pages of their items included:
// items beyond it keep their teasers.
//
// # Fetching
//
// fetch.Client is the one HTTP client: a timeout per request and the caller's
// deadline, a 5 MB body cap (read through a limited reader, gzip included),
// a redirect limit, a descriptive User-Agent, a per-host concurrency limit,
// conditional GET (Validators), and retries with jittered backoff on 5xx,
// timeouts and resets only. For untrusted requests a guard refuses
// loopback, private, link-local, documentation, benchmarking and other
// non-public addresses, and this host's own interface addresses (listed
// afresh at each connection, as DHCP and containers change them), on the
// resolved address at connect time and on every redirect, so DNS rebinding
// and redirects cannot reach them; fetch.ClientOptions.Allow lets ranges through
// (the host's own addresses only when named alone).
//
// # Memory
//
// A page, an XML feed or a subscription list whose elements nest deeper
// than page.MaxDepth (512) is refused with page.ErrTooDeep before it is parsed: a
// feed parser builds a tree of every level, and one 4.9 MB document of
// nested elements took it to 485 MB. Reading a document takes about
// fifteen times its size for a moment, so the process reads at most 8 MB
// of documents at a time (a larger one alone), and a fetch waits while
// 16 MB of fetched documents wait to be read: whatever the Loads under
// way, the documents in hand stay within a few hundred MB. MaxText keeps
// only the head of each article a Load returns.
//
// # The same article once
//
// fetch.CanonicalURL strips tracking parameters, AMP and mobile variants and
// other spellings of one address; Dedupe merges articles with the same
// canonical URL, the same item re-published, the same outlet and title,
// and syndicated copies with near-identical bodies (MinHash over 5-word
// shingles with LSH, confirmed by Jaccard ≥ 0.8), keeping the most complete.
//
// # Reading files
//
// ReadPaths reads a list of inputs ("-" is standard input, a directory is
// its regular files in name order) and returns every article it could
// read with one error per input that failed. Errors name the input and the
// problem and wrap a sentinel: "read x.txt: empty file" (page.ErrEmpty), "read
// x.bin: binary file" (page.ErrBinary), "read x.txt: no article text"
// (page.ErrNoText), "read dir/: no articles" (page.ErrNoArticles), "read big.txt:
// file exceeds 20 MB" (page.ErrTooLarge). No input is read beyond page.MaxFileSize.
//
// # Extraction
//
// HTML is reduced to its main text with codeberg.org/readeck/go-readability
// (Readability.js 0.6; the measurements behind that choice are in
// READABILITY.md), rendered one block per line, and then cleaned like any
// text. Its title is og:title, else <title>, else the first <h1>, without
// the outlet's name; its outlet is found as described below. Text that is not valid
// UTF-8 is read as Windows-1252, and mojibake (UTF-8 once decoded as
// Windows-1252 or Latin-1) is repaired.
//
// # Language
//
// Every article's Language is detected from its headline and the opening of
// its text (package lang). What the source declares is a hint, taken only
// when the text is too short to tell or the detector is unsure between it
// and others: for a page, <html lang>, a <meta> Content-Language or
// language, og:locale, then its server's Content-Language header; for a
// feed item, its dc:language, then the feed's <language>, xml:lang or JSON
// Feed language (and a followed item's page declares before its feed). A
// text that clearly says otherwise wins: pages often declare their
// template's language, not the article's.
//
// # Cleaning
//
// Clean keeps what a reader would call article text, one paragraph per
// line: it removes photo captions and credits, bylines and datelines,
// section headings, navigation and footers, share, rating and newsletter
// widgets, source references and URLs, and repeated or truncated copies of
// paragraphs, and keeps list items as lines of their own. Its rules work
// on lines and paragraphs, before any sentence splitting, and describe how
// such lines are built in any news text (a credit in parentheses closing a
// caption, a present-tense caption ending on a full date, a slash-separated
// byline), never a particular article. The summarizer can then split each
// line into sentences knowing that no sentence crosses a line.
//
// For a plain-text article the headline is the first headline-like line
// near the top.
//
// # Outlets
//
// An article's outlet is the first of these that names a publication:
//
//  1. for a feed item, the <source> an aggregator gives it;
//  2. the page's metadata: og:site_name, then the JSON-LD article's
//     publisher (else its sourceOrganization, else the WebSite,
//     Periodical or Newspaper it is part of; never a Person), then
//     application-name (twitter:site is a handle, not a name);
//  3. what the text says about itself: a dateline such as "(Reuters) -",
//     a slash byline, a copyright line, "Follow AP coverage" (never a
//     photo credit, which outlets share), or, atop a text file named after
//     it, a masthead above the headline ("Tane Valley Public Radio" in
//     tane-valley-radio.txt);
//  4. the feed's title, without a section ("The Valley Times – Local" and
//     "World news | The Guardian" name "The Valley Times" and "The
//     Guardian"; "Top Stories" names none);
//  5. the host of the web address without "www." ("theguardian.com"): the
//     final address of a fetched page, the item's link, the address a
//     saved page gives for itself (rel=canonical, og:url).
//
// A value that is not a name is passed over: digits ("1"), placeholders
// ("(source)", "{{site_name}}", "unknown"), handles ("@nytimes"), slugs
// ("tane-valley-radio": the host names the outlet better, and a slug is
// never title-cased into a guess). A company's legal suffix is dropped
// when a name remains ("The New York Times Company" is "The New York
// Times"; "News Corp" stays). A local file or standard input that names
// no outlet has none: its file name is not an outlet, and the renderers
// show it only in the list of sources.
package sources
