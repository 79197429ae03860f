package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/sources/internal/lazyre"
)

// The line rules of Clean. Each rule looks at one paragraph (one line of
// the article) and either rewrites its edges (a dateline, a list marker, a
// URL) or says that the whole line is not article text and names why. The
// patterns are written for any news text, never for one article: they
// describe how captions, credits, bylines, footers and widgets are built.
// Regular expressions are compiled once, on first use (lazyre.Regexp:
// a process pays only for the rules its input reaches); the costly ones run
// only on the head or the tail of a line, or behind a cheap substring test.

const (
	// Month matches a month's name or its abbreviation, as datelines,
	// captions and time stamps write it.
	Month   = `(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sep(?:tember|t\.|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)`
	weekday = `(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)`
	// agency names the wire services and picture agencies that appear in
	// photo credits.
	agency = `(?:AP|AP Photo|AFP|Reuters|REUTERS|Getty Images|Getty|EPA|EPA-EFE|PA|PA Wire|PA Images|Bloomberg|NPR|Shutterstock|Xinhua|Sipa|SIPA|Pool|TASS|ANP|dpa|DPA|AAP|Kyodo|Yonhap|Anadolu|Alamy|NurPhoto|ZUMA|Handout|Staff|Staff Photographer|Associated Press|The Associated Press|European Pressphoto Agency)`
	// capName is one capitalised word of a name or organisation.
	capName = `[\p{Lu}][\p{L}\p{M}.'’&-]*`
)

