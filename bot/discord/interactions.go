package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/digestbot/digestbot/bot/chat"
	"github.com/digestbot/digestbot/news"
)

// CommandName is the slash command's name: /digest.
const CommandName = "digest"

// maxInteractionBody bounds an interaction request's body.
const maxInteractionBody = 1 << 20

// Limits on what one /digest asks for.
const (
	maxQueryURLs  = 10
	maxQueryWords = 50
)

// Query is what a user asked /digest for.
type Query struct {
	// Topic is the topic option as typed, on one line.
	Topic string
	// URLs are the http(s) addresses among the topic and urls options, in
	// order, each once, at most 10.
	URLs []string
	// Words are the other words of the topic and urls options.
	Words []string
	// UserID, ChannelID and GuildID say who asked, and where; GuildID is
	// empty in a direct message.
	UserID, ChannelID, GuildID string
}

// Interactions answers Discord interactions: it is the http.Handler of an
// application's Interactions Endpoint URL (POST /discord/interactions), and
// RunGateway hands it the interactions a gateway session receives.
//
// A request is refused with 401 unless its X-Signature-Ed25519 is a valid
// signature by PublicKey of X-Signature-Timestamp and the body
// (discordgo.VerifyInteraction) and its timestamp is within MaxSkew of the
// Clock's now:
// discordgo does not check the timestamp, and without that check a
// recorded request could be replayed. Within MaxSkew a replay is refused
// with 401 too: a signature is accepted once (compared as bytes, not as
// the hex that spells it), and so is an application command's interaction
// ID, for 15 minutes, over HTTP and the gateway alike. A PING is answered
// with PONG. A
// /digest command is answered at once with a deferred response (type 5,
// "digestbot is thinking…"); Digest then runs in the background, at most
// MaxConcurrent at a time, and the original response is edited to the
// digest's embeds (further messages, and then the digest's evidence,
// EvidenceMessages, become follow-ups). When there is no
// digest, the public response is removed and an ephemeral follow-up tells
// only the user why. "/digest" without options and "/digest topic:help"
// answer how to use it. The handler never waits for Digest.
//
// Set the fields, then use the value; do not change them after the first
// request. Shutdown or Close stops the background work.
type Interactions struct {
	// PublicKey is the application's public key (DISCORD_PUBLIC_KEY,
	// decoded with ParsePublicKey).
	PublicKey ed25519.PublicKey
	// Digest makes the digest a query asks for. Its error is logged; the
	// user is shown only what an error in its chain made for them says,
	// the result of a method UserMessage() string ("no story matches …"),
	// or else that the digest took too long or that something went wrong.
	Digest func(ctx context.Context, q Query) (news.Digest, error)
	// Follow answers /digest topic:follow <words>, topic:following and
	// topic:unfollow <n|words> with a reply in plain text that only the
	// user sees; its error is logged and the user told that something
	// went wrong. nil: following is not set up, and the user is told so.
	Follow func(ctx context.Context, q chat.FollowQuery) (string, error)
	// APIURL is the REST API base (DISCORD_API_URL); empty means
	// DefaultAPIURL.
	APIURL string
	// HTTPClient sends responses and edits; nil means a client with a
	// 30-second timeout.
	HTTPClient *http.Client
	// Clock tells the time for timestamp checks and embeds, and waits
	// between retries; nil means the wall clock.
	Clock chat.Clock
	// Logger receives refused requests and failed digests, never a token
	// or signature; nil means slog.Default().
	Logger *slog.Logger
	// Render adjusts the digest's messages.
	Render RenderOptions
	// MaxConcurrent bounds the digests in progress; zero means
	// chat.DefaultMaxConcurrent. Commands beyond it wait their turn.
	MaxConcurrent int
	// MaxQueued bounds the commands waiting for a turn (an interaction
	// token lasts 15 minutes); a command beyond it is told to try again.
	// Zero means chat.DefaultMaxQueued.
	MaxQueued int
	// Timeout bounds one digest and its delivery; zero means 5 minutes.
	// Telling the user that there is no digest has a minute more.
	// Discord's interaction tokens last 15.
	Timeout time.Duration
	// MaxSkew is how far a signed timestamp may be from Now; zero means
	// 5 minutes.
	MaxSkew time.Duration
	// Retry says how failed requests to Discord are retried.
	Retry chat.Retry
	// Observe, when set, is told the outcome of every interaction but
	// PINGs and how long it took from its arrival to its answer; it is
	// called from several goroutines at once. Outcomes: chat.OutcomeOK,
	// chat.OutcomeFailed, chat.OutcomeTimeout, chat.OutcomeUsage,
	// chat.OutcomeBusy, chat.OutcomeRefused, chat.OutcomeUndelivered and
	// chat.OutcomeCancelled.
	Observe func(outcome string, d time.Duration)

	once sync.Once
	adm  chat.Admission // the digests in progress and waiting
	seen chat.Replays   // signatures and interaction IDs answered, until they expire
}

