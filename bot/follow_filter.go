package bot

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/digestbot/digestbot/news"
)

// Limits on a subscription's filter, as typed after /digest follow.
const (
	// maxFollowPhrases is the most +word and -word one subscription holds.
	maxFollowPhrases = 20
	// maxFollowOutlets is the largest outlets:N.
	maxFollowOutlets = 100
)

// followFilterUsage says how to write a subscription's filter.
const followFilterUsage = "After the words, “+word” or “+\"a phrase\"” posts only stories about one of them, “-word” or “-\"a phrase\"” leaves out stories about any of them, and “outlets:N” posts only stories told by N outlets or more, e.g. “/digest follow paris climate summit -coal -\"fossil fuel\" outlets:2”."

// followQuotes are the quotation marks that open and close a phrase:
// straight, and the curly ones phones and some keyboards type instead.
const followQuotes = "\"“”„«»"

// followToken is one word or quoted phrase of a follow's text.
type followToken struct {
	sign   rune   // '+', '-' or 0
	text   string // the word, or the phrase without its quotes
	raw    string // as typed, for problems
	quoted bool   // a phrase in quotes
	open   bool   // a phrase whose closing quote is missing
}

// followTokens splits text into words and quoted phrases, each with the
// sign that precedes it.
func followTokens(text string) []followToken {
	rs := []rune(text)
	var toks []followToken
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		start := i
		tok := followToken{}
		if rs[i] == '+' || rs[i] == '-' {
			tok.sign = rs[i]
			i++
		}
		switch {
		case i < len(rs) && strings.ContainsRune(followQuotes, rs[i]):
			j := i + 1
			for j < len(rs) && !strings.ContainsRune(followQuotes, rs[j]) {
				j++
			}
			tok.quoted, tok.text = true, strings.Join(strings.Fields(string(rs[i+1:j])), " ")
			if tok.open = j == len(rs); !tok.open {
				j++
			}
			i = j
		default:
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) {
				j++
			}
			tok.text = string(rs[i:j])
			i = j
		}
		tok.raw = string(rs[start:i])
		toks = append(toks, tok)
	}
	return toks
}

// parseFollow reads what follows /digest follow: the words to follow
// (each without surrounding punctuation; a quoted phrase without a sign
// is words followed too) and the subscription's filter:
//
//	+word, +"a phrase"   the story must be about one of these (Include)
//	-word, -"a phrase"   the story must be about none of these (Exclude)
//	outlets:N            the story must be told by N outlets or more
//
// problems names each thing typed that cannot be used, and why: a sign
// with nothing after it, a quote not closed, an outlets: that is not a
// number from 1 to maxFollowOutlets or is given twice, what
// news.Filter.Check refuses, and an exclude that would leave out every
// story the words follow.
func parseFollow(text string) (words string, f news.Filter, problems []string) {
	toks := followTokens(text)
	var kept []string
	outlets := ""
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		if t.open {
			problems = append(problems, fmt.Sprintf("“%s”: the quote is not closed", t.raw))
			continue
		}
		switch {
		case t.sign != 0 && t.text == "" && !t.quoted:
			problems = append(problems, fmt.Sprintf("%q needs a word or a phrase in quotes right after it, with no space: %ccoal, %c\"fossil fuel\"", string(t.sign), t.sign, t.sign))
		case t.sign == '+':
			f.Include = append(f.Include, phrase(t))
		case t.sign == '-':
			f.Exclude = append(f.Exclude, phrase(t))
		case !t.quoted && len(t.text) >= len("outlets:") && strings.EqualFold(t.text[:len("outlets:")], "outlets:"):
			n := t.text[len("outlets:"):]
			raw := t.raw
			if n == "" && k+1 < len(toks) && toks[k+1].sign == 0 && !toks[k+1].quoted {
				k++ // "outlets: 2"
				n, raw = toks[k].text, raw+" "+toks[k].raw
			}
			m, err := strconv.Atoi(n)
			switch {
			case outlets != "":
				problems = append(problems, fmt.Sprintf("“%s” and “%s”: give the number of outlets once", outlets, raw))
			case err != nil:
				problems = append(problems, fmt.Sprintf("“%s”: not a number of outlets; outlets:2 posts only stories told by 2 outlets or more", raw))
			case m < 1:
				problems = append(problems, fmt.Sprintf("“%s”: a story is told by 1 outlet at least", raw))
			case m > maxFollowOutlets:
				problems = append(problems, fmt.Sprintf("“%s”: at most outlets:%d", raw, maxFollowOutlets))
			default:
				f.MinOutlets = m
			}
			if outlets == "" {
				outlets = raw
			}
		case t.quoted:
			kept = append(kept, t.text)
		default:
			if w := strings.TrimFunc(t.text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }); w != "" {
				kept = append(kept, w)
			}
		}
	}
	words = news.FollowWords(strings.Join(kept, " "))
	if n := len(f.Include) + len(f.Exclude); n > maxFollowPhrases {
		problems = append(problems, fmt.Sprintf("%d words or phrases with + or -: at most %d", n, maxFollowPhrases))
	}
	if err := f.Check(); err != nil {
		problems = append(problems, checkProblems(err)...)
	}
	followed := " " + news.FoldPhrase(words) + " "
	for _, p := range f.Exclude {
		if fp := news.FoldPhrase(p); fp != "" && strings.Contains(followed, " "+fp+" ") {
			problems = append(problems, fmt.Sprintf("%s: the words followed hold it, so it would leave out the stories they follow", signed('-', p)))
		}
	}
	return words, f, problems
}

