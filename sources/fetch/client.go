package fetch

import (
	"compress/gzip"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Defaults of ClientOptions.
const (
	defaultTimeout      = 15 * time.Second
	defaultMaxBytes     = 5 << 20
	defaultMaxRedirects = 5
	defaultUserAgent    = "digestbot/1 (+https://github.com/digestbot/digestbot)"
	defaultPerHost      = 2
	defaultRetries      = 2
	defaultBackoff      = 500 * time.Millisecond
	// maxBackoff caps the delay before one retry.
	maxBackoff = 30 * time.Second
)

// acceptHeader asks for what digestbot can read: pages, feeds and text.
const acceptHeader = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml," +
	"application/feed+json;q=0.9,application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"

// ClientOptions configures a Client; the zero value is a good default.
type ClientOptions struct {
	// Timeout bounds a whole fetch, retries and the waits between them
	// included: from the moment the fetch's turn at its host comes (see
	// PerHost) to the last byte of the final answer's body. A retry that
	// would not fit in what is left is not made. 0 means 15 s. A shorter
	// deadline of the caller's context wins.
	Timeout time.Duration
	// MaxBytes caps a body, before and after decompression; a larger body
	// fails with ErrBodyTooLarge after at most MaxBytes+1 bytes are read.
	// 0 means 5 MB.
	MaxBytes int64
	// MaxRedirects is how many redirects a fetch follows; one more fails
	// with ErrTooManyRedirects, so a redirect loop does too. 0 means 5; a
	// negative value follows none.
	MaxRedirects int
	// UserAgent is the User-Agent header. "" means
	// "digestbot/1 (+https://github.com/digestbot/digestbot)".
	UserAgent string
	// PerHost is how many fetches may be in flight to one host (and
	// port) at a time; a fetch holds its host's turn through its retries,
	// and a redirect to another host waits for that host's turn too. A
	// fetch waiting for its turn has not begun: Timeout starts once it
	// has. 0 means 2.
	PerHost int
	// Retries is how many times a fetch is retried after a 5xx answer, a
	// timeout or a failed or reset connection; never after a 4xx (429
	// included) or any other error. 0 means 2; a negative value means no
	// retry.
	Retries int
	// Backoff is the delay before the first retry, doubled before each
	// next one (at most 30 s), with jitter: each delay is drawn between
	// half and all of it. A retry that would wait past the context's
	// deadline is not made. 0 means 500 ms.
	Backoff time.Duration
	// Allow lists address ranges that untrusted URLs may reach although
	// they are not public (the configuration's "allowed URL ranges"). A
	// range does not open this host's own addresses unless it is that
	// single address (10.0.0.7/32).
	Allow []netip.Prefix
	// Transport, when not nil, replaces the network for tests of the
	// client's own logic: the connect-time address check is then skipped
	// (IP literals in URLs and redirects are still checked). nil means a
	// real transport whose connections to untrusted URLs pass the guard.
	Transport http.RoundTripper
}

// Client is the HTTP client for everything digestbot fetches: pages,
// feeds, and URLs that chat users supply. It bounds each request in time
// and size, follows a limited number of redirects, decompresses gzip,
// sends conditional requests, limits the requests in flight per host,
// retries transient failures with exponential backoff, and refuses to
// connect an untrusted request (Request.Untrusted) to a loopback,
// private, link-local or otherwise non-public address, checked on the
// address actually connected to, so that DNS rebinding and redirects are
// caught too.
//
// Trusted and untrusted requests use separate connection pools, so that
// an untrusted request never reuses a connection that a trusted one made
// to an internal host. Untrusted requests never go through a proxy (the
// guard must see the real destination); trusted ones honour
// HTTP_PROXY/HTTPS_PROXY/NO_PROXY.
//
// A Client is safe for concurrent use; make one and share it, so that
// connections are reused.
type Client struct {
	timeout      time.Duration
	maxBytes     int64
	maxRedirects int
	userAgent    string
	retries      int
	backoff      time.Duration
	guard        *guard
	limit        *hostLimiter
	trusted      *http.Client
	untrusted    *http.Client
}

var _ Getter = (*Client)(nil)

// NewClient returns a Client configured by opts.
func NewClient(opts ClientOptions) *Client {
	return newClient(opts, nil)
}

// newClient is NewClient with a resolver, which replaces the system's
// when not nil (tests map public-looking names to loopback with it).
func newClient(opts ClientOptions, resolver *net.Resolver) *Client {
	c := &Client{
		timeout:      optOr(opts.Timeout, defaultTimeout),
		maxBytes:     optOr(opts.MaxBytes, defaultMaxBytes),
		maxRedirects: optOr(opts.MaxRedirects, defaultMaxRedirects),
		userAgent:    opts.UserAgent,
		retries:      optOr(opts.Retries, defaultRetries),
		backoff:      optOr(opts.Backoff, defaultBackoff),
		guard:        newGuard(opts.Allow),
		limit:        &hostLimiter{n: optOr(opts.PerHost, defaultPerHost), hosts: map[string]*hostSlot{}},
	}
	if c.userAgent == "" {
		c.userAgent = defaultUserAgent
	}
	if opts.MaxRedirects < 0 {
		c.maxRedirects = 0
	}
	if opts.Retries < 0 {
		c.retries = 0
	}
	trusted, untrusted := opts.Transport, opts.Transport
	if opts.Transport == nil {
		trusted = c.newTransport(nil, resolver, http.ProxyFromEnvironment)
		untrusted = c.newTransport(c.guard, resolver, nil)
	}
	c.trusted = &http.Client{
		Transport:     &limitTransport{next: trusted, limit: c.limit},
		CheckRedirect: c.checkRedirect(false),
	}
	c.untrusted = &http.Client{
		Transport:     &limitTransport{next: untrusted, limit: c.limit},
		CheckRedirect: c.checkRedirect(true),
	}
	return c
}

// optOr returns v, or def when v is not positive.
func optOr[T int | int64 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// newTransport returns a transport whose connections pass g when it is
// not nil. Decompression is left to Fetch, so that the size cap applies
// to the decompressed bytes.
func (c *Client) newTransport(g *guard, resolver *net.Resolver, proxy func(*http.Request) (*url.URL, error)) *http.Transport {
	d := &net.Dialer{Timeout: c.timeout, KeepAlive: 30 * time.Second, Resolver: resolver}
	if g != nil {
		d.ControlContext = g.control
	}
	return &http.Transport{
		Proxy:                  proxy,
		DialContext:            d.DialContext,
		ForceAttemptHTTP2:      true,
		TLSClientConfig:        &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:    10 * time.Second,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           100,
		MaxIdleConnsPerHost:    c.limit.n,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 1 << 20,
		DisableCompression:     true,
	}
}

// checkRedirect returns the http.Client.CheckRedirect of trusted or
// untrusted requests: it enforces the redirect limit, the schemes, and for
// untrusted requests the guard on IP literals.
func (c *Client) checkRedirect(untrusted bool) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > c.maxRedirects {
			return ErrTooManyRedirects
		}
		if err := checkFetchURL(req.URL); err != nil {
			return &fetchURLError{"redirect to " + stripUserinfo(req.URL)}
		}
		if untrusted {
			return c.guard.checkHost(req.URL.Hostname())
		}
		return nil
	}
}