var (
	// A list marker at the start of a line: bullets, dashes, numbers.
	reBullet = lazyre.New(`^(?:[•·▪◦‣●○■□►▶✓✔➤]|[-*–]|\d{1,2}[.)])\s+`)

	// A dateline at the start of a paragraph: "PARIS — ", "WASHINGTON
	// (AP) — ", "LOS ANGELES (Reuters) - ", "KYIV, Ukraine (AP) — ",
	// "WOODLAND HILLS >> ", "CAIRO—". The place is in capitals; a state or
	// country and an agency in parentheses may follow.
	reDatelineCaps = lazyre.New(`^[\p{Lu}][\p{Lu}\p{M}.'’]+(?:[ -][\p{Lu}][\p{Lu}\p{M}.'’]*){0,4}` +
		`(?:, ` + capName + `(?: ` + capName + `){0,3})?` +
		`(?:, ` + Month + ` ?\d{1,2})?` +
		`(?: ?\([^()]{1,40}\))? ?(?:—|–|-{1,2}|>>|\|) ?`)
	// "Paris, France – ": place and country in ordinary case, then a dash.
	reDatelineMixed = lazyre.New(`^` + capName + `(?: ` + capName + `){0,2}, ` + capName + `(?: ` + capName + `){0,2}` +
		`(?: \([^()]{1,40}\))? (?:—|–|-{1,2}) `)
	// "(CNN) — " or "(Reuters) -" opening a paragraph.
	reDatelineAgency = lazyre.New(`^\((?:[\p{Lu}][\w.&-]{1,24})(?: [\p{Lu}][\w.&-]*){0,2}\) ?(?:(?:—|–|-{1,2}) ?)?`)

	// Labels that open a paragraph and are not part of its sentence.
	reLabelPrefix = lazyre.New(`^(?:\[(?:UPDATE|Update|EDITOR'?S NOTE)[^\]]{0,40}\]|(?:UPDATE|Update|BREAKING|Breaking|EXCLUSIVE|Exclusive)(?: \d{1,2})?:)\s*`)

	// A picture credit in parentheses inside a paragraph: "(Image courtesy
	// of NASA.)", "(Photo: Jane Doe)".
	reInlineCredit = lazyre.New(` ?\((?:Image|Photo|Picture|Illustration|Graphic|Video|Map|Chart)s?(?: courtesy| credit|:| by| via)[^()]{1,120}\)`)
	reEmail        = lazyre.New(`[\w.+-]+@[\w-]+\.[\w.-]+`)
	// Wikipedia's reference marks and edit links: "[12]", "[ edit ]".
	reCitation = lazyre.New(`\[(?:\d{1,3}|[a-z]|citation needed|edit| edit |note \d+)\]`)

	// An embedded tweet: "… — Jane Doe (@janedoe) May 21, 2013".
	reTweet = lazyre.New(`(?:—|–|-{1,2}) ?[^()]{1,80} \(@\w{1,30}\) ` + Month + ` \d{1,2}, \d{4}$`)

	// "More on US News", "More from MarketWatch".
	reMoreFrom = lazyre.New(`^(?:more|latest|read more|more stories|more news) (?:on|from|in|about|of) `)
	// A label that introduces a list of links: "Read more:", "RELATED:".
	reListLabel = lazyre.New(`(?i)^(?:read more|read also|also read|related|related (?:stories|articles|coverage|content|links|reading|video)|` +
		`more (?:from|on) [^:]{1,40}|see also|more coverage|full coverage|further reading|recommended|you may also like|` +
		`most read|top stories|latest news|more stories|more|read next)\s*:?$`)
	// A label followed by a link on the same line: "Also read: …",
	// "RELATED: …", "PHOTOS: …".
	reLinkLabel = lazyre.New(`(?i)^(?:related\b[^:]{0,20}|also read|read more|read also|read next|related|related (?:stories|articles|coverage|content)|see also|` +
		`more (?:from|on) [^:]{1,40}|full coverage|more coverage|must read|don['’]t miss|recommended|trending|` +
		`photos?|videos?|watch|gallery|listen|audio|podcast|graphic|interactive|slideshow)\s*:`)

	// Calls to action: imperative lines that point the reader elsewhere.
	reCTA = lazyre.New(`^(?:see|watch|check out|click|tap|read|listen|discuss|download|visit|stay with|stay tuned|sign up|` +
		`subscribe|learn (?:more|how|why|what)|explore|follow|like us|share|enable|scroll|join us|join the|find (?:out more|all|more|the latest|us)|` +
		`get (?:the|our|breaking|daily|weekly|more|unlimited|full|free|exclusive|instant)\b.{0,60}\b(?:news|newsletter|inbox|alerts|latest|updates|app|access|stories|coverage|headlines|digest|delivered))(?:\s|:|$)`)
	reClickHere = lazyre.New(`(?i)\bclick here\b|\bclick (?:the|on) (?:link|button|image)\b|\btap here\b`)
	reFollowOn  = lazyre.New(`(?i)\b(?:follow|like) (?:us|me|him|her|them|[\p{Lu}][\p{L}.]*(?: [\p{Lu}][\p{L}.]*){0,2}) on (?:twitter|facebook|instagram|linkedin|tiktok|youtube|threads|bluesky|x\b)|` +
		`\bfollow @\w+|\bfollow [^.]{1,60} coverage\b|\bon twitter at @?\w+`)
	reNewsletter = lazyre.New(`(?i)^(?:get|sign up|subscribe|join|receive)\b.{0,80}\b(?:newsletter|inbox|e-?mails?|alerts|updates|digest)\b|` +
		`\b(?:sign up|subscribe) (?:for|to) (?:our|the|my|his|her|their)\b.{0,50}\b(?:newsletter|e-?mails?|alerts|updates|digest)\b|` +
		`\bthanks? (?:you )?for (?:subscribing|signing up)\b|\binvalid e-?mail\b|\bcould not subscribe\b|` +
		`\bnewsletter\b.{0,60}\b(?:sign up|subscribe|inbox)\b`)
	// Rating and feedback widgets.
	reWidget = lazyre.New(`(?i)^(?:how useful was this (?:article|post|story|page)\??|click on a star to rate it!?|` +
		`average rating [\d.]+ ?/ ?\d+\.? ?vote count: ?\d+\.?|no votes so far!? be the first to rate this (?:article|post|story)\.?|` +
		`help us improve\.?|(?:was|is|did you find) this (?:article|story|page|post|information)(?: helpful| useful)?\??|` +
		`we are sorry that this (?:post|article) was not useful for you!?|let us improve this (?:post|article)!?|` +
		`tell us how we can improve this (?:post|article)\??|thanks? (?:you )?for (?:your feedback|reading|rating)!?|` +
		`(?:rate|share) this (?:article|story|post)[!.]?|spotted an error\?.*|report an? (?:error|typo|correction).*|` +
		`submit (?:a )?correction.*|yes no|thumbs up|thumbs down)$`)

	// Caption widgets and picture blocks.
	reCaptionWidget = lazyre.New(`(?i)^(?:(?:cover|toggle|hide|show|itoggle) caption|enlarge this image|view (?:image|gallery|photos)|` +
		`(?:image|photo|picture) \d+ of \d+|open gallery|expand)$`)
	reCaptionStart = lazyre.New(`(?i)^(?:image caption|media caption|image copyright|photo caption|caption:|photos?:|image:|` +
		`picture:|photograph:|illustration:|graphic:|video:|credit:|photo credit:|image source:|source image:|enlarge (?:this )?image\b|` +
		`view images?\b|(?:embed )?more news videos|embed\b|\d+ of \d+\.? |getty images\b|ap photo\b|` +
		`(?:facebook|twitter|pinterest|whatsapp|linkedin|email|share)(?: (?:facebook|twitter|pinterest|whatsapp|linkedin|email|share|print|copy link)){1,}\b|` +
		`[\p{L}.'’-]+(?: [\p{L}.'’-]+){0,3} ?/ ?via\b)`)
	// A credit in parentheses closing a caption: "(AP Photo/Michel Euler)",
	// "(Yoan Valat, Pool photo via AP)", "(Getty Images)", "(CNN/YouTube)".
	reCreditWords = lazyre.New(`(?i)\b(?:photo|photos|photograph|photographer|getty|images|pool|credit|courtesy|handout|file|screenshot|screengrab|illustration|video)\b|/|^` + agency + `$|^(?:CNN|BBC|NBC|ABC|CBS|Fox News|AP Images)$`)
	// An AP-style photo caption ends its first sentence with a date that
	// carries the year ("…, Tuesday, Jan. 6, 2026."), where running text
	// gives the weekday alone; and it describes the picture in the present
	// tense.
	reCaptionDate = lazyre.New(`(?:,|\bon|\bin) (?:` + weekday + `,? )?` + Month + ` ?\d{1,2}, \d{4}\.(?: |$)`)
	rePlaceMarker = lazyre.New(`, (?:left|right|center|centre|second left|second right|front|back|top|bottom|foreground|background)(?: \w+)?,|\((?:L|R|C|left|right|center|centre)\)|\bfrom left\b`)
	reInThisPhoto = lazyre.New(`(?i)\bin this (?:[\w,]+ ){0,6}(?:photo|photograph|picture|image|file photo|handout photo|undated photo|video grab|screengrab|screenshot)\b|^(?:file|handout|undated) (?:photo|picture|image)\b`)
	reDateGlued   = lazyre.New(`^` + Month + ` \d{1,2}, \d{4} [\p{Lu}]`)

	// Bylines and publication stamps.
	reByline     = lazyre.New(`^(?:[Bb]y|BY|[Pp]ar|[Vv]on|[Pp]or|[Dd]i) (?:` + capName + `,?|de|van|von|da|del|der|le|la)(?: (?:` + capName + `,?|de|van|von|da|del|der|le|la|and|&|for|in|at|of|the))*[.]?(?: ?[·|].*)?$`)
	reStamp      = lazyre.New(`(?i)^(?:updated|published|posted|last updated|first published|modified|last modified|created|released|posted by [^|]{1,40}|written by [^|]{1,40}|date)(?: on| at)?:? .{0,60}\b(?:\d{1,2}|` + Month + `|today|yesterday|ago)\b`)
	reRoleByline = lazyre.New(`(?i)\b(?:author|reporter|correspondent|editor|writer|columnist|contributor|specialist|staff|producer|analyst|photographer|anchor|host)s?\b`)
	reSignature  = lazyre.New(`^(?:--|—|–)\s*` + capName + `(?: ` + capName + `){0,4}(?:,? (?:in|at|for|and|from) .{1,40})?$`)
	// Credit and note lines, by how they open ("Reporting by", "Correction:")
	// and how they close ("… contributed to this report.").
	reContribHead = lazyre.New(`(?i)^(?:\(?(?:additional )?(?:reporting|writing|editing|research) by\b|contributing:|contributors?:|` +
		`[\p{Lu}][\p{L}.'’ -]{1,40} reported from [\p{Lu}][^.]{1,60}\.$|` +
		`(?:correction|clarification|editor['’]?s note|note to readers)\s*:|this (?:story|article|report|post) (?:has been|was|is being) (?:updated|corrected|amended|edited)|` +
		`this interview has been (?:edited|condensed)|an? (?:expanded|earlier|shorter|longer|abridged|full) version of this (?:report|story|article)|` +
		`the (?:author|writer) is an? [^.]{1,60}(?:columnist|contributor|writer|editor|fellow|professor)\b)`)
	reContribTail = lazyre.New(`(?i)(?:contributed (?:to )?(?:this |the )?(?:report|story|article)(?:ing)?|contributed reporting)(?: (?:from|in) [^.]{1,60})?\.?$|` +
		`\bthe (?:views|opinions) expressed (?:here )?are (?:his|her|their|the author['’]s|the writer['’]s) own\.?$|\bedited for (?:length|clarity|brevity)\b.{0,40}$`)
	reCopyright = lazyre.New(`(?i)^(?:©|\(c\)|copyright\b)|\ball rights reserved\b|\bmay not be (?:published|reproduced), broadcast, rewritten,? or redistributed\b`)
	reSourceRef = lazyre.New(`(?i)^(?:source reference|sources?|reference|references|via|original (?:article|story)|read the original|h/t|hat tip)\s*:`)
	reWordCount = lazyre.New(`(?i)^\(?word count:? \d+\)?$`)
)