// phrase is a signed token's word or phrase: a word without the commas
// and semicolons that may follow it in a list ("-coal, -oil").
func phrase(t followToken) string {
	if t.quoted {
		return t.text
	}
	return strings.TrimRight(t.text, ",;")
}

// checkProblems returns the problems news.Filter.Check joined in err,
// each in the follow syntax: its `include "x"` and `exclude "x"` as +"x"
// and -"x".
func checkProblems(err error) []string {
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	out := make([]string, 0, len(errs))
	for _, e := range errs {
		msg := e.Error()
		if rest, ok := strings.CutPrefix(msg, "include "); ok {
			msg = "+" + rest
		} else if rest, ok := strings.CutPrefix(msg, "exclude "); ok {
			msg = "-" + rest
		}
		out = append(out, msg)
	}
	return out
}

// signed returns a phrase of a filter as it is typed: sign and word, or
// sign and phrase in quotes.
func signed(sign rune, phrase string) string {
	if phrase == "" || strings.ContainsFunc(phrase, unicode.IsSpace) || strings.ContainsAny(phrase, followQuotes) {
		return string(sign) + "\"" + phrase + "\""
	}
	return string(sign) + phrase
}

// filterSyntax returns f as it is typed after /digest follow's words:
// `+"green fund" -coal -"fossil fuel" outlets:2`; "" for the zero
// filter.
func filterSyntax(f news.Filter) string {
	var parts []string
	for _, p := range f.Include {
		parts = append(parts, signed('+', p))
	}
	for _, p := range f.Exclude {
		parts = append(parts, signed('-', p))
	}
	if f.MinOutlets > 1 {
		parts = append(parts, "outlets:"+strconv.Itoa(f.MinOutlets))
	}
	return strings.Join(parts, " ")
}

// describeFilter says in words which stories f lets through: `stories
// about “green fund”, not about “coal” or “fossil fuel”, told by at least
// 2 outlets`; "" for the zero filter.
func describeFilter(f news.Filter) string {
	var parts []string
	if len(f.Include) > 0 {
		parts = append(parts, "about "+orList(f.Include))
	}
	if len(f.Exclude) > 0 {
		parts = append(parts, "not about "+orList(f.Exclude))
	}
	if f.MinOutlets > 1 {
		parts = append(parts, fmt.Sprintf("told by at least %d outlets", f.MinOutlets))
	}
	if len(parts) == 0 {
		return ""
	}
	return "stories " + strings.Join(parts, ", ")
}

// orList quotes each phrase and joins them: “a”, “b” or “c”.
func orList(phrases []string) string {
	q := make([]string, len(phrases))
	for i, p := range phrases {
		q[i] = "“" + p + "”"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
