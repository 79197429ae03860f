package slack

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	slackapi "github.com/slack-go/slack"

	"github.com/digestbot/digestbot/bot/chat"
	"github.com/digestbot/digestbot/news"
)

// Query is what a /digest command asks for.
type Query struct {
	// Text is the command's text as typed, without the "public" keyword
	// and with Slack's link markup and escapes undone.
	Text string
	// URLs are the http and https addresses in the text, without
	// repeats, in order: digest these pages.
	URLs []string
	// Words are the other words of the text, without surrounding
	// punctuation: digest the story that best matches them.
	Words []string
	// Public asks for the digest in the channel ("/digest public …");
	// otherwise only the user who asked sees it.
	Public bool
	// UserID, ChannelID and TeamID say who asked, where.
	UserID, ChannelID, TeamID string
}

// MaxURLs is the most URLs one command may ask to digest.
const MaxURLs = 10

// ParseQuery parses a /digest command's text: an optional leading
// "public", then topic words and URLs in any order. Links may come as
// Slack sends them ("<https://…>" or "<https://…|label>") and text with
// Slack's escapes (&amp;, &lt;, &gt;).
func ParseQuery(text string) Query {
	var q Query
	fields := strings.Fields(text)
	if len(fields) > 0 && strings.EqualFold(fields[0], "public") {
		q.Public = true
		fields = fields[1:]
	}
	seen := map[string]bool{}
	kept := make([]string, 0, len(fields))
	for _, f := range fields {
		tok := unslack(f)
		if tok == "" {
			continue
		}
		kept = append(kept, tok)
		if u := asURL(tok); u != "" {
			if !seen[u] {
				seen[u] = true
				q.URLs = append(q.URLs, u)
			}
			continue
		}
		if w := strings.TrimFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }); w != "" {
			q.Words = append(q.Words, w)
		}
	}
	q.Text = strings.Join(kept, " ")
	return q
}

var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// unslack undoes Slack's markup of one word: "<https://x|label>" becomes
// the URL, "<#C123|news>" and "<@U123|ann>" their labels, and entities
// their characters.
// Punctuation after the markup ("<https://x>,") is kept.
func unslack(tok string) string {
	if end := strings.IndexByte(tok, '>'); len(tok) > 2 && tok[0] == '<' && end > 1 {
		inner, rest := tok[1:end], tok[end+1:]
		target, label, hasLabel := strings.Cut(inner, "|")
		switch {
		case strings.HasPrefix(target, "http://"), strings.HasPrefix(target, "https://"):
			tok = target + rest
		case hasLabel:
			tok = label + rest
		default:
			tok = inner + rest
		}
	}
	return unescaper.Replace(tok)
}

// asURL returns tok, without trailing sentence punctuation, if it is an
// absolute http or https URL; else "".
func asURL(tok string) string {
	tok = strings.TrimRight(tok, ".,;")
	u, err := url.Parse(tok)
	if err != nil || u.Host == "" {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return tok
	}
	return ""
}

// DefaultResponseHosts are the hosts a response_url may point at when
// Commands.ResponseHosts is nil: Slack's and GovSlack's. An entry is a
// host name, or "*.example.com" for every subdomain of example.com.
var DefaultResponseHosts = []string{"hooks.slack.com", "*.slack.com", "*.slack-gov.com"}

// Defaults of Commands.
const (
	// DefaultTimeout bounds the making of one digest.
	DefaultTimeout = 2 * time.Minute
	// DefaultMaxBody is the largest request body Commands reads.
	DefaultMaxBody = 64 << 10
	// MaxSkew is how far a request's timestamp may be from now.
	MaxSkew = 5 * time.Minute
)

// observe tells Observe the outcome of a command that arrived at start.
func (c *Commands) observe(outcome string, start time.Time) {
	if c.Observe != nil {
		c.Observe(outcome, time.Since(start))
	}
}

// maxReplies is how often Slack lets a command's response_url be used.
const maxReplies = 5

// deliveryTimeout bounds the posting of one command's reply.
const deliveryTimeout = time.Minute

