package postag

// This file replicates the tagging half of github.com/jdkato/prose/v2
// v2.0.0: perceptronTagger.tag, featurize, normalize and
// averagedPerceptron.predict from tag.go, the none and keep expressions from
// tag.go, and the emoticons table from tokenize.go. Where this code departs
// from prose's in form (a byte buffer instead of a map of features, integer
// thousandths instead of float64), a comment says why the tags stay the same.
//
// prose's tag.go carries this notice:
//
//	Copyright 2013 Matthew Honnibal
//
// and prose itself this one:
//
//	MIT License
//
//	Copyright (c) 2017 -2018 Joseph Kato
//
//	Permission is hereby granted, free of charge, to any person obtaining a copy
//	of this software and associated documentation files (the "Software"), to deal
//	in the Software without restriction, including without limitation the rights
//	to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
//	copies of the Software, and to permit persons to whom the Software is
//	furnished to do so, subject to the following conditions:
//
//	The above copyright notice and this permission notice shall be included in all
//	copies or substantial portions of the Software.
//
//	THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
//	IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
//	FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
//	AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
//	LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
//	OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
//	SOFTWARE.

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/digestbot/digestbot/postag/internal/modelbin"
	"github.com/mingrammer/commonregex"
)

// none and keep are prose's (tag.go); linkRE and emailRE are
// commonregex's LinkRegex and EmailRegex, which prose's tagger uses. All
// four are compiled on first use, not at package initialisation: most
// processes never tag, and most words never reach them (see isLinkOrEmail).
var (
	none    = lazyRegexp(`^(?:0|\*[\w?]\*|\*\-\d{1,3}|\*[A-Z]+\*\-\d{1,3}|\*)$`)
	keep    = lazyRegexp(`^\-[A-Z]{3}\-$`)
	linkRE  = lazyRegexp(commonregex.LinkPattern)
	emailRE = lazyRegexp(commonregex.EmailPattern)
)

// lazyRegexp returns a function that compiles pattern on its first call and
// returns the same expression on every call.
func lazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}

// tagger holds one call's scratch space.
type tagger struct {
	m      *modelbin.Model
	key    []byte  // the feature being looked up
	scores []int64 // per class, in thousandths
	seen   []bool  // whether any feature weighed the class
	ties   []bool  // if not nil, per word: predict found an exact tie (tests)
	tie    bool    // the last predict found an exact tie
}

// tag returns the tags of words (token texts as prose's tokenizer gives them),
// as prose's perceptronTagger.tag (tag.go) does.
func (t *tagger) tag(words []string) []string {
	tags := make([]string, len(words))
	n := len(words)
	ctx := make([]string, n+4)
	ctx[0], ctx[1] = "-START-", "-START2-"
	for i, w := range words {
		ctx[i+2] = normalize(w)
	}
	ctx[n+2], ctx[n+3] = "-END-", "-END2-"

	p1, p2 := "-START-", "-START2-"
	for i, word := range words {
		var tag string
		switch {
		case word == "-":
			tag = "-"
		case isEmoticon(word):
			tag = "SYM"
		case isLinkOrEmail(word) || strings.HasPrefix(word, "@"):
			tag = "NN"
		case isNone(word):
			tag = "-NONE-"
		case isKeep(word):
			tag = word
		default:
			if c, ok := t.m.TagOf(word); ok {
				tag = t.m.Classes[c]
			} else {
				tag = t.predict(i, ctx, word, p1, p2)
			}
		}
		tags[i] = tag
		if t.ties != nil {
			t.ties[i] = t.tie
			t.tie = false
		}
		p2 = p1
		p1 = tag
	}
	return tags
}

// isLinkOrEmail is prose's commonregex.LinkRegex or EmailRegex test
// (FuzzIsLinkOrEmail checks that it is). The expressions are slow, and a
// word reaches them only if it has what every one of their matches has.
//
// A match of LinkRegex is an optional "http://", then a run of
// [a-z0-9.\-] (or "www", which is one), then its mandatory "[.]", then at
// least one byte of path ([^\s()<>] or a parenthesised group) and one final
// byte or group: a '.' right after a byte of [a-z0-9.\-] and followed by at
// least two bytes. Words of news text such as "U.S.", "Mr." or "3.5" have
// none, and never compile it. A match of EmailRegex has an '@' that is not
// the word's first byte, and a '.' after it.
func isLinkOrEmail(word string) bool {
	return maybeLink(word) && linkRE().MatchString(word) ||
		maybeEmail(word) && emailRE().MatchString(word)
}

// maybeLink reports whether word has a '.' after a byte of [a-z0-9.\-] and
// before at least two more bytes, which every match of LinkRegex has.
func maybeLink(word string) bool {
	for j := 1; j+2 < len(word); j++ {
		if word[j] != '.' {
			continue
		}
		if c := word[j-1]; 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '-' {
			return true
		}
	}
	return false
}

// maybeEmail reports whether word has an '@', not its first byte, with a
// '.' somewhere after it, which every match of EmailRegex has.
func maybeEmail(word string) bool {
	if len(word) < 2 {
		return false
	}
	i := strings.IndexByte(word[1:], '@')
	return i >= 0 && i+1 < strings.LastIndexByte(word, '.')
}

// isNone is none.MatchString: every alternative is "0" or starts with '*'.
func isNone(word string) bool {
	return (word == "0" || strings.HasPrefix(word, "*")) && none().MatchString(word)
}

