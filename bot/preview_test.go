package bot

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/digestbot/digestbot/news"
)

// previewPoster previews fixed bodies and fails if it is posted to.
type previewPoster struct {
	name   string
	bodies [][]byte
	err    error
	posted *int
}

func (p previewPoster) Post(context.Context, news.Digest) error { *p.posted++; return nil }
func (p previewPoster) Name() string                            { return p.name }
func (p previewPoster) Preview(context.Context, news.Digest) ([][]byte, error) {
	return p.bodies, p.err
}

func TestCommandPostDryRun(t *testing.T) {
	d := news.Digest{Title: "Council approves barrier", Bullets: []news.Bullet{{Text: "The council voted 7-2 for the barrier.", Sources: []int{0}}},
		Articles: []news.Source{{Outlet: "Courier"}}}
	posted := 0
	var terminal bytes.Buffer
	tests := []struct {
		name           string
		posters        []Poster
		ok             bool
		stdout, stderr string
	}{
		{"each destination under its name, a body a line", []Poster{
			previewPoster{name: "slack:#news", bodies: [][]byte{[]byte(`{"a":1}`), []byte(`{"b":2}`)}, posted: &posted},
			&Writer{W: &terminal},
		}, true,
			"==> slack:#news <==\n{\"a\":1}\n{\"b\":2}\n==> terminal <==\nCouncil approves barrier\n========================\n\n  • The council voted 7-2 for the barrier. (Courier)\n\nSources:\n  [1] Courier\n",
			"digestbot: dry run: would post \"Council approves barrier\" to slack:#news in 2 requests\ndigestbot: dry run: would post \"Council approves barrier\" to terminal in 1 request\n"},
		{"a poster that cannot preview, one that fails", []Poster{
			failPoster{"discord:1"},
			previewPoster{name: "slack-webhook:hooks.slack.com/…", err: errors.New("slack: webhook: not an http or https URL"), posted: &posted},
			previewPoster{name: "discord:2", bodies: [][]byte{[]byte("{}\n")}, posted: &posted},
		}, false,
			"==> discord:2 <==\n{}\n",
			"digestbot: discord:1: cannot show what would be sent\ndigestbot: post to slack-webhook:hooks.slack.com/…: slack: webhook: not an http or https URL\ndigestbot: dry run: would post \"Council approves barrier\" to discord:2 in 1 request\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			ok := Command{Stdout: &stdout, Stderr: &stderr}.Post(context.Background(), d, tt.posters, true)
			if ok != tt.ok || stdout.String() != tt.stdout || stderr.String() != tt.stderr {
				t.Errorf("Post = %v, printed\n%s\n%q\nwant %v,\n%s\n%q", ok, stdout.String(), stderr.String(), tt.ok, tt.stdout, tt.stderr)
			}
		})
	}
	if posted != 0 || terminal.Len() != 0 {
		t.Errorf("a dry run posted %d times and wrote %q to the terminal; want nothing", posted, terminal.String())
	}
}
