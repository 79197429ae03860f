// Package bot delivers digests to where people read them. Today that is a
// terminal or any io.Writer; Slack and Discord posters, slash commands and
// schedules build on the same Poster interface. bot consumes a news.Digest,
// never the summarizer that made it.
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