// StripEdges removes what opens or closes a paragraph without belonging to
// its sentences: a list marker (reported through bullet), a dateline, a
// slash-separated byline, an update label, Wikipedia reference marks, and
// URLs anywhere. It repeats until nothing changes.
func StripEdges(s string) (out string, bullet bool) {
	out, bullet, _ = stripEdgesURL(s)
	return out, bullet
}

// stripEdgesURL is StripEdges that also reports how many bytes of URLs
// it removed.
func stripEdgesURL(s string) (out string, bullet bool, urlBytes int) {
	// Inline removals do not depend on where the line starts, but they
	// can bring a dateline or marker to its start, so they come first.
	s, urlBytes = stripInline(s)
	for range 6 {
		t := s
		if mayBeBullet(t) && !(isDashLed(t) && reSignature.MatchString(t)) {
			loc := reBullet.FindStringIndex(Head(t, 12))
			if loc != nil && !ordinal(t, loc[1]) {
				t = t[loc[1]:]
				bullet = true
			}
		}
		t = stripDateline(t)
		t = stripReporterTag(t)
		t = StripSlashByline(t)
		if t != "" && strings.IndexByte("[UuBbEe", t[0]) >= 0 {
			if loc := reLabelPrefix.FindStringIndex(Head(t, 60)); loc != nil {
				t = t[loc[1]:]
			}
		}
		if t == s {
			break
		}
		s = t
	}
	return s, bullet, urlBytes
}

// ordinal reports whether the "1." that a list marker's pattern matched
// in s, up to i, is a German or Czech ordinal in the sentence ("1. FC
// Lindenau", "2. Bundesliga", "24. 10. 2025", "1. Mai"), not a marker.
func ordinal(s string, i int) bool {
	m := strings.TrimSpace(s[:i])
	if !strings.HasSuffix(m, ".") {
		return false
	}
	next, _, _ := strings.Cut(s[i:], " ")
	next = strings.Trim(next, ".,:;")
	if next == "" {
		return false
	}
	if next[0] >= '0' && next[0] <= '9' {
		return true // a date: "24. 10. 2025"
	}
	return ordinalNouns[strings.ToLower(next)]
}

// ordinalNouns follow an ordinal at the start of a German or Czech
// sentence: club names, leagues and rounds, months.
var ordinalNouns = WordSet("fc", "fsv", "sc", "sv", "ffc", "bc", "vfl", "vfb", "bundesliga", "liga", "runde", "spieltag",
	"januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember",
	"ledna", "února", "března", "dubna", "května", "června", "července", "srpna", "září", "října", "listopadu", "prosince")

// mayBeBullet is the cheap test before reBullet.
func mayBeBullet(s string) bool {
	if s == "" {
		return false
	}
	c := s[0]
	return c >= 0x80 || c == '-' || c == '*' || c >= '0' && c <= '9'
}

// stripDateline removes a dateline ("PARIS — ", "Paris, France – ",
// "WASHINGTON (AP) — ", "(CNN) — ") when running text follows it.
func stripDateline(s string) string {
	if s == "" {
		return s
	}
	h := Head(s, 120)
	if !strings.Contains(h, "—") && !strings.Contains(h, "–") && !strings.Contains(h, " -") && !strings.Contains(h, "--") &&
		!strings.Contains(h, ">>") && !strings.Contains(h, "|") && s[0] != '(' {
		return s // no dash, arrows or bar, and no agency in parentheses
	}
	caps := len(s) > 1 && (s[0] >= 'A' && s[0] <= 'Z' || s[0] >= 0x80) && (s[1] >= 'A' && s[1] <= 'Z' || s[1] == '.' || s[1] >= 0x80)
	for _, re := range []*lazyre.Regexp{reDatelineCaps, reDatelineMixed, reDatelineAgency} {
		switch {
		case re == reDatelineCaps && !caps,
			re == reDatelineMixed && !strings.Contains(Head(s, 60), ", "),
			re == reDatelineAgency && s[0] != '(':
			continue
		}
		loc := re.FindStringIndex(h)
		if loc == nil {
			continue
		}
		rest := strings.TrimLeft(s[loc[1]:], " ")
		if rest == "" || WordCount(rest) < 3 {
			continue
		}
		if re == reDatelineCaps && !strings.ContainsAny(h[:loc[1]], "—–->|") {
			continue
		}
		// Running text starts with a capital, a digit or a quote.
		if strings.IndexFunc(rest[:1], func(r rune) bool { return r >= 'a' && r <= 'z' }) == 0 {
			continue
		}
		return rest
	}
	return s
}

// Datelines of scripts without capitals, which reDatelineCaps cannot
// see: a Chinese paper's "本报讯" ("this paper reports") or agency line
// "新华社北京3月5日电（记者 王明）", and an Urdu paper's place and desk,
// "کراچی (اسٹاف رپورٹر)" ("Karachi (staff reporter)").
var (
	reDatelineChinese = lazyre.New(`^(?:本报|新华社|中新社|中新网|人民网|央视网)[^\s，。：,]{0,16}?[讯电](?:[（(][^）)]{0,24}[）)])?[\s\x{3000}]*`)
	reDatelineUrdu    = lazyre.New(`^[\p{Arabic} ]{2,40}?\s?\((?:اسٹاف رپورٹر|نمائندہ خصوصی|نامہ نگار|خبر نگار|نیوز ڈیسک|مانیٹرنگ ڈیسک|مانیٹرنگ سیل|ایجنسیاں|خصوصی رپورٹ)\)\s*`)
)

// stripReporterTag removes a dateline of a script without capitals
// (reDatelineChinese, reDatelineUrdu) when running text follows it.
func stripReporterTag(s string) string {
	if s == "" || s[0] < 0x80 {
		return s
	}
	for _, re := range []*lazyre.Regexp{reDatelineChinese, reDatelineUrdu} {
		if loc := re.FindStringIndex(Head(s, 200)); loc != nil && WordCount(s[loc[1]:]) >= 3 {
			return s[loc[1]:]
		}
	}
	return s
}

