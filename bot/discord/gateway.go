package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/digestbot/digestbot/bot/chat"
)

// GatewaySession is the part of a *discordgo.Session that RunGateway uses.
// Tests pass a fake through GatewayOptions.Session.
type GatewaySession interface {
	// AddHandler registers an event handler and returns its remover.
	AddHandler(handler interface{}) func()
	// Open connects to the gateway.
	Open() error
	// Close disconnects.
	Close() error
}

// GatewayOptions adjust RunGateway. The zero value opens a discordgo
// session with the token.
type GatewayOptions struct {
	// Session, when set, is used instead of a new discordgo session; the
	// token is then unused.
	Session GatewaySession
}

// RunGateway receives interactions over Discord's gateway, for a bot
// without a public Interactions Endpoint URL, until ctx is done; it
// returns nil then, or the error that kept the session from opening.
// Interactions arrive already authenticated by the gateway, so no
// signature is checked; they take the same path as over HTTP (i.answer and
// the background digest), except that the immediate response is sent with
// POST /interactions/{id}/{token}/callback. RunGateway does not Close i.
//
// The session is discordgo's, which reads its REST endpoints from
// discordgo's package-level variables (https://discord.com/api/v9/…).
// RunGateway never changes them, since that would affect the whole
// process; when i.APIURL is set, the session's HTTP client rewrites that
// prefix to i.APIURL instead, so the gateway's address is asked of the
// same API (DISCORD_API_URL) as everything else.
func RunGateway(ctx context.Context, token string, i *Interactions, opts GatewayOptions) error {
	i.init()
	s := opts.Session
	if s == nil {
		if strings.TrimSpace(token) == "" {
			return errors.New("discord: no bot token (set DISCORD_BOT_TOKEN)")
		}
		ds, err := discordgo.New(botAuth(token))
		if err != nil {
			return fmt.Errorf("discord: gateway session: %w", err)
		}
		ds.Client = rewriteClient(i.HTTPClient, i.APIURL)
		ds.StateEnabled = false
		// Interactions are sent to every bot session whatever its intents.
		ds.Identify.Intents = discordgo.IntentsNone
		s = ds
	}
	remove := s.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
		if ic != nil && ic.Interaction != nil {
			i.handleGateway(ctx, ic.Interaction)
		}
	})
	defer remove()
	if err := s.Open(); err != nil {
		return fmt.Errorf("discord: open gateway: %w", err)
	}
	i.log().Info("discord gateway connected")
	<-ctx.Done()
	if err := s.Close(); err != nil {
		return fmt.Errorf("discord: close gateway: %w", err)
	}
	return nil
}

// handleGateway answers an interaction received over the gateway.
func (i *Interactions) handleGateway(ctx context.Context, in *discordgo.Interaction) {
	start := time.Now()
	log := i.log().With(slog.String("interaction_id", in.ID))
	resp, j, outcome, err := i.answer(in, start)
	if err != nil {
		i.observe(chat.OutcomeRefused, start)
	}
	if errors.Is(err, errReplayed) {
		log.Warn("discord gateway interaction ignored", slog.String("reason", err.Error()))
		return
	}
	if err != nil {
		log.Debug("discord gateway interaction ignored", slog.String("reason", err.Error()))
		return
	}
	if in.Type == discordgo.InteractionPing {
		return // never sent over the gateway; nothing to answer
	}
	if !snowflake().MatchString(in.ID) || in.Token == "" {
		i.release(j)
		log.Warn("discord gateway interaction without ID or token")
		return
	}
	cl := i.client()
	err = cl.do(ctx, request{
		method: http.MethodPost,
		url:    cl.base + "/interactions/" + in.ID + "/" + url.PathEscape(in.Token) + "/callback",
		route:  "POST /interactions/" + in.ID + "/…/callback",
		body:   resp,
	})
	if err != nil {
		i.release(j)
		i.observe(chat.OutcomeUndelivered, start)
		log.Error("discord gateway interaction: cannot respond", slog.String("err", err.Error()))
		return
	}
	i.observe(outcome, start)
	if j != nil {
		go i.run(j)
	}
}

// rewriteClient returns hc (or a client with a 30-second timeout) whose
// requests to discordgo's API prefix go to apiURL instead. With no apiURL
// it returns hc unchanged.
func rewriteClient(hc *http.Client, apiURL string) *http.Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	if apiURL == "" {
		return hc
	}
	c := *hc
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	c.Transport = &rewriteTransport{base: base, from: discordgo.EndpointAPI, to: strings.TrimRight(apiURL, "/") + "/"}
	return &c
}

// rewriteTransport sends requests whose URL starts with from to the same
// path under to.
type rewriteTransport struct {
	base     http.RoundTripper
	from, to string
}

// RoundTrip rewrites the request's URL and sends it.
func (t *rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	s := r.URL.String()
	if !strings.HasPrefix(s, t.from) {
		return t.base.RoundTrip(r)
	}
	u, err := url.Parse(t.to + strings.TrimPrefix(s, t.from))
	if err != nil {
		return nil, fmt.Errorf("discord: rewrite API URL: %w", err)
	}
	r2 := r.Clone(r.Context())
	r2.URL = u
	r2.Host = ""
	return t.base.RoundTrip(r2)
}
