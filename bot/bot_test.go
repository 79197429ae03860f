package bot

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/render"
)

// failPoster is a destination that is down.
type failPoster struct{ name string }

func (f failPoster) Post(context.Context, news.Digest) error { return errors.New("connection refused") }
func (f failPoster) Name() string                            { return f.name }

func TestDeliverReachesEveryDestination(t *testing.T) {
	d := news.Digest{Title: "Council approves barrier", Bullets: []news.Bullet{{Text: "The council voted 7-2 for the barrier", Sources: []int{0}}},
		Articles: []news.Source{{Outlet: "Courier"}}}
	var a, b bytes.Buffer
	err := Deliver(context.Background(), d,
		&Writer{W: &a},
		failPoster{"slack:#news"},
		&Writer{W: &b, Format: render.JSON, Label: "file"},
	)
	if err == nil || !strings.Contains(err.Error(), "post to slack:#news: connection refused") {
		t.Errorf("Deliver error = %v; want the failing destination named", err)
	}
	if !strings.Contains(a.String(), "The council voted 7-2 for the barrier (Courier)") {
		t.Errorf("text destination got %q", a.String())
	}
	if !strings.Contains(b.String(), `"title": "Council approves barrier"`) {
		t.Errorf("JSON destination got %q", b.String())
	}
}

func TestWriterHonoursCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var buf bytes.Buffer
	if err := (&Writer{W: &buf}).Post(ctx, news.Digest{}); !errors.Is(err, context.Canceled) || buf.Len() > 0 {
		t.Errorf("Post after cancel = %v, wrote %q; want context.Canceled and nothing", err, buf.String())
	}
}
