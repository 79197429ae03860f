package discord

import (
	"context"
	"encoding/json"
	"log/slog"
	"reflect"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/news"
)

// TestPreviewIsWhatPostSends checks that Preview shows the bodies Post
// sends, and sends nothing itself.
func TestPreviewIsWhatPostSends(t *testing.T) {
	f := newFakeDiscord(t)
	d := longDigest(30) // several messages
	opts := PostOptions{Pacer: &Pacer{}, Retry: fastRetry, Logger: slog.New(slog.DiscardHandler), Clock: fixedClock{at: testNow}}
	posters := []struct {
		name  string
		route string
		p     interface {
			Post(context.Context, news.Digest) error
			Preview(context.Context, news.Digest) ([][]byte, error)
		}
	}{
		{"channel", routeChannel, &Channel{Token: fakeBotToken, ChannelID: "123456789012345678", APIURL: f.apiURL(), PostOptions: opts}},
		{"webhook", routeWebhook, &Webhook{URL: "https://discord.com/api/webhooks/" + fakeWebhookID + "/" + fakeWebhookToken, APIURL: f.apiURL(), Username: "digestbot", PostOptions: opts}},
	}
	for _, tc := range posters {
		t.Run(tc.name, func(t *testing.T) {
			// The same idempotency key gives the channel's messages the
			// same nonces in the preview and the post.
			ctx := WithIdempotencyKey(t.Context(), "delivery-1")
			before := len(f.requests(""))
			previews, err := tc.p.Preview(ctx, d)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(f.requests("")) - before; n != 0 {
				t.Fatalf("Preview sent %d requests; want none", n)
			}
			if err := tc.p.Post(ctx, d); err != nil {
				t.Fatal(err)
			}
			posted := f.requests(tc.route)
			if len(previews) < 2 || len(posted) != len(previews) {
				t.Fatalf("previewed %d bodies, posted %d; want the same, several", len(previews), len(posted))
			}
			for i, p := range previews {
				for _, secret := range []string{fakeBotToken, fakeWebhookToken} {
					if strings.Contains(string(p), secret) {
						t.Errorf("preview %d shows a secret", i)
					}
				}
				var got map[string]any
				if err := json.Unmarshal(p, &got); err != nil {
					t.Fatalf("preview %d is not JSON: %v", i, err)
				}
				if !reflect.DeepEqual(got, posted[i].Body) {
					t.Errorf("preview %d =\n%s\nwant what was posted:\n%v", i, p, posted[i].Body)
				}
			}
		})
	}
	for _, p := range []interface {
		Preview(context.Context, news.Digest) ([][]byte, error)
	}{&Channel{ChannelID: "123456789012345678"}, &Channel{Token: "t", ChannelID: "general"}, &Webhook{URL: "https://discord.com/api/channels/1"}} {
		if _, err := p.Preview(t.Context(), d); err == nil {
			t.Errorf("%+v previews; want the error Post gives", p)
		}
	}
}
