package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	stdlog "log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/bot"
	"github.com/digestbot/digestbot/bot/slack/slacktest"
	"github.com/digestbot/digestbot/internal/loopback"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/sources"
	"github.com/digestbot/digestbot/sources/fetch"
	"github.com/digestbot/digestbot/summarize"
)

// rawFragments are pieces of Go and network errors that a chat user must
// never be shown.
var rawFragments = []string{"dial", "lookup", "10.0.0.53", "tcp", "x509", "EOF", "address not allowed", "is loopback", "nothing to digest"}

// TestExplain makes /digest fail as real pages fail, on loopback servers
// read by the real client and pipeline, and checks the sentence the user
// is shown for each class of error.
func TestExplain(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/big":
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<p>"+strings.Repeat("Words of a long article. ", 200)+"</p>")
		case "/image":
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"))
		case "/slow":
			<-r.Context().Done()
		case "/forbidden":
			http.Error(w, "no", http.StatusForbidden)
		default:
			http.NotFound(w, r)
		}
	}))
	defer site.Close()
	tlsSite := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsSite.Config.ErrorLog = stdlog.New(io.Discard, "", 0) // the refused handshake
	tlsSite.StartTLS()
	defer tlsSite.Close()
	closed := "http://" + loopback.FreeAddr(t) + "/story"

	local := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	// Only /slow waits for the timeout: every other case answers at once,
	// and a TLS handshake under -race on a busy machine can take longer
	// than a short timeout.
	client := fetch.NewClient(fetch.ClientOptions{Allow: local, Retries: -1, MaxBytes: 1 << 10, Timeout: time.Minute})
	real := newPipeline(sources.LoadOptions{Getter: client}, summarize.Options{})
	impatient := newPipeline(sources.LoadOptions{Getter: fetch.NewClient(fetch.ClientOptions{Allow: local, Retries: -1, Timeout: 200 * time.Millisecond})}, summarize.Options{})
	guarded := newPipeline(sources.LoadOptions{Getter: fetch.NewClient(fetch.ClientOptions{Retries: -1})}, summarize.Options{})
	dnsFailure := bot.Pipeline{Summarizer: summarize.Stories{}, Fetcher: bot.FetchFunc(func(_ context.Context, urls []string, _ bot.Scope) ([]news.Article, []error) {
		// As the client reports a name that does not resolve.
		return nil, []error{fmt.Errorf("fetch %s: %w", urls[0], &net.OpError{Op: "dial", Net: "tcp",
			Err: &net.DNSError{Err: "no such host", Name: "news.invalid", Server: "10.0.0.53:53", IsNotFound: true}})}
	})}
	dnsDown := bot.Pipeline{Summarizer: summarize.Stories{}, Fetcher: bot.FetchFunc(func(_ context.Context, urls []string, _ bot.Scope) ([]news.Article, []error) {
		return nil, []error{fmt.Errorf("fetch %s: %w", urls[0], &net.OpError{Op: "dial", Net: "tcp",
			Err: &net.DNSError{Err: "server misbehaving", Name: "news.example", Server: "10.0.0.53:53", IsTemporary: true}})}
	})}

	tests := []struct {
		name string
		p    bot.Pipeline
		urls []string
		want string
	}{
		{"no such host", dnsFailure, []string{"https://news.invalid/a"}, "I could not find the site of https://news.invalid/a (no such host)."},
		{"resolver down", dnsDown, []string{"https://news.example/a"}, "I could not look up the site of https://news.example/a. Please try again later."},
		{"refused", real, []string{closed}, "The site of " + closed + " refused the connection."},
		{"timeout", impatient, []string{site.URL + "/slow"}, site.URL + "/slow did not answer in time."},
		{"too large", real, []string{site.URL + "/big"}, site.URL + "/big is too large to digest."},
		{"not an article", real, []string{site.URL + "/image"}, site.URL + "/image holds no article I can digest."},
		{"forbidden address", guarded, []string{site.URL + "/a"}, "I may not fetch " + site.URL + "/a: it leads to a private, reserved or internal address."},
		{"HTTP 404", real, []string{site.URL + "/gone"}, site.URL + "/gone answered HTTP 404 (not found)."},
		{"HTTP 403", real, []string{site.URL + "/forbidden"}, site.URL + "/forbidden answered HTTP 403 (forbidden)."},
		{"untrusted certificate", real, []string{tlsSite.URL + "/a"}, "The site of " + tlsSite.URL + "/a has a certificate I cannot trust."},
		{"several pages", real, []string{site.URL + "/gone", closed}, "None of those pages could be digested. " +
			site.URL + "/gone answered HTTP 404 (not found). The site of " + closed + " refused the connection."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			_, err := tc.p.DigestURLs(ctx, tc.urls)
			if err == nil {
				t.Fatal("DigestURLs succeeded; want an error")
			}
			got := bot.Explain(ctx, err, tc.urls, sources.Describe)
			var um interface{ UserMessage() string }
			if !errors.As(got, &um) {
				t.Fatalf("explain(%v) = %v; want an error with a UserMessage", err, got)
			}
			if msg := um.UserMessage(); msg != tc.want {
				t.Errorf("UserMessage() = %q; want %q\n(error: %v)", msg, tc.want, err)
			}
			for _, f := range rawFragments {
				if strings.Contains(um.UserMessage(), f) {
					t.Errorf("UserMessage() = %q shows %q", um.UserMessage(), f)
				}
			}
			if got.Error() != err.Error() || !errors.Is(got, bot.ErrNothingToDigest) {
				t.Errorf("explained error logs %q; want the detail %q, wrapped", got.Error(), err.Error())
			}
		})
	}

	// Topics: the pipeline's own words.
	_, err := real.DigestTopic(context.Background(), nil, []string{"flood"})
	var um interface{ UserMessage() string }
	if got := bot.Explain(context.Background(), err, nil, sources.Describe); !errors.As(got, &um) || um.UserMessage() != "No feeds are configured for topics; give page URLs instead." {
		t.Errorf("explain(%v) = %v; want the pipeline's sentence", err, got)
	}
	// The end of the command's time is left to the adapters.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := bot.Explain(ctx, context.Canceled, nil, sources.Describe); got != context.Canceled {
		t.Errorf("explain after the context ended = %v; want the error as it was", got)
	}
}

