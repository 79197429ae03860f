package bot

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/digestbot/digestbot/bot/discord"
	"github.com/digestbot/digestbot/bot/slack"
	"github.com/digestbot/digestbot/news"
	"github.com/digestbot/digestbot/render"
)

// WriteDigests writes digests in a format: a render format (render.ParseFormat),
// or the exact payload a chat platform takes ("slack": Block Kit,
// "discord": embeds). A brief is written whole; else ds holds one digest.
func WriteDigests(w io.Writer, ds []news.Digest, format string, brief bool) error {
	switch strings.ToLower(format) {
	case "slack":
		var data []byte
		var err error
		if brief {
			data, err = slack.BriefPayload(ds)
		} else {
			data, err = slack.Payload(ds[0])
		}
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	case "discord":
		var data []byte
		var err error
		if brief {
			data, err = discord.BriefPayload(ds)
		} else {
			data, err = discord.Payload(ds[0])
		}
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}
	f, err := render.ParseFormat(format)
	if err != nil {
		return err
	}
	if brief {
		return render.WriteBrief(w, ds, f)
	}
	return Deliver(context.Background(), ds[0], &Writer{W: w, Format: f})
}

// CheckFormat reports whether format is one WriteDigests knows.
func CheckFormat(format string) error {
	switch strings.ToLower(format) {
	case "slack", "discord":
		return nil
	}
	_, err := render.ParseFormat(format)
	if err != nil {
		return fmt.Errorf("%v, slack or discord", err)
	}
	return nil
}
