// Package cleantest holds the check that the fuzz tests of sources/clean
// and sources/page make of cleaned text.
package cleantest

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Check fails t unless out, what cleanFn made of in (with the headline
// title), is what every cleaned text must be: valid UTF-8, one trimmed
// non-empty line per paragraph, and no line that cleaning again would
// remove or change. cleanFn is clean.Clean, passed in so that the clean
// package's own tests can use the check.
func Check(t testing.TB, in, title, out string, cleanFn func(text, title string) string) {
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
	if again := cleanFn(out, title); again != out {
		t.Fatalf("Clean is not idempotent:\nin    %q\nonce  %q\ntwice %q", in, out, again)
	}
}
