package clean

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Picture credits are matched by hand rather than by regular expression:
// the two expressions below were the costliest of the cleaning rules to
// compile (about half of the compile time of a digest's first article,
// which reaches both), and Go cannot load a compiled expression.
// creditTail and creditLine match exactly what the patterns match
// (TestCreditMatchers and FuzzCreditTail, FuzzCreditLine compare them).
const (
	// creditTailPattern is a picture's credit closing a caption, after its
	// last sentence: "… in 1996. Photograph: Tim Walsh/PA", "… 2015.
	// REUTERS/Stephen Lam", "… in 2014. Courtesy Sara Carson", "… Full
	// size image".
	creditTailPattern = `^(?:(?:Photograph|Photo|Picture|Image|Illustration|Graphic|Credit|Photo credit|Image credit|Courtesy(?: of)?|Source)s?:? ` +
		`[^.!?]{1,80}|(?:` + capName + `|via|of|and|for|the|at|in|&)(?: (?:` + capName + `|via|of|and|for|the|at|in|&))*(?: ?/ ?(?:` + capName + `|via)(?: (?:` + capName + `|via|of|and|for|the|at|in|&))*)+|` +
		agency + `(?: (?:via|for) ` + agency + `)?|(?:` + capName + ` ){0,3}(?i:file|staff|handout|pool|courtesy|contributed|submitted) (?i:photos?|photograph|picture|image)|Full size image)$`

	// creditLinePattern is a standalone credit line: "Danylo Antoniuk/AP",
	// "Getty Images", "Photo: Jane Doe", "Illustration by Jane Doe".
	creditLinePattern = `^(?:` + capName + `(?: ` + capName + `){0,4} ?/ ?` + capName + `(?: ` + capName + `){0,4}(?: ?/ ?` + capName + `(?: ` + capName + `){0,4})*|` +
		agency + `(?: (?:via|for) ` + agency + `)?|(?i:(?:photo|photograph|picture|image|illustration|graphic|video)s?(?: by|:)|credit:|courtesy(?: of)?|source:) .{1,80})$`
)

// creditTail reports whether s matches creditTailPattern.
func creditTail(s string) bool {
	return labelledTail(s) || slashNames(s, true, 0) || agencyCredit(s) || handoutPhoto(s) || s == "Full size image"
}

// creditLine reports whether s matches creditLinePattern.
func creditLine(s string) bool {
	return slashNames(s, false, 5) || agencyCredit(s) || labelledLine(s)
}

// tailLabels open creditTailPattern's first form, "Photograph: …".
var tailLabels = []string{"Photograph", "Photo", "Picture", "Image", "Illustration", "Graphic", "Credit",
	"Photo credit", "Image credit", "Courtesy", "Courtesy of", "Source"}

// labelledTail is creditTailPattern's first form: a label, an optional
// "s" and colon, a space, then 1 to 80 characters none of them . ! or ?.
func labelledTail(s string) bool {
	for _, label := range tailLabels {
		rest, ok := strings.CutPrefix(s, label)
		if !ok {
			continue
		}
		for _, plural := range []string{"", "s"} {
			r1, ok := strings.CutPrefix(rest, plural)
			if !ok {
				continue
			}
			for _, colon := range []string{"", ":"} {
				r2, ok := strings.CutPrefix(r1, colon)
				if !ok {
					continue
				}
				if r3, ok := strings.CutPrefix(r2, " "); ok && runesBetween(r3, 1, 80) && !strings.ContainsAny(r3, ".!?") {
					return true
				}
			}
		}
	}
	return false
}

// lineLabels open creditLinePattern's last form, matched without regard
// to case: "Photo by …", "Credit: …".
var lineLabels = sync.OnceValue(func() []string {
	var out []string
	for _, w := range []string{"photo", "photograph", "picture", "image", "illustration", "graphic", "video"} {
		for _, plural := range []string{"", "s"} {
			out = append(out, w+plural+" by", w+plural+":")
		}
	}
	return append(out, "credit:", "courtesy", "courtesy of", "source:")
})

// labelledLine is creditLinePattern's last form: a label in any case, a
// space, then 1 to 80 characters none of them a line feed.
func labelledLine(s string) bool {
	for _, label := range lineLabels() {
		rest, ok := cutFoldPrefix(s, label)
		if !ok {
			continue
		}
		if r, ok := strings.CutPrefix(rest, " "); ok && runesBetween(r, 1, 80) && !strings.Contains(r, "\n") {
			return true
		}
	}
	return false
}