// CloseIdleConnections closes the connections that no request is using.
func (c *Client) CloseIdleConnections() {
	c.trusted.CloseIdleConnections()
	c.untrusted.CloseIdleConnections()
}

// Fetch gets r.URL with a GET request and returns the final answer: a
// success (2xx) with its body, or a 304 to a conditional request as
// Response{NotModified: true, Status: 304}. Any other answer is an error
// wrapping *StatusError. Errors name the requested URL, without its user
// information: "fetch https://example.com/a: HTTP 404", "fetch …: body
// exceeds 5 MB" (ErrBodyTooLarge), "fetch …: address not allowed:
// 127.0.0.1 is loopback" (ErrForbiddenAddress), "fetch …: too many
// redirects" (ErrTooManyRedirects), "fetch …: not an http(s) URL: …"
// (ErrNotHTTP, also for a redirect elsewhere), "fetch …: timeout after 15s" (wrapping
// context.DeadlineExceeded or the network's timeout), or the caller's
// context error.
func (c *Client) Fetch(ctx context.Context, r Request) (*Response, error) {
	u, err := parseFetchURL(r.URL)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", stripUserinfoRaw(r.URL), err)
	}
	name := stripUserinfo(u)
	hc := c.trusted
	if r.Untrusted {
		if err := c.guard.checkHost(u.Hostname()); err != nil {
			return nil, fmt.Errorf("fetch %s: %w", name, err)
		}
		hc = c.untrusted
	}
	// The fetch waits for its host's turn, unless its caller took it
	// already (hostTurn), then runs under one deadline.
	if !c.limit.holds(ctx, hostKey(u)) {
		turnCtx, release, err := c.hostTurn(ctx, u)
		if err != nil {
			return nil, fmt.Errorf("fetch %s: %w", name, err)
		}
		defer release()
		ctx = turnCtx
	}
	fctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	for attempt := 0; ; attempt++ {
		resp, retry, err := c.try(ctx, fctx, hc, u, r)
		if err == nil {
			return resp, nil
		}
		if !retry || attempt >= c.retries {
			return nil, fmt.Errorf("fetch %s: %w", name, err)
		}
		d := c.delay(attempt)
		if deadline, ok := fctx.Deadline(); ok && time.Until(deadline) < d {
			return nil, fmt.Errorf("fetch %s: %w", name, err) // no time left to retry
		}
		t := time.NewTimer(d)
		select {
		case <-fctx.Done():
			t.Stop()
			if ctx.Err() != nil {
				return nil, fmt.Errorf("fetch %s: %w", name, ctx.Err())
			}
			return nil, fmt.Errorf("fetch %s: %w", name, err)
		case <-t.C:
		}
	}
}

