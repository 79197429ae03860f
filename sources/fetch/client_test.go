package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/digestbot/digestbot/internal/loopback"
)

// fetchRoundTrip is an http.RoundTripper made of a function.
type fetchRoundTrip func(*http.Request) (*http.Response, error)

func (f fetchRoundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// fetchServer starts a loopback server that stops with the test.
func fetchServer(t testing.TB, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// fetchFastRetries are options whose retries do not wait.
var fetchFastRetries = ClientOptions{Backoff: time.Microsecond}

// checkFetchErr fails the test unless err reads want and wraps target.
func checkFetchErr(t *testing.T, what string, err error, want string, target error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error; want %q", what, want)
		return
	}
	if err.Error() != want {
		t.Errorf("%s: error %q; want %q", what, err, want)
	}
	if target != nil && !errors.Is(err, target) {
		t.Errorf("%s: error %q does not wrap %v", what, err, target)
	}
}

func TestFetchPage(t *testing.T) {
	var ua, ae atomic.Value
	srv := fetchServer(t, func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.Header.Get("User-Agent"))
		ae.Store(r.Header.Get("Accept-Encoding"))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", `"abc"`)
		w.Header().Set("Last-Modified", "Mon, 02 Jan 2006 15:04:05 GMT")
		fmt.Fprint(w, "<p>Hello</p>")
	})
	resp, err := NewClient(ClientOptions{}).Fetch(context.Background(), Request{URL: srv.URL + "/page"})
	if err != nil {
		t.Fatal(err)
	}
	want := Response{
		URL: srv.URL + "/page", Status: 200, ContentType: "text/html; charset=utf-8",
		Body: []byte("<p>Hello</p>"), ETag: `"abc"`, LastModified: "Mon, 02 Jan 2006 15:04:05 GMT",
	}
	if resp.URL != want.URL || resp.Status != want.Status || resp.ContentType != want.ContentType ||
		!bytes.Equal(resp.Body, want.Body) || resp.ETag != want.ETag || resp.LastModified != want.LastModified || resp.NotModified {
		t.Errorf("Fetch = %+v; want %+v", *resp, want)
	}
	if got := ua.Load(); got != defaultUserAgent {
		t.Errorf("User-Agent = %q; want %q", got, defaultUserAgent)
	}
	if got := ae.Load(); got != "gzip" {
		t.Errorf("Accept-Encoding = %q; want gzip", got)
	}

	custom := NewClient(ClientOptions{UserAgent: "digestbot-test/2"})
	if _, err := custom.Fetch(context.Background(), Request{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	if got := ua.Load(); got != "digestbot-test/2" {
		t.Errorf("User-Agent = %q; want the configured one", got)
	}
}

// fetchGzip compresses data.
func fetchGzip(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFetchGzip(t *testing.T) {
	page := bytes.Repeat([]byte("<p>The harbor authority said repairs would take six weeks.</p>\n"), 100)
	// 50 MB of zeros in about 50 KB: 50 gzip members of 1 MB each, which
	// a gzip reader reads as one stream.
	bomb := bytes.Repeat(fetchGzip(t, make([]byte, 1<<20)), 50)
	var hits atomic.Int32
	srv := fetchServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Path {
		case "/page":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(fetchGzip(t, page))
		case "/empty":
			w.Header().Set("Content-Encoding", "gzip")
		case "/bomb":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		case "/corrupt":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write([]byte("this is not gzip"))
		case "/br":
			w.Header().Set("Content-Encoding", "br")
			w.Write([]byte{0x0b, 0x02, 0x80})
		}
	})
	c := NewClient(fetchFastRetries)
	ctx := context.Background()

	resp, err := c.Fetch(ctx, Request{URL: srv.URL + "/page"})
	if err != nil || !bytes.Equal(resp.Body, page) {
		t.Errorf("Fetch of a fetchGzip page = %v; want the page decompressed", err)
	}
	resp, err = c.Fetch(ctx, Request{URL: srv.URL + "/empty"})
	if err != nil || len(resp.Body) != 0 {
		t.Errorf("Fetch of an empty fetchGzip body = %v, %v; want an empty body", resp, err)
	}
	_, err = c.Fetch(ctx, Request{URL: srv.URL + "/bomb"})
	checkFetchErr(t, "gzip bomb", err, "fetch "+srv.URL+"/bomb: body exceeds 5 MB", ErrBodyTooLarge)

	hits.Store(0)
	_, err = c.Fetch(ctx, Request{URL: srv.URL + "/corrupt"})
	if !errors.Is(err, gzip.ErrHeader) {
		t.Errorf("Fetch of a corrupt gzip body = %v; want gzip.ErrHeader", err)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("corrupt gzip body fetched %d times; want 1 (no retry)", n)
	}
	_, err = c.Fetch(ctx, Request{URL: srv.URL + "/br"})
	checkFetchErr(t, "Content-Encoding br", err, "fetch "+srv.URL+`/br: content encoding "br": unsupported content`, ErrUnsupported)
}

