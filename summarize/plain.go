package summarize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/tokenize"
)

// Languages without compression rules. The compression rules (compress.go)
// rest on an English tagger and English word lists, so they run on English
// text only, and on text whose language is unknown, as before languages
// were told apart. A sentence in any other language becomes a bullet
// whole, or as its first clause cut at a semicolon (";", "；", "؛"),
// which ends a whole clause; nothing else of it is cut, so a bullet there
// is never a fragment. When neither fits the bullet cap, the sentence
// gives no bullet and the selection takes another. Such a sentence must
// read as the outlet's statement: it does not open with a quotation, is
// not a question or an exclamation, has no label before a colon among
// its first three words ("Foto: …"), no web address, handle or ©, no
// first or second person outside quotations, and does not open with a
// word that leans on the sentence before (a pronoun, a demonstrative, a
// connective: "Это на 33% больше"); the pronouns and openers are closed
// lists per language.

// standsAloneIn reports whether a whole sentence in the language l can be
// shown as a bullet (see standsAlone, for English).
func standsAloneIn(l *tokenize.Lang, s string, ws []word) bool {
	if l.English() {
		return standsAlone(s, ws)
	}
	if !opensLikeSentence(s) {
		return false
	}
	end := strings.TrimRight(s, " \"”’')»«“」』›\u00a0\u202f")
	last, _ := utf8.DecodeLastRuneInString(end)
	if !strings.ContainsRune(".。．۔।", last) {
		return false // a question, an exclamation, a heading or a cut-off line
	}
	return clauseOK(s, ws)
}

// opensLikeSentence reports whether s begins as a sentence does: with a
// capital, a digit, a letter of a script without case or an opening
// quotation mark.
func opensLikeSentence(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	if unicode.IsLower(first) {
		return false
	}
	return unicode.IsLetter(first) || unicode.IsDigit(first) || strings.ContainsRune("“\"«„「『‹", first)
}

// clauseOK reports whether s balances its quotations and brackets and
// holds at least three content words.
func clauseOK(s string, ws []word) bool {
	if !tokenize.BalancedQuotes(s) || !balanced(strings.NewReplacer("“", "", "”", "", `"`, "").Replace(s)) {
		return false
	}
	return contentWords(ws) >= 3
}

// readsPlain reports whether a sentence in a language without
// compression rules reads as the outlet's statement (see above).
func readsPlain(l *tokenize.Lang, s string) bool {
	if first, _ := utf8.DecodeRuneInString(s); strings.ContainsRune("“\"«„「『‹‘'", first) {
		return false // someone's words
	}
	end := strings.TrimRight(s, " \"”’')»«“」』›")
	if last, _ := utf8.DecodeLastRuneInString(end); strings.ContainsRune("!！?？؟", last) {
		return false
	}
	lower := strings.ToLower(s)
	for _, bad := range []string{"http", "www.", "@", "©", "#"} {
		if strings.Contains(lower, bad) {
			return false
		}
	}
	if i := strings.IndexAny(s, ":："); i >= 0 && news.CountWords(s[:i]) <= 3 {
		return false // a label: "Foto: …", "Lire aussi : …"
	}
	return !inPerson(l, tokenize.Unquoted(s)) && !leansOn(l, s)
}

// leansOn reports whether a sentence opens with a word that points back
// at what came before it — a pronoun, a demonstrative, a connective —
// so that alone it says nothing a reader can use ("Это на 33% больше").
func leansOn(l *tokenize.Lang, s string) bool {
	if subs := leaningChars[l.Code()]; subs != "" {
		for _, p := range strings.Fields(subs) {
			if strings.HasPrefix(s, p) {
				return true
			}
		}
	}
	ws := tokenize.Words(s)
	return len(ws) > 0 && leaningWords[l.Code()][ws[0]]
}

// leaningWords are, per language, the first words of a sentence that
// leans on the one before it.
var leaningWords = map[string]map[string]bool{
	"fr": wordSet("il elle ils elles ce cela ceci ça celui celle ceux celles cette cet ces lui leur y en toutefois cependant pourtant ainsi donc alors puis aussi également"),
	"de": wordSet("er sie es dies diese dieser dieses diesen diesem dabei damit dafür dadurch deshalb deswegen daher zudem außerdem jedoch allerdings auch trotzdem dort danach"),
	"es": wordSet("él ella ellos ellas esto eso este esta estos estas ese esa esos esas aquel aquella además sin embargo también así entonces allí luego"),
	"pt": wordSet("ele ela eles elas isso isto este esta estes estas esse essa esses essas aquele aquela além também assim então lá depois porém contudo"),
	"it": wordSet("lui lei loro esso essa questo questa questi queste quello quella inoltre però tuttavia anche così allora poi"),
	"nl": wordSet("hij zij ze het dit dat deze die daarom daardoor bovendien echter ook toen daar"),
	"cs": wordSet("on ona ono oni ony to tento tato toto tyto ten ta tam tehdy proto navíc však také pak"),
	"pl": wordSet("on ona ono oni one to ten ta te tam wtedy dlatego ponadto jednak także również potem"),
	"ru": wordSet("он она оно они это этот эта эти этого там тогда поэтому кроме однако также тоже затем при этом"),
	"uk": wordSet("він вона воно вони це цей ця ці там тоді тому крім однак також теж потім"),
	"ur": wordSet("یہ وہ اس ان انہوں وہاں اسی"),
}

