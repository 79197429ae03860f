package page

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/digestbot/digestbot/sources/clean"
	"github.com/digestbot/digestbot/sources/internal/cleantest"
)

// The seed corpus is in testdata/fuzz/FuzzParse (invented inputs: news
// text, HTML, mojibake, Windows-1252 and binary bytes). Run with
//
//	go test ./sources/page -run '^$' -fuzz FuzzParse -fuzztime 1m

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
		cleantest.Check(t, string(data), a.Title, a.Text, clean.Clean)
	})
}
