package summarize

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/postag"
)

// Compression deletes what a bullet does not need from a source sentence and
// splits compound sentences into their main clauses. It never rewrites a
// word: every variant is the sentence with some byte spans removed, plus a
// capital first letter. Decisions rest on prose's part-of-speech tags
// (through package postag) and on punctuation, never on words of any one
// story.

// span is a half-open byte range [from, to) of a sentence.
type span struct{ from, to int }

// tagged is a sentence with its tokens.
type tagged struct {
	text string
	toks []postag.Token
}

// variants returns the compressed forms of a sentence, each as the list of
// byte spans to delete. The first variant removes only what no bullet needs
// (leading connectives and time phrases, plain attributions,
// parentheticals, appositives, non-restrictive relative clauses); the
// others also keep only the first of coordinated main clauses, or drop a
// trailing phrase that only says where. Nothing else is cut: a cut that
// leaves a clause's words may still change what it says (a dropped "but",
// "because", "when", a restrictive relative, a verb's complement), and a
// bullet must say what its sentence says.
func variants(t tagged) [][]span {
	if len(t.toks) == 0 {
		return nil
	}
	var base []span
	base = append(base, t.leading()...)
	base = append(base, t.attribution()...)
	base = append(base, t.parentheticals()...)
	base = append(base, t.appositives()...)
	base = append(base, t.relatives()...)
	base = append(base, t.participials()...)

	out := [][]span{base}
	seen := map[string]bool{key(base): true}
	add := func(v []span) {
		if k := key(v); !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	// The first main clause on its own.
	for _, clause := range t.clauses() {
		add(append(append([]span(nil), base...), clause...))
	}
	// Then, for each, the trailing phrase it can lose.
	n := len(out)
	for _, v := range out[:n] {
		for _, tr := range t.trailing(v) {
			add(append(append([]span(nil), v...), tr))
		}
	}
	return out
}

func key(v []span) string {
	var b strings.Builder
	for _, s := range merge(v) {
		b.WriteString(itoa(s.from))
		b.WriteByte('-')
		b.WriteString(itoa(s.to))
		b.WriteByte(',')
	}
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}

// merge sorts spans and joins overlapping ones.
func merge(v []span) []span {
	if len(v) == 0 {
		return nil
	}
	s := append([]span(nil), v...)
	sort.Slice(s, func(a, b int) bool { return s[a].from < s[b].from })
	out := s[:1]
	for _, x := range s[1:] {
		last := &out[len(out)-1]
		if x.from <= last.to {
			if x.to > last.to {
				last.to = x.to
			}
			continue
		}
		out = append(out, x)
	}
	return out
}

// apply deletes the spans from text and tidies what deletion leaves behind:
// doubled spaces, a space before punctuation, doubled commas, punctuation
// at either end. Only characters are removed, except the first letter,
// which is upper-cased.
func apply(text string, del []span) string {
	var b strings.Builder
	last := 0
	for _, s := range merge(del) {
		if s.from > last {
			b.WriteString(text[last:s.from])
		}
		if s.to > last {
			last = s.to
		}
	}
	if last < len(text) {
		b.WriteString(text[last:])
	}
	return tidy(b.String())
}

// tidy removes the debris of deletion.
func tidy(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	for {
		prev := s
		for _, p := range [][2]string{
			{" ,", ","}, {" .", "."}, {" ;", ";"}, {" :", ":"}, {",,", ","},
			{",.", "."}, {", .", "."}, {";.", "."}, {":.", "."}, {", ,", ","},
			{"( ", "("}, {" )", ")"}, {"()", ""}, {"  ", " "}, {",;", ";"},
		} {
			s = strings.ReplaceAll(s, p[0], p[1])
		}
		s = strings.TrimLeft(s, " ,;:—–-")
		s = strings.TrimRight(s, " ,;:—–-")
		if s == prev {
			break
		}
	}
	// Drop the final full stop: bullets are not sentences. A stop that
	// ends an abbreviation ("U.S.") stays.
	if strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "..") {
		w := s[strings.LastIndexByte(s, ' ')+1:]
		if strings.Count(w, ".") == 1 || !isAbbrev(strings.TrimSuffix(w, ".")) {
			s = strings.TrimSuffix(s, ".")
		}
	}
	if r, n := utf8.DecodeRuneInString(s); unicode.IsLower(r) {
		s = string(unicode.ToUpper(r)) + s[n:]
	}
	return s
}

// isAbbrev reports whether w looks like a dotted abbreviation ("U.S").
func isAbbrev(w string) bool {
	parts := strings.Split(w, ".")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if utf8.RuneCountInString(p) != 1 {
			return false
		}
	}
	return true
}

// Tag classes.
func isFinite(tag string) bool {
	return tag == "VBD" || tag == "VBZ" || tag == "VBP" || tag == "MD"
}
func isVerb(tag string) bool { return strings.HasPrefix(tag, "VB") || tag == "MD" }
func isNoun(tag string) bool { return strings.HasPrefix(tag, "NN") || tag == "PRP" || tag == "CD" }
func isDash(s string) bool   { return s == "—" || s == "–" || s == "--" }

// hasClause reports whether tokens [i, j) hold a subject followed by a
// finite verb: something noun-like, then a verb with a tense.
func (t tagged) hasClause(i, j int) bool {
	noun := false
	for k := i; k < j && k < len(t.toks); k++ {
		tag := t.toks[k].Tag
		if isNoun(tag) || tag == "EX" || tag == "DT" && k+1 < j && isFinite(t.toks[k+1].Tag) {
			noun = true
		}
		if isFinite(tag) && noun {
			return true
		}
	}
	return false
}

// connectives are words that tie a sentence to the one before it.
var connectives = map[string]bool{
	"but": true, "and": true, "yet": true, "so": true, "or": true, "also": true,
	"still": true, "however": true, "meanwhile": true, "moreover": true,
	"furthermore": true, "nevertheless": true, "nonetheless": true,
	"additionally": true, "instead": true, "indeed": true, "thus": true,
	"therefore": true, "then": true, "now": true, "overall": true,
	"separately": true, "similarly": true, "likewise": true, "ultimately": true,
	"finally": true, "plus": true, "hence": true, "besides": true, "again": true,
	"maybe": true, "perhaps": true, "otherwise": true, "anyway": true,
}

