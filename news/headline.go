package news

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Headline sizes, in whitespace words.
const (
	// MaxHeadlineWords is the longest a headline may be: a line of more
	// words is a standfirst or a paragraph.
	MaxHeadlineWords = 20
	// MinHeadlineWords is the shortest: fewer words are a label, a name or
	// a section ("Top Stories", "World").
	MinHeadlineWords = 3
)

// Headline cleans s as a headline — white space collapsed, a final
// period after a short clause dropped — and reports whether it is one: a
// title-like line of MinHeadlineWords to MaxHeadlineWords words that names
// something, not a description, a paragraph or page furniture. It is false
// for a line of several sentences, a sentence of eight words or more that
// ends with a period, a truncated line (ending in a comma, a colon, an
// ellipsis or a word such as "the"), a line opening in lower case or with
// a list marker, and for boilerplate: share counts and social buttons,
// box labels ("Story highlights"), robot checks and error pages, credits
// ("Directed by …", "With A, B and C"), bylines and author lines,
// newsletter and subscription prompts, advertisements, captions and
// gallery counters, navigation, section names, a site's name, a date
// alone. The rules rest on the line's shape and small closed word lists.
// When it is false, the cleaned string is still returned.
func Headline(s string) (string, bool) {
	t := strings.Join(strings.Fields(s), " ")
	words := CountWords(t)
	period := endsWithPeriod(t)
	if period {
		t = strings.TrimSuffix(t, ".")
	}
	for _, stop := range []string{"。", "۔"} {
		if strings.HasSuffix(t, stop) {
			// The full stop of Chinese, Japanese or Urdu.
			period, t = true, strings.TrimSuffix(t, stop)
		}
	}
	if words < MinHeadlineWords || words > MaxHeadlineWords || letterCount(t) < 6 {
		return t, false
	}
	if period && words >= 8 {
		return t, false // a sentence, not a title
	}
	return t, headlineShape(t) && !boilerplate(t)
}

