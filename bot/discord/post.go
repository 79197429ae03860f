package discord

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/digestbot/digestbot/bot/chat"
	"github.com/digestbot/digestbot/news"
)

// Channel posts digests to a Discord channel as a bot: POST
// /channels/{id}/messages with the bot token. It satisfies bot.Poster.
//
// Every message carries a random nonce with enforce_nonce set, and a retry
// resends the same nonce, so that Discord shows a message once even when an
// answer was lost and the post was retried.
type Channel struct {
	// Token is the bot token (DISCORD_BOT_TOKEN), with or without its
	// "Bot " prefix. It never appears in errors, logs or Name.
	Token string
	// ChannelID is the channel's ID (a snowflake).
	ChannelID string
	// APIURL is the REST API base (DISCORD_API_URL); empty means
	// DefaultAPIURL.
	APIURL string
	// HTTPClient sends the requests; nil means a client with a 30-second
	// timeout.
	HTTPClient *http.Client
	// Render adjusts the messages; a zero Render.Time means the time of
	// posting.
	Render RenderOptions
	// Pacer keeps posts within Discord's rate limits; nil means the
	// process-wide one.
	Pacer *Pacer
	// Retry says how failed requests are retried.
	Retry chat.Retry
	// Logger receives retries and refusals; nil means slog.Default().
	Logger *slog.Logger
	// Clock tells the time for Render.Time and waits between retries; nil
	// means the wall clock.
	Clock chat.Clock
}

// Name identifies the destination as "discord:CHANNEL_ID".
func (c *Channel) Name() string { return "discord:" + c.ChannelID }

// Post sends d to the channel, in as many messages as Messages makes, in
// order. It stops at the first message that fails.
func (c *Channel) Post(ctx context.Context, d news.Digest) error {
	return c.Send(ctx, Messages(d, renderAt(c.Render, c.Clock)))
}

// channelMessage is the body of a channel message create.
type channelMessage struct {
	Message
	Nonce        string `json:"nonce"`
	EnforceNonce bool   `json:"enforce_nonce"`
}

// Send posts msgs to the channel in order, each with its own nonce.
func (c *Channel) Send(ctx context.Context, msgs []Message) error {
	if strings.TrimSpace(c.Token) == "" {
		return errors.New("discord: no bot token (set DISCORD_BOT_TOKEN)")
	}
	if !snowflake().MatchString(c.ChannelID) {
		return fmt.Errorf("discord: channel ID %q is not a Discord ID", c.ChannelID)
	}
	cl := newClient(c.APIURL, c.HTTPClient, c.Pacer, c.Retry, c.Clock, c.Logger)
	cl.auth = botAuth(c.Token)
	cl.cred = credKey("bot:", cl.auth)
	cl.name = c.Name()
	key, _ := ctx.Value(nonceKey{}).(string)
	for i, m := range msgs {
		nonce := newNonce()
		if key != "" {
			nonce = deriveNonce(key, i)
		}
		r := request{
			method:  http.MethodPost,
			url:     cl.base + "/channels/" + c.ChannelID + "/messages",
			route:   "POST /channels/" + c.ChannelID + "/messages",
			bucket:  "channel:" + c.ChannelID,
			message: true,
			body:    channelMessage{Message: m, Nonce: nonce, EnforceNonce: true},
		}
		if err := cl.do(ctx, r); err != nil {
			return partial(i, len(msgs), err)
		}
	}
	return nil
}

// Webhook posts digests through a Discord webhook URL
// (https://discord.com/api/webhooks/{id}/{token}). It satisfies bot.Poster.
//
// Webhooks take no nonce: when an answer is lost to a network error or a
// 5xx and the post is retried, Discord may show the message twice. Use a
// Channel where that matters.
type Webhook struct {
	// URL is the webhook's URL, which holds its token; it never appears in
	// errors, logs or Name.
	URL string
	// APIURL, when set, replaces the scheme, host and API path of URL:
	// the webhook is executed at APIURL/webhooks/{id}/{token}. digestbot
	// sets it from DISCORD_API_URL.
	APIURL string
	// HTTPClient sends the requests; nil means a client with a 30-second
	// timeout.
	HTTPClient *http.Client
	// Username, when set, overrides the webhook's display name.
	Username string
	// Render adjusts the messages; a zero Render.Time means the time of
	// posting.
	Render RenderOptions
	// Pacer keeps posts within Discord's rate limits; nil means the
	// process-wide one.
	Pacer *Pacer
	// Retry says how failed requests are retried.
	Retry chat.Retry
	// Logger receives retries and refusals; nil means slog.Default().
	Logger *slog.Logger
	// Clock tells the time for Render.Time and waits between retries; nil
	// means the wall clock.
	Clock chat.Clock
}