// hostTurn waits for a turn at u's host, the caller's context permitting,
// and returns a context that carries it, for Fetch, and its release.
func (c *Client) hostTurn(ctx context.Context, u *url.URL) (context.Context, func(), error) {
	key := hostKey(u)
	release, err := c.limit.acquire(ctx, key)
	if err != nil {
		return nil, nil, err
	}
	return context.WithValue(ctx, heldTurn{c.limit}, key), release, nil
}

// HostTurn waits until a fetch of rawURL may begin at its host (see
// ClientOptions.PerHost) and returns a context for Fetch that holds the
// turn, and the release of the turn, to be called once the fetch
// returned. A caller that limits its own fetches in flight takes the turn
// first, so that its fetches waiting for a busy host do not hold up those
// to other hosts. A URL that cannot be fetched gets no turn to wait for:
// Fetch reports it.
func (c *Client) HostTurn(ctx context.Context, rawURL string) (context.Context, func(), error) {
	u, err := parseFetchURL(rawURL)
	if err != nil {
		return ctx, func() {}, nil
	}
	return c.hostTurn(ctx, u)
}

// delay returns how long to wait before retry number attempt+1: Backoff
// doubled attempt times, at most maxBackoff, less a random part of up to
// a half.
func (c *Client) delay(attempt int) time.Duration {
	d := c.backoff
	for i := 0; i < attempt && d < maxBackoff; i++ {
		d *= 2
	}
	d = min(d, max(maxBackoff, c.backoff))
	if half := d / 2; half > 0 {
		d -= rand.N(half)
	}
	return d
}

// try makes one request under fctx, the fetch's deadline (a child of the
// caller's ctx). retry reports whether a failure is transient: a 5xx
// answer, a network timeout, or a failed connection.
func (c *Client) try(ctx, fctx context.Context, hc *http.Client, u *url.URL, r Request) (_ *Response, retry bool, _ error) {
	req, err := http.NewRequestWithContext(fctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, false, &fetchURLError{err.Error()}
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", acceptHeader)
	req.Header.Set("Accept-Encoding", "gzip")
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}
	resp, err := hc.Do(req)
	if err != nil {
		retry, err := c.classify(ctx, fctx, err)
		return nil, retry, err
	}
	defer resp.Body.Close()

	final := u
	if resp.Request != nil {
		final = resp.Request.URL // after redirects
	}
	out := &Response{
		URL:          stripUserinfo(final),
		Status:       resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		Language:     resp.Header.Get("Content-Language"),
	}
	switch code := resp.StatusCode; {
	case code == http.StatusNotModified:
		out.NotModified = true
		if out.ETag == "" {
			out.ETag = r.ETag
		}
		if out.LastModified == "" {
			out.LastModified = r.LastModified
		}
		return out, false, nil
	case code >= 500:
		io.CopyN(io.Discard, resp.Body, 4<<10) // lets the connection be reused
		return nil, true, &StatusError{Code: code}
	case code < 200 || code > 299:
		return nil, false, &StatusError{Code: code}
	}
	out.Body, err = c.readBody(resp)
	if err != nil {
		var se *sizeError
		if errors.As(err, &se) || errors.Is(err, ErrUnsupported) {
			return nil, false, err
		}
		retry, err := c.classify(ctx, fctx, err)
		return nil, retry, err
	}
	return out, false, nil
}

