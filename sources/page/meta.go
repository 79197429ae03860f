package page

import (
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources/clean"
	"github.com/digestbot/digestbot/sources/fetch"
	"github.com/digestbot/digestbot/sources/internal/lazyre"
)

// Finding an article's headline, outlet and date in its text.

// titleScanLines is how many non-empty lines at the top of a text file are
// searched for its headline.
const titleScanLines = 8

// minTitleAfterText is the fewest words of a headline that follows a
// paragraph (a standfirst): a shorter line there is a section heading.
const minTitleAfterText = 5

// reSectionLabel matches the generic labels that open the body of a text
// without a headline ("Introduction", "Story highlights"): a headline
// never comes after them.
var reSectionLabel = lazyre.New(`(?i)^(?:introduction|summary|overview|abstract|background|contents|table of contents|key points|highlights|story highlights|in brief)$`)

// detectTitle returns the headline of a plain-text article: the first
// line at its top that reads as one — 4 to news.MaxHeadlineWords words
// that start with a capital, do not end a sentence with a period, pass
// news.Headline and are not a caption, credit, byline or navigation line;
// "" when there is none. The top ends where the body begins: at the second
// paragraph of running text (a standfirst may come before a headline of
// minTitleAfterText words or more),
// at a section label, or after titleScanLines lines. A line from inside the
// text — a related story's link, a pull quote, an author's note — is never
// taken.
func detectTitle(lines []string) string {
	seen, paragraphs := 0, 0
	for _, l := range lines {
		if l == "" {
			continue
		}
		if seen++; seen > titleScanLines {
			break
		}
		if reSectionLabel.MatchString(strings.TrimRight(l, ":. ")) {
			return ""
		}
		l, _ = clean.StripEdges(l)
		w := clean.WordCount(l)
		if t, ok := titleLine(l, w); ok && (paragraphs == 0 || w >= minTitleAfterText) {
			return t
		}
		if !clean.HeadingLike(l, w) {
			if paragraphs++; paragraphs >= 2 {
				break // the body has begun
			}
		}
	}
	return ""
}

// titleLine reports whether a line of w words at the top of a text reads
// as its headline, and returns it cleaned.
func titleLine(l string, w int) (string, bool) {
	if w < 4 || w > news.MaxHeadlineWords || hasSentenceBreak(l) {
		return "", false
	}
	if last, _ := utf8.DecodeLastRuneInString(clean.TrimClosers(l)); !unicode.IsLetter(last) && !unicode.IsDigit(last) && last != '?' && last != '!' || strings.HasSuffix(l, ")") {
		return "", false
	}
	t := clean.TrimClosers(l)
	if strings.HasSuffix(t, ".") || strings.HasSuffix(t, "…") || strings.HasSuffix(t, ",") || strings.HasSuffix(t, ";") || strings.HasSuffix(t, ":") {
		return "", false
	}
	if !titleOpening([]rune(l)[0]) || dateLine(l) {
		return "", false
	}
	if (strings.HasSuffix(t, "?") || strings.HasSuffix(t, "!")) && !clean.IsTitleCase(l) {
		return "", false
	}
	if strings.Count(l, "/ ") >= 3 || strings.ContainsAny(l, "“\"") && !clean.IsTitleCase(l) || clean.EndsQuote(l) {
		return "", false
	}
	if strings.Count(l, " | ") >= 2 || strings.Count(l, " · ") >= 2 || strings.Count(l, " > ") >= 2 {
		return "", false // a navigation bar or breadcrumb: "Home | News | Local"
	}
	if clean.JunkRule(l, w, 0) != "" {
		return "", false
	}
	t = CleanTitle(l, "")
	if _, ok := news.Headline(t); !ok {
		return "", false
	}
	return t, true
}

