package bot

import (
	"io"
	"log/slog"
	"slices"
	"testing"
)

// TestSlashTune checks that Tune sets the Slack response_url hosts and
// both platforms' limits.
func TestSlashTune(t *testing.T) {
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
		c, err := NewSlash(Pipeline{}, SlashOptions{SlackSecret: "secret", DiscordKey: key, Logger: log})
		if err != nil {
			t.Fatal(err)
		}
		c.Tune(tc.hosts, tc.max, 7, log)
		if !slices.Equal(c.Slack.ResponseHosts, tc.want) {
			t.Errorf("tune(%q): ResponseHosts = %q; want %q", tc.hosts, c.Slack.ResponseHosts, tc.want)
		}
		if c.Slack.MaxConcurrent != tc.max || c.Discord.MaxConcurrent != tc.max {
			t.Errorf("tune(%q, %d): MaxConcurrent = %d (Slack), %d (Discord); want %d", tc.hosts, tc.max, c.Slack.MaxConcurrent, c.Discord.MaxConcurrent, tc.max)
		}
		if c.Slack.MaxQueued != 7 || c.Discord.MaxQueued != 7 {
			t.Errorf("tune: MaxQueued = %d (Slack), %d (Discord); want 7", c.Slack.MaxQueued, c.Discord.MaxQueued)
		}
	}
}