// subordinators open a leading clause that can go without changing what the
// main clause asserts. Conditions ("if", "unless") are not among them.
var subordinators = map[string]bool{
	"while": true, "although": true, "though": true, "as": true, "after": true,
	"before": true, "when": true, "since": true, "because": true, "once": true,
	"whereas": true, "amid": true, "despite": true, "following": true,
}

// leading returns the span of a sentence-initial connective ("However,
// …", "And …") and of a short phrase up to a comma that only says when or
// in what setting something was said or done ("On Monday, …", "In a
// statement, …", "According to the police, …"), when a main clause
// follows. Other opening phrases stay: a condition ("In exceptional
// cases"), a reason, a participle ("Taking all editions into account"), a
// subordinate clause ("While talks continue") or a phrase with a year
// ("On Oct. 3, 1995") carries meaning the bullet must keep.
func (t tagged) leading() []span { return t.leadingAt(0) }

// leadingAt is leading for the clause that starts at token i.
func (t tagged) leadingAt(i int) []span {
	toks := t.toks
	var out []span
	if i >= len(toks) {
		return nil
	}
	// Opening quotes are kept.
	if toks[i].Tag == "``" || toks[i].Text == "“" || toks[i].Text == "\"" {
		return nil
	}
	first := strings.ToLower(toks[i].Text)
	// A connective goes when a comma or a clause follows it: not the
	// "So" of "So far" nor the "Instead" of "Instead of".
	if connectives[first] && i+1 < len(toks) && (toks[i+1].Text == "," || startsClause(toks, i+1)) {
		j := i + 1
		if j < len(toks) && toks[j].Text == "," {
			j++
		}
		if t.hasClause(j, len(toks)) && j < len(toks) {
			out = append(out, span{toks[i].Start, toks[j].Start})
			i = j
		}
	}
	if i >= len(toks) {
		return out
	}
	// A short phrase up to the first comma that says when, or where it
	// was said: no verb, no year, no condition.
	w := strings.ToLower(toks[i].Text)
	according := w == "according" && i+1 < len(toks) && toks[i+1].Text == "to"
	if toks[i].Tag != "IN" && toks[i].Tag != "RB" && toks[i].Tag != "JJ" && !according {
		return out
	}
	setting := according || timeWords[w]
	for j := i + 1; j < len(toks) && j-i <= 8; j++ {
		tk := toks[j]
		if tk.Text == "“" || tk.Text == "\"" || tk.Text == "(" || isVerb(tk.Tag) && !according || isYear(tk.Text) {
			return out
		}
		if tk.Text != "," {
			lw := strings.ToLower(tk.Text)
			if framing[lw] {
				return out // "In a separate incident this month,": another event
			}
			if timeWords[lw] || settingWords[lw] {
				setting = true
			}
			continue
		}
		if j+1 < len(toks) && toks[j+1].Tag == "CD" {
			continue // "On January 6, 2026, …": the date goes on
		}
		if setting && (timeWords[w] || settingOpeners[w] || according) && t.hasClause(j+1, len(toks)) && startsClause(toks, j+1) {
			out = append(out, span{toks[i].Start, toks[j+1].Start})
		}
		return out
	}
	return out
}

// isYear reports whether a token is a year (1900–2099) or a decade
// ("1990s"): a phrase that holds one dates what it frames, and a dropped
// date can make a past event read as news.
func isYear(w string) bool {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "s"), "'")
	if len(w) != 4 {
		return false
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return w[:2] == "19" || w[:2] == "20"
}

// framing words in a leading phrase set what follows apart from the
// story: "In a separate incident,", "In a similar case last year,".
var framing = map[string]bool{
	"separate": true, "another": true, "similar": true, "previous": true,
	"unrelated": true, "related": true, "other": true, "earlier": false,
}

// settingOpeners start a leading phrase that can say when or in what
// setting: "On Monday,", "In a statement,", "Earlier this week,".
var settingOpeners = map[string]bool{
	"on": true, "in": true, "at": true, "during": true, "over": true, "by": true,
	"late": true, "early": true, "earlier": true, "later": true, "last": true,
	"this": true, "since": true,
}

// timeWords name a time without a year.
var timeWords = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "today": true, "yesterday": true, "tonight": true,
	"morning": true, "afternoon": true, "evening": true, "night": true, "overnight": true,
	"day": true, "days": true, "week": true, "weeks": true, "weekend": true,
	"month": true, "earlier": true, "later": true, "recently": true, "hours": true,
	"january": true, "february": true, "march": true, "april": true, "may": true,
	"june": true, "july": true, "august": true, "september": true, "october": true,
	"november": true, "december": true, "jan.": true, "feb.": true, "aug.": true,
	"sept.": true, "sep.": true, "oct.": true, "nov.": true, "dec.": true,
}

// settingWords name where something was said.
var settingWords = map[string]bool{
	"statement": true, "interview": true, "conference": true, "briefing": true,
	"letter": true, "post": true, "tweet": true, "speech": true, "email": true,
	"e-mail": true, "release": true, "filing": true, "video": true,
}

// tokenAt returns the index of the first token that starts at or after
// byte offset off.
func (t tagged) tokenAt(off int) int {
	for k, tk := range t.toks {
		if tk.Start >= off {
			return k
		}
	}
	return len(t.toks)
}

// hasFinite reports whether tokens [i, j) hold a finite verb.
func (t tagged) hasFinite(i, j int) bool {
	for k := i; k < j && k < len(t.toks); k++ {
		if isFinite(t.toks[k].Tag) {
			return true
		}
	}
	return false
}

// startsClause reports whether a main clause begins at token i: a noun
// phrase (determiner, adjective, noun, pronoun, number) and not a verb or a
// conjunction.
func startsClause(toks []postag.Token, i int) bool {
	if i >= len(toks) {
		return false
	}
	tag := toks[i].Tag
	return strings.HasPrefix(tag, "NN") || tag == "DT" || tag == "PRP" || tag == "PRP$" ||
		tag == "JJ" || tag == "CD" || tag == "EX" || tag == "``" || toks[i].Text == "“"
}

