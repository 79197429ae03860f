package slack

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/digestbot/digestbot/bot/chat"
	"github.com/digestbot/digestbot/news"
)

// Error is an answer from Slack that refused a message.
type Error struct {
	// Op is what was called: "chat.postMessage", "webhook" or
	// "response_url".
	Op string
	// Status is the HTTP status of the answer.
	Status int
	// Code is Slack's error code ("invalid_auth", "channel_not_found",
	// "no_service"), or the HTTP status text when Slack gave none.
	Code string
	// Needed names the scopes Slack asked for, with missing_scope.
	Needed string
}

// Error returns "slack: chat.postMessage: invalid_auth", with the HTTP
// status when it is not 200.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("slack: ")
	b.WriteString(e.Op)
	b.WriteString(": ")
	if e.Status != http.StatusOK && e.Status != 0 {
		b.WriteString("HTTP ")
		b.WriteString(strconv.Itoa(e.Status))
		b.WriteString(" ")
	}
	b.WriteString(e.Code)
	if e.Needed != "" {
		b.WriteString(" (needed: ")
		b.WriteString(e.Needed)
		b.WriteString(")")
	}
	return b.String()
}

// Permanent reports whether no retry can cure e: Slack refused the
// message itself (a bad token, an unknown channel, a missing scope), not
// for a rate limit or an outage of its own.
func (e *Error) Permanent() bool {
	if e.Status == http.StatusTooManyRequests || e.Status >= 500 || e.Code == "ratelimited" || e.Code == "service_unavailable" {
		return false
	}
	return e.Status >= 400 || e.Code != ""
}

// ErrMaybePosted marks a failure after the message reached Slack, or may
// have: the request was sent but no clear answer came back. Slack has no
// idempotency key, so such a post is not retried, lest the digest show
// twice; errors.Is(err, ErrMaybePosted) tells a caller (an outbox) so.
var ErrMaybePosted = errors.New("the message may have been posted")

// maybePosted wraps an error that leaves the post in doubt.
type maybePosted struct{ err error }

func (e maybePosted) Error() string {
	return e.err.Error() + " (the message may have been posted; not retried)"
}

func (e maybePosted) Unwrap() []error { return []error{e.err, ErrMaybePosted} }

// Permanent reports true: a retry could post the message twice.
func (e maybePosted) Permanent() bool { return true }

// verdict is what to do after a failed attempt.
type verdict struct {
	retry bool
	// wait is how long Slack asked us to wait (Retry-After); zero means
	// backoff.
	wait time.Duration
}

// attempt is what one try of a post saw.
type attempt struct {
	status int         // HTTP status; zero when no answer came
	header http.Header // the answer's headers
	wrote  bool        // the whole request was written
	code   string      // Slack's error code, if it gave one
	needed string      // scopes needed, with missing_scope
	err    error       // the error of the call, if any
}

type traceKey struct{}

// traced returns ctx set up to record into a what the HTTP exchange does:
// whether the request was written (httptrace) and the answer's status and
// headers (observer, see observingTransport).
func traced(ctx context.Context, a *attempt) context.Context {
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(info httptrace.WroteRequestInfo) { a.wrote = info.Err == nil },
	})
	return context.WithValue(ctx, traceKey{}, a)
}

// observingTransport records each answer's status and headers in the
// attempt carried by the request's context, so that the status of a call
// through slack-go is known even when slack-go's error does not say it.
type observingTransport struct{ base http.RoundTripper }

func (t observingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if a, ok := req.Context().Value(traceKey{}).(*attempt); ok && resp != nil {
		a.status, a.header = resp.StatusCode, resp.Header.Clone()
	}
	return resp, err
}

// DefaultHTTPTimeout bounds one HTTP exchange of a client without its own
// Timeout.
const DefaultHTTPTimeout = 30 * time.Second

// observed returns a copy of c whose transport records answers, which
// never follows redirects (a post is answered where it is sent), and
// which times out after DefaultHTTPTimeout unless c sets a Timeout.
func observed(c *http.Client) *http.Client {
	if c == nil {
		c = http.DefaultClient
	}
	cp := *c
	if cp.Timeout == 0 {
		cp.Timeout = DefaultHTTPTimeout
	}
	base := cp.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	cp.Transport = observingTransport{base: base}
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cp
}

