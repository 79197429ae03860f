package postag

import (
	"testing"

	"github.com/mingrammer/commonregex"
)

// linkOrEmailCases are words on both sides of isLinkOrEmail's short cuts.
var linkOrEmailCases = []struct {
	word string
	want bool
}{
	{"", false},
	{"U.S.", false},
	{"Mr.", false},
	{"3.5", false},
	{"3.5bn", true},
	{"e.g.", false},
	{"example.com", true},
	{"www.example.com/path(1)", true},
	{"https://a.bc", true},
	{"a.(b)c", true},
	{"A.BC", false},
	{"-.ab", true},
	{"..ab", true},
	{"a.b", false},
	{"a.b!", false},
	{"a.bc", true},
	{"jane@example.org", true},
	{"@example.org", true}, // LinkRegex: example.org
	{"@x@a.bc", true},
	{"x@y", false},
	{"@handle", false},
	{"x@.", false},
	{"x@a.b", true},
}

func TestIsLinkOrEmail(t *testing.T) {
	for _, tc := range linkOrEmailCases {
		if got := isLinkOrEmail(tc.word); got != tc.want {
			t.Errorf("isLinkOrEmail(%q) = %v; want %v", tc.word, got, tc.want)
		}
		if got, want := isLinkOrEmail(tc.word), proseLinkOrEmail(tc.word); got != want {
			t.Errorf("isLinkOrEmail(%q) = %v; commonregex says %v", tc.word, got, want)
		}
	}
}

// proseLinkOrEmail is the test in prose's tagger (tag.go), with
// commonregex's own expressions.
func proseLinkOrEmail(word string) bool {
	return commonregex.LinkRegex.MatchString(word) || commonregex.EmailRegex.MatchString(word)
}

// FuzzIsLinkOrEmail checks isLinkOrEmail's short cuts against
// commonregex's LinkRegex and EmailRegex, which prose's tagger asks.
func FuzzIsLinkOrEmail(f *testing.F) {
	for _, tc := range linkOrEmailCases {
		f.Add(tc.word)
	}
	f.Fuzz(func(t *testing.T, word string) {
		if got, want := isLinkOrEmail(word), proseLinkOrEmail(word); got != want {
			t.Errorf("isLinkOrEmail(%q) = %v; commonregex says %v", word, got, want)
		}
		if proseLinkOrEmail(word) && !maybeLink(word) && !maybeEmail(word) {
			t.Errorf("%q matches commonregex but neither maybeLink nor maybeEmail", word)
		}
	})
}
