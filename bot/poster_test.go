package bot

import (
	"io"
	"strings"
	"testing"
)

func TestNewPoster(t *testing.T) {
	env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-env"}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		d       Destination
		wantErr string // "" for a poster
	}{
		{Destination{Kind: "stdout", Name: "stdout"}, ""},
		{Destination{Kind: "slack", Target: "#news", TokenEnv: "SLACK_BOT_TOKEN", Name: "slack:#news"}, ""},
		{Destination{Kind: "slack", Target: "#news", Token: "xoxb-own", Name: "slack:#news"}, ""},
		{Destination{Kind: "slack-webhook", Target: "https://hooks.slack.com/x", Name: "slack-webhook:hooks.slack.com/…"}, ""},
		{Destination{Kind: "discord", Target: "1234", TokenEnv: "DISCORD_BOT_TOKEN", Name: "discord:1234"}, "discord:1234: no bot token: set DISCORD_BOT_TOKEN"},
		{Destination{Kind: "discord-webhook", Target: "https://discord.com/api/webhooks/1/x", Name: "discord-webhook:discord.com/…"}, ""},
		{Destination{Kind: "fax", Name: "fax:1"}, "fax:1: unknown kind of destination"},
	}
	for _, tt := range tests {
		p, err := NewPoster(tt.d, getenv, io.Discard, nil)
		switch {
		case tt.wantErr == "" && (err != nil || p == nil):
			t.Errorf("NewPoster(%s) = %v, %v; want a poster", tt.d.Name, p, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("NewPoster(%s) error = %v; want %q", tt.d.Name, err, tt.wantErr)
		}
	}
}
