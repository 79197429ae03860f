package sources

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"

	"github.com/digestbot/digestbot/sources/feed"
	"github.com/digestbot/digestbot/sources/fetch"
	"github.com/digestbot/digestbot/sources/page"
)

// Describe says in one sentence, for the chat user who gave the input
// name, why it could not be read: without the error's text, which may
// hold internal addresses.
func Describe(e error, name string) string {
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
	case errors.Is(e, fetch.ErrNotHTTP), errors.Is(e, ErrLocalInput):
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
