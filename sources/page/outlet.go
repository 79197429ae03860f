package page

import (
	"encoding/json"
	"strings"
	"unicode"

	"github.com/digestbot/digestbot/sources/clean"
)

// Telling an outlet's name from what only looks like one, and reading the
// publisher a page's JSON-LD names. The order in which the candidates are
// tried is in the package documentation.

// placeholderNames are values that sites and feed generators leave where a
// publication's name belongs.
var placeholderNames = clean.WordSet("source", "sources", "unknown", "untitled", "none", "null", "nil", "undefined",
	"n/a", "na", "tbd", "site", "site name", "sitename", "site_name", "website", "web site", "my site",
	"my website", "my blog", "your site", "your site name", "your website", "blog", "home", "homepage",
	"home page", "default", "rss", "rss feed", "feed", "news feed", "atom feed", "title", "site title",
	"publisher", "publisher name", "name", "author", "admin", "administrator", "example", "test",
	"wordpress", "my wordpress blog", "just another wordpress site")

// isOutletName reports whether o, trimmed, can name an outlet: it has a
// letter, is not a placeholder ("(source)", "[Site Name]", "{{site}}",
// "unknown"), not a social-media handle ("@nytimes") and not a slug
// ("tane-valley-radio", "001_8897f0a70533273d"): a slug is a file or path
// name, and the page's host names the outlet better.
func isOutletName(o string) bool {
	if o == "" || !strings.ContainsFunc(o, unicode.IsLetter) {
		return false
	}
	first, last := o[0], o[len(o)-1]
	switch {
	case first == '(' && last == ')', first == '[' && last == ']', first == '{' && last == '}', first == '<' && last == '>',
		first == '%' && last == '%', first == '@':
		return false
	case strings.Contains(o, "{{") || strings.Contains(o, "${") || strings.Contains(o, "<%"):
		return false
	case placeholderNames[strings.ToLower(o)]:
		return false
	}
	return !isSlug(o)
}

// isSlug reports whether s is a slug rather than a name: one token of
// lower-case letters and digits joined by underscores, or by hyphens
// between parts of two characters or more ("tane-valley-radio",
// "el-pais"). Brands written in lower case with a one-letter part
// ("e-flux", "n-tv", "t-online") are names.
func isSlug(s string) bool {
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsUpper(r) }) {
		return false
	}
	if strings.Contains(s, "_") {
		return true
	}
	if !strings.Contains(s, "-") {
		return false
	}
	for _, p := range strings.Split(s, "-") {
		if len([]rune(p)) < 2 {
			return false
		}
	}
	return true
}

// legalSuffixes are the endings of a company's legal name. Two-letter
// words that are also words or initials ("AG", "SA") are left out.
var legalSuffixes = clean.WordSet("company", "co.", "co", "incorporated", "inc.", "inc", "l.l.c.", "llc", "limited",
	"ltd.", "ltd", "plc", "group", "corporation", "corp.", "corp", "gmbh", "s.a.", "s.p.a.", "b.v.", "n.v.")

// genericNameWords are words that do not make a name on their own: "The
// Media" or "News" is no outlet, "The Guardian Media" is.
var genericNameWords = clean.WordSet("the", "a", "an", "and", "&", "of", "for", "media", "news", "newspaper",
	"newspapers", "publishing", "publications", "publishers", "press", "holdings", "digital", "communications",
	"broadcasting", "network", "networks", "international", "global", "national", "enterprises", "partners",
	"company", "group", "corporation", "co", "co.", "inc", "inc.")

// stripLegalSuffix turns a company's legal name into the name a reader
// knows: "The New York Times Company" is "The New York Times", "Gannett
// Co., Inc." is "Gannett". A suffix stays when what would remain is no
// name ("The Media Group", "News Corp") or ends in a word that cannot end
// one ("Marks &").
func stripLegalSuffix(o string) string {
	for {
		i := strings.LastIndexByte(o, ' ')
		if i <= 0 {
			return o
		}
		tail := strings.ToLower(o[i+1:])
		if !legalSuffixes[tail] {
			return o
		}
		rest := strings.TrimRight(o[:i], " ,")
		if !isRemainingName(rest) {
			return o
		}
		o = rest
	}
}

// isRemainingName reports whether rest, what is left of a legal name, is
// still a name: it has a capitalised word that is not a generic one, and
// does not end in a joining word.
func isRemainingName(rest string) bool {
	words := strings.Fields(rest)
	if len(words) == 0 {
		return false
	}
	switch strings.ToLower(words[len(words)-1]) {
	case "&", "and", "of", "the", "for", "+":
		return false
	}
	for _, w := range words {
		r := []rune(w)
		if !genericNameWords[strings.ToLower(w)] && (unicode.IsUpper(r[0]) || unicode.IsDigit(r[0])) {
			return true
		}
	}
	return false
}

