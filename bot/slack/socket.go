package slack

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// SocketOption adjusts RunSocketMode.
type SocketOption func(*socketConfig)

type socketConfig struct {
	apiURL string
}

// WithAPIURL sets the Web API's base URL that Socket Mode opens its
// connection through (SLACK_API_URL); the default is slack-go's.
func WithAPIURL(u string) SocketOption {
	return func(c *socketConfig) { c.apiURL = u }
}

// RunSocketMode answers slash commands over Socket Mode until ctx is done
// or the connection fails for good (an invalid app token). Commands are
// handled as c.ServeHTTP handles them, without a signature (the connection
// is authenticated by appToken, "xapp-…", from SLACK_APP_TOKEN): the
// acknowledgement goes back over the socket and the digest through the
// command's response_url. botToken is the bot token (SLACK_BOT_TOKEN). The
// digests under way are c's: stop them with c.Shutdown or c.Close. When ctx
// is done, RunSocketMode closes the connection and returns ctx.Err().
func RunSocketMode(ctx context.Context, appToken, botToken string, c *Commands, opts ...SocketOption) error {
	switch {
	case !strings.HasPrefix(appToken, "xapp-"):
		return errors.New("slack: socket mode needs an app-level token (xapp-…, SLACK_APP_TOKEN)")
	case c == nil:
		return errors.New("slack: socket mode needs Commands")
	}
	var cfg socketConfig
	for _, o := range opts {
		o(&cfg)
	}
	apiOpts := []slackapi.Option{slackapi.OptionAppLevelToken(appToken)}
	if cfg.apiURL != "" {
		u := cfg.apiURL
		if !strings.HasSuffix(u, "/") {
			u += "/"
		}
		apiOpts = append(apiOpts, slackapi.OptionAPIURL(u))
	}
	sm := socketmode.New(slackapi.New(botToken, apiOpts...))
	return runSocket(ctx, socketModeClient{sm}, c)
}

// socketClient is the part of socketmode.Client that runSocket uses; tests
// fake it.
type socketClient interface {
	RunContext(ctx context.Context) error
	Ack(req socketmode.Request, payload ...any) error
	Events() <-chan socketmode.Event
}

// socketModeClient adapts *socketmode.Client to socketClient.
type socketModeClient struct{ c *socketmode.Client }

func (s socketModeClient) RunContext(ctx context.Context) error { return s.c.RunContext(ctx) }

func (s socketModeClient) Ack(req socketmode.Request, payload ...any) error {
	return s.c.Ack(req, payload...)
}

func (s socketModeClient) Events() <-chan socketmode.Event { return s.c.Events }

// runSocket runs sc and answers its events until ctx is done or sc stops.
// It owns sc's goroutine and waits for it before returning.
func runSocket(ctx context.Context, sc socketClient, c *Commands) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- sc.RunContext(ctx) }()
	stop := func(err error) error {
		cancel()
		<-done
		return err
	}
	events := sc.Events()
	for {
		select {
		case <-ctx.Done():
			return stop(ctx.Err())
		case err := <-done:
			if err == nil {
				err = errors.New("connection closed")
			}
			return fmt.Errorf("slack: socket mode: %w", err)
		case evt, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			if err := c.socketEvent(sc, evt); err != nil {
				return stop(err)
			}
		}
	}
}

// socketEvent answers one Socket Mode event; an error ends the run.
func (c *Commands) socketEvent(sc socketClient, evt socketmode.Event) error {
	log := c.logger()
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		if evt.Request == nil {
			return nil
		}
		cmd, ok := evt.Data.(slackapi.SlashCommand)
		if !ok {
			log.Warn("slack: socket mode: unexpected slash command data")
			c.ack(sc, *evt.Request, nil)
			return nil
		}
		c.ack(sc, *evt.Request, c.handle(cmd, time.Now()))
	case socketmode.EventTypeInvalidAuth:
		return errors.New("slack: socket mode: invalid_auth (check SLACK_APP_TOKEN)")
	case socketmode.EventTypeConnecting:
		log.Info("slack: socket mode connecting")
	case socketmode.EventTypeConnected:
		log.Info("slack: socket mode connected")
	case socketmode.EventTypeConnectionError:
		log.Warn("slack: socket mode connection error")
	default:
		// Events and interactions this bot does not use: acknowledge them so
		// Slack does not send them again.
		if evt.Request != nil && evt.Request.EnvelopeID != "" {
			c.ack(sc, *evt.Request, nil)
		}
	}
	return nil
}

func (c *Commands) ack(sc socketClient, req socketmode.Request, payload any) {
	var err error
	if payload == nil {
		err = sc.Ack(req)
	} else {
		err = sc.Ack(req, payload)
	}
	if err != nil {
		c.logger().Warn("slack: socket mode ack", "err", err.Error())
	}
}