// titleOpening reports whether a headline may open with r: a capital of
// any script, a digit, an opening quote, or a letter of a script without
// case (Chinese, Japanese, Arabic, Urdu, Hindi …).
func titleOpening(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsTitle(r) || unicode.IsDigit(r) || strings.ContainsRune("“\"‘'«„", r) ||
		unicode.IsLetter(r) && !unicode.IsLower(r) && r > 0x7F
}

// dateLine reports whether a line is a date or a time stamp rather than
// words ("12 января 2026, 18:40", "2025-07-09 10:12", "24. 10. 2025"):
// fewer than half its characters are letters.
func dateLine(l string) bool {
	letters, other := 0, 0
	for _, r := range l {
		switch {
		case unicode.IsLetter(r):
			letters++
		case !unicode.IsSpace(r):
			other++
		}
	}
	return letters < other
}

// reSentenceBreak finds a period that ends a sentence inside a line: after
// a lower-case word of three letters or more, before a capital.
var reSentenceBreak = lazyre.New(`\p{Ll}{3}[.!?]["”’]? [\p{Lu}"“]`)

// hasSentenceBreak reports whether s holds more than one sentence.
func hasSentenceBreak(s string) bool {
	return reSentenceBreak.MatchString(s)
}

// sameOutlet reports whether a and b name the same outlet, ignoring case
// and a leading "The".
func sameOutlet(a, b string) bool {
	norm := func(s string) string {
		return strings.TrimPrefix(clean.NormKey(s), "the ")
	}
	return norm(a) != "" && norm(a) == norm(b)
}

// knownOutlets are outlet names that headlines often carry as a suffix.
var knownOutlets = []string{"Reuters", "AP", "AP News", "Associated Press", "The Associated Press", "AFP", "CNN", "BBC", "BBC News",
	"NPR", "Fox News", "NBC News", "CBS News", "ABC News", "The Guardian", "The New York Times", "The Washington Post", "Al Jazeera",
	"Bloomberg", "Politico", "POLITICO", "Axios", "USA Today", "USA TODAY", "WSJ", "The Wall Street Journal", "Financial Times",
	"The Hill", "CNBC", "Sky News", "Newsweek", "Time", "The Independent", "The Telegraph", "Daily Mail", "Euronews", "DW",
	"France 24", "Newslooks", "MarketWatch", "Yahoo News"}

var reTitleSep = lazyre.New(` (?:\||-|–|—|::|·|/) `)

// CleanTitle removes an outlet's name from the end of a headline
// ("… - Reuters", "… | CNN", "… | The Valley Times | Local"): always when
// it is site (the page's own name) or a known outlet, and after " | " or
// " :: " when the tail is at most four words.
func CleanTitle(title, site string) string {
	title = strings.Join(strings.Fields(title), " ")
	for range 3 {
		locs := reTitleSep.FindAllStringIndex(title, -1)
		if len(locs) == 0 {
			break
		}
		last := locs[len(locs)-1]
		headPart, tailPart := strings.TrimSpace(title[:last[0]]), strings.TrimSpace(title[last[1]:])
		sep := strings.TrimSpace(title[last[0]:last[1]])
		if clean.WordCount(headPart) < 3 {
			break
		}
		strip := site != "" && sameOutlet(tailPart, site)
		for _, o := range knownOutlets {
			if strings.EqualFold(tailPart, o) {
				strip = true
			}
		}
		if (sep == "|" || sep == "::" || sep == "·") && clean.WordCount(tailPart) <= 4 {
			strip = true
		}
		if !strip {
			break
		}
		title = headPart
	}
	// "Site | Title" and "Site: Title" put the name first.
	if site != "" {
		for _, sep := range []string{" | ", ": ", " - ", " – "} {
			if i := strings.Index(title, sep); i > 0 && sameOutlet(title[:i], site) && clean.WordCount(title[i+len(sep):]) >= 3 {
				title = title[i+len(sep):]
				break
			}
		}
	}
	return title
}

