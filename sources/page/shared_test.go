package page

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources/clean"
)

// The articles in ../shared are real scraped news under their outlets'
// copyright: the tests read them in place and never copy their text into
// the repository. Seed lines are named by number only.

// sharedDir is the evaluation data next to the repository.
var sharedDir = filepath.Join("..", "..", "..", "shared")

func needShared(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(sharedDir); err != nil {
		t.Skipf("evaluation data not found at %s (it is not part of the repository): %v", sharedDir, err)
	}
}

// outputKeys returns the clean.NormKey of every line of text.
func outputKeys(text string) map[string]bool {
	keys := make(map[string]bool)
	for _, l := range strings.Split(text, "\n") {
		keys[clean.NormKey(l)] = true
	}
	return keys
}

func TestSeeds(t *testing.T) {
	needShared(t)
	// For each seed, the 1-based numbers of the lines that are article
	// text (kept, a dateline or byline prefix cut) and of the lines that
	// are boilerplate: captions, credits, headings, navigation, widgets,
	// repeated titles, a truncated copy. Three seeds do not say who
	// published them: they have no outlet (never their file name).
	tests := []struct {
		file       string
		title      string
		outlet     string
		keep, drop []int
	}{
		{"000_e20bbb66722ef8df.txt", "Paris Summit Tests Unity on Ukraine Amid U.S. Distraction", "Newslooks",
			[]int{5, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 29, 31, 33, 35, 37, 39, 41, 43, 45, 47, 49, 51, 53, 55, 57, 59},
			[]int{1, 3, 7, 8, 10, 22, 23, 25, 27, 62, 64, 66, 67, 68, 69, 71, 73, 75, 77, 79, 81}},
		{"001_8897f0a70533273d.txt", "", "",
			[]int{6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 20, 21, 22, 23},
			[]int{1, 2, 3, 4, 5, 14, 19}},
		{"002_cb27090611ace6a6.txt", "Paris Talks Seek Security Guarantees For Ukraine — Progress Uncertain As U.S. Attention Shifts", "AP",
			[]int{1, 4, 6, 7, 9, 10, 12, 14, 15, 17, 18, 19},
			[]int{2, 5, 8, 11, 13, 16, 20, 21, 22}},
		{"003_382daeee0181f1b6.txt", "European and US Leaders Hold High-Stakes Talks in Paris on Ukraine Security Guarantees Amid Relentless Russian Strikes", "",
			[]int{13, 14, 18, 22, 26, 28, 30, 34, 36, 38, 44, 46},
			[]int{1, 3, 5, 7, 9, 10, 11, 12, 16, 24, 32, 40, 48, 50, 52}},
		{"004_70c8dda86c166eb7.txt", "", "",
			[]int{2, 4, 5, 7, 9, 10, 12, 13, 15, 16, 18, 20},
			[]int{1, 3, 6, 8, 11, 14, 17, 19, 21}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(sharedDir, "seeds", tt.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Skipf("seed missing: %v", err)
			}
			a, err := Parse(path, data)
			if err != nil {
				t.Fatalf("Parse(%s) error: %v", tt.file, err)
			}
			wantTitleOutlet(t, "Parse("+tt.file+")", a, tt.title, tt.outlet)
			out := outputKeys(a.Text)
			lines := strings.Split(string(data), "\n")
			key := func(n int) string {
				s, _ := clean.StripEdges(clean.NormalizeLine(lines[n-1]))
				return clean.NormKey(s)
			}
			for _, n := range tt.keep {
				if !out[key(n)] {
					t.Errorf("%s: article line %d was removed: %.80q", tt.file, n, lines[n-1])
				}
			}
			for _, n := range tt.drop {
				if out[key(n)] {
					t.Errorf("%s: boilerplate line %d survived: %.80q", tt.file, n, lines[n-1])
				}
			}
			checkCleanOutput(t, tt.file, a.Text)
		})
	}
}