// slashNames is the names-and-slashes form of both patterns: two or more
// parts joined by "/" with an optional space on either side, each part
// words joined by single spaces. In a credit tail (tail true) a part's
// words are capitalised names or via, of, and, for, the, at, in, &, and a
// part after a slash opens with a name or "via"; in a credit line
// (tail false) they are 1 to most capitalised names.
func slashNames(s string, tail bool, most int) bool {
	parts := strings.Split(s, "/")
	if len(parts) < 2 {
		return false
	}
	for i, p := range parts {
		if i > 0 {
			p = strings.TrimPrefix(p, " ")
		}
		if i < len(parts)-1 {
			p = strings.TrimSuffix(p, " ")
		}
		words := strings.Split(p, " ")
		if !tail && len(words) > most {
			return false
		}
		for j, w := range words {
			switch {
			case isCapName(w):
			case tail && w == "via":
			case tail && (j > 0 || i == 0) && connector(w):
			default:
				return false
			}
		}
	}
	return true
}

// connector reports whether w may join the names of a credit tail.
func connector(w string) bool {
	switch w {
	case "via", "of", "and", "for", "the", "at", "in", "&":
		return true
	}
	return false
}

// handoutPhoto is creditTailPattern's "Staff photo" form: up to three
// capitalised names, then file, staff, handout, pool, courtesy,
// contributed or submitted and photo, photos, photograph, picture or
// image, in any case.
func handoutPhoto(s string) bool {
	ws := strings.Split(s, " ")
	n := len(ws)
	if n < 2 || n > 5 {
		return false
	}
	for _, w := range ws[:n-2] {
		if !isCapName(w) {
			return false
		}
	}
	return foldIn(ws[n-2], "file", "staff", "handout", "pool", "courtesy", "contributed", "submitted") &&
		foldIn(ws[n-1], "photo", "photos", "photograph", "picture", "image")
}

// agencies are the alternatives of agency.
var agencies = sync.OnceValue(func() []string {
	return strings.Split(strings.TrimSuffix(strings.TrimPrefix(agency, "(?:"), ")"), "|")
})

// agencyCredit is both patterns' agency form: an agency, or two joined by
// "via" or "for" ("AP Photo via Getty Images").
func agencyCredit(s string) bool {
	if slices.Contains(agencies(), s) {
		return true
	}
	for _, a := range agencies() {
		rest, ok := strings.CutPrefix(s, a+" ")
		if !ok {
			continue
		}
		for _, join := range []string{"via ", "for "} {
			if b, ok := strings.CutPrefix(rest, join); ok && slices.Contains(agencies(), b) {
				return true
			}
		}
	}
	return false
}

// isCapName reports whether w is one capitalised word of a name or
// organisation, as the expression capName matches it: a capital letter,
// then letters, marks and . ' ’ & -.
func isCapName(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	if size == 0 || !unicode.Is(unicode.Lu, r) {
		return false
	}
	for _, c := range w[size:] {
		if !unicode.Is(unicode.L, c) && !unicode.Is(unicode.M, c) && !strings.ContainsRune(".'’&-", c) {
			return false
		}
	}
	return true
}

// runesBetween reports whether s has from to to characters, an invalid
// byte counting as one, as a regular expression counts them.
func runesBetween(s string, from, to int) bool {
	n := utf8.RuneCountInString(s)
	return from <= n && n <= to
}

// foldIn reports whether w equals one of words under Unicode case
// folding, as (?i) compares.
func foldIn(w string, words ...string) bool {
	for _, x := range words {
		if strings.EqualFold(w, x) {
			return true
		}
	}
	return false
}

// cutFoldPrefix removes prefix from s, compared under Unicode case
// folding one character at a time as (?i) compares, and reports whether
// s opened with it.
func cutFoldPrefix(s, prefix string) (string, bool) {
	for _, p := range prefix {
		r, size := utf8.DecodeRuneInString(s)
		if size == 0 || r != p && !strings.EqualFold(s[:size], string(p)) {
			return s, false
		}
		s = s[size:]
	}
	return s, true
}