var (
	// "WASHINGTON (AP) —", "LOS ANGELES (Reuters) -", "(CNN) —".
	reDatelineOutlet = lazyre.New(`^(?:[\p{Lu}][\p{Lu}\p{M}.'’ -]*(?:, [\p{L}.' ]{2,30})?(?:, ` + clean.Month + ` ?\d{1,2})? ?)?\(([\p{Lu}][\w.&' -]{1,30})\) ?(?:—|–|-{1,2}|[\p{Lu}])`)
	// "Follow AP coverage of the war at …".
	reFollowCoverage = lazyre.New(`^Follow (?:the )?([\p{Lu}][\w.&'-]*(?: [\p{Lu}][\w.&'-]*){0,3})['’]?s? (?:coverage|reporting|live coverage)\b`)
	// "More from MarketWatch".
	reMoreFromOutlet = lazyre.New(`^More from ([\p{Lu}][\w.&'-]*(?: [\p{Lu}][\w.&'-]*){0,2}):?$`)
	// "Copyright 2017 by WKMG ClickOrlando - All rights reserved.",
	// "© 2024 Reuters", "All rights reserved ©Worldcrunch".
	reCopyrightOutlet = lazyre.New(`(?i)(?:©|\(c\)|copyright)(?:\s*(?:©|\(c\)|copyright))*\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?,?\s*)?(?:by\s+)?([\p{Lu}][\p{L}\d.&'’ -]{1,60}?)(?:\s*\(|\s+-\s+|\s*[.,;|]\s|\.?$|\s+all rights|\s+tous droits|\s+powered by)`)
)

// DetectOutlet returns who published a plain-text article when the text
// says so: a slash-separated byline ("…/ Newslooks/ …"), a dateline
// ("(Reuters) -", "(CNN)"), a copyright line ("© 2024 Reuters"), "Follow AP
// coverage of …" or "More from MarketWatch". Photo credits ("(AP
// Photo/…)") and "… contributed to this report" are not taken: outlets
// republish wire pictures and wire reporting. It returns "" when the text
// does not say.
func DetectOutlet(lines []string) string {
	var dateline, copyright, follow, more string
	for i, l := range lines {
		if l == "" {
			continue
		}
		if i < 40 {
			if o := slashBylineOutlet(l); o != "" {
				return o
			}
			if dateline == "" {
				if m := reDatelineOutlet.FindStringSubmatch(clean.Head(l, 120)); m != nil {
					dateline = m[1]
				}
			}
		}
		if copyright == "" && clean.WordCount(l) <= 40 && (strings.HasPrefix(l, "©") || strings.HasPrefix(strings.ToLower(l), "copyright") ||
			strings.HasPrefix(l, "(c)") || strings.Contains(strings.ToLower(l), "rights reserved")) {
			if m := reCopyrightOutlet.FindStringSubmatch(l); m != nil {
				copyright = strings.TrimSpace(m[1])
			}
		}
		if follow == "" {
			if m := reFollowCoverage.FindStringSubmatch(l); m != nil {
				follow = m[1]
			}
		}
		if more == "" {
			if m := reMoreFromOutlet.FindStringSubmatch(l); m != nil {
				more = m[1]
			}
		}
	}
	for _, o := range []string{dateline, copyright, follow, more} {
		if o = NormalizeOutlet(o); o != "" {
			return o
		}
	}
	return ""
}

// slashBylineOutlet returns the outlet named in a slash-separated byline
// ("<Title>/ Newslooks/ WASHINGTON/ J. Mansour/ …"): the first field after
// the first that is one word not in capitals (a place) or a name starting
// with "The".
func slashBylineOutlet(l string) string {
	if strings.Count(clean.Head(l, 400), "/ ") < 3 || clean.StripSlashByline(l) == l {
		return ""
	}
	parts := strings.Split(l, "/ ")
	for _, p := range parts[1 : len(parts)-1] {
		p = strings.TrimSpace(p)
		w := clean.WordCount(p)
		if w == 1 && !clean.IsUpperLine(p) && clean.Letters(p) >= 2 || w <= 4 && strings.HasPrefix(p, "The ") {
			return p
		}
	}
	return ""
}

