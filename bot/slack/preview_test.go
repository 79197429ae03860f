package slack

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/news"
)

// TestPreviewIsWhatPostSends checks that Preview shows, byte for byte or
// field for field, the bodies Post sends, and sends nothing itself.
func TestPreviewIsWhatPostSends(t *testing.T) {
	d := shortBullets(60) // three messages
	t.Run("chat.postMessage", func(t *testing.T) {
		api, apiURL := webAPI(t)
		clock := newFakeClock()
		c := &Channel{Token: "xoxb-secret-token", Channel: "#news", APIURL: apiURL, PostOptions: PostOptions{Clock: clock, StampTime: true}}
		previews, err := c.Preview(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(api.Bodies()); n != 0 {
			t.Fatalf("Preview sent %d requests; want none", n)
		}
		if err := c.Post(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		posted := api.Bodies()
		if len(previews) != 3 || len(posted) != len(previews) {
			t.Fatalf("previewed %d bodies, posted %d; want 3 of each", len(previews), len(posted))
		}
		for i, p := range previews {
			if strings.Contains(string(p), "secret-token") {
				t.Errorf("preview %d shows the token", i)
			}
			var got map[string]any
			if err := json.Unmarshal(p, &got); err != nil {
				t.Fatalf("preview %d is not JSON: %v", i, err)
			}
			form, err := url.ParseQuery(string(posted[i]))
			if err != nil {
				t.Fatal(err)
			}
			var blocks any
			if err := json.Unmarshal([]byte(form.Get("blocks")), &blocks); err != nil {
				t.Fatal(err)
			}
			want := map[string]any{"channel": form.Get("channel"), "text": form.Get("text"), "blocks": blocks, "unfurl_links": form.Get("unfurl_links") == "true"}
			if form.Get("unfurl_links") == "" || len(form) != 5 { // and the token
				t.Errorf("posted form has fields %v; want the preview's and the token", form)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("preview %d =\n%s\nwant what was posted:\n%v", i, p, want)
			}
		}
	})
	t.Run("webhook", func(t *testing.T) {
		e := &endpoint{ok: "ok"}
		srv := httptest.NewServer(e)
		defer srv.Close()
		clock := newFakeClock()
		w := &Webhook{URL: srv.URL + "/services/T0/B0/SECRETPATH", PostOptions: PostOptions{Clock: clock, StampTime: true}}
		previews, err := w.Preview(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(e.Bodies()); n != 0 {
			t.Fatalf("Preview sent %d requests; want none", n)
		}
		if err := w.Post(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		posted := e.Bodies()
		if len(previews) != 3 || !reflect.DeepEqual(previews, posted) {
			t.Errorf("previewed\n%s\nposted\n%s", previews, posted)
		}
	})
	t.Run("refusals", func(t *testing.T) {
		for _, p := range []interface {
			Preview(context.Context, news.Digest) ([][]byte, error)
		}{&Channel{Channel: "#news"}, &Channel{Token: "xoxb-t"}, &Webhook{URL: "not a URL"}} {
			if _, err := p.Preview(context.Background(), d); err == nil {
				t.Errorf("%+v previews; want the error Post gives", p)
			}
		}
	})
}
