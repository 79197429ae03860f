package sources

import (
	"regexp"
	"sync"
)

// lazyRegexp is a regular expression compiled on its first use. The
// package's sixty-odd expressions — long alternations, many over Unicode
// classes such as \p{Lu} — took about 10 ms to compile at package
// initialization, a third of the start-up of every digestbot command,
// whether or not it read an article; most articles reach only some of
// them, behind cheap tests. Matching behaves exactly as with
// regexp.MustCompile: the same pattern, compiled once, shared by every
// goroutine.
type lazyRegexp struct {
	pattern string
	once    sync.Once
	re      *regexp.Regexp
}

// patterns lists every lazyRegexp of the package, so that a test can
// compile them all (a pattern that does not compile is a test failure,
// not a panic on some article's first odd line).
var patterns []*lazyRegexp

// lazyCompile returns the expression pattern, compiled on first use.
func lazyCompile(pattern string) *lazyRegexp {
	l := &lazyRegexp{pattern: pattern}
	patterns = append(patterns, l)
	return l
}

// compiled returns the compiled expression; it panics, as
// regexp.MustCompile does, if the pattern is invalid.
func (l *lazyRegexp) compiled() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.pattern) })
	return l.re
}

// String returns the pattern.
func (l *lazyRegexp) String() string { return l.pattern }

// MatchString is regexp.Regexp.MatchString.
func (l *lazyRegexp) MatchString(s string) bool { return l.compiled().MatchString(s) }

// FindStringIndex is regexp.Regexp.FindStringIndex.
func (l *lazyRegexp) FindStringIndex(s string) []int { return l.compiled().FindStringIndex(s) }

// FindAllStringIndex is regexp.Regexp.FindAllStringIndex.
func (l *lazyRegexp) FindAllStringIndex(s string, n int) [][]int {
	return l.compiled().FindAllStringIndex(s, n)
}

// FindStringSubmatch is regexp.Regexp.FindStringSubmatch.
func (l *lazyRegexp) FindStringSubmatch(s string) []string {
	return l.compiled().FindStringSubmatch(s)
}

// FindSubmatch is regexp.Regexp.FindSubmatch.
func (l *lazyRegexp) FindSubmatch(b []byte) [][]byte { return l.compiled().FindSubmatch(b) }

// ReplaceAllString is regexp.Regexp.ReplaceAllString.
func (l *lazyRegexp) ReplaceAllString(src, repl string) string {
	return l.compiled().ReplaceAllString(src, repl)
}