// retryableCodes are Slack error codes that mean the message was not
// posted and may be on a later try.
var retryableCodes = map[string]bool{
	"ratelimited":         true,
	"rate_limited":        true,
	"service_unavailable": true,
	"request_timeout":     true, // the POST data was missing or truncated
}

// uncertainCodes are Slack error codes after which part of the work may
// have been done (Slack's own words for both).
var uncertainCodes = map[string]bool{
	"internal_error": true,
	"fatal_error":    true,
}

// judge turns what an attempt saw into the error to report and whether to
// retry. Only failures that certainly did not post are retried.
func judge(op string, a *attempt, now time.Time) (verdict, error) {
	apiErr := &Error{Op: op, Status: a.status, Code: a.code, Needed: a.needed}
	if apiErr.Code == "" && a.status != 0 {
		apiErr.Code = strings.ToLower(http.StatusText(a.status))
	}
	switch {
	case a.status == http.StatusTooManyRequests:
		return verdict{retry: true, wait: retryAfter(a.header, now)}, apiErr
	case a.status >= 500:
		return verdict{retry: true}, apiErr
	case a.status != 0 && a.status != http.StatusOK:
		return verdict{}, apiErr // 4xx, 401 and 403 included: never retried
	case a.status == http.StatusOK && a.code != "":
		switch {
		case retryableCodes[a.code]:
			return verdict{retry: true}, apiErr
		case uncertainCodes[a.code]:
			return verdict{}, maybePosted{apiErr}
		}
		return verdict{}, apiErr
	case a.status == http.StatusOK:
		// Slack answered but the answer could not be read.
		return verdict{}, maybePosted{fmt.Errorf("slack: %s: %w", op, a.err)}
	}
	// No answer.
	err := fmt.Errorf("slack: %s: %w", op, a.err)
	var unknownCA x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case a.wrote:
		return verdict{}, maybePosted{err}
	case errors.Is(a.err, context.Canceled), errors.Is(a.err, context.DeadlineExceeded):
		return verdict{}, err // not sent, and no time left to send it
	case errors.As(a.err, &unknownCA), errors.As(a.err, &hostname), errors.As(a.err, &invalid):
		return verdict{}, err // not sent, and will not get better
	}
	return verdict{retry: true}, err // the request was never sent
}

// retryAfter returns the wait a 429 asks for, in seconds or as an HTTP
// date; at least one second.
func retryAfter(h http.Header, now time.Time) time.Duration {
	d := time.Second
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if s, err := strconv.Atoi(v); err == nil {
			d = time.Duration(s) * time.Second
		} else if t, err := http.ParseTime(v); err == nil {
			d = t.Sub(now)
		}
	}
	return max(d, time.Second)
}

// sender posts messages to one destination, pacing and retrying.
type sender struct {
	op     string
	key    string // the destination, for pacing
	retry  chat.Retry
	clock  chat.Clock
	pacer  *Pacer
	logger *slog.Logger
	name   string // the destination, for logs
}

// send tries one message until it is posted, fails for good, or runs out
// of attempts. try makes one attempt and fills in a.
func (s sender) send(ctx context.Context, try func(ctx context.Context, a *attempt)) error {
	loop := chat.Loop{
		Retry: s.retry,
		Clock: s.clock,
		GiveUp: func(err error, n int) error {
			return fmt.Errorf("%w (gave up after %d attempts)", err, n)
		},
		TooLong: func(err error, wait, longest time.Duration) error {
			return fmt.Errorf("%w (Retry-After %s is longer than %s)", err, wait, longest)
		},
		Pause: func(n int, v chat.Verdict, wait time.Duration) bool {
			if v.Wait > 0 {
				s.logger.Info("slack: rate limited", "destination", s.name, "retry_after_ms", wait.Milliseconds(), "attempt", n)
				s.pacer.Hold(s.key, s.clock.Now().Add(wait))
				return true
			}
			s.logger.Info("slack: retrying", "destination", s.name, "err", v.Err.Error(), "backoff_ms", wait.Milliseconds(), "attempt", n)
			return false
		},
	}
	return loop.Do(ctx, func(ctx context.Context, _ int) chat.Verdict {
		if err := s.pacer.Wait(ctx, s.key); err != nil {
			return chat.Verdict{Err: err}
		}
		var a attempt
		try(traced(ctx, &a), &a)
		if a.err == nil && a.code == "" {
			return chat.Verdict{}
		}
		v, err := judge(s.op, &a, s.clock.Now())
		return chat.Verdict{Err: err, Retry: v.retry && ctx.Err() == nil, Wait: v.wait}
	})
}

