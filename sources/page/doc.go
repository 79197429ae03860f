// Package page turns one document — an HTML page or a plain-text
// article, from a file or a fetch — into a news.Article: its main text,
// headline, outlet, date and language.
//
// # Reading a document
//
// Parse reads one input's bytes: HTML is recognised by its content
// (LooksLikeHTML), not by the name, and reduced to its main text; plain
// text is decoded (UTF-8, UTF-16 with a byte-order mark, or
// Windows-1252/Latin-1) and cleaned. Fetched does the same for a page
// brought by a fetch, with its final URL and rel=canonical link, and
// DecodeBody decodes a fetched body by its charset first. Errors name the
// input and the problem and wrap a sentinel: "read x.txt: empty file"
// (ErrEmpty), "read x.bin: binary file" (ErrBinary), "read x.txt: no
// article text" (ErrNoText), "read big.txt: file exceeds 20 MB"
// (ErrTooLarge). No input is read beyond MaxFileSize.
//
// # Extraction
//
// HTML is reduced to its main text with codeberg.org/readeck/go-readability
// (Readability.js 0.6; the measurements behind that choice are in
// READABILITY.md), rendered one block per line (RenderBlocks), and then
// cleaned like any text (package clean). Its title is og:title, else
// <title>, else the first <h1>, without the outlet's name (CleanTitle).
// For a plain-text article the headline is the first headline-like line
// near the top.
//
// # Bounds
//
// A page, an XML feed or a subscription list whose elements nest deeper
// than MaxDepth (512) is refused with ErrTooDeep before it is parsed
// (CheckXMLDepth): a feed parser builds a tree of every level, and one
// 4.9 MB document of nested elements took it to 485 MB.
//
// # Language
//
// Every article's Language is detected from its headline and the opening of
// its text (package lang, DetectLanguage). What the source declares is a
// hint, taken only when the text is too short to tell or the detector is
// unsure between it and others: for a page, <html lang>, a <meta>
// Content-Language or language, og:locale, then its server's
// Content-Language header (DeclaredLanguage picks the first that names a
// language). A text that clearly says otherwise wins: pages often declare
// their template's language, not the article's.
//
// # Outlets
//
// An article's outlet is the first of these that names a publication:
//
//  1. for a feed item, the <source> an aggregator gives it (package feed);
//  2. the page's metadata: og:site_name, then the JSON-LD article's
//     publisher (else its sourceOrganization, else the WebSite,
//     Periodical or Newspaper it is part of; never a Person), then
//     application-name (twitter:site is a handle, not a name);
//  3. what the text says about itself (DetectOutlet): a dateline such as
//     "(Reuters) -", a slash byline, a copyright line, "Follow AP
//     coverage" (never a photo credit, which outlets share), or, atop a
//     text file named after it, a masthead above the headline ("Tane
//     Valley Public Radio" in tane-valley-radio.txt);
//  4. the feed's title, without a section ("The Valley Times – Local" and
//     "World news | The Guardian" name "The Valley Times" and "The
//     Guardian"; "Top Stories" names none);
//  5. the host of the web address without "www." ("theguardian.com"): the
//     final address of a fetched page, the item's link, the address a
//     saved page gives for itself (rel=canonical, og:url).
//
// A value that is not a name is passed over (NormalizeOutlet): digits
// ("1"), placeholders ("(source)", "{{site_name}}", "unknown"), handles
// ("@nytimes"), slugs ("tane-valley-radio": the host names the outlet
// better, and a slug is never title-cased into a guess). A company's legal
// suffix is dropped when a name remains ("The New York Times Company" is
// "The New York Times"; "News Corp" stays). A local file or standard input
// that names no outlet has none: its file name is not an outlet, and the
// renderers show it only in the list of sources.
package page