// jsonLDArticleTypes are the schema.org types of an article.
var jsonLDArticleTypes = clean.WordSet("article", "newsarticle", "analysisnewsarticle", "askpublicnewsarticle",
	"backgroundnewsarticle", "opinionnewsarticle", "reportagenewsarticle", "reviewnewsarticle",
	"satiricalarticle", "advertisercontentarticle", "report", "blogposting", "liveblogposting",
	"socialmediaposting", "techarticle", "scholarlyarticle", "webpage", "itempage", "videoobject")

// jsonLDPublications are the schema.org types that name a publication: an
// article's isPartOf counts only when it is one of them.
var jsonLDPublications = clean.WordSet("website", "periodical", "newspaper", "blog", "creativeworkseries",
	"newsmediaorganization", "organization", "product")

// jsonLDPerson is the type of a publisher that is no publication.
var jsonLDPerson = clean.WordSet("person")

// jsonLDOutlet returns the publication the JSON-LD blocks of a page name
// for its article: the article's publisher, else its sourceOrganization,
// else the publication it isPartOf (a WebSite, Periodical, Newspaper or
// the like, followed through a WebPage and through "@id" references to
// other nodes of the page's graph). A Person is no publication. Each name
// must pass NormalizeOutlet; "" when none does.
func jsonLDOutlet(blocks []string) string {
	var nodes []map[string]any
	var collect func(v any, depth int)
	collect = func(v any, depth int) {
		if depth > 8 {
			return
		}
		switch t := v.(type) {
		case []any:
			for _, e := range t {
				collect(e, depth+1)
			}
		case map[string]any:
			nodes = append(nodes, t)
			if g, ok := t["@graph"]; ok {
				collect(g, depth+1)
			}
		}
	}
	for _, b := range blocks {
		var v any
		d := json.NewDecoder(strings.NewReader(strings.TrimSpace(b)))
		if d.Decode(&v) == nil {
			collect(v, 0)
		}
	}
	byID := make(map[string]map[string]any)
	for _, n := range nodes {
		if id, ok := n["@id"].(string); ok && id != "" {
			if _, dup := byID[id]; !dup {
				byID[id] = n
			}
		}
	}
	resolve := func(v any) []map[string]any {
		var out []map[string]any
		var add func(v any)
		add = func(v any) {
			switch t := v.(type) {
			case []any:
				for _, e := range t {
					if len(out) < 8 {
						add(e)
					}
				}
			case map[string]any:
				if id, ok := t["@id"].(string); ok && t["name"] == nil {
					if n, ok := byID[id]; ok {
						t = n
					}
				}
				out = append(out, t)
			case string:
				out = append(out, map[string]any{"name": t})
			}
		}
		add(v)
		return out
	}
	name := func(n map[string]any) string {
		for _, k := range []string{"name", "legalName"} {
			if s, ok := n[k].(string); ok {
				if o := NormalizeOutlet(clean.NormalizeLine(MarkupText(s))); o != "" {
					return o
				}
			}
		}
		return ""
	}
	for _, n := range nodes {
		if !hasJSONLDType(n, jsonLDArticleTypes) {
			continue
		}
		for _, key := range []string{"publisher", "sourceOrganization"} {
			for _, p := range resolve(n[key]) {
				if hasJSONLDType(p, jsonLDPerson) {
					continue
				}
				if o := name(p); o != "" {
					return o
				}
			}
		}
		// isPartOf: a WebPage is part of a WebSite, which names the site.
		parts := resolve(n["isPartOf"])
		for hop := 0; hop < 3 && len(parts) > 0; hop++ {
			var next []map[string]any
			for _, p := range parts {
				if hasJSONLDType(p, jsonLDPublications) {
					if o := name(p); o != "" {
						return o
					}
				}
				next = append(next, resolve(p["isPartOf"])...)
			}
			parts = next
		}
	}
	return ""
}

// hasJSONLDType reports whether a JSON-LD node's @type (a string or a list
// of them, with or without a schema.org prefix) is one of types.
func hasJSONLDType(n map[string]any, types map[string]bool) bool {
	var ts []string
	switch t := n["@type"].(type) {
	case string:
		ts = []string{t}
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok {
				ts = append(ts, s)
			}
		}
	}
	for _, t := range ts {
		t = t[strings.LastIndexAny(t, "/:")+1:]
		if types[strings.ToLower(t)] {
			return true
		}
	}
	return false
}