// sayVerbs report speech; an attribution is a speaker and one of them.
var sayVerbs = map[string]bool{
	"said": true, "says": true, "told": true, "added": true, "noted": true,
	"stated": true, "reported": true, "wrote": true, "announced": true,
	"explained": true, "argued": true, "warned": true, "insisted": true,
	"acknowledged": true, "stressed": true, "emphasized": true, "emphasised": true,
	"tweeted": true, "declared": true, "claimed": true, "confirmed": true,
	"mentioned": true, "remarked": true, "cautioned": true, "indicated": true,
	"suggested": true, "believes": true, "thinks": true, "reports": true,
	"say": true, "adds": true, "notes": true, "explains": true, "write": true,
	"writes": true, "tells": true, "asked": true, "asks": true, "recalled": true,
	"recalls": true, "continued": true, "concluded": true, "observed": true,
	"posted": true, "testified": true, "replied": true, "responded": true,
}

// plainSay are the speech verbs that only report: an attribution with one
// of them can go without making what was said read differently. A claim,
// an argument, a belief, a conclusion or a warning keeps its speaker
// ("researchers concluded that …"): without it, an opinion reads as fact.
var plainSay = map[string]bool{
	"said": true, "says": true, "say": true, "told": true, "tells": true,
	"added": true, "adds": true, "noted": true, "notes": true, "stated": true,
	"reported": true, "reports": true, "wrote": true, "writes": true, "write": true,
	"announced": true, "explained": true, "explains": true, "confirmed": true,
	"posted": true, "tweeted": true, "heard": true,
}

// justifies reports whether tokens [i, j) give a reason or a purpose
// ("in order to save lives", "because", "so that"): a speaker's
// justification is a claim, and stays theirs.
func (t tagged) justifies(i, j int) bool {
	for k := i; k < j && k < len(t.toks); k++ {
		w := strings.ToLower(t.toks[k].Text)
		if w == "because" || w == "order" && k > 0 && strings.EqualFold(t.toks[k-1].Text, "in") || w == "so" && k+1 < j && strings.EqualFold(t.toks[k+1].Text, "that") {
			return true
		}
	}
	return false
}

// documents are sources whose finding is the news: "…, according to a
// new forensic investigation" stays, for without it a finding reads as
// fact.
var documents = map[string]bool{
	"study": true, "studies": true, "investigation": true, "report": true, "reports": true,
	"survey": true, "poll": true, "analysis": true, "research": true, "paper": true,
	"review": true, "audit": true, "findings": true,
}

// mentions reports whether one of toks is a word of set.
func mentions(toks []postag.Token, set map[string]bool) bool {
	for _, tk := range toks {
		if set[strings.ToLower(tk.Text)] {
			return true
		}
	}
	return false
}

// hedged speakers do not vouch for what they say: "Some news accounts
// said", "Critics say".
var hedged = map[string]bool{
	"some": true, "many": true, "several": true, "few": true, "others": true,
	"critics": true, "reports": true, "sources": true, "rumors": true, "rumours": true,
}

// staleWords before a speech verb date what was said: "previously said".
var staleWords = map[string]bool{
	"previously": true, "earlier": true, "initially": true, "originally": true,
	"once": true, "first": true, "had": true,
}

// attribution returns the span of who said it, when what was said stands
// as a clause without it: a trailing ", officials said", ", according to
// the ministry", or a leading "The ministry said (that)", with a verb that
// only reports (plainSay). Direct quotations keep their speaker.
func (t tagged) attribution() []span {
	toks := t.toks
	if len(toks) < 4 {
		return nil
	}
	for _, tk := range toks {
		if tk.Text == "“" || tk.Text == "\"" || tk.Text == "”" || tk.Tag == "``" || tk.Tag == "''" {
			return nil
		}
	}
	end := len(toks)
	if toks[end-1].Text == "." {
		end--
	}
	var out []span
	// Trailing: ", according to X" or ", X said" / ", said X".
	for c := end - 1; c > 0 && end-c <= 12; c-- {
		if toks[c].Text != "," {
			continue
		}
		rest := toks[c+1 : end]
		if len(rest) >= 2 && strings.EqualFold(rest[0].Text, "according") && rest[1].Text == "to" {
			if t.hasClause(0, c) && !mentions(rest[2:], documents) {
				out = append(out, span{toks[c].Start, toks[end-1].End})
			}
			break
		}
		say, verb := -1, false
		for k, tk := range rest {
			if sayVerbs[strings.ToLower(tk.Text)] && isVerb(tk.Tag) {
				if plainSay[strings.ToLower(tk.Text)] {
					say = k
				} else {
					verb = true
				}
				break
			}
			if isVerb(tk.Tag) {
				verb = true
				break
			}
			if tk.Text == "," {
				break
			}
		}
		// Only the speaker and the verb, and perhaps when: ", aides said
		// on Monday" — not ", but aides say they have no plans", a clause.
		// A pronoun for a speaker ("they said") points at someone named
		// before: without it the claim would read as fact, with it the
		// bullet leans on what came before — the sentence stays whole.
		if say >= 0 && rest[0].Tag != "CC" && end-(c+1+say) <= 5 && !t.hasFinite(c+2+say, end) && t.hasClause(0, c) && !t.hasPronoun(c+1, c+1+say) && !mentions(rest[:say], documents) && !t.justifies(0, c) {
			out = append(out, span{toks[c].Start, toks[end-1].End})
			break
		}
		if verb {
			break
		}
		// ", Ms. Ashton's spokesman" after the speaker: look further left.
	}
	// Leading: "X said (that) …" where X is a short noun phrase.
	for k := 0; k < len(toks) && k <= 7; k++ {
		tk := toks[k]
		if w := strings.ToLower(tk.Text); sayVerbs[w] && isVerb(tk.Tag) && k > 0 {
			if !plainSay[w] || k > 0 && staleWords[strings.ToLower(toks[k-1].Text)] || hedged[strings.ToLower(toks[0].Text)] {
				break // "Police previously said …", "Some reports said …": without the speaker, a stale or hedged claim reads as fact
			}
			j := k + 1
			// A short time adverbial: "said on Tuesday", "said over the weekend".
			if j < len(toks) && (toks[j].Tag == "IN" && strings.ToLower(toks[j].Text) != "that") {
				m := j + 1
				for m < len(toks) && m-j <= 5 && toks[m].Text != "that" && !isFinite(toks[m].Tag) {
					m++
				}
				if m < len(toks) && toks[m].Text == "that" {
					j = m
				}
			}
			that := j < len(toks) && strings.ToLower(toks[j].Text) == "that"
			if that {
				j++
			}
			// Only "said" and "says" take a clause without "that"; "told
			// reporters", "warned the council" have an object first.
			plain := w == "said" || w == "says" || w == "say"
			// A pronoun in what was said may point at the speaker ("Farmers
			// said the wall would flood their fields"): then the speaker
			// stays.
			if (that || plain) && j < len(toks) && startsClause(toks, j) && t.hasClause(j, len(toks)) && !t.hasPronoun(j, len(toks)) {
				out = append(out, span{toks[0].Start, toks[j].Start})
			}
			break
		}
		if isFinite(tk.Tag) || tk.Text == "," || tk.Tag == "IN" && k > 0 {
			break
		}
	}
	return out
}

