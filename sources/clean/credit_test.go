package clean

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	creditTailRE = regexp.MustCompile(creditTailPattern)
	creditLineRE = regexp.MustCompile(creditLinePattern)
)

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
			if got, want := creditTail(s), creditTailRE.MatchString(s); got != want {
				t.Errorf("creditTail(%q) = %v; want %v (the expression)", s, got, want)
			}
			if got, want := creditLine(s), creditLineRE.MatchString(s); got != want {
				t.Errorf("creditLine(%q) = %v; want %v (the expression)", s, got, want)
			}
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
				if got, want := creditTail(s), creditTailRE.MatchString(s); got != want {
					t.Errorf("creditTail(%q) = %v; want %v (the expression)", s, got, want)
				}
				if got, want := creditLine(s), creditLineRE.MatchString(s); got != want {
					t.Errorf("creditLine(%q) = %v; want %v (the expression)", s, got, want)
				}
				_, s, _ = strings.Cut(s, ". ")
			}
		}
	}
}

func FuzzCreditTail(f *testing.F) {
	for _, s := range creditSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := creditTail(s), creditTailRE.MatchString(s); got != want {
			t.Errorf("creditTail(%q) = %v; want %v (the expression)", s, got, want)
		}
	})
}

func FuzzCreditLine(f *testing.F) {
	for _, s := range creditSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := creditLine(s), creditLineRE.MatchString(s); got != want {
			t.Errorf("creditLine(%q) = %v; want %v (the expression)", s, got, want)
		}
	})
}
