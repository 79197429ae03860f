// Package clean reduces text to what a reader would call article text,
// one paragraph per line, and holds the measures of words and lines that
// the other sources packages share.
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
// line into sentences knowing that no sentence crosses a line. Lines
// cleans text already split by SplitLines.
//
// # Encodings
//
// Text that is not valid UTF-8 is read as Windows-1252
// (DecodeWindows1252), and mojibake (UTF-8 once decoded as Windows-1252
// or Latin-1) is repaired line by line (NormalizeLine).
//
// # Words and lines
//
// WordCount, NormKey (a line's identity for repeats and duplicates),
// EndsSentence, HeadingLike and their kin measure a line the same way
// wherever the sources packages look at one: the page's title and outlet
// detection, the feed's teasers, Dedupe's titles.
package clean
