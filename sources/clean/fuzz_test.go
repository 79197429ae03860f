package clean

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// The seed corpus is in testdata/fuzz/FuzzClean (invented inputs: news
// text with boilerplate, mojibake and Windows-1252 bytes). Run with
//
//	go test ./sources/clean -run '^$' -fuzz FuzzClean -fuzztime 1m

// checkCleaned reports what every output of Clean must satisfy: valid
// UTF-8, one trimmed non-empty line per paragraph, and no line that
// cleaning again would remove or change.
func checkCleaned(t *testing.T, in, title, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("Clean(%q, %q) = %q: not valid UTF-8", in, title, out)
	}
	if out == "" {
		return
	}
	for _, l := range strings.Split(out, "\n") {
		if l == "" || l != strings.TrimSpace(l) || strings.ContainsAny(l, "\r\t\u00a0\ufffd") {
			t.Fatalf("Clean(%q, %q) = %q: bad line %q", in, title, out, l)
		}
	}
	if again := Clean(out, title); again != out {
		t.Fatalf("Clean is not idempotent:\nin    %q\nonce  %q\ntwice %q", in, out, again)
	}
}

func FuzzClean(f *testing.F) {
	f.Add("PARIS — Leaders met on Tuesday.\nBy Jane Doe\nAdvertisement\n• One item\n• Two items\n• Three items", "")
	f.Add("The mayor speaks in Oslo, Norway, Friday, Jan. 9, 2026. (AP Photo/Jane Doe)\nThe councilâ€™s vote was delayed.", "")
	f.Add("Title Line Here Now\nTitle Line Here Now\nA paragraph of text that is long enough to count as text.", "Title Line Here Now")
	f.Fuzz(func(t *testing.T, text, title string) {
		out := Clean(text, title)
		checkCleaned(t, text, title, out)
	})
}
