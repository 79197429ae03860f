package bot

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/render"
)

// Previewer is a Poster that can show what it would send: `digestbot post
// --dry-run` previews instead of posting. The chat adapters' posters and
// Writer are Previewers.
type Previewer interface {
	Poster
	// Preview returns the body of each request Post would send for d, in
	// order, without sending anything: the same bytes, made by the same
	// code, except what is drawn or read at the time (a nonce, the time of
	// posting). It never holds a secret.
	Preview(ctx context.Context, d news.Digest) ([][]byte, error)
}

var _ Previewer = (*Writer)(nil)

// Preview returns the text Post would write: one body.
func (w *Writer) Preview(ctx context.Context, d news.Digest) ([][]byte, error) {
	var buf bytes.Buffer
	if err := (&Writer{W: &buf, Format: w.Format}).Post(ctx, d); err != nil {
		return nil, err
	}
	return [][]byte{buf.Bytes()}, nil
}

// previewHeader is the line that names a destination before its bodies.
func previewHeader(name string) string { return "==> " + name + " <==\n" }

// preview writes to w, for each poster, a header line naming it (by Name,
// which holds no secret) and then the body of each request it would send
// for d, each ending in a newline, then those of its evidence where it
// would post it (Evidencer); JSON bodies are one line each. It says
// on c.Stderr what would be posted where, or why a poster cannot show it,
// and whether every poster could.
func (c Command) preview(ctx context.Context, w io.Writer, d news.Digest, posters []Poster) (ok bool) {
	ok = true
	for _, p := range posters {
		pv, can := p.(Previewer)
		if !can {
			fmt.Fprintf(c.Stderr, "digestbot: %s: cannot show what would be sent\n", p.Name())
			ok = false
			continue
		}
		bodies, err := pv.Preview(ctx, d)
		if err != nil {
			fmt.Fprintf(c.Stderr, "digestbot: post to %s: %v\n", p.Name(), err)
			ok = false
			continue
		}
		var evidence [][]byte
		if e, can := p.(Evidencer); can {
			if evidence, err = e.PreviewEvidence(ctx, d); err != nil {
				fmt.Fprintf(c.Stderr, "digestbot: post to %s: %v\n", p.Name(), err)
				ok = false
				continue
			}
		}
		var buf bytes.Buffer
		buf.WriteString(previewHeader(p.Name()))
		for _, b := range append(bodies, evidence...) {
			buf.Write(b)
			if !bytes.HasSuffix(b, []byte("\n")) {
				buf.WriteByte('\n')
			}
		}
		if _, err := w.Write(buf.Bytes()); err != nil {
			fmt.Fprintf(c.Stderr, "digestbot: %v\n", err)
			return false
		}
		also := ""
		if len(evidence) > 0 {
			also = ", then its sources in its thread in " + render.Plural(len(evidence), "request", "requests")
		}
		fmt.Fprintf(c.Stderr, "digestbot: dry run: would post %q to %s in %s%s\n", d.Title, p.Name(), render.Plural(len(bodies), "request", "requests"), also)
	}
	return ok
}
