package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestCommandsGiveUpAtTheirTimeout: digest, post and brief run under
// --timeout: against a site that never answers they stop and say why,
// rather than wait for it.
func TestCommandsGiveUpAtTheirTimeout(t *testing.T) {
	stall := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer stall.Close()
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("%s %s posted; want nothing posted", r.Method, r.URL)
	}))
	defer hook.Close()
	for _, args := range [][]string{
		{"digest", "--timeout", "200ms", stall.URL + "/page"},
		{"post", "--timeout", "200ms", "--to", "slack-webhook:" + hook.URL + "/hook", stall.URL + "/page"},
		{"brief", "--timeout", "200ms", "--feeds", stall.URL + "/feed.rss"},
	} {
		code, _, errs := runCLI(t, "", args...)
		if code != 1 || !strings.Contains(errs, "context deadline exceeded") {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 naming the deadline", strings.Join(args, " "), code, errs)
		}
	}
}