// isKeep is keep.MatchString: five bytes starting with '-'.
func isKeep(word string) bool {
	return len(word) == 5 && word[0] == '-' && keep().MatchString(word)
}

// predict is prose's featurize followed by averagedPerceptron.predict.
//
// prose builds a map of feature keys, sums value×weight per class in float64
// over that map, and takes the class with the highest score, iterating over a
// map of scores. Here each key is looked up as it is built; the 14 keys of
// featurize always differ (each starts with its own template name), so every
// value in prose's map is 1 and adding each key's weights once is the same
// sum. Weights are whole thousandths (modelbin checks this is lossless), so
// the sums are exact integers: where prose's float64 scores differ, they
// differ by at least 0.001, far above rounding error, and the argmax is the
// same. Where two classes score exactly the same, prose's pick depends on
// map iteration order and rounding, so it is random; here the tie goes to the
// class that comes first in prose's classes list (model.bin's order).
// As in prose, only classes that some present feature weighs are candidates.
func (t *tagger) predict(i int, ctx []string, w, p1, p2 string) string {
	clear(t.scores)
	clear(t.seen)

	// featurize (tag.go), with prose's add joining the parts with spaces.
	suf := min(len(w), 3)
	i = min(len(ctx)-2, i+2)
	iminus := min(len(ctx[i-1]), 3)
	iplus := min(len(ctx[i+1]), 3)
	t.add("bias")
	t.add("i suffix", w[len(w)-suf:])
	t.addPref1(w)
	t.add("i-1 tag", p1)
	t.add("i-2 tag", p2)
	t.add("i tag+i-2 tag", p1, p2)
	t.add("i word", ctx[i])
	t.add("i-1 tag+i word", p1, ctx[i])
	t.add("i-1 word", ctx[i-1])
	t.add("i-1 suffix", ctx[i-1][len(ctx[i-1])-iminus:])
	t.add("i-2 word", ctx[i-2])
	t.add("i+1 word", ctx[i+1])
	t.add("i+1 suffix", ctx[i+1][len(ctx[i+1])-iplus:])
	t.add("i+2 word", ctx[i+2])

	best := -1
	for c, ok := range t.seen {
		switch {
		case !ok:
		case best < 0 || t.scores[c] > t.scores[best]:
			best, t.tie = c, false
		case t.scores[c] == t.scores[best]:
			t.tie = true
		}
	}
	if best < 0 {
		return "" // prose's max of an empty map
	}
	return t.m.Classes[best]
}

// add looks up the feature strings.Join(parts, " ") and adds its weights.
func (t *tagger) add(parts ...string) {
	t.key = t.key[:0]
	for j, p := range parts {
		if j > 0 {
			t.key = append(t.key, ' ')
		}
		t.key = append(t.key, p...)
	}
	t.weigh()
}

// addPref1 adds prose's "i pref1" feature, string(w[0]): a conversion of
// the first byte to the rune of that number, so a non-ASCII byte 0xE2 becomes
// "â" (U+00E2), as in prose.
func (t *tagger) addPref1(w string) {
	t.key = append(t.key[:0], "i pref1 "...)
	if w != "" { // prose's tokens are never empty; w[0] would panic there
		t.key = utf8.AppendRune(t.key, rune(w[0]))
	}
	t.weigh()
}

func (t *tagger) weigh() {
	ws, ok := t.m.Weights(t.key)
	if !ok {
		return
	}
	for c, milli, ok := ws.Next(); ok; c, milli, ok = ws.Next() {
		t.scores[c] += milli
		t.seen[c] = true
	}
}

// normalize is prose's normalize (tag.go). prose's strconv.Atoi(word) with
// len(word) == 4 and strconv.Atoi(string(word[0])) are spelled out, to spare
// an allocated error per word: Atoi takes an optional sign and decimal digits.
func normalize(word string) string {
	if word == "" {
		return word
	}
	if strings.Contains(word, "-") && word[0] != '-' {
		return "!HYPHEN"
	} else if len(word) == 4 && isAtoi(word) {
		return "!YEAR"
	} else if word[0] >= '0' && word[0] <= '9' {
		return "!DIGITS"
	}
	return strings.ToLower(word)
}

// isAtoi reports whether strconv.Atoi(s) succeeds, for len(s) < 19.
func isAtoi(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isEmoticon(word string) bool {
	_, ok := emoticons[word]
	return ok
}

// emoticons is prose's table (tokenize.go); prose tags these "SYM".
var emoticons = map[string]bool{
	"(-8": true, "(-;": true, "(-_-)": true, "(._.)": true, "(:": true,
	"(=": true, "(o:": true, "(¬_¬)": true, "(ಠ_ಠ)": true, "(╯°□°）╯︵┻━┻": true,
	"-__-": true, "8-)": true, "8-D": true, "8D": true, ":(": true,
	":((": true, ":(((": true, ":()": true, ":)))": true, ":-)": true,
	":-))": true, ":-)))": true, ":-*": true, ":-/": true, ":-X": true,
	":-]": true, ":-o": true, ":-p": true, ":-x": true, ":-|": true,
	":-}": true, ":0": true, ":3": true, ":P": true, ":]": true,
	":`(": true, ":`)": true, ":`-(": true, ":o": true, ":o)": true,
	"=(": true, "=)": true, "=D": true, "=|": true, "@_@": true,
	"O.o": true, "O_o": true, "V_V": true, "XDD": true, "[-:": true,
	"^___^": true, "o_0": true, "o_O": true, "o_o": true, "v_v": true,
	"xD": true, "xDD": true, "¯\\(ツ)/¯": true,
}
