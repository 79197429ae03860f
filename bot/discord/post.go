package discord

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

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
	// Evidence makes PostEvidence post a digest's evidence in reply to
	// it; unset, PostEvidence posts nothing.
	Evidence bool
	PostOptions
}

// PostOptions are the settings Channel and Webhook share.
type PostOptions struct {
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

// client returns a client of the REST API at apiURL with o's settings,
// naming the destination name in its logs.
func (o *PostOptions) client(apiURL, name string) *client {
	cl := newClient(apiURL, o.HTTPClient, o.Pacer, o.Retry, o.Clock, o.Logger)
	cl.name = name
	return cl
}

// messages renders d (see Messages) with o's render options, at the time
// of posting when they name none.
func (o *PostOptions) messages(d news.Digest) []Message {
	return Messages(d, renderAt(o.Render, o.Clock))
}

// Name identifies the destination as "discord:CHANNEL_ID".
func (c *Channel) Name() string { return "discord:" + c.ChannelID }

// Post sends d to the channel, in as many messages as Messages makes, in
// order. It stops at the first message that fails.
func (c *Channel) Post(ctx context.Context, d news.Digest) error {
	return c.Send(ctx, c.messages(d))
}

// channelMessage is the body of a channel message create.
type channelMessage struct {
	Message
	Nonce        string `json:"nonce"`
	EnforceNonce bool   `json:"enforce_nonce"`
	// MessageReference makes the message a reply.
	MessageReference *messageReference `json:"message_reference,omitempty"`
}

// messageReference is the message a reply answers. With FailIfNotExists
// false a reply to a message since deleted is sent as a plain message.
type messageReference struct {
	MessageID       string `json:"message_id"`
	ChannelID       string `json:"channel_id"`
	FailIfNotExists bool   `json:"fail_if_not_exists"`
}

// Send posts msgs to the channel in order, each with its own nonce.
func (c *Channel) Send(ctx context.Context, msgs []Message) error {
	_, err := c.send(ctx, msgs, "")
	return err
}

// PostRef sends d as Post does and returns the reference of its first
// message: "CHANNEL_ID/MESSAGE_ID", as Discord answers the create; Reply
// and MarkUpdated take it.
func (c *Channel) PostRef(ctx context.Context, d news.Digest) (string, error) {
	m, err := c.send(ctx, c.messages(d), "")
	return m.ref(), err
}

// Reply sends d as a reply to the message ref (a PostRef's): its first
// message carries a message_reference to it (fail_if_not_exists false:
// when the original is gone the update is sent as a plain message), and
// mentions none, the replied-to author included. It returns the reference
// of the reply's first message.
func (c *Channel) Reply(ctx context.Context, ref string, d news.Digest) (string, error) {
	return c.reply(ctx, ref, c.messages(d), "update")
}

// PostEvidence sends the evidence of d (EvidenceMessages, with the render
// options' color and the time of posting) as a reply to the message ref,
// the digest's first message (a PostRef's or Reply's), as Reply sends an
// update; a Discord reply answers a message, not a thread, so thread is
// not used. It sends nothing when Evidence is unset or d's bullets have
// no evidence. Under an idempotency key (WithIdempotencyKey) the key must
// be another than the digest's, or Discord takes the evidence for the
// digest's own messages.
func (c *Channel) PostEvidence(ctx context.Context, thread, ref string, d news.Digest) error {
	msgs := c.evidence(d)
	if len(msgs) == 0 {
		return nil
	}
	_, err := c.reply(ctx, ref, msgs, "sources")
	return err
}

// evidence returns the evidence messages of d that PostEvidence sends:
// none unless Evidence is set.
func (c *Channel) evidence(d news.Digest) []Message {
	if !c.Evidence {
		return nil
	}
	return EvidenceMessages(d, renderAt(c.Render, c.Clock))
}

// reply sends msgs, what names in a log, as a reply to the message ref
// (see Reply) and returns the reference of the first.
func (c *Channel) reply(ctx context.Context, ref string, msgs []Message, what string) (string, error) {
	channel, id, err := parseRef(ref)
	if err != nil {
		return "", err
	}
	if channel != c.ChannelID {
		return "", &RefError{Ref: ref, Why: "in channel " + channel + ", not this destination's " + c.ChannelID}
	}
	m, err := c.send(ctx, msgs, id)
	var apiErr *APIError
	if m.ID == "" && errors.As(err, &apiErr) && apiErr.Status == http.StatusForbidden && apiErr.Code == codeMissingPermissions {
		// A reply needs Read Message History besides Send Messages:
		// without it the message is still sent, as one of its own (the
		// refused create made nothing, so its nonce is free).
		chat.LoggerOr(c.Logger).Warn("discord: cannot reply without the Read Message History permission; sending the "+what+" as a message of its own",
			"destination", c.Name())
		m, err = c.send(ctx, msgs, "")
	}
	return m.ref(), err
}

// codeMissingPermissions is Discord's error code for a request the bot
// lacks a permission for.
const codeMissingPermissions = 50013

// MarkUpdated edits the message ref (a PostRef's), which showed original
// (PATCH /channels/{channel.id}/messages/{message.id}): its first message
// is shown again as posted, at the time the message ID tells, with a line
// above the embeds saying when the story was updated and that the update
// is in a reply below.
func (c *Channel) MarkUpdated(ctx context.Context, ref string, original news.Digest, at time.Time) error {
	channel, id, err := parseRef(ref)
	if err != nil {
		return err
	}
	cl, err := c.botClient()
	if err != nil {
		return err
	}
	return cl.do(ctx, request{
		method: http.MethodPatch,
		url:    cl.base + "/channels/" + channel + "/messages/" + id,
		route:  "PATCH /channels/" + channel + "/messages/" + id,
		bucket: "edit:channel:" + channel,
		body:   c.updated(original, id, at, "the new facts are in the reply below"),
	})
}

// Preview returns, without sending anything, the JSON body of each message
// create that Post would send for d under ctx, in order. A time of posting
// is the time of the preview, and a nonce not derived from an idempotency
// key (WithIdempotencyKey) is drawn for the preview.
func (c *Channel) Preview(ctx context.Context, d news.Digest) ([][]byte, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	return previews(ctx, c.messages(d), c.body(ctx, ""))
}

// body returns the body of message i of a post under ctx: m with its
// nonce, derived from ctx's idempotency key when it has one, else drawn at
// random, the first a reply to the message replyTo when it is set.
// Previews and posts are made by it alike.
func (c *Channel) body(ctx context.Context, replyTo string) func(i int, m Message) any {
	key, _ := ctx.Value(nonceKey{}).(string)
	return func(i int, m Message) any {
		nonce := newNonce()
		if key != "" {
			nonce = deriveNonce(key, i)
		}
		body := channelMessage{Message: m, Nonce: nonce, EnforceNonce: true}
		if i == 0 && replyTo != "" {
			body.MessageReference = &messageReference{MessageID: replyTo, ChannelID: c.ChannelID}
		}
		return body
	}
}

// botClient returns the client of the bot's calls, or what keeps it from
// making any.
func (c *Channel) botClient() (*client, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	cl := c.client(c.APIURL, c.Name())
	cl.auth = botAuth(c.Token)
	cl.cred = credKey("bot:", cl.auth)
	return cl, nil
}

// check reports what keeps c from posting, before any request.
func (c *Channel) check() error {
	if strings.TrimSpace(c.Token) == "" {
		return errors.New("discord: no bot token (set DISCORD_BOT_TOKEN)")
	}
	if !snowflake().MatchString(c.ChannelID) {
		return fmt.Errorf("discord: channel ID %q is not a Discord ID", c.ChannelID)
	}
	return nil
}

// send posts msgs to the channel in order, each with its own nonce, the
// first as a reply to the message replyTo when it is set, and returns
// where the first landed.
func (c *Channel) send(ctx context.Context, msgs []Message, replyTo string) (created, error) {
	cl, err := c.botClient()
	if err != nil {
		return created{}, err
	}
	r := request{
		method: http.MethodPost,
		url:    cl.base + "/channels/" + c.ChannelID + "/messages",
		route:  "POST /channels/" + c.ChannelID + "/messages",
		bucket: "channel:" + c.ChannelID,
	}
	return cl.postAll(ctx, r, msgs, c.body(ctx, replyTo))
}

// updated returns the first message of original, rendered as it was
// posted as message id, with a line above its embeds saying the story was
// updated at at and where the update is.
func (o *PostOptions) updated(original news.Digest, id string, at time.Time, where string) Message {
	r := o.Render
	if r.Time.IsZero() {
		r.Time = snowflakeTime(id)
	}
	note := fmt.Sprintf("Updated <t:%d:f>: %s.", at.Unix(), where)
	if c := strings.TrimSpace(r.Content); c != "" {
		note = c + "\n" + note
	}
	r.Content = note
	return Messages(original, r)[0]
}

// created is what the create of a message answers that a poster keeps:
// where the message is.
type created struct {
	ID        string `json:"id"`
	ChannelID string `json:"channel_id"`
}

// ref returns the reference of the message: "CHANNEL_ID/MESSAGE_ID".
func (m created) ref() string {
	if m.ID == "" {
		return ""
	}
	return m.ChannelID + "/" + m.ID
}

// RefError is a message reference that this poster cannot use: not one
// a poster of this package made, or of another channel. No retry can cure
// it.
type RefError struct {
	// Ref is the reference, Why what is wrong with it.
	Ref, Why string
}

// Error says why the reference cannot be used.
func (e *RefError) Error() string {
	return fmt.Sprintf("discord: message reference %q: %s", e.Ref, e.Why)
}

// Permanent reports true.
func (e *RefError) Permanent() bool { return true }

// parseRef reads a reference "CHANNEL_ID/MESSAGE_ID" of PostRef.
func parseRef(ref string) (channel, id string, err error) {
	channel, id, ok := strings.Cut(ref, "/")
	if !ok || !snowflake().MatchString(channel) || !snowflake().MatchString(id) {
		return "", "", &RefError{Ref: ref, Why: "not CHANNEL_ID/MESSAGE_ID"}
	}
	return channel, id, nil
}

// discordEpoch is the first millisecond of 2015, UTC, from which
// snowflakes count.
const discordEpoch = 1420070400000

// snowflakeTime returns the time a snowflake ID was made: its top 42 bits
// are milliseconds since discordEpoch.
func snowflakeTime(id string) time.Time {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.UnixMilli(int64(n>>22) + discordEpoch).UTC()
}

// PreviewReplyTo stands, in a preview, for the ID of the digest's first
// message, which is known only once it is posted.
const PreviewReplyTo = "(id of the digest's first message)"

// PreviewEvidence returns, without sending anything, the JSON body of
// each message create that PostEvidence would send for d once d is
// posted, in order, as Preview does; the message_reference's message_id,
// the ID of the digest's first message, is PreviewReplyTo. It returns
// none when Evidence is unset or d's bullets have no evidence.
func (c *Channel) PreviewEvidence(ctx context.Context, d news.Digest) ([][]byte, error) {
	msgs := c.evidence(d)
	if len(msgs) == 0 {
		return nil, nil
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return previews(ctx, msgs, c.body(ctx, PreviewReplyTo))
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
	// Username, when set, overrides the webhook's display name.
	Username string
	PostOptions
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
	return w.Send(ctx, w.messages(d))
}

// webhookMessage is the body of a webhook execution.
type webhookMessage struct {
	Message
	Username string `json:"username,omitempty"`
}

// body returns the body of a webhook execution that sends m: previews
// and posts are made by it alike.
func (w *Webhook) body(_ int, m Message) any {
	return webhookMessage{Message: m, Username: w.Username}
}

// Preview returns, without sending anything, the JSON body of each webhook
// execution that Post would send for d, in order. A time of posting is the
// time of the preview.
func (w *Webhook) Preview(ctx context.Context, d news.Digest) ([][]byte, error) {
	if _, _, _, err := parseWebhookURL(w.URL); err != nil {
		return nil, err
	}
	return previews(ctx, w.messages(d), w.body)
}

// previews encodes the body that body makes of each of msgs as JSON, as a
// request does (see client.do).
func previews(ctx context.Context, msgs []Message, body func(i int, m Message) any) ([][]byte, error) {
	var out [][]byte
	for i, m := range msgs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b, err := json.Marshal(body(i, m))
		if err != nil {
			return nil, fmt.Errorf("discord: encode message %d: %w", i+1, err)
		}
		out = append(out, b)
	}
	return out, nil
}

// Send executes the webhook once per message, in order, with ?wait=true so
// that Discord answers with the message or its error.
func (w *Webhook) Send(ctx context.Context, msgs []Message) error {
	_, err := w.send(ctx, msgs)
	return err
}

// PostRef sends d as Post does and returns the reference of its first
// message, "CHANNEL_ID/MESSAGE_ID", which MarkUpdated takes. A webhook
// cannot reply to a message (its execution takes no message_reference),
// so a Webhook is no Threader: an update is a message of its own.
func (w *Webhook) PostRef(ctx context.Context, d news.Digest) (string, error) {
	m, err := w.send(ctx, w.messages(d))
	return m.ref(), err
}

// MarkUpdated edits the message ref, which the webhook posted showing
// original (PATCH /webhooks/{id}/{token}/messages/{message.id}): its
// first message is shown again as posted with a line above its embeds
// saying when the story was updated and that the update is in a later
// message.
func (w *Webhook) MarkUpdated(ctx context.Context, ref string, original news.Digest, at time.Time) error {
	_, id, err := parseRef(ref)
	if err != nil {
		return err
	}
	target, hookID, token, err := w.target()
	if err != nil {
		return err
	}
	q := target.Query()
	q.Del("wait") // an edit takes only thread_id
	target.RawQuery = q.Encode()
	target.Path += "/messages/" + id
	target.RawPath = ""
	cl := w.client(w.APIURL, w.Name())
	cl.cred = credKey("hook:", token)
	return cl.do(ctx, request{
		method: http.MethodPatch,
		url:    target.String(),
		route:  "PATCH /webhooks/" + hookID + "/…/messages/" + id,
		bucket: "edit:webhook:" + hookID,
		body:   webhookEdit{Message: w.updated(original, id, at, "the new facts are in a later message")},
	})
}

// webhookEdit is the body of a webhook message edit, which takes no
// username.
type webhookEdit struct {
	Message
}

// target returns the URL at which the webhook is executed, with its ID and
// token.
func (w *Webhook) target() (target *url.URL, id, token string, err error) {
	_, id, token, err = parseWebhookURL(w.URL)
	if err != nil {
		return nil, "", "", err
	}
	target, err = url.Parse(strings.TrimSpace(w.URL))
	if err != nil {
		return nil, "", "", errors.New("discord: invalid webhook URL")
	}
	if w.APIURL != "" {
		query := target.RawQuery
		if target, err = url.Parse(strings.TrimRight(w.APIURL, "/") + "/webhooks/" + id + "/" + url.PathEscape(token)); err != nil {
			return nil, "", "", errors.New("discord: invalid API URL")
		}
		target.RawQuery = query
	}
	return target, id, token, nil
}

// send executes the webhook once per message, in order, and returns where
// the first landed.
func (w *Webhook) send(ctx context.Context, msgs []Message) (created, error) {
	target, id, token, err := w.target()
	if err != nil {
		return created{}, err
	}
	q := target.Query()
	q.Set("wait", "true")
	target.RawQuery = q.Encode()

	cl := w.client(w.APIURL, w.Name())
	cl.cred = credKey("hook:", token)
	r := request{
		method: http.MethodPost,
		url:    target.String(),
		route:  "POST /webhooks/" + id + "/…",
		bucket: "webhook:" + id,
	}
	return cl.postAll(ctx, r, msgs, w.body)
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

// postAll sends msgs in order as message creates r, each with the body
// that body makes of it, stopping at the first that fails; the error names
// which of several it was. It returns where the first message landed, as
// Discord's answer tells.
func (cl *client) postAll(ctx context.Context, r request, msgs []Message, body func(i int, m Message) any) (created, error) {
	r.message = true
	var first created
	for i, m := range msgs {
		r.body = body(i, m)
		r.out = nil
		if i == 0 {
			r.out = &first
		}
		if err := cl.do(ctx, r); err != nil {
			if len(msgs) == 1 {
				return first, err
			}
			return first, fmt.Errorf("message %d of %d: %w", i+1, len(msgs), err)
		}
	}
	return first, nil
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

// deriveNonce returns the nonce of message i of the post keyed key.
func deriveNonce(key string, i int) string {
	sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(i)))
	return nonceOf(sum[:])
}

// newNonce returns a random message nonce.
func newNonce() string {
	b := make([]byte, nonceLen)
	rand.Read(b)
	return nonceOf(b)
}

// nonceLen is the length of a nonce: Discord's maximum.
const nonceLen = 25

// nonceOf spells the first nonceLen bytes of b as a nonce, in digits and
// lower-case letters.
func nonceOf(b []byte) string {
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
	n := make([]byte, nonceLen)
	for i := range n {
		n[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(n)
}
