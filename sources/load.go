package sources

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources/feed"
	"github.com/digestbot/digestbot/sources/fetch"
	"github.com/digestbot/digestbot/sources/internal/lazyre"
	"github.com/digestbot/digestbot/sources/page"
)

// DefaultWorkers is the number of fetches Load runs at once when
// LoadOptions.Workers is zero.
const DefaultWorkers = 8

// Errors of Load, besides those of reading (page.ErrEmpty, page.ErrBinary, …) and
// fetching (feed.ErrNotFeed, fetch.ErrUnsupported, a *fetch.StatusError, …).
var (
	// ErrNoGetter is returned for a URL when LoadOptions.Getter is nil.
	ErrNoGetter = errors.New("fetching URLs is not enabled")
	// ErrLocalInput is returned for a path or "-" in untrusted input:
	// a chat user may name only http(s) URLs.
	ErrLocalInput = errors.New("only http(s) URLs are read for untrusted input")
	// ErrPageBudget is returned for a fetch beyond LoadOptions.MaxPages.
	ErrPageBudget = errors.New("too many pages for one request")
)

// ValidatorStore keeps the conditional-GET validators of feeds between
// loads, keyed by the feed URL as given to Load (or as listed). Load calls
// it from several goroutines at once.
type ValidatorStore interface {
	// Get returns the validators last stored for url; ok is false when
	// there are none.
	Get(url string) (etag, lastModified string, ok bool)
	// Put stores the validators a feed was last answered with (either
	// may be empty).
	Put(url, etag, lastModified string)
}

// LoadOptions configure Load. The zero value reads local inputs only.
type LoadOptions struct {
	// Getter fetches URLs; nil refuses every URL with ErrNoGetter (and
	// leaves feed teasers in local feed files as they are).
	Getter fetch.Getter
	// Stdin is read for the input "-"; nil refuses it.
	Stdin io.Reader
	// Untrusted marks inputs that a chat user supplied: paths and "-"
	// are refused with ErrLocalInput, and every fetch (feed items'
	// pages included) is made with fetch.Request.Untrusted, so that only
	// public addresses are reached.
	Untrusted bool
	// FeedsOnly makes every input a feed: a page is not read as an
	// article but fails with feed.ErrNotFeed, unless it links to its feed
	// (<link rel="alternate" type="application/rss+xml">), which is read
	// instead. Scheduled briefs set it, so that a consent wall or an
	// error page served in place of a feed never becomes an article.
	FeedsOnly bool
	// Progress, when set, is called after each source is done (a file,
	// a URL, a feed with the pages of its items), never concurrently.
	Progress func(Progress)
	// Validators, when set, makes feed fetches conditional: a feed that
	// has not changed since the last load answers 304 and yields no
	// articles and no error. Nil: every fetch is unconditional.
	Validators ValidatorStore
	// Workers is how many fetches run at once, over all sources and
	// feed items; 0 means DefaultWorkers. The fetch.Getter may limit each host
	// further.
	Workers int
	// MaxPages is the most fetches one Load makes — pages, feeds,
	// subscription lists and the pages of feed items alike, each with
	// the fetch.Getter's own redirects and retries; zero means no limit. A
	// fetch beyond it fails with ErrPageBudget; a feed item whose page is
	// not fetched for that keeps its teaser, and the feed reports once
	// how many did.
	MaxPages int
	// Window bounds the items read from each feed, before their pages
	// are fetched; Windows, where it names a feed (as it is given to
	// Load, or listed), replaces it for that feed, and where it names a
	// subscription list or a page, for the feeds found through it. The
	// zero Window reads
	// every item. Items left out are counted in the feed's FeedReport,
	// not reported as errors.
	Window  Window
	Windows map[string]Window
	// Now tells the time that windows are measured from; nil means
	// time.Now.
	Now func() time.Time
	// Report, when set, is called once for each feed that was parsed,
	// with what became of its items; never concurrently with itself,
	// Progress or Fetches.
	Report func(FeedReport)
	// Fetches, when set, is called when a fetch begins and when it ends
	// (feeds, pages, lists and the pages of feed items alike), never
	// concurrently: what a terminal shows while a source takes long.
	Fetches func(Fetches)
	// MaxText is how many bytes of each article's text Load keeps, its
	// head as news.Head cuts it; zero keeps all of it. A digest reads no
	// more of an article than its first 256 KB
	// (summarize.DefaultArticleBytes): a Load that keeps no more holds a
	// few MB of text rather than, for thirty 5 MB pages, 150 MB.
	MaxText int
}

