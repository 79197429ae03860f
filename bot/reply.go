package bot

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// chatError is a /digest that could not be made: Error keeps the detail
// for the log, UserMessage says what went wrong in the asker's words. The
// chat adapters show UserMessage and never Error.
type chatError struct {
	msg string
	err error
}

func (e *chatError) Error() string       { return e.err.Error() }
func (e *chatError) Unwrap() error       { return e.err }
func (e *chatError) UserMessage() string { return e.msg }

// Explain gives err, the failure of a /digest of urls (none for a topic),
// a message for the person who asked: describe says why one source of
// them could not be read (sources.Describe). An error that has one
// already, and the end of the command's context (the adapters say it
// took too long), are left as they are.
func Explain(ctx context.Context, err error, urls []string, describe func(err error, name string) string) error {
	var um interface{ UserMessage() string }
	if err == nil || ctx.Err() != nil || errors.As(err, &um) {
		return err
	}
	return &chatError{msg: userMessage(err, urls, describe), err: err}
}

// userMessage says in plain words why err made no digest of urls: one
// sentence per source that failed (describe's), naming the URL the user
// gave, without the error's text (which may hold internal addresses).
func userMessage(err error, urls []string, describe func(err error, name string) string) string {
	var out []string
	seen := map[string]bool{}
	for _, e := range causes(err) {
		var s string
		if errors.Is(e, ErrNothingToDigest) {
			// The pipeline writes these for the person who asked.
			s = sentence(strings.TrimPrefix(e.Error(), ErrNothingToDigest.Error()+": "))
		} else {
			s = describe(e, nameOf(e, urls))
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if len(out) > 1 {
		return "None of those pages could be digested. " + strings.Join(out, " ")
	}
	if len(out) == 0 {
		return "I could not make that digest."
	}
	return out[0]
}

// causes returns the errors that err joins, one per source that failed,
// without the pipeline's ErrNothingToDigest that wraps them; or err itself
// when it joins nothing.
func causes(err error) []error {
	multi, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range multi.Unwrap() {
		if e != nil && e != ErrNothingToDigest {
			out = append(out, causes(e)...)
		}
	}
	if len(out) == 0 {
		return []error{err}
	}
	return out
}

// nameOf returns the URL among urls that e is about: the longest that the
// error names (fetch errors name their URL, without user information), or
// the only one, or "one of the pages".
func nameOf(e error, urls []string) string {
	text := e.Error()
	best, bestLen := "", 0
	for _, u := range urls {
		forms := []string{u}
		if p, err := url.Parse(u); err == nil {
			p.User = nil
			forms = append(forms, p.String())
		}
		for _, f := range forms {
			if len(f) > bestLen && strings.Contains(text, f) {
				best, bestLen = u, len(f)
			}
		}
	}
	switch {
	case best != "":
		return best
	case len(urls) == 1:
		return urls[0]
	}
	return "one of the pages"
}

// sentence starts s with a capital letter and ends it with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