// hasPronoun reports whether tokens [i, j) hold a personal or possessive
// pronoun of the third person outside a quotation.
func (t tagged) hasPronoun(i, j int) bool {
	for k := i; k < j && k < len(t.toks); k++ {
		tk := t.toks[k]
		if (tk.Tag == "PRP" || tk.Tag == "PRP$") && !personal[strings.ToLower(tk.Text)] && !t.quoted(k) {
			return true
		}
	}
	return false
}

// allNames reports whether tokens [i, j) are all proper nouns.
func (t tagged) allNames(i, j int) bool {
	for k := i; k < j; k++ {
		if t.toks[k].Tag != "NNP" && t.toks[k].Tag != "NNPS" {
			return false
		}
	}
	return true
}

// hasYear reports whether tokens [i, j) hold a year.
func (t tagged) hasYear(i, j int) bool {
	for k := i; k < j && k < len(t.toks); k++ {
		if isYear(t.toks[k].Text) {
			return true
		}
	}
	return false
}

// parentheticals returns bracketed asides and dash-delimited ones: "(…)",
// "— … —", and a trailing "— …".
func (t tagged) parentheticals() []span {
	toks := t.toks
	var out []span
	for i := 0; i < len(toks); i++ {
		switch {
		case toks[i].Text == "(":
			for j := i + 1; j < len(toks); j++ {
				if toks[j].Text == ")" {
					// A name in brackets after a name — the actor after the
					// character — says who is meant: it stays.
					if !(j-i > 2 && i > 0 && toks[i-1].Tag == "NNP" && t.allNames(i+1, j)) {
						out = append(out, span{toks[i].Start, toks[j].End})
					}
					i = j
					break
				}
			}
		case isDash(toks[i].Text) && i > 0:
			j := i + 1
			for j < len(toks) && !isDash(toks[j].Text) {
				j++
			}
			if t.hasYear(i, j) || i+1 < len(toks) && toks[i+1].Tag == "CC" {
				i = j // a date, or a contrast ("— but …"): it carries the point
				continue
			}
			switch {
			case j < len(toks):
				out = append(out, span{toks[i].Start, toks[j].End})
				i = j
			case t.hasClause(0, i):
				// A trailing elaboration after a dash.
				end := len(toks)
				if toks[end-1].Text == "." {
					end--
				}
				if end > i+1 {
					out = append(out, span{toks[i].Start, toks[end-1].End})
				}
				i = len(toks)
			}
		}
	}
	return out
}

// appositives returns ", the summit's host," after a noun when a verb
// follows the closing comma (the noun phrase renames the subject), and a
// sentence-final ", the former partner who …" after a name.
func (t tagged) appositives() []span {
	toks := t.toks
	end := len(toks)
	if end > 0 && toks[end-1].Text == "." {
		end--
	}
	var out []span
	for i := 1; i < end; i++ {
		if toks[i].Text != "," || !strings.HasPrefix(toks[i-1].Tag, "NN") {
			continue
		}
		j := i + 1
		if j >= end {
			break
		}
		tag := toks[j].Tag
		if !(tag == "DT" || tag == "PRP$" || strings.HasPrefix(tag, "NN") || tag == "JJ" || tag == "CD") {
			continue
		}
		for j < end && toks[j].Text != "," && !isVerb(toks[j].Tag) && !isDash(toks[j].Text) && toks[j].Text != "“" && j-i <= 16 {
			j++
		}
		switch {
		case j+1 < end && toks[j].Text == "," && (isFinite(toks[j+1].Tag) || toks[j+1].Tag == "RB" && j+2 < end && isFinite(toks[j+2].Tag)):
			out = append(out, span{toks[i].Start, toks[j].End})
			i = j
		case toks[i-1].Tag == "NNP" && (tag == "DT" || tag == "PRP$") && (j == end || isRelative(toks[j].Text)) && t.hasClause(0, i):
			// A trailing appositive, possibly with its own relative
			// clause: "…from Ellen Pao, the former partner who lost …".
			out = append(out, span{toks[i].Start, toks[end-1].End})
			i = end
		}
	}
	return out
}

// participials returns a participial phrase set off by commas between a
// subject and its verb: "Military chiefs, joined by NATO's commander,
// focused on …".
func (t tagged) participials() []span {
	toks := t.toks
	var out []span
	for i := 1; i+2 < len(toks); i++ {
		if toks[i].Text != "," || !strings.HasPrefix(toks[i-1].Tag, "NN") {
			continue
		}
		tg := toks[i+1].Tag
		passive := tg == "VBD" && i+2 < len(toks) && strings.EqualFold(toks[i+2].Text, "by")
		if tg != "VBN" && tg != "VBG" && !passive {
			continue
		}
		j := i + 2
		for j < len(toks) && toks[j].Text != "," && !isFinite(toks[j].Tag) && !isDash(toks[j].Text) && j-i <= 16 {
			j++
		}
		// The phrase may hold one inner comma (an appositive of its own).
		if j+1 < len(toks) && toks[j].Text == "," && !isFinite(toks[j+1].Tag) {
			k := j + 1
			for k < len(toks) && toks[k].Text != "," && !isFinite(toks[k].Tag) && k-i <= 20 {
				k++
			}
			if k < len(toks) && toks[k].Text == "," {
				j = k
			}
		}
		if j+1 < len(toks) && toks[j].Text == "," && (isFinite(toks[j+1].Tag) || toks[j+1].Tag == "RB" && j+2 < len(toks) && isFinite(toks[j+2].Tag)) && !t.hasClause(0, i) {
			out = append(out, span{toks[i].Start, toks[j].End})
			i = j
		}
	}
	return out
}