// Commands answers the /digest slash command. As an http.Handler it serves
// POST /slack/commands; RunSocketMode serves the same over Socket Mode.
// Each command is acknowledged at once; the digest is made in the
// background and delivered through the command's response_url, followed
// by its evidence (EvidenceMessages) as a further reply. Set the
// fields before the first request and do not change them after; call
// Shutdown or Close to stop the background work.
type Commands struct {
	// SigningSecret verifies requests (SLACK_SIGNING_SECRET). Without it
	// every HTTP request is refused.
	SigningSecret string
	// Digest makes the digest a query asks for. Its error is logged; the
	// user who asked (and no one else) is shown only what an error in its
	// chain made for them says, the result of a method UserMessage()
	// string ("nothing matches …"), or else that the digest took too long
	// or that something went wrong.
	Digest func(ctx context.Context, q Query) (news.Digest, error)
	// Follow answers /digest follow, following and unfollow with a reply
	// in plain text that only the user who asked sees; its error is
	// logged and the user told that something went wrong. nil: following
	// is not set up, and the user is told so.
	Follow func(ctx context.Context, q chat.FollowQuery) (string, error)
	// HTTPClient posts replies to response_url; nil means
	// http.DefaultClient. Redirects are never followed, and a client
	// without a Timeout gets DefaultHTTPTimeout.
	HTTPClient *http.Client
	// Logger receives refused requests, retries and failures; nil means
	// slog.Default().
	// Secrets, signatures and response URLs are never logged.
	Logger *slog.Logger
	// ResponseHosts are the hosts a response_url may point at; nil means
	// DefaultResponseHosts. Only https on the default port is allowed,
	// except for loopback addresses (tests), which may use http and any
	// port when listed.
	ResponseHosts []string
	// MaxConcurrent bounds the digests made at once; commands beyond it
	// wait their turn. Zero means chat.DefaultMaxConcurrent.
	MaxConcurrent int
	// MaxQueued bounds the commands waiting for a turn; a command beyond
	// it is told to try again (Slack's response_url stays valid for 30
	// minutes, so waiting is better than refusing). Zero means
	// chat.DefaultMaxQueued.
	MaxQueued int
	// Timeout bounds the making of one digest; zero means DefaultTimeout.
	Timeout time.Duration
	// MaxBody bounds a request's body in bytes; zero means DefaultMaxBody.
	MaxBody int64
	// Render adjusts how replies are rendered.
	Render RenderOptions
	// Retry says how failed replies are retried.
	Retry chat.Retry
	// Pacer spaces replies to each channel; nil means one of the
	// Commands' own.
	Pacer *Pacer
	// Clock tells the time for checking timestamps and waits between
	// retries; nil means the wall clock.
	Clock chat.Clock
	// Observe, when set, is told the outcome of every command and how long
	// it took from its arrival to its answer; it is called from several
	// goroutines at once. Outcomes: chat.OutcomeOK, chat.OutcomeFailed,
	// chat.OutcomeTimeout, chat.OutcomeUsage, chat.OutcomeBusy,
	// chat.OutcomeRefused, chat.OutcomeUndelivered and
	// chat.OutcomeCancelled.
	Observe func(outcome string, d time.Duration)

	once   sync.Once
	adm    chat.Admission // the digests under way and waiting
	client *http.Client
	pacer  *Pacer

	seen chat.Replays // MACs of requests seen, until they go stale
}

func (c *Commands) init() {
	c.once.Do(func() {
		c.adm.MaxConcurrent, c.adm.MaxQueued = c.MaxConcurrent, c.MaxQueued
		c.client = observed(c.HTTPClient)
		c.pacer = c.Pacer
		if c.pacer == nil {
			c.pacer = &Pacer{Clock: c.Clock}
		}
	})
}

func (c *Commands) now() time.Time { return chat.ClockOr(c.Clock).Now() }

func (c *Commands) logger() *slog.Logger { return chat.LoggerOr(c.Logger) }

// reply is an immediate answer to a command.
type reply struct {
	ResponseType string           `json:"response_type"`
	Text         string           `json:"text"`
	Blocks       []slackapi.Block `json:"blocks,omitempty"`
}

func ephemeral(text string) reply { return reply{ResponseType: "ephemeral", Text: text} }