// leaningChars open a Chinese or Japanese sentence that leans on the one
// before it.
var leaningChars = map[string]string{
	"zh": "这 此 他 她 它 该 其 但 而 此外 同时 因此",
	"ja": "これ それ この その 彼 しかし また",
}

// inPerson reports whether text (without its quotations) speaks in the
// first or second person.
func inPerson(l *tokenize.Lang, text string) bool {
	if subs := personChars[l.Code()]; subs != "" {
		for _, p := range strings.Fields(subs) {
			if strings.Contains(text, p) {
				return true
			}
		}
	}
	set := personWords[l.Code()]
	if set == nil {
		return false
	}
	for _, w := range tokenize.Words(text) {
		if set[w] {
			return true
		}
	}
	return false
}

// personWords are, per language, the pronouns of the first and second
// person, less those that are also common words of another kind.
var personWords = map[string]map[string]bool{
	"fr": wordSet("je j me moi nous vous notre nos votre vos mon ma mes ton ta tes tu te toi"),
	"de": wordSet("ich mich mir mein meine meinem meinen meiner wir uns unser unsere unserem unseren unserer du dich dir dein deine euch euer eure"),
	"es": wordSet("yo me mí mi mis nosotros nosotras nos nuestro nuestra nuestros nuestras tú te ti tu tus vosotros vosotras os vuestro vuestra"),
	"pt": wordSet("eu me mim meu minha meus minhas nós nosso nossa nossos nossas tu te ti teu tua você vocês"),
	"it": wordSet("io me mi mio mia miei mie noi nostro nostra nostri nostre tu te ti tuo tua voi vostro vostra"),
	"cs": wordSet("já mě mi mne mnou můj moje náš naše naši my nás nám námi tě tobě vy vás vám váš vaše"),
	"ru": wordSet("я меня мне мной мой моя моё мои мы нас нам нами наш наша наше наши ты тебя тебе вы вас вам ваш ваша ваше ваши"),
	"uk": wordSet("я мене мені мій моя моє мої ми нас нам наш наша наше наші ти тебе ви вас вам ваш"),
	"nl": wordSet("ik mij me mijn wij we ons onze jij je jou jouw jullie uw"),
	"pl": wordSet("ja mnie mi mój moja moje my nas nam nasz nasza nasze ty cię ciebie wy was wam wasz"),
	"ur": wordSet("ہم ہمارا ہماری ہمارے آپ تم"),
}

// personChars are the first and second person of languages written
// without spaces, matched as they stand ("我国", our country, is how
// Chinese news names China, and is not held against a sentence).
var personChars = map[string]string{
	"zh": "我们 咱们 你 您",
	"ja": "私 僕 あなた 我々",
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// plainCandidates returns the candidates of sentence si, in a language
// without compression rules: the sentence whole, and its first clause
// where a semicolon ends one that fits a bullet.
func (c *corpus) plainCandidates(si int, opts Options) []candidate {
	s := &c.sents[si]
	l := c.langs[s.article]
	if !readsPlain(l, s.text) {
		return nil
	}
	cd := c.newCandidate(si, tidyIn(l, s.text), s.terms)
	cd.whole = true
	out := []candidate{cd}
	k := clauseEnd(s.text)
	if k <= 0 {
		return out
	}
	head := tidyIn(l, s.text[:k])
	var ws []word
	var terms []int32
	for i, w := range s.words {
		if w.end <= k {
			ws = append(ws, w)
			terms = append(terms, s.terms[i])
		}
	}
	if n := news.CountWords(head); n >= opts.MinBulletWords && n <= opts.MaxBulletWords && opensLikeSentence(head) && clauseOK(head, ws) {
		out = append(out, c.newCandidate(si, head, terms))
	}
	return out
}

// clauseEnd returns the offset of the first semicolon of s outside its
// quotations and brackets; -1 when there is none.
func clauseEnd(s string) int {
	depth := 0
	for i, r := range s {
		switch r {
		case '(', '[', '（':
			depth++
		case ')', ']', '）':
			depth--
		case ';', '；', '؛':
			if depth == 0 && tokenize.BalancedQuotes(s[:i]) {
				return i
			}
		}
	}
	return -1
}

// plainClauses splits a bullet in a language without compression rules
// at its semicolons, for the redundancy test.
func plainClauses(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == ';' || r == '；' || r == '؛' })
}

// tidyIn returns a sentence or a clause of it in the language l as a
// bullet: white space collapsed, a final full stop dropped unless it ends
// an abbreviation, a trailing semicolon or comma dropped, the first
// letter a capital. English text is tidied as compression leaves it
// (tidy).
func tidyIn(l *tokenize.Lang, s string) string {
	if l.English() {
		return tidy(s)
	}
	s = collapseSpace(s)
	s = strings.TrimRight(s, " ,;，；؛、")
	for _, stop := range []string{"。", "．", "۔", "।"} {
		if strings.HasSuffix(s, stop) {
			s = strings.TrimSuffix(s, stop)
			break
		}
	}
	if strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "..") && !l.AbbrevBefore(strings.TrimSuffix(s, ".")) {
		s = strings.TrimSuffix(s, ".")
	}
	if r, n := utf8.DecodeRuneInString(s); unicode.IsLower(r) {
		s = string(unicode.ToUpper(r)) + s[n:]
	}
	return s
}

// collapseSpace trims s and turns each run of ASCII white space into one
// space; a no-break space, which French sets before « » : ; ! ?, stays.
func collapseSpace(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