func isRelative(w string) bool {
	switch strings.ToLower(w) {
	case "who", "which", "that", "whose", "whom":
		return true
	}
	return false
}

// relatives returns non-restrictive relative clauses: ", which …," and
// ", who …," up to the comma that closes them (the first one after their
// verb) or the end.
func (t tagged) relatives() []span {
	toks := t.toks
	var out []span
	for i := 1; i+1 < len(toks); i++ {
		if toks[i].Text != "," {
			continue
		}
		w := strings.ToLower(toks[i+1].Text)
		if w != "which" && w != "who" && w != "whose" && w != "whom" && w != "where" {
			continue
		}
		j, verb := i+2, false
		for j < len(toks) && !(toks[j].Text == "." && j == len(toks)-1) && !isDash(toks[j].Text) {
			if isFinite(toks[j].Tag) {
				verb = true
			}
			if toks[j].Text == "," && verb {
				break
			}
			j++
		}
		if !verb {
			continue
		}
		if j >= len(toks) || toks[j].Text == "." && j == len(toks)-1 || isDash(toks[j].Text) {
			out = append(out, span{toks[i].Start, toks[j-1].End})
			break
		}
		// Both commas go when a verb follows ("The barrier, which …, was
		// approved"); the closing one stays when a clause does ("Using
		// their method, which …, the team found …").
		if j+1 < len(toks) && startsClause(toks, j+1) {
			out = append(out, span{toks[i].Start, toks[j].Start})
		} else {
			out = append(out, span{toks[i].Start, toks[j].End})
		}
		i = j - 1
	}
	return out
}

// clauses returns, for a sentence of coordinated main clauses, deletions
// that keep one clause alone: the first, unless a later one contrasts
// with it and leans on it (", but she has not been arrested": the contrast
// qualifies the first clause, whose point it carries); and a later one
// only when it stands on its own — a named subject and nothing that
// points back (no pronoun, no "this", "also"): most later clauses lean on
// the first ("the company", "those claims"). A contrast that stands on
// its own ("…, but U.S. attention is shifting to Venezuela") is a second
// fact, and either clause may go.
// Clauses split at semicolons and at ", and|so|but|yet|while" before a
// clause with its own subject. Verb phrases that share a subject ("sat
// down and waited to be evicted") are never split: the second often
// carries the point.
func (t tagged) clauses() [][]span {
	toks := t.toks
	end := len(toks)
	if toks[end-1].Text == "." {
		end--
	}
	// A colon that opens a list: keep what comes before it, and do not
	// split the list at its semicolons. What follows a colon is often the
	// point ("she replied: …", "two items are drawing bids: …"): only a
	// list of phrases without a verb of their own may go.
	for i := 1; i < end-1; i++ {
		if toks[i].Text != ":" {
			continue
		}
		if t.hasClause(0, i) && !t.hasFinite(i+1, end) && !sayVerbs[strings.ToLower(toks[i-1].Text)] {
			return [][]span{{{toks[i].Start, toks[len(toks)-1].End}}}
		}
		return nil
	}
	type sep struct{ at, start int } // separator token, first token of the clause after it
	var seps []sep
	contrast := false
	depth := 0
	for i := 1; i < end-1; i++ {
		switch toks[i].Text {
		case "(", "“":
			depth++
			continue
		case ")", "”":
			depth--
			continue
		}
		if depth > 0 {
			continue
		}
		if toks[i].Text == ";" {
			seps = append(seps, sep{i, i + 1})
			continue
		}
		w := strings.ToLower(toks[i].Text)
		if toks[i].Tag != "CC" && w != "while" && w != "whereas" {
			continue
		}
		if w != "and" && w != "but" && w != "yet" && w != "so" && w != "while" && w != "whereas" {
			continue
		}
		start := i + 1
		if l := t.leadingAt(i + 1); len(l) > 0 {
			start = t.tokenAt(l[len(l)-1].to)
		}
		if toks[i-1].Text == "," && startsClause(toks, start) && t.hasClause(start, end) && t.hasClause(0, i-1) && !t.listItem(i-1) {
			seps = append(seps, sep{i, start})
			if w != "and" && w != "so" && !t.selfContained(start, end) {
				contrast = true // the contrast leans on the first clause: it qualifies it
			}
		}
	}
	if len(seps) == 0 {
		return nil
	}
	var out [][]span
	// The first clause, unless a contrast follows.
	to := seps[0].at
	if toks[to-1].Text == "," {
		to--
	}
	// A denial in the first clause is often corrected by the next ("He
	// isn't playing a werewolf; he is playing the werewolf").
	if !contrast && to >= 4 && t.hasClause(0, to) && !t.negated(0, to) {
		out = append(out, []span{{toks[to-1].End, toks[len(toks)-1].End}})
	}
	// A later clause that stands on its own.
	for k, sp := range seps {
		from, upto := sp.start, end
		if k+1 < len(seps) {
			upto = seps[k+1].at
			if toks[upto-1].Text == "," {
				upto--
			}
		}
		if upto-from < 4 || !t.hasClause(from, upto) || !t.selfContained(from, upto) {
			continue
		}
		del := []span{{0, toks[from].Start}}
		if upto < len(toks) {
			del = append(del, span{toks[upto-1].End, toks[len(toks)-1].End})
		}
		out = append(out, del)
	}
	return out
}

// negated reports whether tokens [i, j) hold a negation.
func (t tagged) negated(i, j int) bool {
	for k := i; k < j && k < len(t.toks); k++ {
		if negations[strings.ToLower(t.toks[k].Text)] {
			return true
		}
	}
	return false
}

// negations are the words that deny.
var negations = map[string]bool{"not": true, "n't": true, "never": true, "no": true}

// listItem reports whether the comma at token c closes an item of a list
// ("French, British, and German leaders") rather than a clause: what runs
// from the comma before it has no verb of its own.
func (t tagged) listItem(c int) bool {
	for k := c - 1; k >= 0; k-- {
		if t.toks[k].Text == "," {
			return !t.hasFinite(k+1, c)
		}
	}
	return false
}

