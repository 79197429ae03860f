// Package render writes a news.Digest as text a person or a program reads:
// plain text for a terminal, Markdown for files and chat, and JSON for other
// programs.
//
// The text format is for a terminal: the headline underlined, one line per
// bullet naming the outlets that carry it, then a numbered list of sources.
// It never wraps lines (terminals do), and it drops control characters from
// article text so that an article cannot move the cursor or recolour the
// screen.
//
// The Markdown format escapes every character from an article that Markdown
// would read as markup, so an article's "*" or "[1]" shows as written. A
// bullet with evidence ends with a footnote reference per article
// ("[^1][^2]", GitHub-flavoured footnotes, numbered through a brief), and
// the footnotes after the sources quote each article's sentence:
// "[^1]: AP: “…” <https://…>".
//
// The JSON format is a stable interface; fields are only ever added:
//
//	{
//	  "title": "…",
//	  "language": "fr",
//	  "bullets": [{"text": "…", "score": 0.1234, "sources": ["AP", "Reuters"],
//	               "evidence": [{"source": "AP", "url": "https://…", "sentence": "…"}]}],
//	  "articles": [{"outlet": "AP", "title": "…", "url": "https://…", "language": "fr"}]
//	}
//
// "sources" are the distinct outlet names of the bullet's articles
// (news.Digest.Outlets); "evidence" holds, for each article of the
// bullet, the sentence of it that states the bullet's fact — the
// sentence the bullet was cut from first — with the article's outlet
// (else its file name) and URL; scores are rounded to four decimals;
// arrays are never null; "language" is an ISO 639-1 code, "" when
// unknown (the digest's is the language most of its articles are in). A
// brief of several stories is {"stories": [<digest>, …]}.
//
// It also words what went wrong in making a brief, one line each, as the
// commands print it: the feeds that could not be read (NoFeedRead), the
// items a feed's window left out (ItemsLeftOut), why nothing could be
// made (NothingToBrief).
package render
