package sources

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// The seed corpora are in testdata/fuzz/FuzzClean and
// testdata/fuzz/FuzzParse (invented inputs: news text with boilerplate,
// HTML, mojibake, Windows-1252 and binary bytes). Run with
//
//	go test ./sources -run '^$' -fuzz FuzzClean -fuzztime 1m
//	go test ./sources -run '^$' -fuzz FuzzParse -fuzztime 1m

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

func FuzzParse(f *testing.F) {
	f.Add([]byte("<!doctype html><html><head><title>Pier reopens | Coastwire</title></head><body><p>The pier reopened on Monday, the harbor authority said, after six weeks of repairs.</p></body></html>"))
	f.Add([]byte("Le caf\xe9 a rouvert lundi apr\xe8s deux ans de travaux, a d\xe9clar\xe9 le maire."))
	f.Add([]byte("%PDF-1.4\x00\x01\x02"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Parse("fuzz.txt", data)
		if err != nil {
			if a.Text != "" {
				t.Fatalf("Parse(%q) returned text with error %v", data, err)
			}
			return
		}
		if a.Text == "" {
			t.Fatalf("Parse(%q) returned no text and no error", data)
		}
		if !utf8.ValidString(a.Title) || !utf8.ValidString(a.Outlet) || strings.Contains(a.Title, "\n") {
			t.Fatalf("Parse(%q) title %q, outlet %q", data, a.Title, a.Outlet)
		}
		checkCleaned(t, string(data), a.Title, a.Text)
	})
}
