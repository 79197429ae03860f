// Package bot runs digestbot: it turns inputs into digests (Pipeline),
// runs briefs on their schedules (Runner, Schedule) and delivers digests
// to where people read them (Poster: the terminal here; Slack and Discord
// in bot/slack and bot/discord, which do not import this package). The
// daemon (Daemon) serves the slash commands (Slash), /healthz and
// /metrics, runs the schedules, prunes the store, and runs every brief
// once for `run --once` (RunOnce). NewDaemon assembles it from plain
// options and Endpoints serves it; Command runs the same Pipeline for the
// command line's digest, post and brief, printing their problems.
//
// bot owns the interfaces it consumes — Poster, Memory (the store),
// Fetcher, Grouper and Summarizer — and the command wires the concrete
// packages into them (sources.Fetcher, story.Grouper, summarize), so bot knows neither the summarizer nor the store:
// it consumes a news.Digest, never what made it.
//
// A brief run is made, then claimed together with its deliveries in one
// transaction (exactly once across restarts and replicas); deliveries go
// through a leased outbox, retried with backoff until the platform accepts
// or refuses for good; a story already posted to a destination comes back
// only as an update with its new bullets.
package bot

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/render"
)

// Poster delivers one digest to one destination.
type Poster interface {
	// Post delivers d, or says why it could not.
	Post(ctx context.Context, d news.Digest) error
	// Name identifies the destination in errors and logs; it never holds a
	// secret.
	Name() string
}

// Writer posts digests to an io.Writer, such as the terminal, in a render
// format.
type Writer struct {
	// W receives the rendered digest.
	W io.Writer
	// Format is how the digest is rendered; empty means text.
	Format render.Format
	// Label names the destination; empty means "terminal".
	Label string
}

var _ Poster = (*Writer)(nil)

// Post renders d to w.W.
func (w *Writer) Post(ctx context.Context, d news.Digest) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return render.Write(w.W, d, w.Format)
}

// Name returns the writer's label.
func (w *Writer) Name() string {
	if w.Label == "" {
		return "terminal"
	}
	return w.Label
}

// Deliver posts d to every poster in turn. One failing destination never
// keeps the digest from the others; the error joins every failure, each
// prefixed with the destination's name.
func Deliver(ctx context.Context, d news.Digest, posters ...Poster) error {
	var errs []error
	for _, p := range posters {
		if err := p.Post(ctx, d); err != nil {
			errs = append(errs, fmt.Errorf("post to %s: %w", p.Name(), err))
		}
	}
	return errors.Join(errs...)
}