// observe tells Observe the outcome of an interaction that arrived at
// start; an empty outcome (a PING, a digest under way) is not told.
func (i *Interactions) observe(outcome string, start time.Time) {
	if i.Observe != nil && outcome != "" {
		i.Observe(outcome, time.Since(start))
	}
}

// tokenLife is how long Discord lets an interaction be answered; an
// interaction ID is remembered that long.
const tokenLife = 15 * time.Minute

// errReplayed refuses an interaction that was answered already.
var errReplayed = errors.New("replayed interaction")

// ParsePublicKey decodes an application's public key as the Discord
// developer portal shows it: 64 hexadecimal digits.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, errors.New("discord: public key is not 64 hexadecimal digits (see DISCORD_PUBLIC_KEY)")
	}
	return ed25519.PublicKey(b), nil
}

func (i *Interactions) init() {
	i.once.Do(func() {
		i.adm.MaxConcurrent, i.adm.MaxQueued = i.MaxConcurrent, i.MaxQueued
	})
}

// firstTime records key until expiry and reports whether it is new: false when
// it was recorded before and has not expired.
func (i *Interactions) firstTime(key string, expiry time.Time) bool {
	return i.seen.First(key, i.now(), expiry)
}

func (i *Interactions) now() time.Time { return chat.ClockOr(i.Clock).Now() }

func (i *Interactions) log() *slog.Logger { return chat.LoggerOr(i.Logger) }

// ServeHTTP answers one interaction request; see Interactions.
func (i *Interactions) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i.init()
	start := time.Now()
	log := i.log().With(slog.String("remote_addr", r.RemoteAddr))
	refuse := func(status int, text string) {
		i.observe(chat.OutcomeRefused, start)
		http.Error(w, text, status)
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		refuse(http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	if len(i.PublicKey) != ed25519.PublicKeySize {
		// discordgo.VerifyInteraction panics on a key of the wrong size.
		log.Error("discord interactions: no valid public key configured (DISCORD_PUBLIC_KEY)")
		refuse(http.StatusInternalServerError, "interactions are not configured")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxInteractionBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			refuse(http.StatusRequestEntityTooLarge, "request too large")
			return
		}
		refuse(http.StatusBadRequest, "cannot read request")
		return
	}
	if reason := i.verify(r, body); reason != "" {
		log.Warn("discord interaction refused", slog.String("reason", reason))
		refuse(http.StatusUnauthorized, "invalid request signature")
		return
	}
	var in discordgo.Interaction
	if err := json.Unmarshal(body, &in); err != nil || in.Type == 0 {
		log.Warn("discord interaction refused", slog.String("reason", "malformed JSON"))
		refuse(http.StatusBadRequest, "malformed interaction")
		return
	}
	resp, j, outcome, err := i.answer(&in, start)
	if errors.Is(err, errReplayed) {
		log.Warn("discord interaction refused", slog.String("reason", err.Error()), slog.String("interaction_id", in.ID))
		refuse(http.StatusUnauthorized, "invalid request signature")
		return
	}
	if err != nil {
		log.Warn("discord interaction refused", slog.String("reason", err.Error()), slog.Int("type", int(in.Type)))
		refuse(http.StatusBadRequest, err.Error())
		return
	}
	data, err := json.Marshal(resp)
	if err != nil {
		i.release(j)
		i.observe(chat.OutcomeFailed, start)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(data)
	i.observe(outcome, start)
	if j != nil {
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		go i.run(j)
	}
}

// verify checks the request's signature and timestamp, and that the
// signature was not seen before, returning why the request is refused, or
// "". A signature is recognised by its bytes, however its hex is spelled;
// Go's Ed25519 check refuses non-canonical encodings, so only the holder
// of the private key can make another valid signature of the same request.
// Signatures are remembered until their timestamp goes stale.
func (i *Interactions) verify(r *http.Request, body []byte) string {
	sig, ts := r.Header.Get("X-Signature-Ed25519"), r.Header.Get("X-Signature-Timestamp")
	if sig == "" || ts == "" {
		return "missing signature headers"
	}
	vr := r.Clone(r.Context())
	vr.Body = io.NopCloser(bytes.NewReader(body))
	if !discordgo.VerifyInteraction(vr, i.PublicKey) {
		return "bad signature"
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "malformed timestamp"
	}
	skew := i.MaxSkew
	if skew <= 0 {
		skew = 5 * time.Minute
	}
	if age := i.now().Sub(time.Unix(sec, 0)); age > skew || age < -skew {
		return "stale timestamp"
	}
	raw, err := hex.DecodeString(sig)
	if err != nil {
		return "malformed signature" // VerifyInteraction decoded it, so never
	}
	if !i.firstTime("sig:"+string(raw), time.Unix(sec, 0).Add(skew)) {
		return "replayed signature"
	}
	return ""
}

// reply is an interaction response.
type reply struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data *replyData                        `json:"data,omitempty"`
}