// StripSlashByline removes a byline of slash-separated fields glued to
// the front of a paragraph: "<Title>/ Outlet/ CITY/ Author/ Edition/ Text…".
// Three or more short fields before the text are needed.
func StripSlashByline(s string) string {
	if strings.Count(Head(s, 400), "/ ") < 3 {
		return s
	}
	parts := strings.Split(s, "/ ")
	n, used := 0, 0
	for _, p := range parts[:len(parts)-1] {
		w := WordCount(p)
		if w == 0 || w > 14 || strings.HasSuffix(strings.TrimSpace(p), ".") && w > 3 {
			break
		}
		n++
		used += len(p) + 2
	}
	if n < 3 {
		return s
	}
	rest := strings.TrimSpace(s[used:])
	if WordCount(rest) < 5 {
		return s
	}
	return rest
}

// stripInline removes from inside a paragraph what is not its text:
// URLs (and a last sentence left hanging without its link), picture
// credits in parentheses and Wikipedia reference marks; it tidies the
// spaces left.
func stripInline(s string) (string, int) {
	changed, urlBytes := false, 0
	if strings.Contains(s, "[") && strings.Contains(s, "]") {
		if t := reCitation.ReplaceAllString(s, ""); t != s {
			s, changed = t, true
		}
	}
	if strings.Contains(s, "(") && (strings.Contains(s, "(Image") || strings.Contains(s, "(Photo") || strings.Contains(s, "(Picture") ||
		strings.Contains(s, "(Illustration") || strings.Contains(s, "(Graphic") || strings.Contains(s, "(Video") ||
		strings.Contains(s, "(Map") || strings.Contains(s, "(Chart")) {
		// Inside the paragraph only: a credit that closes the line marks
		// the whole line as a caption, and a line that is one
		// parenthesis is an aside.
		if i := reInlineCredit.FindStringIndex(s); i != nil && i[0] > 0 && len(strings.TrimRight(s[i[1]:], ". ")) > 0 {
			s, changed = s[:i[0]]+s[i[1]:], true
		}
	}
	url := false
	if mayHaveURL(s) {
		if t := removeURLs(s); t != s {
			urlBytes = len(s) - len(t)
			s, changed, url = t, true, true
			s = removeEmptyAsides(s)
		}
	}
	if !changed {
		return s, 0
	}
	s = strings.Join(strings.Fields(s), " ")
	for _, p := range []string{" .", " ,", " ;", " :"} {
		s = strings.ReplaceAll(s, p, p[1:])
	}
	s = strings.TrimSpace(s)
	if url {
		s = dropDangling(s)
	}
	return s, urlBytes
}

// mayHaveURL is the cheap test before looking for URLs.
func mayHaveURL(s string) bool {
	return strings.Contains(s, "://") || strings.Contains(s, "www.") || strings.Contains(s, "/") && strings.Contains(s, ".")
}

// forEachURL calls f with the byte range of every URL in s: a word with a
// scheme ("https://…"), starting with "www.", or a domain with a known
// top-level domain followed by a path ("usat.ly/2Io4wXm").
func forEachURL(s string, f func(start, end int)) {
	for i := 0; i < len(s); {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		j := strings.IndexByte(s[i:], ' ')
		if j < 0 {
			j = len(s)
		} else {
			j += i
		}
		if w := s[i:j]; strings.Contains(w, "/") || strings.Contains(w, "www.") {
			if a, b, ok := urlIn(w); ok {
				f(i+a, i+b)
			}
		}
		i = j
	}
}

// tlds are the top-level domains of addresses written without a scheme
// ("usat.ly/2Io4wXm", "pic.twitter.com/x").
var tlds = WordSet("com", "org", "net", "gov", "edu", "co", "io", "ly", "uk", "us", "ws", "me", "tv", "info", "news", "int", "eu", "ca", "de", "fr", "au", "in")

// urlIn returns where the URL is in the word w, without the punctuation
// around it: "(https://example.org/a)." gives the bounds of
// "https://example.org/a".
func urlIn(w string) (start, end int, ok bool) {
	start, end = 0, len(w)
	for start < end && strings.IndexByte("([<\"'", w[start]) >= 0 {
		start++
	}
	for end > start && strings.IndexByte(".,;:!?)]>\"'", w[end-1]) >= 0 {
		end--
	}
	for strings.HasPrefix(w[start:end], "“") || strings.HasPrefix(w[start:end], "‘") {
		start += len("“")
	}
	for strings.HasSuffix(w[start:end], "”") || strings.HasSuffix(w[start:end], "’") {
		end -= len("”")
	}
	core := strings.ToLower(w[start:end])
	if strings.HasPrefix(core, "http://") || strings.HasPrefix(core, "https://") || strings.HasPrefix(core, "www.") {
		return start, end, len(core) > 8
	}
	slash := strings.IndexByte(core, '/')
	if slash <= 0 {
		return 0, 0, false
	}
	domain := core[:slash]
	dot := strings.LastIndexByte(domain, '.')
	if dot <= 0 || !tlds[domain[dot+1:]] {
		return 0, 0, false
	}
	for _, c := range domain {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return 0, 0, false
		}
	}
	return start, end, true
}

// emptyAside are the words left in parentheses once their link is gone:
// "(see )", "(photo: )".
var emptyAside = WordSet("", "see", "see:", "at", "via", "here", "source", "source:", "link", "link:", "more", "read more", "photo", "photo:", "video", "video:")

