package faults

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/digestbot/digestbot/bot/slack/slacktest"
)

// The /digest tests: one chat command must not be able to exhaust the
// machine, whatever pages or feeds it names.

// signingSecret is the Slack signing secret the daemon is given.
const signingSecret = "faults-signing-secret-0123456789"

// maxPeakRSS is the most memory one /digest may take the daemon to (peak
// resident set, VmHWM).
const maxPeakRSS = 300 << 20

// site serves what chat users name: large article pages, deeply nested
// documents and a feed of teasers, on loopback, counting the requests.
type site struct {
	srv      *httptest.Server
	requests atomic.Int64
	pages    [][]byte // /page/{i}
	nested   []byte   // /nested/{i}.xml
	items    int      // the teaser feed's items (/teasers.rss, /item/{i})
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{}
	mux := http.NewServeMux()
	count := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			s.requests.Add(1)
			h(w, r)
		}
	}
	mux.HandleFunc("GET /page/{i}", count(func(w http.ResponseWriter, r *http.Request) {
		i, err := strconv.Atoi(r.PathValue("i"))
		if err != nil || i < 0 || i >= len(s.pages) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(s.pages[i])
	}))
	mux.HandleFunc("GET /nested/{name}", count(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/atom+xml")
		w.Write(s.nested)
	}))
	mux.HandleFunc("GET /teasers.rss", count(func(w http.ResponseWriter, r *http.Request) {
		writeRSS(w, "Teasers", s.srv.URL, s.items, func(i int) string {
			return fmt.Sprintf("<item><title>Council item %d</title><link>%s/item/%d</link><description>The council met.</description><guid>t%d</guid></item>\n", i, s.srv.URL, i, i)
		})
	}))
	mux.HandleFunc("GET /pages.rss", count(func(w http.ResponseWriter, r *http.Request) {
		writeRSS(w, "Reports", s.srv.URL, len(s.pages), func(i int) string {
			return fmt.Sprintf("<item><title>Report %d</title><link>%s/page/%d</link><description>A report.</description><guid>p%d</guid></item>\n", i, s.srv.URL, i, i)
		})
	}))
	mux.HandleFunc("GET /item/{i}", count(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><html><head><title>Council item %s</title></head><body><article><p>The council of Harwick approved item %s of its budget on Tuesday night after a long debate.</p><p>The vote was seven to two, and work on the river wall starts in the spring, the city engineer said.</p></article></body></html>", r.PathValue("i"), r.PathValue("i"))
	}))
	s.srv = serve(t, mux)
	return s
}

