package fetch

import (
	"context"
	"errors"
	"fmt"
)

// Request is one fetch of a web resource.
type Request struct {
	// URL is the absolute http or https URL to fetch.
	URL string
	// Untrusted marks a URL that a chat user supplied: it may reach only
	// public addresses (checked on every connection, after every
	// redirect), unless the client allows a range.
	Untrusted bool
	// ETag and LastModified, when set, make the request conditional: an
	// unchanged resource answers 304 and Response.NotModified.
	ETag, LastModified string
}

// Response is what a fetch brought back.
type Response struct {
	// URL is the final URL, after redirects.
	URL string
	// Status is the HTTP status code.
	Status int
	// ContentType is the Content-Type header, parameters included.
	ContentType string
	// Body is the response body, decompressed, at most the client's size
	// cap; empty when NotModified.
	Body []byte
	// NotModified reports a 304 answer to a conditional request.
	NotModified bool
	// ETag and LastModified are the validators to send next time.
	ETag, LastModified string
	// Language is the Content-Language header: the language the server
	// declares for the body, a hint to the detection of its article's.
	Language string
}

// Getter fetches web resources. *Client is the real one; tests may
// substitute their own.
type Getter interface {
	Fetch(ctx context.Context, r Request) (*Response, error)
}

// Errors of fetching. Each error returned by a Getter names the URL and
// wraps one of these or a network error: "fetch https://…: HTTP 404".
var (
	// ErrBodyTooLarge is returned when a body exceeds the size cap; the
	// rest of the body is not read.
	ErrBodyTooLarge = errors.New("body exceeds the size cap")
	// ErrForbiddenAddress is returned when an untrusted URL resolves to a
	// loopback, private, link-local, documentation or other non-public
	// address, or to an address of this host.
	ErrForbiddenAddress = errors.New("address not allowed")
	// ErrTooManyRedirects is returned after the redirect limit.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrUnsupported is returned for a resource that is neither a page, a
	// feed nor text (a PDF, an image).
	ErrUnsupported = errors.New("unsupported content")
)

// StatusError is an HTTP answer that is not a success.
type StatusError struct {
	// Code is the HTTP status code.
	Code int
}

// Error returns "HTTP " and the status code.
func (e *StatusError) Error() string { return fmt.Sprintf("HTTP %d", e.Code) }