// replyData is the message of an immediate interaction response.
type replyData struct {
	Content         string                            `json:"content"`
	Flags           discordgo.MessageFlags            `json:"flags,omitempty"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions,omitempty"`
}

// ephemeral is an immediate answer only the user sees.
func ephemeral(text string) reply {
	return reply{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &replyData{Content: truncate(text, MaxContent), Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()},
	}
}

// job is a deferred /digest in progress.
type job struct {
	interactionID, appID, token string
	q                           Query
	follow                      *chat.FollowQuery // a follow, instead of a digest
	start                       time.Time         // when the interaction arrived
}

// webhook returns the URL of j's interaction webhook at the API base
// and its route, the token elided, for errors and logs.
func (j *job) webhook(base string) (u, route string) {
	return base + "/webhooks/" + j.appID + "/" + url.PathEscape(j.token), "/webhooks/" + j.appID + "/…"
}

// editOriginal is the request that edits j's deferred response to body.
// Its 404 is retried: Discord may answer an edit before it has seen the
// deferral.
func (j *job) editOriginal(base string, body any) request {
	hook, route := j.webhook(base)
	return request{method: http.MethodPatch, url: hook + "/messages/@original", route: "PATCH " + route + "/messages/@original", body: body, notFoundRetries: 3}
}

// followUp is the request that sends body as a follow-up message of j.
func (j *job) followUp(base string, body any) request {
	hook, route := j.webhook(base)
	return request{method: http.MethodPost, url: hook + "?wait=true", route: "POST " + route, body: body}
}

// errUnsupported refuses interactions digestbot does not handle.
var errUnsupported = errors.New("unsupported interaction type")

// usage is the answer to /digest without options, and to /digest help.
const usage = "Tell me what to digest: `/digest topic:<words>` for a story from the feeds, or `/digest urls:<address …>` for those pages. " +
	"`/digest topic:follow <words>` posts a story's new facts in this channel as they come (`-word` leaves out stories about it, `+word` keeps only those about it, `outlets:2` those told by two outlets); `topic:following` lists them, `topic:unfollow <number>` ends one."