// junkPatterns are boilerplate that no cleaned article may contain.
var junkPatterns = regexp.MustCompile(`(?i)\(AP Photo|Pool photo via|Image caption|Media caption|Image copyright|` +
	`^(?:cover|toggle) caption$|click on a star|vote count|no votes so far|contributed to this report|` +
	`^advertisement$|https?://|www\.\S|^read more:?$|^related:?$|^comments$|^menu$|^previous article$|^next article$|` +
	`^share this|sign up for|thanks for subscribing|all rights reserved|^\(word count|^source reference|` +
	`^by [A-Z][a-z]+ [A-Z][a-z]+$|^updated:|pic\.twitter\.com`)

// checkCleanOutput checks what every cleaned article must satisfy.
func checkCleanOutput(t *testing.T, name, text string) {
	t.Helper()
	if !utf8.ValidString(text) {
		t.Errorf("%s: output is not valid UTF-8", name)
	}
	seen := make(map[string]bool)
	for _, l := range strings.Split(text, "\n") {
		if l != strings.TrimSpace(l) || l == "" {
			t.Errorf("%s: blank or untrimmed line %q", name, l)
		}
		// U+FFFD may stay: it marks a character lost beyond repair, and the
		// summarizer leaves out the sentences that hold one.
		if strings.Contains(l, "ï¿½") || strings.Contains(l, "â€") || strings.Contains(l, "Ã©") {
			t.Errorf("%s: mojibake left in %.80q", name, l)
		}
		if junkPatterns.MatchString(l) {
			t.Errorf("%s: boilerplate left: %.100q", name, l)
		}
		if k := clean.NormKey(l); seen[k] {
			t.Errorf("%s: repeated line %.80q", name, l)
		} else {
			seen[k] = true
		}
	}
}

func TestSharedStories(t *testing.T) {
	needShared(t)
	files, err := filepath.Glob(filepath.Join(sharedDir, "stories", "*", "articles", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Skipf("no stories under %s", sharedDir)
	}
	var in, kept int
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name, _ := filepath.Rel(sharedDir, f)
		a, err := Parse(f, data)
		if err != nil {
			t.Errorf("Parse(%s) error: %v", name, err)
			continue
		}
		checkCleanOutput(t, name, a.Text)
		// Long paragraphs that end like sentences are nearly always
		// article text; count how many survive.
		out := outputKeys(a.Text)
		seen := make(map[string]bool)
		n, k := 0, 0
		for _, l := range clean.SplitLines(string(data)) {
			if clean.WordCount(l) < 25 || !clean.EndsSentence(l) {
				continue
			}
			s, _ := clean.StripEdges(l)
			key := clean.NormKey(s)
			if seen[key] {
				continue
			}
			seen[key] = true
			n++
			if out[key] {
				k++
			}
		}
		if n >= 5 && k*10 < n*8 {
			t.Errorf("%s: only %d of %d long paragraphs kept", name, k, n)
		}
		in += n
		kept += k
	}
	if kept*100 < in*98 {
		t.Errorf("kept %d of %d long paragraphs over all stories; want at least 98%%", kept, in)
	}
	t.Logf("kept %d of %d long paragraphs", kept, in)
}

func TestSharedMojibake(t *testing.T) {
	needShared(t)
	path := filepath.Join(sharedDir, "stories", "multinews-033", "articles", "3.txt")
	a, err := readFixture(path)
	if err != nil {
		t.Skipf("article missing: %v", err)
	}
	if !strings.Contains(a.Text, "Hydro-Québec") {
		t.Errorf("readFixture(%s): mojibake \"Hydro-QuÃ©bec\" not repaired", path)
	}
	for _, l := range strings.Split(a.Text, "\n") {
		if strings.ContainsAny(l, "\u0080\u0099") || strings.Contains(l, "ï¿½") {
			t.Errorf("readFixture(%s): control or replacement character left in %.80q", path, l)
		}
	}
}

// readFixture reads and parses one fixture file, as sources.ReadFile
// does.
func readFixture(path string) (news.Article, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return news.Article{}, err
	}
	return Parse(path, data)
}