// fetchEndless is a reader of fetchEndless 'a's that counts what it gave.
type fetchEndless struct{ n atomic.Int64 }

func (e *fetchEndless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	e.n.Add(int64(len(p)))
	return len(p), nil
}

func (e *fetchEndless) Close() error { return nil }

func TestFetchTooLarge(t *testing.T) {
	const total = 50 << 20
	var written atomic.Int64
	srv := fetchServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/declared" {
			w.Header().Set("Content-Length", fmt.Sprint(total))
		}
		chunk := bytes.Repeat([]byte("0123456789abcdef"), 4<<10) // 64 KB
		for n := 0; n < total; n += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return // the client hung up
			}
			written.Add(int64(len(chunk)))
		}
	})
	c := NewClient(fetchFastRetries)
	for _, path := range []string{"/streamed", "/declared"} {
		_, err := c.Fetch(context.Background(), Request{URL: srv.URL + path})
		checkFetchErr(t, path, err, "fetch "+srv.URL+path+": body exceeds 5 MB", ErrBodyTooLarge)
	}
	srv.Close() // waits for the handlers
	if n := written.Load(); n >= 2*total {
		t.Errorf("server wrote %d bytes of two 50 MB bodies; the client read them whole", n)
	}

	// Through a transport that counts: at most the cap and one byte read.
	body := &fetchEndless{}
	counted := NewClient(ClientOptions{MaxBytes: 1 << 20, Transport: fetchRoundTrip(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: body, ContentLength: -1, Request: r}, nil
	})})
	_, err := counted.Fetch(context.Background(), Request{URL: "http://example.com/big"})
	checkFetchErr(t, "fetchEndless body", err, "fetch http://example.com/big: body exceeds 1 MB", ErrBodyTooLarge)
	if n := body.n.Load(); n > 1<<20+1 {
		t.Errorf("read %d bytes of an fetchEndless body; want at most %d", n, 1<<20+1)
	}
}

func TestFetchSizeBoundary(t *testing.T) {
	srv := fetchServer(t, func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(strings.TrimPrefix(r.URL.Path, "/"), &n)
		w.Write(bytes.Repeat([]byte("x"), n))
	})
	c := NewClient(ClientOptions{MaxBytes: 1000})
	resp, err := c.Fetch(context.Background(), Request{URL: srv.URL + "/1000"})
	if err != nil || len(resp.Body) != 1000 {
		t.Errorf("Fetch of a body at the cap = %v; want its 1000 bytes", err)
	}
	_, err = c.Fetch(context.Background(), Request{URL: srv.URL + "/1001"})
	checkFetchErr(t, "one byte over the cap", err, "fetch "+srv.URL+"/1001: body exceeds 1000 bytes", ErrBodyTooLarge)
}

func TestFetchCapString(t *testing.T) {
	for n, want := range map[int64]string{
		5 << 20: "5 MB", 1 << 20: "1 MB", 3 << 19: "1.5 MB", 512 << 10: "512 KB", 1000: "1000 bytes", 1: "1 bytes",
	} {
		if got := capString(n); got != want {
			t.Errorf("capString(%d) = %q; want %q", n, got, want)
		}
	}
}