// TestSlashReplyPlainWords sends a signed /digest of a page on a loopback
// address to the Slack handler as serve and run build it: the reply says
// in plain words that the address is not allowed, without the raw error,
// and the log keeps the detail.
func TestSlashReplyPlainWords(t *testing.T) {
	replies := make(chan string, 2)
	responder := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		replies <- string(b)
	}))
	defer responder.Close()
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	c, err := bot.NewSlash(newPipeline(sources.LoadOptions{Getter: fetch.NewClient(fetch.ClientOptions{Retries: -1})}, summarize.Options{}), bot.SlashOptions{SlackSecret: "test-signing-secret", Describe: sources.Describe, HTTPClient: bot.ChatClient, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	c.Tune("127.0.0.1", 0, 0, log)
	page := responder.URL + "/story"
	form := slacktest.Command(page, responder.URL+"/reply")
	req := httptest.NewRequest(http.MethodPost, "/slack/commands", strings.NewReader(form))
	slacktest.Sign(req, "test-signing-secret", time.Now(), form)
	w := httptest.NewRecorder()
	c.Slack.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body.String())
	}
	c.Slack.Shutdown(context.Background())
	reply := <-replies
	if want := "I may not fetch " + page + ": it leads to a private, reserved or internal address."; !strings.Contains(reply, want) {
		t.Errorf("reply %s; want it to say %q", reply, want)
	}
	for _, f := range rawFragments {
		if strings.Contains(reply, f) {
			t.Errorf("reply %s shows %q", reply, f)
		}
	}
	if !strings.Contains(logs.String(), "127.0.0.1 is loopback") {
		t.Errorf("log %q; want the detail", logs.String())
	}
}
