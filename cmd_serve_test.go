package main

import (
	"io"
	"log/slog"
	"slices"
	"testing"

	"github.com/digestbot/digestbot/bot"
)

func TestChatTune(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	key := "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
	for _, tc := range []struct {
		hosts string
		max   int
		want  []string
	}{
		{"", 0, nil}, // Slack's own hosts
		{" 127.0.0.1, hooks.slack.com ,", 200, []string{"127.0.0.1", "hooks.slack.com"}},
	} {
		c, err := newChat("secret", key, "", bot.Pipeline{}, nil, log)
		if err != nil {
			t.Fatal(err)
		}
		c.tune(tc.hosts, tc.max, 7, log)
		if !slices.Equal(c.slack.ResponseHosts, tc.want) {
			t.Errorf("tune(%q): ResponseHosts = %q; want %q", tc.hosts, c.slack.ResponseHosts, tc.want)
		}
		if c.slack.MaxConcurrent != tc.max || c.discord.MaxConcurrent != tc.max {
			t.Errorf("tune(%q, %d): MaxConcurrent = %d (Slack), %d (Discord); want %d", tc.hosts, tc.max, c.slack.MaxConcurrent, c.discord.MaxConcurrent, tc.max)
		}
		if c.slack.MaxQueued != 7 || c.discord.MaxQueued != 7 {
			t.Errorf("tune: MaxQueued = %d (Slack), %d (Discord); want 7", c.slack.MaxQueued, c.discord.MaxQueued)
		}
	}
}
