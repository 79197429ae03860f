package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/sources/feed"
	"github.com/digestbot/digestbot/sources/fetch"
	"github.com/digestbot/digestbot/sources/page"
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

// explain gives err, the failure of a /digest of urls (none for a topic),
// a message for the person who asked. An error that has one already, and
// the end of the command's context (the adapters say it took too long),
// are left as they are.
func explain(ctx context.Context, err error, urls []string) error {
	var um interface{ UserMessage() string }
	if err == nil || ctx.Err() != nil || errors.As(err, &um) {
		return err
	}
	return &chatError{msg: userMessage(err, urls), err: err}
}

// userMessage says in plain words why err made no digest of urls: one
// sentence per source that failed, naming the URL the user gave, without
// the error's text (which may hold internal addresses).
func userMessage(err error, urls []string) string {
	var out []string
	seen := map[string]bool{}
	for _, e := range causes(err) {
		var s string
		if errors.Is(e, bot.ErrNothingToDigest) {
			// The pipeline writes these for the person who asked.
			s = sentence(strings.TrimPrefix(e.Error(), bot.ErrNothingToDigest.Error()+": "))
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
		if e != nil && e != bot.ErrNothingToDigest {
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

// describe says in one sentence why the page name could not be read.
func describe(e error, name string) string {
	var (
		status *fetch.StatusError
		dns    *net.DNSError
		cert   *tls.CertificateVerificationError
		unauth x509.UnknownAuthorityError
		host   x509.HostnameError
		inval  x509.CertificateInvalidError
	)
	switch {
	case errors.Is(e, fetch.ErrForbiddenAddress):
		return fmt.Sprintf("I may not fetch %s: it leads to a private, reserved or internal address.", name)
	case errors.As(e, &dns) && dns.IsNotFound:
		return fmt.Sprintf("I could not find the site of %s (no such host).", name)
	case errors.As(e, &dns):
		return fmt.Sprintf("I could not look up the site of %s. Please try again later.", name)
	case errors.Is(e, syscall.ECONNREFUSED):
		return fmt.Sprintf("The site of %s refused the connection.", name)
	case errors.Is(e, fetch.ErrBodyTooLarge), errors.Is(e, page.ErrTooLarge):
		return fmt.Sprintf("%s is too large to digest.", name)
	case errors.As(e, &status):
		return fmt.Sprintf("%s answered HTTP %d%s.", name, status.Code, statusWords(status.Code))
	case isTimeout(e):
		return fmt.Sprintf("%s did not answer in time.", name)
	case errors.Is(e, fetch.ErrTooManyRedirects):
		return fmt.Sprintf("%s redirects too many times.", name)
	case errors.As(e, &cert), errors.As(e, &unauth), errors.As(e, &host), errors.As(e, &inval):
		return fmt.Sprintf("The site of %s has a certificate I cannot trust.", name)
	case errors.Is(e, page.ErrNoText), errors.Is(e, fetch.ErrUnsupported), errors.Is(e, page.ErrBinary),
		errors.Is(e, page.ErrEmpty), errors.Is(e, feed.ErrNotFeed), errors.Is(e, page.ErrNoArticles):
		return fmt.Sprintf("%s holds no article I can digest.", name)
	case errors.Is(e, fetch.ErrNotHTTP), errors.Is(e, sources.ErrLocalInput):
		return fmt.Sprintf("%s leads to an address I cannot fetch; give http or https pages.", name)
	case errors.Is(e, syscall.ECONNRESET), errors.Is(e, io.EOF), errors.Is(e, io.ErrUnexpectedEOF):
		return fmt.Sprintf("The site of %s closed the connection.", name)
	}
	return fmt.Sprintf("I could not read %s.", name)
}

// statusWords names an HTTP status in parentheses: " (not found)".
func statusWords(code int) string {
	if t := http.StatusText(code); t != "" {
		return " (" + strings.ToLower(t) + ")"
	}
	return ""
}

// isTimeout reports a request that ran out of time.
func isTimeout(err error) bool {
	var te interface{ Timeout() bool }
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &te) && te.Timeout()
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