// classify turns an error of a request made with fctx, the fetch's
// deadline under the caller's ctx, into the error Fetch reports, and says
// whether it is worth a retry: never once the deadline has passed.
func (c *Client) classify(ctx, fctx context.Context, err error) (retry bool, _ error) {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // the URL is named by Fetch, without user information
	}
	var ae *addrError
	switch {
	case errors.As(err, &ae):
		return false, ae
	case errors.Is(err, ErrTooManyRedirects), errors.Is(err, ErrNotHTTP):
		return false, err
	case ctx.Err() != nil:
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return false, fmt.Errorf("timeout: %w", ctx.Err())
		}
		return false, ctx.Err()
	case errors.Is(fctx.Err(), context.DeadlineExceeded):
		return false, &timeoutError{after: c.timeout, err: context.DeadlineExceeded}
	case isFetchTimeout(err):
		return true, &timeoutError{after: c.timeout, err: err}
	case isConnFailure(err):
		return true, err
	}
	return false, err
}

// isFetchTimeout reports whether err is a network timeout.
func isFetchTimeout(err error) bool {
	var te interface{ Timeout() bool }
	return errors.As(err, &te) && te.Timeout()
}

// isConnFailure reports whether err is a connection that failed, was reset
// or was closed early: the errors a retry may cure.
func isConnFailure(err error) bool {
	for _, target := range []error{
		syscall.ECONNRESET, syscall.ECONNREFUSED, syscall.ECONNABORTED, syscall.EPIPE,
		io.EOF, io.ErrUnexpectedEOF,
	} {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

// readBody reads a successful answer's body, decompressed, failing with a
// *sizeError as soon as more than c.maxBytes bytes arrive or come out of
// the decompressor.
func (c *Client) readBody(resp *http.Response) ([]byte, error) {
	if resp.ContentLength > c.maxBytes {
		return nil, &sizeError{max: c.maxBytes}
	}
	var r io.Reader = &capReader{r: resp.Body, left: c.maxBytes + 1, max: c.maxBytes}
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(r)
		if err == io.EOF {
			return nil, nil // an empty body
		}
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		r = io.LimitReader(zr, c.maxBytes+1)
	default:
		return nil, fmt.Errorf("content encoding %q: %w", enc, ErrUnsupported)
	}
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > c.maxBytes {
		return nil, &sizeError{max: c.maxBytes}
	}
	return body, nil
}

// capReader reads at most left bytes from r and fails with a *sizeError
// once it has read them all (more than max).
type capReader struct {
	r    io.Reader
	left int64
	max  int64
}

func (cr *capReader) Read(p []byte) (int, error) {
	if cr.left <= 0 {
		return 0, &sizeError{max: cr.max}
	}
	if int64(len(p)) > cr.left {
		p = p[:cr.left]
	}
	n, err := cr.r.Read(p)
	cr.left -= int64(n)
	if cr.left <= 0 && (err == nil || err == io.EOF) {
		err = &sizeError{max: cr.max}
	}
	return n, err
}

// sizeError is a body over the cap; it wraps ErrBodyTooLarge and reads
// "body exceeds 5 MB".
type sizeError struct{ max int64 }

func (e *sizeError) Error() string { return "body exceeds " + capString(e.max) }

func (e *sizeError) Unwrap() error { return ErrBodyTooLarge }

// capString writes a byte count in the largest unit that divides it:
// "5 MB", "512 KB", "1000 bytes".
func capString(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// timeoutError is a request that ran out of time; it reads "timeout after
// 15s" and wraps the cause.
type timeoutError struct {
	after time.Duration
	err   error
}

func (e *timeoutError) Error() string { return fmt.Sprintf("timeout after %v", e.after) }

func (e *timeoutError) Unwrap() error { return e.err }

// Timeout reports true, as net.Error does for timeouts.
func (e *timeoutError) Timeout() bool { return true }

// fetchURLError is a URL that cannot be fetched; it wraps ErrNotHTTP and
// reads "not an http(s) URL: " and why.
type fetchURLError struct{ why string }

func (e *fetchURLError) Error() string { return ErrNotHTTP.Error() + ": " + e.why }

func (e *fetchURLError) Unwrap() error { return ErrNotHTTP }

// parseFetchURL parses an absolute http or https URL.
func parseFetchURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // ue repeats the URL, user information included
		}
		return nil, &fetchURLError{err.Error()}
	}
	if err := checkFetchURL(u); err != nil {
		return nil, err
	}
	return u, nil
}