// answer decides the immediate response to an interaction and, for a
// /digest that will be answered later, reserves a slot for its job; the
// caller must start the job with run, or release it. An application
// command whose ID was answered in the last 15 minutes (an interaction
// token's life) is refused with errReplayed, whichever way it came. The
// outcome is that of an immediate answer, "" for a PING or a job.
func (i *Interactions) answer(in *discordgo.Interaction, start time.Time) (_ reply, _ *job, outcome string, _ error) {
	i.init()
	switch in.Type {
	case discordgo.InteractionPing:
		return reply{Type: discordgo.InteractionResponsePong}, nil, "", nil
	case discordgo.InteractionApplicationCommand:
	default:
		return reply{}, nil, "", errUnsupported
	}
	data, ok := in.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok {
		return reply{}, nil, "", errors.New("application command without data")
	}
	if !snowflake().MatchString(in.AppID) || !snowflake().MatchString(in.ID) || in.Token == "" {
		return reply{}, nil, "", errors.New("interaction without application ID, ID or token")
	}
	if !i.firstTime("id:"+in.ID, i.now().Add(tokenLife)) {
		return reply{}, nil, "", errReplayed
	}
	if data.Name != CommandName {
		return ephemeral("I only know /" + CommandName + "."), nil, chat.OutcomeUsage, nil
	}
	q := queryOf(in, data)
	if fq, ok := followOf(q); ok {
		return i.answerFollow(in, fq, start)
	}
	if len(q.URLs) == 0 && (len(q.Words) == 0 || len(q.Words) == 1 && strings.EqualFold(q.Words[0], "help")) {
		return ephemeral(usage), nil, chat.OutcomeUsage, nil
	}
	if i.Digest == nil {
		return ephemeral("digestbot is not set up to make digests here."), nil, chat.OutcomeFailed, nil
	}
	switch err := i.adm.Admit(); {
	case errors.Is(err, chat.ErrShuttingDown):
		return ephemeral("digestbot is restarting; try again in a minute."), nil, chat.OutcomeBusy, nil
	case err != nil:
		return ephemeral("digestbot is busy with other digests; try again in a minute."), nil, chat.OutcomeBusy, nil
	}
	j := &job{interactionID: in.ID, appID: in.AppID, token: in.Token, q: q, start: start}
	return reply{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}, j, "", nil
}

// release frees the slot of a job that will not run.
func (i *Interactions) release(j *job) {
	if j == nil {
		return
	}
	i.adm.Done()
}

// run makes the digest of j and edits the deferred response to it.
func (i *Interactions) run(j *job) {
	defer i.release(j)
	timeout := i.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Minute
	}
	stop := i.adm.Context()
	ctx, cancel := context.WithTimeout(stop, timeout)
	defer cancel()
	log := i.log().With(slog.String("interaction_id", j.interactionID), slog.String("user_id", j.q.UserID),
		slog.String("guild_id", j.q.GuildID), slog.String("channel_id", j.q.ChannelID))

	end, err := i.adm.Turn(ctx)
	if err != nil {
		outcome := chat.OutcomeTimeout
		if stop.Err() != nil {
			outcome = chat.OutcomeCancelled
		}
		i.observe(outcome, j.start)
		log.Warn("discord /digest abandoned before its turn")
		return
	}
	defer end()
	if j.follow != nil {
		i.runFollow(ctx, j, log)
		return
	}
	d, err := i.digest(ctx, j.q)
	if err != nil {
		log.Warn("discord /digest failed", slog.String("err", err.Error()))
		timedOut := errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded)
		i.observe(i.fail(j, failureText(ctx, err), timedOut, log), j.start)
		return
	}
	opts := renderAt(i.Render, i.Clock)
	// The evidence follows the digest, as follow-ups of their own.
	msgs := append(Messages(d, opts), EvidenceMessages(d, opts)...)

	cl := i.client()
	if err := cl.do(ctx, j.editOriginal(cl.base, msgs[0])); err != nil {
		i.observe(chat.OutcomeUndelivered, j.start)
		log.Error("discord /digest: cannot edit the response", slog.String("err", err.Error()))
		return
	}
	for k, m := range msgs[1:] {
		if err := cl.do(ctx, j.followUp(cl.base, m)); err != nil {
			i.observe(chat.OutcomeUndelivered, j.start)
			log.Error("discord /digest: cannot send a follow-up", slog.Int("message", k+2), slog.String("err", err.Error()))
			return
		}
	}
	i.observe(chat.OutcomeOK, j.start)
	log.Info("discord /digest answered", slog.Int("messages", len(msgs)))
}

// digest calls Digest, turning a panic into an error.
func (i *Interactions) digest(ctx context.Context, q Query) (d news.Digest, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("digest panicked: %v", p)
		}
	}()
	return i.Digest(ctx, q)
}

// failureText tells the user why there is no digest: the error's
// UserMessage, or that it took too long, or that something went wrong,
// never the error's own text, which may hold internal addresses.
func failureText(ctx context.Context, err error) string {
	switch um := chat.UserMessage(err); {
	case um != "":
		return truncate("⚠️ No digest. "+escapeMarkdown(um), MaxContent)
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return "⚠️ The digest took too long. Try fewer URLs or a narrower topic."
	}
	return "⚠️ No digest: something went wrong while making it. Please try again later."
}

// failTimeout bounds the telling of a failure, after the digest's own time.
const failTimeout = time.Minute