func TestFetchTimeout(t *testing.T) {
	release := make(chan struct{})
	var hits atomic.Int32
	srv := fetchServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/midbody" {
			w.Write([]byte("<p>The start of the page"))
			w.(http.Flusher).Flush()
		}
		select { // stall
		case <-r.Context().Done():
		case <-release:
		}
	})
	t.Cleanup(func() { close(release) }) // runs before srv.Close

	c := NewClient(ClientOptions{Timeout: 50 * time.Millisecond, Retries: -1})
	for _, path := range []string{"/headers", "/midbody"} {
		_, err := c.Fetch(context.Background(), Request{URL: srv.URL + path})
		checkFetchErr(t, path, err, "fetch "+srv.URL+path+": timeout after 50ms", context.DeadlineExceeded)
	}

	// The timeout bounds the whole fetch, retries included: a server that
	// stalls takes it all, and leaves no time for a retry.
	hits.Store(0)
	retried := NewClient(ClientOptions{Timeout: 50 * time.Millisecond, Retries: 2, Backoff: time.Microsecond})
	_, err := retried.Fetch(context.Background(), Request{URL: srv.URL + "/midbody"})
	checkFetchErr(t, "stall retried", err, "fetch "+srv.URL+"/midbody: timeout after 50ms", context.DeadlineExceeded)
	if n := hits.Load(); n != 1 {
		t.Errorf("stalled server saw %d requests; want 1 (no time left to retry)", n)
	}

	// The caller's deadline bounds the whole fetch.
	hits.Store(0)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = NewClient(ClientOptions{}).Fetch(ctx, Request{URL: srv.URL + "/midbody"})
	checkFetchErr(t, "caller's deadline", err, "fetch "+srv.URL+"/midbody: timeout: context deadline exceeded", context.DeadlineExceeded)
	if n := hits.Load(); n != 1 {
		t.Errorf("server saw %d requests; want 1 (no retry past the caller's deadline)", n)
	}
}

func TestFetchRedirects(t *testing.T) {
	var hits atomic.Int32
	srv := fetchServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch p := r.URL.Path; {
		case p == "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case strings.HasPrefix(p, "/hop/"):
			var n int
			fmt.Sscan(strings.TrimPrefix(p, "/hop/"), &n)
			if n == 0 {
				fmt.Fprint(w, "arrived")
				return
			}
			http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusMovedPermanently)
		case p == "/ftp":
			http.Redirect(w, r, "ftp://user:pw@example.com/file", http.StatusFound)
		}
	})
	ctx := context.Background()
	c := NewClient(fetchFastRetries)

	resp, err := c.Fetch(ctx, Request{URL: srv.URL + "/hop/5"})
	if err != nil || resp.URL != srv.URL+"/hop/0" || string(resp.Body) != "arrived" {
		t.Errorf("Fetch through 5 redirects = %v, %v; want the page at /hop/0", resp, err)
	}
	_, err = c.Fetch(ctx, Request{URL: srv.URL + "/hop/6"})
	checkFetchErr(t, "6 redirects", err, "fetch "+srv.URL+"/hop/6: too many redirects", ErrTooManyRedirects)

	hits.Store(0)
	_, err = c.Fetch(ctx, Request{URL: srv.URL + "/loop"})
	checkFetchErr(t, "redirect loop", err, "fetch "+srv.URL+"/loop: too many redirects", ErrTooManyRedirects)
	if n := hits.Load(); n != 6 {
		t.Errorf("redirect loop: %d requests; want 6 (no retry)", n)
	}

	two := NewClient(ClientOptions{MaxRedirects: 2})
	if _, err := two.Fetch(ctx, Request{URL: srv.URL + "/hop/2"}); err != nil {
		t.Errorf("MaxRedirects 2, 2 redirects: %v", err)
	}
	_, err = two.Fetch(ctx, Request{URL: srv.URL + "/hop/3"})
	checkFetchErr(t, "MaxRedirects 2, 3 redirects", err, "fetch "+srv.URL+"/hop/3: too many redirects", ErrTooManyRedirects)

	none := NewClient(ClientOptions{MaxRedirects: -1})
	_, err = none.Fetch(ctx, Request{URL: srv.URL + "/hop/1"})
	checkFetchErr(t, "MaxRedirects -1", err, "fetch "+srv.URL+"/hop/1: too many redirects", ErrTooManyRedirects)

	_, err = c.Fetch(ctx, Request{URL: srv.URL + "/ftp"})
	checkFetchErr(t, "redirect to ftp", err,
		"fetch "+srv.URL+"/ftp: not an http(s) URL: redirect to ftp://example.com/file", ErrNotHTTP)
}