// selfContained reports whether tokens [i, j) make a clause a reader can
// take alone: its subject names someone or something (a proper noun
// before the verb: "U.S. attention", "Comments about Greenland"), and
// nothing in it points back to what came before (a pronoun, "this",
// "such", "also", "too").
func (t tagged) selfContained(i, j int) bool {
	named := false
	for k := i; k < j && !isFinite(t.toks[k].Tag); k++ {
		if tag := t.toks[k].Tag; tag == "NNP" || tag == "NNPS" {
			named = true
		}
	}
	if !named {
		return false
	}
	for k := i; k < j; k++ {
		tk := t.toks[k]
		switch strings.ToLower(tk.Text) {
		case "this", "that", "these", "those", "such", "also", "too", "then", "instead", "still", "same", "other", "another", "former", "latter":
			return false
		}
		if tk.Tag == "PRP" || tk.Tag == "PRP$" {
			return false
		}
	}
	return true
}

// trailing returns optional deletions at the end of the sentence as it
// stands after del: a trailing descriptive phrase after a comma
// (", including …", ", adorned with …") and a last prepositional phrase
// that only says where or on what named day ("in Manhattan", "on
// Friday"). A trailing clause of reason, time, contrast or result
// (because, when, while, as, after, ", triggering …") stays: it often
// carries the point, and the editors found most such cuts changed
// what was said.
func (t tagged) trailing(del []span) []span {
	toks := t.toks
	gone := func(k int) bool {
		for _, s := range del {
			if toks[k].Start >= s.from && toks[k].End <= s.to {
				return true
			}
		}
		return false
	}
	end := len(toks)
	for end > 0 && (gone(end-1) || toks[end-1].Text == ".") {
		end--
	}
	if end == 0 {
		return nil
	}
	var out []span
	cut := func(i int) {
		for k := i; k < end; k++ {
			if isYear(toks[k].Text) {
				return // a date frames the fact
			}
		}
		if t.hasClause(0, i) && !gone(i) {
			out = append(out, span{toks[i].Start, toks[end-1].End})
		}
	}
	// A trailing descriptive phrase after a comma, or a distance in time
	// from another event (", two years after inspectors closed it"):
	// what the clause before it says stays whole.
	for i := end - 2; i > 0; i-- {
		if gone(i) || toks[i].Text != "," {
			continue
		}
		nxt := toks[i+1]
		if said := i+2 < end && strings.EqualFold(toks[i+2].Text, "that"); said && sayParticiples[strings.ToLower(nxt.Text)] {
			break // ", saying that …" states the claim itself
		}
		if nxt.Tag == "VBN" || nxt.Tag == "VBG" && neutralParticiples[strings.ToLower(nxt.Text)] || t.timeDistance(i+1) {
			cut(i)
		}
		break
	}
	// The last prepositional phrases (up to three), when each follows a
	// noun and names a place or a day: "at a Rite Aid warehouse in
	// Aberdeen on Thursday".
	n, stop := 0, end // stop: where the phrase after this one begins
	for i := end - 1; i > 2 && n < 3; i-- {
		if gone(i) {
			break
		}
		tk := toks[i]
		if isVerb(tk.Tag) || tk.Text == "," || isDash(tk.Text) || tk.Text == "“" || tk.Text == "”" || tk.Text == "(" || tk.Text == ")" || tk.Tag == "CC" || tk.Tag == "WDT" || tk.Tag == "WP" || tk.Tag == "WRB" {
			break
		}
		if tk.Tag != "IN" {
			continue
		}
		if !placePreps[strings.ToLower(tk.Text)] {
			break
		}
		prev := toks[i-1]
		named := false
		for k := i + 1; k < stop; k++ {
			if toks[k].Tag == "NNP" || toks[k].Tag == "NNPS" {
				named = true
			}
		}
		complex := i+2 < end && (toks[i+2].Tag == "IN" || toks[i+2].Tag == "TO") // "in connection with", "in response to"
		// "at" after a noun says where ("… for Bob Dudley at the annual
		// meeting"); the others only when they name the place or day.
		at := strings.EqualFold(tk.Text, "at")
		if !named && !at || complex || !strings.HasPrefix(prev.Tag, "NN") || measures[strings.ToLower(prev.Text)] || timeUnit(toks, i-1) {
			break
		}
		cut(i)
		n, stop = n+1, i
	}
	return out
}

// timeDistance reports whether a phrase at token i measures time from
// another event: "two years after …", "a day before …", "three weeks
// later".
func (t tagged) timeDistance(i int) bool {
	toks := t.toks
	if i+2 >= len(toks) || toks[i].Tag != "CD" && !strings.EqualFold(toks[i].Text, "a") && !strings.EqualFold(toks[i].Text, "an") {
		return false
	}
	if !timeUnit(toks, i+1) {
		return false
	}
	switch strings.ToLower(toks[i+2].Text) {
	case "after", "before", "later", "earlier", "ago":
		return true
	}
	return false
}

// neutralParticiples open a trailing phrase after a comma that adds detail
// without the point: ", including …", ", citing …". Result and speech
// participles (", triggering …", ", meaning …", ", saying …") stay.
var neutralParticiples = map[string]bool{
	"including": true, "citing": true, "using": true, "wearing": true,
	"describing": true, "referring": true, "quoting": true,
	// What was said next to what was done: "ruled out running on
	// Friday, saying …" keeps the act.
	"saying": true, "adding": true,
}

// sayParticiples open a trailing phrase that reports speech; with
// "that" it states the claim itself (", saying that he had …"), which a
// bullet may not drop.
var sayParticiples = map[string]bool{"saying": true, "adding": true}

// placePreps head a trailing phrase of place or day that a bullet may
// lose when it names one.
var placePreps = map[string]bool{
	"in": true, "at": true, "on": true, "near": true, "outside": true,
	"inside": true, "across": true, "throughout": true, "around": true,
	"within": true,
}

// measures are nouns whose prepositional phrase completes them: "38
// percent in sales", "$972,814 in legal costs".
var measures = map[string]bool{
	"percent": true, "per": true, "cent": true, "%": true, "points": true,
	"increase": true, "decrease": true, "rise": true, "fall": true, "drop": true,
	"share": true, "stake": true, "role": true, "part": true, "interest": true,
}