// NormalizeOutlet returns o as an outlet's name, or "" when it is none.
// It trims what surrounds a name, gives the usual short name of the wire
// services, takes the host of a web address, and strips a legal suffix
// ("The New York Times Company" is "The New York Times"); it refuses more
// than six words, and what only looks like a name: digits ("1"),
// placeholders ("(source)"), handles ("@nytimes") and slugs
// ("tane-valley-radio"). See isOutletName and stripLegalSuffix.
func NormalizeOutlet(o string) string {
	o = strings.Trim(strings.TrimSpace(o), " .,-–—:|")
	if fetch.IsHTTPURL(o) {
		return fetch.SiteHost(o)
	}
	switch strings.ToLower(o) {
	case "associated press", "the associated press", "ap", "ap news":
		return "AP"
	case "reuters", "thomson reuters":
		return "Reuters"
	case "agence france-presse", "afp":
		return "AFP"
	}
	if clean.WordCount(o) > 6 || !isOutletName(o) {
		return ""
	}
	return stripLegalSuffix(o)
}

// masthead returns the outlet's name when the text opens with it and the
// file is named after it: "Harwick Courier" atop harwick-courier.txt,
// "Tane Valley Public Radio" atop tane-valley-radio.txt (the file name's
// words, in order, among the line's, starting with its first).
func masthead(name string, lines []string) string {
	slug := strings.FieldsFunc(strings.ToLower(fileStem(name)), func(r rune) bool {
		return r == '-' || r == '_' || r == '.' || unicode.IsSpace(r)
	})
	if len(slug) == 0 {
		return ""
	}
	seen := 0
	for _, l := range lines {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		if seen++; seen > 3 {
			break
		}
		if w := clean.WordCount(l); w < 1 || w > 5 {
			continue
		}
		words := strings.Fields(strings.ToLower(l))
		if words[0] != slug[0] || len(slug) == 1 && len(words) > 1 || !isNameCase(l) {
			continue
		}
		k := 0
		for _, w := range words {
			if k < len(slug) && w == slug[k] {
				k++
			}
		}
		if k == len(slug) {
			return NormalizeOutlet(l)
		}
	}
	return ""
}

// isNameCase reports whether every word of s but the small ones
// ("of", "the") starts with a capital or a digit, as a name's words do:
// "Tane Valley Public Radio", not "Council approves barrier".
func isNameCase(s string) bool {
	for i, w := range strings.Fields(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && (i == 0 || !clean.SmallWords[strings.ToLower(w)]) {
			return false
		}
	}
	return true
}

// fileStem returns a file's name without its folders and extension.
func fileStem(name string) string {
	base := filepath.Base(name)
	if ext := filepath.Ext(base); ext != base {
		base = strings.TrimSuffix(base, ext)
	}
	if base == "." || base == string(filepath.Separator) {
		return ""
	}
	return base
}

var (
	reStampDate = lazyre.New(`(?i)^(?:updated|published|posted|last updated|first published)\b[^0-9]{0,40}?((?:` + clean.Month + `) ?\d{1,2},? \d{4}|\d{4}-\d{2}-\d{2})`)
	dateLayouts = []string{"January 2, 2006", "January 2 2006", "Jan. 2, 2006", "Jan 2, 2006", "Jan.2, 2006", "2006-01-02"}
)

// detectPublished returns the date of a "Published …" or "Updated: …"
// line near the top of a text, or the zero time.
func detectPublished(lines []string) time.Time {
	for i, l := range lines {
		if i > 40 {
			break
		}
		m := reStampDate.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		d := strings.Replace(m[1], "Sept.", "Sep.", 1)
		for _, layout := range dateLayouts {
			if t, err := time.Parse(layout, d); err == nil {
				return t
			}
		}
	}
	return time.Time{}
}
