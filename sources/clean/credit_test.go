package clean

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// creditMatcher is a hand-written matcher and the expression it replaces.
type creditMatcher struct {
	name  string
	match func(string) bool
	re    *regexp.Regexp
}

var (
	tailMatcher = creditMatcher{"creditTail", creditTail, regexp.MustCompile(creditTailPattern)}
	lineMatcher = creditMatcher{"creditLine", creditLine, regexp.MustCompile(creditLinePattern)}
)

// check reports an error when m and its expression disagree on s.
func (m creditMatcher) check(t *testing.T, s string) {
	t.Helper()
	if got, want := m.match(s), m.re.MatchString(s); got != want {
		t.Errorf("%s(%q) = %v; want %v (the expression)", m.name, s, got, want)
	}
}

// fuzz checks m against its expression on creditSeeds and what the
// fuzzer makes of them.
func (m creditMatcher) fuzz(f *testing.F) {
	for _, s := range creditSeeds {
		f.Add(s)
	}
	f.Fuzz(m.check)
}

// creditSeeds are lines that match, nearly match or miss the credit
// patterns, for TestCreditMatchers and the fuzz tests.
var creditSeeds = []string{
	"Photograph: Tim Walsh/PA", "Photos: Jane Doe", "Photo credit: Jane Doe", "Courtesy of Sara Carson", "Courtesy ofs: x",
	"Courtesy Sara Carson", "Sources: the council", "Photo: Mr. Doe", "Photo:  Jane", "Photo:", "Image " + strings.Repeat("x", 80),
	"Image " + strings.Repeat("x", 81), "REUTERS/Stephen Lam", "Danylo Antoniuk/AP", "Rick Loomis / Los Angeles Times",
	"Jane Doe/via Getty", "Jane Doe /AP/ Getty Images", "Jane Doe//AP", "Jane Doe/ ", "/AP", "AP/", "via/AP", "Jane/of AP",
	"The Office of Jane/AP", "A B C D E/F", "A B C D E F/G", "Jane  Doe/AP", "Jane Doe/AP ", "Ça Va/Élan", "ǅane/AP",
	"Getty Images", "AP Photo via Getty Images", "AP Photo for AP", "AP  Photo", "AP Photo via", "Staff Photographer",
	"Jane Doe Staff photo", "A B C file photos", "A B C D file photo", "ſtaff photo", "STAFF PHOTO", "Handout image",
	"Full size image", "full size image", "Photo by Jane Doe", "PHOTOS BY JANE", "photograph: x", "Credit: x\ny",
	"courtesy of NASA", "ſource: x", "Source: " + strings.Repeat("é", 80), "Source: " + strings.Repeat("é", 81),
	"Video by\xffx", "Jane\xff/AP", "Jane Doe, AP", "O'Neil/AP", "Jean-Luc D’Arc/AFP", "AT&T/Reuters", "& Co/AP",
	"Jane and/AP", "Jane Doe for/The Times",
}

// TestCreditMatchers compares creditTail and creditLine with the
// expressions they replace, on creditSeeds and their variants.
func TestCreditMatchers(t *testing.T) {
	for _, seed := range creditSeeds {
		for _, s := range []string{seed, strings.ToLower(seed), strings.ToUpper(seed), " " + seed, seed + " ", seed + "."} {
			tailMatcher.check(t, s)
			lineMatcher.check(t, s)
		}
	}
}

// TestCreditMatchersSharedText compares them on every line of the shared
// stories' articles, and on every line's tail after each full stop.
func TestCreditMatchersSharedText(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "stories", "*", "articles", "*"))
	if len(files) == 0 {
		t.Skip("skipping: no shared stories (../shared is beside the clone in CI only)")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			for s := line; s != ""; {
				tailMatcher.check(t, s)
				lineMatcher.check(t, s)
				_, s, _ = strings.Cut(s, ". ")
			}
		}
	}
}

func FuzzCreditTail(f *testing.F) { tailMatcher.fuzz(f) }

func FuzzCreditLine(f *testing.F) { lineMatcher.fuzz(f) }