// hostTurner is a fetch.Getter that limits its fetches in flight per host, as
// fetch.Client does: Load takes a fetch's turn at its host before it takes one
// of its Workers (see fetch.Client.HostTurn).
type hostTurner interface {
	HostTurn(ctx context.Context, rawURL string) (context.Context, func(), error)
}

var _ hostTurner = (*fetch.Client)(nil)

// Progress counts the sources of a Load: Done of Total are finished, and
// Failed of those yielded nothing. Total grows when a remote subscription
// list is expanded.
type Progress struct{ Done, Failed, Total int }

// Fetches counts the fetches of a Load: Begun have started, Done of them
// have ended, and Failed of those ended in an error.
type Fetches struct{ Begun, Done, Failed int }

// Load reads every input and returns the articles they hold, in input
// order, and one error per failure; one failing source never stops the
// others. An input is:
//   - "-": standard input (LoadOptions.Stdin);
//   - an http(s) URL: fetched, and read by its content, not its name or
//     Content-Type: a feed (RSS 2.0, RSS 1.0, Atom, JSON Feed) gives its
//     items, an HTML page its article, plain text an article; a PDF, an
//     image or other binary content fails with fetch.ErrUnsupported or
//     page.ErrBinary;
//   - a file: a feed file gives its items, any other file is read as
//     ReadPaths reads it;
//   - a directory: each of its regular, non-hidden files, in name order;
//   - a subscription list, as a file, standard input or a URL: an OPML
//     file, or a text file of http(s) URLs, one per line, with blank
//     lines and "#" comments; each URL is loaded as if it were an input
//     (a list inside a list is not expanded).
//
// A feed item whose text is a teaser (under 80 words, or a description
// with no content) is completed from its page, fetched concurrently and
// reduced like any page; when that fails, the teaser is kept with
// Article.Teaser set, and the error, which names the page, says so:
// "fetch https://…: HTTP 404 (kept the feed's teaser)".
//
// Errors name their source: "read notes.txt: empty file", "fetch
// https://…: HTTP 503", "parse feed https://…: not a feed (text/html)",
// "extract https://…: unsupported content (application/pdf)", "extract
// https://…: no article text". When ctx ends, Load returns what it has
// gathered, with an error for each source it could not finish.
//
// Load does not deduplicate: pass its articles to dedupe.Dedupe.
func Load(ctx context.Context, inputs []string, opts LoadOptions) ([]news.Article, []error) {
	if opts.Workers <= 0 {
		opts.Workers = DefaultWorkers
	}
	l := &loader{ctx: ctx, opts: opts, sem: make(chan struct{}, opts.Workers)}
	srcs := l.gather(inputs)
	l.prog.Total = len(srcs)
	outs := make([]outcome, len(srcs))
	l.each(len(srcs), func(i int) {
		outs[i] = l.run(srcs[i])
		l.report(outs[i].failed)
	})
	var (
		arts []news.Article
		errs []error
	)
	for _, o := range outs {
		arts = append(arts, o.arts...)
		errs = append(errs, o.errs...)
	}
	return arts, errs
}

// source is one input to load.
type source struct {
	name   string // how errors name it: a path, StdinName or a URL
	url    string // the URL to fetch; "" for local input
	listed bool   // the URL comes from a subscription list
	data   []byte // a local input's bytes
	err    error  // a failure found while gathering: nothing to load
}

// outcome is what loading a source gave.
type outcome struct {
	arts   []news.Article
	errs   []error
	failed bool // the source yielded nothing because of errs
}

// failure is the outcome of a source that failed with err.
func failure(err error) outcome { return outcome{errs: []error{err}, failed: true} }

// hop says what a fetched body may turn into besides a feed or a page.
type hop struct {
	lists    bool // a subscription list is expanded
	discover bool // under FeedsOnly, a page's feed link is followed
}