// Name identifies the destination by host and webhook ID, with the path
// and token elided: "discord-webhook:discord.com/…/123".
func (w *Webhook) Name() string {
	host, id, _, err := parseWebhookURL(w.URL)
	if err != nil {
		return "discord-webhook:(invalid URL)"
	}
	return "discord-webhook:" + host + "/…/" + id
}

// Post sends d through the webhook, in as many messages as Messages
// makes, in order. It stops at the first message that fails.
func (w *Webhook) Post(ctx context.Context, d news.Digest) error {
	return w.Send(ctx, Messages(d, renderAt(w.Render, w.Clock)))
}

// webhookMessage is the body of a webhook execution.
type webhookMessage struct {
	Message
	Username string `json:"username,omitempty"`
}

// Send executes the webhook once per message, in order, with ?wait=true so
// that Discord answers with the message or its error.
func (w *Webhook) Send(ctx context.Context, msgs []Message) error {
	_, id, token, err := parseWebhookURL(w.URL)
	if err != nil {
		return err
	}
	target, err := url.Parse(strings.TrimSpace(w.URL))
	if err != nil {
		return errors.New("discord: invalid webhook URL")
	}
	if w.APIURL != "" {
		query := target.RawQuery
		if target, err = url.Parse(strings.TrimRight(w.APIURL, "/") + "/webhooks/" + id + "/" + url.PathEscape(token)); err != nil {
			return errors.New("discord: invalid API URL")
		}
		target.RawQuery = query
	}
	q := target.Query()
	q.Set("wait", "true")
	target.RawQuery = q.Encode()

	cl := newClient(w.APIURL, w.HTTPClient, w.Pacer, w.Retry, w.Clock, w.Logger)
	cl.cred = credKey("hook:", token)
	cl.name = w.Name()
	for i, m := range msgs {
		r := request{
			method:  http.MethodPost,
			url:     target.String(),
			route:   "POST /webhooks/" + id + "/…",
			bucket:  "webhook:" + id,
			message: true,
			body:    webhookMessage{Message: m, Username: w.Username},
		}
		if err := cl.do(ctx, r); err != nil {
			return partial(i, len(msgs), err)
		}
	}
	return nil
}

// parseWebhookURL returns the host, ID and token of a webhook URL
// https://HOST/api[/vN]/webhooks/{id}/{token}. Its errors never quote the
// URL.
func parseWebhookURL(raw string) (host, id, token string, err error) {
	u, perr := url.Parse(strings.TrimSpace(raw))
	if perr != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", "", "", errors.New("discord: webhook URL is not an http(s) URL")
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i := 0; i+2 < len(parts); i++ {
		if parts[i] == "webhooks" && snowflake().MatchString(parts[i+1]) && parts[i+2] != "" {
			return u.Host, parts[i+1], parts[i+2], nil
		}
	}
	return "", "", "", errors.New("discord: webhook URL does not end in /webhooks/{id}/{token}")
}

// partial names which message of several failed.
func partial(i, n int, err error) error {
	if n == 1 {
		return err
	}
	return fmt.Errorf("message %d of %d: %w", i+1, n, err)
}

// renderAt returns opts with its Time set to clock's now when it is zero.
func renderAt(opts RenderOptions, clock chat.Clock) RenderOptions {
	if opts.Time.IsZero() {
		opts.Time = chat.ClockOr(clock).Now()
	}
	return opts
}

// nonceKey carries an idempotency key in a context.
type nonceKey struct{}

// WithIdempotencyKey returns a context under which Channel posts derive
// their nonces from key instead of drawing them at random, so that a post
// sent again after a crash — by this process or another replica — carries
// the same nonces and Discord (enforce_nonce) shows it once. The bot's
// outbox passes each delivery's ID.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, nonceKey{}, key)
}

// deriveNonce returns the nonce of message i of the post keyed key: 25
// characters, Discord's maximum.
func deriveNonce(key string, i int) string {
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
	sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(i)))
	b := make([]byte, 25)
	for j := range b {
		b[j] = alphabet[int(sum[j])%len(alphabet)]
	}
	return string(b)
}

// newNonce returns a random message nonce: 25 characters, Discord's
// maximum.
func newNonce() string {
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, 25)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