const usage = "Usage: `/digest [public] <topic words | URL…>`, e.g. `/digest paris summit` " +
	"or `/digest public https://example.com/story`. With `public` the digest is posted in the channel. " +
	"`/digest follow <words>` posts a story's new facts in the channel as they come (`-word` leaves out stories about it, `+word` keeps only those about it, `outlets:2` those told by two outlets); `/digest following` lists them, `/digest unfollow <number>` ends one."

// ServeHTTP answers a slash command sent by Slack to POST /slack/commands:
// 405 for another method, 413 for a body over MaxBody, 401 for a missing,
// bad, stale or replayed signature, 400 for a malformed command, and
// otherwise 200 with an ephemeral acknowledgement, at once.
func (c *Commands) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.init()
	start := time.Now()
	refuse := func(status int, reason string) {
		c.observe(chat.OutcomeRefused, start)
		c.refuse(w, r, status, reason)
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		refuse(http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	if c.SigningSecret == "" {
		refuse(http.StatusInternalServerError, "no signing secret configured")
		return
	}
	limit := c.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			refuse(http.StatusRequestEntityTooLarge, "body too large")
			return
		}
		refuse(http.StatusBadRequest, "cannot read body")
		return
	}
	if reason := c.verify(r.Header, body); reason != "" {
		refuse(http.StatusUnauthorized, reason)
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/x-www-form-urlencoded" {
		refuse(http.StatusBadRequest, "not a form")
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		refuse(http.StatusBadRequest, "malformed form")
		return
	}
	if form.Get("ssl_check") == "1" {
		w.WriteHeader(http.StatusOK)
		return
	}
	cmd := slackapi.SlashCommand{
		TeamID:      form.Get("team_id"),
		ChannelID:   form.Get("channel_id"),
		UserID:      form.Get("user_id"),
		Command:     form.Get("command"),
		Text:        form.Get("text"),
		ResponseURL: form.Get("response_url"),
	}
	switch {
	case cmd.Command == "":
		refuse(http.StatusBadRequest, "no command")
		return
	case cmd.ResponseURL == "":
		refuse(http.StatusBadRequest, "no response_url")
		return
	}
	if err := c.checkResponseURL(cmd.ResponseURL); err != nil {
		refuse(http.StatusBadRequest, "response_url "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(c.handle(cmd, start)); err != nil {
		c.logger().Warn("slack: write acknowledgement", "err", err.Error())
	}
}

// refuse answers r with status and logs why, without secrets.
func (c *Commands) refuse(w http.ResponseWriter, r *http.Request, status int, reason string) {
	c.logger().Warn("slack: command refused", "status", status, "reason", reason, "remote_addr", r.RemoteAddr)
	http.Error(w, http.StatusText(status), status)
}

// verify checks Slack's v0 signature of body: X-Slack-Signature is
// "v0=" and the hex HMAC-SHA256, keyed by the signing secret, of
// "v0:" + X-Slack-Request-Timestamp + ":" + body. The timestamp must be
// within MaxSkew of now, and a request is accepted only once. It returns
// why the request is refused, or "".
//
// A replay is recognised by the MAC itself, not by how the header spells
// it: hex digits in either case decode to the same bytes, and only the
// holder of the secret can make another MAC of the same timestamp and
// body. The MACs seen are kept until their timestamp goes stale, after
// which the timestamp check refuses the request anyway.
func (c *Commands) verify(h http.Header, body []byte) string {
	sig, ts := h.Get("X-Slack-Signature"), h.Get("X-Slack-Request-Timestamp")
	if sig == "" || ts == "" {
		return "missing signature"
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "malformed timestamp"
	}
	now := c.now()
	if skew := now.Sub(time.Unix(sec, 0)); skew > MaxSkew || skew < -MaxSkew {
		return "stale timestamp"
	}
	hexSig, ok := strings.CutPrefix(sig, "v0=")
	if !ok {
		return "unknown signature version"
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return "malformed signature"
	}
	mac := hmac.New(sha256.New, []byte(c.SigningSecret))
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	var sum [sha256.Size]byte
	mac.Sum(sum[:0])
	if !hmac.Equal(got, sum[:]) {
		return "bad signature"
	}
	if !c.seen.First(string(sum[:]), now, time.Unix(sec, 0).Add(MaxSkew)) {
		return "replayed signature"
	}
	return ""
}

// checkResponseURL reports why raw may not receive a reply: it must be an
// https URL on the default port of an allowed host, or an http or https
// URL of an allowed loopback address.
func (c *Commands) checkResponseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil {
		return errors.New("is not a valid URL")
	}
	host := strings.ToLower(u.Hostname())
	ip := net.ParseIP(host)
	loopback := ip != nil && ip.IsLoopback()
	switch {
	case loopback && (u.Scheme == "http" || u.Scheme == "https"):
	case u.Scheme != "https":
		return errors.New("is not https")
	case u.Port() != "" && u.Port() != "443":
		return errors.New("has a port")
	}
	hosts := c.ResponseHosts
	if hosts == nil {
		hosts = DefaultResponseHosts
	}
	for _, p := range hosts {
		p = strings.ToLower(p)
		if suffix, ok := strings.CutPrefix(p, "*"); ok && strings.HasPrefix(suffix, ".") {
			if strings.HasSuffix(host, suffix) && len(host) > len(suffix) {
				return nil
			}
		} else if host == p {
			return nil
		}
	}
	return fmt.Errorf("host %q is not allowed", host)
}

