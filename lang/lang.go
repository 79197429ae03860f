package lang

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/pemistahl/lingua-go"
	"golang.org/x/text/language"
)

// Tuning of Detect, chosen on the invented text of testdata/invented.tsv
// (see the package documentation).
const (
	// SampleBytes is how much of a text, from its start, Detect reads.
	// The detector's cost grows faster than the text: about 0.6 ms for
	// 200 bytes, 1 ms for 300 and 3.7 ms for 600; 300 bytes are two
	// sentences of running text, enough for every language tested.
	SampleBytes = 300
	// sureLetters is the fewest letters on which the detector's verdict
	// overrides a declared language: a headline of three words is not
	// enough to contradict the page.
	sureLetters = 40
	// sureConfidence is the least confidence (0 to 1, over the loaded
	// languages) on which the detector's verdict overrides a declared
	// language.
	sureConfidence = 0.5
	// leadConfidence is the least lead of the best language over the
	// second for a verdict without a declared language to fall back on.
	leadConfidence = 0.05
)

// detectable are the languages Detect can return: the languages of the
// news digestbot reads, and their neighbours, so that a text in one is not
// taken for another (Slovak for Czech, Ukrainian and Bulgarian for
// Russian, Persian for Urdu). A language of its own script (Greek, Korean,
// Thai …) costs nothing: its script alone tells it.
var detectable = []lingua.Language{
	// Latin script
	lingua.English, lingua.French, lingua.German, lingua.Spanish, lingua.Portuguese, lingua.Italian,
	lingua.Dutch, lingua.Polish, lingua.Czech, lingua.Slovak, lingua.Swedish, lingua.Danish, lingua.Bokmal,
	lingua.Finnish, lingua.Hungarian, lingua.Romanian, lingua.Turkish, lingua.Catalan, lingua.Indonesian,
	lingua.Vietnamese, lingua.Croatian, lingua.Slovene,
	// Cyrillic script
	lingua.Russian, lingua.Ukrainian, lingua.Bulgarian,
	// Arabic script
	lingua.Arabic, lingua.Urdu, lingua.Persian,
	// Han and kana
	lingua.Chinese, lingua.Japanese,
	// a script of their own
	lingua.Korean, lingua.Greek, lingua.Hebrew, lingua.Hindi, lingua.Thai, lingua.Bengali, lingua.Georgian,
	lingua.Armenian, lingua.Tamil, lingua.Telugu, lingua.Gujarati, lingua.Punjabi,
}

// codes are the ISO 639-1 codes of the detectable languages, sorted.
var codes = sync.OnceValue(func() []string {
	out := make([]string, len(detectable))
	for i, l := range detectable {
		out[i] = code(l)
	}
	slices.Sort(out)
	return out
})

// Codes returns the ISO 639-1 codes of the languages Detect can return,
// sorted.
func Codes() []string { return slices.Clone(codes()) }

// Supported reports whether Detect can return code, an ISO 639-1 code in
// lower case.
func Supported(code string) bool {
	_, found := slices.BinarySearch(codes(), code)
	return found
}

// ParseCode returns code, an ISO 639-1 code in any case ("fr", "FR"), as
// Detect writes it, or an error that says what to write instead: a tag
// with a region or script ("fr-CA") names its language, and a code Detect
// never returns is answered with those it does.
func ParseCode(code string) (string, error) {
	c := strings.TrimSpace(code)
	if c == "" {
		return "", errors.New("empty: write an ISO 639-1 code such as en or fr")
	}
	lower := strings.ToLower(c)
	if Supported(lower) {
		return lower, nil
	}
	if n := Normalize(c); n != "" && n != lower && Supported(n) {
		return "", fmt.Errorf("%q is not a language code: write %s", code, n)
	}
	return "", fmt.Errorf("%q is not a language that digestbot detects: write one of %s", code, strings.Join(Codes(), ", "))
}

// code returns the lower-case ISO 639-1 code of l.
func code(l lingua.Language) string {
	return strings.ToLower(l.IsoCode639_1().String())
}