// checkFetchURL returns a *fetchURLError unless u is an http or https URL
// with a host.
func checkFetchURL(u *url.URL) *fetchURLError {
	switch {
	case u.Scheme == "":
		return &fetchURLError{"no scheme"}
	case u.Scheme != "http" && u.Scheme != "https":
		return &fetchURLError{fmt.Sprintf("scheme %q", u.Scheme)}
	case u.Host == "" || u.Hostname() == "":
		return &fetchURLError{"no host"}
	}
	return nil
}

// stripUserinfo returns u as a string without its user information, which may
// hold a password or a token.
func stripUserinfo(u *url.URL) string {
	if u.User == nil {
		return u.String()
	}
	v := *u
	v.User = nil
	return v.String()
}

// stripUserinfoRaw removes user information from a URL as written, which
// may not parse.
func stripUserinfoRaw(s string) string {
	i := strings.Index(s, "://")
	if i < 0 {
		return s
	}
	rest := s[i+3:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
		return s[:i+3] + rest[at+1:]
	}
	return s
}

// hostLimiter holds one semaphore per host, made when a request to the
// host starts and dropped when none is in flight or waiting.
type hostLimiter struct {
	n     int
	mu    sync.Mutex
	hosts map[string]*hostSlot
}

// hostSlot is one host's semaphore and the number of requests holding or
// awaiting it.
type hostSlot struct {
	sem   chan struct{}
	users int
}

// acquire waits for a slot of host, or for ctx to be done; release gives
// the slot back and may be called more than once.
func (l *hostLimiter) acquire(ctx context.Context, host string) (release func(), err error) {
	l.mu.Lock()
	s := l.hosts[host]
	if s == nil {
		s = &hostSlot{sem: make(chan struct{}, l.n)}
		l.hosts[host] = s
	}
	s.users++
	l.mu.Unlock()
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		l.leave(host, s)
		return nil, ctx.Err()
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			<-s.sem
			l.leave(host, s)
		})
	}, nil
}

// heldTurn is the context key under which a fetch carries the host whose
// turn it holds (a hostKey), for one limiter.
type heldTurn struct{ l *hostLimiter }

// holds reports whether ctx carries a turn of this limiter at host.
func (l *hostLimiter) holds(ctx context.Context, host string) bool {
	k, _ := ctx.Value(heldTurn{l}).(string)
	return k == host
}

// leave drops one user of s, and s itself when it was the last.
func (l *hostLimiter) leave(host string, s *hostSlot) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s.users--
	if s.users == 0 {
		delete(l.hosts, host)
	}
}

// limitTransport holds a slot of the request's host from sending the
// request until the response body is closed, unless the fetch holds its
// host's turn already (a redirect elsewhere waits for its own).
type limitTransport struct {
	next  http.RoundTripper
	limit *hostLimiter
}

func (t *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	key := hostKey(req.URL)
	if t.limit.holds(req.Context(), key) {
		return t.next.RoundTrip(req)
	}
	release, err := t.limit.acquire(req.Context(), key)
	if err != nil {
		return nil, err
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		release()
		return nil, err
	}
	resp.Body = &releaseBody{ReadCloser: resp.Body, release: release}
	return resp, nil
}

// CloseIdleConnections closes the idle connections of the transport
// beneath, if it has any.
func (t *limitTransport) CloseIdleConnections() {
	if ci, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// releaseBody releases a host slot when the body is closed.
type releaseBody struct {
	io.ReadCloser
	release func()
}

func (b *releaseBody) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}

// hostKey names the host a request goes to: lower-case host and port,
// with the scheme's default port made explicit.
func hostKey(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}