// ephemeralMessage is a follow-up that only the user who asked sees.
type ephemeralMessage struct {
	Message
	Flags discordgo.MessageFlags `json:"flags"`
}

// fail tells only the user who asked that j has no digest. The response
// was deferred publicly, and a deferred response's visibility cannot
// change; a follow-up sent straight after the deferral would edit it and
// stay public (Discord's "Create Followup Message"). So the "thinking…"
// response is first edited to a bare notice, then the reason goes in an
// ephemeral follow-up (flag 64), then the notice is deleted: the channel
// is left with nothing. It returns the outcome: chat.OutcomeFailed, or
// chat.OutcomeTimeout when the digest ran out of time, or chat.OutcomeUndelivered,
// or chat.OutcomeCancelled at shutdown.
func (i *Interactions) fail(j *job, text string, timedOut bool, log *slog.Logger) string {
	if i.adm.Context().Err() != nil {
		log.Warn("discord /digest abandoned at shutdown")
		return chat.OutcomeCancelled
	}
	outcome := chat.OutcomeFailed
	if timedOut {
		outcome = chat.OutcomeTimeout
	}
	ctx, cancel := context.WithTimeout(i.adm.Context(), failTimeout)
	defer cancel()
	cl := i.client()
	notice := Message{Content: "⚠️ No digest.", Embeds: []*discordgo.MessageEmbed{}, AllowedMentions: noMentions()}
	if err := cl.do(ctx, j.editOriginal(cl.base, notice)); err != nil {
		log.Error("discord /digest: cannot edit the response", slog.String("err", err.Error()))
		return chat.OutcomeUndelivered
	}
	reason := ephemeralMessage{
		Message: Message{Content: text, Embeds: []*discordgo.MessageEmbed{}, AllowedMentions: noMentions()},
		Flags:   discordgo.MessageFlagsEphemeral,
	}
	if err := cl.do(ctx, j.followUp(cl.base, reason)); err != nil {
		// The notice stays: the user at least sees that nothing came.
		log.Error("discord /digest: cannot send the reason", slog.String("err", err.Error()))
		return chat.OutcomeUndelivered
	}
	hook, route := j.webhook(cl.base)
	if err := cl.do(ctx, request{method: http.MethodDelete, url: hook + "/messages/@original", route: "DELETE " + route + "/messages/@original"}); err != nil {
		log.Warn("discord /digest: cannot delete the notice", slog.String("err", err.Error()))
	}
	log.Info("discord /digest answered with a reason only the user sees")
	return outcome
}

// client returns a REST client for interaction routes, which the
// interaction token authorizes.
func (i *Interactions) client() *client {
	cl := newClient(i.APIURL, i.HTTPClient, nil, i.Retry, i.Clock, i.Logger)
	cl.name = "discord-interactions"
	return cl
}

// Shutdown stops accepting /digest commands (they are told to try again),
// waits for the digests in progress to be delivered, and returns nil; when
// ctx ends first it cancels them, waits for their goroutines to return,
// and returns ctx's error.
func (i *Interactions) Shutdown(ctx context.Context) error {
	i.init()
	return i.adm.Shutdown(ctx)
}

// Close stops accepting /digest commands, cancels the digests in progress
// and waits for their goroutines to return.
func (i *Interactions) Close() error {
	i.init()
	return i.adm.Close()
}

// queryOf reads the options of a /digest command: the words and addresses
// of "topic" and the addresses of "urls".
func queryOf(in *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) Query {
	q := Query{ChannelID: in.ChannelID, GuildID: in.GuildID}
	switch {
	case in.Member != nil && in.Member.User != nil:
		q.UserID = in.Member.User.ID
	case in.User != nil:
		q.UserID = in.User.ID
	}
	var topic, urls string
	for _, o := range data.Options {
		s, _ := o.Value.(string)
		switch o.Name {
		case "topic":
			topic = s
		case "urls":
			urls = s
		}
	}
	q.Topic = clean(topic)
	seen := map[string]bool{}
	split := func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' || r == '<' || r == '>' }
	for _, w := range strings.FieldsFunc(topic+" "+urls, split) {
		switch {
		case webURL(w):
			if !seen[w] && len(q.URLs) < maxQueryURLs {
				seen[w] = true
				q.URLs = append(q.URLs, w)
			}
		case len(q.Words) < maxQueryWords:
			q.Words = append(q.Words, w)
		}
	}
	return q
}