// loader is the state of one Load.
type loader struct {
	ctx    context.Context
	opts   LoadOptions
	sem    chan struct{} // one token per fetch in flight
	budget atomic.Int64  // fetches begun, for MaxPages

	mu        sync.Mutex
	prog      Progress
	fetches   Fetches
	inherited map[string]Window         // windows of feeds found through a list or a page
	held      map[*fetch.Response]int64 // bytes of fetched bodies that the gate counts, until letGo
}

// inherit gives the feed at url the window of the input it was found
// through — a subscription list, a page that links its feed — unless
// Windows names it: a list's window is its feeds'.
func (l *loader) inherit(url, from string) {
	if _, own := l.opts.Windows[url]; own {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.opts.Windows[from]
	if !ok {
		w, ok = l.inherited[from]
	}
	if !ok {
		return
	}
	if l.inherited == nil {
		l.inherited = make(map[string]Window)
	}
	if _, set := l.inherited[url]; !set {
		l.inherited[url] = w
	}
}

// fetchBegun counts a fetch that begins.
func (l *loader) fetchBegun() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fetches.Begun++
	notify(l.opts.Fetches, l.fetches)
}

// fetchDone counts a fetch that ended, failed or not.
func (l *loader) fetchDone(failed bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ended(&l.fetches.Done, &l.fetches.Failed, failed)
	notify(l.opts.Fetches, l.fetches)
}

// reportFeed passes a feed's report to the Report callback.
func (l *loader) reportFeed(r FeedReport) {
	if l.opts.Report == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.opts.Report(r)
}

// report counts a finished source and calls the Progress callback.
func (l *loader) report(failed bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ended(&l.prog.Done, &l.prog.Failed, failed)
	notify(l.opts.Progress, l.prog)
}

// ended counts one more in done, and in failed too when it failed.
func ended(done, failed *int, fail bool) {
	*done++
	if fail {
		*failed++
	}
}

// notify passes v to the callback f, if it is set.
func notify[T any](f func(T), v T) {
	if f != nil {
		f(v)
	}
}

// addTotal counts n more sources.
func (l *loader) addTotal(n int) {
	l.mu.Lock()
	l.prog.Total += n
	l.mu.Unlock()
}