// handle acknowledges a verified command that arrived at start and starts
// its digest in the background. The acknowledgement is ephemeral: usage
// (for no text or "help"), a refusal, or "working on it".
func (c *Commands) handle(cmd slackapi.SlashCommand, start time.Time) reply {
	c.init()
	log := c.logger().With("command", cmd.Command, "team_id", cmd.TeamID, "channel_id", cmd.ChannelID, "user_id", cmd.UserID)
	if fq, ok := ParseFollow(cmd.Text); ok {
		return c.handleFollow(cmd, fq, start, log)
	}
	q := ParseQuery(cmd.Text)
	q.UserID, q.ChannelID, q.TeamID = cmd.UserID, cmd.ChannelID, cmd.TeamID
	switch {
	case len(q.URLs) == 0 && (len(q.Words) == 0 || len(q.Words) == 1 && strings.EqualFold(q.Words[0], "help")):
		c.observe(chat.OutcomeUsage, start)
		return ephemeral(usage)
	case len(q.URLs) > MaxURLs:
		c.observe(chat.OutcomeUsage, start)
		return ephemeral(fmt.Sprintf("Please give at most %d URLs.", MaxURLs))
	case c.Digest == nil:
		c.observe(chat.OutcomeFailed, start)
		log.Error("slack: no Digest function configured")
		return ephemeral("Sorry, digests are not set up here.")
	}
	if refusal, ok := c.admit(cmd.ResponseURL, start, log); !ok {
		return refusal
	}
	log.Info("slack: command accepted", "public", q.Public, "urls", len(q.URLs), "words", len(q.Words))
	go c.run(q, cmd.ResponseURL, start, log)
	what := "that"
	if q.Text != "" {
		what = "“" + fitEscaped(q.Text, 200) + "”"
	}
	return ephemeral(fmt.Sprintf(":hourglass_flowing_sand: Working on a digest of %s…", what))
}

// admit admits a command that arrived at start and will be answered in
// the background through responseURL: false, with the refusal to answer
// at once (its outcome observed), when the URL is not allowed or the
// queue is full or shutting down. A command admitted must call c.adm.Done.
func (c *Commands) admit(responseURL string, start time.Time, log *slog.Logger) (refusal reply, ok bool) {
	if err := c.checkResponseURL(responseURL); err != nil {
		c.observe(chat.OutcomeRefused, start)
		log.Warn("slack: command refused", "reason", "response_url "+err.Error())
		return ephemeral("Sorry, I cannot answer this command."), false
	}
	switch err := c.adm.Admit(); {
	case errors.Is(err, chat.ErrShuttingDown):
		c.observe(chat.OutcomeBusy, start)
		return ephemeral("Sorry, I am shutting down. Please try again in a minute."), false
	case err != nil:
		c.observe(chat.OutcomeBusy, start)
		log.Warn("slack: command refused", "reason", "busy")
		return ephemeral("Sorry, I am busy with other digests. Please try again in a minute."), false
	}
	return reply{}, true
}