// Normalize returns the ISO 639-1 code that a declared language names, or
// "" when it names none: a BCP 47 tag as <html lang> and Content-Language
// give it ("fr", "fr-CA", "zh-Hans-CN"), a locale as og:locale gives it
// ("pt_BR"), in any case, the first of a list ("de-DE, en"), or a
// three-letter code that has a two-letter one ("deu"). "und", "mul" and
// other codes without a two-letter form name none.
func Normalize(declared string) string {
	s := strings.TrimSpace(declared)
	if i := strings.IndexAny(s, ",;"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	s = strings.ReplaceAll(s, "_", "-")
	if s == "" || len(s) > 64 {
		return ""
	}
	tag, err := language.Parse(s)
	if err != nil {
		return ""
	}
	base, conf := tag.Base()
	if conf != language.Exact {
		return ""
	}
	c := base.String()
	if len(c) != 2 {
		return ""
	}
	return c
}

var (
	build    sync.Once
	detector lingua.LanguageDetector
)

// get returns the detector, built on first use: building it at package
// initialization would cost every command that never detects a language.
// It loads a language's model when a text first needs it (see warm).
func get() lingua.LanguageDetector {
	build.Do(func() {
		detector = lingua.NewLanguageDetectorBuilder().
			FromLanguages(detectable...).
			WithLowAccuracyMode().
			Build()
	})
	return detector
}

// script is a script that several detectable languages share: a text in
// it needs their models.
type script struct {
	is     *unicode.RangeTable
	sample string // a word in letters all its languages have
	once   sync.Once
}

// scripts are the scripts whose languages need models; every other
// detectable language has a script of its own, which tells it without one.
var scripts = []*script{
	{is: unicode.Latin, sample: "harbor"},
	{is: unicode.Cyrillic, sample: "мост"},
	{is: unicode.Arabic, sample: "الجسر"},
}

// warm loads the models of the languages of every shared script in
// sample, the first time a text in that script comes: one script's models
// at a time, one language after the other (the Latin script's, the
// largest, hold about 20 MB and allocate some 80 MB on the way, in
// 170 ms), and never twice when texts come at once.
func warm(sample string) {
	for _, s := range scripts {
		if !strings.ContainsFunc(sample, func(r rune) bool { return unicode.Is(s.is, r) }) {
			continue
		}
		s.once.Do(func() { get().ComputeLanguageConfidenceValues(s.sample) })
	}
}

// Detect returns the language of text as an ISO 639-1 code, or "" when it
// cannot tell. It reads the first SampleBytes of text. declared is what the
// page or feed says its language is (see Normalize), or "": a hint, taken
// only when the text cannot decide — it is too short, or the detector is
// unsure between languages the hint is one of — and never against a text
// that clearly says otherwise, since pages often declare their template's
// language rather than the article's. A declared language that Detect does
// not know is taken whenever the detector is unsure.
func Detect(text, declared string) string {
	hint := Normalize(declared)
	sample := head(text, SampleBytes)
	n := letters(sample)
	if n == 0 {
		return hint
	}
	if plainEnglish(sample) {
		return "en"
	}
	return detect(sample, n, hint)
}

// detect is Detect by the detector's models, of a sample of n letters
// with the declared language hint (normalized).
func detect(sample string, n int, hint string) string {
	warm(sample)
	vals := get().ComputeLanguageConfidenceValues(sample)
	best, second := vals[0], vals[1]
	if best.Value() == 0 {
		return hint // nothing to go on
	}
	found := code(best.Language())
	if found == hint || n >= sureLetters && best.Value() >= sureConfidence {
		return found
	}
	if hint != "" {
		if !Supported(hint) {
			return hint
		}
		for _, v := range vals {
			if code(v.Language()) == hint && v.Value() > 0 {
				return hint // one of the detector's candidates
			}
		}
	}
	if best.Value()-second.Value() >= leadConfidence {
		return found
	}
	return ""
}

// englishWords are function words that English text is full of and
// other languages written in plain ASCII letters barely use.
var englishWords = map[string]bool{
	"the": true, "of": true, "and": true, "to": true, "that": true, "with": true, "was": true, "were": true,
	"for": true, "from": true, "said": true, "has": true, "have": true, "this": true, "which": true,
	"by": true, "will": true, "are": true, "its": true, "their": true,
}

// Thresholds of plainEnglish.
const (
	plainWords   = 20 // the fewest words it decides on
	plainPercent = 8  // the least share of englishWords among them
	plainOther   = 2  // the most share of letters other than ASCII ones, in percent
)

// plainEnglish reports whether sample is plainly English: at least
// plainWords words, in ASCII letters but for at most plainOther percent of
// its letters (a name's "é"), and at least plainPercent percent of the
// words English function words ("the", "of", "and" …; running English has
// 20 to 30 percent, other languages at most about 3: Dutch "of" and "was",
// Polish "to"). Such a text is English without loading the detector's
// models, which costs a process 170 ms and 45 MB of memory at its first
// Latin-script text: most of what digestbot reads is English, and a
// digest of it takes 20 ms. TestPlainEnglishAgrees checks that the
// detector agrees wherever this decides.
func plainEnglish(sample string) bool {
	words, hits, ascii, other := 0, 0, 0, 0
	start := -1
	end := func(i int) {
		if start >= 0 {
			words++
			if i-start <= 5 && englishWords[strings.ToLower(sample[start:i])] {
				hits++
			}
			start = -1
		}
	}
	for i := 0; i < len(sample); i++ {
		c := sample[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			ascii++
			if start < 0 {
				start = i
			}
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(sample[i:])
			i += size - 1
			if unicode.IsLetter(r) {
				other++ // a name's "ü" or "é": the word goes on
				if start < 0 {
					start = i
				}
				continue
			}
			end(i - size + 1)
		default:
			end(i)
		}
	}
	end(len(sample))
	return words >= plainWords && hits*100 >= plainPercent*words && other*100 <= plainOther*(ascii+other)
}

// head returns the start of s, at most n bytes, cut after a word when s
// is longer.
func head(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if i := strings.LastIndexFunc(s[:cut], unicode.IsSpace); i > n/2 {
		cut = i
	}
	return s[:cut]
}

// letters counts the letters of s.
func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}