// each calls fn(i) for every i below n on at most Workers goroutines, and
// returns when all calls have returned.
func (l *loader) each(n int, fn func(i int)) {
	if n == 1 {
		fn(0)
		return
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(n, l.opts.Workers) {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// parseTurn waits for its turn to read a document of n bytes, named
// name (see gate), and returns the release of the turn. It fails when the
// Load's context ends first.
func (l *loader) parseTurn(name string, n int) (release func(), err error) {
	release, err = documents.turn(l.ctx, n)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	return release, nil
}

// fetch fetches r with the fetch.Getter, holding one of the Workers tokens; it
// first waits while the gate holds too many fetched bytes, then for the
// turn of r's host when the fetch.Getter limits hosts (hostTurner). The body of a
// response it returns counts against the gate until letGo.
func (l *loader) fetch(r fetch.Request) (*fetch.Response, error) {
	if l.opts.Getter == nil {
		return nil, fmt.Errorf("fetch %s: %w", r.URL, ErrNoGetter)
	}
	if n := l.opts.MaxPages; n > 0 && l.budget.Add(1) > int64(n) {
		return nil, fmt.Errorf("fetch %s: %w (at most %d)", r.URL, ErrPageBudget, n)
	}
	if err := documents.admit(l.ctx); err != nil {
		return nil, fmt.Errorf("fetch %s: %w", r.URL, err)
	}
	ctx := l.ctx
	if ht, ok := l.opts.Getter.(hostTurner); ok {
		// The host's turn first: a fetch waiting for a busy host holds
		// none of the Workers, which fetch from other hosts meanwhile.
		turn, release, err := ht.HostTurn(ctx, r.URL)
		if err != nil {
			return nil, fmt.Errorf("fetch %s: %w", r.URL, err)
		}
		defer release()
		ctx = turn
	}
	select {
	case l.sem <- struct{}{}:
	case <-l.ctx.Done():
		return nil, fmt.Errorf("fetch %s: %w", r.URL, l.ctx.Err())
	}
	defer func() { <-l.sem }()
	if err := l.ctx.Err(); err != nil {
		return nil, fmt.Errorf("fetch %s: %w", r.URL, err)
	}
	l.fetchBegun()
	resp, err := l.opts.Getter.Fetch(ctx, r)
	l.fetchDone(err != nil)
	if err == nil && resp == nil {
		err = fmt.Errorf("fetch %s: no response", r.URL)
	}
	if err == nil {
		n := int64(len(resp.Body))
		l.mu.Lock()
		if l.held == nil {
			l.held = make(map[*fetch.Response]int64)
		}
		l.held[resp] += n
		l.mu.Unlock()
		documents.hold(n)
	}
	return resp, err
}

// letGo says that the loader is done with a fetched body: its bytes no
// longer count against the gate. Calling it again does nothing.
func (l *loader) letGo(resp *fetch.Response) {
	l.mu.Lock()
	n := l.held[resp]
	delete(l.held, resp)
	l.mu.Unlock()
	if n != 0 {
		documents.hold(-n)
	}
}

// reScheme matches the scheme of a URL-like input.
var reScheme = lazyre.New(`^[A-Za-z][A-Za-z0-9+.-]*://`)

// gather turns the inputs into sources: local inputs are read (a
// directory becomes its files) and subscription lists become their URLs.
func (l *loader) gather(inputs []string) []source {
	var srcs []source
	seen := make(map[string]bool) // URLs already listed
	addURL := func(u string, listed bool) {
		if !seen[u] {
			seen[u] = true
			srcs = append(srcs, source{name: u, url: u, listed: listed})
		}
	}
	addLocal := func(name string, data []byte, err error) {
		if err != nil {
			srcs = append(srcs, source{name: name, err: err})
			return
		}
		if urls, errs, ok := feed.SubscriptionList(name, data); ok {
			for _, u := range urls {
				l.inherit(u, name)
				addURL(u, true)
			}
			for _, err := range errs {
				srcs = append(srcs, source{name: name, err: err})
			}
			return
		}
		srcs = append(srcs, source{name: name, data: data})
	}
	for _, in := range inputs {
		in = strings.TrimSpace(in)
		name := displayName(in)
		switch {
		case l.ctx.Err() != nil:
			srcs = append(srcs, source{name: name, err: readError(name, l.ctx.Err())})
		case strings.HasPrefix(strings.ToLower(in), "http://") || strings.HasPrefix(strings.ToLower(in), "https://"):
			addURL(in, false)
		case reScheme.MatchString(in):
			srcs = append(srcs, source{name: in, err: fmt.Errorf("fetch %s: %w", in, fetch.ErrNotHTTP)})
		case l.opts.Untrusted:
			srcs = append(srcs, source{name: name, err: fmt.Errorf("read %s: %w", name, ErrLocalInput)})
		case in == "-":
			if l.opts.Stdin == nil {
				addLocal(StdinName, nil, readError(StdinName, os.ErrInvalid))
				continue
			}
			data, err := readLimited(StdinName, l.opts.Stdin)
			addLocal(StdinName, data, err)
		default:
			fi, err := os.Stat(in)
			if err != nil {
				addLocal(name, nil, readError(name, err))
				continue
			}
			if !fi.IsDir() {
				data, err := readLocal(in)
				addLocal(in, data, err)
				continue
			}
			dir := displayName(in + "/")
			files, err := dirFiles(in)
			if err != nil {
				addLocal(dir, nil, readError(dir, err))
				continue
			}
			if len(files) == 0 {
				addLocal(dir, nil, fmt.Errorf("read %s: %w", dir, page.ErrNoArticles))
				continue
			}
			for _, f := range files {
				data, err := readLocal(f)
				addLocal(f, data, err)
			}
		}
	}
	return srcs
}

// readLocal reads a file of at most page.MaxFileSize bytes.
func readLocal(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, readError(path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, readError(path, err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("read %s: %w", path, ErrIsDir)
	}
	if fi.Mode().IsRegular() && fi.Size() > page.MaxFileSize {
		return nil, fmt.Errorf("read %s: %w", path, page.ErrTooLarge)
	}
	return readLimited(path, f)
}

// readLimited reads at most page.MaxFileSize bytes from r.
func readLimited(name string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, page.MaxFileSize+1))
	if err != nil {
		return nil, readError(name, err)
	}
	if len(data) > page.MaxFileSize {
		return nil, fmt.Errorf("read %s: %w", name, page.ErrTooLarge)
	}
	return data, nil
}

// run loads one source.
func (l *loader) run(s source) outcome {
	switch {
	case s.err != nil:
		return failure(s.err)
	case s.url != "":
		if err := l.ctx.Err(); err != nil {
			return failure(fmt.Errorf("fetch %s: %w", s.url, err))
		}
		return l.loadURL(s.url, hop{lists: !s.listed, discover: true})
	}
	if err := l.ctx.Err(); err != nil {
		return failure(readError(s.name, err))
	}
	release, err := l.parseTurn(s.name, len(s.data))
	if err != nil {
		return failure(err)
	}
	end := sync.OnceFunc(release)
	defer end()
	if f := feed.Detect(s.data, feed.Root(s.data)); f != feed.NotFeed {
		return l.feed(s.name, "", s.data, "", f, end)
	}
	if l.opts.FeedsOnly {
		mt := "text/plain"
		if page.LooksLikeHTML(s.data) {
			mt = "text/html"
		}
		return failure(fmt.Errorf("parse feed %s: %w (%s)", s.name, feed.ErrNotFeed, mt))
	}
	a, err := page.Parse(s.name, s.data)
	if err != nil {
		return failure(err)
	}
	return outcome{arts: []news.Article{l.cut(a)}}
}

// cut returns a with the head of its text that MaxText allows, copied, so
// that the rest of the text is not kept with it.
func (l *loader) cut(a news.Article) news.Article {
	if l.opts.MaxText > 0 && len(a.Text) > l.opts.MaxText {
		a.Text = strings.Clone(news.Head(a.Text, l.opts.MaxText))
	}
	return a
}

// loadURL fetches a URL and reads what it holds.
func (l *loader) loadURL(u string, h hop) outcome {
	req := fetch.Request{URL: u, Untrusted: l.opts.Untrusted}
	if l.opts.Validators != nil {
		if etag, lm, ok := l.opts.Validators.Get(u); ok {
			req.ETag, req.LastModified = etag, lm
		}
	}
	resp, err := l.fetch(req)
	if err != nil {
		return failure(err)
	}
	defer l.letGo(resp)
	if resp.NotModified {
		return outcome{}
	}
	return l.body(u, resp, h)
}

// body reads a fetched body by its content: a feed, a subscription list,
// a page or plain text.
//
// Reading a body takes memory in proportion to its size, so it waits for
// its turn (see gate); the turn ends, and the body is let go, before
// anything that fetches more: a feed's items, a list's URLs, a page's
// feed.
func (l *loader) body(u string, resp *fetch.Response, h hop) outcome {
	release, err := l.parseTurn(u, len(resp.Body))
	if err != nil {
		return failure(err)
	}
	end := sync.OnceFunc(func() {
		release()
		l.letGo(resp)
	})
	defer end()
	data := resp.Body
	final := resp.URL
	if final == "" {
		final = u
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return failure(fmt.Errorf("extract %s: %w", u, page.ErrEmpty))
	}
	root := feed.Root(data)
	if f := feed.Detect(data, root); f != feed.NotFeed {
		out := l.feed(u, final, data, resp.ContentType, f, end)
		if !out.failed && l.opts.Validators != nil {
			l.opts.Validators.Put(u, resp.ETag, resp.LastModified)
		}
		return out
	}
	if urls, errs, ok := feed.SubscriptionList(u, data); ok {
		if !h.lists {
			return failure(fmt.Errorf("read %s: %w (a subscription list inside a subscription list)", u, fetch.ErrUnsupported))
		}
		end()
		for _, listed := range urls {
			l.inherit(listed, u)
		}
		return l.list(urls, errs)
	}
	text, err := page.DecodeBody(u, data, resp.ContentType)
	if err != nil {
		return failure(err)
	}
	isHTML := root == "html" || page.LooksLikeHTML([]byte(text))
	if l.opts.FeedsOnly {
		mt := mediaType(resp.ContentType, data)
		if isHTML {
			mt = "text/html"
			if feedURL := page.FeedLink(text, final); feedURL != "" && h.discover {
				end()
				l.inherit(feedURL, u)
				return l.loadURL(feedURL, hop{})
			}
		}
		return failure(fmt.Errorf("parse feed %s: %w (%s)", u, feed.ErrNotFeed, mt))
	}
	if isHTML {
		a, err := page.Fetched(u, final, text, resp.Language)
		if err != nil {
			return failure(err)
		}
		if a.Outlet == "" {
			a.Outlet = fetch.SiteHost(final)
		}
		return outcome{arts: []news.Article{l.cut(a)}}
	}
	switch {
	case root != "":
		return failure(fmt.Errorf("extract %s: %w (application/xml)", u, fetch.ErrUnsupported))
	case isJSON(data):
		return failure(fmt.Errorf("extract %s: %w (application/json)", u, fetch.ErrUnsupported))
	}
	a, err := page.ParseDeclared(u, []byte(text), resp.Language)
	if err != nil {
		return failure(fmt.Errorf("extract %s: %w", u, errors.Unwrap(err)))
	}
	a.ID, a.URL = fetch.CanonicalOr(final), fetch.CleanLink(final)
	if a.Outlet == "" {
		a.Outlet = fetch.SiteHost(final)
	}
	return outcome{arts: []news.Article{l.cut(a)}}
}

// list loads the URLs of a remote subscription list as sources of their
// own.
func (l *loader) list(urls []string, errs []error) outcome {
	l.addTotal(len(urls))
	outs := make([]outcome, len(urls))
	l.each(len(urls), func(i int) {
		if err := l.ctx.Err(); err != nil {
			outs[i] = failure(fmt.Errorf("fetch %s: %w", urls[i], err))
		} else {
			outs[i] = l.loadURL(urls[i], hop{discover: true})
		}
		l.report(outs[i].failed)
	})
	out := outcome{errs: errs}
	for _, o := range outs {
		out.arts = append(out.arts, o.arts...)
		out.errs = append(out.errs, o.errs...)
	}
	return out
}

// feed reads a feed's items and completes teasers from their pages.
// feedURL names the feed; base is the URL it was read from ("" for a
// file). parsed is called once the feed is parsed, before its items'
// pages are fetched: it ends the feed's turn to be read.
func (l *loader) feed(feedURL, base string, data []byte, contentType string, f feed.Format, parsed func()) outcome {
	if f != feed.JSON {
		if err := page.CheckXMLDepth(data, page.MaxDepth); err != nil {
			return failure(fmt.Errorf("parse feed %s: %w", feedURL, err))
		}
	}
	doc, err := feed.ParseDoc(feed.UTF8(data, contentType), f)
	parsed()
	if err != nil {
		// The parser's message may quote the body's bytes.
		return failure(fmt.Errorf("parse feed %s: %s", feedURL, strings.ToValidUTF8(err.Error(), "\uFFFD")))
	}
	all := feed.Items(doc, feedURL, base)
	rep := FeedReport{Feed: feedURL, Window: l.windowFor(feedURL), Items: len(all)}
	for _, it := range all {
		if it.Art.Published.After(rep.Newest) {
			rep.Newest = it.Art.Published
		}
	}
	items, old, over := applyWindow(rep.Window, all, l.now())
	rep.Old, rep.Over = old, over
	arts := make([]news.Article, len(items))
	errs := make([]error, len(items))
	keep := make([]bool, len(items))
	var follow []int
	for i, it := range items {
		if it.Teaser && it.Link != "" && l.opts.Getter != nil {
			follow = append(follow, i)
			continue
		}
		if it.Art.Text != "" {
			page.DetectLanguage(&it.Art, it.Declared)
		}
		arts[i], keep[i] = l.cut(it.Art), it.Art.Text != ""
	}
	if len(follow) > 0 {
		l.each(len(follow), func(k int) {
			i := follow[k]
			arts[i], keep[i], errs[i] = l.followItem(items[i])
			arts[i] = l.cut(arts[i])
		})
	}
	var out outcome
	unfollowed := 0
	for i := range items {
		if keep[i] {
			out.arts = append(out.arts, arts[i])
		} else if items[i].Art.Title != "" && !errors.Is(errs[i], ErrPageBudget) {
			rep.TitleOnly++
		}
		switch {
		case errors.Is(errs[i], ErrPageBudget):
			unfollowed++
		case errs[i] != nil && !keep[i]:
			out.errs = append(out.errs, &ItemError{Feed: feedURL, Err: fmt.Errorf("%w (%w)", errs[i], ErrTitleOnly)})
		case errs[i] != nil:
			out.errs = append(out.errs, &ItemError{Feed: feedURL, Err: errs[i]})
		}
	}
	if unfollowed > 0 {
		out.errs = append(out.errs, &ItemError{Feed: feedURL, Err: fmt.Errorf("read %s: %w (at most %d): the pages of %d items were not fetched; their teasers stand in", feedURL, ErrPageBudget, l.opts.MaxPages, unfollowed)})
	}
	l.reportFeed(rep)
	return out
}

// followItem completes a teaser item from its page. It keeps the teaser
// when the page cannot be read or has less text, and reports whether there
// is an article to keep. The outlet the page names (in its metadata or
// text) replaces the feed's title or host, not the item's own <source>.
// The article's language is the page's when its text is the page's (the
// language the feed declares a hint after the page's own), else the
// teaser's.
func (l *loader) followItem(it feed.Item) (news.Article, bool, error) {
	a := it.Art
	resp, err := l.fetch(fetch.Request{URL: it.Link, Untrusted: l.opts.Untrusted})
	var pg news.Article
	if err == nil {
		defer l.letGo(resp)
		final := resp.URL
		if final == "" {
			final = it.Link
		}
		pg, err = l.itemPage(it.Link, final, resp, it.Declared)
	}
	if err != nil {
		if a.Text == "" {
			return a, false, err
		}
		a.Teaser = true
		page.DetectLanguage(&a, it.Declared)
		return a, true, fmt.Errorf("%w (kept the feed's teaser)", err)
	}
	if news.CountWords(pg.Text) >= news.CountWords(a.Text) {
		a.Text, a.Teaser, a.URL = pg.Text, false, pg.URL
		a.Language = pg.Language
	} else {
		page.DetectLanguage(&a, it.Declared)
	}
	if a.Title == "" {
		a.Title = pg.Title
	}
	switch {
	case it.OutletFrom == feed.OutletFromItem:
	case pg.Outlet != "":
		// The page names its publisher: an aggregator's or a section's
		// feed title does not.
		a.Outlet = pg.Outlet
	case it.OutletFrom == feed.OutletFromHost && fetch.SiteHost(pg.URL) != "":
		a.Outlet = fetch.SiteHost(pg.URL) // after redirects
	}
	if a.Published.IsZero() {
		a.Published = pg.Published
	}
	return a, a.Text != "", nil
}

// itemPage reads the page of a feed item; feedDeclared is the language
// the feed declares for it, a hint after the page's own and its server's.
func (l *loader) itemPage(link, final string, resp *fetch.Response, feedDeclared string) (news.Article, error) {
	if resp.NotModified || len(bytes.TrimSpace(resp.Body)) == 0 {
		return news.Article{}, fmt.Errorf("extract %s: %w", link, page.ErrEmpty)
	}
	release, err := l.parseTurn(link, len(resp.Body))
	if err != nil {
		return news.Article{}, err
	}
	defer release()
	text, err := page.DecodeBody(link, resp.Body, resp.ContentType)
	if err != nil {
		return news.Article{}, err
	}
	if feed.Root(resp.Body) != "html" && !page.LooksLikeHTML([]byte(text)) {
		return news.Article{}, fmt.Errorf("extract %s: %w (%s)", link, fetch.ErrUnsupported, mediaType(resp.ContentType, resp.Body))
	}
	return page.Fetched(link, final, text, page.DeclaredLanguage(resp.Language, feedDeclared))
}

// mediaType names the type of a body in errors: the Content-Type's media
// type, else the sniffed one.
func mediaType(contentType string, data []byte) string {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil && mt != "" {
		return mt
	}
	mt, _, _ := mime.ParseMediaType(http.DetectContentType(data))
	return mt
}

// isJSON reports whether data opens like a JSON object or array.
func isJSON(data []byte) bool {
	data = bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), " \t\r\n")
	return len(data) > 0 && (data[0] == '{' || data[0] == '[')
}