// timeUnit reports whether token k ends a measure of time that the
// following preposition completes: "two days (after …)", "hours (before …)".
func timeUnit(toks []postag.Token, k int) bool {
	switch strings.ToLower(toks[k].Text) {
	case "day", "days", "week", "weeks", "month", "months", "year", "years",
		"hour", "hours", "minute", "minutes", "decade", "decades", "moments", "shortly", "soon", "time":
		return true
	}
	return false
}

// standsAloneBullet reports whether a compressed bullet can be read on its
// own: it does not open with a pronoun or connective that points outside
// it, it has a subject and a finite verb, its quotes and brackets balance,
// and it does not end on a word that wants a continuation.
func standsAloneBullet(text string) bool {
	if text == "" || !balanced(text) {
		return false
	}
	r, n := utf8.DecodeRuneInString(text)
	quoted := r == '“' || r == '"'
	if quoted {
		// A quotation stands alone when it starts a sentence and its
		// speaker is named after it.
		r, _ = utf8.DecodeRuneInString(text[n:])
		if !saysWho(text) {
			return false
		}
	}
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		return false
	}
	ws := strings.Fields(text)
	first := strings.ToLower(strings.Trim(ws[0], ",.;:“”\"'’‘"))
	if i := strings.IndexAny(first, "’'"); i > 0 {
		first = first[:i] // "We’ll" leans on what came before as "We" does
	}
	if subordinators[first] && !strings.Contains(text, ", ") {
		return false // "Since the council voted" is half a sentence
	}
	if !quoted && (danglers[first] || connectives[first]) {
		return false
	}
	if len(ws) > 1 {
		two := first + " " + strings.ToLower(strings.Trim(ws[1], ",.;:"))
		if danglers[two] {
			return false
		}
	}
	// A short opening phrase does not hide a dangling subject behind it:
	// "For the city, these walls are essential".
	if i := strings.Index(text, ", "); i > 0 && i < 60 && openers[first] {
		next := strings.Fields(text[i+2:])
		if len(next) > 0 && pronouns[strings.ToLower(strings.Trim(next[0], "“\"‘’"))] {
			return false
		}
	}
	last := strings.ToLower(strings.Trim(ws[len(ws)-1], ".;:"))
	if enders[last] || strings.HasSuffix(text, ",") {
		return false
	}
	if sayVerbs[last] && !strings.ContainsAny(text, "“”\"") {
		return false // "…, she replied": what she said is elsewhere
	}
	return true
}

// saysWho reports whether a speech verb follows the end of a quotation
// with a speaker a reader can place: "…," the mayor said — not "…," he
// added.
func saysWho(text string) bool {
	i := strings.LastIndexAny(text, "”\"")
	if i <= 0 {
		return false
	}
	say := false
	for _, w := range strings.Fields(text[i:]) {
		w = strings.ToLower(strings.Trim(w, ",.”\""))
		if pronouns[w] {
			return false
		}
		if sayVerbs[w] {
			say = true
		}
	}
	return say
}

// danglers open a sentence that leans on what came before it.
var danglers = map[string]bool{
	"it": true, "he": true, "she": true, "they": true, "we": true, "i": true,
	"you": true, "this": true, "that": true, "these": true, "those": true,
	"its": true, "his": true, "her": true, "their": true, "our": true,
	"such": true, "both": true, "there": false, "him": true, "them": true,
	"which": true, "who": true, "where": true, "here": true, "the latter": true,
	"the former": true, "the two": true, "the move": false, "said": true,
	"neither": true, "either": true, "others": true, "another": true,
	"other": true,
}

// pronouns refer to something named before.
var pronouns = map[string]bool{
	"it": true, "he": true, "she": true, "they": true, "we": true, "i": true,
	"you": true, "this": true, "these": true, "those": true, "its": true,
	"his": true, "her": true, "their": true, "our": true, "him": true, "them": true,
}

// openers start an adverbial phrase before a sentence's subject.
var openers = map[string]bool{
	"for": true, "in": true, "on": true, "at": true, "with": true, "as": true,
	"after": true, "before": true, "by": true, "under": true, "from": true,
	"despite": true, "during": true, "since": true, "when": true, "while": true,
	"although": true, "though": true, "because": true, "if": true, "unless": true,
	"once": true, "until": true, "without": true, "amid": true, "following": true,
	"according": true, "like": true, "unlike": true, "to": true, "now": true,
}

// enders are words a bullet cannot end on.
var enders = map[string]bool{
	"the": true, "a": true, "an": true, "and": true, "or": true, "but": true,
	"of": true, "to": true, "in": true, "on": true, "for": true, "with": true,
	"by": true, "at": true, "from": true, "that": true, "which": true,
	"who": true, "as": true, "its": true, "their": true, "his": true, "her": true,
	"is": true, "are": true, "was": true, "were": true, "will": true, "would": true,
}

// keepsClause reports whether what del leaves of the sentence still has a
// subject and a finite verb, and does not end on a word that wants more
// (an adverb, determiner, preposition, conjunction or auxiliary). Where
// the sentence's end was cut, it must not end on a verb or a particle
// either — a verb stranded without its complement ("continued to avoid
// saying", "trying to find out") — nor on an abbreviation ("Sept."), and
// what is left must not open with a subordinating word whose main clause
// was cut away.
func (t tagged) keepsClause(del []span) bool {
	gone := func(tk postag.Token) bool {
		for _, d := range del {
			if tk.Start >= d.from && tk.End <= d.to {
				return true
			}
		}
		return false
	}
	last, lastWord, firstKept := -1, -1, -1
	for k, tk := range t.toks {
		word := tk.Tag != "." && tk.Text != "”" && tk.Text != "\"" && tk.Text != ")" && tk.Tag != "''"
		if word {
			lastWord = k
		}
		if gone(tk) {
			continue
		}
		if firstKept < 0 {
			firstKept = k
		}
		if word {
			last = k
		}
	}
	if last < 0 {
		return false
	}
	switch t.toks[last].Tag {
	case "RB", "DT", "IN", "CC", "TO", "PRP$", "WDT", "WP", "MD", ",", ":", "POS", "EX":
		return false
	}
	if len(del) > 0 && last < lastWord {
		// The words after it went: a verb or particle loses what completed
		// it, unless punctuation closed its phrase ("to finish, according
		// to …").
		next := t.toks[last+1]
		open := next.Tag != "," && next.Tag != ":" && next.Tag != "." && !isDash(next.Text) && next.Text != "(" && next.Text != "”" && next.Text != "\""
		if open && (isVerb(t.toks[last].Tag) || t.toks[last].Tag == "RP") || strings.HasSuffix(t.toks[last].Text, ".") {
			return false
		}
	}
	if len(del) > 0 && firstKept >= 0 && firstKept > 0 {
		if w := strings.ToLower(t.toks[firstKept].Text); subordinators[w] || w == "of" || w == "if" || w == "unless" {
			return false
		}
	}
	noun := false
	for _, tk := range t.toks {
		if gone(tk) {
			continue
		}
		if isNoun(tk.Tag) || tk.Tag == "EX" {
			noun = true
		}
		if isFinite(tk.Tag) && noun {
			return true
		}
		if tk.Tag == "WDT" || tk.Tag == "WP" || tk.Tag == "WRB" {
			return false // the first verb is a relative clause's, not the bullet's
		}
	}
	return false
}