// removeEmptyAsides deletes parentheses and brackets that hold nothing
// but such words.
func removeEmptyAsides(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '(' && s[i] != '[' {
			continue
		}
		closer := byte(')')
		if s[i] == '[' {
			closer = ']'
		}
		j := strings.IndexByte(s[i+1:min(len(s), i+14)], closer)
		if j < 0 || !emptyAside[strings.ToLower(strings.TrimSpace(s[i+1:i+1+j]))] {
			continue
		}
		start := i
		if start > last && s[start-1] == ' ' {
			start--
		}
		b.WriteString(s[last:start])
		last = i + 2 + j
		i = last - 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// removeURLs deletes the URLs from s.
func removeURLs(s string) string {
	var b strings.Builder
	last := 0
	forEachURL(s, func(start, end int) {
		b.WriteString(s[last:start])
		last = end
	})
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// danglingLink reports whether s ends where a removed URL used to be: "…
// is available at", "Find the report here:".
func danglingLink(s string) bool {
	t := strings.ToLower(strings.TrimRight(tail(s, 10), ".,;"))
	if strings.HasSuffix(t, ":") {
		return true
	}
	for _, w := range []string{" at", " here", " on", " via", " from", " to", " see"} {
		if strings.HasSuffix(t, w) || t == w[1:] {
			return true
		}
	}
	return false
}

// dropDangling removes the last sentence of s when its URL was removed and
// left it hanging ("More information is available at"), keeping the
// sentences before it. It returns "" when nothing would be left.
func dropDangling(s string) string {
	if !danglingLink(s) {
		return s
	}
	for i := len(s) - 2; i > 0; i-- {
		if s[i] == ' ' && strings.ContainsRune(".!?”\"", rune(s[i-1])) {
			return s[:i]
		}
	}
	return ""
}

// JunkRule reports why a line is not article text, or "" when it is. s
// is the line with its edges stripped, words its number of words, and
// urlShare the share of the line as read that was URLs. The rules are
// independent of context; captions that only their neighbours reveal are
// handled in Clean.
func JunkRule(s string, words int, urlShare float64) string {
	if words <= 8 && Letters(s) < 2 {
		return "no text"
	}
	// The rules that read lower-cased text apply to lines of at most 90
	// words; for longer lines the head is enough.
	lower := asciiLower(Head(s, 800))
	h := Head(lower, 160)

	// Lines that were mostly links: "Follow … at https://…", bare URLs,
	// "Read or share this story: https://…".
	if urlShare > 0.5 || urlShare > 0 && (words <= 6 && !EndsSentence(s) || words <= 20 && reCTA.MatchString(h)) {
		return "link"
	}
	if words <= 12 && strings.Contains(s, "@") && reEmail.MatchString(s) {
		return "contact"
	}
	if strings.Contains(s, "(@") && reTweet.MatchString(tail(s, 200)) || strings.Contains(h, "pic.twitter.com") {
		return "embedded post"
	}

	// Navigation, footers, widgets.
	key := strings.TrimRight(lower, " .:!?»›>|-–—")
	if words <= 8 && (navWord[firstWord(key)] && navLine(key) || words <= 7 && moreWord[firstWord(key)] && reMoreFrom.MatchString(key)) {
		return "navigation"
	}
	if words <= 20 && widgetWord[firstWord(lower)] && reWidget.MatchString(lower) {
		return "widget"
	}
	if words <= 10 && captionWidgetWord[firstWord(key)] && reCaptionWidget.MatchString(key) {
		return "caption widget"
	}
	if words <= 30 && strings.Contains(Head(h, 60), ":") && reLinkLabel.MatchString(h) {
		return "link label"
	}
	if words <= 20 && ctaWord[firstWord(h)] && reCTA.MatchString(h) && !strings.ContainsAny(Head(s, 60), "“\"") {
		return "call to action"
	}
	if words <= 25 && (strings.Contains(lower, "click") || strings.Contains(lower, "tap here")) && reClickHere.MatchString(lower) {
		return "call to action"
	}
	if words <= 30 && (strings.Contains(lower, "follow") || strings.Contains(lower, "like ") && strings.Contains(lower, " on ") ||
		strings.Contains(lower, "twitter at")) && reFollowOn.MatchString(lower) {
		return "follow"
	}
	if words <= 40 && (newsletterWord[firstWord(lower)] || strings.Contains(lower, "sign up") || strings.Contains(lower, "subscri") ||
		strings.Contains(lower, "newsletter") || strings.Contains(lower, "invalid e")) && reNewsletter.MatchString(lower) {
		return "newsletter"
	}
	if words <= 80 && banner(lower) {
		return "banner"
	}
	if words <= 40 && paywall(lower) {
		return "paywall"
	}
	if words <= 60 && (strings.HasPrefix(lower, "©") || strings.HasPrefix(lower, "(c)") || strings.HasPrefix(lower, "copyright") ||
		strings.Contains(lower, "rights reserved") || strings.Contains(lower, "redistributed")) && reCopyright.MatchString(lower) {
		return "copyright"
	}
	if words <= 40 && mayBeContribHead(h) && reContribHead.MatchString(Head(s, 160)) ||
		words <= 40 && (strings.Contains(lower, "contribut") || strings.Contains(lower, "expressed") || strings.Contains(lower, "edited for")) && reContribTail.MatchString(tail(s, 160)) {
		return "credit line"
	}
	if words <= 40 && strings.Contains(Head(h, 40), ":") && reSourceRef.MatchString(h) {
		return "source reference"
	}
	if words <= 4 && strings.Contains(lower, "word count") && reWordCount.MatchString(lower) {
		return "word count"
	}
	if enclosed(s) && (s[0] == '[' || words < 12 || !EndsSentence(strings.TrimSuffix(strings.TrimSuffix(s, "."), ")"))) {
		// A full sentence in parentheses is the writer's own aside and
		// stays; short ones are credits, links and notes.
		return "aside"
	}
	if strings.HasPrefix(s, "/ ") {
		return "byline"
	}

	// Bylines and stamps.
	if (words <= 12 && !EndsSentence(s) || words <= 5) && bylineWord[firstWord(h)] && reByline.MatchString(s) {
		return "byline"
	}
	if words <= 16 && stampWord[strings.TrimRight(firstWord(h), ":")] && reStamp.MatchString(s) && (words <= 8 || !EndsSentence(s) || strings.HasSuffix(s, ".m.")) {
		return "byline"
	}
	if words <= 10 && !EndsSentence(s) && (strings.Contains(s, "·") || strings.Contains(s, "|") || strings.Contains(s, ",")) && reRoleByline.MatchString(s) {
		return "byline"
	}
	if words <= 10 && !EndsSentence(s) && isDashLed(s) && reSignature.MatchString(s) {
		return "byline"
	}

	// Captions and credits.
	if words <= 12 && !EndsSentence(s) && (strings.ContainsAny(s, "/:") || creditWord(s)) && creditLineMatch(s) {
		return "credit"
	}
	if r := captionRule(s, lower, words); r != "" {
		return r
	}

	// Teasers: a fragment ending in an ellipsis, a headline ending in
	// "Read more".
	if words <= 6 && (strings.HasSuffix(s, "...") || strings.HasSuffix(s, "…")) {
		return "teaser"
	}
	if t := asciiLower(tail(s, 16)); strings.HasSuffix(t, " read more") || strings.HasSuffix(t, " read more »") {
		return "teaser"
	}
	return ""
}

// captionRule reports whether s is a photo caption and which signal says
// so.
func captionRule(s, lower string, words int) string {
	if words > 90 {
		return ""
	}
	h := Head(s, 160)
	if (captionWord[firstWord(lower)] || strings.Contains(Head(lower, 60), "via")) && reCaptionStart.MatchString(Head(lower, 60)) ||
		monthWord[firstWord(h)] && reDateGlued.MatchString(h) ||
		strings.HasPrefix(s, "CLOSE ") && len(s) > 6 && s[6] >= 'A' && s[6] <= 'Z' {
		// "CLOSE" opens the caption of a video player.
		return "caption"
	}
	if strings.HasSuffix(s, "Full size image") {
		return "caption"
	}
	t := tail(s, 160)
	if strings.HasSuffix(s, ")") {
		if inner, ok := parenTail(t); ok && reCreditWords.MatchString(inner) && !strings.HasPrefix(s, "(") {
			return "caption credit"
		}
	}
	if !EndsSentence(s) {
		if m, ok := lastFragment(t); ok && WordCount(m) <= 12 && (strings.ContainsAny(m, "/:") || creditWord(m) || !strings.Contains(m, " ")) &&
			creditTail(m) {
			return "caption credit"
		}
	}
	if words <= 60 && (strings.Contains(lower, "in this ") || strings.HasPrefix(lower, "file ") || strings.HasPrefix(lower, "handout ") ||
		strings.HasPrefix(lower, "undated ")) && reInThisPhoto.MatchString(s) {
		return "caption"
	}
	if captionLike(s) >= 2 {
		return "caption"
	}
	return ""
}

// lastFragment returns what follows the last sentence end in s ("…
// 1996. Photograph: Tim Walsh/PA" gives "Photograph: Tim Walsh/PA"), and
// false when s is one sentence.
func lastFragment(s string) (string, bool) {
	for i := len(s) - 1; i > 0; i-- {
		if s[i] != ' ' {
			continue
		}
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		switch r {
		case '.', '!', '?', '”', '"', '’', ')':
			return s[i+1:], true
		}
	}
	return "", false
}

// navPhrases are whole lines of navigation, footers and widgets,
// lower-cased and without trailing punctuation.
var navPhrases = WordSet("menu", "home", "search", "sign in", "log in", "login", "register", "skip to content",
	"skip to main content", "sponsored", "sponsored content", "story continues below", "story continued below",
	"story continues below advertisement", "story continued below advertisement", "continue reading",
	"continue reading below", "continue reading the main story", "read more", "read more stories", "read the full story",
	"read the full article", "read next", "read this next", "read also", "keep reading", "related", "related article",
	"related articles", "related stories", "related content", "related coverage", "related links", "related posts",
	"related topics", "related news", "related video", "more stories", "more news", "more video", "more videos",
	"more headlines", "more coverage", "more like this", "latest", "latest news", "latest stories", "latest headlines",
	"latest video", "latest videos", "most read", "most popular", "most viewed", "most shared", "trending", "trending now",
	"trending stories", "top stories", "recommended", "recommended for you", "recommended stories", "you may also like",
	"you might also like", "you may also be interested in", "you might also be interested in", "don't miss", "don’t miss",
	"must read", "editor's picks", "editor’s picks", "comments", "comment", "leave a comment", "leave a reply",
	"show comments", "view comments", "load comments", "read comments", "show more comments", "view more comments",
	"load more comments", "read more comments", "post a comment", "join the conversation", "join the discussion", "share",
	"share this", "share this article", "share this story", "share this post", "share this page", "share article",
	"share story", "tweet", "email", "e-mail", "print", "copy link", "previous", "next", "prev", "previous article",
	"next article", "prev article", "previous post", "next post", "previous story", "next story", "previous page",
	"next page", "back to top", "top", "tags", "tag", "topics", "topic", "filed under", "see also", "also read", "more",
	"watch", "watch now", "watch live", "watch video", "listen", "listen now", "video", "photo", "photos", "gallery",
	"loading", "close", "subscribe", "subscribe now", "subscribe today", "sign up", "sign up now", "newsletter",
	"follow us", "share this with", "full coverage", "more on this story", "article excerpt", "excerpt")

// adWords are the words of an advertisement label.
var adWords = WordSet("advertisement", "advertising", "ad", "ads", "sponsored")

// navLine reports whether the lower-cased line key is navigation: one
// of navPhrases, an advertisement label ("Advertisement Advertisement"),
// a comment count ("12 comments") or a share link ("share on facebook").
func navLine(key string) bool {
	if navPhrases[key] {
		return true
	}
	ws := strings.Fields(key)
	ads := true
	for _, w := range ws {
		ads = ads && adWords[w]
	}
	if ads {
		return true
	}
	if len(ws) == 2 && (ws[1] == "comments" || ws[1] == "comment") && strings.Trim(ws[0], "0123456789") == "" {
		return true
	}
	return len(ws) <= 5 && ws[0] == "share" && (strings.Contains(key, " on ") || strings.Contains(key, " via "))
}

// parenTail returns the parenthesis that closes s ("… 2026. (AP
// Photo/Jane Doe)" gives "AP Photo/Jane Doe"), when s does not open with
// it.
func parenTail(s string) (string, bool) {
	if !strings.HasSuffix(s, ")") {
		return "", false
	}
	i := strings.LastIndexByte(s, '(')
	if i <= 0 {
		return "", false
	}
	inner := s[i+1 : len(s)-1]
	if len(inner) < 2 || len(inner) > 90 || strings.ContainsAny(inner, "()") {
		return "", false
	}
	return inner, true
}

// capWords reports whether s is one to max capitalised words of a name
// or organisation, the words creditLinePattern's capName matches, possibly
// joined by "of", "for", "via", "and", "the", "at", "in" or "&".
func capWords(s string, max int) bool {
	ws := strings.Fields(s)
	if len(ws) == 0 || len(ws) > max {
		return false
	}
	for _, w := range ws {
		switch w {
		case "of", "for", "via", "and", "the", "at", "in", "&":
			continue
		}
		r, size := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
		for _, c := range w[size:] {
			if !unicode.IsLetter(c) && !unicode.Is(unicode.M, c) && !strings.ContainsRune(".'’&-", c) {
				return false
			}
		}
	}
	return true
}

// creditLineMatch reports whether s is a standalone credit line; the
// common slash form ("Danylo Antoniuk/AP", "Rick Loomis / Los Angeles
// Times") is checked without the regular expression.
func creditLineMatch(s string) bool {
	if strings.Contains(s, "/") {
		slash := true
		for _, p := range strings.Split(s, "/") {
			slash = slash && capWords(strings.TrimSpace(p), 5)
		}
		if slash {
			return true
		}
	}
	return creditLine(s)
}

// banner reports whether the lower-cased line is a cookie or consent
// banner, or a notice that a video or script cannot run.
func banner(lower string) bool {
	switch {
	case strings.Contains(lower, "cookie"):
		if strings.Contains(lower, "use cookies") || strings.Contains(lower, "uses cookies") ||
			strings.Contains(lower, "cookie policy") || strings.Contains(lower, "cookie settings") ||
			strings.Contains(lower, "cookie preferences") || strings.Contains(lower, "accept cookies") ||
			strings.Contains(lower, "accept all cookies") || reConsent.MatchString(lower) && !reSaid.MatchString(lower) {
			return true
		}
	case strings.Contains(lower, "your") && reConsentManage.MatchString(lower):
		return true
	case strings.Contains(lower, "we and our") && strings.Contains(lower, "partners"):
		// The IAB consent framework's notice: "We and our partners store
		// and/or access information on a device…".
		if reConsent.MatchString(lower) && !reSaid.MatchString(lower) {
			return true
		}
	case strings.Contains(lower, "javascript"):
		return strings.Contains(lower, "enable javascript") || strings.Contains(lower, "javascript is disabled") ||
			strings.Contains(lower, "javascript is required") || strings.Contains(lower, "javascript disabled") ||
			strings.Contains(lower, "javascript required")
	case strings.Contains(lower, "browser does not support"), strings.Contains(lower, "playback is unsupported"):
		return true
	case strings.Contains(lower, "available"):
		if strings.Contains(lower, "this video is not available") || strings.Contains(lower, "this video is unavailable") ||
			strings.Contains(lower, "this content is not available") || strings.Contains(lower, "this content is unavailable") {
			return true
		}
	}
	if !strings.Contains(lower, "agree") && !strings.Contains(lower, "accept") && !strings.Contains(lower, "consent") {
		return false
	}
	for _, by := range []string{"by clicking", "by continuing", "by using this", "by using our", "by signing up", "by subscribing"} {
		if strings.Contains(lower, by) {
			return true
		}
	}
	return false
}

var (
	// reConsent finds what a consent banner says, in the first or second
	// person ("we", "our partners", "your device"), about cookies and
	// personal data; news about cookie rules reports it in the third.
	reConsent = lazyre.New(`\b(?:we|our|you|your)\b.{0,120}\b(?:personal data|partners|your device|on a device|consent|privacy|your experience|advertising|analytics|preferences|accept|agree)\b|` +
		`\bstore and/or access information\b`)
	// reConsentManage finds the line of a consent dialog that tells the
	// reader how to change their choices.
	reConsentManage = lazyre.New(`\b(?:change|manage|update|withdraw|review|adjust) your (?:privacy |cookie |consent |ad )?(?:preferences|settings|choices|consent)\b`)
	// reSaid finds reported speech, which banners lack.
	reSaid = lazyre.New(`\b(?:said|says|told|according to)\b`)
	// rePaywall matches subscription prompts and paywall notices: "Already
	// have an account? Sign in.", "This article is for subscribers only.",
	// "You have reached your limit of free articles.", "Create a free
	// account to continue reading.", "Support independent journalism.
	// Subscribe today."
	rePaywall = lazyre.New(`^already (?:a (?:subscriber|member)|have an? (?:account|subscription)|registered)\?|` +
		`\b(?:this|the) (?:article|story|content|page|piece) is (?:only )?(?:for|available (?:only )?to|exclusive to|reserved for) (?:paying |premium |digital |registered )?(?:subscribers|members|users)\b|` +
		`\b(?:subscribers?|members?|premium)[- ]only (?:article|story|content)\b|` +
		`\b(?:reached|used|hit|used up) (?:your|the) (?:\w+ )?(?:limit|maximum|allowance) of (?:free |complimentary )?(?:articles|stories)\b|` +
		`\byou(?:'ve|’ve| have) (?:read|viewed|used) (?:\d+|all)(?: of (?:your |\d+ )?)? ?(?:free|complimentary) (?:articles|stories)\b|` +
		`\b\d+ (?:free|complimentary) (?:articles?|stories) (?:left|remaining)\b|` +
		`\bto (?:continue|keep|finish) reading\b.{0,60}\b(?:subscribe|sign in|log in|register|account|subscription|membership)\b|` +
		`\b(?:subscribe|sign in|log in|register|subscriber|member|create an? (?:free )?account)\b.{0,40}\bto (?:continue|keep|finish) reading\b|` +
		`\bsupport (?:independent|quality|local|our|trusted|fearless) journalism\b.{0,60}\b(?:subscrib|donat|contribut|become a member)`)
)

// paywall reports whether the lower-cased line is a subscription prompt
// or a paywall notice (see rePaywall). Reported speech is never one.
func paywall(lower string) bool {
	if !strings.Contains(lower, "subscri") && !strings.Contains(lower, "sign in") && !strings.Contains(lower, "log in") &&
		!strings.Contains(lower, "account") && !strings.Contains(lower, "member") && !strings.Contains(lower, "free") &&
		!strings.Contains(lower, "complimentary") && !strings.Contains(lower, "regist") && !strings.Contains(lower, "journalism") {
		return false
	}
	return rePaywall.MatchString(lower) && !reSaid.MatchString(lower)
}

// isDashLed reports whether s opens with a hyphen or a dash.
func isDashLed(s string) bool {
	return strings.HasPrefix(s, "-") || strings.HasPrefix(s, "—") || strings.HasPrefix(s, "–")
}

// mayBeContribHead is the cheap test before reContribHead, on the
// lower-cased head h of a line.
func mayBeContribHead(h string) bool {
	w := strings.TrimLeft(firstWord(h), "(")
	switch w {
	case "the":
		return strings.HasPrefix(h, "the author") || strings.HasPrefix(h, "the writer")
	case "a", "an":
		return strings.Contains(Head(h, 40), " version of this")
	case "this":
		return strings.HasPrefix(h, "this story") || strings.HasPrefix(h, "this article") || strings.HasPrefix(h, "this report") ||
			strings.HasPrefix(h, "this post") || strings.HasPrefix(h, "this interview")
	}
	return contribWord[w] || strings.Contains(h, " reported from ")
}

// firstWord returns the first space-separated word of s.
func firstWord(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}

// WordSet builds a set of words.
func WordSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// The first words that the costlier patterns can start with, so that the
// patterns run only on lines that can match.
var (
	widgetWord = WordSet("how", "click", "average", "no", "help", "was", "is", "did", "we", "let", "tell", "thanks", "thank", "rate",
		"share", "spotted", "report", "submit", "yes", "thumbs")
	moreWord          = WordSet("more", "latest", "read")
	newsletterWord    = WordSet("get", "sign", "subscribe", "join", "receive")
	captionWidgetWord = WordSet("cover", "toggle", "hide", "show", "itoggle", "enlarge", "view", "image", "photo", "picture", "open", "expand")
	bylineWord        = WordSet("by", "par", "von", "por", "di")
	stampWord         = WordSet("updated", "published", "posted", "last", "first", "modified", "created", "released", "written", "date")
	navWord           = WordSet("menu", "home", "search", "sign", "log", "login", "register", "skip", "advertisement", "advertising", "ad",
		"sponsored", "story", "continue", "read", "keep", "related", "more", "latest", "most", "trending", "top", "recommended",
		"you", "don't", "don’t", "must", "editor's", "editor’s", "comments", "comment", "leave", "show", "view", "load", "post",
		"join", "share", "tweet", "email", "e-mail", "print", "copy", "previous", "next", "prev", "back", "tags", "tag", "topics",
		"topic", "filed", "see", "also", "watch", "listen", "video", "photos", "photo", "gallery", "loading", "close", "subscribe",
		"newsletter", "follow", "full", "article", "excerpt", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12")
	ctaWord = WordSet("see", "watch", "check", "click", "tap", "read", "listen", "discuss", "download", "visit", "stay", "sign",
		"subscribe", "learn", "explore", "follow", "like", "share", "enable", "scroll", "join", "find", "get")
	contribWord = WordSet("reporting", "additional", "writing", "editing", "research", "contributing:", "contributing",
		"contributors:", "contributor:", "correction:", "correction", "clarification:", "clarification", "editor's", "editor’s",
		"editors", "note", "this", "an", "a", "the")
	captionWord = WordSet("image", "media", "source", "photo", "caption:", "photos:", "photo:", "image:", "picture:", "photograph:",
		"illustration:", "graphic:", "video:", "credit:", "enlarge", "view", "embed", "more", "close", "getty", "ap", "facebook",
		"twitter", "pinterest", "whatsapp", "linkedin", "email", "share", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
		"11", "12", "13", "14", "15", "16", "17", "18", "19", "20")
	monthWord = WordSet("Jan", "Jan.", "January", "Feb", "Feb.", "February", "Mar", "Mar.", "March", "Apr", "Apr.", "April",
		"May", "Jun", "June", "Jul", "July", "Aug", "Aug.", "August", "Sep", "Sep.", "Sept.", "September", "Oct", "Oct.",
		"October", "Nov", "Nov.", "November", "Dec", "Dec.", "December")
)

// creditWord reports whether s names a picture credit.
func creditWord(s string) bool {
	l := strings.ToLower(s)
	for _, w := range []string{"photo", "courtesy", "credit", "getty", "image", "illustration", "pool", "handout", "full size", "reuters",
		"ap", "afp", "epa", "file", "staff", "submitted", "contributed", "source", "graphic", "picture", "associated press", "bloomberg"} {
		if strings.HasPrefix(l, w) || strings.Contains(l, " "+w) {
			return true
		}
	}
	return false
}

// placeMarked reports whether s says who stands where in a picture:
// ", left,", "(R)", "from left".
func placeMarked(s string) bool {
	if !strings.Contains(s, "left") && !strings.Contains(s, "right") && !strings.Contains(s, "cent") && !strings.Contains(s, "(") &&
		!strings.Contains(s, "front") && !strings.Contains(s, "back") && !strings.Contains(s, "top") && !strings.Contains(s, "bottom") &&
		!strings.Contains(s, "ground") {
		return false
	}
	return rePlaceMarker.MatchString(s)
}

// depictVerbs are the present-tense verbs with which captions describe a
// picture ("arrives", "speaks", "is seen"); base forms serve plural
// subjects ("Macron and Merz arrive").
var depictVerbs = WordSet("arrive", "arrives", "speak", "speaks", "walk", "walks", "stand", "stands", "sit", "sits", "look",
	"looks", "hold", "holds", "wave", "waves", "pose", "poses", "gesture", "gestures", "attend", "attends", "leaves", "listen",
	"listens", "talk", "talks", "smile", "smiles", "meet", "meets", "greet", "greets", "react", "reacts", "deliver", "delivers",
	"addresses", "ride", "rides", "enter", "enters", "exit", "exits", "depart", "departs", "pray", "prays", "carry", "carries",
	"watches", "kneel", "kneels", "hug", "hugs", "embrace", "embraces", "march", "marches", "protest", "protests", "chant",
	"chants", "celebrate", "celebrates", "wear", "wears", "sing", "sings", "sign", "signs", "pictured", "participate",
	"participates", "wait", "waits", "gather", "gathers", "lies", "rest", "rests", "work", "works", "inspect", "inspects",
	"visit", "visits", "board", "boards", "shakes", "greeted", "seen", "shown")

// notDepicting are the words before a verb that take it out of the
// picture's present: "to meet", "will arrive", "did not speak".
var notDepicting = WordSet("to", "will", "would", "could", "can", "should", "may", "might", "must", "did", "does", "do", "not", "expected")

// depicts reports whether s describes a scene in the present tense, as
// photo captions do.
func depicts(s string) bool {
	prev := ""
	for _, w := range strings.Fields(s) {
		w = strings.ToLower(strings.Trim(w, ".,;:!?\"“”‘’'()"))
		if depictVerbs[w] && !notDepicting[prev] {
			switch w {
			case "seen", "shown", "greeted":
				if prev == "is" || prev == "are" {
					return true
				}
			default:
				return true
			}
		}
		prev = w
	}
	return false
}

// captionLike scores the signals that a line describes a picture: its
// first sentence closes on a date with the year (", Tuesday, Jan. 6,
// 2026."), it says who stands where (", left,"), and it describes in the
// present tense ("arrives", "is seen"). Two signals make a caption.
func captionLike(s string) int {
	score := 0
	if (strings.Contains(s, ", 19") || strings.Contains(s, ", 20")) && reCaptionDate.MatchString(s) {
		score++
	} else {
		return 0
	}
	if placeMarked(s) {
		score++
	}
	first := s
	if loc := reCaptionDate.FindStringIndex(s); loc != nil {
		first = s[:loc[1]]
	}
	if depicts(first) && !strings.ContainsAny(first, "“\"") {
		score++
	}
	return score
}

// creditish reports whether s is a short credit line ("Danylo
// Antoniuk/AP", "Getty Images"), the kind that follows a caption.
func creditish(s string) bool {
	w := WordCount(s)
	return w > 0 && w <= 12 && !EndsSentence(s) && (strings.ContainsAny(s, "/:") || creditWord(s)) && creditLineMatch(s)
}

// enclosed reports whether the whole of s is one parenthesised or
// bracketed aside: "(Reporting by …; Editing by …)", "[Related: …]",
// "(Word count: 712)".
func enclosed(s string) bool {
	if len(s) < 2 {
		return false
	}
	open, close := s[0], s[len(s)-1]
	if s[len(s)-1] == '.' && len(s) > 2 {
		close = s[len(s)-2]
	}
	if !(open == '(' && close == ')' || open == '[' && close == ']') {
		return false
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
			if depth == 0 && i < len(s)-2 {
				return false
			}
		}
	}
	return true
}
