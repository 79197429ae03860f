package bot

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	botchat "github.com/digestbot/digestbot/bot/chat"
	"github.com/digestbot/digestbot/bot/discord"
	"github.com/digestbot/digestbot/bot/slack"
	"github.com/digestbot/digestbot/news"
)

// Slash are the slash-command endpoints of both platforms, answering
// /digest with one Pipeline; a platform whose secret was not given has
// none (nil).
type Slash struct {
	Slack   *slack.Commands
	Discord *discord.Interactions
}

// SlashOptions configure NewSlash.
type SlashOptions struct {
	// SlackSecret is Slack's signing secret; empty: no Slack endpoint.
	SlackSecret string
	// DiscordKey is the Discord application's public key (hex); empty: no
	// Discord endpoint.
	DiscordKey string
	// DiscordAPI is Discord's API base URL; empty: Discord's own.
	DiscordAPI string
	// Feeds are the feeds that topic queries search.
	Feeds []string
	// Follow, when set, answers /digest follow, following and unfollow
	// (Following.Answer); nil tells the user that following is not set
	// up (serve, which has no store).
	Follow func(ctx context.Context, q FollowRequest) (string, error)
	// Describe says in one sentence why an input could not be read, for
	// the person who asked (sources.Describe); see Explain.
	Describe func(err error, name string) string
	// HTTPClient makes the calls to the platforms.
	HTTPClient *http.Client
	// Logger receives what happens.
	Logger *slog.Logger
}

// NewSlash builds the endpoints whose secrets o gives, answering with p.
func NewSlash(p Pipeline, o SlashOptions) (*Slash, error) {
	c := &Slash{}
	answer := func(ctx context.Context, urls, words []string) (news.Digest, error) {
		defer returnMemory()
		if len(urls) > 0 {
			d, err := p.DigestURLs(ctx, urls)
			return d, Explain(ctx, err, urls, o.Describe)
		}
		d, err := p.DigestTopic(ctx, o.Feeds, words)
		return d, Explain(ctx, err, nil, o.Describe)
	}
	if o.SlackSecret != "" {
		c.Slack = &slack.Commands{
			SigningSecret: o.SlackSecret,
			Digest:        func(ctx context.Context, q slack.Query) (news.Digest, error) { return answer(ctx, q.URLs, q.Words) },
			HTTPClient:    o.HTTPClient,
			Logger:        o.Logger,
		}
		if o.Follow != nil {
			c.Slack.Follow = followFrom("slack", o.Follow)
		}
	}
	if o.DiscordKey != "" {
		pk, err := discord.ParsePublicKey(o.DiscordKey)
		if err != nil {
			return nil, fmt.Errorf("DISCORD_PUBLIC_KEY: %w", err)
		}
		c.Discord = &discord.Interactions{
			PublicKey:  pk,
			Digest:     func(ctx context.Context, q discord.Query) (news.Digest, error) { return answer(ctx, q.URLs, q.Words) },
			APIURL:     o.DiscordAPI,
			HTTPClient: o.HTTPClient,
			Logger:     o.Logger,
		}
		if o.Follow != nil {
			c.Discord.Follow = followFrom("discord", o.Follow)
		}
	}
	return c, nil
}

// followFrom passes the follow queries of a chat adapter on platform
// ("slack", "discord") to follow.
func followFrom(platform string, follow func(context.Context, FollowRequest) (string, error)) func(context.Context, botchat.FollowQuery) (string, error) {
	return func(ctx context.Context, q botchat.FollowQuery) (string, error) {
		return follow(ctx, FollowRequest{Action: q.Action, Words: q.Words, Text: q.Text, Platform: platform, Team: q.TeamID, Channel: q.ChannelID, User: q.UserID})
	}
}

// returnMemory collects the garbage of a digest and gives the memory back
// to the operating system at once. A digest of large pages may take a
// couple of hundred MB for a moment; without this the heap keeps it until
// the runtime's next collection, which an idle daemon makes only every two
// minutes, and then returns it slowly. It costs one collection of the
// heap in use, a few milliseconds.
func returnMemory() { debug.FreeOSMemory() }

// Tune sets what the operator may change about the endpoints: the hosts
// a Slack response_url may point at, from responseHosts (comma
// separated; empty keeps Slack's own hosts, slack.DefaultResponseHosts),
// how many digests each platform makes at once and how many commands may
// wait for a turn (0 keeps each default).
func (c *Slash) Tune(responseHosts string, maxConcurrent, maxQueued int, log *slog.Logger) {
	if c.Slack != nil {
		c.Slack.MaxConcurrent, c.Slack.MaxQueued = maxConcurrent, maxQueued
		for h := range strings.SplitSeq(responseHosts, ",") {
			if h = strings.TrimSpace(h); h != "" {
				c.Slack.ResponseHosts = append(c.Slack.ResponseHosts, h)
			}
		}
		if c.Slack.ResponseHosts != nil {
			log.Info("slack response_url hosts", "hosts", c.Slack.ResponseHosts)
		}
	}
	if c.Discord != nil {
		c.Discord.MaxConcurrent, c.Discord.MaxQueued = maxConcurrent, maxQueued
	}
}

// Instrument tells observe the outcome and latency of every command, with
// the platform ("slack", "discord") it came from.
func (c *Slash) Instrument(observe func(platform, outcome string, d time.Duration)) {
	if c.Slack != nil {
		c.Slack.Observe = func(outcome string, d time.Duration) { observe("slack", outcome, d) }
	}
	if c.Discord != nil {
		c.Discord.Observe = func(outcome string, d time.Duration) { observe("discord", outcome, d) }
	}
}

// Mount adds the endpoints to d: their routes, their wait for the
// answers in flight when d stops, and which are served to d's log line.
func (c *Slash) Mount(d *Daemon) {
	if d.Routes == nil {
		d.Routes = map[string]http.Handler{}
	}
	d.LogAttrs = append(d.LogAttrs, "slack", c.Slack != nil, "discord", c.Discord != nil)
	if c.Slack != nil {
		d.Routes["POST /slack/commands"] = c.Slack
		d.Shutdown = append(d.Shutdown, c.Slack.Shutdown)
	}
	if c.Discord != nil {
		d.Routes["POST /discord/interactions"] = c.Discord
		d.Shutdown = append(d.Shutdown, c.Discord.Shutdown)
	}
}

// OutboxRetries makes a poster of the daemon retry a failed post only
// briefly — a 5xx blip, a short rate limit — and leave longer outages to
// the outbox, which retries with its own backoff without holding up the
// deliveries to other destinations. The poster logs its retries to log.
func OutboxRetries(p Poster, log *slog.Logger) Poster {
	r := botchat.Retry{MaxAttempts: 3, MaxRetryAfter: 10 * time.Second}
	switch p := p.(type) {
	case *slack.Channel:
		p.Retry, p.Logger = r, log
	case *slack.Webhook:
		p.Retry, p.Logger = r, log
	case *discord.Channel:
		p.Retry, p.Logger = r, log
	case *discord.Webhook:
		p.Retry, p.Logger = r, log
	}
	return p
}