// headlineShape reports whether t has a headline's outline: it opens like
// one and is one whole clause that does not trail off.
func headlineShape(t string) bool {
	first, _ := utf8.DecodeRuneInString(t)
	if strings.ContainsRune("•·-–—*►▶>|/#=+~", first) {
		return false // a list item, a signature or a separator
	}
	fw := strings.Fields(t)[0]
	if unicode.IsLower(first) && !hasUpper(fw) {
		return false // a piece of running text ("iPhone" is a name)
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	if strings.ContainsRune(",;:…(-–—/|&，、；：", last) || strings.HasSuffix(t, "...") {
		return false // cut off
	}
	lw := strings.ToLower(strings.Trim(lastField(t), "\"'“”‘’"))
	if trailWords[lw] {
		return false
	}
	if strings.ContainsAny(t, ".!?") && headlineRE().sentenceBreak.MatchString(t) || strings.ContainsAny(strings.TrimRight(t, "。！？۔؟!?"), "。！？۔؟") {
		return false // several sentences
	}
	if strings.Count(t, " | ") >= 2 || strings.Count(t, " > ") >= 2 || strings.Count(t, " · ") >= 2 || strings.Count(t, " / ") >= 2 {
		return false // a navigation bar or breadcrumb
	}
	return true
}

// boilerplate reports whether t is page furniture rather than a title.
func boilerplate(t string) bool {
	re := headlineRE()
	lower := strings.ToLower(t)
	for _, f := range re.furniture {
		if (f.maybe == nil || f.maybe(lower)) && f.re.MatchString(lower) {
			return true
		}
	}
	if re.byline.MatchString(t) || re.credits.MatchString(t) || re.nameAge.MatchString(t) {
		return true
	}
	if f := strings.Fields(lower); releaseWords[f[0]] && onlyWords(strings.Join(f[1:], " "), dateWords) {
		return true // "Opens Dec. 11", "Runtime 118 min"
	}
	return onlyWords(lower, dateWords) || onlyWords(lower, sectionWords) || siteName(t)
}

// onlyWords reports whether every word of lower (letters and digits
// only; a number counts as a date word) is in set.
func onlyWords(lower string, set map[string]bool) bool {
	n := 0
	for _, w := range strings.FieldsFunc(lower, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if set[w] || set["#"] && isNumber(w) {
			n++
			continue
		}
		return false
	}
	return n > 0
}

// siteName reports whether t is an outlet's name alone: at most four
// words, each capitalised, the last a word outlets are named with ("The
// Valley Times", "Harwick Evening Courier").
func siteName(t string) bool {
	ws := strings.Fields(t)
	if len(ws) > 4 {
		return false
	}
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return siteWords[strings.ToLower(strings.Trim(ws[len(ws)-1], ".,"))]
}

// endsWithPeriod reports whether t ends with a full stop that closes a
// sentence, not an abbreviation's ("U.S.", "Inc.") nor an ellipsis.
func endsWithPeriod(t string) bool {
	if !strings.HasSuffix(t, ".") || strings.HasSuffix(t, "..") {
		return false
	}
	w := strings.TrimSuffix(lastField(t), ".")
	if strings.Contains(w, ".") || abbreviations[strings.ToLower(w)] {
		return false
	}
	r, _ := utf8.DecodeRuneInString(w)
	return !(utf8.RuneCountInString(w) == 1 && unicode.IsUpper(r)) // an initial
}

func lastField(t string) string {
	if i := strings.LastIndexByte(t, ' '); i >= 0 {
		return t[i+1:]
	}
	return t
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

func letterCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return w != ""
}

// headlineRegexps are the expressions of the headline test, compiled on
// first use.
type headlineRegexps struct {
	sentenceBreak *regexp.Regexp // matched only when the line has one of .!?
	furniture     []furniture    // matched against the lower-cased line
	byline        *regexp.Regexp
	credits       *regexp.Regexp
	nameAge       *regexp.Regexp
}

// furniture is one expression of page furniture and, when not nil, a
// cheap test that every line it matches passes (maybe): most lines fail
// maybe and skip the expression. FuzzFurnitureMaybe checks that maybe
// never rejects a line that re matches.
type furniture struct {
	re    *regexp.Regexp
	maybe func(lower string) bool
}

// containsAny returns a test of whether a line contains one of subs.
func containsAny(subs ...string) func(string) bool {
	return func(s string) bool {
		for _, sub := range subs {
			if strings.Contains(s, sub) {
				return true
			}
		}
		return false
	}
}

// hasPrefixAny returns a test of whether a line opens with one of prefixes.
func hasPrefixAny(prefixes ...string) func(string) bool {
	return func(s string) bool {
		for _, p := range prefixes {
			if strings.HasPrefix(s, p) {
				return true
			}
		}
		return false
	}
}

// either returns a test that passes when a or b does.
func either(a, b func(string) bool) func(string) bool {
	return func(s string) bool { return a(s) || b(s) }
}

var headlineRE = sync.OnceValue(func() headlineRegexps {
	return headlineRegexps{
		// A sentence ends inside the line: a lower-case word of three
		// letters or more, a stop, a capital.
		sentenceBreak: regexp.MustCompile(`\p{Ll}{3}[.!?]["”’]? [\p{Lu}"“]`),
		furniture: []furniture{
			// Share counts and social buttons: "936 shares share tweet".
			{regexp.MustCompile(`^[\d,.]+k? (shares?|views|comments|likes)\b|\bshare (tweet|this|on (facebook|twitter|x)|via)\b|^(email|print|tweet|pin) this\b|\b(tweet|whatsapp|linkedin|pinterest) (email|share|pin)\b`),
				containsAny("share", "views", "comments", "likes", " this", " email", " pin")},
			// Box labels and widgets (anchored: cheap without a filter).
			{regexp.MustCompile(`^(story highlights|highlights|key points|key takeaways|quick looks|at a glance|in brief|related (stories|articles|coverage|links|content|news|videos?)|more (stories|news|from)|trending (now|stories)?|most (read|popular|viewed|shared)|recommended (for you|stories|reading)|top stories|editor'?s picks?|you (may|might) also like|read more|see also|what to read next|latest (news|stories|headlines)|about the (movie|film|show|series|book|author|album|game|play))\b`), nil},
			// Robot checks, error and access pages.
			{regexp.MustCompile(`captcha|\b(are you a robot|not a robot|verify (that )?you are (a )?human|prove you'?re human|unusual traffic|access (is )?denied|enable (javascript|cookies)|javascript is (disabled|required)|checking your browser|just a moment|request (was )?blocked|page not found|404 not found|403 forbidden|this page (is|was) (not available|removed)|something went wrong|an error occurred)\b`),
				containsAny("captcha", "robot", "human", "unusual traffic", "denied", "enable ", "javascript", "checking your browser",
					"just a moment", "blocked", "not found", "forbidden", "this page", "went wrong", "error occurred")},
			// Subscriptions, newsletters, calls to action, advertising.
			{regexp.MustCompile(`^(sign up|subscribe|subscribers only|follow us|click here|tap here|download (our|the) app|get the (latest|app)|don'?t miss|read (more|the full|full)|continue reading|watch( the)?( video| live)?:|watch (the )?(video|live)|advertisement|sponsored|paid (post|content)|promoted|copyright|log ?in|sign in|already a subscriber)\b|\b(newsletter|click here|advertisement|sponsored (content|post|by)|paid (post|content)|all rights reserved|log ?in to (continue|read)|sign in to (continue|read)|already a subscriber|subscribers only|cookie (policy|settings))\b|©`),
				either(hasPrefixAny("sign", "subscribe", "follow us", "click here", "tap here", "download", "get the", "don", "read ",
					"continue reading", "watch", "advertisement", "sponsored", "paid ", "promoted", "copyright", "log", "already"),
					containsAny("newsletter", "click here", "advertisement", "sponsored", "paid ", "all rights reserved", "login to",
						"log in to", "sign in to", "already a subscriber", "subscribers only", "cookie", "©"))},
			// Captions, credits and gallery counters.
			{regexp.MustCompile(`^(photo|image|photograph|picture|video|credit|source|image source|caption|file)s?:|^(image|photo|picture|slide) \d+ of \d+|^\d+ of \d+\b|\b(ap|afp|reuters|getty|epa|shutterstock|ap photo)/|/(ap|afp|getty images|reuters|epa)\b|\((ap|afp|reuters|getty images) photo|\bphoto (by|credit|courtesy)\b|\bfile photo\b|\bpictured\b|\bseen here\b|, (left|right|center|centre), |\((left|right|center|centre)\)`),
				either(hasPrefixAny("photo", "image", "picture", "video", "credit", "source", "caption", "file", "slide",
					"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
					containsAny("/", "photo", "pictured", "seen here", ", left, ", ", right, ", ", center, ", ", centre, ",
						"(left)", "(right)", "(center)", "(centre)"))},
			// Author lines: "Jane Doe is a staff writer", "Staff Writer".
			{regexp.MustCompile(`^\S+ \S+ (is|was) (a|an|the|our) .*\b(writer|reporter|correspondent|editor|columnist|contributor|journalist)\b|\b(staff|contributing|senior|associated press|special) (writer|reporter|correspondent)$`),
				containsAny("writer", "reporter", "correspondent", "editor", "columnist", "contributor", "journalist")},
		},
		// A name with an age, as under a portrait: "Jane Doe, 32, of Harwick".
		nameAge: regexp.MustCompile(`^[\p{Lu}][\p{L}.'’-]*(?: [\p{Lu}][\p{L}.'’-]*)+, \d{1,3},?(?: (?:of|from) .*)?$`),
		// "By Jane Doe", "BY JANE DOE AND JOHN ROE, Staff Writers".
		byline: regexp.MustCompile(`^(?:By|BY|Posted by|Written by|Words by|Reported by) [\p{Lu}][\p{L}.'’-]*(?:,? (?:and |AND |& )?[\p{Lu}][\p{L}.'’-]*)*(?:,? (?:[\p{Lu}][\p{L}]* )*(?:Writer|Reporter|Correspondent|Editor|Writers|Reporters)s?)?$`),
		// Film and broadcast credits: "Directed by …", "With A, B and C".
		credits: regexp.MustCompile(`^(?:(?:Directed|Written|Produced|Created|Edited|Photographed|Illustrated|Narrated|Compiled|Translated|Hosted|Presented|Sponsored|Powered|Brought to you|Music|Screenplay|Story) by\b|(?:Stars?|Cast|Starring|Featuring|Directors?|Writers?|Producers?|Screenplay|Genre|Runtime|Running time|Rated|Rating|Credits?|Studio|Distributor)\s*:|(?:With|Starring|Featuring) (?:[\p{Lu}][\p{L}.'’-]* ?)+(?:, (?:[\p{Lu}][\p{L}.'’-]* ?)+)*,? (?:and|&) (?:[\p{Lu}][\p{L}.'’-]* ?)+$)`),
	}
})

// trailWords end a line that was cut off: a title does not end on them.
var trailWords = wordList("the", "a", "an", "and", "or", "but", "of", "to", "with", "for", "by", "from", "at", "as",
	"that", "which", "who", "whose", "his", "her", "its", "their", "our", "your", "my", "is", "are", "was", "were", "will", "would")

// abbreviations end with a period that is not a sentence's.
var abbreviations = wordList("inc", "corp", "co", "ltd", "jr", "sr", "st", "dr", "mr", "mrs", "ms", "no", "vs", "etc", "gov", "gen", "sen", "rep", "u.s", "u.k")

// dateWords make up a date or a time stamp; "#" admits numbers.
var dateWords = wordList("#", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
	"november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur",
	"thurs", "fri", "sat", "sun", "am", "pm", "a", "m", "p", "et", "est", "edt", "ct", "cst", "cdt", "pt", "pst", "pdt", "gmt",
	"utc", "bst", "cet", "cest", "updated", "published", "posted", "last", "modified", "on", "at", "today", "yesterday",
	"st", "nd", "rd", "th", "of", "hours", "hour", "minutes", "minute", "ago", "mins", "hrs", "h", "min", "read")

// sectionWords name the sections of a news site; a line of nothing
// else is a section heading or a menu.
var sectionWords = wordList("news", "world", "us", "u", "s", "uk", "politics", "business", "tech", "technology", "science",
	"health", "sport", "sports", "entertainment", "arts", "art", "culture", "lifestyle", "life", "opinion", "opinions",
	"local", "national", "international", "weather", "travel", "food", "style", "money", "markets", "market", "home",
	"video", "videos", "photos", "photo", "gallery", "breaking", "latest", "top", "story", "stories", "crime", "education",
	"environment", "climate", "media", "economy", "finance", "autos", "real", "estate", "and", "the", "more", "features",
	"analysis", "commentary", "editorial", "editorials", "letters", "obituaries", "religion", "books", "music", "movies",
	"film", "tv", "television", "celebrity", "celebrities", "global", "europe", "asia", "africa", "americas", "middle", "east",
	"region", "metro", "city", "state", "nation", "living", "podcasts", "podcast", "live", "today", "daily", "briefing",
	"newsletters", "trending", "popular", "must", "reads", "read", "in", "case", "you", "missed", "it", "&")

// siteWords end the names of news outlets.
var siteWords = wordList("times", "post", "news", "daily", "herald", "tribune", "journal", "gazette", "courier", "chronicle",
	"telegraph", "guardian", "independent", "press", "radio", "tv", "network", "online", "magazine", "weekly",
	"observer", "inquirer", "mail", "express", "bulletin", "dispatch", "register", "examiner", "wire", "media",
	"newspaper", "sentinel", "ledger", "globe", "mirror", "broadcasting", "channel", "insider")

// releaseWords open the release line of a film or a show's listing.
var releaseWords = wordList("opens", "opening", "released", "premieres", "airs", "runtime", "rated", "running")

func wordList(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
