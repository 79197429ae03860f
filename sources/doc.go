// Package sources turns inputs into clean news.Articles: it reads files,
// directories and standard input, recognises HTML by its content and
// extracts a page's main text, decodes legacy encodings, and reduces every
// article to its running text.
//
// # Reading
//
// ReadPaths reads a list of inputs ("-" is standard input, a directory is
// its regular files in name order) and returns every article it could
// read with one error per input that failed. Errors name the input and the
// problem and wrap a sentinel: "read x.txt: empty file" (ErrEmpty), "read
// x.bin: binary file" (ErrBinary), "read x.txt: no article text"
// (ErrNoText), "read dir/: no articles" (ErrNoArticles), "read big.txt:
// file exceeds 20 MB" (ErrTooLarge). No input is read beyond MaxFileSize.
//
// # Extraction
//
// HTML is reduced to its main text with codeberg.org/readeck/go-readability
// (Readability.js 0.6; the measurements behind that choice are in
// READABILITY.md), rendered one block per line, and then cleaned like any
// text. Its title is og:title, else <title>, else the first <h1>, without
// the outlet's name; its outlet is og:site_name. Text that is not valid
// UTF-8 is read as Windows-1252, and mojibake (UTF-8 once decoded as
// Windows-1252 or Latin-1) is repaired.
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
// near the top, and the outlet is what the text says about itself (a
// dateline such as "(Reuters) -", a copyright line, "Follow AP coverage"),
// never a photo credit, which outlets share; failing that, the outlet is
// the file name.
package sources