// sendAll posts msgs in order with send, stopping at the first failure;
// the error says how many went out before it.
func (s sender) sendAll(ctx context.Context, msgs []Message, try func(ctx context.Context, m Message, a *attempt)) error {
	for i, m := range msgs {
		err := s.send(ctx, func(ctx context.Context, a *attempt) { try(ctx, m, a) })
		if err == nil {
			continue
		}
		if len(msgs) == 1 {
			return err
		}
		return fmt.Errorf("message %d of %d (%d posted): %w", i+1, len(msgs), i, err)
	}
	return nil
}

// Channel posts digests to a Slack channel with a bot token, through
// chat.postMessage. Its fields must not change once it has posted.
type Channel struct {
	// Token is the bot token (xoxb-…), from SLACK_BOT_TOKEN; it needs the
	// chat:write scope, and the bot must be in the channel (or have
	// chat:write.public).
	Token string
	// Channel is the channel: an ID ("C0123ABCD") or a name ("#news").
	Channel string
	// APIURL is the Web API's base URL, from SLACK_API_URL; empty means
	// slack-go's ("https://slack.com/api/").
	APIURL string
	// Evidence makes PostEvidence post a digest's evidence in its thread;
	// unset, PostEvidence posts nothing.
	Evidence bool
	PostOptions

	once  sync.Once
	api   *slackapi.Client
	pacer *Pacer
}

// PostOptions are the settings Channel and Webhook share.
type PostOptions struct {
	// HTTPClient makes the calls; nil means http.DefaultClient. Redirects
	// are not followed, and a client without a Timeout gets
	// DefaultHTTPTimeout.
	HTTPClient *http.Client
	// Render adjusts rendering.
	Render RenderOptions
	// StampTime shows the time of posting in the footer when Render.Time
	// is zero.
	StampTime bool
	// Retry says how failed posts are retried.
	Retry chat.Retry
	// Pacer spaces posts to the destination; nil means one of the
	// poster's own. Share one between posters to the same channel.
	Pacer *Pacer
	// Clock tells the time and waits; nil means the wall clock.
	Clock chat.Clock
	// Logger receives retries; nil means slog.Default().
	Logger *slog.Logger
}

// pacerOr returns o.Pacer, or a new Pacer on o's clock when it is nil.
func (o *PostOptions) pacerOr() *Pacer {
	if o.Pacer != nil {
		return o.Pacer
	}
	return &Pacer{Clock: o.Clock}
}

// sender returns the sender of posts with o's settings to the
// destination key, named name in logs, paced by pacer.
func (o *PostOptions) sender(op, key, name string, pacer *Pacer) sender {
	return sender{op: op, key: key, retry: o.Retry, clock: chat.ClockOr(o.Clock), pacer: pacer, logger: chat.LoggerOr(o.Logger), name: name}
}

// messages renders d (see Messages) with o's render options and, when
// StampTime asks for it and they have none, the time of posting.
func (o *PostOptions) messages(d news.Digest) []Message {
	r := o.Render
	if o.StampTime && r.Time.IsZero() {
		r.Time = chat.ClockOr(o.Clock).Now()
	}
	return Messages(d, r)
}

// Name returns "slack:#news" or "slack:C0123ABCD"; never the token.
func (c *Channel) Name() string {
	ch := c.Channel
	if ch != "" && !strings.HasPrefix(ch, "#") && !isChannelID(ch) {
		ch = "#" + ch
	}
	return "slack:" + ch
}