// subsequence reports whether the words of short appear, in order and
// whole, among the words of long (case aside): the guarantee that a bullet
// only deletes from its sentence. A deletion that splits a word ("do|n't")
// fails it.
func subsequence(short, long string) bool {
	sw := strings.Fields(strings.ToLower(short))
	lw := strings.Fields(strings.ToLower(long))
	i := 0
	for _, w := range lw {
		if i == len(sw) {
			break
		}
		if w == sw[i] || strings.TrimRight(w, ",.;:!?") == strings.TrimRight(sw[i], ",.;:!?") {
			i++
		}
	}
	return i == len(sw)
}

// reads reports whether a sentence reads as reported news, which a bullet
// must: not a first- or second-person statement outside a quotation (a
// post, a column, a transcript: "I'm okay", "Netflix hinges on us"), not
// an imperative ("Take a look at …"), not a transcript line or a label
// ("REPORTER: …", "Q. …", "A typical teen: …"), and not an exclamation.
func (t tagged) reads() bool {
	toks := t.toks
	if len(toks) == 0 {
		return false
	}
	if toks[0].Tag == "VB" {
		return false // an imperative
	}
	if first := toks[0].Text; first == "Q." || first == "A." || (first == "Q" || first == "A") && len(toks) > 1 && (toks[1].Text == ":" || toks[1].Text == ".") {
		return false // a question-and-answer marker
	}
	if opensOnContext(toks) {
		return false
	}
	if first := strings.ToLower(toks[0].Text); first == "caption" || first == "photo" && len(toks) > 1 && toks[1].Text == ":" ||
		first == "if" && len(toks) > 1 && strings.EqualFold(toks[1].Text, "only") {
		return false // a caption's label; a wish ("If only the press would …")
	}
	// A label before a colon: a few words and no verb.
	for k := 1; k < len(toks) && k <= 5; k++ {
		if toks[k].Text == ":" {
			if !t.hasFinite(0, k) {
				return false
			}
			break
		}
	}
	if t.inPerson() || t.caption() {
		return false
	}
	for k, tk := range toks {
		if tk.Text == "!" && k >= len(toks)-2 && !t.quoted(k) {
			return false
		}
	}
	return true
}

// caption reports a photo caption: a present-tense scene that ends on its
// dateline ("The president speaks during a briefing in Kyiv, Ukraine,
// Saturday, Jan. 3, 2026").
func (t tagged) caption() bool {
	toks := t.toks
	end := len(toks)
	if end > 0 && toks[end-1].Text == "." {
		end--
	}
	if end < 4 || !isYear(toks[end-1].Text) {
		return false
	}
	dated := false
	for k := max(0, end-7); k < end-1; k++ {
		if timeWords[strings.ToLower(toks[k].Text)] {
			dated = true
		}
	}
	present := false
	for _, tk := range toks[:end] {
		if isFinite(tk.Tag) {
			present = tk.Tag == "VBZ" || tk.Tag == "VBP"
			break
		}
	}
	return dated && present
}

// contextOpeners are openings that lean on the sentence before: the
// second half of "on the one hand", "all the while", "at the same time".
var contextOpeners = [][]string{
	{"on", "the", "other"}, {"all", "the", "while"}, {"at", "the", "same", "time"},
	{"in", "the", "meantime"}, {"by", "then"}, {"after", "that"}, {"before", "that"},
}

// opensOnContext reports whether a sentence opens with a contextOpener.
func opensOnContext(toks []postag.Token) bool {
	for _, o := range contextOpeners {
		if len(toks) < len(o) {
			continue
		}
		match := true
		for i, w := range o {
			if !strings.EqualFold(toks[i].Text, w) {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// quoted reports whether token k is inside a quotation.
func (t tagged) quoted(k int) bool {
	depth := 0
	for _, tk := range t.toks[:k] {
		switch {
		case tk.Text == "“" || tk.Tag == "``":
			depth++
		case tk.Text == "”" || tk.Tag == "''":
			depth--
		case tk.Text == "\"":
			if depth > 0 {
				depth--
			} else {
				depth++
			}
		}
	}
	return depth > 0
}

// inPerson reports whether the sentence speaks in the first or second
// person outside a quotation ("I", "we", "you", "our"): a post, a column
// or a transcript, not a report. "I" in "World War I" is a numeral.
func (t tagged) inPerson() bool {
	for k, tk := range t.toks {
		w := strings.ToLower(tk.Text)
		// The tagger takes a capitalised "Me" or "We" for a name now and
		// then; "US" and the "I" of "World War I" are names.
		pronoun := tk.Tag == "PRP" || tk.Tag == "PRP$" || tk.Tag == "NNP" && w != "i" && w != "us"
		if !personal[w] || !pronoun || t.quoted(k) {
			continue
		}
		if tk.Text == "I" && k > 0 && t.toks[k-1].Tag == "NNP" {
			continue
		}
		if w == "us" && tk.Text == "US" {
			continue
		}
		return true
	}
	return false
}

// personal are first- and second-person pronouns: outside a quotation
// they speak for a writer the reader of a digest does not know.
var personal = map[string]bool{
	"i": true, "me": true, "my": true, "mine": true, "myself": true,
	"we": true, "us": true, "our": true, "ours": true, "ourselves": true,
	"you": true, "your": true, "yours": true, "yourself": true,
}