func TestFetchPerHost(t *testing.T) {
	var active, peak, hits atomic.Int32
	srv := fetchServer(t, func(w http.ResponseWriter, r *http.Request) {
		n := active.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		hits.Add(1)
		time.Sleep(10 * time.Millisecond)
		active.Add(-1)
		fmt.Fprint(w, "ok")
	})
	c := NewClient(ClientOptions{PerHost: 2})
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Go(func() {
			if _, err := c.Fetch(context.Background(), Request{URL: fmt.Sprintf("%s/%d", srv.URL, i)}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if p := peak.Load(); p > 2 {
		t.Errorf("server saw %d concurrent requests; want at most 2", p)
	}
	if n := hits.Load(); n != 12 {
		t.Errorf("server saw %d requests; want 12", n)
	}
	c.limit.mu.Lock()
	if n := len(c.limit.hosts); n != 0 {
		t.Errorf("%d host semaphores left after all fetches; want 0", n)
	}
	c.limit.mu.Unlock()
}

func TestFetchHostLimiterCanceled(t *testing.T) {
	l := &hostLimiter{n: 1, hosts: map[string]*hostSlot{}}
	release, err := l.acquire(context.Background(), "a:80")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.acquire(ctx, "a:80"); !errors.Is(err, context.Canceled) {
		t.Errorf("acquire of a full host with a canceled context = %v; want context.Canceled", err)
	}
	release()
	release() // a second release is harmless
	if len(l.hosts) != 0 {
		t.Errorf("hosts = %v after release; want none", l.hosts)
	}
}

func TestFetchConditional(t *testing.T) {
	const etag, lastMod = `"v1"`, "Mon, 02 Jan 2006 15:04:05 GMT"
	var gotINM, gotIMS atomic.Value
	srv := fetchServer(t, func(w http.ResponseWriter, r *http.Request) {
		gotINM.Store(r.Header.Get("If-None-Match"))
		gotIMS.Store(r.Header.Get("If-Modified-Since"))
		if r.URL.Path != "/bare" {
			w.Header().Set("ETag", etag)
			w.Header().Set("Last-Modified", lastMod)
		}
		if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == lastMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, "<rss/>")
	})
	c := NewClient(ClientOptions{})
	ctx := context.Background()
	first, err := c.Fetch(ctx, Request{URL: srv.URL + "/feed"})
	if err != nil || first.NotModified || first.ETag != etag || first.LastModified != lastMod {
		t.Fatalf("first Fetch = %+v, %v; want the feed with its validators", first, err)
	}
	for _, r := range []Request{
		{URL: srv.URL + "/feed", ETag: first.ETag, LastModified: first.LastModified},
		{URL: srv.URL + "/feed", ETag: first.ETag},
		{URL: srv.URL + "/feed", LastModified: first.LastModified},
		{URL: srv.URL + "/bare", ETag: etag, LastModified: lastMod}, // a 304 without validators keeps the request's
	} {
		resp, err := c.Fetch(ctx, r)
		if err != nil || !resp.NotModified || resp.Status != 304 || len(resp.Body) != 0 ||
			resp.ETag != etag || resp.LastModified != lastMod {
			t.Errorf("Fetch(%+v) = %+v, %v; want NotModified, status 304, validators %q %q", r, resp, err, etag, lastMod)
		}
		if gotINM.Load() != r.ETag || gotIMS.Load() != r.LastModified {
			t.Errorf("Fetch(%+v) sent If-None-Match %q, If-Modified-Since %q", r, gotINM.Load(), gotIMS.Load())
		}
	}
}

func TestFetchRetries(t *testing.T) {
	tests := []struct {
		name     string
		statuses []int // answers in turn; the last one repeats
		retries  int
		calls    int32
		err      string // "" for success
	}{
		{"503 then 200", []int{503, 503, 200}, 0, 3, ""},
		{"always 500", []int{500}, 0, 3, "HTTP 500"},
		{"three retries", []int{502}, 3, 4, "HTTP 502"},
		{"no retries", []int{503}, -1, 1, "HTTP 503"},
		{"404 not retried", []int{404}, 0, 1, "HTTP 404"},
		{"410 not retried", []int{410}, 0, 1, "HTTP 410"},
		{"429 not retried", []int{429}, 0, 1, "HTTP 429"},
		{"403 not retried", []int{403}, 0, 1, "HTTP 403"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := fetchServer(t, func(w http.ResponseWriter, r *http.Request) {
				n := int(calls.Add(1))
				w.WriteHeader(tt.statuses[min(n, len(tt.statuses))-1])
				fmt.Fprint(w, "body")
			})
			c := NewClient(ClientOptions{Retries: tt.retries, Backoff: time.Microsecond})
			resp, err := c.Fetch(context.Background(), Request{URL: srv.URL + "/x"})
			if tt.err == "" {
				if err != nil || string(resp.Body) != "body" {
					t.Errorf("Fetch = %v; want success", err)
				}
			} else {
				var se *StatusError
				checkFetchErr(t, "Fetch", err, "fetch "+srv.URL+"/x: "+tt.err, nil)
				if !errors.As(err, &se) || fmt.Sprintf("HTTP %d", se.Code) != tt.err {
					t.Errorf("Fetch = %v; want a *StatusError", err)
				}
			}
			if n := calls.Load(); n != tt.calls {
				t.Errorf("server saw %d requests; want %d", n, tt.calls)
			}
		})
	}
}

func TestFetchRetriesConnectionReset(t *testing.T) {
	var calls atomic.Int32
	srv := fetchServer(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			conn.(*net.TCPConn).SetLinger(0) // close with a reset
			conn.Close()
			return
		}
		fmt.Fprint(w, "ok")
	})
	resp, err := NewClient(fetchFastRetries).Fetch(context.Background(), Request{URL: srv.URL})
	if err != nil || string(resp.Body) != "ok" {
		t.Errorf("Fetch = %v; want success after two resets", err)
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("server saw %d requests; want 3", n)
	}

	// A refused connection fails after the retries, naming the URL.
	closed := "http://" + loopback.FreeAddr(t) + "/"
	_, err = NewClient(fetchFastRetries).Fetch(context.Background(), Request{URL: closed})
	if err == nil || !strings.HasPrefix(err.Error(), "fetch "+closed+": ") || !isConnFailure(err) {
		t.Errorf("Fetch of a closed port = %v; want a connection error naming the URL", err)
	}
}