// isChannelID reports whether s looks like a Slack conversation ID
// (C…, G…, D… in capitals and digits).
func isChannelID(s string) bool {
	if len(s) < 9 || !strings.ContainsRune("CGD", rune(s[0])) {
		return false
	}
	for _, r := range s {
		if !('A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

func (c *Channel) init() {
	c.once.Do(func() {
		api := c.APIURL
		if api == "" {
			api = slackapi.APIURL
		}
		if !strings.HasSuffix(api, "/") {
			api += "/"
		}
		c.api = slackapi.New(c.Token, slackapi.OptionAPIURL(api), slackapi.OptionHTTPClient(observed(c.HTTPClient)))
		c.pacer = c.pacerOr()
	})
}

// Post renders d (see Messages) and posts its messages in order.
func (c *Channel) Post(ctx context.Context, d news.Digest) error {
	return c.PostMessages(ctx, c.messages(d))
}

// PostMessages posts msgs in order, such as those of BriefMessages. It
// stops at the first message that fails; the error says how many were
// posted.
func (c *Channel) PostMessages(ctx context.Context, msgs []Message) error {
	_, err := c.postAll(ctx, c.Channel, "", msgs)
	return err
}

// PostRef renders d (see Messages), posts its messages in order, and
// returns the reference of the first: "CHANNEL_ID/TS", the channel's ID
// and the message's timestamp as chat.postMessage answers them, which
// Reply and MarkUpdated take.
func (c *Channel) PostRef(ctx context.Context, d news.Digest) (string, error) {
	return c.postAll(ctx, c.Channel, "", c.messages(d))
}

// Reply renders d and posts its messages in the thread of the message
// ref (a PostRef's), with chat.postMessage's thread_ts: as replies that
// only the thread shows (reply_broadcast is not set), so that an update
// does not post the story in the channel a second time; MarkUpdated tells
// the channel. It returns the reference of the first reply.
func (c *Channel) Reply(ctx context.Context, ref string, d news.Digest) (string, error) {
	channel, ts, err := parseRef(ref)
	if err != nil {
		return "", err
	}
	return c.postAll(ctx, channel, ts, c.messages(d))
}

// PostEvidence posts the evidence of d (EvidenceMessages) in the thread of
// the message thread (a PostRef's), with chat.postMessage's thread_ts, as
// replies that only the thread shows (reply_broadcast is not set): the
// thread of the digest d was posted as, or, for an update posted with
// Reply, of the story's first post. It posts nothing when Evidence is
// unset or d's bullets have no evidence. ref, the digest's own first
// message, is not used: a thread_ts names the thread's first message.
func (c *Channel) PostEvidence(ctx context.Context, thread, ref string, d news.Digest) error {
	msgs := c.evidence(d)
	if len(msgs) == 0 {
		return nil
	}
	channel, ts, err := parseRef(thread)
	if err != nil {
		return err
	}
	_, err = c.postAll(ctx, channel, ts, msgs)
	return err
}

// evidence returns the evidence messages of d that PostEvidence posts:
// none unless Evidence is set.
func (c *Channel) evidence(d news.Digest) []Message {
	if !c.Evidence {
		return nil
	}
	return EvidenceMessages(d)
}

// MarkUpdated edits the message ref (a PostRef's), which showed original,
// with chat.update: it shows the first message of original again, as
// posted (at the time the message's timestamp tells), with a line under
// its header saying when the story was updated and that the update is in
// the thread.
func (c *Channel) MarkUpdated(ctx context.Context, ref string, original news.Digest, at time.Time) error {
	channel, ts, err := parseRef(ref)
	if err != nil {
		return err
	}
	if err := c.check(); err != nil {
		return err
	}
	c.init()
	r := c.Render
	if c.StampTime && r.Time.IsZero() {
		r.Time = refTime(ts)
	}
	m := updatedMessage(Messages(original, r)[0], "Updated "+dateToken(at)+" · the new facts are in the thread")
	s := c.sender("chat.update", "channel:"+c.Channel, c.Name(), c.pacer)
	return s.send(ctx, func(ctx context.Context, a *attempt) {
		_, _, _, err := c.api.UpdateMessageContext(ctx, channel, ts,
			slackapi.MsgOptionText(m.Text, false),
			slackapi.MsgOptionBlocks(m.Blocks...),
		)
		a.setErr(err)
	})
}

// check reports what keeps c from posting, before any call.
func (c *Channel) check() error {
	switch {
	case c.Token == "":
		return errors.New("slack: no bot token (SLACK_BOT_TOKEN)")
	case c.Channel == "":
		return errors.New("slack: no channel")
	}
	return nil
}

// postAll posts msgs in order to channel — in the thread of threadTS when
// it is set — and returns the reference of the first message. It stops at
// the first message that fails; the error says how many were posted.
func (c *Channel) postAll(ctx context.Context, channel, threadTS string, msgs []Message) (string, error) {
	if err := c.check(); err != nil {
		return "", err
	}
	c.init()
	s := c.sender("chat.postMessage", "channel:"+c.Channel, c.Name(), c.pacer)
	var ref string
	err := s.sendAll(ctx, msgs, func(ctx context.Context, m Message, a *attempt) {
		p := c.request(m)
		p.Channel, p.ThreadTS = channel, threadTS
		ch, ts, err := c.api.PostMessageContext(ctx, p.Channel, p.options()...)
		a.setErr(err)
		if err == nil && ref == "" {
			ref = ch + "/" + ts
		}
	})
	return ref, err
}

// setErr records err, a slack-go call's, in a, with Slack's error code
// and the scopes it asked for.
func (a *attempt) setErr(err error) {
	a.err = err
	var se slackapi.SlackErrorResponse
	if errors.As(err, &se) {
		a.code, a.needed = se.Err, se.Needed
	}
}

// RefError is a message reference that is not one a Channel made: no
// retry can cure it.
type RefError struct {
	// Ref is the reference.
	Ref string
}

// Error says the reference cannot be read.
func (e *RefError) Error() string {
	return fmt.Sprintf("slack: message reference %q is not CHANNEL_ID/TS", e.Ref)
}

// Permanent reports true.
func (e *RefError) Permanent() bool { return true }

// parseRef reads a reference "CHANNEL_ID/TS" of PostRef.
func parseRef(ref string) (channel, ts string, err error) {
	channel, ts, ok := strings.Cut(ref, "/")
	if !ok || channel == "" || !validTS(ts) {
		return "", "", &RefError{Ref: ref}
	}
	return channel, ts, nil
}

// validTS reports whether ts looks like a Slack message timestamp:
// seconds since the epoch, a dot, and a sequence number, in digits.
func validTS(ts string) bool {
	sec, seq, ok := strings.Cut(ts, ".")
	if !ok || sec == "" || seq == "" {
		return false
	}
	for _, r := range sec + seq {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// refTime returns the time of the message whose timestamp is ts, a
// validTS: its seconds since the epoch.
func refTime(ts string) time.Time {
	sec, _, _ := strings.Cut(ts, ".")
	n, err := strconv.ParseInt(sec, 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}

// updatedMessage returns m with line, a mrkdwn text, in a context block
// under its header; when m holds as many blocks as a message may, the
// header says "(updated)" instead.
func updatedMessage(m Message, line string) Message {
	if len(m.Blocks) == 0 {
		return m
	}
	if len(m.Blocks) >= BlockLimit {
		if h, ok := m.Blocks[0].(*slackapi.HeaderBlock); ok && h.Text != nil {
			const mark = " (updated)"
			hc := *h
			text := *h.Text
			text.Text = fitPlain(text.Text, HeaderLimit-len(mark)) + mark
			hc.Text = &text
			blocks := append([]slackapi.Block{&hc}, m.Blocks[1:]...)
			return Message{Text: m.Text, Blocks: blocks}
		}
		return m
	}
	note := &slackapi.ContextBlock{
		Type: slackapi.MBTContext,
		ContextElements: slackapi.ContextElements{Elements: []slackapi.MixedElement{
			&slackapi.TextBlockObject{Type: slackapi.MarkdownType, Text: line, Verbatim: true},
		}},
	}
	blocks := make([]slackapi.Block, 0, len(m.Blocks)+1)
	blocks = append(blocks, m.Blocks[0], note)
	blocks = append(blocks, m.Blocks[1:]...)
	return Message{Text: m.Text, Blocks: blocks}
}

// postMessage is what a chat.postMessage call sends, as the Web API takes
// it in a JSON body. Channel sends it as slack-go's form, whose one other
// field is the token.
type postMessage struct {
	Channel     string           `json:"channel"`
	Text        string           `json:"text"`
	Blocks      []slackapi.Block `json:"blocks"`
	UnfurlLinks bool             `json:"unfurl_links"`
	// ThreadTS, when set, posts the message in the thread of that one.
	ThreadTS string `json:"thread_ts,omitempty"`
}

// request returns the chat.postMessage call that posts m: previews and
// posts are made by it alike.
func (c *Channel) request(m Message) postMessage {
	return postMessage{Channel: c.Channel, Text: m.Text, Blocks: m.Blocks, UnfurlLinks: false}
}

// options returns p as slack-go's message options.
func (p postMessage) options() []slackapi.MsgOption {
	opts := []slackapi.MsgOption{slackapi.MsgOptionText(p.Text, false), slackapi.MsgOptionBlocks(p.Blocks...)}
	if !p.UnfurlLinks {
		opts = append(opts, slackapi.MsgOptionDisableLinkUnfurl())
	}
	if p.ThreadTS != "" {
		opts = append(opts, slackapi.MsgOptionTS(p.ThreadTS))
	}
	return opts
}

// Preview returns, without sending anything, the body of each
// chat.postMessage call that Post would make for d, in order: the JSON
// that Slack's Web API takes, {"channel", "text", "blocks",
// "unfurl_links"}, without the token (Post sends the same fields as a form
// with the token). A time of posting is the time of the preview.
func (c *Channel) Preview(ctx context.Context, d news.Digest) ([][]byte, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	return previews(ctx, c.messages(d), func(m Message) any { return c.request(m) })
}

// PreviewThreadTS stands, in a preview, for the ts of the digest's first
// message, which is known only once it is posted.
const PreviewThreadTS = "(ts of the digest's first message)"

// PreviewEvidence returns, without sending anything, the body of each
// chat.postMessage call that PostEvidence would make for d once d is
// posted, in order, as Preview does, but for where the digest lands: its
// thread_ts, the ts of the digest's first message, is PreviewThreadTS, and
// its channel is Channel as written, where PostEvidence names the
// channel's ID as Slack answered the digest. It returns none when
// Evidence is unset or d's bullets have no evidence.
func (c *Channel) PreviewEvidence(ctx context.Context, d news.Digest) ([][]byte, error) {
	msgs := c.evidence(d)
	if len(msgs) == 0 {
		return nil, nil
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return previews(ctx, msgs, func(m Message) any {
		p := c.request(m)
		p.ThreadTS = PreviewThreadTS
		return p
	})
}

// previews encodes the body that body makes of each of msgs as JSON.
func previews(ctx context.Context, msgs []Message, body func(Message) any) ([][]byte, error) {
	var out [][]byte
	for _, m := range msgs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b, err := json.Marshal(body(m))
		if err != nil {
			return nil, fmt.Errorf("slack: encode message: %w", err)
		}
		out = append(out, b)
	}
	return out, nil
}

// Webhook posts digests to a Slack incoming webhook. Its fields must not
// change once it has posted.
type Webhook struct {
	// URL is the webhook's address (https://hooks.slack.com/services/…);
	// it is a secret, never logged nor shown in errors.
	URL string
	PostOptions

	once   sync.Once
	client *http.Client
	pacer  *Pacer
}

// Name returns "slack-webhook:hooks.slack.com/…": the host, never the
// secret path.
func (w *Webhook) Name() string { return "slack-webhook:" + redactURL(w.URL) }

func (w *Webhook) init() {
	w.once.Do(func() {
		w.client = observed(w.HTTPClient)
		w.pacer = w.pacerOr()
	})
}

// Post renders d (see Messages) and posts its messages in order.
func (w *Webhook) Post(ctx context.Context, d news.Digest) error {
	return w.PostMessages(ctx, w.messages(d))
}

// PostMessages posts msgs in order. It stops at the first message that
// fails; the error says how many were posted.
func (w *Webhook) PostMessages(ctx context.Context, msgs []Message) error {
	if err := checkHTTPURL(w.URL); err != nil {
		return fmt.Errorf("slack: webhook: %w", err)
	}
	w.init()
	s := w.sender("webhook", "webhook:"+w.URL, w.Name(), w.pacer)
	return s.sendAll(ctx, msgs, func(ctx context.Context, m Message, a *attempt) {
		postHook(ctx, w.client, w.URL, w.body(m), a)
	})
}

// body returns the body of the webhook call that posts m: previews and
// posts are made by it alike.
func (w *Webhook) body(m Message) hookMessage {
	noUnfurl := false
	return hookMessage{Message: m, UnfurlLinks: &noUnfurl}
}

// Preview returns, without sending anything, the JSON body of each webhook
// call that Post would make for d, in order. A time of posting is the time
// of the preview.
func (w *Webhook) Preview(ctx context.Context, d news.Digest) ([][]byte, error) {
	if err := checkHTTPURL(w.URL); err != nil {
		return nil, fmt.Errorf("slack: webhook: %w", err)
	}
	return previews(ctx, w.messages(d), func(m Message) any { return w.body(m) })
}

// hookMessage is the body of a webhook or response_url call.
type hookMessage struct {
	Message
	// ResponseType is "in_channel" or "ephemeral", for response_url.
	ResponseType string `json:"response_type,omitempty"`
	// ReplaceOriginal, for response_url: false posts a new message.
	ReplaceOriginal *bool `json:"replace_original,omitempty"`
	// UnfurlLinks, for webhooks: false keeps article previews out.
	UnfurlLinks *bool `json:"unfurl_links,omitempty"`
}

// maxAnswer bounds how much of an answer is read.
const maxAnswer = 4 << 10

// postHook POSTs m as JSON to rawURL (a webhook or response_url) and
// records the answer in a: its status, and Slack's error code from a text
// ("no_service") or JSON ({"ok":false,"error":"expired_url"}) body. It is
// slack-go's PostWebhookCustomHTTPContext, but reads the answer: that one
// drops the body that names the error. Errors never hold rawURL, which is a
// secret.
func postHook(ctx context.Context, client *http.Client, rawURL string, m hookMessage, a *attempt) {
	body, err := json.Marshal(m)
	if err != nil {
		a.err = err
		return
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, rawURL, bytes.NewReader(body))
	if err != nil {
		a.err = errors.New("invalid URL")
		return
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := client.Do(req)
	if err != nil {
		a.err = redactErr(err, rawURL)
		return
	}
	defer resp.Body.Close()
	a.status = resp.StatusCode
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil && resp.StatusCode == http.StatusOK {
		a.err = redactErr(err, rawURL)
		return
	}
	a.code = answerCode(raw)
	if resp.StatusCode != http.StatusOK && a.code == "" {
		a.code = strings.ToLower(http.StatusText(resp.StatusCode))
	}
}

// answerCode returns the error code in a webhook's or response_url's
// answer: "" for "ok" or {"ok":true}.
func answerCode(raw []byte) string {
	s := strings.TrimSpace(string(raw))
	if strings.HasPrefix(s, "{") {
		var v struct {
			OK    bool   `json:"ok"`
			Error string `json:"error"`
		}
		if json.Unmarshal([]byte(s), &v) == nil {
			if v.OK {
				return ""
			}
			return codeOnly(v.Error)
		}
	}
	if s == "ok" {
		return ""
	}
	return codeOnly(s)
}

// codeOnly returns s if it looks like a Slack error code (snake_case, not
// too long), else "": an HTML error page is not shown.
func codeOnly(s string) string {
	if s == "" || len(s) > 64 {
		return ""
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '_') {
			return ""
		}
	}
	return s
}

// checkHTTPURL reports whether raw is an absolute http or https URL.
func checkHTTPURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Scheme != "https" && u.Scheme != "http" {
		return errors.New("not an http or https URL")
	}
	return nil
}

// redactURL returns raw's host followed by "/…": what identifies a
// webhook or response_url without its secret path.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(invalid URL)"
	}
	return u.Host + "/…"
}

// redactErr returns err with rawURL, which net/http puts in its errors,
// replaced by its redacted form. The result still unwraps to err's causes.
func redactErr(err error, rawURL string) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: redactURL(rawURL), Err: ue.Err}
	}
	return err
}