// writeRSS answers with an RSS feed titled title, linking to link, of n
// items, item(i) each.
func writeRSS(w http.ResponseWriter, title, link string, n int, item func(i int) string) {
	w.Header().Set("Content-Type", "application/rss+xml")
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><link>%s</link>`, title, link)
	for i := range n {
		b.WriteString(item(i))
	}
	b.WriteString("</channel></rss>")
	io.WriteString(w, b.String())
}

// largePage returns an HTML article page of about n bytes of distinct
// sentences: an ordinary page, only long. Its words are drawn by Zipf's
// law from a vocabulary of 20,000, as a language's are.
func largePage(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	zipf := rand.NewZipf(r, 1.1, 4, 20000-1)
	syl := []string{"ka", "lo", "mi", "ra", "te", "su", "vo", "ne", "di", "pa", "ro", "ge", "fa", "bu", "li", "tho"}
	fill := []string{"the", "of", "and", "to", "in", "a", "on", "for", "with", "was", "that", "by", "from"}
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html><html><head><title>A long report %d</title></head><body><article><h1>A long report %d</h1>\n", seed, seed)
	for b.Len() < n {
		b.WriteString("<p>")
		for range 5 {
			words := 10 + r.IntN(15)
			for k := range words {
				var w string
				if k > 0 && r.IntN(5) < 2 {
					w = fill[r.IntN(len(fill))]
				} else {
					for i := zipf.Uint64() + 4096; i > 0; i /= 16 {
						w += syl[i%16]
					}
				}
				if k == 0 {
					w = strings.ToUpper(w[:1]) + w[1:]
				}
				b.WriteString(w)
				if k < words-1 {
					b.WriteByte(' ')
				}
			}
			b.WriteString(". ")
		}
		b.WriteString("</p>\n")
	}
	b.WriteString("</article></body></html>\n")
	return []byte(b.String())
}

// nestedFeed returns an Atom feed of about n bytes whose one entry holds
// elements nested n/7 deep.
func nestedFeed(n int) []byte {
	head := `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>x</title>`
	tail := `</entry></feed>`
	k := (n - len(head) - len(tail)) / 7
	return []byte(head + strings.Repeat("<x>", k) + strings.Repeat("</x>", k) + tail)
}

// responder is a command's response_url: it keeps what the daemon posts.
type responder struct {
	srv     *httptest.Server
	mu      sync.Mutex
	replies []string
}

func newResponder(t *testing.T) *responder {
	r := &responder{}
	r.srv = serve(t, http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.replies = append(r.replies, string(body))
		r.mu.Unlock()
		io.WriteString(w, "ok")
	}))
	return r
}

func (r *responder) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.replies...)
}

// startServing starts the daemon with the Slack slash command on, allowed
// to fetch from loopback as a chat user's URLs, and returns it and its
// address.
func (w *world) startServing(t *testing.T) (*proc, string) {
	t.Helper()
	cfg := filepath.Join(w.dir, "digestbot.yaml")
	yaml := fmt.Sprintf("store: %s\nlisten: 127.0.0.1:0\nlog: {level: info, format: json}\nallowed_ranges: [127.0.0.1]\nfeeds:\n  local: [%s]\nslash:\n  feeds: [local]\n",
		filepath.Join(w.dir, "digestbot.db"), w.feed.url())
	if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	w.extraEnv = []string{"SLACK_SIGNING_SECRET=" + signingSecret, "SLACK_RESPONSE_HOSTS=127.0.0.1"}
	p := w.start("run", "--config", cfg)
	var addr string
	waitFor(t, 30*time.Second, "the daemon to serve HTTP", func() bool {
		if rec := p.logged("serving"); rec != nil {
			addr, _ = rec["addr"].(string)
			return true
		}
		return p.exited()
	})
	if p.exited() {
		t.Fatalf("the daemon exited %d:\n%s", p.cmd.ProcessState.ExitCode(), p.stderr.String())
	}
	return p, addr
}

// slashCommand sends /digest text to the daemon as Slack does, signed,
// with its reply going to responseURL, and checks the acknowledgement.
func slashCommand(t *testing.T, addr, text, responseURL string) {
	t.Helper()
	form := slacktest.Command(text, responseURL)
	req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/slack/commands", strings.NewReader(form))
	if err != nil {
		t.Fatal(err)
	}
	slacktest.Sign(req, signingSecret, time.Now(), form)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ack, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/digest %.80s…: %s %s; want 200", text, resp.Status, ack)
	}
}

// memory returns a field of /proc/PID/status in bytes: VmHWM is the peak
// resident set, VmRSS the current one.
func (p *proc) memory(t *testing.T, field string) int64 {
	t.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				t.Fatalf("/proc status %s: %v", field, err)
			}
			return kb << 10
		}
	}
	t.Fatalf("/proc/%d/status has no %s", p.cmd.Process.Pid, field)
	return 0
}

// wantMemoryReturned waits for the daemon's resident set to fall back
// under limit once its work is done.
func wantMemoryReturned(t *testing.T, p *proc, limit int64) {
	t.Helper()
	var rss int64
	waitFor(t, time.Minute, fmt.Sprintf("the daemon to return its memory (resident set under %d MB)", limit>>20), func() bool {
		rss = p.memory(t, "VmRSS")
		return rss < limit
	})
	t.Logf("resident set back to %d MB", rss>>20)
}

// TestDigestOfTenLargePages sends /digest with ten ordinary pages of
// 4.8 MB each (each under the 5 MB fetch cap): the daemon answers — a
// digest or a plain "too large" — within the command's timeout, its peak
// resident set stays under 300 MB, and it returns the memory afterwards.
// Then the same command again, and SIGTERM while it is being digested: the
// daemon stops, as the first signal promises.
func TestDigestOfTenLargePages(t *testing.T) {
	w := newWorld(t)
	s := newSite(t)
	var urls []string
	for i := range 10 {
		s.pages = append(s.pages, largePage(4_800_000, uint64(i+1)))
		urls = append(urls, fmt.Sprintf("%s/page/%d", s.srv.URL, i))
	}
	reply := newResponder(t)
	p, addr := w.startServing(t)
	base := p.memory(t, "VmRSS")

	slashCommand(t, addr, strings.Join(urls, " "), reply.srv.URL+"/reply")
	waitFor(t, 3*time.Minute, "the reply to /digest of ten 4.8 MB pages", func() bool { return len(reply.got()) > 0 })
	peak := p.memory(t, "VmHWM")
	t.Logf("resident set: %d MB at start, peak %d MB", base>>20, peak>>20)
	if peak > maxPeakRSS {
		t.Errorf("peak resident set %d MB; want under %d MB", peak>>20, maxPeakRSS>>20)
	}
	got := reply.got()[0]
	if !strings.Contains(got, `"blocks"`) && !strings.Contains(strings.ToLower(got), "too large") {
		t.Errorf("reply %.300s; want a digest or a plain \"too large\"", got)
	}
	if strings.Contains(got, "took too long") {
		t.Errorf("reply %.300s: the digest ran out of time", got)
	}
	wantMemoryReturned(t, p, base+64<<20)

	// SIGTERM while the next one is being made: the daemon stops.
	before := s.requests.Load()
	slashCommand(t, addr, strings.Join(urls, " "), reply.srv.URL+"/reply")
	waitFor(t, time.Minute, "the second command's first fetch", func() bool { return s.requests.Load() > before })
	p.signal(t, syscall.SIGTERM)
	if code := p.wait(t, time.Minute); code != 0 {
		t.Errorf("after SIGTERM the daemon exited %d; want 0:\n%s", code, p.stderr.String())
	}
	p.wantNoCrash(t)
}

// TestDigestOfAFeedOfLargePages sends /digest with one feed whose 29
// items are teasers of 4.9 MB pages: what the command's budget of 30
// pages lets through. The pages are fetched faster than they can be read,
// and each would be kept whole until the digest: the peak resident set
// stays under 300 MB all the same.
func TestDigestOfAFeedOfLargePages(t *testing.T) {
	w := newWorld(t)
	s := newSite(t)
	for i := range 29 {
		s.pages = append(s.pages, largePage(4_900_000, uint64(i+1)))
	}
	reply := newResponder(t)
	p, addr := w.startServing(t)
	base := p.memory(t, "VmRSS")
	slashCommand(t, addr, s.srv.URL+"/pages.rss", reply.srv.URL+"/reply")
	waitFor(t, 3*time.Minute, "the reply to /digest of a feed of 29 large pages", func() bool { return len(reply.got()) > 0 })
	peak := p.memory(t, "VmHWM")
	t.Logf("resident set: %d MB at start, peak %d MB; %d requests", base>>20, peak>>20, s.requests.Load())
	if peak > maxPeakRSS {
		t.Errorf("peak resident set %d MB; want under %d MB", peak>>20, maxPeakRSS>>20)
	}
	if got := reply.got()[0]; !strings.Contains(got, `"blocks"`) || strings.Contains(got, "took too long") {
		t.Errorf("reply %.300s; want a digest", got)
	}
	wantMemoryReturned(t, p, base+64<<20)
}

// TestDigestOfNestedDocuments sends four /digest commands of ten deeply
// nested 4.9 MB XML documents each: every document is refused before it
// is parsed, with an error naming it, the peak resident set stays under
// 300 MB, and the memory is returned.
func TestDigestOfNestedDocuments(t *testing.T) {
	w := newWorld(t)
	s := newSite(t)
	s.nested = nestedFeed(4_900_000)
	reply := newResponder(t)
	p, addr := w.startServing(t)
	base := p.memory(t, "VmRSS")
	for c := range 4 {
		var urls []string
		for i := range 10 {
			urls = append(urls, fmt.Sprintf("%s/nested/%d-%d.xml", s.srv.URL, c, i))
		}
		slashCommand(t, addr, strings.Join(urls, " "), reply.srv.URL+"/reply")
	}
	waitFor(t, 3*time.Minute, "the replies to four /digest commands", func() bool { return len(reply.got()) == 4 })
	peak := p.memory(t, "VmHWM")
	t.Logf("resident set: %d MB at start, peak %d MB", base>>20, peak>>20)
	if peak > maxPeakRSS {
		t.Errorf("peak resident set %d MB; want under %d MB", peak>>20, maxPeakRSS>>20)
	}
	if !strings.Contains(p.stderr.String(), "nested deeper than 512 levels") {
		t.Errorf("the log never says a document nests too deep:\n%.2000s", p.stderr.String())
	}
	wantMemoryReturned(t, p, base+64<<20)
}

// TestDigestOfATeaserFeed sends /digest with one feed of 1,000 teaser
// items: the command fetches at most its budget of pages, the feed
// included, and still answers.
func TestDigestOfATeaserFeed(t *testing.T) {
	w := newWorld(t)
	s := newSite(t)
	s.items = 1000
	reply := newResponder(t)
	_, addr := w.startServing(t)
	slashCommand(t, addr, s.srv.URL+"/teasers.rss", reply.srv.URL+"/reply")
	waitFor(t, 2*time.Minute, "the reply to /digest of a teaser feed", func() bool { return len(reply.got()) > 0 })
	const budget = 30 // bot.DefaultMaxPages, as the README documents it
	if n := s.requests.Load(); n > budget {
		t.Errorf("one /digest made %d requests; want at most %d", n, budget)
	}
	if got := reply.got()[0]; !strings.Contains(got, "council") {
		t.Errorf("reply %.300s; want a digest of the council items", got)
	}
}