func TestFetchBackoffCanceled(t *testing.T) {
	var calls atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := fetchServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
		time.AfterFunc(10*time.Millisecond, cancel) // while the client waits to retry
	})
	c := NewClient(ClientOptions{Backoff: time.Hour, Timeout: 3 * time.Hour}) // the backoff fits in the fetch's deadline
	_, err := c.Fetch(ctx, Request{URL: srv.URL})
	if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "fetch "+srv.URL+": ") {
		t.Errorf("Fetch canceled during backoff = %v; want context.Canceled naming the URL", err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("server saw %d requests; want 1", n)
	}

	// A retry that would wait past the deadline is not made: the last
	// answer is the error.
	calls.Store(0)
	srv2 := fetchServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusBadGateway)
	})
	ctx2, cancel2 := context.WithTimeout(context.Background(), time.Minute)
	defer cancel2()
	_, err = c.Fetch(ctx2, Request{URL: srv2.URL})
	checkFetchErr(t, "backoff past the deadline", err, "fetch "+srv2.URL+": HTTP 502", nil)
	if n := calls.Load(); n != 1 {
		t.Errorf("server saw %d requests; want 1", n)
	}
}

func TestFetchInvalidURL(t *testing.T) {
	c := NewClient(ClientOptions{Transport: fetchRoundTrip(func(r *http.Request) (*http.Response, error) {
		t.Errorf("request made to %s", r.URL)
		return nil, errors.New("unexpected")
	})})
	tests := []struct{ url, want string }{
		{"ftp://example.com/x", `fetch ftp://example.com/x: not an http(s) URL: scheme "ftp"`},
		{"file:///etc/passwd", `fetch file:///etc/passwd: not an http(s) URL: scheme "file"`},
		{"javascript:alert(1)", `fetch javascript:alert(1): not an http(s) URL: scheme "javascript"`},
		{"gopher://user:pw@example.com/", `fetch gopher://example.com/: not an http(s) URL: scheme "gopher"`},
		{"example.com/news", "fetch example.com/news: not an http(s) URL: no scheme"},
		{"//example.com/news", "fetch //example.com/news: not an http(s) URL: no scheme"},
		{"", "fetch : not an http(s) URL: no scheme"},
		{"http://", "fetch http://: not an http(s) URL: no host"},
		{"https:///path", "fetch https:///path: not an http(s) URL: no host"},
		{"http://:80/", "fetch http://:80/: not an http(s) URL: no host"},
		{"http://alice:s3cret@example.com/%zz", `fetch http://example.com/%zz: not an http(s) URL: invalid URL escape "%zz"`},
		{"http://[::1", `fetch http://[::1: not an http(s) URL: missing ']' in host`},
	}
	for _, tt := range tests {
		_, err := c.Fetch(context.Background(), Request{URL: tt.url})
		checkFetchErr(t, fmt.Sprintf("Fetch(%q)", tt.url), err, tt.want, ErrNotHTTP)
	}
}

