// Package lazyre holds regular expressions compiled on their first use.
// The sources packages' sixty-odd expressions — long alternations, many
// over Unicode classes such as \p{Lu} — took about 10 ms to compile at
// package initialization, a third of the start-up of every digestbot
// command, whether or not it read an article; most articles reach only
// some of them, behind cheap tests. Matching behaves exactly as with
// regexp.MustCompile: the same pattern, compiled once, shared by every
// goroutine.
package lazyre

import (
	"regexp"
	"sync"
)

// Regexp is a regular expression compiled on its first use.
type Regexp struct {
	pattern string
	once    sync.Once
	re      *regexp.Regexp
}

// patterns lists every Regexp of the process, so that a test can compile
// them all (a pattern that does not compile is a test failure, not a
// panic on some article's first odd line).
var (
	mu       sync.Mutex
	patterns []*Regexp
)

// New returns the expression pattern, compiled on first use.
func New(pattern string) *Regexp {
	l := &Regexp{pattern: pattern}
	mu.Lock()
	patterns = append(patterns, l)
	mu.Unlock()
	return l
}

// compiled returns the compiled expression; it panics, as
// regexp.MustCompile does, if the pattern is invalid.
func (l *Regexp) compiled() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.pattern) })
	return l.re
}

// MatchString is regexp.Regexp.MatchString.
func (l *Regexp) MatchString(s string) bool { return l.compiled().MatchString(s) }

// FindStringIndex is regexp.Regexp.FindStringIndex.
func (l *Regexp) FindStringIndex(s string) []int { return l.compiled().FindStringIndex(s) }

// FindAllStringIndex is regexp.Regexp.FindAllStringIndex.
func (l *Regexp) FindAllStringIndex(s string, n int) [][]int {
	return l.compiled().FindAllStringIndex(s, n)
}

// FindStringSubmatch is regexp.Regexp.FindStringSubmatch.
func (l *Regexp) FindStringSubmatch(s string) []string {
	return l.compiled().FindStringSubmatch(s)
}

// FindSubmatch is regexp.Regexp.FindSubmatch.
func (l *Regexp) FindSubmatch(b []byte) [][]byte { return l.compiled().FindSubmatch(b) }

// ReplaceAllString is regexp.Regexp.ReplaceAllString.
func (l *Regexp) ReplaceAllString(src, repl string) string {
	return l.compiled().ReplaceAllString(src, repl)
}