// run makes q's digest and replies with it, or with what went wrong. The
// command arrived at arrived.
func (c *Commands) run(q Query, responseURL string, arrived time.Time, log *slog.Logger) {
	defer c.adm.Done()
	stop := c.adm.Context()
	end, err := c.adm.Turn(stop)
	if err != nil {
		c.observe(chat.OutcomeCancelled, arrived)
		log.Warn("slack: command abandoned at shutdown before its turn")
		return
	}
	defer end()
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(stop, timeout)
	d, err := c.digest(ctx, q)
	cancel()
	if stop.Err() != nil {
		c.observe(chat.OutcomeCancelled, arrived)
		log.Warn("slack: digest abandoned at shutdown")
		return
	}
	var msgs []Message
	public := q.Public
	outcome := chat.OutcomeOK
	if err != nil {
		log.Warn("slack: digest failed", "err", err.Error(), "duration_ms", time.Since(start).Milliseconds())
		msgs, public = []Message{failure(err)}, false
		outcome = chat.OutcomeFailed
		if errors.Is(err, context.DeadlineExceeded) {
			outcome = chat.OutcomeTimeout
		}
	} else {
		// The evidence follows the digest, as a reply of its own.
		msgs = append(Messages(d, c.Render), EvidenceMessages(d)...)
	}
	ctx, cancel = context.WithTimeout(stop, deliveryTimeout)
	defer cancel()
	if err := c.respond(ctx, responseURL, q.ChannelID, msgs, public); err != nil {
		c.observe(chat.OutcomeUndelivered, arrived)
		log.Error("slack: reply failed", "err", err.Error())
		return
	}
	c.observe(outcome, arrived)
	log.Info("slack: digest delivered", "messages", len(msgs), "duration_ms", time.Since(start).Milliseconds())
}

// digest calls c.Digest, turning a panic into an error.
func (c *Commands) digest(ctx context.Context, q Query) (d news.Digest, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error: %v", p)
		}
	}()
	return c.Digest(ctx, q)
}

// failure is the reply for a digest that could not be made: the error's
// UserMessage, or that it took too long, or that something went wrong,
// never the error's own text, which may hold internal addresses.
func failure(err error) Message {
	text := "Sorry, I could not make that digest; something went wrong. Please try again later."
	switch um := chat.UserMessage(err); {
	case um != "":
		text = "Sorry, no digest. " + um
	case errors.Is(err, context.DeadlineExceeded):
		text = "Sorry, that digest took too long to make. Please try again, or ask for fewer pages."
	}
	return Message{
		Text:   fitEscaped(text, fallbackLimit),
		Blocks: []slackapi.Block{mrkdwnSection(":warning: " + fitEscaped(text, 1000))},
	}
}

// respond posts msgs to a command's response_url, in the channel when
// public, else only to the user. Slack allows five replies per command; a
// longer digest is cut to four messages and a note.
func (c *Commands) respond(ctx context.Context, responseURL, channelID string, msgs []Message, public bool) error {
	if len(msgs) > maxReplies {
		note := fmt.Sprintf("…and %d more parts, too many for a command's reply.", len(msgs)-(maxReplies-1))
		msgs = append(msgs[:maxReplies-1:maxReplies-1], Message{Text: note, Blocks: []slackapi.Block{contextBlock(note)}})
	}
	rt := "ephemeral"
	if public {
		rt = "in_channel"
	}
	s := sender{
		op: "response_url", key: "channel:" + channelID, retry: c.Retry,
		clock: chat.ClockOr(c.Clock), pacer: c.pacer, logger: c.logger(), name: "response_url:" + redactURL(responseURL),
	}
	replace := false
	return s.sendAll(ctx, msgs, func(ctx context.Context, m Message, a *attempt) {
		postHook(ctx, c.client, responseURL, hookMessage{Message: m, ResponseType: rt, ReplaceOriginal: &replace}, a)
	})
}

// Shutdown stops accepting commands and waits for the digests under way
// to be delivered, or, when ctx is done first, cancels them, waits for
// them to stop, and returns ctx's error. New commands are told to try
// again later.
func (c *Commands) Shutdown(ctx context.Context) error {
	c.init()
	return c.adm.Shutdown(ctx)
}

// Close stops accepting commands, cancels the digests under way and waits
// for them to stop.
func (c *Commands) Close() error {
	c.init()
	return c.adm.Close()
}