func TestFetchHidesUserinfo(t *testing.T) {
	srv := fetchServer(t, func(w http.ResponseWriter, r *http.Request) {
		if user, pass, ok := r.BasicAuth(); !ok || user != "alice" || pass != "s3cret" {
			t.Errorf("BasicAuth = %q, %q, %v; want the URL's credentials", user, pass, ok)
		}
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, "private feed")
	})
	withAuth := strings.Replace(srv.URL, "http://", "http://alice:s3cret@", 1)
	c := NewClient(ClientOptions{})
	_, err := c.Fetch(context.Background(), Request{URL: withAuth + "/missing"})
	checkFetchErr(t, "404 with credentials", err, "fetch "+srv.URL+"/missing: HTTP 404", nil)
	resp, err := c.Fetch(context.Background(), Request{URL: withAuth + "/feed"})
	if err != nil || resp.URL != srv.URL+"/feed" {
		t.Errorf("Fetch = %v, %v; want Response.URL %s, without credentials", resp, err, srv.URL+"/feed")
	}
}

func TestFetchStripUserinfo(t *testing.T) {
	for in, want := range map[string]string{
		"https://u:p@example.com/a?b#c": "https://example.com/a?b#c",
		"https://example.com/a":         "https://example.com/a",
		"http://u:p@exa mple.com/x":     "http://exa mple.com/x",
		"http://u:p@host/%zz?q=@x":      "http://host/%zz?q=@x",
		"no scheme at all":              "no scheme at all",
	} {
		if got := stripUserinfoRaw(in); got != want {
			t.Errorf("stripUserinfoRaw(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestFetchConcurrentHosts(t *testing.T) {
	// Many fetches to several hosts at once, for the race detector.
	var srvs []*httptest.Server
	for range 3 {
		srvs = append(srvs, fetchServer(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") }))
	}
	c := NewClient(ClientOptions{PerHost: 1})
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Go(func() {
			if _, err := c.Fetch(context.Background(), Request{URL: srvs[i%3].URL}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	c.CloseIdleConnections()
}

func BenchmarkFetch(b *testing.B) {
	page := bytes.Repeat([]byte("<p>The harbor authority said repairs would take six weeks.</p>\n"), 64) // 4 KB
	srv := fetchServer(b, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	c := NewClient(ClientOptions{})
	ctx := context.Background()
	b.ReportAllocs()
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := c.Fetch(ctx, Request{URL: srv.URL + "/page"}); err != nil {
			b.Fatal(err)
		}
	}
}

// Compile-time check that the test transport fits.
var _ io.Closer = (*fetchEndless)(nil)

// TestFetchOneDeadline: the tries of one fetch share one deadline, set
// when the fetch begins, rather than each getting a timeout of its own.
func TestFetchOneDeadline(t *testing.T) {
	var deadlines []time.Time
	c := NewClient(ClientOptions{Timeout: time.Hour, Backoff: time.Microsecond, Transport: fetchRoundTrip(func(r *http.Request) (*http.Response, error) {
		d, ok := r.Context().Deadline()
		if !ok {
			t.Error("a try without a deadline")
		}
		deadlines = append(deadlines, d)
		if len(deadlines) < 3 {
			return nil, syscall.ECONNRESET // retried
		}
		return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("ok")), Header: http.Header{}, Request: r}, nil
	})})
	resp, err := c.Fetch(context.Background(), Request{URL: "http://feeds.example/rss"})
	if err != nil || string(resp.Body) != "ok" {
		t.Fatalf("Fetch = %v; want success on the third try", err)
	}
	if len(deadlines) != 3 {
		t.Fatalf("%d tries; want 3", len(deadlines))
	}
	for i, d := range deadlines[1:] {
		if !d.Equal(deadlines[0]) {
			t.Errorf("try %d has deadline %v; want the fetch's one deadline %v", i+2, d, deadlines[0])
		}
	}
}

// TestFetchTurnNotTimed: a fetch that waits for its host's turn has not
// begun: its timeout starts with its turn. The host's only turn is held
// for several timeouts; the fetch still succeeds once it gets it.
func TestFetchTurnNotTimed(t *testing.T) {
	srv := fetchServer(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	c := NewClient(ClientOptions{PerHost: 1, Timeout: 100 * time.Millisecond, Retries: -1})
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	release, err := c.limit.acquire(context.Background(), hostKey(u)) // another fetch's turn
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := c.Fetch(context.Background(), Request{URL: srv.URL + "/next"})
		done <- err
	}()
	time.Sleep(500 * time.Millisecond) // several of the fetch's timeouts
	release()
	if err := <-done; err != nil {
		t.Errorf("fetch that waited for its turn: %v; want success (its timeout starts with its turn)", err)
	}
}
